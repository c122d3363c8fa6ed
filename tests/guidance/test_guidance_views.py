"""The guidance pages: contents, sections in three languages, print, and what they connect to."""

import re

import pytest
from django.utils.html import escape
from django.utils.translation import gettext, override

from contacts.models import PhoneNumber, Region, RegionalOmbudsman
from guidance.models import EditorialNote, Fact, Footnote, GlossaryTerm, RegionalOffenderFigure, Section

LANGUAGES = ("kk", "ru", "en")
SLUGS = [
    "foreword",
    "key-concepts",
    "brief-facts",
    "offender-profile",
    "advice-to-parents",
    "witnesses",
    "social-norms",
    "inspire",
    "appendices",
    "sources",
]


def body(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def translated(lang: str, message: str) -> str:
    with override(lang):
        return gettext(message)


# --- Contents ----------------------------------------------------------------------------
def test_it_lists_the_sections_in_the_manuals_order_with_a_summary(client, guidance, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/kk/guidance/")
    assert response.status_code == 200
    html = body(response)
    links = re.findall(r'href="/kk/guidance/([a-z-]+)/"', html)
    assert [link for link in links if link not in ("print", "search", "about-this-edition")] == SLUGS
    for section in Section.objects.all():
        assert section.summary_kk in html
    assert "Мазмұны" in html


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_contents_page_works_in_every_language(client, guidance, lang):
    response = client.get(f"/{lang}/guidance/")
    assert response.status_code == 200
    section = Section.objects.get(slug="witnesses")
    assert getattr(section, f"title_{lang}") in body(response)
    assert getattr(section, f"summary_{lang}") in body(response)


# --- Sections --------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("slug", SLUGS)
def test_each_section_has_its_page_in_every_language(client, guidance, slug, lang):
    response = client.get(f"/{lang}/guidance/{slug}/")
    assert response.status_code == 200
    section = Section.objects.get(slug=slug)
    html = body(response)
    assert f"<h1>{getattr(section, f'title_{lang}')}</h1>".replace("'", "&#x27;") in html
    assert f'<html lang="{lang}"' in response.content.decode()
    # Russian and English are marked as translations of the Kazakh original.
    assert ("translation-notice" in html) == (lang != "kk")


def test_the_russian_and_english_pages_carry_the_translations(client, guidance):
    ru = body(client.get("/ru/guidance/witnesses/"))
    en = body(client.get("/en/guidance/witnesses/"))
    assert "Срочно свяжитесь с местной или республиканской" in ru
    assert "Urgently contact your local or national" in en
    assert "Қазақша түпнұсқасы" in ru and 'href="/kk/guidance/witnesses/"' in ru


def test_a_section_left_untranslated_shows_the_original_marked_as_kazakh(client, guidance):
    section = Section.objects.get(slug="foreword")
    section.body_en = ""
    section.save()
    html = body(client.get("/en/guidance/foreword/"))
    assert '<div class="guidance-body" lang="kk">' in html
    assert "has not been translated yet" in html
    assert "Қазақстан Республикасының Ақпарат және қоғамдық даму министрлігі" in html


def test_an_unknown_section_is_not_found(client, guidance):
    assert client.get("/kk/guidance/no-such-section/").status_code == 404


def test_it_links_the_previous_and_next_sections(client, guidance):
    html = body(client.get("/kk/guidance/advice-to-parents/"))
    assert re.search(r'href="/kk/guidance/offender-profile/" rel="prev"', html)
    assert re.search(r'href="/kk/guidance/witnesses/" rel="next"', html)
    first = body(client.get("/kk/guidance/foreword/"))
    assert 'rel="prev"' not in first and 'rel="next"' in first
    last = body(client.get("/kk/guidance/sources/"))
    assert 'rel="next"' not in last and 'rel="prev"' in last


def test_it_lists_in_page_anchors_for_the_subsections(client, guidance):
    html = body(client.get("/kk/guidance/advice-to-parents/"))
    for anchor in ("five-rules", "rule-body", "rule-five-people", "three-questions", "question-what-to-do"):
        assert f'<a href="#{anchor}">' in html
        assert f'id="{anchor}"' in html


@pytest.mark.parametrize(
    ("lang", "unchanged"),
    [
        ("kk", "нұсқаулық басылымынан бері өзгертілмеген"),
        ("ru", "не менялся со времени издания руководства"),
        ("en", "not changed since the manual’s edition"),
    ],
)
def test_last_updated_says_the_text_is_the_manuals_until_staff_change_it(client, guidance, lang, unchanged):
    # Loading (or reloading) the data is not a change of the text: no load date on the page.
    html = body(client.get(f"/{lang}/guidance/foreword/"))
    last_updated = re.search(r'<p class="muted">(.*?)</p>', html, re.DOTALL).group(1)
    assert unchanged in last_updated
    assert "<time" not in last_updated
    assert f'href="/{lang}/guidance/about-this-edition/#note-no-edition-date"' in last_updated


@pytest.mark.parametrize(
    ("lang", "date"), [("kk", "2024 жылғы 5 наурыз"), ("ru", "5 марта 2024"), ("en", "5 March 2024")]
)
def test_last_updated_is_the_date_the_text_last_changed(client, guidance, lang, date):
    Section.objects.filter(slug="foreword").update(text_changed_on="2024-03-05")
    # What the section shows from elsewhere (a key concept, the directory) does not move it.
    GlossaryTerm.objects.update(updated_at="2025-01-20T10:00:00+05:00")
    html = body(client.get(f"/{lang}/guidance/foreword/"))
    assert f'<time datetime="2024-03-05">{date}</time>' in html


# --- Key concepts ----------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_key_concept_has_its_anchor_and_definition(client, guidance, lang):
    html = body(client.get(f"/{lang}/guidance/key-concepts/"))
    for term in GlossaryTerm.objects.all():
        assert f'id="term-{term.slug}"' in html
        assert f"<dfn>{getattr(term, f'term_{lang}')}</dfn>".replace("'", "&#x27;") in html


@pytest.mark.parametrize(
    ("lang", "citations"),
    [
        ("kk", ["№ 518-IV Кодексі", "ҚР Қылмыстық кодексі, 121 бап", "ҚР Қылмыстық кодексі, 432, 434 бап"]),
        ("ru", ["№ 518-IV", "УК РК, статья 121", "УК РК, статьи 432, 434"]),
        ("en", ["No. 518-IV", "Article 121", "Articles 432, 434"]),
    ],
)
def test_key_concepts_cite_their_law_once(client, guidance, lang, citations):
    html = body(client.get(f"/{lang}/guidance/key-concepts/"))
    for citation in citations:
        assert html.count(citation) == 1, citation


def test_the_text_links_a_key_concept_where_it_uses_it(client, guidance):
    html = body(client.get("/kk/guidance/witnesses/"))
    link = '<a href="/kk/guidance/key-concepts/#term-child-protection-organisations" class="term-link">'
    assert link + "балаларды қорғау қызметіне</a>" in html
    en = body(client.get("/en/guidance/foreword/"))
    assert 'href="/en/guidance/key-concepts/#term-sexual-violence-against-children"' in en
    # Only the first use in a section is linked.
    assert en.count("#term-sexual-violence-against-children") == 1


# --- Footnotes and editorial notes ------------------------------------------------------
def test_footnotes_sit_next_to_what_they_annotate(client, guidance):
    html = body(client.get("/kk/guidance/inspire/"))
    heading = html.index('id="seven-strategies"')
    reference = html.index('href="#footnote-3"')
    footnote = html.index('id="footnote-3"')
    first_strategy = html.index("Заңнамалық шараларды қабылдау")
    assert heading < reference < footnote < first_strategy
    assert "INSPIRE: Seven strategies for ending violence against children" in html


def test_marks_without_footnote_text_lead_to_the_note_that_says_so(client, guidance):
    parents = body(client.get("/en/guidance/advice-to-parents/"))
    # No footnote box and no link to one: the mark ¹ stays as printed, with a note mark after it.
    assert 'href="#footnote-1"' not in parents and 'id="footnote-1"' not in parents
    assert 'href="/en/guidance/about-this-edition/#note-footnote-1" id="note-ref-footnote-1"' in parents
    about = body(client.get("/en/guidance/about-this-edition/"))
    assert "puts the mark ¹ here but has no text for the footnote" in about
    assert "puts the mark ² here but has no text for the footnote" in about
    assert "there is no footnote ⁴" in about


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_editorial_note_sits_in_the_reading_flow(client, guidance, lang):
    for slug in SLUGS:
        html = body(client.get(f"/{lang}/guidance/{slug}/"))
        assert "editorial-note" not in html
        for note in EditorialNote.objects.all():
            assert note.text not in html


ABOUT_PAGE = {
    "kk": ("Осы басылым туралы", "Порталдың өзгерткені", "баспадағыдай сақталған қателері", "мәтінінде жоқ"),
    "ru": ("Об этом издании", "Что изменил портал", "сохранённые как в печатном тексте", "Чего нет в тексте"),
    "en": ("About this edition", "What the portal changed", "Slips of the manual, kept as printed", "lacks"),
}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_about_this_edition_gathers_every_note_with_links_both_ways(client, guidance, lang):
    title, changed, slips, missing = ABOUT_PAGE[lang]
    about = body(client.get(f"/{lang}/guidance/about-this-edition/"))
    assert f"<h1>{title}</h1>" in about
    assert about.index(changed) < about.index(slips) < about.index(missing)
    for note in EditorialNote.objects.all():
        assert f'id="note-{note.slug}"' in about
    # Each note links back to its place, and the place carries the mark that links here.
    back_link = f'<a href="/{lang}/guidance/brief-facts/#note-ref-table-1">'
    assert back_link in about[about.index('id="note-table-1"') :]
    facts = body(client.get(f"/{lang}/guidance/brief-facts/"))
    assert f'href="/{lang}/guidance/about-this-edition/#note-table-1" id="note-ref-table-1"' in facts
    assert f'href="/{lang}/guidance/about-this-edition/"' in body(client.get(f"/{lang}/guidance/"))


def test_the_medical_sentence_note_gives_three_instructions(client, guidance):
    for lang, three in (("kk", "үш нұсқау"), ("ru", "три указания"), ("en", "three instructions")):
        about = body(client.get(f"/{lang}/guidance/about-this-edition/"))
        note = re.search(r'id="note-garbled-medical-sentence">(.*?)</li>', about, re.DOTALL).group(1)
        assert three in note
    assert "сөйлемінің құрылымы" in body(client.get("/kk/guidance/about-this-edition/"))


def test_the_slips_no_note_mentioned_have_their_notes(client, guidance):
    facts = body(client.get("/en/guidance/brief-facts/"))
    assert 'id="note-ref-who-name"' in facts and 'id="note-ref-article-2-point-42"' in facts
    appendix = body(client.get("/en/guidance/appendices/"))
    assert 'id="note-ref-nemolchi-hashtag"' in appendix and 'id="note-ref-national-lines-order"' in appendix
    about = body(client.get("/en/guidance/about-this-edition/"))
    assert "Article 2 of the Code (the Code’s tasks) has no paragraph 42" in about
    assert "puts the emergency numbers (102, 112, 103) first" in about


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_headings_the_portal_added_are_marked_as_added(client, guidance, lang):
    parents = body(client.get(f"/{lang}/guidance/advice-to-parents/"))
    witnesses = body(client.get(f"/{lang}/guidance/witnesses/"))
    hidden_name = escape(translated(lang, "heading added by the portal"))
    for html, anchor in (
        (parents, "five-rules"),
        (parents, "three-questions"),
        (witnesses, "five-steps"),
        (witnesses, "code-of-conduct"),
    ):
        # Styled apart, and marked with ◦ named for assistive technology, linking to the note.
        heading = re.search(rf'<h2 id="{anchor}" class="heading-added">(.*?)</h2>', html, re.DOTALL).group(1)
        assert f'href="/{lang}/guidance/about-this-edition/#note-added-headings"' in heading
        assert '<span aria-hidden="true">◦</span>' in heading
        assert f'<span class="visually-hidden"> ({hidden_name})</span>' in heading
    # The manual's own headings carry no such mark or style.
    rule = re.search(r'<h3 id="rule-body"([^>]*)>(.*?)</h3>', parents, re.DOTALL)
    assert "heading-added" not in rule.group(1) and "mark-added" not in rule.group(2)
    assert parents.count('class="heading-added"') == 2 and witnesses.count('class="heading-added"') == 2
    # The general note says how they are told apart.
    about = body(client.get(f"/{lang}/guidance/about-this-edition/"))
    note = re.search(r'id="note-added-headings">(.*?)</li>', about, re.DOTALL).group(1)
    assert "◦" in note and {"kk": "көлбеу", "ru": "курсивом", "en": "italics"}[lang] in note
    # The table of contents of the page names the heading without the mark.
    assert re.search(r'<a href="#five-rules">[^<◦]+</a>', parents)


def test_the_code_of_conduct_gets_a_fitting_heading_and_a_note_on_the_correction(client, guidance):
    html = body(client.get("/kk/guidance/witnesses/"))
    heading = re.search(r'<h2 id="code-of-conduct" class="heading-added">(.*?)</h2>', html).group(1)
    assert heading.startswith("Ересектерге арналған мінез-құлық кодексі<sup")
    assert 'id="note-ref-code-of-conduct-heading"' in heading
    about = body(client.get("/kk/guidance/about-this-edition/"))
    note = about[about.index('id="note-code-of-conduct-heading"') :]
    assert "Балаларға зорлық-зомбылық көрсетуге ықпал ететін факторларға мыналар жатады:" in note[:600]
    assert "қате қайталанған" in note[:600]


def test_the_inspire_text_keeps_ten_organisations_and_notes_the_eight_listed(client, guidance):
    html = body(client.get("/en/guidance/inspire/"))
    assert "In 2016, ten international organisations jointly developed seven strategies" in html
    assert "8. World Bank." in html
    about = body(client.get("/en/guidance/about-this-edition/"))
    assert "while footnote ³ lists 8" in about and "PAHO, PEPFAR and USAID" in about


# --- Numbered lists and connections ------------------------------------------------------
def test_the_five_witness_steps_and_seven_strategies_are_numbered_lists(client, guidance):
    witnesses = body(client.get("/en/guidance/witnesses/"))
    steps = re.search(r'id="five-steps".*?<ol>(.*?)</ol>', witnesses, re.DOTALL).group(1)
    assert steps.count("<li>") == 5
    assert "write down the date, place and time" in steps
    inspire = body(client.get("/en/guidance/inspire/"))
    strategies = re.search(r"<ol>(.*?)</ol>", inspire, re.DOTALL).group(1)
    assert strategies.count("<li>") == 7
    assert "<strong>Education and life skills</strong>" in strategies


def test_the_witness_steps_link_to_the_directory(client, guidance):
    html = body(client.get("/ru/guidance/witnesses/"))
    actions = html[html.index("witness-actions") :]
    assert 'href="/ru/contacts/"' in actions[:2000]


def test_the_witness_steps_link_to_the_report_form(client, guidance):
    html = body(client.get("/kk/guidance/witnesses/"))
    actions = html[html.index("witness-actions") :]
    assert 'href="/kk/report/"' in actions[:2000]


# --- Statistics ----------------------------------------------------------------------------
def test_statistics_are_drawn_as_accessible_charts_with_their_data(client, guidance):
    html = body(client.get("/en/guidance/brief-facts/"))
    chart = re.search(r'<svg class="chart".*?</svg>', html, re.DOTALL).group(0)
    assert 'role="img"' in chart
    assert 'aria-labelledby="chart-childhood-prevalence-title chart-childhood-prevalence-desc"' in chart
    assert '<desc id="chart-childhood-prevalence-desc">Women: 20%; Men: about 7.7%</desc>' in chart
    assert chart.count("<rect") == 2
    assert "style=" not in html
    # The same figures as a table, with period and source.
    table = html[html.index("facts-table") :]
    assert "one in five women (20%)" in table
    assert "2022 data" in table and "World Health Organization" in table


def test_a_chart_follows_the_figures_staff_enter(client, guidance):
    Fact.objects.filter(slug="who-men").update(value=10)
    html = body(client.get("/en/guidance/brief-facts/"))
    assert 'width="110.0"' in html  # 10 of 20 on a 220-wide scale


def test_figures_that_are_not_comparable_stay_out_of_the_chart(client, guidance):
    html = body(client.get("/en/guidance/brief-facts/"))
    crimes = html[html.index('id="facts-registered-crimes"') :]
    crimes = crimes[: crimes.index("</figure>")]
    assert crimes.count("<rect") == 2  # 788 a year and 252 in 6 months, not the 4729 total
    assert "4729 crimes" in crimes


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("kk", "Бұл кестенің сандары нұсқаулық мәтінінде жоқ."),
        ("ru", "Цифр этой таблицы в тексте руководства нет."),
        ("en", "The figures of this table are not in the text of the manual."),
    ],
)
def test_table_1_is_shown_as_the_manual_shows_it_title_lead_in_and_no_figures(client, guidance, lang, sentence):
    html = body(client.get(f"/{lang}/guidance/brief-facts/"))
    title = html.index('id="table-1"')
    lead_in = html.index("(Кесте 1)" if lang == "kk" else "(Table 1)" if lang == "en" else "(Таблица 1)")
    assert lead_in < title < html.index(sentence)
    table = html[html.index('id="table-1-figures"') :]
    assert "<table" not in table[: table.index("</div>")]
    assert RegionalOffenderFigure.objects.count() == Region.objects.count() == 20


