"""The guidance as `load_manual_data` loads it, with a small directory made with the ORM.

The directory's own loader belongs to the contacts app; here only what the guidance
pages need is created, with the manual's figures for the first regions.
"""

import pytest

from contacts.models import NationalService, PhoneNumber, Region, RegionalOmbudsman
from guidance import loading

REGIONS = [
    # code, slug, kk, ru, en, ombudsman, numbers
    ("KZ-71", "astana", "Астана қ.", "г. Астана", "Astana city", "Бимендина Әсима Темкенқызы", ["+77015160115"]),
    ("KZ-75", "almaty", "Алматы қ.", "г. Алматы", "Almaty city", "Әжіғұлова Халида Қанатбекқызы", ["+77772055582"]),
    (
        "KZ-79",
        "shymkent",
        "Шымкент қ.",
        "г. Шымкент",
        "Shymkent city",
        "Жазықбаева Жаннета Қанайқызы",
        ["+77252392688", "+77012034184"],
    ),
]


@pytest.fixture
def directory(db):
    for position, (code, slug, kk, ru, en, person, numbers) in enumerate(REGIONS, start=1):
        region = Region.objects.create(
            code=code, slug=slug, name_kk=kk, name_ru=ru, name_en=en, kind=Region.Kind.CITY, position=position
        )
        ombudsman = RegionalOmbudsman.objects.create(region=region, full_name=person)
        for index, number in enumerate(numbers):
            PhoneNumber.objects.create(ombudsman=ombudsman, number=number, position=index)
    commissioner = NationalService.objects.create(
        slug="commissioner",
        kind=NationalService.Kind.COMMISSIONER,
        name_kk="Бала құқықтары жөніндегі уәкіл",
        name_ru="Уполномоченный по правам ребёнка",
        name_en="Commissioner for Children's Rights",
        email="info@bala-ombudsman.kz",
        position=2,
    )
    PhoneNumber.objects.create(service=commissioner, number="+77272676712", position=0)
    PhoneNumber.objects.create(
        service=commissioner, number="+77776787590", channel=PhoneNumber.Channel.WHATSAPP, position=1
    )
    hotline = NationalService.objects.create(
        slug="hotline-111",
        kind=NationalService.Kind.HOTLINE,
        name_kk="111 Жедел қызметі",
        name_ru="Горячая линия 111",
        name_en="111 Hotline",
        description_kk="Балалардың құқықтарын бұзу және отбасылық-тұрмыстық зорлық-зомбылықтың барлық жағдайлары "
        "бойынша. Анонимді.",
        anonymous=True,
        position=3,
    )
    PhoneNumber.objects.create(service=hotline, number="111")
    police = NationalService.objects.create(
        slug="police", kind=NationalService.Kind.EMERGENCY, name_kk="Полиция", name_ru="Полиция", name_en="Police",
        position=6,
    )  # fmt: skip
    PhoneNumber.objects.create(service=police, number="102")
    return Region.objects.all()


@pytest.fixture
def guidance(directory):
    loading.load()
