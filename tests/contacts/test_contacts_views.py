import datetime
import re

import pytest
from contacts_pages import read
from django.urls import reverse
from django.utils import translation

from contacts.models import EntryStatus, NationalService, PhoneNumber, Region, RegionalOmbudsman
from contacts.names import english_name

pytestmark = pytest.mark.django_db


def test_the_directory_works_in_every_language(client, manual_data):
    for lang, heading in (("kk", "Кімге хабарласу керек"), ("ru", "Куда обращаться"), ("en", "Who to call")):
        response = client.get(f"/{lang}/contacts/")
        assert response.status_code == 200
        assert f"<h1>{heading}</h1>" in response.content.decode()
        assert f'<html lang="{lang}"' in response.content.decode()


def test_the_directory_shows_the_national_lines_before_the_regions(client, manual_data):
    text = read(client.get("/en/contacts/")).text
    assert text.index("Police") < text.index("111 hotline") < text.index("Regional commissioners for children's rights")
    assert text.index("Regional commissioners") < text.index("Abai Region") < text.index("Zhetisu Region")


def test_it_says_what_footnote_5_of_the_manual_says(client, manual_data):
    kk = read(client.get("/kk/contacts/")).text
    assert (
        "Өңірлік бала құқықтары жөніндегі уәкілдер Қазақстан Республикасындағы Бала құқықтары жөніндегі Уәкіл "
        "кеңсесінің қызметкерлері емес екенін ескерген жөн." in kk
    )
    en = read(client.get("/en/contacts/astana/")).text
    assert "are not employees of the Office of the Commissioner for Children's Rights" in en


@pytest.mark.parametrize(
    ("lang", "date"), [("kk", "2023 жылғы 1 ақпан"), ("ru", "1 февраля 2023"), ("en", "1 February 2023")]
)
def test_it_dates_each_entry_and_explains_the_manuals_date(client, manual_data, lang, date):
    text = read(client.get(f"/{lang}/contacts/")).text
    # 20 regions and 6 national lines, each with its own "checked on".
    assert text.count(date) >= 26 + 1


def test_a_recheck_by_staff_shows_its_own_date(client, manual_data):
    RegionalOmbudsman.objects.filter(region__slug="pavlodar").update(checked_on=datetime.date(2025, 3, 4))
    text = read(client.get("/en/contacts/pavlodar/")).text
    assert "Checked on 4 March 2025" in text


def test_opening_hours_nobody_gave_are_shown_as_not_known(client, manual_data):
    text = read(client.get("/en/contacts/")).text
    assert text.count("Opening hours Not known") == 6
    # Saved as the admin saves it: a bulk update() would bypass the page cache's version.
    hotline = NationalService.objects.get(slug="hotline-111")
    hotline.opening_hours_en = "Around the clock"
    hotline.save()
    assert "Opening hours Around the clock" in read(client.get("/en/contacts/")).text


@pytest.mark.parametrize(
    ("lang", "shown"),
    [("kk", "<span>Бимендина Әсима Темкенқызы</span>"), ("ru", "<span>Бимендина Асима Темкенкызы</span>"),
     ("en", "<span>Asima Bimendina</span>")],
)  # fmt: skip
def test_each_language_shows_the_ombudsmans_name_in_its_own_script(client, manual_data, lang, shown):
    html = client.get(f"/{lang}/contacts/").content.decode()
    assert shown in html


def test_english_pages_never_show_a_cyrillic_only_name(client, manual_data):
    # Even a name staff gave no Latin form is written in Latin letters, by the same rule.
    RegionalOmbudsman.objects.filter(region__slug="astana").update(full_name_en="")
    people = list(RegionalOmbudsman.objects.all())
    for url in ("/en/contacts/", "/en/contacts/astana/", "/en/guidance/appendices/"):
        html = client.get(url).content.decode()
        shown = [person for person in people if person.full_name_en or person.region.slug == "astana"]
        assert not [person.full_name for person in people if person.full_name in html], url
        assert any(english_name(person.full_name) in html for person in shown), url
    assert "Asima Bimendina" in client.get("/en/contacts/astana/").content.decode()


def test_a_russian_form_staff_left_empty_falls_back_to_the_kazakh_marked_as_kazakh(client, manual_data):
    RegionalOmbudsman.objects.filter(region__slug="astana").update(full_name_ru="")
    assert '<span lang="kk">Бимендина Әсима Темкенқызы</span>' in client.get("/ru/contacts/").content.decode()


