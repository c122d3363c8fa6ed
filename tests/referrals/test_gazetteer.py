"""The gazetteer, the routing table, and the /api/settlements/ look-up."""

import json
from pathlib import Path

import pytest

from contacts.models import EntryStatus, RegionalOmbudsman
from portal.content_version import content_changed
from referrals import routing
from referrals.gazetteer import fold
from referrals.loading import load
from referrals.models import RoutedTo, RoutingRecord, Settlement, SettlementName

KATO_SAMPLE = Path(__file__).parent / "kato_sample.csv"


@pytest.mark.parametrize(
    ("typed", "same_as"),
    [
        ("Өскемен", "Оскемен"),
        ("ӨСКЕМЕН", "oskemen"),
        ("Öskemen", "Oskemen"),
        ("Қарағанды", "Qaraghandy"),
        ("Қарағанды", "Караганды"),
        ("Жезқазған", "Jezqazgan"),
        ("Жезказган", "Zhezkazgan"),
        ("Семей", "Semey"),
        ("Усть-Каменогорск", "усть каменогорск"),
        ("г. Семей", "Семей"),
        ("Аксу ауылы", "Аксу"),
        ("Ақкөл", "Акколь"),
        ("Үржар", "Уржар"),
        ("Шығыс", "Shyghys"),
        ("Іле", "Иле"),
        ("Һ", "х"),
    ],
)
def test_it_folds_spellings_of_one_name_to_one_key(typed, same_as):
    assert fold(typed) == fold(same_as)


def test_it_keeps_different_names_apart():
    assert fold("Ақсу") != fold("Ақсуат")
    assert fold("Абай") != fold("Аягөз")


# (what a witness types, the region it must reach, the settlement's Kazakh name)
ROUTING_TABLE = [
    ("Астана", "KZ-71", "Астана"), ("Нур-Султан", "KZ-71", "Астана"), ("Целиноград", "KZ-71", "Астана"),
    ("Алматы", "KZ-75", "Алматы"), ("Алма-Ата", "KZ-75", "Алматы"), ("almaty", "KZ-75", "Алматы"),
    ("Шымкент", "KZ-79", "Шымкент"), ("Чимкент", "KZ-79", "Шымкент"), ("shymkent", "KZ-79", "Шымкент"),
    ("Семипалатинск", "KZ-10", "Семей"), ("Semey", "KZ-10", "Семей"), ("г. Семей", "KZ-10", "Семей"),
    ("Аягоз", "KZ-10", "Аягөз"), ("Уржар", "KZ-10", "Үржар"), ("Урджар", "KZ-10", "Үржар"),
    ("Кокшетау", "KZ-11", "Көкшетау"), ("Кокчетав", "KZ-11", "Көкшетау"), ("Боровое", "KZ-11", "Бурабай"),
    ("Щучинск", "KZ-11", "Щучинск"),
    ("Ақтөбе", "KZ-15", "Ақтөбе"), ("Актюбинск", "KZ-15", "Ақтөбе"), ("Уил", "KZ-15", "Ойыл"),
    ("Капшагай", "KZ-19", "Қонаев"), ("Қонаев", "KZ-19", "Қонаев"), ("Конаев", "KZ-19", "Қонаев"),
    ("Kapshagay", "KZ-19", "Қонаев"), ("Иссык", "KZ-19", "Есік"),
    ("Гурьев", "KZ-23", "Атырау"), ("Атырау", "KZ-23", "Атырау"), ("Кулсары", "KZ-23", "Құлсары"),
    ("Уральск", "KZ-27", "Орал"), ("Oral", "KZ-27", "Орал"), ("Аксай", "KZ-27", "Ақсай"),
    ("Джамбул", "KZ-31", "Тараз"), ("Тараз", "KZ-31", "Тараз"), ("Мерке", "KZ-31", "Меркі"),
    ("Талдыкорган", "KZ-33", "Талдықорған"), ("Taldyqorgan", "KZ-33", "Талдықорған"), ("Панфилов", "KZ-33", "Жаркент"),
    ("Караганда", "KZ-35", "Қарағанды"), ("Қарағанды", "KZ-35", "Қарағанды"), ("Karagandy", "KZ-35", "Қарағанды"),
    ("Балхаш", "KZ-35", "Балқаш"),
    ("Кустанай", "KZ-39", "Қостанай"), ("Костанай", "KZ-39", "Қостанай"), ("Рудный", "KZ-39", "Рудный"),
    ("Кызылорда", "KZ-43", "Қызылорда"), ("Перовск", "KZ-43", "Қызылорда"), ("Ленинск", "KZ-43", "Байқоңыр"),
    ("Шевченко", "KZ-47", "Ақтау"), ("Актау", "KZ-47", "Ақтау"), ("Новый Узень", "KZ-47", "Жаңаөзен"),
    ("Павлодар", "KZ-55", "Павлодар"), ("Экибастуз", "KZ-55", "Екібастұз"), ("Екибастуз", "KZ-55", "Екібастұз"),
    ("Ермак", "KZ-55", "Ақсу"),
    ("Петропавловск", "KZ-59", "Петропавл"), ("Petropavl", "KZ-59", "Петропавл"), ("Тайынша", "KZ-59", "Тайынша"),
    ("Туркестан", "KZ-61", "Түркістан"), ("Туркистан", "KZ-61", "Түркістан"), ("Сарыагаш", "KZ-61", "Сарыағаш"),
    ("Жезказган", "KZ-62", "Жезқазған"), ("Jezkazgan", "KZ-62", "Жезқазған"), ("Сатпаев", "KZ-62", "Сәтбаев"),
    ("Усть-Каменогорск", "KZ-63", "Өскемен"), ("Оскемен", "KZ-63", "Өскемен"), ("Oskemen", "KZ-63", "Өскемен"),
    ("Лениногорск", "KZ-63", "Риддер"), ("Зыряновск", "KZ-63", "Алтай"),
]  # fmt: skip


