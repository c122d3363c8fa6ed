"""The guidance's pages and its search come from the cache, and an edit shows on the next request."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from django.utils import translation

from guidance import search_index
from guidance.models import Section
from guidance.rendering import ManualData, Renderer
from guidance.search import highlight, passages, query_words
from referrals.roles import DIRECTORY_EDITOR

LANGUAGES = ("kk", "ru", "en")
ADDED = {"kk": "Редакция қосқан сөйлем.", "ru": "Предложение от редакции.", "en": "A sentence from the editors."}


@pytest.fixture
def staff(db):
    editor = User.objects.create_user("editor", "editor@example.kz", "a-long-password-123", is_staff=True)
    editor.groups.add(Group.objects.get(name=DIRECTORY_EDITOR))
    return editor


def test_a_sections_text_changed_in_the_admin_shows_at_once_in_every_language(client, guidance, staff):
    for lang in LANGUAGES:
        assert ADDED[lang] not in client.get(f"/{lang}/guidance/foreword/").content.decode()
        assert ADDED[lang] not in client.get(f"/{lang}/guidance/print/").content.decode()
        search = client.get(f"/{lang}/guidance/search/", {"q": ADDED[lang].split()[1]}).content.decode()
        assert ADDED[lang] not in search

    client.force_login(staff)
    section = Section.objects.get(slug="foreword")
    data = {"slug": section.slug, "position": section.position}
    for field in ("title", "summary", "body"):
        for lang in LANGUAGES:
            data[f"{field}_{lang}"] = getattr(section, f"{field}_{lang}")
    for lang in LANGUAGES:
        data[f"body_{lang}"] += f"\n\n{ADDED[lang]}\n"
    response = client.post(f"/kk/admin/guidance/section/{section.pk}/change/", data)
    assert response.status_code == 302
    client.logout()

    for lang in LANGUAGES:
        assert ADDED[lang] in client.get(f"/{lang}/guidance/foreword/").content.decode()
        assert ADDED[lang] in client.get(f"/{lang}/guidance/print/").content.decode()
        search = client.get(f"/{lang}/guidance/search/", {"q": ADDED[lang].split()[1]}).content.decode()
        assert ADDED[lang].split()[1] in search and "/guidance/foreword/" in search


def test_a_section_is_rendered_once_then_served_without_queries(client, guidance, django_assert_num_queries):
    first = client.get("/en/guidance/foreword/")
    with django_assert_num_queries(0):
        again = client.get("/en/guidance/foreword/")
    assert again.content == first.content
    with django_assert_num_queries(1):
        assert client.get("/en/guidance/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/en/guidance/").status_code == 200


def test_search_renders_the_guidance_once_per_content_version(client, guidance, django_assert_num_queries):
    # Found nowhere: every section is rendered into the index to be sure of that.
    assert "0 " in client.get("/kk/guidance/search/", {"q": "жоқсөзжоқ"}).content.decode()
    # A query not asked before reads the index built for the first one: no query at all.
    with django_assert_num_queries(0):
        response = client.get("/kk/guidance/search/", {"q": "полиция"})
    assert response.status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/kk/guidance/search/", {"q": "полиция"}).content == response.content


def test_guidance_pages_answer_a_conditional_request_with_304(client, guidance):
    for url in ("/kk/guidance/", "/ru/guidance/foreword/", "/en/guidance/search/?q=child"):
        first = client.get(url)
        assert first["Cache-Control"] == "public, no-cache"
        assert client.get(url, headers={"If-None-Match": first["ETag"]}).status_code == 304, url


def _results_rendering_every_section(words: list[str]) -> list[tuple[str, str]]:
    # The search as it was before the index: every section rendered, every passage looked at.
    renderer, found = Renderer(data=ManualData()), []
    for section in Section.objects.in_order():
        url = reverse("guidance:section", args=[section.slug])
        for passage in passages(renderer.render(section).html):
            snippet = highlight(passage.text, words)
            if snippet is not None:
                found.append((f"{url}#{passage.anchor}" if passage.anchor else url, str(snippet)))
    return found[:50]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_index_finds_what_reading_every_section_finds(client, guidance, lang):
    queries = {
        "kk": ["бала", "зорлык", "полиция 102", "ата ана", "уәкіл", "ақпан", "жоқсөз", "ба", "+7"],
        "ru": ["ребён", "насилие", "полиция", "уполномоченный", "её", "зл", "нет такого"],
        "en": ["child", "violence police", "ombudsman", "whatsapp", "th", "no such words"],
    }[lang]
    with translation.override(lang):
        complete = search_index.SearchIndex("complete")
        assert list(complete.matches(["zzzqx"])) == []  # every section rendered to be sure
        for query in queries:
            words = query_words(query)
            expected = _results_rendering_every_section(words)
            # Built as searches reach the sections, and complete: the same results either way.
            for index in (search_index.SearchIndex("built as searched"), complete):
                found = [(p.url, str(highlight(p.text, words, p.folded))) for p in index.matches(words)][:50]
                assert found == expected, query
