import datetime

import pytest

from contacts import loading
from contacts.models import NationalService, PhoneNumber, Region, RegionalOmbudsman

pytestmark = pytest.mark.django_db


def counts():
    return (
        Region.objects.count(),
        RegionalOmbudsman.objects.count(),
        NationalService.objects.count(),
        PhoneNumber.objects.filter(ombudsman__isnull=False).count(),
        PhoneNumber.objects.filter(service__isnull=False).count(),
    )


def test_it_loads_the_20_regions_their_ombudsmen_24_numbers_and_the_national_services():
    loading.load()
    assert counts() == (20, 20, 6, 24, 8)
    assert list(Region.objects.values_list("code", flat=True)) == [
        "KZ-71",
        "KZ-75",
        "KZ-79",
        "KZ-10",
        "KZ-11",
        "KZ-15",
        "KZ-19",
        "KZ-23",
        "KZ-63",
        "KZ-31",
        "KZ-33",
        "KZ-27",
        "KZ-35",
        "KZ-39",
        "KZ-43",
        "KZ-47",
        "KZ-55",
        "KZ-59",
        "KZ-61",
        "KZ-62",
    ]
    assert Region.objects.filter(kind=Region.Kind.CITY).count() == 3


def test_it_dates_every_entry_as_the_manual_does():
    loading.load()
    manual_date = datetime.date(2023, 2, 1)
    assert set(RegionalOmbudsman.objects.values_list("checked_on", flat=True)) == {manual_date}
    assert set(NationalService.objects.values_list("checked_on", flat=True)) == {manual_date}


def test_it_leaves_opening_hours_empty_because_the_manual_gives_none():
    loading.load()
    for service in NationalService.objects.all():
        assert (service.opening_hours_kk, service.opening_hours_ru, service.opening_hours_en) == ("", "", "")


def test_it_marks_only_111_as_anonymous_and_the_rest_as_not_known():
    loading.load()
    assert dict(NationalService.objects.values_list("slug", "anonymous")) == {
        "police-102": None,
        "emergency-112": None,
        "ambulance-103": None,
        "hotline-111": True,
        "commissioner": None,
        "nemolchi": None,
    }


def test_it_changes_nothing_when_run_twice():
    loading.load()
    before = counts()
    summary = loading.load()
    assert counts() == before
    assert "created 0 regions" in summary


def test_it_keeps_what_staff_edited_added_and_removed():
    loading.load()
    astana = RegionalOmbudsman.objects.get(region__code="KZ-71")
    astana.full_name = "Жаңа Уәкіл"
    astana.checked_on = datetime.date(2024, 5, 1)
    astana.save()
    Region.objects.filter(code="KZ-75").update(name_ru="Алматы")
    PhoneNumber.objects.filter(ombudsman__region__code="KZ-79").first().delete()
    commissioner = NationalService.objects.get(slug="commissioner")
    commissioner.name_en = "Children's Rights Commissioner"
    commissioner.save()

    loading.load()

    astana.refresh_from_db()
    assert (astana.full_name, astana.checked_on) == ("Жаңа Уәкіл", datetime.date(2024, 5, 1))
    assert Region.objects.get(code="KZ-75").name_ru == "Алматы"
    assert PhoneNumber.objects.filter(ombudsman__region__code="KZ-79").count() == 1
    assert NationalService.objects.get(slug="commissioner").name_en == "Children's Rights Commissioner"
    assert RegionalOmbudsman.objects.count() == 20


def test_the_manual_data_command_loads_the_directory(manual_data):
    assert counts() == (20, 20, 6, 24, 8)
