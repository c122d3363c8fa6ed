"""An official's journey in a real browser: sign in with the second factor, find an
overdue referral, acknowledge it, pass it on, export with a purpose. Accessible throughout."""

import datetime
import re

import pytest
from django.utils import timezone
from django_otp.oath import totp
from factories import add_device, make_referral, make_staff
from playwright.sync_api import expect

from contacts import loading
from contacts.models import Region
from referrals.models import ExportRecord, Handover, Referral, ReferralStatus
from referrals.roles import REGIONAL_OFFICIAL


@pytest.fixture
def overdue_case(transactional_db):
    loading.load()  # the real directory
    region = Region.objects.get(code="KZ-75")
    official = make_staff("official-a", REGIONAL_OFFICIAL, [region])
    device = add_device(official)
    make_referral(region)  # a fresh one, listed after the overdue one
    overdue = make_referral(region, submitted_at=timezone.now() - datetime.timedelta(hours=60))
    return overdue, device


def test_an_official_handles_an_overdue_referral(page, live_server, origin_guard, assert_accessible, overdue_case):
    referral, device = overdue_case
    page.goto(f"{live_server.url}/en/office/")
    expect(page).to_have_url(re.compile(r"/en/office/login/"))
    assert_accessible(page)

    page.get_by_label("Username").fill("official-a")
    page.get_by_label("Password").fill("x-password-123")
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    page.get_by_label("Code from your authenticator app").fill(f"{code:06d}")
    page.get_by_role("button", name="Sign in").click()

    expect(page.get_by_role("heading", name="Worklist", level=1)).to_be_visible()
    page.get_by_text("Filter the list").click()
    page.get_by_label("Only overdue referrals").check()
    page.get_by_role("button", name="Apply filters").click()
    rows = page.locator("table.worklist tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("Overdue")
    assert_accessible(page)

    page.get_by_role("link", name=referral.reference).click()
    expect(page.get_by_role("heading", name=f"Referral {referral.reference}")).to_be_visible()
    expect(page.get_by_text("A man in a dark jacket followed a girl from the school gate.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Acknowledge").click()
    expect(page.get_by_role("status")).to_contain_text("Acknowledged")

    page.get_by_role("link", name="Pass on").click()
    page.get_by_role("button", name="Pass on").click()  # nothing chosen: the error summary appears
    expect(page.get_by_role("alert")).to_contain_text("Choose who the referral was passed to")
    assert_accessible(page)
    page.get_by_label("Police").check()
    page.get_by_label("To whom").fill("Almaly district police, duty officer")
    page.get_by_role("button", name="Pass on").click()
    expect(page.get_by_role("status")).to_contain_text("Recorded as passed on.")

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Export").click()
    expect(page.get_by_role("heading", name="Export referrals")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Purpose of this export").fill("Monthly statistics for the Commissioner")
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Export").click()
    content = download_info.value.path().read_text(encoding="utf-8-sig")
    assert referral.reference in content

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("img", name=re.compile("Referrals per status"))).to_be_visible()
    assert_accessible(page)

    assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.PASSED_ON
    assert Handover.objects.get(referral=referral).recipient == "Almaly district police, duty officer"
    record = ExportRecord.objects.get()
    assert (record.purpose, record.row_count) == ("Monthly statistics for the Commissioner", 2)
    assert origin_guard.foreign == []