def test_table_1_shows_the_figures_once_staff_fill_them_in(client, guidance):
    RegionalOffenderFigure.objects.filter(region__slug="astana").update(offenders=41, source="ҚСАЕК")
    RegionalOffenderFigure.objects.filter(region__slug="almaty").update(offenders=57)
    html = body(client.get("/ru/guidance/brief-facts/"))
    table = html[html.index('id="table-1-figures"') :]
    assert "Цифр этой таблицы в тексте руководства нет." not in table
    assert re.search(r"город Астана</th>\s*<td>41</td>\s*<td>ҚСАЕК</td>", table)
    assert re.search(r"город Алматы</th>\s*<td>57</td>", table)
    assert re.search(r"город Шымкент</th>\s*<td>В руководстве не опубликовано</td>", table)
    # A region added to the directory later, with no row yet, is "not published" too.
    RegionalOffenderFigure.objects.filter(region__slug="shymkent").delete()
    table = body(client.get("/ru/guidance/brief-facts/"))
    assert re.search(r"город Шымкент</th>\s*<td>В руководстве не опубликовано</td>", table)
    assert 'aria-labelledby="chart-table-1-title chart-table-1-desc"' in table


# --- The appendix comes from the directory -------------------------------------------------
def test_the_appendix_shows_the_directorys_current_data(client, guidance):
    html = body(client.get("/kk/guidance/appendices/"))
    assert "Бимендина Әсима Темкенқызы" in html
    assert '<a href="tel:+77015160115">+7 (701) 516-01-15</a>' in html
    assert '<a href="tel:111">111</a>' in html
    assert "info@bala-ombudsman.kz" in html

    ombudsman = RegionalOmbudsman.objects.get(region__slug="astana")
    ombudsman.full_name = "Жаңа Уәкіл Есімі"
    ombudsman.save()
    # Saved as the admin saves it, which also writes the number's display form and link.
    for number in PhoneNumber.objects.filter(ombudsman=ombudsman):
        number.number = "+77019998877"
        number.save()
    html = body(client.get("/kk/guidance/appendices/"))
    assert "Бимендина" not in html
    assert "Жаңа Уәкіл Есімі" in html
    assert '<a href="tel:+77019998877">+7 (701) 999-88-77</a>' in html


