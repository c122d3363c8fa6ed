"""Encryption keys can be rotated without losing what witnesses wrote."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from contacts.models import Region
from portal import crypto
from referrals.models import Referral, RoutedTo

pytestmark = pytest.mark.django_db


def raw_account(referral):
    with connection.cursor() as cursor:
        cursor.execute("SELECT account FROM referrals_referral WHERE id = %s", [referral.pk])
        return cursor.fetchone()[0]


def test_rotating_re_encrypts_every_value_with_the_new_key(settings):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    region = Region.objects.create(code="KZ-71", slug="astana", name_kk="Астана", kind="city", position=1)
    referral = Referral.objects.create(
        reference="KZ-TEST-0001",
        follow_up_code_hash="!",
        language="kk",
        region=region,
        routed_to=RoutedTo.REGIONAL_OFFICE,
        date_precision="unknown",
        account="Ол баланы алып кетті",
    )
    written_with_old = raw_account(referral)

    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_field_keys", stdout=io.StringIO())
    rotated = raw_account(referral)
    assert rotated != written_with_old and "Ол баланы" not in rotated

    # The old key can now go: everything reads with the new one alone.
    settings.FIELD_ENCRYPTION_KEYS = [new]
    assert Referral.objects.get(pk=referral.pk).account == "Ол баланы алып кетті"
    settings.FIELD_ENCRYPTION_KEYS = [old]
    with pytest.raises(ImproperlyConfigured, match="FIELD_ENCRYPTION_KEYS"):
        Referral.objects.get(pk=referral.pk).account  # noqa: B018
    crypto._fernet.cache_clear()
