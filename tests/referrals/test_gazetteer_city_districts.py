"""The districts of Astana, Almaty and Shymkent are places of their city.

A witness in Astana's Есіл district may type only "Есіл": the name of a town in Akmola
region too. Without the district in the gazetteer the referral would go silently to
Akmola's office; with it, the witness is asked which place they mean.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings

from referrals import routing
from referrals.gazetteer import find
from referrals.models import RoutedTo, RoutingRecord, Settlement

# (what a witness types, the city whose district it names, the other region of that name)
SHARED_NAMES = [
    ("Есіл", "KZ-71", "KZ-11"),
    ("Есиль", "KZ-71", "KZ-11"),
    ("Байқоңыр", "KZ-71", "KZ-43"),
    ("Байконур", "KZ-71", "KZ-43"),
    ("Нұра", "KZ-71", "KZ-35"),
    ("Нура", "KZ-71", "KZ-35"),
    ("Сарайшық", "KZ-71", "KZ-23"),
    ("Алатау", "KZ-75", "KZ-19"),
    ("Әуезов", "KZ-75", "KZ-10"),
    ("Ауэзов", "KZ-75", "KZ-10"),
    ("Қаратау", "KZ-79", "KZ-31"),
    ("Каратау", "KZ-79", "KZ-31"),
    ("Абай", "KZ-79", "KZ-35"),
]


@pytest.mark.parametrize(("typed", "city", "elsewhere"), SHARED_NAMES)
def test_a_district_name_shared_with_another_place_asks_which_place(gazetteer, typed, city, elsewhere):
    lookup = find(typed)
    assert lookup.is_ambiguous, [str(settlement) for settlement in lookup.settlements]
    offered = {settlement.region.code for settlement in lookup.settlements if settlement.offered_first}
    assert {city, elsewhere} <= offered


@pytest.mark.parametrize(("typed", "city", "elsewhere"), SHARED_NAMES)
def test_it_is_not_routed_silently_and_goes_where_the_witness_chose(
    ombudsmen, gazetteer, regions, typed, city, elsewhere
):
    route = routing.decide(typed=typed)
    assert (route.region, route.routed_to) == (None, RoutedTo.COMMISSIONER)
    assert "ambiguous" in route.reason
    chosen = routing.decide(typed=typed, chosen_region=regions[city])
    assert (chosen.region.code, chosen.routed_to) == (city, RoutedTo.REGIONAL_OFFICE)
    assert chosen.method == RoutingRecord.Method.WITNESS_CHOICE


@pytest.mark.parametrize(
    ("typed", "city"),
    [("Алатауский район", "KZ-75"), ("Ауэзовский район", "KZ-75"), ("Каратауский район", "KZ-79"),
     ("Бостандық", "KZ-75"), ("Түрксіб", "KZ-75"), ("Әл-Фараби ауданы", "KZ-79"), ("Тұран", "KZ-79"),
     ("Сарыаркинский район", "KZ-71")],
)  # fmt: skip
def test_a_name_only_a_district_of_a_city_has_goes_to_its_city(ombudsmen, gazetteer, typed, city):
    route = routing.decide(typed=typed)
    assert (route.region.code, route.routed_to) == (city, RoutedTo.REGIONAL_OFFICE)


def test_the_cities_themselves_still_come_before_their_namesake_districts(ombudsmen, gazetteer):
    # Astana has a district named Алматы: "Алматы" still means the city.
    assert routing.decide(typed="Алматы").region.code == "KZ-75"


@pytest.mark.parametrize("typed", ["Есіл ауданы", "Нұра ауданы"])
def test_the_word_district_does_not_say_which_city_or_region(ombudsmen, gazetteer, typed):
    # Akmola and Karaganda regions have an Есіл and a Нұра district too: the witness is asked.
    assert routing.decide(typed=typed).region is None


def test_the_districts_carry_their_kazakh_names_and_the_classifiers_russian(gazetteer):
    esil = Settlement.objects.get(kato_code="711210000")
    assert (esil.kind, esil.region.code) == (Settlement.Kind.CITY_DISTRICT, "KZ-71")
    assert (esil.name_kk, esil.name_ru, esil.name_en) == ("Есіл ауданы", "район Есиль", "Esil District")
    assert Settlement.objects.get(kato_code="751310000").name_kk == "Әуезов ауданы"


def test_districts_created_after_the_classifier_are_there_with_their_source(gazetteer):
    entries = json.loads((Path(settings.BASE_DIR) / "fixtures" / "gazetteer.json").read_text(encoding="utf-8"))
    later = {(e["region"], e["name_kk"]) for e in entries if e["kind"] == "city_district" and not e["kato"]}
    assert later == {("KZ-71", "Нұра ауданы"), ("KZ-71", "Сарайшық ауданы"), ("KZ-79", "Тұран ауданы")}
    assert all(e.get("source") for e in entries if e["kind"] == "city_district" and not e["kato"])
    for region, name in later:
        settlement = Settlement.objects.get(region__code=region, name_kk=name)
        assert settlement.kind == Settlement.Kind.CITY_DISTRICT and settlement.offered_first


def test_every_district_of_the_three_cities_is_a_place_of_its_city(full_gazetteer):
    districts = Settlement.objects.filter(kind=Settlement.Kind.CITY_DISTRICT)
    by_city = {code: set(districts.filter(region__code=code).values_list("name_kk", flat=True)) for code in
               ("KZ-71", "KZ-75", "KZ-79")}  # fmt: skip
    assert by_city == {
        "KZ-71": {"Алматы ауданы", "Байқоңыр ауданы", "Есіл ауданы", "Нұра ауданы", "Сарайшық ауданы",
                  "Сарыарқа ауданы"},
        "KZ-75": {"Алатау ауданы", "Алмалы ауданы", "Әуезов ауданы", "Бостандық ауданы", "Жетісу ауданы",
                  "Медеу ауданы", "Наурызбай ауданы", "Түрксіб ауданы"},
        "KZ-79": {"Абай ауданы", "Әл-Фараби ауданы", "Еңбекші ауданы", "Қаратау ауданы", "Тұран ауданы"},
    }  # fmt: skip
