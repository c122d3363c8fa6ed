"""The audit log: views, changes and exports recorded; append-only; browsable by the coordinator."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from referrals import casework
from referrals.models import AuditEntry


def test_it_records_every_view_of_a_referral(client_for, official_a, referral_a):
    client = client_for(official_a)
    client.get(reverse("office:referral", args=[referral_a.reference]))
    client.get(reverse("office:referral", args=[referral_a.reference]))
    entries = AuditEntry.objects.filter(action=AuditEntry.Action.VIEWED, reference=referral_a.reference)
    assert entries.count() == 2
    assert {e.actor for e in entries} == {official_a}
    assert {e.region for e in entries} == {referral_a.region}


def test_it_records_changes(official_a, referral_a):
    casework.referral_acknowledge(referral_a, actor=official_a)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CHANGED)
    assert (entry.actor, entry.reference, entry.detail) == (official_a, referral_a.reference, {"to": "acknowledged"})


def test_it_records_exports_with_the_purpose(client_for, official_a, referral_a):
    response = client_for(official_a).post(
        reverse("office:export_referrals"), {"format": "csv", "purpose": "Monthly statistics"}
    )
    b"".join(response.streaming_content)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.EXPORTED)
    assert entry.actor == official_a
    assert entry.detail["purpose"] == "Monthly statistics"
    assert entry.detail["rows"] == 1


def test_it_cannot_be_changed_or_deleted(official_a, referral_a):
    entry = casework.audit_record(actor=official_a, action=AuditEntry.Action.VIEWED, referral=referral_a)
    entry.action = AuditEntry.Action.CHANGED
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().update(action="changed")
    with pytest.raises(PermissionDenied):
        AuditEntry.objects.all().delete()
    assert AuditEntry.objects.get().action == AuditEntry.Action.VIEWED


def test_the_admin_offers_no_change_or_delete(client_for, coordinator, official_a, referral_a):
    from django.contrib.auth import get_user_model

    entry = casework.audit_record(actor=official_a, action=AuditEntry.Action.VIEWED, referral=referral_a)
    superuser = get_user_model().objects.create_superuser("root", "root@example.kz", "x-password-123")
    client = client_for(superuser)
    assert client.get("/kk/admin/referrals/auditentry/").status_code == 200
    assert client.get(f"/kk/admin/referrals/auditentry/{entry.pk}/delete/").status_code == 403
    assert client.post(f"/kk/admin/referrals/auditentry/{entry.pk}/change/", {"action": "changed"}).status_code == 403
    assert client.get("/kk/admin/referrals/auditentry/add/").status_code == 403
    assert AuditEntry.objects.get(pk=entry.pk).action == AuditEntry.Action.VIEWED
    # Without the second factor, not even the list: the admin sends them to sign in again.
    response = client_for(superuser, verified=False).get("/kk/admin/referrals/auditentry/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_coordinator_browses_and_filters_it(client_for, coordinator, official_a, referral_a, referral_b):
    casework.audit_record(actor=official_a, action=AuditEntry.Action.VIEWED, referral=referral_a)
    casework.audit_record(actor=official_a, action=AuditEntry.Action.VIEWED, referral=referral_b)
    client = client_for(coordinator)
    response = client.get(reverse("office:audit"), {"reference": referral_a.reference})
    listed = [e.reference for e in response.context["page"].object_list]
    assert listed == [referral_a.reference]
    # Looking at the log is itself recorded.
    assert AuditEntry.objects.filter(action=AuditEntry.Action.AUDIT_VIEWED, actor=coordinator).exists()


def test_the_coordinator_exports_it(client_for, coordinator, official_a, referral_a):
    casework.audit_record(actor=official_a, action=AuditEntry.Action.VIEWED, referral=referral_a)
    response = client_for(coordinator).post(
        reverse("office:export_audit"), {"format": "csv", "purpose": "Quarterly review"}
    )
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert referral_a.reference in body
    assert "official-a" in body
    assert AuditEntry.objects.filter(action=AuditEntry.Action.AUDIT_EXPORTED, actor=coordinator).exists()
