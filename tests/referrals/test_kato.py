"""The national classifier (KATO) in the gazetteer: reading both layouts, loading, keeping it
current, and routing by it."""

import io
import re
from pathlib import Path

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from referrals import kato, routing
from referrals.gazetteer import find, suggest
from referrals.loading import KATO_FILE, load
from referrals.models import Referral, RoutedTo, RoutingRecord, Settlement

KATO_SAMPLE = Path(__file__).parent / "kato_sample.csv"

CSV_SAMPLE = """\ufeffid;parent_id;code;name
1;0;100000000;область Абай
236;1;103200000;Абайский район
237;236;103233000;Архатский с.о.
238;237;103233100;с.Архат
239;238;103233102;зимовка Кызылтас
16246;0;710000000;г.Астана
16248;16246;711210000;район Есиль
"""


def excel(rows):
    """The Bureau's layout: te, ab, cd, ef, hij, k, name_kaz, name_rus, nn."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(kato.EXCEL_COLUMNS))
    for number, (code, name_kk, name_ru) in enumerate(rows, start=1):
        sheet.append([code, code[:2], code[2:4], code[4:6], code[6:], "", name_kk, name_ru, number])
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


EXCEL_SAMPLE = [
    ("100000000", "Абай облысы", "область Абай"),
    ("103200000", "Абай ауданы", "Абайский район"),
    ("103233000", "Архат ауылдық округі", "Архатский с.о."),
    ("103233100", "Архат ауылы", "с.Архат"),
]


def test_it_reads_the_csv_layout_with_region_district_and_rural_district():
    places = {place.code: place for place in kato.places(kato.rows_from_csv(CSV_SAMPLE))}
    assert set(places) == {"103233100", "103233102", "710000000", "711210000"}
    village = places["103233100"]
    assert (village.region_code, village.kind, village.name_ru, village.name_kk) == ("KZ-10", "village", "Архат", "")
    assert (village.district_ru, village.rural_district_ru) == ("Абайский район", "Архатский сельский округ")
    assert places["103233102"].name_ru == "зимовка Кызылтас"
    assert (places["711210000"].kind, places["711210000"].region_code) == ("city_district", "KZ-71")
    assert places["710000000"].kind == "city"


def test_it_reads_the_bureaus_excel_layout_with_its_kazakh_names():
    places = kato.places(kato.read_file("kato.xlsx", excel(EXCEL_SAMPLE)))
    assert len(places) == 1
    village = places[0]
    assert (village.code, village.name_ru, village.name_kk) == ("103233100", "Архат", "Архат ауылы")
    assert (village.district_kk, village.district_ru) == ("Абай ауданы", "Абайский район")


@pytest.mark.parametrize(
    ("text", "message"),
    [("code;name\n1;x\n", "header"), ("id;parent_id;code;name\n1;0;12ab;область\n", "line 2")],
)
def test_it_refuses_a_file_that_is_not_the_classifier(text, message):
    with pytest.raises(kato.KatoError, match=message):
        kato.rows_from_csv(text)


def test_the_loader_loads_a_sample_once_and_keeps_russian_names_in_every_language(regions, tmp_path):
    path = tmp_path / "kato.csv"
    path.write_text(CSV_SAMPLE, encoding="utf-8")
    load(classifier=path)
    counts = Settlement.objects.count()
    village = Settlement.objects.get(kato_code="103233100")
    # Nothing transliterated: the Russian name stands in Kazakh and English until staff add others.
    assert (village.name_kk, village.name_ru, village.name_en) == ("Архат", "Архат", "Архат")
    assert village.region.code == "KZ-10" and village.district_kk == "Абайский район"
    assert village.rural_district == "Архатский сельский округ"
    # The curated Astana is joined to its code rather than loaded twice.
    astana = Settlement.objects.get(kato_code="710000000")
    assert astana.name_kk == "Астана" and astana.name_en == "Astana"
    load(classifier=path)
    assert Settlement.objects.count() == counts


def test_the_curated_entries_keep_their_names_and_are_joined_to_their_codes(gazetteer):
    oskemen = Settlement.objects.get(name_kk="Өскемен")
    assert oskemen.kato_code and oskemen.kato_code.startswith("63")
    assert (oskemen.name_ru, oskemen.name_en) == ("Усть-Каменогорск", "Oskemen")
    assert oskemen.names.filter(name="Усть-Каменогорск").exists()


def test_the_full_classifier_loads_every_settlement(full_gazetteer):
    text = KATO_FILE.read_text(encoding="utf-8-sig")
    villages = re.findall(r"^\d+;\d+;(\d{9});[сп]\.Жамбыл$", text, flags=re.MULTILINE)
    assert len(villages) == 36
    lookup = find("Жамбыл")
    assert sorted(s.kato_code for s in lookup.settlements) == sorted(villages)
    assert Settlement.objects.filter(kato_code__isnull=False).count() > 13_500
    # Loading again adds nothing, and is quick enough for every `make run`.
    assert "0 settlements and 0 names added" in load(classifier=KATO_FILE)


# --- Routing by the classifier -----------------------------------------------------------


def test_a_unique_village_routes_to_its_region(ombudsmen, gazetteer):
    route = routing.decide(typed="Абралы ауылы")
    assert (route.region.code, route.routed_to) == ("KZ-10", RoutedTo.REGIONAL_OFFICE)
    assert route.settlement.kato_code == "101033100"
    assert "KATO 101033100" in route.reason


@pytest.mark.parametrize(
    ("typed", "region", "code"),
    [("Турксибский район", "KZ-75", "751910000"), ("Аль-Фарабийский район", "KZ-79", "791310000")],
)
def test_the_districts_of_a_city_route_to_the_city(ombudsmen, gazetteer, typed, region, code):
    route = routing.decide(typed=typed)
    assert (route.region.code, route.settlement.kato_code) == (region, code)
    assert route.settlement.kind == Settlement.Kind.CITY_DISTRICT


def test_a_city_district_named_like_a_town_elsewhere_is_offered_not_guessed(ombudsmen, gazetteer):
    lookup = find("Есіл")
    assert lookup.chosen is None
    assert {"KZ-71", "KZ-11"} <= {s.region.code for s in lookup.settlements}
    astana_district = next(s for s in lookup.settlements if s.region.code == "KZ-71")
    route = routing.decide(typed="Есіл", chosen_settlement=astana_district)
    assert route.region.code == "KZ-71" and route.method == RoutingRecord.Method.WITNESS_CHOICE


def test_an_ambiguous_name_offers_exactly_its_places(gazetteer):
    sample = KATO_SAMPLE.read_text(encoding="utf-8-sig")
    codes = re.findall(r"^\d+;\d+;(\d{9});[сп]\.Жамбыл$", sample, flags=re.MULTILINE)
    lookup = find("Жамбыл")
    assert lookup.is_ambiguous
    assert sorted(s.kato_code for s in lookup.settlements) == sorted(codes)


def test_a_word_saying_village_keeps_the_town_of_that_name_out(gazetteer):
    # Turkistan region's district centre Ақсу (formerly Ақсукент) shares the name; this is about the town.
    Settlement.objects.filter(region__code="KZ-61", kind=Settlement.Kind.DISTRICT_CENTRE, name_kk="Ақсу").delete()
    assert find("Ақсу").chosen.region.code == "KZ-55"  # the town
    village_lookup = find("Ақсу ауылы")
    assert village_lookup.chosen is None
    assert all(s.kind != Settlement.Kind.CITY for s in village_lookup.settlements)


def test_a_retired_place_is_no_longer_offered_and_old_referrals_keep_it(gazetteer):
    village = Settlement.objects.get(kato_code="101033100")
    referral = Referral.objects.create(
        reference="TEST-0001", routed_to=RoutedTo.COMMISSIONER, language="kk", settlement=village
    )
    village.is_retired = True
    village.save()
    assert find("Абралы").settlements == []
    assert suggest("Абралы") == []
    referral.refresh_from_db()
    assert referral.settlement == village


# --- Keeping it current -------------------------------------------------------------------


def test_the_command_reports_added_renamed_moved_and_retired(regions, tmp_path):
    path = tmp_path / "kato.csv"
    path.write_text(CSV_SAMPLE, encoding="utf-8")
    load(classifier=path)
    newer = [
        ("100000000", "Абай облысы", "область Абай"),
        ("103200000", "Абай ауданы", "Абайский район"),
        ("103233000", "Архат ауылдық округі", "Архатский с.о."),
        ("103233100", "Жаңа Архат", "с.Новый Архат"),  # renamed
        ("103233105", "Жаңа ауыл", "с.Новое"),  # added; the winter quarters 103233102 are gone
    ]
    xlsx = tmp_path / "kato.xlsx"
    xlsx.write_bytes(excel(newer))
    out = io.StringIO()
    call_command("import_kato", str(xlsx), "--dry-run", stdout=out)
    assert "Would change: 1 added, 1 renamed, 0 moved, 1 retired" in out.getvalue()
    assert not Settlement.objects.filter(kato_code="103233105").exists()

    call_command("import_kato", str(xlsx), stdout=io.StringIO())
    renamed = Settlement.objects.get(kato_code="103233100")
    assert (renamed.name_kk, renamed.name_ru, renamed.name_en) == ("Жаңа Архат", "Новый Архат", "Жаңа Архат")
    assert find("Архат").settlements == [renamed]  # the former name still finds it
    assert Settlement.objects.get(kato_code="103233102").is_retired
    assert Settlement.objects.get(kato_code="103233105").name_kk == "Жаңа ауыл"


def test_the_command_reports_a_move_to_another_district(regions, tmp_path):
    path = tmp_path / "kato.csv"
    path.write_text(CSV_SAMPLE, encoding="utf-8")
    load(classifier=path)
    moved = CSV_SAMPLE.replace("236;1;103200000;Абайский район", "236;1;103200000;район Абай")
    path.write_text(moved, encoding="utf-8")
    out = io.StringIO()
    call_command("import_kato", str(path), stdout=out)
    assert "2 moved" in out.getvalue()
    assert Settlement.objects.get(kato_code="103233100").district_ru == "район Абай"


def _admin_import(admin_client, name, data, file_format):
    upload = io.BytesIO(data)
    upload.name = name
    return admin_client.post(
        "/en/admin/referrals/settlement/import/",
        {"import_file": upload, "format": file_format, "resource": 0},
    )


def test_the_admin_import_previews_and_writes_nothing_from_a_file_with_an_error(admin_client, regions):
    bad = CSV_SAMPLE + "240;238;10323310X;с.Ошибка\n"
    response = _admin_import(admin_client, "kato.csv", bad.encode(), 0)
    assert response.status_code == 200
    html = response.content.decode()
    assert "10323310X" in html and "line 9" in html
    assert 'name="import_file_name"' not in html  # no confirm button
    assert not Settlement.objects.exists()


def test_the_admin_import_previews_the_excel_layout_then_confirms(admin_client, regions):
    response = _admin_import(admin_client, "kato.xlsx", excel(EXCEL_SAMPLE), 1)
    html = response.content.decode()
    assert response.status_code == 200 and "103233100" in html
    assert not Settlement.objects.exists()  # a preview writes nothing
    form = response.context["confirm_form"]
    confirmed = admin_client.post("/en/admin/referrals/settlement/process_import/", form.initial)
    assert confirmed.status_code == 302
    village = Settlement.objects.get(kato_code="103233100")
    assert (village.name_kk, village.name_ru, village.district_kk) == ("Архат ауылы", "Архат", "Абай ауданы")
    assert find("Архат").settlements == [village]
    # Written in bulk, and still in the suggestions at once.
    assert [place["kato_code"] for place in suggest("Архат")] == ["103233100"]


# --- The settlements API --------------------------------------------------------------------


def test_the_api_answers_from_an_index_built_in_three_queries_then_with_none(client, gazetteer):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/settlements/", {"q": "Жамб"})
    results = response.json()["results"]
    assert len(results) == 10
    # The regions, the places and their names, each once: not one row per match.
    assert len(queries.captured_queries) == 3
    with CaptureQueriesContext(connection) as queries:
        other = client.get("/api/settlements/", {"q": "Жамбыл ауд"}).json()["results"]
    assert queries.captured_queries == [] and len(other) <= 10
    first = results[0]
    assert first["kato_code"] and first["district"]["ru"] and first["region"]["code"]
