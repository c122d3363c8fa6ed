"""Telling an office about a referral, by e-mail, from a background task.

The e-mail carries the reference and a link for staff, never the observation's content.
A referral is saved before anything is sent; a failing mail server only delays the
notification: the task records the error and the time the next attempt is due (back-off
doubling from one minute to six hours), and gives up after MAX_ATTEMPTS, leaving the row
for staff to see.

The retry is enqueued with `run_after` where the queue can defer tasks (the database
queue `manage.py db_worker` works can). Where it cannot (the immediate backend used in
tests, which raises on `run_after`), nothing is enqueued and `manage.py
send_due_notifications` (run it every few minutes from cron) sends what is due; it also
catches any notification whose task was lost.
"""

import datetime
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from contacts.models import NationalService
from referrals.models import Notification, Referral, RoutedTo

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def backoff(attempt: int) -> datetime.timedelta:
    """1, 2, 4, 8... minutes, at most six hours between tries."""
    return datetime.timedelta(minutes=min(2 ** (attempt - 1), 360))


def office_email(referral: Referral) -> str:
    if referral.routed_to == RoutedTo.REGIONAL_OFFICE and referral.ombudsman and referral.ombudsman.email:
        return referral.ombudsman.email
    commissioner = NationalService.objects.filter(kind=NationalService.Kind.COMMISSIONER).first()
    return commissioner.email if commissioner and commissioner.email else settings.DEFAULT_FROM_EMAIL


def _enqueue(notification_id: int) -> None:
    try:
        send_notification.enqueue(notification_id)
    except Exception:
        # The referral is already saved; the sweep (send_due_notifications) sends it later.
        logger.exception("Could not enqueue notification %s", notification_id)


def notify_office(referral: Referral, *, kind: Notification.Kind, recipient: str | None = None) -> Notification:
    """Record a notification and send it from a task once the transaction has committed."""
    notification = Notification.objects.create(
        referral=referral, kind=kind, recipient=recipient or office_email(referral), next_attempt_at=timezone.now()
    )
    transaction.on_commit(lambda: _enqueue(notification.pk))
    return notification


def _message(notification: Notification) -> tuple[str, str]:
    referral = notification.referral
    # Staff read these in Kazakh first; the link opens the referral in their language.
    with translation.override("kk"):
        subject = _("Referral %(reference)s: %(kind)s") % {
            "reference": referral.reference,
            "kind": notification.get_kind_display(),
        }
        body = _(
            "A referral needs the attention of your office.\n\nReference: %(reference)s\n"
            "Open it (sign-in required): %(link)s\n\n"
            "The content of the observation is not sent by e-mail."
        ) % {"reference": referral.reference, "link": f"{settings.SITE_URL}/kk/office/referrals/{referral.reference}/"}
    return subject, body


def _schedule_retry(notification: Notification) -> None:
    backend = send_notification.get_backend()
    if not backend.supports_defer:
        return
    retry_at = notification.next_attempt_at
    transaction.on_commit(lambda: send_notification.using(run_after=retry_at).enqueue(notification.pk))


@task()
def send_notification(notification_id: int) -> str:
    with transaction.atomic():
        # The row lock keeps a sweep and a queued retry from sending the same e-mail twice.
        notification = Notification.objects.select_for_update().select_related("referral").get(pk=notification_id)
        if notification.state in (Notification.State.SENT, Notification.State.GAVE_UP):
            return notification.state
        notification.attempts += 1
        subject, body = _message(notification)
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notification.recipient])
        except Exception as error:  # any transport failure: keep the referral, try later
            notification.last_error = f"{type(error).__name__}: {error}"[:1000]
            if notification.attempts >= MAX_ATTEMPTS:
                notification.state = Notification.State.GAVE_UP
                notification.next_attempt_at = None
                logger.error("Gave up notifying about referral %s", notification.referral_id)
            else:
                notification.state = Notification.State.FAILED
                notification.next_attempt_at = timezone.now() + backoff(notification.attempts)
                _schedule_retry(notification)
            notification.save(update_fields=["attempts", "last_error", "state", "next_attempt_at"])
            return notification.state
        notification.state = Notification.State.SENT
        notification.sent_at = timezone.now()
        notification.next_attempt_at = None
        notification.save(update_fields=["attempts", "state", "sent_at", "last_error", "next_attempt_at"])
        return notification.state


def send_due_notifications(now: datetime.datetime | None = None) -> int:
    """Send every notification whose next attempt is due; returns how many were tried."""
    now = now or timezone.now()
    due = Notification.objects.filter(
        state__in=[Notification.State.PENDING, Notification.State.FAILED], next_attempt_at__lte=now
    ).values_list("pk", flat=True)
    count = 0
    for pk in list(due):
        send_notification.call(pk)
        count += 1
    return count