def test_the_routing_table_covers_every_region():
    assert len(ROUTING_TABLE) >= 60
    assert len({region for _typed, region, _name in ROUTING_TABLE}) == 20


@pytest.mark.parametrize(("typed", "region", "settlement"), ROUTING_TABLE)
def test_it_routes_a_settlement_to_its_regional_office(ombudsmen, gazetteer, typed, region, settlement):
    route = routing.decide(typed=typed)
    assert route.region.code == region
    assert route.settlement.name_kk == settlement
    assert route.method == RoutingRecord.Method.GAZETTEER
    assert route.routed_to == RoutedTo.REGIONAL_OFFICE
    assert route.ombudsman == ombudsmen[region]
    assert repr(typed) in route.reason


@pytest.mark.parametrize("typed", ["Абай", "Актогай", "Ақтоғай"])
def test_it_does_not_guess_between_places_of_the_same_name(ombudsmen, gazetteer, typed):
    route = routing.decide(typed=typed)
    assert route.region is None
    assert route.routed_to == RoutedTo.COMMISSIONER
    assert "ambiguous" in route.reason


def test_an_ambiguous_name_goes_where_the_witness_chose(ombudsmen, gazetteer, regions):
    route = routing.decide(typed="Абай", chosen_region=regions["KZ-61"])
    assert route.region.code == "KZ-61"
    assert route.method == RoutingRecord.Method.WITNESS_CHOICE
    assert route.routed_to == RoutedTo.REGIONAL_OFFICE
    assert "ambiguous" in route.reason and "KZ-35" in route.reason and "KZ-61" in route.reason


