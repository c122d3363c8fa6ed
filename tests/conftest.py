"""Fixtures shared by the whole suite.

Browser journeys (tests/browser/) drive Debian's Chromium through Playwright; see
tests/browser/conftest.py. Here: the language reset and the manual's data.
"""

import io

import pytest
from django.core.management import call_command
from django.utils import translation


@pytest.fixture(autouse=True)
def _reset_language():
    # A test that activates a language must not leak it into the next one.
    yield
    translation.activate("kk")


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Each test has its own database; pages cached by another test's data must not show.
    from django.core.cache import cache

    from portal import page_cache

    cache.clear()
    page_cache.forget_recent()
    yield


@pytest.fixture
def manual_data(db):
    """The manual's directory, guidance and gazetteer, as `make run` loads them."""
    call_command("load_manual_data", stdout=io.StringIO())


@pytest.fixture
def admin_client(client, admin_user):
    """A superuser signed in as on the office sign-in page: password and second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    client.force_login(admin_user)
    device = TOTPDevice.objects.create(user=admin_user, name="authenticator", confirmed=True)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client
