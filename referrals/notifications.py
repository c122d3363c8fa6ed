"""Telling an office about a referral, by e-mail, from a background task.

The e-mail carries the reference and a link for staff, never the observation's content.
A referral is saved before anything is sent; a failing mail server only delays the
notification: the task records the error and enqueues itself again with back-off, and
gives up (leaving the row for staff to see) after MAX_ATTEMPTS.
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


def notify_office(referral: Referral, *, kind: str, recipient: str | None = None) -> Notification:
    """Record a notification and send it from a task once the transaction has committed."""
    notification = Notification.objects.create(
        referral=referral, kind=kind, recipient=recipient or office_email(referral)
    )
    transaction.on_commit(lambda: send_notification.enqueue(notification.pk))
    return notification


def _message(notification: Notification) -> tuple[str, str]:
    referral = notification.referral
    # Staff read these in Kazakh first; the link opens the referral in their language.
    with translation.override("kk"):
        subject = _("Referral %(reference)s: %(kind)s") % {
            "reference": referral.reference,
            "kind": notification.kind,
        }
        body = _(
            "A referral needs the attention of your office.\n\nReference: %(reference)s\n"
            "Open it (sign-in required): %(link)s\n\n"
            "The content of the observation is not sent by e-mail."
        ) % {"reference": referral.reference, "link": f"{settings.SITE_URL}/kk/office/referrals/{referral.reference}/"}
    return subject, body


@task()
def send_notification(notification_id: int) -> str:
    notification = Notification.objects.select_related("referral").get(pk=notification_id)
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
            logger.error("Gave up notifying about referral %s", notification.referral_id)
        else:
            notification.state = Notification.State.FAILED
            retry_at = timezone.now() + backoff(notification.attempts)
            transaction.on_commit(lambda: send_notification.using(run_after=retry_at).enqueue(notification.pk))
        notification.save(update_fields=["attempts", "last_error", "state"])
        return notification.state
    notification.state = Notification.State.SENT
    notification.sent_at = timezone.now()
    notification.save(update_fields=["attempts", "state", "sent_at", "last_error"])
    return notification.state