@pytest.mark.parametrize("typed", ["Лондон", "Нигдебург", "qwerty"])
def test_an_unknown_name_goes_to_the_commissioner_unless_the_witness_chose(ombudsmen, gazetteer, regions, typed):
    route = routing.decide(typed=typed)
    assert (route.region, route.routed_to, route.method) == (None, RoutedTo.COMMISSIONER, RoutingRecord.Method.UNKNOWN)
    assert "not in the gazetteer" in route.reason
    chosen = routing.decide(typed=typed, chosen_region=regions["KZ-47"])
    assert (chosen.region.code, chosen.routed_to) == ("KZ-47", RoutedTo.REGIONAL_OFFICE)


def test_an_inactive_ombudsman_sends_the_referral_to_the_commissioner(ombudsmen, gazetteer):
    ombudsmen["KZ-10"].status = EntryStatus.UNAVAILABLE
    ombudsmen["KZ-10"].save()
    route = routing.decide(typed="Семей")
    assert route.region.code == "KZ-10"
    assert route.routed_to == RoutedTo.COMMISSIONER
    assert route.ombudsman is None
    assert "not active" in route.reason and "Commissioner" in route.reason


def test_a_region_without_an_ombudsman_sends_the_referral_to_the_commissioner(regions, gazetteer):
    RegionalOmbudsman.objects.filter(region=regions["KZ-10"]).delete()
    route = routing.decide(typed="Семей")
    assert route.routed_to == RoutedTo.COMMISSIONER
    assert "no ombudsman" in route.reason


def test_the_gazetteer_loads_every_region_and_loads_only_once(regions):
    load(classifier=KATO_SAMPLE)
    counts = (Settlement.objects.count(), SettlementName.objects.count())
    assert counts[0] >= 200
    assert Settlement.objects.values("region").distinct().count() == 20
    load(classifier=KATO_SAMPLE)
    assert (Settlement.objects.count(), SettlementName.objects.count()) == counts


def test_the_gazetteer_keeps_what_staff_edited(regions):
    load(classifier=KATO_SAMPLE)
    semey = Settlement.objects.get(name_kk="Семей")
    semey.name_en = "Semei"
    semey.save()
    load(classifier=KATO_SAMPLE)
    assert Settlement.objects.get(pk=semey.pk).name_en == "Semei"


def test_the_gazetteer_skips_regions_that_are_not_in_the_directory(db, tmp_path):
    path = tmp_path / "gazetteer.json"
    path.write_text(json.dumps([{"region": "KZ-10", "kind": "city", "name_kk": "Семей", "variants": []}]))
    assert "1 entries skipped" in load(path, classifier=None)
    assert not Settlement.objects.exists()


