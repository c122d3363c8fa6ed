"""The home page and the directory in a real browser, on a phone and a desktop, in kk and ru.

Accessibility (axe-core, WCAG 2.2 AA), nothing loaded from another origin, and the quick
exit: by its button and by Shift pressed three times, landing on the neutral site, with
Back not bringing the filled-in page back.
"""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect


@pytest.fixture
def directory(transactional_db):
    call_command("load_manual_data", stdout=io.StringIO())


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_home_and_directory_are_accessible_and_load_nothing_from_elsewhere(
    page, live_server, origin_guard, assert_accessible, directory, lang
):
    # The home page, the directory, a region, and the directory asking again for a region.
    for path in ("", "contacts/", "contacts/almaty/", "contacts/?region="):
        response = page.goto(f"{live_server.url}/{lang}/{path}")
        assert response.status == 200
        assert page.locator("html").get_attribute("lang") == lang
        assert_accessible(page)
    # Asked again for a region: the problem is announced and focused first.
    expect(page.locator(".error-summary")).to_be_focused()
    # The directory's numbers are links a phone can act on.
    page.goto(f"{live_server.url}/{lang}/contacts/")
    expect(page.locator('a[href="tel:+77015160115"]')).to_have_text("+7 (701) 516-01-15")
    expect(page.locator('a[href="https://wa.me/77776787590"]')).to_be_visible()
    assert origin_guard.foreign == []


@pytest.mark.browser_context_args(java_script_enabled=False)
def test_jump_to_my_region_works_without_javascript(page, live_server, origin_guard, directory):
    page.goto(f"{live_server.url}/ru/contacts/")
    page.select_option("select#region", "turkistan")
    page.get_by_role("button", name="Показать мой регион").click()
    page.wait_for_url(f"{live_server.url}/ru/contacts/turkistan/")
    expect(page.locator("h1")).to_have_text("Туркестанская область")
    assert origin_guard.foreign == []


@pytest.mark.parametrize("how", ["button", "shift-three-times"])
def test_quick_exit_leaves_for_the_neutral_site(page, live_server, origin_guard, directory, neutral_site, how):
    page.goto(f"{live_server.url}/kk/contacts/")
    page.select_option("select#region", "pavlodar")
    entries = page.evaluate("history.length")
    if how == "button":
        page.locator(".exit-bar [data-quick-exit]").click()
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)
    expect(page.locator("p")).to_have_text("Neutral page")
    # location.replace(): the neutral site took the directory's place in the tab's history.
    assert page.evaluate("history.length") == entries
    assert origin_guard.foreign == []


@pytest.mark.parametrize("how", ["button", "shift-three-times"])
def test_back_after_quick_exit_does_not_bring_back_the_filled_form(
    bfcache_page, live_server, directory, neutral_site, how
):
    page, foreign = bfcache_page
    page.goto(f"{live_server.url}/kk/")
    page.goto(f"{live_server.url}/kk/contacts/")
    page.select_option("select#region", "pavlodar")
    if how == "button":
        page.locator(".exit-bar [data-quick-exit]").click()
    else:
        for _ in range(3):
            page.keyboard.press("Shift")
    page.wait_for_url(neutral_site)

    # A page restored from the back/forward cache fires no "load": wait for the commit only.
    page.go_back(wait_until="commit")
    page.wait_for_function("() => document.readyState === 'complete'")
    # Back leads to the page before the directory (quick exit replaced the directory's
    # place in the history), or to the directory with nothing chosen: never the filled form.
    selects = page.locator("select#region")
    if selects.count():
        assert selects.input_value() == ""
    else:
        assert "/contacts/" not in page.url
    assert foreign == []
