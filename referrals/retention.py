"""Anonymising closed referrals once the retention period has passed.

What the witness wrote and who they are is removed; the structured answers (region,
dates, categories, statuses) stay, so the statistics do not change. The office is warned
REFERRAL_RETENTION_WARNING_DAYS before. Every run, dry or real, is logged as a RetentionRun.
A real run also deletes the files of expired export links.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from portal.crypto import EncryptedJSONField
from referrals.casework import audit_record
from referrals.export_records import exports_expire
from referrals.models import (
    AuditEntry,
    CaseNote,
    Notification,
    Referral,
    ReferralEvent,
    ReferralStatus,
    RetentionRun,
    RoutingRecord,
    WitnessAddition,
)
from referrals.notifications import notify_office

FINISHED = [ReferralStatus.CLOSED, ReferralStatus.DECLINED]
# The witness's words and identity: every encrypted value of a referral.
ERASED_FIELDS = [f.name for f in Referral._meta.get_fields() if isinstance(f, EncryptedJSONField)]


def due_for_anonymising(now=None):
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.REFERRAL_RETENTION_DAYS)
    return Referral.objects.filter(status__in=FINISHED, anonymised_at__isnull=True, closed_at__lt=cutoff), cutoff


def due_for_warning(now=None):
    now = now or timezone.now()
    days = max(settings.REFERRAL_RETENTION_DAYS - settings.REFERRAL_RETENTION_WARNING_DAYS, 0)
    warn_cutoff = now - datetime.timedelta(days=days)
    warned = Notification.objects.filter(kind=Notification.Kind.RETENTION_WARNING).values("referral_id")
    return Referral.objects.filter(status__in=FINISHED, anonymised_at__isnull=True, closed_at__lt=warn_cutoff).exclude(
        pk__in=warned
    )


def referral_anonymise(referral: Referral, *, now=None) -> None:
    now = now or timezone.now()
    for name in ERASED_FIELDS:
        setattr(referral, name, {})
    referral.may_contact = False
    referral.identity_may_be_shared = False
    referral.already_done = []
    # The follow-up code stops working: nothing is left to follow up.
    referral.follow_up_code_hash = "!"
    referral.anonymised_at = now
    referral.save()
    WitnessAddition.objects.filter(referral=referral).update(text="")
    ReferralEvent.objects.filter(referral=referral).update(note="")
    CaseNote.objects.filter(referral=referral).update(text="")
    RoutingRecord.objects.filter(referral=referral).update(typed="")
    # What officials did stays (who, what, when); the details recorded with it go.
    AuditEntry.objects.anonymise_details(referral.reference)
    audit_record(actor=None, action=AuditEntry.Action.ANONYMISED, referral=referral)


def purge_expired_exports(now=None) -> int:
    """Delete the files of export links that have expired (referrals/export_records.py)."""
    return exports_expire(now)


def run_retention(*, dry_run: bool = False, now=None) -> RetentionRun:
    now = now or timezone.now()
    due, cutoff = due_for_anonymising(now)
    due_refs = list(due.order_by("closed_at").values_list("reference", flat=True))
    # Warn about those coming up, not those anonymised in this very run.
    to_warn = list(due_for_warning(now).exclude(reference__in=due_refs).order_by("closed_at"))
    run = RetentionRun.objects.create(
        started_at=now,
        dry_run=dry_run,
        closed_before=cutoff,
        anonymised_count=len(due_refs),
        warned_count=len(to_warn),
        references=due_refs,
    )
    if not dry_run:
        purge_expired_exports(now)
        for referral in to_warn:
            notify_office(referral, kind=Notification.Kind.RETENTION_WARNING)
        for referral in Referral.objects.filter(reference__in=due_refs):
            with transaction.atomic():
                referral_anonymise(referral, now=now)
    run.finished_at = timezone.now()
    run.save(update_fields=["finished_at"])
    return run
