"""Fixtures of the referrals tests, both sides.

The witness's side: the real directory (20 regions, their ombudsmen, the Commissioner)
and the gazetteer. The office's side: every test has a region A and B, an official of
each, a national coordinator, a directory editor and an anonymous visitor.
"""

from pathlib import Path

import pytest
from django.core.cache import cache
from django.test import Client
from factories import make_referral, make_staff, sign_in

from contacts.models import NationalService, RegionalOmbudsman
from referrals.models import OfficeAddress
from referrals.roles import DIRECTORY_EDITOR, NATIONAL_COORDINATOR, REGIONAL_OFFICIAL


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and throttles live in the cache: each test starts with none counted.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def regions(real_directory):
    return real_directory


@pytest.fixture
def ombudsmen(regions):
    # The manual gives no office an e-mail address; the notifications need one to go to.
    found = {}
    for code, region in regions.items():
        OfficeAddress.objects.create(region=region, email=f"{code.lower()}@ombudsman.example.kz")
        found[code] = RegionalOmbudsman.objects.get(region=region)
    return found


@pytest.fixture
def commissioner(real_directory):
    # The Commissioner's office is told at the address a coordinator set: here, its public one.
    service = NationalService.objects.get(kind=NationalService.Kind.COMMISSIONER)
    OfficeAddress.objects.get_or_create(region=None, defaults={"email": service.email})
    return service


# A sample of the classifier: the rows the curated entries are joined to, the three
# cities' districts, every "Жамбыл", "Аксу", "Есиль" village, and the units above them.
# Loading all 16,264 rows in every test would be slow; `full_gazetteer` does it where needed.
KATO_SAMPLE = Path(__file__).parent / "kato_sample.csv"


@pytest.fixture
def gazetteer(regions):
    from referrals.loading import load

    load(classifier=KATO_SAMPLE)


@pytest.fixture
def full_gazetteer(regions):
    from referrals.loading import KATO_FILE, load

    load(classifier=KATO_FILE)


@pytest.fixture
def directory(ombudsmen, commissioner, gazetteer):
    """Everything a submission needs: regions, active ombudsmen, the Commissioner, the gazetteer."""
    return ombudsmen


# --- The office's side ------------------------------------------------------------------


def _with_office_email(region):
    # The manual gives no office an e-mail address; the notifications need one to go to.
    OfficeAddress.objects.get_or_create(region=region, defaults={"email": f"{region.code}@example.kz"})
    return region


@pytest.fixture
def region_a(real_directory):
    return _with_office_email(real_directory["KZ-75"])


@pytest.fixture
def region_b(real_directory):
    return _with_office_email(real_directory["KZ-71"])


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
