"""Referrals nobody acknowledged in time: escalate to the national coordinator, remind the office.

Run every hour or so by cron (`manage.py escalate_referrals`). Each referral is escalated once; its office gets a
reminder at most once a day for as long as it stays unacknowledged.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import BooleanField, Case, Q, QuerySet, Value, When
from django.utils import timezone

from referrals.casework import audit_record
from referrals.models import AuditEntry, Notification, Referral, ReferralStatus
from referrals.notifications import notify_office

REMINDER_INTERVAL = datetime.timedelta(hours=24)


def acknowledge_deadline_cutoff(now=None) -> datetime.datetime:
    """Referrals submitted before this moment and still unacknowledged are overdue."""
    now = now or timezone.now()
    return now - datetime.timedelta(hours=settings.REFERRAL_ACKNOWLEDGE_HOURS)


def overdue_q(now=None) -> Q:
    return Q(status=ReferralStatus.RECEIVED, submitted_at__lt=acknowledge_deadline_cutoff(now))


def with_overdue(queryset: QuerySet, now=None) -> QuerySet:
    return queryset.annotate(
        is_overdue=Case(When(overdue_q(now), then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def _remind(referral: Referral, now) -> None:
    notifications = notify_office(referral, kind=Notification.Kind.REMINDER)
    # Stamped with the run's clock, which decides when the next reminder is due.
    Notification.objects.filter(pk__in=[n.pk for n in notifications]).update(created_at=now)


def escalate_overdue(*, now=None, dry_run: bool = False) -> dict:
    now = now or timezone.now()
    overdue = Referral.objects.without_words().unacknowledged_since(acknowledge_deadline_cutoff(now))
    escalated, reminded = [], []
    for referral in overdue.filter(escalated_at__isnull=True).order_by("submitted_at"):
        escalated.append(referral.reference)
        if dry_run:
            continue
        with transaction.atomic():
            referral.escalated_at = now
            referral.save(update_fields=["escalated_at", "updated_at"])
            # The national coordinators and the Commissioner's office address (notifications.recipients).
            notify_office(referral, kind=Notification.Kind.ESCALATED)
            _remind(referral, now)
            audit_record(actor=None, action=AuditEntry.Action.ESCALATED, referral=referral)
    recent = Notification.objects.filter(kind=Notification.Kind.REMINDER, created_at__gt=now - REMINDER_INTERVAL)
    for referral in overdue.filter(escalated_at__lt=now).exclude(pk__in=recent.values("referral_id")):
        reminded.append(referral.reference)
        if not dry_run:
            _remind(referral, now)
    return {"escalated": escalated, "reminded": reminded}