def test_the_appendix_says_whatsapp_numbers_take_text_messages_only(client, guidance):
    html = body(client.get("/en/guidance/appendices/"))
    assert '<a href="https://wa.me/77776787590">+7 (777) 678-75-90</a>' in html
    assert "WhatsApp: text messages only, no calls" in html


# --- Print ---------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_print_page_has_the_whole_manual(client, guidance, lang, django_assert_num_queries):
    with django_assert_num_queries(9):
        response = client.get(f"/{lang}/guidance/print/")
    assert response.status_code == 200
    html = body(response)
    for section in Section.objects.all():
        assert f'id="section-{section.slug}"' in html
    assert html.count('class="print-section"') == len(SLUGS) + 1  # and "About this edition"
    assert "guidance/print.css" in response.content.decode()


def test_the_print_page_writes_whole_addresses_and_keeps_anchors_on_the_page(client, guidance):
    html = body(client.get("/kk/guidance/print/"))
    assert 'href="http://testserver/kk/contacts/"' in html
    assert 'href="#term-child-protection-organisations"' in html
    assert 'href="/' not in html.split('class="print-section"', 1)[1]


def test_the_print_styles_set_a4_page_breaks_and_hide_the_exit_bar():
    from django.contrib.staticfiles import finders

    css = open(finders.find("guidance/print.css"), encoding="utf-8").read()  # noqa: SIM115
    assert "size: A4" in css
    assert "break-before: page" in css
    assert ".exit-bar" in css
    assert 'content: " (" attr(href) ")"' in css


# --- Editing -------------------------------------------------------------------------------
def test_markdown_from_staff_is_sanitised(client, guidance):
    section = Section.objects.get(slug="foreword")
    section.body_kk += "\n\n<script>alert(1)</script> [link](javascript:alert(1)) <img src=x onerror=alert(1)>\n"
    section.save()
    html = body(client.get("/kk/guidance/foreword/"))
    assert "<script" not in html and "javascript:" not in html and "onerror" not in html


def test_edits_show_at_once(client, guidance):
    client.get("/ru/guidance/foreword/")
    section = Section.objects.get(slug="foreword")
    section.body_ru += "\n\nНовый абзац от редакции.\n"
    section.save()
    note = EditorialNote.objects.get(slug="inspire-organisations")
    note.text_ru = "Исправленное примечание."
    note.save()
    Footnote.objects.filter(marker=3).update(text_ru="Новый текст сноски.")
    assert "Новый абзац от редакции." in body(client.get("/ru/guidance/foreword/"))
    assert "Новый текст сноски." in body(client.get("/ru/guidance/inspire/"))
    assert "Исправленное примечание." in body(client.get("/ru/guidance/about-this-edition/"))
