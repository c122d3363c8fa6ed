"""Phone first: on a 390 x 844 screen the question of every step is on the first screen.

In Kazakh and Russian, with axe-core on every page.
"""

import io

import pytest
from django.core.management import call_command
from pages import submit_and_wait
from playwright.sync_api import expect

STEPS = ["when", "where", "suspect", "vehicle", "child", "what", "you"]
TEXT = {
    "kk": {"no": "Жоқ", "continue": "Жалғастыру", "category": "Мені алаңдатқан басқа нәрсе"},
    "ru": {"no": "Нет", "continue": "Продолжить", "category": "Что-то другое, что меня встревожило"},
}


@pytest.fixture
def viewport():
    return "phone"


@pytest.fixture
def directory(transactional_db):
    call_command("load_manual_data", stdout=io.StringIO())


def top(page, selector):
    return page.locator(selector).first.evaluate("element => element.getBoundingClientRect().top")


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_each_page_puts_its_question_on_the_first_screen(page, live_server, assert_accessible, directory, lang):
    t = TEXT[lang]
    page.goto(f"{live_server.url}/{lang}/")
    assert_accessible(page)
    # The "child in danger now" call buttons are on the first screen.
    for number in ("102", "112"):
        button = page.locator(f'main a.button[href="tel:{number}"]').first.bounding_box()
        assert button["y"] + button["height"] <= 844
    sizes = page.eval_on_selector_all(".emergency-numbers .label", "els => els.filter(e => e.offsetParent)"
                                      ".map(e => parseFloat(getComputedStyle(e).fontSize))")  # fmt: skip
    assert sizes and min(sizes) >= 14

    page.goto(f"{live_server.url}/{lang}/report/")
    assert_accessible(page)
    assert top(page, "main legend") <= 300
    page.get_by_label(t["no"], exact=True).check()
    submit_and_wait(page, page.get_by_role("button", name=t["continue"]))

    for step in STEPS:
        expect(page).to_have_url(f"{live_server.url}/{lang}/report/step/{step}/")
        assert_accessible(page)
        assert top(page, "main h1") <= 300, step
        if step == "when":
            # Day, month and year on one line.
            tops = {round(top(page, f"#id_{part}")) for part in ("day", "month", "year")}
            assert len(tops) == 1
            page.locator("main input[name=date_precision]").last.check()
        if step == "where":
            page.locator("#id_settlement").fill("Павлодар")
        if step == "what":
            page.get_by_label(t["category"]).check()
            page.locator("#id_account").fill("Ересек адам баланы шақырды")
        if step == "you":
            assert page.locator("#id_witness_phone").get_attribute("type") == "tel"
            # Every field on this page is optional: left empty, the page is accepted.
        submit_and_wait(page, page.get_by_role("button", name=t["continue"]))
    expect(page).to_have_url(f"{live_server.url}/{lang}/report/check/")
    assert_accessible(page)
