"""Roles come from code, not from clicks; the demo command fills a local database."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from contacts.models import Region
from referrals.models import Referral, ReferralStatus
from referrals.roles import DIRECTORY_EDITOR, NATIONAL_COORDINATOR, REGIONAL_OFFICIAL


def perms(name):
    return {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=name).permissions.all()}


def test_the_roles_exist_after_migrate(db):
    official = perms(REGIONAL_OFFICIAL)
    assert {"referrals.view_referral", "referrals.change_referral", "referrals.export_referral"} <= official
    assert "referrals.handle_all_regions" not in official
    assert "referrals.view_audit_log" not in official
    coordinator = perms(NATIONAL_COORDINATOR)
    assert {"referrals.handle_all_regions", "referrals.view_audit_log", "referrals.add_regionassignment"} <= coordinator
    editor = perms(DIRECTORY_EDITOR)
    assert "contacts.change_regionalombudsman" in editor
    assert not any(code.startswith("referrals.") for code in editor)


def test_setup_roles_repairs_a_group_changed_by_hand(db):
    from django.contrib.auth.models import Permission

    group = Group.objects.get(name=DIRECTORY_EDITOR)
    group.permissions.add(Permission.objects.get(codename="view_referral"))
    call_command("setup_roles", stdout=io.StringIO())
    assert "referrals.view_referral" not in perms(DIRECTORY_EDITOR)


def test_the_demo_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("demo", stdout=io.StringIO())


def test_the_demo_fills_every_region_and_status(region_a, region_b, settings):
    settings.DEBUG = True
    out = io.StringIO()
    call_command("demo", "--per-region", "6", stdout=out)
    # The demo loads the manual's directory first, so every one of the 20 regions gets referrals.
    regions = set(Region.objects.values_list("code", flat=True))
    assert len(regions) == 20
    assert set(Referral.objects.values_list("region__code", flat=True)) == regions
    assert set(Referral.objects.values_list("status", flat=True)) == set(ReferralStatus.values)
    assert all(r.account.startswith("[DEMO]") for r in Referral.objects.all())
    text = out.getvalue()
    for username in ("demo-official", "demo-official-2", "demo-coordinator", "demo-editor"):
        assert username in text
    assert "TOTP secret" in text
