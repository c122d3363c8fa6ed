"""The directory's pages come from the cache, and a change by staff shows on the next request.

Every page is asked for first, so that it is in the cache when staff change something.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from contacts.models import RegionalOmbudsman
from tests.contacts.test_contacts_admin import confirm, csv_bytes, upload

LANGUAGES = ("kk", "ru", "en")


def pages_of(slug: str) -> list[str]:
    return [f"/{lang}/contacts/" for lang in LANGUAGES] + [f"/{lang}/contacts/{slug}/" for lang in LANGUAGES]


def read_all(client, urls) -> dict[str, str]:
    pages = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        pages[url] = response.content.decode()
    return pages


@pytest.fixture
def ulytau(manual_data):
    return RegionalOmbudsman.objects.select_related("region").get(region__slug="ulytau")


def test_an_ombudsmans_number_changed_in_the_admin_shows_at_once_in_every_language(client, editor_client, ulytau):
    number = ulytau.phone_numbers.order_by("position", "id").first()
    old = f'<a href="{number.href}">{number.display}</a>'
    urls = [*pages_of("ulytau"), *(f"/{lang}/guidance/appendices/" for lang in LANGUAGES)]
    assert all(old in html for html in read_all(client, urls).values())
    assert number.number in client.get("/api/contacts/").content.decode()

    translation.activate("en")
    url = reverse("admin:contacts_regionalombudsman_change", args=[ulytau.pk])
    data = {name: value for name, value in editor_client.get(url).context["adminform"].form.initial.items()}
    data.update({"region": ulytau.region.pk, "checked_on": "2025-06-01"})
    numbers = list(ulytau.phone_numbers.order_by("position", "id"))
    data.update(
        {
            "phone_numbers-TOTAL_FORMS": str(len(numbers)),
            "phone_numbers-INITIAL_FORMS": str(len(numbers)),
            "phone_numbers-MIN_NUM_FORMS": "0",
            "phone_numbers-MAX_NUM_FORMS": "1000",
        }
    )
    for index, phone in enumerate(numbers):
        typed = "+7 (701) 222-33-44" if phone.pk == number.pk else phone.number
        data.update(
            {
                f"phone_numbers-{index}-id": phone.pk,
                f"phone_numbers-{index}-ombudsman": ulytau.pk,
                f"phone_numbers-{index}-number": typed,
                f"phone_numbers-{index}-channel": phone.channel,
                f"phone_numbers-{index}-position": phone.position,
            }
        )
    response = editor_client.post(url, {key: value for key, value in data.items() if value is not None})
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    new = '<a href="tel:+77012223344">+7 (701) 222-33-44</a>'
    for url, html in read_all(client, urls).items():
        assert new in html, url
        assert old not in html, url
    api = client.get("/api/contacts/").json()
    region = next(region for region in api["regions"] if region["slug"] == "ulytau")
    assert {"number": "+77012223344", "display": "+7 (701) 222-33-44", "channel": number.channel,
            "href": "tel:+77012223344"} in region["ombudsman"]["phone_numbers"]  # fmt: skip


def test_an_imported_status_and_notice_show_at_once_in_every_language(client, editor_client, manual_data):
    urls = pages_of("pavlodar")
    before = read_all(client, urls)
    assert not any("Қабылдау уақытша тоқтатылды" in html for html in before.values())
    content = csv_bytes(
        [
            ["region", "full_name", "email", "status", "checked_on", *(f"public_notice_{lang}" for lang in LANGUAGES)],
            [
                "KZ-55",
                "Покидова Наталья Сергеевна",
                "pavlodar@example.kz",
                "unavailable",
                "2025-01-15",
                "Қабылдау уақытша тоқтатылды.",
                "Приём временно прекращён.",
                "Visits are paused for now.",
            ],
        ]
    )
    translation.activate("en")
    response = confirm(editor_client, "regionalombudsman", upload(editor_client, "regionalombudsman", content, "o.csv"))
    assert response.status_code == 302

    after = read_all(client, urls)
    for lang, notice in zip(
        LANGUAGES,
        ("Қабылдау уақытша тоқтатылды.", "Приём временно прекращён.", "Visits are paused for now."),
        strict=True,
    ):
        assert notice in after[f"/{lang}/contacts/"]
        assert notice in after[f"/{lang}/contacts/pavlodar/"]
        assert after[f"/{lang}/contacts/pavlodar/"] != before[f"/{lang}/contacts/pavlodar/"]


def test_a_data_load_shows_at_once_even_where_it_writes_in_bulk(client, manual_data):
    assert client.get("/kk/contacts/astana/").status_code == 200
    # Straight into the table, as a loader writing in bulk would: no signal is sent.
    RegionalOmbudsman.objects.filter(region__slug="astana").update(full_name="Жаңа Уәкіл")
    assert "Жаңа Уәкіл" not in client.get("/kk/contacts/astana/").content.decode()  # still the kept page
    from django.core.management import call_command

    call_command("load_manual_data", stdout=__import__("io").StringIO())
    assert "Жаңа Уәкіл" in client.get("/kk/contacts/astana/").content.decode()


def test_the_directory_pages_and_the_api_answer_a_conditional_request_with_304(client, manual_data):
    for url in ("/kk/contacts/", "/ru/contacts/astana/", "/api/contacts/"):
        first = client.get(url)
        assert first["Cache-Control"] == "public, no-cache"
        again = client.get(url, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304, url
        assert again.content == b""
        assert again["ETag"] == first["ETag"]
    # The API stays open to other origins when it comes from the cache.
    assert client.get("/api/contacts/")["Access-Control-Allow-Origin"] == "*"
