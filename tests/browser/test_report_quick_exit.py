"""Quick exit in the middle of a report, on a phone with the back/forward cache on.

The most dangerous moment: a witness has typed part of a report when someone walks in.
After quick exit neither Back nor the server may give the answers back.
"""

import io

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command

from referrals.drafts import DRAFT_KEY

PLACE = "Павлодар, двор за школой номер семь"


@pytest.fixture
def viewport():
    return "phone"


@pytest.fixture
def directory(transactional_db):
    call_command("load_manual_data", stdout=io.StringIO())


@pytest.mark.parametrize("how", ["button", "shift-three-times"])
def test_quick_exit_mid_report_leaves_nothing_to_come_back_to(bfcache_page, live_server, directory, neutral_site, how):
    page, foreign = bfcache_page
    base = f"{live_server.url}/ru/report"
    # As a witness arrives: the home page, then the report.
    page.goto(f"{live_server.url}/ru/")
    page.locator('.site-nav a[href="/ru/report/"]').click()
    page.wait_for_url(f"{base}/")
    page.get_by_label("Нет", exact=True).check()
    page.get_by_role("button", name="Продолжить").click()
    page.get_by_label("Примерная дата").check()
    page.locator("#id_month").fill("марта")
    page.locator("#id_year").fill("2025")
    page.get_by_role("button", name="Продолжить").click()
    page.wait_for_url(f"{base}/step/where/")
    page.locator("#id_place_description").fill(PLACE)
    assert any(DRAFT_KEY in s.get_decoded() for s in Session.objects.all())

    if how == "button":
        page.locator(".exit-bar [data-quick-exit]").click()
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)
    # The server forgot the draft with the visit.
    assert not any(DRAFT_KEY in s.get_decoded() for s in Session.objects.all())

    # Back: the whole report took one entry of the history, which quick exit replaced, so
    # Back leads to the page before the report (the home page), never to a page of it.
    page.go_back(wait_until="commit")
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_load_state("load")
    assert page.url == f"{live_server.url}/ru/"
    assert "/report/" not in page.url
    values = page.eval_on_selector_all("input, textarea", "els => els.map(e => e.value)")
    assert "марта" not in values and "2025" not in values
    assert PLACE not in page.content()
    # And no cookie outlived the exit.
    assert page.context.cookies() == []
    assert foreign == []
