"""The error pages on the report's pages say what happened to the witness's answers."""

import pytest
from django.db import OperationalError
from django.test import Client
from journey import fill, url


@pytest.fixture
def quiet_client(settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    client = Client()
    client.raise_request_exception = False
    return client


def test_a_server_error_while_sending_says_what_happened_to_the_report(quiet_client, directory, monkeypatch):
    fill(quiet_client, "ru")

    def broken(**kwargs):
        raise OperationalError("the database is restarting")

    monkeypatch.setattr("referrals.services.referral_submit", broken)
    response = quiet_client.post(url("check", "ru"), {"website": ""})
    assert response.status_code == 500
    html = response.content.decode()
    assert "У нас что-то пошло не так" in html and "Покинуть страницу" in html and 'href="tel:102"' in html
    assert "Сообщение никогда не отправляется дважды" in html
    # The draft survived: once the database is back, Send works.
    monkeypatch.undo()
    assert quiet_client.post(url("check", "ru"), {"website": ""})["Location"] == url("sent", "ru")


def test_a_failed_csrf_check_on_a_step_keeps_what_was_typed(directory):
    client = Client(enforce_csrf_checks=True)
    account = "Мужчина звал девочку в машину у школы"
    response = client.post(url("step", "ru", slug="what"), {"category": "luring", "account": account})
    assert response.status_code == 403
    html = response.content.decode()
    assert account in html
    assert "браузер не отправил файл cookie" in html
    assert 'name="csrfmiddlewaretoken"' in html  # a fresh token: pressing the button again works
