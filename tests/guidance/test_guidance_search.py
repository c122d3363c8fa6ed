"""Search over the current language, tolerant of Kazakh letters typed without their marks."""

import re

import pytest

from guidance.models import Section
from guidance.search import fold, highlight


def body(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_folding_keeps_one_character_per_character():
    text = "ӘҒҚҢӨҰҮҺІ әғқңөұүһі Ёлка"
    assert fold(text) == "агкноуухи агкноуухи елка"
    assert len(fold(text)) == len(text)


def test_it_finds_a_passage_typed_without_kazakh_diacritics(client, guidance):
    # "Груминг ... балаларға жыныстық зорлық-зомбылық көрсетудің бір түрі" typed with plain letters.
    html = body(client.get("/kk/guidance/search/", {"q": "зомбылык корсетудин"}))
    assert re.search(r"<mark>зомбылық</mark>\s*<mark>көрсетудің</mark>", html)
    assert 'href="/kk/guidance/key-concepts/#term-grooming"' in html


def test_it_ignores_case(client, guidance):
    html = body(client.get("/kk/guidance/search/", {"q": "ГРУМИНГ"}))
    assert "<mark>Груминг</mark>" in html


def test_results_link_to_the_nearest_anchor(client, guidance):
    html = body(client.get("/en/guidance/search/", {"q": "lift"}))
    results = re.findall(r'<a href="([^"]+)">', html[html.index("search-results") :])
    assert results[0] == "/en/guidance/witnesses/#five-steps"
    assert "<mark>lift</mark>" in html


def test_it_searches_the_current_language_only(client, guidance):
    assert "search-results" in body(client.get("/ru/guidance/search/", {"q": "груминг"}))
    html = body(client.get("/ru/guidance/search/", {"q": "жыныстық"}))
    assert "search-results" not in html
    assert "0" in re.search(r'<h2 id="results-title">(.*?)</h2>', html).group(1)


def test_it_searches_what_staff_wrote(client, guidance):
    section = Section.objects.get(slug="sources")
    section.body_en += "\n\nA new source added by the editors.\n"
    section.save()
    html = body(client.get("/en/guidance/search/", {"q": "editors"}))
    assert "A new source added by the <mark>editors</mark>." in html


def test_a_query_is_escaped_not_executed(client, guidance):
    response = client.get("/en/guidance/search/", {"q": "<script>alert(1)</script>"})
    assert response.status_code == 200
    assert "<script>alert" not in response.content.decode()


def test_highlighting_escapes_the_passage():
    snippet = highlight("a <b> tag & more", ["tag"])
    assert snippet == "a &lt;b&gt; <mark>tag</mark> &amp; more"


@pytest.mark.parametrize("query", ["", "a"])
def test_an_empty_or_one_letter_query_lists_nothing(client, guidance, query):
    html = body(client.get("/kk/guidance/search/", {"q": query}))
    assert "search-results" not in html
    assert 'name="q"' in html


def test_the_search_page_is_kept_out_of_search_engines(client, guidance):
    assert '<meta name="robots" content="noindex">' in client.get("/kk/guidance/search/?q=бала").content.decode()


def test_search_reads_the_whole_manual_in_a_fixed_number_of_queries(client, guidance, django_assert_num_queries):
    # Sections, key concepts, facts, notes, footnotes, and the directory (regions, services).
    with django_assert_num_queries(7):
        assert client.get("/kk/guidance/search/", {"q": "бала"}).status_code == 200


def test_the_marks_of_notes_and_added_headings_are_not_searched_text(client, guidance):
    html = body(client.get("/en/guidance/search/", {"q": "boundaries"}))
    # The result names the heading the portal added, without its mark or the note's.
    assert "Code of conduct for adults</a>" in html
    assert "◦" not in html and "*" not in html and "editorial note" not in html and "heading added" not in html
