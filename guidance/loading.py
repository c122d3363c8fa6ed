"""Load the manual into the database: sections, key concepts, facts, notes, footnotes.

The Kazakh file (fixtures/guidance/manual.kk.txt) is the manual itself; the Russian and
English files are line-aligned translations: line N of each translates line N of the
original. Each section is described below as a list of the original's lines, so the same
description builds the section in all three languages. What the portal writes itself
(summaries, added headings, key concepts' links, facts, editorial notes) is data too, in the
TOML files next to the manual's.

Idempotent, and staff edits win: a missing record is created; a record that only this
loader ever wrote is brought up to the files (so corrections reach databases loaded
before them); a record staff have changed is left exactly as it is.
"""

import re
import tomllib
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings

from contacts.models import Region
from guidance.models import EditorialNote, Fact, Footnote, GlossaryTerm, RegionalOffenderFigure, Section

LANGUAGES = settings.MODELTRANSLATION_LANGUAGES
MANUAL_DIR = Path(settings.BASE_DIR) / "fixtures" / "guidance"
# Recorded as the reason of the loader's own changes, so a later run can tell them from staff's.
LOADER = "load_manual_data"

# Spaces the original's layout left inside words ("зорлық- зомбылық", "қ алыптастыру").
# Only whitespace is corrected: the words stay the manual's own.
WHITESPACE_FIXES = {
    ("kk", 42): ("зорлық- зомбылық", "зорлық-зомбылық"),
    ("kk", 244): ("қ алыптастыру", "қалыптастыру"),
}


@cache
def portal_content(name: str) -> dict:
    """What the portal writes itself (summaries, headings, notes, facts): fixtures/guidance/<name>.toml."""
    with (MANUAL_DIR / f"{name}.toml").open("rb") as file:
        return tomllib.load(file)


@cache
def manual_lines(lang: str) -> tuple[str, ...]:
    text = (MANUAL_DIR / f"manual.{lang}.txt").read_text(encoding="utf-8")
    return tuple(text.splitlines())


def line(lang: str, number: int) -> str:
    text = manual_lines(lang)[number - 1].strip()
    fix = WHITESPACE_FIXES.get((lang, number))
    if fix:
        wrong, right = fix
        assert re.sub(r"\s", "", wrong) == re.sub(r"\s", "", right)
        text = text.replace(wrong, right)
    return text


def escape_markdown(text: str) -> str:
    """Keep the manual's text from being read as Markdown syntax it never meant."""
    if re.match(r"^\d+\.\s", text):
        text = re.sub(r"^(\d+)\.", r"\1\\.", text)
    if text[:1] in "#>+" or re.match(r"^[-*]\s", text):
        text = "\\" + text
    return text.replace("[[", "[\\[")


