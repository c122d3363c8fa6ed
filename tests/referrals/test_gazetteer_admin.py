"""The gazetteer in the admin: staff correct names, the search key follows."""

from referrals.models import Settlement, SettlementName


def test_the_settlement_list_works_in_few_queries(admin_client, gazetteer, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = admin_client.get("/kk/admin/referrals/settlement/?region__id__exact=4")
    assert response.status_code == 200


def test_the_settlement_list_refuses_visitors(client, gazetteer):
    response = client.get("/kk/admin/referrals/settlement/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def _change(admin_client, semey, new_name):

    names = list(semey.names.order_by("pk"))
    data = {
        "region": semey.region_id,
        "kind": semey.kind,
        "name_kk": semey.name_kk,
        "name_ru": semey.name_ru,
        "name_en": semey.name_en,
        "district_kk": semey.district_kk or "",
        "district_ru": semey.district_ru or "",
        "district_en": semey.district_en or "",
        "rural_district": semey.rural_district,
        "kato_code": semey.kato_code or "",
        "offered_first": "on" if semey.offered_first else "",
        "names-TOTAL_FORMS": len(names) + 1,
        "names-INITIAL_FORMS": len(names),
        "names-MIN_NUM_FORMS": 0,
        "names-MAX_NUM_FORMS": 1000,
    }
    for index, name in enumerate(names):
        data.update({f"names-{index}-id": name.pk, f"names-{index}-settlement": semey.pk,
                     f"names-{index}-name": name.name, f"names-{index}-kind": name.kind})  # fmt: skip
    new = len(names)
    data.update({f"names-{new}-settlement": semey.pk, f"names-{new}-name": new_name,
                 f"names-{new}-kind": SettlementName.Kind.FORMER})  # fmt: skip
    return admin_client.post(f"/kk/admin/referrals/settlement/{semey.pk}/change/", data)


def test_a_name_added_by_staff_gets_its_search_key(admin_client, gazetteer):
    semey = Settlement.objects.get(name_kk="Семей")
    response = _change(admin_client, semey, "Семипалатинская крепость")
    assert response.status_code == 302, response.content.decode()[:2000]
    added = SettlementName.objects.get(name="Семипалатинская крепость")
    assert added.key == "semipalatinskaiakrepost"
    assert added.settlement == semey


def test_a_name_matched_like_an_existing_one_is_refused_with_a_message(admin_client, gazetteer):
    semey = Settlement.objects.get(name_kk="Семей")
    count = SettlementName.objects.count()
    response = _change(admin_client, semey, "СЕМИПАЛАТИНСКЪ")
    assert response.status_code == 200
    assert "Семипалатинск" in response.content.decode()
    assert SettlementName.objects.count() == count
