"""Escalation: not acknowledged within REFERRAL_ACKNOWLEDGE_HOURS, to the national coordinator."""

import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from factories import make_referral

from referrals import casework
from referrals.escalation import escalate_overdue
from referrals.models import AuditEntry, Notification, OfficeAddress, Referral

H = datetime.timedelta(hours=1)


def make_commissioner():
    # The Commissioner's office address, which the escalations go to besides the coordinators.
    return OfficeAddress.objects.create(region=None, email="coordinator@gov.kz")


def test_it_escalates_only_after_the_deadline(region_a, settings):
    settings.REFERRAL_ACKNOWLEDGE_HOURS = 48
    make_commissioner()
    submitted = timezone.now()
    referral = make_referral(region_a, submitted_at=submitted)

    assert escalate_overdue(now=submitted + 47 * H)["escalated"] == []
    referral.refresh_from_db()
    assert referral.escalated_at is None

    moment = submitted + 48 * H + datetime.timedelta(seconds=1)
    assert escalate_overdue(now=moment)["escalated"] == [referral.reference]
    referral.refresh_from_db()
    assert referral.escalated_at == moment
    kinds = dict(Notification.objects.filter(referral=referral).values_list("kind", "recipient"))
    assert kinds == {"escalated": "coordinator@gov.kz", "reminder": "KZ-75@example.kz"}
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ESCALATED, reference=referral.reference).exists()
    # Escalated once only.
    assert escalate_overdue(now=moment + H)["escalated"] == []


def test_it_reads_the_deadline_from_the_setting(region_a, settings):
    settings.REFERRAL_ACKNOWLEDGE_HOURS = 6
    submitted = timezone.now()
    referral = make_referral(region_a, submitted_at=submitted)
    assert escalate_overdue(now=submitted + 5 * H)["escalated"] == []
    assert escalate_overdue(now=submitted + 7 * H)["escalated"] == [referral.reference]


def test_it_leaves_acknowledged_referrals_alone(region_a, official_a):
    submitted = timezone.now() - 100 * H
    referral = make_referral(region_a, submitted_at=submitted)
    casework.referral_acknowledge(referral, actor=official_a)
    assert escalate_overdue()["escalated"] == []


def test_it_reminds_the_office_once_a_day_while_unacknowledged(region_a):
    submitted = timezone.now()
    referral = make_referral(region_a, submitted_at=submitted)
    first = submitted + 49 * H
    escalate_overdue(now=first)
    assert escalate_overdue(now=first + 2 * H)["reminded"] == []
    assert escalate_overdue(now=first + 25 * H)["reminded"] == [referral.reference]
    assert Notification.objects.filter(referral=referral, kind="reminder").count() == 2


def test_it_marks_overdue_referrals_in_the_worklist(client_for, official_a, region_a):
    overdue = make_referral(region_a, submitted_at=timezone.now() - 49 * H)
    fresh = make_referral(region_a, submitted_at=timezone.now() - 47 * H)
    response = client_for(official_a).get(reverse("office:worklist"), {"overdue": "on"})
    assert [r.reference for r in response.context["page"].object_list] == [overdue.reference]
    assert fresh.reference not in response.content.decode()


def test_it_runs_from_cron(region_a, django_capture_on_commit_callbacks):
    make_commissioner()
    referral = make_referral(region_a, submitted_at=timezone.now() - 50 * H)
    out = io.StringIO()
    call_command("escalate_referrals", "--dry-run", stdout=out)
    assert f"Would escalate 1: {referral.reference}" in out.getvalue()
    assert Referral.objects.get(pk=referral.pk).escalated_at is None

    with django_capture_on_commit_callbacks(execute=True):
        call_command("escalate_referrals", stdout=out)
    assert Referral.objects.get(pk=referral.pk).escalated_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == ["KZ-75@example.kz", "coordinator@gov.kz"]
    # The e-mail carries the reference, never the observation.
    assert all("dark jacket" not in m.body for m in mail.outbox)