def sentence_case(text: str) -> str:
    """The manual sets some headings in capitals; the portal writes them in sentence case."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return text[:1] + text[1:].lower()
    return text


# --- How each section is built from the manual's lines -------------------------------------
# Each block turns into Markdown for one language.
@dataclass
class P:
    number: int

    def markdown(self, lang):
        return escape_markdown(line(lang, self.number))


@dataclass
class H:
    level: int
    numbers: tuple[int, ...] | int
    anchor: str

    def markdown(self, lang):
        numbers = self.numbers if isinstance(self.numbers, tuple) else (self.numbers,)
        text = " ".join(line(lang, n) for n in numbers)
        if text.startswith("**") and text.endswith("**"):
            text = text[2:-2]
        text = re.sub(r"\s+\)", ")", text)
        return f"{'#' * self.level} {sentence_case(text)} {{#{self.anchor}}}"


@dataclass
class Added:
    """A heading the manual does not have, added so the structure can be navigated.

    Its text is in headings.toml; `[[added]]` makes the page mark it as the portal's.
    """

    level: int
    anchor: str

    def markdown(self, lang):
        return f"{'#' * self.level} {portal_content('headings')[self.anchor][lang]} [[added]] {{#{self.anchor}}}"


@dataclass
class Bullets:
    numbers: tuple[int, ...]

    def markdown(self, lang):
        items = [re.sub(r"^-\s*▶?\s*", "", line(lang, n)) for n in self.numbers]
        return "\n".join(f"- {escape_markdown(item)}" for item in items)


@dataclass
class Labelled:
    """Lines of the form "Label: text", as a list with the label in bold."""

    numbers: tuple[int | tuple[int, ...], ...]

    def markdown(self, lang):
        items = []
        for entry in self.numbers:
            group = entry if isinstance(entry, tuple) else (entry,)
            text = " ".join(line(lang, n) for n in group)
            label, _colon, rest = text.partition(":")
            items.append(f"- **{label}:** {rest.strip()}")
        return "\n".join(items)


@dataclass
class Numbered:
    """A numbered list; the manual's own numbers ("1 ...", "1. ...") become the list's."""

    numbers: tuple[int, ...]

    def markdown(self, lang):
        items = [re.sub(r"^\d+\.?\s+", "", line(lang, n)) for n in self.numbers]
        return "\n\n".join(f"{i}. {item}" for i, item in enumerate(items, start=1))


@dataclass
class Strategies:
    """The seven strategies: a numbered list, each with its title and its goal."""

    pairs: tuple[tuple[int, int], ...]

    def markdown(self, lang):
        items = []
        for i, (title, goal) in enumerate(self.pairs, start=1):
            name = re.sub(r"^\d+\s+", "", line(lang, title))
            items.append(f"{i}. **{name}**\n\n    {escape_markdown(line(lang, goal))}")
        return "\n\n".join(items)


@dataclass
class Block:
    name: str

    def markdown(self, lang):
        return f"[[{self.name}]]"


@dataclass
class Note:
    """A mark on the preceding paragraph or heading, linking to its note on "About this edition"."""

    slug: str

    def markdown(self, lang):
        return f"[[note:{self.slug}]]"


@dataclass
class SectionSpec:
    slug: str
    title_line: int
    blocks: list


SECTIONS = [
    SectionSpec("foreword", 18, [P(30), P(32), P(34), P(36)]),
    SectionSpec("key-concepts", 19, [Block("glossary")]),
    SectionSpec(
        "brief-facts",
        20,
        [
            P(55),
            Note("who-name"),
            Block("facts:childhood-prevalence"),
            P(57),
            Block("facts:meta-analyses"),
            P(59),
            P(61),
            Note("article-2-point-42"),
            Block("facts:registered-offenders"),
            # The chart before its paragraph, so the paragraph's "(Table 1):" leads into Table 1.
            Block("facts:registered-crimes"),
            P(63),
            H(2, 67, "table-1"),
            Note("table-1"),
            Block("table-1"),
            P(69),
            P(71),
        ],
    ),
    SectionSpec(
        "offender-profile",
        21,
        [
            P(75),
            Labelled((77, 79, 81, 83, 85, 87)),
            P(89),
            P(91),
            P(93),
            Block("facts:offender-profile"),
            P(95),
            P(97),
            H(2, 99, "factors"),
            Bullets((101, 102, 103, 104, 105, 106, 107, 108)),
        ],
    ),
    SectionSpec(
        "advice-to-parents",
        22,
        [
            P(112),
            P(116),
            Added(2, "five-rules"),
            H(3, 118, "rule-body"),
            P(122),
            Note("garbled-medical-sentence"),
            H(3, 124, "rule-say-no"),
            P(128),
            H(3, 130, "rule-secrets"),
            P(134),
            H(3, 136, "rule-strangers"),
            P(140),
            H(3, 142, "rule-five-people"),
            P(146),
            Note("footnote-1"),
            Block("footnote:1"),
            Added(2, "three-questions"),
            H(3, 148, "question-signs"),
            P(150),
            P(152),
            Bullets((154, 156, 158)),
            H(3, 160, "question-online"),
            P(162),
            P(164),
            P(166),
            H(3, 168, "question-what-to-do"),
            P(170),
            P(172),
            P(174),
        ],
    ),
    SectionSpec(
        "witnesses",
        23,
        [
            Added(2, "five-steps"),
            P(182),
            Numbered((184, 186, 188, 190, 192)),
            Block("witness-actions"),
            Added(2, "code-of-conduct"),
            Note("code-of-conduct-heading"),
            Numbered((198, 200, 202, 204, 206, 208, 210)),
        ],
    ),
    SectionSpec(
        "social-norms",
        24,
        [P(212), Note("footnote-2"), Block("footnote:2"), Labelled((214, 216, 218, 220, 222, 224, (226, 228), 230))],
    ),
    SectionSpec(
        "inspire",
        25,
        [
            H(2, 234, "seven-strategies"),
            Note("inspire-organisations"),
            Block("footnote:3"),
            P(236),
            Strategies(((238, 240), (242, 244), (246, 248), (250, 252), (254, 256), (262, 264), (266, 268))),
        ],
    ),
    SectionSpec(
        "appendices",
        26,
        [
            H(2, 272, "where-to-turn"),
            Note("national-lines-order"),
            Note("nemolchi-hashtag"),
            Block("directory:national"),
            H(2, (304, 305, 306), "regional-commissioners"),
            Note("regional-table-date"),
            Block("directory:regional"),
            Block("footnote:5"),
            Note("footnote-5"),
        ],
    ),
    SectionSpec("sources", 333, [Numbered(tuple(range(335, 343)))]),
]


def section_title(lang: str, number: int) -> str:
    # Contents lines carry the printed edition's page number after a tab.
    return line(lang, number).split("\t")[0].rstrip(":").strip()


def section_body(spec: SectionSpec, lang: str) -> str:
    return "\n\n".join(block.markdown(lang) for block in spec.blocks) + "\n"


def split_term(text: str) -> tuple[str, str]:
    term, _dash, definition = text.partition(" – ")
    return term.rstrip(" ,"), definition.strip()


def footnote_texts() -> dict[int, dict[str, str]]:
    """The manual's footnotes; ¹ and ² are marks the manual prints without any text."""

    def strip_mark(text):
        return text.lstrip("¹²³⁴⁵")

    return {
        1: {lang: "" for lang in LANGUAGES},
        2: {lang: "" for lang in LANGUAGES},
        # The INSPIRE footnote: the title of the source, then the list of organisations.
        3: {lang: strip_mark(line(lang, 258)) + "\n\n" + line(lang, 260) for lang in LANGUAGES},
        5: {lang: strip_mark(line(lang, 320)) for lang in LANGUAGES},
    }


