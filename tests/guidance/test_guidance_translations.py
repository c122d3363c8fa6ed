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


# The content review of December 2026, section 2.2: each line as the review corrects it.
@pytest.mark.parametrize(
    ("lang", "number", "right", "wrong"),
    [
        (  # G1: the article's own words, the violence "к потерпевшему ... или к другим лицам"
            "ru",
            44,
            "мужеложство, лесбиянство или иные действия сексуального характера с применением насилия или с угрозой"
            " его применения к потерпевшему (потерпевшей) или к другим лицам либо с использованием беспомощного"
            " состояния потерпевшего (потерпевшей)",
            "в отношении потерпевшего (потерпевшей) или других лиц, совершённые",
        ),
        (  # G2
            "en",
            44,
            "sodomy, lesbianism or other acts of a sexual nature committed with the use of violence or the threat of"
            " its use against the victim or other persons, or by taking advantage of the victim's helpless state",
            "sexual intercourse between",
        ),
        ("en", 48, "(guardianship and trusteeship authorities)", "custody"),  # G3
        ("en", 46, "Grooming (literally “taking care of”)", "from the English word"),  # G4
        ("ru", 116, "может защитить себя от недопустимых действий", "дурных"),  # P1
        ("en", 118, "From an early age, talk to your child about the parts of the body.", "explain to your child"),
        ("en", 134, "Keeping shared secrets is the main tactic of people who commit sexual abuse.", "a main tactic"),
        ("en", 170, "If the child tells you everything right away, contact the police", "the parents should"),  # P4
        ("ru", 206, "Если Ваша работа связана с общением с детьми", "работаете в профессии"),  # W1
        ("en", 57, "because such cases go unnoticed", "often go unnoticed"),  # F1
        ("ru", 236, "В 2016 году 10 международных организаций совместно разработали", "2016 год:"),  # I1
        ("en", 236, "In 2016, ten international organisations jointly developed seven strategies", "2016 saw"),  # I2
        ("en", 260, "6. Together for Girls (TfG);", "Together for girls. TfG"),  # I3
        ("ru", 320, "Уполномоченного по правам ребенка в Республике Казахстан", "ребёнка в Республике"),
        ("ru", 312, "область Абай", "Абайская"),
    ],
)
def test_the_translation_reads_as_the_review_corrected_it(lang, number, right, wrong):
    text = loading.line(lang, number)
    assert right in text and wrong not in text


def test_what_the_portal_writes_reads_as_the_review_corrected_it():
    # The Russian summary of the sources says "руководство" once.
    assert loading.portal_content("summaries")["sources"]["summary"]["ru"] == (
        "Исследования, законы и методические пособия, на которые опирается руководство."
    )
    # The WHO's Kazakh name as its official name, in the portal's own source labels.
    for fact in loading.portal_content("facts")["fact"]:
        assert "Дүниежүзі денсаулық" not in fact["source"]["kk"]
    assert loading.portal_content("facts")["fact"][0]["source"]["kk"] == "Дүниежүзілік денсаулық сақтау ұйымы"
    notes = loading.portal_content("notes")
    medical = notes["garbled-medical-sentence"]
    assert "сөйлемінің құрылымы" in medical["kk"] and "бұрмалан" not in medical["kk"]
    assert "үш нұсқау" in medical["kk"] and "три указания" in medical["ru"] and "three instructions" in medical["en"]
    assert "and the child must not touch others either" in medical["en"]
    assert "қате қайталанған" in notes["code-of-conduct-heading"]["kk"]
    assert "қателесіп" not in notes["code-of-conduct-heading"]["kk"]
    for lang, ten in (("kk", "10 ұйым аталады"), ("ru", "названы 10 организаций"), ("en", "names 10 agencies")):
        assert ten in notes["inspire-organisations"][lang]
    for lang, article_3 in (("kk", "3-бапта"), ("ru", "статье 3"), ("en", "Article 3")):
        assert article_3 in notes["article-2-point-42"][lang]
