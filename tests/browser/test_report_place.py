"""A witness in a village whose name several villages share, in a real browser on a 390 px
phone, in Kazakh and Russian; every page checked with axe-core (WCAG 2.2 A/AA)."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from referrals.models import Referral

TEXT = {
    "kk": {"no": "Жоқ", "continue": "Жалғастыру", "error": "Қате:", "change": "Өзгерту", "region": "Ақтөбе облысы"},
    "ru": {
        "no": "Нет", "continue": "Продолжить", "error": "Ошибка:", "change": "Изменить",
        "region": "Актюбинская область",
    },
}  # fmt: skip


@pytest.fixture
def viewport():
    return "phone"


@pytest.fixture
def directory(transactional_db):
    from contacts import loading
    from referrals.loading import load

    loading.load()
    load(classifier=Path(__file__).parent.parent / "referrals" / "kato_sample.csv")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_witness_types_a_shared_village_name_and_chooses_their_village(
    page, live_server, origin_guard, assert_accessible, directory, lang
):
    t = TEXT[lang]
    base = f"{live_server.url}/{lang}/report"
    page.goto(f"{base}/")
    page.get_by_label(t["no"], exact=True).check()
    page.get_by_role("button", name=t["continue"]).click()
    expect(page).to_have_url(f"{base}/step/when/")
    page.locator("#id_date_precision_2").check()  # "I don't know"
    page.get_by_role("button", name=t["continue"]).click()

    expect(page).to_have_url(f"{base}/step/where/")
    page.locator("#id_settlement").fill("Жамбыл ауылы")
    page.get_by_role("button", name=t["continue"]).click()

    # Exactly the villages called Жамбыл, each with its district and region; no list of regions.
    expect(page).to_have_title(re.compile(rf"^{t['error']} "))
    places = page.locator('input[name="place"]')
    expect(places).to_have_count(37)  # the 35 villages of the sample, another place, I don't know
    expect(page.locator('input[name="region"]')).to_have_count(0)
    assert_accessible(page)
    page.get_by_label(re.compile(rf"^Жамбыл \(Айтекебийский район, .*{re.escape(t['region'])}\)$")).check()
    page.get_by_role("button", name=t["continue"]).click()
    expect(page).to_have_url(f"{base}/step/suspect/")

    # Back on the place step: the place and the region it chose, and a way to change them.
    page.goto(f"{base}/step/where/")
    matched = page.locator("#matched-place")
    expect(matched).to_contain_text(t["region"])
    expect(matched).to_contain_text("Айтекебийский район")
    assert_accessible(page)
    matched.get_by_role("link", name=re.compile(t["change"])).click()
    expect(page.locator('input[name="place"]:checked')).to_have_count(1)
    assert_accessible(page)

    for step in ("suspect", "vehicle", "child", "what", "you"):
        page.goto(f"{base}/step/{step}/")
        expect(page).to_have_url(f"{base}/step/{step}/")
        if step == "what":
            page.locator('input[name="category"]').last.check()
            page.locator("#id_account").fill("Мен көргенім")
        page.get_by_role("button", name=t["continue"]).click()
        expect(page).not_to_have_url(f"{base}/step/{step}/")
    expect(page).to_have_url(f"{base}/check/")
    expect(page.locator("main")).to_contain_text("Айтекебийский район")
    page.locator('form[action$="/check/"] button[type="submit"]').click()
    expect(page).to_have_url(f"{base}/sent/")
    referral = Referral.objects.get()
    assert referral.region.code == "KZ-15" and referral.settlement_district == "Айтекебийский район"
