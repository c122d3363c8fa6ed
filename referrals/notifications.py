"""Telling an office about a referral, by e-mail, from a background task.

The people who act are told: every active official assigned to the referral's region (at
their account's address, unless they turned e-mail off) and the office's own address when
a coordinator has set one (referrals/models/offices.py). What the Commissioner's office
handles (no region, no active regional office, escalations) goes to the national
coordinators and the Commissioner's office address. Each recipient gets their own row, so
one bad address neither blocks nor repeats the others.

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
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from referrals.models import Notification, OfficeAddress, Referral, RoutedTo
from referrals.roles import ALL_REGIONS_PERMISSION, VIEW_PERMISSION

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8


def backoff(attempt: int) -> datetime.timedelta:
    """1, 2, 4, 8... minutes, at most six hours between tries."""
    return datetime.timedelta(minutes=min(2 ** (attempt - 1), 360))


def _people_with(permission: str):
    """Active accounts holding a permission through a group or directly (not superusers as such)."""
    app_label, codename = permission.split(".")
    granted = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .filter(Q(groups__permissions__in=granted) | Q(user_permissions__in=granted))
        .exclude(email="")
        # An official may turn e-mail off for themselves (the office's notifications page).
        .exclude(notification_preference__by_email=False)
        .distinct()
    )


def is_for_commissioner(referral: Referral, kind: str) -> bool:
    """The Commissioner's office handles referrals without a regional office, and escalations."""
    return kind == Notification.Kind.ESCALATED or referral.routed_to == RoutedTo.COMMISSIONER or not referral.region_id


def recipients(referral: Referral, kind: str) -> list[str]:
    """Everyone of the office that acts on this notice: its officials and its own address."""
    if is_for_commissioner(referral, kind):
        people = _people_with(ALL_REGIONS_PERMISSION)
        office = OfficeAddress.objects.for_office(None).first()
    else:
        people = _people_with(VIEW_PERMISSION).filter(region_assignments__region_id=referral.region_id)
        office = OfficeAddress.objects.for_office(referral.region).first()
    found = []
    for email in [*people.order_by("email").values_list("email", flat=True), office.email if office else ""]:
        # One e-mail per mailbox, however its owners spelt it.
        if email.strip() and email.strip().lower() not in {known.lower() for known in found}:
            found.append(email.strip())
    return found


def _enqueue(notification_id: int) -> None:
    try:
        send_notification.enqueue(notification_id)
    except Exception:
        # The referral is already saved; the sweep (send_due_notifications) sends it later.
        logger.exception("Could not enqueue notification %s", notification_id)


def notify_office(referral: Referral, *, kind: Notification.Kind) -> list[Notification]:
    """Record one notification per recipient and send each from a task once the transaction has committed.

    When nobody can be told by e-mail, one row in state NOBODY says so: the coordinator's
    worklist lists it, and the referral waits in the office's list.
    """
    addresses = recipients(referral, kind)
    if not addresses:
        logger.warning("Nobody to tell by e-mail about referral %s (%s)", referral.pk, kind)
        return [Notification.objects.create(referral=referral, kind=kind, state=Notification.State.NOBODY)]
    now = timezone.now()
    notifications = [
        Notification.objects.create(referral=referral, kind=kind, recipient=address, next_attempt_at=now)
        for address in addresses
    ]
    for notification in notifications:
        transaction.on_commit(lambda pk=notification.pk: _enqueue(pk))
    return notifications


def describe(notifications: list[Notification]) -> str:
    """For the routing record: what was actually done to tell the office (staff read it; English)."""
    queued = [n for n in notifications if n.state != Notification.State.NOBODY]
    if not queued:
        return (
            "Nobody could be told by e-mail (no official with e-mail for this office and no office address):"
            " the referral waits in the office's list."
        )
    return f"E-mail notices queued for {len(queued)} address(es) of the office."


def office_is_emailed(referral: Referral) -> bool:
    """Whether the office was sent (or is being sent) an e-mail about this new referral."""
    return (
        referral.notifications.filter(kind=Notification.Kind.NEW_REFERRAL)
        .exclude(state=Notification.State.NOBODY)
        .exists()
    )


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
