"""Fixtures for the witness's side: the real directory (20 regions, their ombudsmen, the
Commissioner) and the gazetteer."""

import pytest
from django.core.cache import cache

from contacts.models import NationalService, RegionalOmbudsman


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
    # The manual gives no ombudsman an e-mail address; the notifications need one to go to.
    found = {}
    for code, region in regions.items():
        ombudsman = RegionalOmbudsman.objects.get(region=region)
        ombudsman.email = f"{code.lower()}@ombudsman.example.kz"
        ombudsman.save(update_fields=["email"])
        found[code] = ombudsman
    return found


@pytest.fixture
def commissioner(real_directory):
    return NationalService.objects.get(kind=NationalService.Kind.COMMISSIONER)


@pytest.fixture
def gazetteer(regions):
    from referrals.loading import load

    load()


@pytest.fixture
def directory(ombudsmen, commissioner, gazetteer):
    """Everything a submission needs: regions, active ombudsmen, the Commissioner, the gazetteer."""
    return ombudsmen
