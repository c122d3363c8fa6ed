"""Staff use the admin in Kazakh and Russian: the pages they work on are not left in English."""

import re

import pytest

pytestmark = pytest.mark.django_db

ENGLISH_LEFTOVERS = ["Import", "Export", "History", "Save and add another", "Filter", "Select region to change"]


def visible_text(response):
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("kk", ["Импорттау", "Экспорттау", "Сүзгі", "Өзгерту үшін өңір таңдаңыз"]),
        ("ru", ["Импорт", "Экспорт", "Фильтр", "Выберите регион для изменения"]),
    ],
)
def test_the_directory_admin_speaks_the_staff_language(admin_client, lang, expected):
    text = visible_text(admin_client.get(f"/{lang}/admin/contacts/region/"))
    for phrase in expected:
        assert phrase in text, phrase


def test_no_english_left_on_the_kazakh_admin_pages_staff_use(admin_client):
    pages = [
        "/kk/admin/",
        "/kk/admin/contacts/region/",
        "/kk/admin/contacts/region/import/",
        "/kk/admin/contacts/region/export/",
        "/kk/admin/guidance/section/",
    ]
    for page in pages:
        response = admin_client.get(page)
        assert response.status_code == 200, page
        words = set(re.findall(r"\b[A-Za-z][A-Za-z ]{3,}\b", visible_text(response)))
        leftovers = [w for w in ENGLISH_LEFTOVERS if any(w == word.strip() for word in words)]
        assert not leftovers, f"{page}: {leftovers}"
