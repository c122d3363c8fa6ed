"""Fixtures shared by the whole suite.

Browser journeys (tests/browser/) drive Debian's Chromium through Playwright; see
tests/browser/conftest.py. Here: the language reset, the manual's data and its directory.
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

    from portal import content_version, page_cache
    from referrals import gazetteer

    cache.clear()
    content_version.unsubscribe()
    page_cache.forget_recent()
    gazetteer.forget_recent()
    yield


@pytest.fixture
def manual_data(db):
    """The manual's directory, guidance and gazetteer, as `make run` loads them."""
    call_command("load_manual_data", stdout=io.StringIO())


@pytest.fixture(scope="session")
def _real_directory_rows(django_db_setup, django_db_blocker):
    """The directory's rows, loaded once per test process by the portal's own loader."""
    from django.db import transaction

    from contacts import loading
    from contacts.models import NationalService, PhoneNumber, Region, RegionalOmbudsman

    with django_db_blocker.unblock(), transaction.atomic():
        loading.load()
        rows = []
        for model in (Region, RegionalOmbudsman, NationalService, PhoneNumber):
            columns = [field.attname for field in model._meta.concrete_fields]
            # Only the per-language columns: the translated field (`name`) stands for the
            # active language's column.
            columns = [name for name in columns if f"{name}_kk" not in columns]
            rows.append((model, list(model.objects.values(*columns))))
        transaction.set_rollback(True)
    return rows


@pytest.fixture
def real_directory(db, _real_directory_rows):
    """The directory as the portal loads it (fixtures/contacts.json): the 20 regions in the
    manual's order with their ombudsmen and numbers, and the national services. Keyed by
    region code. Copied from one load per process: the loader validates every entry, which
    takes longer than the tests that use it."""
    from django.core.management.color import no_style
    from django.db import connection

    from contacts.models import Region

    models = [model for model, _rows in _real_directory_rows]
    for model, rows in _real_directory_rows:
        model.objects.bulk_create(model(**row) for row in rows)
    # The rows keep their ids: move PostgreSQL's sequences past them, as loaddata does.
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)
    return {region.code: region for region in Region.objects.order_by("position")}


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
