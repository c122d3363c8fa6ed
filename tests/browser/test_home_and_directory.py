"""The home page and the directory in a real browser, on a phone and a desktop, in kk and ru.

Accessibility (axe-core, WCAG 2.2 AA), nothing loaded from another origin, and the quick
exit: by its button and by Shift pressed three times, landing on the neutral site, with
Back not bringing the filled-in page back.
"""

import io
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

NEUTRAL_PAGE = (
    b"<!doctype html><html lang='en'><head><title>Neutral</title><link rel='icon' href='data:,'></head>"
    b"<body><p>Neutral page</p></body></html>"
)


@pytest.fixture
def directory(transactional_db):
    call_command("load_manual_data", stdout=io.StringIO())


class NeutralPage(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.end_headers()
        self.wfile.write(NEUTRAL_PAGE)

    def log_message(self, *args):
        pass


@pytest.fixture
def neutral_site(settings):
    """A stand-in for the neutral site quick exit leaves for, on this machine.

    The portal's /exit/ answers with a redirect, and Playwright's routes do not see the
    request a redirect leads to, so page.route() cannot stand in for the real site: the
    browser would look its name up on the network. A local server can.
    """
    server = ThreadingHTTPServer(("127.0.0.1", 0), NeutralPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.QUICK_EXIT_URL = f"http://127.0.0.1:{server.server_port}/"
    yield settings.QUICK_EXIT_URL
    server.shutdown()
    server.server_close()


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


@pytest.fixture
def bfcache_page(launch_browser, browser_context_args, live_server):
    """A browser with the back/forward cache on, as people's phones have it (Playwright turns it off)."""
    browser = launch_browser(ignore_default_args=["--disable-back-forward-cache"])
    context = browser.new_context(**browser_context_args)
    foreign = []

    def same_origin_only(route):
        url = route.request.url
        if url.startswith(live_server.url + "/") or url.startswith(("data:", "blob:", "about:")):
            route.continue_()
        else:
            foreign.append(url)
            route.abort()

    context.route("**/*", same_origin_only)
    page = context.new_page()
    yield page, foreign
    context.close()
    browser.close()


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
