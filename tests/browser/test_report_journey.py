"""The witness's journey in a real browser, in Kazakh and Russian, on a 390 px phone.

Every page is checked with axe-core (WCAG 2.2 A/AA); nothing may leave the portal's origin.
"""

import re
from pathlib import Path

import pytest
from pages import submit_and_wait
from playwright.sync_api import expect

from contacts.models import RegionalOmbudsman
from referrals.models import Settlement

TEXT = {
    "kk": {
        "no": "Жоқ", "yes": "Иә", "continue": "Жалғастыру", "error": "Қате:", "exact": "Нақты күні",
        "send": "Хабарламаны жіберу", "category": "Мені алаңдатқан басқа нәрсе", "change": "Өзгерту",
        "boy": "Ұл бала", "report_now": "Көргеніңізді хабарлау", "save": "Сақтап, жауаптарыма оралу",
        "show": "Мәртебесін көрсету", "add": "Хабарламама қосу", "received": "Қабылданды",
    },
    "ru": {
        "no": "Нет", "yes": "Да", "continue": "Продолжить", "error": "Ошибка:", "exact": "Точная дата",
        "send": "Отправить сообщение", "category": "Что-то другое, что меня встревожило", "change": "Изменить",
        "boy": "Мальчик", "report_now": "Сообщить о том, что вы видели", "save": "Сохранить и вернуться к ответам",
        "show": "Показать статус", "add": "Добавить к сообщению", "received": "Получено",
    },
}  # fmt: skip

ACCOUNT = "Ересек адам баланы гараждың артына алып кетті"


@pytest.fixture
def viewport():
    # The long journey runs on the phone only: most witnesses report from one.
    return "phone"


@pytest.fixture
def directory(transactional_db):
    """The real directory and gazetteer, as `make run` loads them; the ombudsmen get an address."""
    from contacts import loading
    from referrals.loading import load

    loading.load()
    for ombudsman in RegionalOmbudsman.objects.select_related("region"):
        ombudsman.email = f"{ombudsman.region.code.lower()}@example.kz"
        ombudsman.save(update_fields=["email"])
    load(classifier=Path(__file__).parent.parent / "referrals" / "kato_sample.csv")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_a_witness_reports_and_follows_up(page, live_server, origin_guard, assert_accessible, directory, lang):
    t = TEXT[lang]
    base = f"{live_server.url}/{lang}/report"

    # The danger gate, first without an answer.
    page.goto(f"{base}/")
    assert_accessible(page)
    page.get_by_role("button", name=t["continue"]).click()
    expect(page).to_have_title(re.compile(rf"^{t['error']} "))
    expect(page.locator("#error-summary")).to_be_focused()
    assert_accessible(page)

    # A child in danger: the numbers first, the form afterwards.
    page.get_by_label(t["yes"], exact=True).check()
    page.get_by_role("button", name=t["continue"]).click()
    expect(page.locator('a[href="tel:102"].button-large')).to_be_visible()
    expect(page.locator('a[href="tel:112"].button-large')).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=t["report_now"]).click()

    # When: an error first (a date in the future), every answer kept.
    expect(page).to_have_url(f"{base}/step/when/")
    assert_accessible(page)
    page.get_by_label(t["exact"]).check()
    page.locator("#id_day").fill("5")
    page.locator("#id_month").fill("марта")
    page.locator("#id_year").fill("2999")
    page.get_by_role("button", name=t["continue"]).click()
    expect(page).to_have_title(re.compile(rf"^{t['error']} "))
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator("#id_month")).to_have_value("марта")
    assert_accessible(page)
    page.locator("#error-summary a").first.click()
    expect(page.locator("#id_day")).to_be_focused()
    page.locator("#id_year").fill("2025")
    page.get_by_role("button", name=t["continue"]).click()

    # Where: a former name, typed as witnesses do.
    expect(page).to_have_url(f"{base}/step/where/")
    page.locator("#id_settlement").fill("Семипалатинск")
    assert_accessible(page)
    page.get_by_role("button", name=t["continue"]).click()

    # The suspect, the vehicle, the child: skippable.
    for step in ("suspect", "vehicle", "child"):
        expect(page).to_have_url(f"{base}/step/{step}/")
        assert_accessible(page)
        page.get_by_role("button", name=t["continue"]).click()

    expect(page).to_have_url(f"{base}/step/what/")
    assert_accessible(page)
    page.get_by_label(t["category"]).check()
    page.locator("#id_account").fill(ACCOUNT)
    page.get_by_role("button", name=t["continue"]).click()
    expect(page).to_have_url(f"{base}/step/you/")
    assert_accessible(page)
    page.get_by_role("button", name=t["continue"]).click()

    # Check answers, and change one.
    expect(page).to_have_url(f"{base}/check/")
    expect(page.locator("main")).to_contain_text(ACCOUNT)
    expect(page.locator("main")).to_contain_text("Семей")
    assert_accessible(page)
    page.locator('a[href*="/step/child/"]').first.click()
    page.get_by_label(t["boy"]).check()
    page.get_by_role("button", name=t["save"]).click()
    expect(page).to_have_url(f"{base}/check/")
    expect(page.locator("main")).to_contain_text(t["boy"])

    # Send: the reference and the code, once.
    page.get_by_role("button", name=t["send"]).click()
    expect(page).to_have_url(f"{base}/sent/")
    reference = page.locator("#reference").inner_text()
    code = page.locator("#follow-up-code").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}", reference)
    assert re.fullmatch(r"([0-9A-Z]{4}-){3}[0-9A-Z]{4}", code)
    assert_accessible(page)

    # Back after sending shows no answers and sends nothing again.
    page.go_back()
    expect(page.locator("body")).not_to_contain_text(ACCOUNT)
    expect(page.locator("body")).not_to_contain_text(code)
    page.reload()
    expect(page.locator("body")).not_to_contain_text(ACCOUNT)

    # Follow-up: a wrong code first, then the right one, then an addition.
    page.goto(f"{base}/status/")
    assert_accessible(page)
    page.locator("#id_reference").fill(reference)
    page.locator("#id_code").fill("AAAA-AAAA-AAAA-AAAA")
    page.get_by_role("button", name=t["show"]).click()
    expect(page).to_have_title(re.compile(rf"^{t['error']} "))
    assert_accessible(page)
    page.locator("#id_code").fill(code.lower())
    page.get_by_role("button", name=t["show"]).click()
    expect(page.locator("#status-label")).to_have_text(t["received"])
    assert_accessible(page)
    page.locator("#id_text").fill("Көлік ақ түсті болды")
    page.get_by_role("button", name=t["add"]).click()
    expect(page.locator("[role=status]")).to_be_visible()
    assert_accessible(page)

    assert origin_guard.foreign == []


