"""Loading the manual: built from the three line-aligned files, idempotent, never overwriting staff edits."""

import io

import pytest
from django.core.management import call_command
from django.forms.models import model_to_dict

from contacts.models import Region
from guidance import loading
from guidance.models import EditorialNote, Fact, Footnote, GlossaryTerm, RegionalOffenderFigure, Section

MODELS = (Section, GlossaryTerm, Fact, EditorialNote, Footnote, RegionalOffenderFigure)


def snapshot():
    return {model.__name__: [model_to_dict(obj) for obj in model.objects.order_by("pk")] for model in MODELS}


def test_it_loads_every_section_in_three_languages(guidance):
    assert list(Section.objects.values_list("slug", flat=True)) == [spec.slug for spec in loading.SECTIONS]
    for section in Section.objects.all():
        for lang in ("kk", "ru", "en"):
            assert getattr(section, f"title_{lang}")
            assert getattr(section, f"summary_{lang}")
            assert getattr(section, f"body_{lang}")


def test_the_same_lines_give_the_same_section_in_each_language(guidance):
    foreword = Section.objects.get(slug="foreword")
    assert foreword.body_kk.startswith("Қазақстан Республикасының Ақпарат және қоғамдық даму министрлігі")
    assert foreword.body_ru.startswith(loading.line("ru", 30)[:40])
    assert foreword.body_en.startswith(loading.line("en", 30)[:40])
    assert Section.objects.get(slug="inspire").title_en == "Combating Violence: 7 Strategies"


def test_running_it_twice_changes_nothing(guidance):
    before = snapshot()
    summary = loading.load()
    assert summary.startswith("0 sections created, 0 key concepts created, 0 facts created")
    assert snapshot() == before


def test_it_never_overwrites_what_staff_edited(guidance):
    section = Section.objects.get(slug="witnesses")
    section.body_ru = "Текст, исправленный редакцией."
    section.save()
    RegionalOffenderFigure.objects.update(offenders=7)
    loading.load()
    assert Section.objects.get(slug="witnesses").body_ru == "Текст, исправленный редакцией."
    assert set(RegionalOffenderFigure.objects.values_list("offenders", flat=True)) == {7}


def test_the_management_command_loads_the_guidance(directory):
    out = io.StringIO()
    call_command("load_manual_data", stdout=out)
    assert "guidance: 10 sections created" in out.getvalue()
    # Table 1 gets a row for every region of the directory, which the same command loads first.
    assert RegionalOffenderFigure.objects.count() == Region.objects.count() == 20


def test_only_whitespace_is_corrected_in_the_original():
    assert loading.line("kk", 244).count("қалыптастыру") == 1
    assert "қ алыптастыру" in loading.manual_lines("kk")[243]


def test_the_inspire_heading_keeps_its_footnote_mark(guidance):
    assert "## Балалар зорлық-зомбылығына қарсы күрестің 7 стратегиясы³ {#seven-strategies}" in (
        Section.objects.get(slug="inspire").body_kk
    )


def test_a_record_only_the_loader_wrote_is_brought_up_to_the_files(guidance):
    # A database loaded before a correction of the files: its records still hold the old text.
    Section.objects.filter(slug="inspire").update(body_en="The old translation.")
    EditorialNote.objects.filter(slug="table-1").update(text_en="The old note.")
    summary = loading.load()
    assert "2 brought up to the files" in summary
    assert Section.objects.get(slug="inspire").body_en == loading.section_body(loading.SECTIONS[7], "en")
    assert EditorialNote.objects.get(slug="table-1").text_en == loading.portal_content("notes")["table-1"]["en"]
    # The loader's own change does not make the record count as edited by staff.
    Section.objects.filter(slug="inspire").update(body_en="Older still.")
    loading.load()
    assert Section.objects.get(slug="inspire").body_en != "Older still."


def test_a_note_staff_edited_is_kept_when_the_files_change(guidance):
    note = EditorialNote.objects.get(slug="table-1")
    note.text_ru = "Примечание, исправленное редакцией."
    note.save()
    loading.load()
    assert EditorialNote.objects.get(slug="table-1").text_ru == "Примечание, исправленное редакцией."


def test_what_the_portal_writes_is_data_next_to_the_manual():
    source = (loading.MANUAL_DIR.parent.parent / "guidance" / "loading.py").read_text(encoding="utf-8")
    # No translated content is written in the loader: no Cyrillic letters outside the layout fixes,
    # which quote the manual's own words.
    start = source.index("# Spaces the original")
    source = source[:start] + source[source.index("}", start) :]
    assert not [line for line in source.splitlines() if any("\u0400" <= ch <= "\u04ff" for ch in line)]
    for name in ("summaries", "headings", "glossary", "facts", "notes"):
        assert loading.portal_content(name)


@pytest.mark.django_db(transaction=True)
def test_the_migration_gathers_footnote_notes_and_dates_staff_edits():
    import datetime

    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("guidance", "0001_initial")], [("guidance", "0002_text_changed_on_notes_gathered_citation_once")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old.get_model("guidance", "Footnote").objects.create(
        marker=1, text="", editorial_note_kk="Ескертпе.", editorial_note_ru="Примечание.", editorial_note_en="A note."
    )
    Section_, History = old.get_model("guidance", "Section"), old.get_model("guidance", "HistoricalSection")
    edited = Section_.objects.create(slug="foreword", position=1, title_kk="Алғы сөз", summary_kk="…", body_kk="…")
    untouched = Section_.objects.create(slug="sources", position=2, title_kk="Дереккөздер", summary_kk="…", body_kk="…")
    when = datetime.datetime(2025, 4, 3, 10, tzinfo=datetime.UTC)
    for section, kind in ((edited, "+"), (edited, "~"), (untouched, "+")):
        History.objects.create(
            id=section.id, slug=section.slug, position=section.position, title_kk=section.title_kk,
            summary_kk="…", body_kk="…", history_date=when, history_type=kind,
        )  # fmt: skip
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    note = new.get_model("guidance", "EditorialNote").objects.get(slug="footnote-1")
    assert (note.kind, note.text_ru) == ("missing", "Примечание.")
    sections = new.get_model("guidance", "Section").objects
    assert sections.get(slug="foreword").text_changed_on == datetime.date(2025, 4, 3)
    assert sections.get(slug="sources").text_changed_on is None
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