def test_jump_to_my_region_works_without_javascript(client, manual_data):
    response = client.get("/ru/contacts/", {"region": "north-kazakhstan"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/contacts/north-kazakhstan/"


KAZAKH_ORDER = [
    "Абай облысы", "Ақмола облысы", "Ақтөбе облысы", "Алматы қаласы", "Алматы облысы", "Астана қаласы",
    "Атырау облысы", "Батыс Қазақстан облысы", "Жамбыл облысы", "Жетісу облысы", "Қарағанды облысы",
    "Қостанай облысы", "Қызылорда облысы", "Маңғыстау облысы", "Павлодар облысы", "Солтүстік Қазақстан облысы",
    "Түркістан облысы", "Ұлытау облысы", "Шығыс Қазақстан облысы", "Шымкент қаласы",
]  # fmt: skip
RUSSIAN_ORDER_START = ["Акмолинская область", "Актюбинская область", "Алматинская область", "Атырауская область"]


def options(html: str) -> list[str]:
    form = html[html.index('<select id="region"') : html.index("</select>")]
    return re.findall(r'<option value="[a-z-]+">([^<]+)</option>', form)


def test_region_lists_follow_the_kazakh_alphabet_in_kazakh(client, manual_data):
    """Қ after К, Ұ after У, Ә after А: not the Russian order of the manual's table."""
    html = client.get("/kk/contacts/").content.decode()
    assert options(html) == KAZAKH_ORDER
    # The list of regions under the selector is in the same order.
    headings = re.findall(r'<h3 id="region-[a-z-]+"><a [^>]+>([^<]+)</a></h3>', html)
    assert headings == KAZAKH_ORDER


def test_region_lists_follow_each_languages_own_alphabet(client, manual_data):
    assert options(client.get("/ru/contacts/").content.decode())[:4] == RUSSIAN_ORDER_START
    english = options(client.get("/en/contacts/").content.decode())
    assert english == sorted(english) and english[0] == "Abai Region" and english[-1] == "Zhetisu Region"


@pytest.mark.parametrize("chosen", ["", "atlantis"])
def test_jump_to_my_region_asks_again_when_no_known_region_is_chosen(client, manual_data, chosen):
    response = client.get("/en/contacts/", {"region": chosen})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Who to call" in html
    assert '<div class="error-summary" role="alert"' in html
    assert '<a href="#region">Choose your region from the list</a>' in html
    assert 'aria-describedby="region-error"' in html
    assert "Choose your region from the list" in html


def test_the_region_page_works(client, manual_data):
    response = client.get("/kk/contacts/karaganda/")
    assert response.status_code == 200
    page = read(response)
    assert "<h1>Қарағанды облысы</h1>" in response.content.decode()
    assert "Киселева Ирина Болеславовна" in page.text
    assert ("tel:+77212255065", "+7 (7212) 25-50-65") in page.links
    assert ("tel:+77014443974", "+7 (701) 444-39-74") in page.links
    assert ("tel:111", "111") in page.links
    assert ("https://wa.me/77776787590", "+7 (777) 678-75-90") in page.links


def test_an_unknown_region_is_not_found(client, manual_data):
    assert client.get("/en/contacts/atlantis/").status_code == 404


def test_a_region_without_an_ombudsman_says_so(client, manual_data):
    region = Region.objects.create(code="KZ-99", slug="new-region", kind="oblast", position=21, name_kk="Жаңа облысы")
    with translation.override("en"):
        text = read(client.get(reverse("contacts:region", args=[region.slug]))).text
    assert "No commissioner is listed for this region at the moment." in text


@pytest.mark.parametrize(
    ("status", "message", "numbers_shown"),
    [
        (EntryStatus.UNAVAILABLE, "Temporarily unavailable.", True),
        (EntryStatus.CLOSED, "Closed: these details are no longer in use.", False),
    ],
)
def test_an_entry_that_is_not_active_says_so(client, manual_data, status, message, numbers_shown):
    RegionalOmbudsman.objects.filter(region__slug="atyrau").update(status=status)
    page = read(client.get("/en/contacts/atyrau/"))
    assert message in page.text
    assert (("tel:+77015038989", "+7 (701) 503-89-89") in page.links) is numbers_shown


def test_a_public_notice_from_staff_is_shown_in_the_visitors_language(client, manual_data):
    NationalService.objects.filter(slug="commissioner").update(
        public_notice_kk="Мереке күндері жұмыс істемейді.", public_notice_ru="В праздники не работает."
    )
    assert "Мереке күндері жұмыс істемейді." in read(client.get("/kk/contacts/")).text
    assert "В праздники не работает." in read(client.get("/ru/contacts/")).text
    # Written only in Kazakh: shown on the English page too, marked as Kazakh.
    html = client.get("/en/contacts/").content.decode()
    assert '<div class="notice public-notice" lang="kk"><p>Мереке күндері жұмыс істемейді.</p></div>' in html


def test_changes_by_staff_show_on_the_public_pages_at_once(client, manual_data):
    client.get("/en/contacts/")
    # Saved as the admin saves it, which also writes the number's display form and link.
    number = PhoneNumber.objects.get(number="+77753593460")
    number.number = "+77753593461"
    number.save()
    links = read(client.get("/en/contacts/")).links
    assert ("tel:+77753593461", "+7 (775) 359-34-61") in links
    assert ("tel:+77753593460", "+7 (775) 359-34-60") not in links


def _add_regions(count):
    start = Region.objects.count() + 1
    for offset in range(count):
        region = Region.objects.create(
            code=f"XX-{start + offset}",
            slug=f"extra-{start + offset}",
            kind="oblast",
            position=start + offset,
            name_kk=f"Қосымша {offset}",
        )
        ombudsman = RegionalOmbudsman.objects.create(region=region, full_name=f"Уәкіл {offset}")
        PhoneNumber.objects.create(ombudsman=ombudsman, number=f"+7701000{start + offset:04d}")
        PhoneNumber.objects.create(ombudsman=ombudsman, number=f"+7702000{start + offset:04d}", channel="whatsapp")


@pytest.mark.parametrize("url", ["/kk/contacts/", "/api/contacts/"])
def test_the_directorys_query_count_does_not_grow_with_the_number_of_regions(
    client, manual_data, django_assert_num_queries, url
):
    # Regions with their ombudsmen, the services, and every entry's numbers.
    with django_assert_num_queries(3):
        assert client.get(url).status_code == 200
    _add_regions(15)
    with django_assert_num_queries(3):
        response = client.get(url)
    assert "Уәкіл 14" in response.content.decode()
    # Served again from the cache while nothing changes.
    with django_assert_num_queries(0):
        assert client.get(url).content == response.content


def test_the_region_pages_query_count_is_fixed(client, manual_data, django_assert_num_queries):
    with django_assert_num_queries(3):
        assert client.get("/kk/contacts/ulytau/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/kk/contacts/ulytau/").status_code == 200


def test_the_api_gives_the_whole_directory_in_every_language(client, manual_data):
    response = client.get("/api/contacts/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["regional_list_dated"] == "2023-02-01"
    assert len(data["regions"]) == 20
    shymkent = data["regions"][2]
    assert shymkent == {
        "code": "KZ-79",
        "slug": "shymkent",
        "kind": "city",
        "position": 3,
        "name": {"kk": "Шымкент қаласы", "ru": "город Шымкент", "en": "Shymkent City"},
        "ombudsman": {
            "full_name": "Жазықбаева Жаннета Қанайқызы",
            "full_name_ru": "Жазыкбаева Жаннета Канайкызы",
            "full_name_en": "Zhanneta Zhazykbaeva",
            "name_forms_confirmed": False,
            "email": "",
            "status": "active",
            "checked_on": "2023-02-01",
            "public_notice": {"kk": "", "ru": "", "en": ""},
            "phone_numbers": [
                {
                    "number": "+77252392688",
                    "display": "+7 (7252) 39-26-88",
                    "channel": "voice",
                    "href": "tel:+77252392688",
                },
                {
                    "number": "+77012034184",
                    "display": "+7 (701) 203-41-84",
                    "channel": "voice",
                    "href": "tel:+77012034184",
                },
            ],
        },
    }
    services = {service["slug"]: service for service in data["services"]}
    assert list(services) == ["police-102", "emergency-112", "ambulance-103", "hotline-111", "commissioner", "nemolchi"]
    assert services["hotline-111"]["anonymous"] is True
    assert services["police-102"]["anonymous"] is None
    assert services["commissioner"]["email"] == "info@bala-ombudsman.kz"
    assert [(n["number"], n["channel"]) for n in services["commissioner"]["phone_numbers"]] == [
        ("+77272676712", "voice"),
        ("+77776787590", "whatsapp"),
        ("+77058847040", "whatsapp"),
    ]
    assert services["commissioner"]["phone_numbers"][1]["href"] == "https://wa.me/77776787590"


def test_the_api_is_read_only(client, manual_data):
    assert client.post("/api/contacts/").status_code == 405


def test_staff_can_open_the_public_page_of_an_entry(manual_data):
    with translation.override("ru"):
        assert RegionalOmbudsman.objects.get(region__code="KZ-79").get_absolute_url() == "/ru/contacts/shymkent/"


# The note's paragraph, in whatever language the catalogs give it.
TRANSLITERATION_NOTE = '<p class="names-to-confirm">'


def test_russian_and_english_pages_say_the_names_are_transliterations_to_confirm(client, manual_data):
    for url in ("/en/contacts/", "/en/contacts/astana/", "/ru/contacts/", "/ru/contacts/astana/"):
        assert TRANSLITERATION_NOTE in client.get(url).content.decode(), url
    assert "the portal's transliterations of the Kazakh names" in client.get("/en/contacts/").content.decode()
    # Kazakh pages show each name as the person writes it: nothing to say there.
    assert TRANSLITERATION_NOTE not in client.get("/kk/contacts/").content.decode()


def test_the_note_goes_once_every_name_shown_is_confirmed(client, manual_data):
    RegionalOmbudsman.objects.filter(region__slug="astana").update(name_forms_confirmed=True)
    assert TRANSLITERATION_NOTE not in client.get("/en/contacts/astana/").content.decode()
    assert TRANSLITERATION_NOTE in client.get("/en/contacts/almaty/").content.decode()
    RegionalOmbudsman.objects.update(name_forms_confirmed=True)
    assert TRANSLITERATION_NOTE not in client.get("/en/contacts/").content.decode()