def test_the_place_field_suggests_settlements_and_asks_which_place_when_unsure(
    page, live_server, origin_guard, assert_accessible, directory
):
    page.goto(f"{live_server.url}/ru/report/")
    page.get_by_label("Нет", exact=True).check()
    page.get_by_role("button", name="Продолжить").click()
    # The draft exists once the first step is shown; only then open the place step.
    expect(page).to_have_url(f"{live_server.url}/ru/report/step/when/")
    page.goto(f"{live_server.url}/ru/report/step/where/")
    with page.expect_response(lambda response: "/api/settlements/" in response.url):
        page.locator("#id_settlement").press_sequentially("Оскем")
    expect(page.locator("#settlement-suggestions option")).to_have_count(1)
    assert page.locator("#settlement-suggestions option").get_attribute("value") == "Усть-Каменогорск"
    # A name several places share: the witness picks theirs from exactly those places.
    page.locator("#id_settlement").fill("Абай")
    page.get_by_role("button", name="Продолжить").click()
    expect(page.locator("#error-summary")).to_be_focused()
    expect(page.locator('input[name="region"]')).to_have_count(0)
    expect(page.locator('input[name="place"]')).to_have_count(Settlement.objects.filter(names__key="abai").count() + 2)
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Абай \(.*Туркестанская область\)$")).check()
    page.get_by_role("button", name="Продолжить").click()
    expect(page).to_have_url(f"{live_server.url}/ru/report/step/suspect/")
    assert origin_guard.foreign == []


def test_a_warning_appears_before_the_draft_expires(page, live_server, assert_accessible, directory, settings):
    # Fifteen minutes and two seconds: the warning is due two seconds after the page loads.
    settings.SESSION_COOKIE_AGE = 15 * 60 + 2
    page.goto(f"{live_server.url}/ru/report/")
    page.get_by_label("Нет", exact=True).check()
    page.get_by_role("button", name="Продолжить").click()
    warning = page.locator("#draft-expiry-warning")
    expect(warning).to_be_hidden()
    expect(warning).to_be_visible(timeout=6000)
    expect(warning).to_contain_text("Ваши ответы скоро будут удалены")
    assert_accessible(page)


def test_the_pages_fit_a_320_px_screen_without_sideways_scrolling(page, live_server, directory):
    page.set_viewport_size({"width": 320, "height": 700})
    base = f"{live_server.url}/kk/report"

    def fits():
        page.wait_for_load_state("load")
        page.wait_for_function("() => [...document.styleSheets].some(sheet => sheet.href && sheet.cssRules.length)")
        return page.evaluate("document.documentElement.scrollWidth") <= 320

    def next_page():
        # Each step is a form sent to the server: judge the page that comes back, not this one.
        submit_and_wait(page, page.get_by_role("button", name="Жалғастыру"))

    page.goto(f"{base}/")
    assert fits()
    page.get_by_label("Жоқ", exact=True).check()
    next_page()
    next_page()
    assert fits()  # the date step with its error summary
    page.get_by_label("Білмеймін").first.check()
    next_page()
    page.locator("#id_settlement").fill("Абай")
    next_page()
    assert fits()  # the region list
    page.get_by_label("Түркістан облысы").check()
    for _step in ("where", "suspect", "vehicle", "child"):
        next_page()
    page.get_by_label("Мені алаңдатқан басқа нәрсе").check()
    page.locator("#id_account").fill("Ересек адам баланы шақырды")
    next_page()
    next_page()
    assert fits()  # check your answers
    submit_and_wait(page, page.get_by_role("button", name="Хабарламаны жіберу"))
    expect(page.locator("#follow-up-code")).to_be_visible()
    assert fits()  # the reference and the long follow-up code
