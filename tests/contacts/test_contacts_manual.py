"""Every name and number of the manual's contact pages, on the public pages, in every language.

The manual's Kazakh text is parsed here independently of fixtures/contacts.json, so a slip
in the data (a digit, a letter of a name) fails these tests.
"""

import json
from pathlib import Path

import pytest
from contacts_pages import read
from django.conf import settings

from contacts import phones
from contacts.names import english_name, russian_form

pytestmark = pytest.mark.django_db

LANGUAGES = ("kk", "ru", "en")
FIXTURE = json.loads((Path(settings.BASE_DIR) / "fixtures" / "contacts.json").read_text(encoding="utf-8"))


@pytest.fixture
def pages(client, manual_data):
    return {lang: read(client.get(f"/{lang}/contacts/")) for lang in LANGUAGES}


def test_the_manual_lists_20_regions_and_24_regional_numbers(manual):
    assert [region.position for region in manual.regions] == list(range(1, 21))
    assert sum(len(region.numbers) for region in manual.regions) == 24


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_regional_ombudsman_and_number_of_the_manual_is_on_the_directory(pages, manual, lang):
    page = pages[lang]
    for region in manual.regions:
        # Kazakh as the person writes it; Russian and English forms by the portal's rule.
        name = {"kk": region.full_name, "ru": russian_form(region.full_name), "en": english_name(region.full_name)}
        assert name[lang] in page.text, name[lang]
        for printed in region.numbers:
            e164 = phones.normalise(printed)
            # Stored in E.164, shown exactly as the manual prints it, a tap-to-call link.
            assert (f"tel:{e164}", printed) in page.links, printed


def test_every_region_is_named_in_full_kazakh_as_the_manual_abbreviates_it(pages, manual):
    """The manual's "Абай обл." and "Астана қ." are read letter by letter by screen readers."""
    text = pages["kk"].text
    for region in manual.regions:
        full = region.name.replace(" обл.", " облысы").replace(" қ.", " қаласы")
        assert full in text, full
        assert region.name not in text.replace(full, ""), region.name


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_every_region_is_named_in_russian_and_english(pages, lang):
    for region in FIXTURE["regions"]:
        assert region["name"][lang] in pages[lang].text


def test_the_manual_prints_the_national_lines_as_the_directory_has_them(manual):
    assert manual.line_starting("«Немолчи.kz»") == "«Немолчи.kz» Қоры"
    assert manual.line_starting("#НеМолчикz") == "#НеМолчикz +7 705 151 0000"
    assert manual.line_starting("Бала құқықтары") == "Бала құқықтары жөніндегі уәкіл"
    assert manual.line_starting("+7 (727)") == "+7 (727) 267-67-12"
    whatsapp = [line for line in manual.lines if "WhatsApp" in line]
    assert whatsapp == [
        "+7 (777) 678-75-90 (WhatsApp: тек мәтіндік хабарламалар үшін)",
        "+7 (705) 884-70-40 (WhatsApp: тек мәтіндік хабарламалар үшін)",
    ]
    assert manual.line_starting("111 ") == (
        "111 Жедел қызметі – Балалардың құқықтарын бұзу және отбасылық-тұрмыстық зорлық-зомбылықтың "
        "барлық жағдайлары бойынша. Анонимді."
    )
    assert manual.line_starting("112 ") == "112 Төтенше жағдайлар қызметі"
    assert manual.line_starting("103 ") == "103 Жедел жәрдем"
    assert manual.line_starting("102 ") == "102 Полиция"


def test_the_national_lines_are_on_the_kazakh_directory_as_printed_with_the_reviewed_corrections(pages):
    page = pages["kk"]
    for name in (
        "«Немолчи.kz» Қоры",
        "#НеМолчиKZ",  # the manual mixes a Cyrillic к and a Latin z: "#НеМолчикz"
        "Бала құқықтары жөніндегі уәкіл",
        "111 жедел желісі",  # the manual's "Жедел қызметі" is a possessive with no possessor
        "Төтенше жағдайлар қызметі",
        "Жедел жәрдем",
        "Полиция",
    ):
        assert name in page.text, name
    assert "#НеМолчикz" not in page.text
    # "Анонимді." is said once, by the anonymous flag ("Қоңыраулар анонимді.").
    description = "Балалардың құқықтарын бұзу және отбасылық-тұрмыстық зорлық-зомбылықтың барлық жағдайлары бойынша."
    assert description in page.text and description + " Анонимді." not in page.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_national_numbers_are_links_of_the_right_kind(pages, lang):
    links = pages[lang].links
    for short in ("102", "103", "111", "112"):
        assert (f"tel:{short}", short) in links
    assert ("tel:+77272676712", "+7 (727) 267-67-12") in links
    # The Commissioner's two WhatsApp numbers take text messages only: never a tel: link.
    assert ("https://wa.me/77776787590", "+7 (777) 678-75-90") in links
    assert ("https://wa.me/77058847040", "+7 (705) 884-70-40") in links
    assert not any(href in ("tel:+77776787590", "tel:+77058847040") for href, _text in links)
    # The manual prints this one as "+7 705 151 0000"; it is shown in the usual written form.
    assert ("tel:+77051510000", "+7 (705) 151-00-00") in links
    assert ("mailto:info@bala-ombudsman.kz", "info@bala-ombudsman.kz") in links
    assert ("mailto:info@nemolchi.kz", "info@nemolchi.kz") in links


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("kk", "WhatsApp: тек мәтіндік хабарламалар үшін, қоңырау шалуға болмайды"),
        ("ru", "WhatsApp: только текстовые сообщения, без звонков"),
        ("en", "WhatsApp: text messages only, no calls"),
    ],
)
def test_whatsapp_numbers_say_they_take_text_messages_only(pages, lang, label):
    text = pages[lang].text
    assert f"+7 (777) 678-75-90 {label}" in text
    assert f"+7 (705) 884-70-40 {label}" in text


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_the_national_lines_are_named_in_russian_and_english(pages, lang):
    for service in FIXTURE["services"]:
        assert service["name"][lang] in pages[lang].text
        assert service["description"][lang] in pages[lang].text
