"""The people who act are told: the officials of the region, the office's address, the Commissioner's office."""

import datetime

from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from factories import make_referral, make_staff
from journey import send

from referrals import casework
from referrals.escalation import escalate_overdue
from referrals.models import Notification, OfficeAddress, Referral, RoutingRecord
from referrals.notifications import recipients
from referrals.roles import NATIONAL_COORDINATOR, REGIONAL_OFFICIAL


def _with_email(user, email):
    user.email = email
    user.save(update_fields=["email"])
    return user


def test_a_report_reaches_the_mailbox_of_the_official_assigned_to_the_region(
    client, directory, real_directory, django_capture_on_commit_callbacks
):
    official = _with_email(make_staff("abai-official", REGIONAL_OFFICIAL, [real_directory["KZ-10"]]), "aida@abai.kz")
    elsewhere = _with_email(make_staff("other", REGIONAL_OFFICIAL, [real_directory["KZ-71"]]), "o@astana.kz")
    with django_capture_on_commit_callbacks(execute=True):
        send(client)
    referral = Referral.objects.get()
    assert referral.region.code == "KZ-10"
    to_official = [m for m in mail.outbox if m.to == [official.email]]
    assert len(to_official) == 1
    assert referral.reference in to_official[0].body
    assert f"/office/referrals/{referral.reference}/" in to_official[0].body
    assert "Подъезд" not in to_official[0].body  # the observation stays out of e-mail
    # The office's own address is told too; the official of another region is not.
    assert sorted(m.to[0] for m in mail.outbox) == sorted([official.email, "kz-10@ombudsman.example.kz"])
    assert elsewhere.email not in [m.to[0] for m in mail.outbox]
    record = RoutingRecord.objects.get(referral=referral)
    assert "E-mail notices queued for 2 address(es)" in record.reason


def test_an_office_nobody_can_email_shows_on_the_coordinators_worklist(
    client, directory, client_for, coordinator, django_capture_on_commit_callbacks
):
    OfficeAddress.objects.filter(region__code="KZ-10").delete()
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client)
    referral = Referral.objects.get()
    assert referral.region.code == "KZ-10"
    assert mail.outbox == []
    assert referral.notifications.get().state == Notification.State.NOBODY
    assert "Nobody could be told by e-mail" in RoutingRecord.objects.get(referral=referral).reason
    # The witness is told what is true: the report is in the office's list.
    sent = client.get(response["Location"]).content.decode()
    with translation.override("kk"):
        assert translation.gettext("The office's staff see it when they open their list.") in sent
        assert translation.gettext("The office's staff are sent an e-mail that a new report is waiting.") not in sent
    worklist = client_for(coordinator).get(reverse("office:worklist")).content.decode()
    assert "unheard-title" in worklist
    assert referral.reference in worklist


def test_the_witness_is_told_the_office_is_emailed_when_it_is(client, directory, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client)
    page = client.get(response["Location"]).content.decode()
    with translation.override("kk"):
        assert translation.gettext("The office's staff are sent an e-mail that a new report is waiting.") in page


def test_an_official_who_turned_email_off_is_not_emailed(client_for, official_a, referral_a):
    _with_email(official_a, "a@example.kz")
    client = client_for(official_a)
    assert client.get(reverse("office:notifications")).status_code == 200
    response = client.post(reverse("office:notifications"), {})  # the box unticked
    assert response.status_code == 302
    other = make_referral(referral_a.region)
    assert "a@example.kz" not in recipients(other, Notification.Kind.NEW_REFERRAL)
    client.post(reverse("office:notifications"), {"by_email": "on"})
    assert "a@example.kz" in recipients(other, Notification.Kind.NEW_REFERRAL)


def test_a_move_tells_the_new_regions_officials(official_a, region_b, referral_a, django_capture_on_commit_callbacks):
    receiver = _with_email(make_staff("official-b2", REGIONAL_OFFICIAL, [region_b]), "b2@example.kz")
    with django_capture_on_commit_callbacks(execute=True):
        casework.referral_move(referral_a, actor=official_a, region=region_b, reason="Wrong region")
    assert receiver.email in [m.to[0] for m in mail.outbox]
    assert "E-mail notices queued" in referral_a.routing_records.last().reason


def test_escalations_and_unknown_regions_go_to_the_commissioners_office(region_a, django_capture_on_commit_callbacks):
    coordinator = _with_email(make_staff("coordinator-2", NATIONAL_COORDINATOR), "national@gov.kz")
    referral = make_referral(region_a, submitted_at=timezone.now() - datetime.timedelta(hours=72))
    with django_capture_on_commit_callbacks(execute=True):
        escalate_overdue()
    escalated = Notification.objects.filter(referral=referral, kind=Notification.Kind.ESCALATED)
    assert list(escalated.values_list("recipient", flat=True)) == [coordinator.email]
    no_region = make_referral(None)
    assert recipients(no_region, Notification.Kind.NEW_REFERRAL) == [coordinator.email]
    # The region's office keeps its reminders; the escalation is the Commissioner's office's.
    assert "KZ-75@example.kz" in recipients(referral, Notification.Kind.REMINDER)
    assert "KZ-75@example.kz" not in recipients(referral, Notification.Kind.ESCALATED)


def test_the_notifications_page_is_for_signed_in_officials_only(client, client_for, editor):
    assert client.get(reverse("office:notifications")).status_code == 302
    assert client_for(editor).get(reverse("office:notifications")).status_code == 404
