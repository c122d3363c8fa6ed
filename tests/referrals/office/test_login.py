"""Signing in: password and TOTP code; wrong attempts throttled and recorded by django-axes."""

import pytest
from axes.models import AccessAttempt
from django.test import Client, override_settings
from django.urls import reverse
from django_otp.oath import totp
from factories import add_device

LOGIN = reverse("office:login")


def code(device, offset=0):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset):06d}"


def test_it_signs_in_with_password_and_code(official_a):
    device = add_device(official_a)
    client = Client()
    response = client.post(
        LOGIN, {"username": "official-a", "password": "x-password-123", "token": code(device), "next": "/kk/office/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/kk/office/"
    assert client.get(reverse("office:worklist")).status_code == 200


@pytest.mark.parametrize(
    ("password", "token"), [("x-password-123", "000000"), ("wrong-password", None), ("x-password-123", "")]
)
def test_it_refuses_a_wrong_password_or_code(official_a, password, token):
    device = add_device(official_a)
    client = Client()
    if token is None:
        token = code(device)
    response = client.post(LOGIN, {"username": "official-a", "password": password, "token": token})
    assert response.status_code == 400
    assert client.get(reverse("office:worklist")).status_code == 302


def test_it_refuses_an_account_without_a_device(official_a):
    response = Client().post(LOGIN, {"username": "official-a", "password": "x-password-123", "token": "123456"})
    assert response.status_code == 400


def test_it_does_not_follow_a_next_link_to_another_site(official_a):
    device = add_device(official_a)
    response = Client().post(
        LOGIN,
        {
            "username": "official-a",
            "password": "x-password-123",
            "token": code(device),
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("office:worklist")


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
def test_it_throttles_and_records_repeated_failures(official_a):
    device = add_device(official_a)
    client = Client()
    for _attempt in range(3):
        client.post(LOGIN, {"username": "official-a", "password": "x-password-123", "token": "000000"})
    assert AccessAttempt.objects.get(username="official-a").failures_since_start == 3
    # Now even the right password and code are refused.
    response = client.post(LOGIN, {"username": "official-a", "password": "x-password-123", "token": code(device)})
    assert response.status_code in (403, 429)
    assert client.get(reverse("office:worklist")).status_code == 302


def test_it_signs_out_with_a_post(client_for, official_a):
    client = client_for(official_a)
    assert client.post(reverse("office:logout")).status_code == 302
    assert client.get(reverse("office:worklist")).status_code == 302
