"""Shared people and places: every test has a region A and B, an official of each, a
national coordinator, a directory editor and an anonymous visitor."""

import pytest
from django.test import Client

from referrals.roles import DIRECTORY_EDITOR, NATIONAL_COORDINATOR, REGIONAL_OFFICIAL

from .factories import make_referral, make_region, make_staff, sign_in


@pytest.fixture
def region_a(db):
    return make_region("KZ-75", "Almaty", name_kk="Алматы", name_ru="Алматы")


@pytest.fixture
def region_b(db):
    return make_region("KZ-71", "Astana", name_kk="Астана", name_ru="Астана")


@pytest.fixture
def official_a(region_a):
    return make_staff("official-a", REGIONAL_OFFICIAL, [region_a])


@pytest.fixture
def official_b(region_b):
    return make_staff("official-b", REGIONAL_OFFICIAL, [region_b])


@pytest.fixture
def coordinator(db):
    return make_staff("coordinator", NATIONAL_COORDINATOR)


@pytest.fixture
def editor(db):
    return make_staff("editor", DIRECTORY_EDITOR)


@pytest.fixture
def referral_a(region_a):
    return make_referral(
        region_a,
        witness_name="Aigerim Test",
        witness_phone="+77010000000",
        identity_may_be_shared=True,
        may_contact=True,
    )


@pytest.fixture
def referral_b(region_b):
    return make_referral(region_b)


@pytest.fixture
def client_for():
    """A verified (password + second factor) client for a user; None gives an anonymous one."""

    def build(user, *, verified=True):
        client = Client()
        return sign_in(client, user, verified=verified) if user is not None else client

    return build
