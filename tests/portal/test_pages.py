"""The frame every public page shares: languages, safety, headers."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

EMERGENCY = ["tel:102", "tel:112", "tel:103", "tel:111"]


def test_root_redirects_by_browser_language(client):
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9").url == "/ru/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.8").url == "/en/"
    # Kazakh is the default for everyone else.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="de").url == "/kk/"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("page", ["home", "safety"])
def test_public_page_carries_language_and_safety_features(client, lang, page):
    response = client.get(f"/{lang}/" if page == "home" else f"/{lang}/safety/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in html
    # The emergency numbers in the same order on every page.
    positions = [html.index(f'href="{tel}"') for tel in EMERGENCY]
    assert positions == sorted(positions)
    # Quick exit: the button, the hidden link for assistive technology, and the script.
    assert html.count("data-quick-exit") == 2
    assert "/static/js/quick-exit.js" in html
    for other in ("kk", "ru", "en"):
        assert f'hreflang="{other}"' in html


def test_language_switcher_keeps_the_visitor_on_the_same_page(client):
    html = client.get("/ru/safety/").content.decode()
    assert 'href="/kk/safety/" lang="kk"' in html
    assert 'href="/en/safety/" lang="en"' in html
    assert 'href="/ru/safety/" lang="ru" hreflang="ru" aria-current="true"' in html


def test_pages_are_translated(client):
    assert "Бет табылмады" in client.get("/kk/no-such-page/").content.decode()
    assert "Безопасный просмотр" in client.get("/ru/safety/").content.decode()
    assert "Browse safely" in client.get("/en/safety/").content.decode()
    assert "Қауіпсіз шолу" in client.get("/kk/safety/").content.decode()


def test_security_headers(client):
    response = client.get("/kk/")
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"]


def test_no_inline_scripts_or_styles_and_nothing_from_other_origins(client):
    html = client.get("/kk/").content.decode()
    assert "<script>" not in html and "<style" not in html and "style=" not in html
    assert "http://" not in html.replace('href="http://testserver', "")
    assert 'src="https://' not in html and 'src="//' not in html


def test_quick_exit_ends_the_visit_and_leaves_for_a_neutral_site(client, settings):
    session = client.session
    session["report_draft"] = {"where": "Astana"}
    session.save()
    response = client.get(reverse("quick-exit"))
    assert response.status_code == 302
    assert response.url == settings.QUICK_EXIT_URL
    assert "no-store" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]
    assert "report_draft" not in client.session


def test_only_essential_cookies(client):
    response = client.get("/kk/")
    assert set(response.cookies) <= {"sessionid", "csrftoken"}


def test_admin_pages_are_never_cached(client):
    response = client.get("/kk/admin/login/")
    assert "no-store" in response["Cache-Control"]


def test_robots_keep_staff_pages_out_of_search_engines(client):
    text = client.get("/robots.txt").content.decode()
    for code in ("kk", "ru", "en"):
        assert f"Disallow: /{code}/admin/" in text
        assert f"Disallow: /{code}/office/" in text
    assert "Disallow: /kk/guidance/" not in text


def test_a_request_refused_before_the_admin_gets_the_portals_page_not_the_witnesss(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    client.raise_request_exception = False
    response = client.post("/ru/admin/login/", {"username": "x" * 2000, "password": "y"})
    assert response.status_code == 413
    html = response.content.decode()
    assert "Отправленное слишком длинное" in html
    assert "Сообщение не отправлено" not in html
