"""The guidance as `load_manual_data` loads it, over the real directory (fixtures/contacts.json)."""

import pytest

from contacts.models import Region
from guidance import loading


@pytest.fixture
def directory(real_directory):
    return Region.objects.all()


@pytest.fixture
def guidance(directory):
    loading.load()
