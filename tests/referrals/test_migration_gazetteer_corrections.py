"""The data migration that brings a gazetteer loaded before the content review along."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from factories import make_referral

from referrals.gazetteer import fold
from referrals.models import RoutingRecord, Settlement, SettlementName

MIGRATION = importlib.import_module("referrals.migrations.0014_curated_gazetteer_as_the_review_corrected_it")


def run_migration():
    apps = MigrationLoader(connection).project_state(("referrals", MIGRATION.__name__.rsplit(".", 1)[1])).apps
    MIGRATION.forward(apps, None)


def place(region, name_kk, name_ru, name_en, district_kk="", kato_code=None, kind="district_centre"):
    settlement = Settlement.objects.create(
        region=region, kind=kind, kato_code=kato_code, offered_first=True, name=name_kk,
        name_kk=name_kk, name_ru=name_ru, name_en=name_en, district=district_kk, district_kk=district_kk,
    )  # fmt: skip
    for name in {name_kk, name_ru, name_en}:
        SettlementName.objects.get_or_create(settlement=settlement, key=fold(name), defaults={"name": name})
    return settlement


def test_a_place_loaded_by_its_former_name_takes_its_official_one(regions):
    old = place(regions["KZ-23"], "Ганюшкино", "Ганюшкино", "Ganyushkino", "Құрманғазы ауданы")
    run_migration()
    old.refresh_from_db()
    assert (old.name_kk, old.name_ru, old.name_en) == ("Құрманғазы", "Курмангазы", "Kurmangazy")
    former = SettlementName.objects.get(settlement=old, key=fold("Ганюшкино"))
    assert former.kind == SettlementName.Kind.VARIANT


def test_corrected_russian_english_and_district_names_reach_a_loaded_place(regions):
    saiotes = place(regions["KZ-47"], "Сайөтес", "Сайутес", "Sayutes", "Бейнеу ауданы", kind="village")
    saran = place(regions["KZ-35"], "Саран", "Саран", "Saran", kind="city")
    run_migration()
    saiotes.refresh_from_db()
    saran.refresh_from_db()
    assert (saiotes.name_en, saiotes.district_kk) == ("Saiotes", "Маңғыстау ауданы")
    assert saran.name_ru == "Сарань"
    # "Саран" is still the Kazakh name: it stays an official one.
    assert SettlementName.objects.get(settlement=saran, key=fold("Саран")).kind == SettlementName.Kind.OFFICIAL


def test_a_name_that_belongs_to_another_place_is_removed(regions):
    borovskoi = place(regions["KZ-39"], "Боровской", "Боровское", "Borovskoye", "Меңдіқара ауданы")
    run_migration()
    borovskoi.refresh_from_db()
    assert (borovskoi.name_ru, borovskoi.name_en) == ("Боровской", "Borovskoi")
    assert not SettlementName.objects.filter(settlement=borovskoi, key=fold("Боровское")).exists()


def test_what_staff_changed_is_kept(regions):
    semei = place(regions["KZ-10"], "Семей", "Семей", "Semey town", kind="city")
    run_migration()
    semei.refresh_from_db()
    assert semei.name_en == "Semey town"


def test_a_renamed_place_loaded_twice_is_one_place_again_with_its_referrals(regions):
    old = place(regions["KZ-35"], "Киевка", "Киевка", "Kiyevka", "Нұра ауданы")
    new = place(regions["KZ-35"], "Нұра", "Нура", "Nura", "Нұра ауданы")
    referral = make_referral(regions["KZ-35"], settlement=old)
    RoutingRecord.objects.filter(referral=referral).update(matched_settlement=old)
    run_migration()
    assert not Settlement.objects.filter(pk=old.pk).exists()
    referral.refresh_from_db()
    assert referral.settlement_id == new.pk
    assert RoutingRecord.objects.get(referral=referral).matched_settlement_id == new.pk
    assert SettlementName.objects.filter(settlement=new, key=fold("Киевка")).exists()


def test_the_districts_of_the_three_cities_take_their_kazakh_names(regions):
    esil = place(regions["KZ-71"], "район Есиль", "район Есиль", "район Есиль", kato_code="711210000",
                 kind="city_district")  # fmt: skip
    run_migration()
    esil.refresh_from_db()
    assert (esil.name_kk, esil.name_ru, esil.name_en) == ("Есіл ауданы", "район Есиль", "Esil District")


@pytest.mark.parametrize(("typed", "region"), [("Құрманғазы", "KZ-23"), ("Есіл", "KZ-71")])
def test_after_the_migration_a_reload_finds_the_corrected_places(regions, typed, region):
    from referrals.gazetteer import find
    from referrals.loading import load

    place(regions["KZ-23"], "Ганюшкино", "Ганюшкино", "Ganyushkino", "Құрманғазы ауданы")
    place(regions["KZ-71"], "район Есиль", "район Есиль", "район Есиль", kato_code="711210000", kind="city_district")
    run_migration()
    load(classifier=None)
    assert Settlement.objects.filter(region__code="KZ-23", name_kk="Құрманғазы").count() == 1
    assert region in {settlement.region.code for settlement in find(typed).settlements}
