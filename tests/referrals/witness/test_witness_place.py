"""The place step: a name shared by several places, the place a match chose and its Change
link, all without JavaScript (Django's test client runs none)."""

import re

from factories import make_staff
from journey import ANSWERS, STEP_ORDER, send, start, url

from referrals.models import Referral, RoutingRecord, Settlement
from referrals.roles import REGIONAL_OFFICIAL


def _radio_values(html, name):
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]+)"', html)


def test_an_ambiguous_name_lists_exactly_its_places_then_another_place_and_i_dont_know(client, directory):
    start(client, "ru")
    response = client.post(url("step", "ru", slug="where"), {**ANSWERS["where"], "settlement": "Жамбыл"})
    assert response.status_code == 200
    html = response.content.decode()
    places = Settlement.objects.filter(names__key="zhambil").distinct()
    values = _radio_values(html, "place")
    assert values[-2:] == ["other", "unknown"]
    assert sorted(int(value) for value in values[:-2]) == sorted(places.values_list("pk", flat=True))
    # Each place with its district and region, so that namesakes can be told apart.
    village = places.select_related("region").first()
    assert f"Жамбыл ({village.district_ru}, " in html and village.region.name_ru in html
    assert 'name="region"' not in html  # not the 20 regions
    assert "Мест с названием «Жамбыл» несколько" in html


def test_choosing_one_of_the_places_routes_to_it_and_keeps_its_code_and_district(client, directory):
    village = Settlement.objects.filter(names__key="zhambil", region__code="KZ-15").first()
    send(client, "ru", where={"settlement": "Жамбыл", "place": str(village.pk)})
    referral = Referral.objects.get()
    assert referral.region.code == "KZ-15" and referral.settlement == village
    assert referral.settlement_kato_code == village.kato_code
    assert referral.settlement_district == village.district_kk
    record = referral.routing_records.get()
    assert record.method == RoutingRecord.Method.WITNESS_CHOICE and record.matched_settlement == village
    assert "'Жамбыл' matched" in record.reason and village.kato_code in record.reason


def test_another_place_asks_for_the_region(client, directory):
    start(client)
    response = client.post(url("step", slug="where"), {"settlement": "Жамбыл", "place": "other"})
    assert response.status_code == 200
    assert response.content.decode().count('name="region"') == 21
    send(client, where={"settlement": "Жамбыл", "place": "other", "region": "KZ-47"})
    referral = Referral.objects.get()
    assert referral.region.code == "KZ-47" and referral.settlement is None


def test_i_dont_know_which_place_goes_to_the_commissioner(client, directory):
    send(client, where={"settlement": "Жамбыл", "place": "unknown"})
    referral = Referral.objects.get()
    assert referral.region is None and referral.settlement is None


def test_the_place_step_shows_the_region_a_match_chose_and_its_change_link_changes_it(client, directory):
    # Turkistan region's district centre Ақсу (formerly Ақсукент) shares the name; this is about the town.
    Settlement.objects.filter(region__code="KZ-61", kind=Settlement.Kind.DISTRICT_CENTRE, name_kk="Ақсу").delete()
    start(client, "ru")
    client.post(url("step", "ru", slug="when"), ANSWERS["when"])
    where = url("step", "ru", slug="where")
    assert client.post(where, {**ANSWERS["where"], "settlement": "Ақсу"}).status_code == 302
    html = client.get(where).content.decode()
    assert "Павлодарская область" in html  # the town of Aksu
    change = re.search(r'<a href="([^"]*change=place[^"]*)">', html).group(1).replace("&amp;", "&")
    listed = client.get(change).content.decode()
    village = Settlement.objects.filter(names__key="aksu", region__code="KZ-10").first()
    assert str(village.pk) in _radio_values(listed, "place")
    response = client.post(change, {**ANSWERS["where"], "settlement": "Ақсу", "place": str(village.pk)})
    assert response.status_code == 302
    again = client.get(where).content.decode()
    assert "область Абай" in again and "Павлодарская область" not in again.split('id="matched-place"')[1][:400]
    for step in STEP_ORDER[2:]:
        client.post(url("step", "ru", slug=step), ANSWERS[step])
    client.post(url("check", "ru"), {"website": ""})
    assert Referral.objects.get().region.code == "KZ-10"


def test_the_office_page_shows_the_district_of_the_place(client, directory, client_for, regions):
    village = Settlement.objects.filter(names__key="zhambil", region__code="KZ-15").first()
    send(client, "ru", where={"settlement": "Жамбыл", "place": str(village.pk)})
    referral = Referral.objects.get()
    official = make_staff("official-15", REGIONAL_OFFICIAL, [regions["KZ-15"]])
    html = client_for(official).get(f"/ru/office/referrals/{referral.reference}/").content.decode()
    assert village.district_kk in html and village.kato_code in html
