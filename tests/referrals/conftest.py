"""Fixtures for the witness's side: the 20 regions, their ombudsmen and the gazetteer."""

import pytest
from django.core.cache import cache

from contacts.models import EntryStatus, NationalService, Region, RegionalOmbudsman

# ISO 3166-2:KZ, in the order of the manual's table (positions are only for sorting here).
REGIONS = [
    ("KZ-71", "astana", "Astana", "Астана", "Астана", "city"),
    ("KZ-75", "almaty", "Almaty", "Алматы", "Алматы", "city"),
    ("KZ-79", "shymkent", "Shymkent", "Шымкент", "Шымкент", "city"),
    ("KZ-10", "abai", "Abai Region", "Абайская область", "Абай облысы", "oblast"),
    ("KZ-11", "akmola", "Akmola Region", "Акмолинская область", "Ақмола облысы", "oblast"),
    ("KZ-15", "aktobe", "Aktobe Region", "Актюбинская область", "Ақтөбе облысы", "oblast"),
    ("KZ-19", "almaty-region", "Almaty Region", "Алматинская область", "Алматы облысы", "oblast"),
    ("KZ-23", "atyrau", "Atyrau Region", "Атырауская область", "Атырау облысы", "oblast"),
    ("KZ-27", "west-kazakhstan", "West Kazakhstan Region", "Западно-Казахстанская область", "Батыс Қазақстан облысы", "oblast"),  # noqa: E501
    ("KZ-31", "zhambyl", "Zhambyl Region", "Жамбылская область", "Жамбыл облысы", "oblast"),
    ("KZ-33", "zhetisu", "Zhetisu Region", "Область Жетісу", "Жетісу облысы", "oblast"),
    ("KZ-35", "karaganda", "Karaganda Region", "Карагандинская область", "Қарағанды облысы", "oblast"),
    ("KZ-39", "kostanay", "Kostanay Region", "Костанайская область", "Қостанай облысы", "oblast"),
    ("KZ-43", "kyzylorda", "Kyzylorda Region", "Кызылординская область", "Қызылорда облысы", "oblast"),
    ("KZ-47", "mangystau", "Mangystau Region", "Мангистауская область", "Маңғыстау облысы", "oblast"),
    ("KZ-55", "pavlodar", "Pavlodar Region", "Павлодарская область", "Павлодар облысы", "oblast"),
    ("KZ-59", "north-kazakhstan", "North Kazakhstan Region", "Северо-Казахстанская область", "Солтүстік Қазақстан облысы", "oblast"),  # noqa: E501
    ("KZ-61", "turkestan", "Turkestan Region", "Туркестанская область", "Түркістан облысы", "oblast"),
    ("KZ-62", "ulytau", "Ulytau Region", "Область Улытау", "Ұлытау облысы", "oblast"),
    ("KZ-63", "east-kazakhstan", "East Kazakhstan Region", "Восточно-Казахстанская область", "Шығыс Қазақстан облысы", "oblast"),  # noqa: E501
]  # fmt: skip


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and throttles live in the cache: each test starts with none counted.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def regions(db):
    created = {}
    for position, (code, slug, en, ru, kk, kind) in enumerate(REGIONS, 1):
        created[code] = Region.objects.create(
            code=code, slug=slug, name_kk=kk, name_ru=ru, name_en=en, kind=kind, position=position
        )
    return created


@pytest.fixture
def ombudsmen(regions):
    return {
        code: RegionalOmbudsman.objects.create(
            region=region, full_name=f"Ombudsman {code}", email=f"{code.lower()}@ombudsman.example.kz"
        )
        for code, region in regions.items()
    }


@pytest.fixture
def commissioner(db):
    return NationalService.objects.create(
        slug="commissioner",
        kind=NationalService.Kind.COMMISSIONER,
        name_kk="Бала құқықтары жөніндегі уәкіл",
        name_ru="Уполномоченный по правам ребёнка",
        name_en="Commissioner for Children's Rights",
        email="info@bala-ombudsman.kz",
        status=EntryStatus.ACTIVE,
    )


@pytest.fixture
def gazetteer(regions):
    from referrals.loading import load

    load()


@pytest.fixture
def directory(ombudsmen, commissioner, gazetteer):
    """Everything a submission needs: regions, active ombudsmen, the Commissioner, the gazetteer."""
    return ombudsmen
