"""Retention: closed referrals anonymised after the period, statistics kept, runs logged."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from factories import make_referral

from referrals import casework
from referrals.models import (
    AuditEntry,
    CaseNote,
    Notification,
    Referral,
    ReferralStatus,
    RetentionRun,
    WitnessAddition,
)
from referrals.retention import run_retention

DAY = datetime.timedelta(days=1)


@pytest.fixture
def periods(settings):
    settings.REFERRAL_RETENTION_DAYS = 365
    settings.REFERRAL_RETENTION_WARNING_DAYS = 14


@pytest.fixture
def closed_long_ago(region_a, official_a, periods):
    referral = make_referral(
        region_a,
        witness_name="Aigerim Test",
        witness_phone="+77010000000",
        identity_may_be_shared=True,
        may_contact=True,
        suspect_age="30-40",
        category="approach",
    )
    closed = timezone.now() - 400 * DAY
    casework.referral_decline(referral, actor=official_a, reason="Reason with details", now=closed)
    WitnessAddition.objects.create(referral=referral, text="He came back on Friday.")
    CaseNote.objects.create(referral=referral, author=official_a, text="Talked to the mother.")
    return referral


def test_it_only_reports_in_a_dry_run(closed_long_ago):
    run = run_retention(dry_run=True)
    assert run.dry_run
    assert run.references == [closed_long_ago.reference]
    referral = Referral.objects.get(pk=closed_long_ago.pk)
    assert referral.anonymised_at is None
    assert referral.witness_name == "Aigerim Test"
    assert RetentionRun.objects.count() == 1


def test_it_anonymises_and_keeps_the_statistics(closed_long_ago):
    run = run_retention()
    assert run.anonymised_count == 1
    referral = Referral.objects.get(pk=closed_long_ago.pk)
    assert referral.anonymised_at is not None
    for name in ("witness_name", "witness_phone", "account", "suspect_clothing", "settlement_typed"):
        assert getattr(referral, name) == "", name
    assert not referral.identity_may_be_shared
    assert not referral.may_contact
    # What the statistics count stays.
    assert (referral.region_id, referral.status, referral.suspect_age, referral.category) == (
        closed_long_ago.region_id,
        ReferralStatus.DECLINED,
        "30-40",
        "approach",
    )
    assert referral.submitted_at == closed_long_ago.submitted_at
    assert WitnessAddition.objects.get(referral=referral).text == ""
    assert CaseNote.objects.get(referral=referral).text == ""
    assert referral.events.get().note == ""
    assert referral.routing_records.get().typed == ""
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ANONYMISED, reference=referral.reference).exists()


def test_it_keeps_open_and_recently_closed_referrals(region_a, official_a, periods):
    open_old = make_referral(region_a, submitted_at=timezone.now() - 800 * DAY)
    recent = make_referral(region_a)
    casework.referral_decline(recent, actor=official_a, reason="x", now=timezone.now() - 300 * DAY)
    run = run_retention()
    assert run.anonymised_count == 0
    assert Referral.objects.filter(anonymised_at__isnull=False).count() == 0
    assert Referral.objects.get(pk=open_old.pk).account != ""


def test_it_warns_the_office_before(region_a, official_a, periods):
    soon = make_referral(region_a)
    casework.referral_decline(soon, actor=official_a, reason="x", now=timezone.now() - 355 * DAY)
    run = run_retention()
    assert run.warned_count == 1
    assert Notification.objects.filter(referral=soon, kind="retention_warning").count() == 1
    assert Referral.objects.get(pk=soon.pk).anonymised_at is None
    # Warned once only.
    assert run_retention().warned_count == 0


def test_the_dry_run_warns_nobody(region_a, official_a, periods):
    soon = make_referral(region_a)
    casework.referral_decline(soon, actor=official_a, reason="x", now=timezone.now() - 355 * DAY)
    assert run_retention(dry_run=True).warned_count == 1
    assert not Notification.objects.exists()


def test_it_runs_from_the_command_line(closed_long_ago):
    out = io.StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "Would anonymise 1 referral(s)" in out.getvalue()
    assert Referral.objects.get(pk=closed_long_ago.pk).anonymised_at is None
    call_command("apply_retention", stdout=out)
    assert Referral.objects.get(pk=closed_long_ago.pk).anonymised_at is not None
    assert list(RetentionRun.objects.order_by("started_at").values_list("dry_run", flat=True)) == [True, False]


def test_a_real_run_deletes_the_files_of_expired_exports(client_for, official_a, referral_a, settings):
    from django.urls import reverse

    from referrals.models import ExportRecord

    client_for(official_a).post(reverse("office:export_referrals"), {"format": "xlsx", "purpose": "For the police"})
    record = ExportRecord.objects.get()
    assert record.chunks.exists()
    run_retention(dry_run=True, now=timezone.now() + 2 * DAY)
    assert record.chunks.exists()
    run_retention(now=timezone.now() + 2 * DAY)
    assert not record.chunks.exists()
    record.refresh_from_db()
    assert record.state == ExportRecord.State.EXPIRED