def test_the_api_answers_each_match_with_its_names_and_region(client, gazetteer):
    response = client.get("/api/settlements/", {"q": "Семипалатинск"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["name"] == {"kk": "Семей", "ru": "Семей", "en": "Semei"}
    assert results[0]["region"]["code"] == "KZ-10"
    assert results[0]["region"]["name"]["ru"] == "область Абай"
    assert "Семипалатинск" in results[0]["other_names"]
    assert response["Cache-Control"] == "no-store"


def test_the_api_suggests_names_as_they_are_typed(client, gazetteer):
    results = client.get("/api/settlements/", {"q": "оске"}).json()["results"]
    assert [r["name"]["kk"] for r in results] == ["Өскемен"]
    assert client.get("/api/settlements/", {"q": "о"}).json()["results"] == []


def test_the_api_lists_places_in_one_query_per_kind_of_row(client, gazetteer, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        results = client.get("/api/settlements/", {"q": "ак"}).json()["results"]
    assert len(results) == 10


def test_a_repeated_prefix_is_answered_from_memory_while_nothing_changed(gazetteer, django_assert_num_queries):
    from referrals import gazetteer as places

    first = places.suggestions_json("Семип")
    assert json.loads(first)[0]["name"]["kk"] == "Семей"
    with django_assert_num_queries(0):
        assert places.suggestions_json("семип") is first  # the same key once folded

    # After a change of content, the index is built again (its three queries), and the answer with it.
    content_changed()
    with django_assert_num_queries(3):
        again = places.suggestions_json("Семип")
    assert again is not first and json.loads(again) == json.loads(first)


def test_a_prefix_nobody_typed_before_needs_no_query(gazetteer, django_assert_num_queries):
    from referrals import gazetteer as places

    places.suggestions_json("Семип")
    with django_assert_num_queries(0):
        assert [r["name"]["kk"] for r in json.loads(places.suggestions_json("оске"))] == ["Өскемен"]
        assert places.suggest("Семипалатинс")[0]["name"]["kk"] == "Семей"


def test_a_staff_edit_of_a_settlement_shows_in_the_suggestions_at_once(gazetteer):
    from referrals import gazetteer as places

    assert places.suggest("Өскемен")[0]["name"]["en"] == "Oskemen"
    settlement = Settlement.objects.get(name_kk="Өскемен")
    settlement.name_en = "Öskemen"
    settlement.save()
    assert places.suggest("Өскемен")[0]["name"]["en"] == "Öskemen"
    SettlementName.objects.create(settlement=settlement, name="Усть-Кам", key=fold("Усть-Кам"), kind="variant")
    assert "Усть-Кам" in places.suggest("Өскемен")[0]["other_names"]
    settlement.is_retired = True
    settlement.save()
    assert places.suggest("Өскемен") == []


def _suggested_by_the_database(key, limit=10):
    # The suggestions' order, as the database gives it: what the index must agree with.
    from django.db.models import Case, IntegerField, Value, When
    from django.db.models.functions import Length

    kind_order = Case(
        When(settlement__kind="city", settlement__region__kind="city", then=Value(-1)),
        When(settlement__offered_first=True, then=Value(0)),
        When(settlement__kind="city", then=Value(1)),
        When(settlement__kind="village", then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )
    names = (
        SettlementName.objects.filter(key__startswith=key, settlement__is_retired=False)
        .annotate(
            exact=Case(When(key=key, then=Value(0)), default=Value(1), output_field=IntegerField()),
            kind_order=kind_order,
            length=Length("key"),
        )
        .order_by("exact", "kind_order", "length", "settlement__region__position", "key", "settlement_id")
        .values_list("settlement_id", flat=True)[: limit * 4]
    )
    return list(dict.fromkeys(names))[:limit]


def test_the_index_lists_every_prefix_as_the_database_orders_it(gazetteer):
    from referrals import gazetteer as places

    Settlement.objects.filter(pk__in=Settlement.objects.order_by("pk").values("pk")[:3]).update(is_retired=True)
    places.forget_recent()
    prefixes = sorted(
        {key[:length] for key in SettlementName.objects.values_list("key", flat=True) for length in (2, 3, 4)}
    )
    assert len(prefixes) > 100

    def place(pk):
        settlement = Settlement.objects.select_related("region").get(pk=pk)
        return (settlement.name_kk, settlement.kato_code or "", settlement.region.code)

    for prefix in prefixes:
        expected = [place(pk) for pk in _suggested_by_the_database(prefix)]
        found = [(r["name"]["kk"], r["kato_code"], r["region"]["code"]) for r in places.suggest(prefix)]
        assert found == expected, prefix


def test_a_places_other_names_come_in_one_order_on_every_database(regions):
    from referrals import gazetteer as places

    settlement = Settlement.objects.create(
        region=regions["KZ-10"], kind="village", name="Ұлан", name_kk="Ұлан", name_ru="Улан", name_en="Ulan"
    )
    names = [("official", "Ұлан"), ("variant", "Уланское"), ("variant", "Ulanka"), ("former", "Молодёжное")]
    for kind, name in names:
        SettlementName.objects.create(settlement=settlement, key=fold(name), name=name, kind=kind)
    (found,) = places.suggest("Ұлан")
    # By kind (former before variant), then code point by code point: Latin before Cyrillic.
    assert found["other_names"] == ["Молодёжное", "Ulanka", "Уланское"]
