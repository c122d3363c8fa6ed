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


@pytest.fixture
def manual_data(db):
    """The manual's directory, guidance and gazetteer, as `make run` loads them."""
    call_command("load_manual_data", stdout=io.StringIO())
