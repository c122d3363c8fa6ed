"""The portal's own error pages: in the visitor's language, with the way out and the numbers."""

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from django.utils import translation

from portal import errors

EXIT = {"kk": "Беттен шығу", "ru": "Покинуть страницу", "en": "Exit this page"}
HEADINGS = {
    400: {
        "kk": "Сұрауды оқу мүмкін болмады",
        "ru": "Не удалось прочитать запрос",
        "en": "The request could not be read",
    },
    403: {"kk": "Бұл бетті аша алмайсыз", "ru": "Эту страницу открыть нельзя", "en": "You cannot open this page"},
    404: {"kk": "Бет табылмады", "ru": "Страница не найдена", "en": "Page not found"},
    413: {"kk": "Жіберген мәтініңіз тым ұзын", "ru": "Отправленное слишком длинное", "en": "What you sent is too long"},
    500: {"kk": "Біз жақта ақау шықты", "ru": "У нас что-то пошло не так", "en": "Something went wrong on our side"},
}
LANGS = ["kk", "ru", "en"]


def assert_portal_page(response, status, lang):
    assert response.status_code == status
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html
    assert HEADINGS[status][lang] in html
    assert EXIT[lang] in html and "data-quick-exit" in html
    for number in ("102", "112", "111"):
        assert f'href="tel:{number}"' in html
    assert "DEBUG" not in html and "Traceback" not in html
    return html


@pytest.fixture
def quiet_client(settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    client = Client()
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("lang", LANGS)
def test_not_found(quiet_client, db, lang):
    assert_portal_page(quiet_client.get(f"/{lang}/no-such-page/"), 404, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_bad_host_header_answers_400_not_500(quiet_client, db, lang):
    assert_portal_page(quiet_client.get(f"/{lang}/", HTTP_HOST="attacker.example"), 400, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_too_large(quiet_client, db, settings, lang):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = quiet_client.post(f"/{lang}/admin/login/", {"username": "x" * 2000, "password": "y"})
    assert_portal_page(response, 413, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_forbidden(db, lang):
    request = RequestFactory().get(f"/{lang}/office/")
    with translation.override(lang):
        response = errors.permission_denied(request)
    assert_portal_page(response, 403, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_server_error_anywhere(quiet_client, db, monkeypatch, lang):
    def broken(*args, **kwargs):
        raise OperationalError("the database is restarting")

    monkeypatch.setattr("portal.views.render", broken)
    assert_portal_page(quiet_client.get(f"/{lang}/"), 500, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_a_failed_csrf_check_explains_cookies(db, lang):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{lang}/office/login/", {"username": "someone", "password": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert f'<html lang="{lang}"' in html and EXIT[lang] in html
    assert {"kk": "cookie файл", "ru": "файл cookie", "en": "needs a cookie"}[lang] in html
    assert "DEBUG" not in html and "CSRF" not in html
