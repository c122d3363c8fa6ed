"""The sixteen encrypted columns of a referral carried into its two encrypted values, and back."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("referrals", "0009_gazetteer_from_the_classifier")]
AFTER = [("referrals", "0012_remove_one_column_per_answer")]
WORDS = {
    "account": "Ер адам қызды ақ көлікке отырғызбақ болды",
    "place_description": "Подъезд у дома 12",
    "suspect_clothing": "dark jacket",
    "vehicle_plate": "123 ?B? 02",
    "settlement_typed": "Семипалатинск",
}
IDENTITY = {"witness_name": "Айгүл", "witness_phone": "+77011234567"}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def old_referral(apps, reference, **fields):
    Referral = apps.get_model("referrals", "Referral")
    return Referral.objects.create(
        reference=reference,
        follow_up_code_hash="!",
        language="kk",
        routed_to="commissioner",
        date_precision="unknown",
        **fields,
    )


def test_old_columns_are_carried_into_the_two_values_and_back():
    try:
        old_apps = migrate(BEFORE)
        old_referral(old_apps, "AAAA-AAAA", **WORDS, **IDENTITY)
        old_referral(old_apps, "BBBB-BBBB")  # nothing written at all

        new_apps = migrate(AFTER)
        Referral = new_apps.get_model("referrals", "Referral")
        full = Referral.objects.get(reference="AAAA-AAAA")
        assert full.witness_words == WORDS
        assert full.identity == IDENTITY
        empty = Referral.objects.get(reference="BBBB-BBBB")
        assert (empty.witness_words, empty.identity) == ({}, {})
        with connection.cursor() as cursor:
            cursor.execute("SELECT witness_words, identity FROM referrals_referral WHERE reference = 'AAAA-AAAA'")
            stored = cursor.fetchone()
        assert all(value.startswith("fernet:") and "Айгүл" not in value for value in stored)

        back_apps = migrate(BEFORE)
        Referral = back_apps.get_model("referrals", "Referral")
        again = Referral.objects.get(reference="AAAA-AAAA")
        for name, value in {**WORDS, **IDENTITY}.items():
            assert getattr(again, name) == value
        assert Referral.objects.get(reference="BBBB-BBBB").account == ""
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())


def test_the_model_reads_what_the_migration_wrote():
    try:
        old_referral(migrate(BEFORE), "CCCC-CCCC", account="Көрдім", witness_email="a@example.kz")
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    from referrals.models import Referral

    referral = Referral.objects.get(reference="CCCC-CCCC")
    assert (referral.account, referral.witness_email, referral.vehicle_plate) == ("Көрдім", "a@example.kz", "")