def per_language(name: str, values: dict) -> dict:
    return {f"{name}_{lang}": values[lang] for lang in LANGUAGES}


# --- What each record holds when the loader made it ---------------------------------------
def section_values(position: int, spec: SectionSpec) -> dict:
    values = {"position": position}
    for lang in LANGUAGES:
        values[f"title_{lang}"] = section_title(lang, spec.title_line)
        values[f"body_{lang}"] = section_body(spec, lang)
    return values | per_language("summary", portal_content("summaries")[spec.slug]["summary"])


def term_values(position: int, entry: dict) -> dict:
    values = {"position": position}
    marks = "".join(f" [[note:{slug}]]" for slug in entry.get("notes", []))
    for lang in LANGUAGES:
        term, definition = split_term(line(lang, entry["line"]))
        values[f"term_{lang}"] = term
        values[f"definition_{lang}"] = definition + marks
    return values | per_language("link_phrases", entry["link_phrases"])


def fact_values(position: int, entry: dict) -> dict:
    values = {
        "group": entry["group"],
        "position": position,
        "value": Decimal(entry["value"]),
        "value_high": Decimal(entry["value_high"]) if "value_high" in entry else None,
        "precision": entry["precision"],
        "unit": entry["unit"],
        "charted": entry["charted"],
    }
    for name in ("label", "stated_as", "period", "source"):
        values |= per_language(name, entry[name])
    return values


def note_values(entry: dict) -> dict:
    return {"kind": entry["kind"]} | per_language("text", entry)


# --- Loading --------------------------------------------------------------------------
def edited_by_staff(record) -> bool:
    """Whether anyone but this loader has changed the record since it was created."""
    return record.history.filter(history_type="~").exclude(history_change_reason=LOADER).exists()


def keep_or_refresh(model, lookup: dict, values: dict) -> str:
    """Create the record if it is missing; bring it up to the files if only the loader ever wrote it.

    A record staff have edited is left exactly as it is. One only the loader wrote takes the
    current text of the files, so corrections made here reach databases loaded before them.
    """
    record = model.objects.filter(**lookup).first()
    if record is None:
        record = model(**lookup, **values)
        record._change_reason = LOADER
        record.save()
        return "created"
    changed = {name: value for name, value in values.items() if getattr(record, name) != value}
    if not changed or edited_by_staff(record):
        return "kept"
    for name, value in changed.items():
        setattr(record, name, value)
    record._change_reason = LOADER
    record.save()
    return "refreshed"


def load() -> str:
    created = {"sections": 0, "key concepts": 0, "facts": 0, "notes": 0, "footnotes": 0, "Table 1 rows": 0}
    others = {"refreshed": 0, "kept": 0}

    def count(kind: str, outcome: str):
        if outcome == "created":
            created[kind] += 1
        else:
            others[outcome] += 1

    for position, spec in enumerate(SECTIONS, start=1):
        count("sections", keep_or_refresh(Section, {"slug": spec.slug}, section_values(position, spec)))
    for position, entry in enumerate(portal_content("glossary")["term"], start=1):
        count("key concepts", keep_or_refresh(GlossaryTerm, {"slug": entry["slug"]}, term_values(position, entry)))
    for position, entry in enumerate(portal_content("facts")["fact"], start=1):
        count("facts", keep_or_refresh(Fact, {"slug": entry["slug"]}, fact_values(position, entry)))
    for slug, entry in portal_content("notes").items():
        count("notes", keep_or_refresh(EditorialNote, {"slug": slug}, note_values(entry)))
    for marker, texts in footnote_texts().items():
        count("footnotes", keep_or_refresh(Footnote, {"marker": marker}, per_language("text", texts)))

    # Table 1 has a row per region of the directory, empty until staff enter the figures.
    for region in Region.objects.filter(offender_figure__isnull=True):
        RegionalOffenderFigure.objects.create(region=region)
        created["Table 1 rows"] += 1

    return (
        ", ".join(f"{n} {kind} created" for kind, n in created.items())
        + f"; {others['refreshed']} brought up to the files, {others['kept']} kept as they are"
    )
