"""The admin's side of the office: who sets notification addresses, assigning regions, and
a directory admin that shows nothing of referrals."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from factories import make_referral, sign_in

from contacts.models import Region, RegionalOmbudsman
from referrals.models import Notification, OfficeAddress, RegionAssignment, Settlement
from referrals.notifications import recipients


def test_a_directory_editor_cannot_set_where_notices_go(client_for, editor, region_a):
    client = client_for(editor, verified=False)
    add = reverse("admin:referrals_officeaddress_add")
    assert client.get(add).status_code == 403
    assert client.post(add, {"region": region_a.pk, "email": "thief@example.com"}).status_code == 403
    address = OfficeAddress.objects.get(region=region_a)
    change = reverse("admin:referrals_officeaddress_change", args=[address.pk])
    assert client.post(change, {"region": region_a.pk, "email": "thief@example.com"}).status_code == 403
    assert client.get(reverse("admin:referrals_officeaddress_changelist")).status_code == 403
    address.refresh_from_db()
    assert address.email == "KZ-75@example.kz"


def test_the_directorys_public_address_routes_nothing(client_for, editor, region_a):
    # An editor may change the public e-mail in the directory; no notice goes there.
    ombudsman = RegionalOmbudsman.objects.get(region=region_a)
    ombudsman.email = "thief@example.com"
    ombudsman.save()
    referral = make_referral(region_a)
    assert "thief@example.com" not in recipients(referral, Notification.Kind.NEW_REFERRAL)


def test_a_verified_coordinator_sets_an_address_and_it_is_kept_in_the_history(client_for, coordinator, region_b):
    client = client_for(coordinator)
    address = OfficeAddress.objects.get(region=region_b)
    change = reverse("admin:referrals_officeaddress_change", args=[address.pk])
    response = client.post(change, {"region": region_b.pk, "email": "office@astana.kz"})
    assert response.status_code == 302
    address.refresh_from_db()
    assert address.email == "office@astana.kz"
    assert list(address.history.values_list("email", flat=True)) == ["office@astana.kz", "KZ-71@example.kz"]
    assert address.history.first().history_user == coordinator
    history = client.get(reverse("admin:referrals_officeaddress_history", args=[address.pk]))
    assert history.status_code == 200


def test_a_coordinator_without_the_second_factor_cannot_set_addresses(client_for, coordinator):
    client = client_for(coordinator, verified=False)
    response = client.get(reverse("admin:referrals_officeaddress_add"))
    assert response.status_code == 302  # to the sign-in page that asks for the code


def test_a_region_in_use_cannot_be_deleted_and_no_referral_is_named(client_for, editor, real_directory):
    region = real_directory["KZ-75"]
    referral = make_referral(region)
    client = client_for(editor, verified=False)
    delete = reverse("admin:contacts_region_delete", args=[region.pk])
    page = client.get(delete)
    assert page.status_code == 200
    content = page.content.decode()
    assert referral.reference not in content
    assert "referrals/referral" not in content and "routing record" not in content.lower()
    assert client.post(delete, {"post": "yes"}).status_code == 200
    assert Region.objects.filter(pk=region.pk).exists()
    # The bulk action refuses it too.
    changelist = reverse("admin:contacts_region_changelist")
    response = client.post(changelist, {"action": "delete_selected", "_selected_action": [region.pk], "post": "yes"})
    assert referral.reference not in response.content.decode()
    assert Region.objects.filter(pk=region.pk).exists()


def test_an_ombudsman_a_referral_went_to_cannot_be_deleted(client_for, editor, referral_a):
    ombudsman = referral_a.ombudsman
    client = client_for(editor, verified=False)
    delete = reverse("admin:contacts_regionalombudsman_delete", args=[ombudsman.pk])
    page = client.get(delete).content.decode()
    assert referral_a.reference not in page
    client.post(delete, {"post": "yes"})
    assert RegionalOmbudsman.objects.filter(pk=ombudsman.pk).exists()
    referral_a.refresh_from_db()
    assert referral_a.ombudsman_id == ombudsman.pk


def test_a_settlement_in_use_cannot_be_deleted(admin_client, region_a):
    settlement = Settlement.objects.create(name="Тестовое", kind="village", region=region_a)
    referral = make_referral(region_a, settlement=settlement)
    delete = reverse("admin:referrals_settlement_delete", args=[settlement.pk])

    sign_in(admin_client, get_user_model().objects.get(username="admin"))
    page = admin_client.get(delete).content.decode()
    assert referral.reference not in page
    admin_client.post(delete, {"post": "yes"})
    assert Settlement.objects.filter(pk=settlement.pk).exists()


def test_an_unused_entry_can_still_be_deleted(client_for, editor, real_directory):
    ombudsman = RegionalOmbudsman.objects.get(region=real_directory["KZ-71"])
    client = client_for(editor, verified=False)
    response = client.post(reverse("admin:contacts_regionalombudsman_delete", args=[ombudsman.pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not RegionalOmbudsman.objects.filter(pk=ombudsman.pk).exists()


def _autocomplete(client, term="official"):
    return client.get(
        reverse("admin:autocomplete"),
        {"term": term, "app_label": "referrals", "model_name": "regionassignment", "field_name": "user"},
    )


def test_the_coordinator_finds_users_to_assign_and_assigns_a_region(client_for, coordinator, official_a, region_b):
    client = client_for(coordinator)
    response = _autocomplete(client)
    assert response.status_code == 200
    assert "official-a" in [row["text"] for row in response.json()["results"]]
    added = client.post(
        reverse("admin:referrals_regionassignment_add"),
        {"user": official_a.pk, "region": region_b.pk, "created_at_0": "2026-12-01", "created_at_1": "10:00:00"},
    )
    assert added.status_code == 302
    assert RegionAssignment.objects.filter(user=official_a, region=region_b).exists()
    assert client.get(reverse("admin:referrals_regionassignment_add")).status_code == 200


def test_the_user_search_refuses_those_who_may_not_assign(client_for, editor, official_a, coordinator):
    assert _autocomplete(client_for(editor, verified=False)).status_code == 403
    assert _autocomplete(client_for(coordinator, verified=False)).status_code in (302, 403)
