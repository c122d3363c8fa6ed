"""The translations of the manual: British English, the directory's names, the review's wording."""

import json
import re

import pytest

from guidance import loading

ROOT = loading.MANUAL_DIR.parent.parent

# US spellings and words, each with the British form the guidance uses.
AMERICAN = {
    r"organiz": "organis",
    r"neighbor": "neighbour",
    r"behavior": "behaviour",
    r"elevator": "lift",
    r"recogniz": "recognis",
    r"defense": "defence",
    r"color": "colour",
    r"center\b": "centre",
    r"toward\b": "towards",
    r"store\b": "shop",
    r"nonviolent": "non-violent",
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December) \d{1,2}, \d{4}": (
        "day month year"
    ),
}
# Proper names keep their own spelling.
PROPER_NAMES = (
    "World Health Organization",
    "Pan American Health Organization",
    "Centers for Disease Control and Prevention",
    "American Academy of Pediatrics",
)


def english_texts():
    """Every English text of the guidance: the manual's translation and what the portal writes."""
    for number, text in enumerate(loading.manual_lines("en"), start=1):
        yield f"manual.en.txt:{number}", text

    def walk(where, value):
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "en" and isinstance(item, str):
                    yield where, item
                else:
                    yield from walk(f"{where}.{key}", item)
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield from walk(f"{where}[{index}]", item)

    for name in ("summaries", "headings", "glossary", "facts", "notes"):
        yield from walk(name, loading.portal_content(name))


def american_spellings(text: str) -> list[str]:
    for name in PROPER_NAMES:
        text = text.replace(name, "")
    return [
        f"{match.group(0)!r} (use {british})"
        for american, british in AMERICAN.items()
        for match in re.finditer(american, text, re.IGNORECASE)
    ]


def test_the_guidance_english_is_british():
    found = [f"{where}: {spelling}" for where, text in english_texts() for spelling in american_spellings(text)]
    assert not found, "\n".join(found)


def test_the_check_finds_us_spellings_but_leaves_proper_names_alone():
    text = "The World Health Organization asks neighbors, on December 26, 2011, to go toward the elevator."
    assert len(american_spellings(text)) == 4


def test_the_regional_table_names_the_regions_as_the_directory_does():
    directory = json.loads((ROOT / "fixtures" / "contacts.json").read_text(encoding="utf-8"))
    english = {region["position"]: region["name"]["en"] for region in directory["regions"]}
    rows = [line.split("\t") for line in loading.manual_lines("en")[308:331]]
    table = {int(row[0]): row[1] for row in rows if len(row) == 4 and row[0].isdigit()}
    assert table == english


@pytest.mark.parametrize(
    ("lang", "number", "wrong"),
    [
        ("ru", 312, "Абайская обл."),
        ("ru", 280, "ребёнка"),
        ("ru", 320, "Уполномоченного по правам ребёнка"),
    ],
)
def test_official_names_are_written_as_officially_written(lang, number, wrong):
    assert wrong not in loading.manual_lines(lang)[number - 1]


def test_the_inspire_strategies_carry_their_official_english_names():
    titles = [re.sub(r"^\d+\s+", "", loading.line("en", number)) for number in (238, 242, 246, 250, 254, 262, 266)]
    assert titles == [
        "Implementation and enforcement of laws",
        "Norms and values",
        "Safe environments",
        "Parent and caregiver support",
        "Income and economic strengthening",
        "Response and support services",
        "Education and life skills",
    ]
