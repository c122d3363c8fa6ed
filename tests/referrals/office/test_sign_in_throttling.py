"""Sign-in throttling a stranger cannot turn against an official, and what the sign-in records keep."""

import datetime
import io
import logging

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from factories import add_device

from portal.sign_in import repeated_failures
from referrals.models import AuditEntry
from referrals.retention import referral_anonymise

LOGIN = reverse("office:login")
UA = "Mozilla/5.0 (X11; Linux x86_64) TellTaleBrowser/1.0"


def code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def through_two_proxies(client_address, spoofed="198.51.100.99"):
    # The client may write anything leftmost; the two trusted proxies append the client, then the first proxy.
    return {
        "REMOTE_ADDR": "10.0.0.2",
        "HTTP_X_FORWARDED_FOR": f"{spoofed}, {client_address}, 10.0.0.1",
        "HTTP_USER_AGENT": UA,
    }


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3, REFERRALS_PROXY_HOPS=2)
def test_a_stranger_behind_two_proxies_cannot_lock_an_official_out(official_a, client_for, coordinator):
    device = add_device(official_a)
    stranger = Client()
    for _attempt in range(5):
        stranger.post(
            LOGIN,
            {"username": "official-a", "password": "wrong-password", "token": "000000"},
            **through_two_proxies("203.0.113.66"),
        )
    # Counted against the stranger's address, not the proxies' or the forged one.
    attempts = AccessAttempt.objects.filter(username="official-a")
    assert list(attempts.values_list("ip_address", flat=True)) == ["203.0.113.66"]
    # The stranger stays locked out even with the right password...
    locked = stranger.post(
        LOGIN,
        {"username": "official-a", "password": "x-password-123", "token": code(device)},
        **through_two_proxies("203.0.113.66"),
    )
    assert locked.status_code in (403, 429)
    # ...while the official, behind the same proxies, signs in.
    official = Client()
    response = official.post(
        LOGIN,
        {"username": "official-a", "password": "x-password-123", "token": code(device)},
        **through_two_proxies("192.0.2.10", spoofed="203.0.113.66"),
    )
    assert response.status_code == 302
    assert official.get(reverse("office:worklist")).status_code == 200
    # The coordinator sees that someone keeps failing on this account.
    worklist = client_for(coordinator).get(reverse("office:worklist")).content.decode()
    assert "sign-in-failures-title" in worklist and "official-a" in worklist
    assert [row["username"] for row in repeated_failures()] == ["official-a"]


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_the_sign_in_records_keep_no_user_agent_or_form_and_the_log_prints_none(official_a, caplog):
    device = add_device(official_a)
    client = Client(HTTP_USER_AGENT=UA)
    with caplog.at_level(logging.DEBUG):
        client.post(LOGIN, {"username": "official-a", "password": "wrong-password", "token": "123456"})
        client.post(LOGIN, {"username": "official-a", "password": "x-password-123", "token": code(device)})
    assert "TellTaleBrowser" not in caplog.text
    for attempt in AccessAttempt.objects.all():
        assert (attempt.user_agent, attempt.post_data, attempt.get_data, attempt.http_accept) == ("", "", "", "")
    for entry in AccessLog.objects.all():
        assert entry.user_agent == ""


def test_the_purge_deletes_records_older_than_the_stated_time(db, settings):
    settings.STAFF_SIGN_IN_RECORD_DAYS = 30
    blank = {"user_agent": "", "http_accept": "", "path_info": "/"}
    kept = AccessAttempt.objects.create(username="a", ip_address="192.0.2.1", failures_since_start=1, **blank)
    old = AccessAttempt.objects.create(username="b", ip_address="192.0.2.2", failures_since_start=1, **blank)
    log = AccessLog.objects.create(username="a", ip_address="192.0.2.1", **blank)
    # attempt_time is set on creation: age the two records afterwards.
    long_ago = timezone.now() - datetime.timedelta(days=31)
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=long_ago)
    AccessLog.objects.filter(pk=log.pk).update(attempt_time=long_ago)
    call_command("purge_sign_in_records", stdout=io.StringIO())
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not AccessLog.objects.exists()


postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger exists on PostgreSQL only")


@postgresql_only
def test_raw_sql_cannot_delete_or_change_audit_rows(official_a, referral_a):
    entry = AuditEntry.objects.create(actor=official_a, action=AuditEntry.Action.VIEWED, reference=referral_a.reference)
    for sql in [
        "DELETE FROM referrals_auditentry WHERE id = %s",
        "UPDATE referrals_auditentry SET action = 'changed' WHERE id = %s",
        "UPDATE referrals_auditentry SET detail = '{}'::jsonb WHERE id = %s",  # without the retention flag
    ]:
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    # Even with the flag, only emptying the details passes.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT set_config('portal.audit_anonymise', 'on', true)")
        cursor.execute("UPDATE referrals_auditentry SET reference = 'XXXX-XXXX' WHERE id = %s", [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, action=AuditEntry.Action.VIEWED).exists()


def test_retention_empties_audit_details_through_the_one_allowed_path(official_a, referral_a):
    AuditEntry.objects.create(
        actor=official_a, action=AuditEntry.Action.CHANGED, reference=referral_a.reference, detail={"to": "closed"}
    )
    referral_anonymise(referral_a)
    entries = AuditEntry.objects.filter(reference=referral_a.reference)
    changed = entries.get(action=AuditEntry.Action.CHANGED)
    assert (changed.detail, changed.actor) == ({}, official_a)
    assert entries.filter(action=AuditEntry.Action.ANONYMISED).exists()
    # The flag does not outlive the change: a later raw change is refused again (PostgreSQL).
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE referrals_auditentry SET detail = '{}'::jsonb WHERE id = %s", [changed.pk])
