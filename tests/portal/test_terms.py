"""One word for one thing: no catalog uses a variant that docs/terms.md lists as wrong."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
TERMS = ROOT / "docs" / "terms.md"
PORTAL_CATALOGS = [ROOT / "locale", *(ROOT / app / "locale" for app in ("contacts", "guidance", "referrals"))]
THIRD_PARTY = ROOT / "locale" / "third_party"
# Documented in docs/terms.md under "Exceptions".
ALLOWED_AFTER = {("ru", "национальн"): r"\w*\s+координатор"}
ALLOWED_BEFORE = {("en", "organiz"): "World Health "}


def wrong_variants() -> list[tuple[str, str, bool]]:
    text = TERMS.read_text(encoding="utf-8")
    table = text[text.index("## Wrong variants") :]
    rows = []
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] in ("kk", "ru", "en"):
            rows.append((cells[0], cells[1], cells[3] == "yes"))
    return rows


def catalogs(lang: str, third_party: bool) -> list[Path]:
    found = [po for directory in PORTAL_CATALOGS for po in directory.glob(f"{lang}/LC_MESSAGES/*.po")]
    if third_party:
        found += list(THIRD_PARTY.glob(f"{lang}/LC_MESSAGES/*.po"))
    return found


def translations(path: Path):
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if text:
                yield entry.msgid, text


def uses(text: str, lang: str, wrong: str) -> bool:
    pattern = r"(?<!\w)" + re.escape(wrong)
    # A variant written with a capital is a name ("Уполномоченный по правам ребёнка", the
    # Commissioner): matched as written, so the common noun stays free.
    flags = 0 if wrong[:1].isupper() else re.IGNORECASE
    for match in re.finditer(pattern, text, flags):
        before = ALLOWED_BEFORE.get((lang, wrong))
        if before and text[: match.start()].endswith(before):
            continue
        after = ALLOWED_AFTER.get((lang, wrong))
        if after and re.match(after, text[match.end() :]):
            continue
        return True
    return False


def test_the_glossary_lists_wrong_variants_in_each_language():
    rows = wrong_variants()
    assert {lang for lang, _wrong, _third in rows} == {"kk", "ru", "en"}
    assert len(rows) >= 30


@pytest.mark.parametrize(("lang", "wrong", "third_party"), wrong_variants(), ids=lambda v: str(v))
def test_no_catalog_uses_a_wrong_variant(lang, wrong, third_party):
    offending = [
        f"{path.relative_to(ROOT)}: {msgid[:60]!r} -> {text[:80]!r}"
        for path in catalogs(lang, third_party)
        for msgid, text in translations(path)
        if uses(text, lang, wrong)
    ]
    assert not offending, "\n".join(offending)


def test_the_check_would_catch_a_wrong_variant():
    assert uses("Өтінішті қарады", "kk", "өтініш")
    assert uses("Номер обращения", "ru", "обращени")
    assert not uses("Передано национальному координатору", "ru", "национальн")
    assert not uses("региональный уполномоченный по правам ребёнка", "ru", "Уполномоченный по правам ребёнка")
    assert uses("Уполномоченный по правам ребёнка", "ru", "Уполномоченный по правам ребёнка")
    assert uses("Национальные линии", "ru", "национальн")
    assert not uses("World Health Organization", "en", "organiz")
    assert uses("international organizations", "en", "organiz")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_acknowledged_and_received_are_two_words_on_the_office_page(lang):
    catalog = polib.pofile(str(ROOT / "referrals" / "locale" / lang / "LC_MESSAGES" / "django.po"))
    acknowledged = catalog.find("Acknowledged").msgstr
    received = catalog.find("Received", msgctxt="referral status").msgstr
    assert acknowledged and received and acknowledged != received
