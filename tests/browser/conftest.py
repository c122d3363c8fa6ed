"""Real-browser journeys: Playwright driving Debian's Chromium (never a downloaded build).

Every journey runs on a phone-sized and a desktop viewport. Requests to any origin other
than the live server are recorded and refused, so a test can assert that nothing was
loaded from a third party.
"""

import os
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

# Playwright's sync API runs an event loop in the test thread; Django's ORM calls made by
# fixtures in the same thread are safe here because nothing else runs concurrently.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
    if not os.path.exists(CHROMIUM):
        skip = pytest.mark.skip(reason="Chromium is missing: run `make browser`")
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def browser_context_args(browser_context_args, viewport):
    return {**browser_context_args, "viewport": VIEWPORTS[viewport], "locale": "kk-KZ"}


class OriginGuard:
    """Refuses and records every request that leaves the portal's own origin."""

    def __init__(self, origin):
        self.origin = origin
        self.foreign = []

    def __call__(self, route):
        url = route.request.url
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == self.origin or parts.scheme in ("data", "blob", "about"):
            route.continue_()
        else:
            self.foreign.append(url)
            route.abort()


@pytest.fixture
def origin_guard(page, live_server):
    guard = OriginGuard(live_server.url)
    page.context.route("**/*", guard)
    return guard


@pytest.fixture
def axe():
    return Axe()


@pytest.fixture
def assert_accessible(axe):
    """Run axe-core with the WCAG 2.2 A/AA tags and fail on any violation."""

    def check(page):
        # Judge the page as people see it: after its stylesheet has loaded (a busy machine can
        # otherwise run axe on the unstyled page, whose links are smaller than 24 px).
        page.wait_for_load_state("load")
        page.wait_for_function("() => [...document.styleSheets].some(sheet => sheet.href && sheet.cssRules.length)")
        results = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
        assert results.violations_count == 0, results.generate_report()

    return check


# --- Quick exit: a neutral site on this machine, and a browser with the bfcache on ---------------

NEUTRAL_PAGE = (
    b"<!doctype html><html lang='en'><head><title>Neutral</title><link rel='icon' href='data:,'></head>"
    b"<body><p>Neutral page</p></body></html>"
)


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
