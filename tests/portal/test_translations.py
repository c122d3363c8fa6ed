"""Every catalog is complete in kk, ru and en: no untranslated and no fuzzy entry."""

import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOG_DIRS = [ROOT / "locale", *(ROOT / app / "locale" for app in ("contacts", "guidance", "referrals"))]
CATALOGS = sorted(po for directory in CATALOG_DIRS if directory.is_dir() for po in directory.glob("*/LC_MESSAGES/*.po"))


def test_each_catalog_exists_in_every_language():
    assert CATALOGS, "no catalogs found"
    for directory in CATALOG_DIRS:
        domains = {po.name for po in directory.glob("*/LC_MESSAGES/*.po")}
        for domain in domains:
            for lang in ("kk", "ru", "en"):
                assert (directory / lang / "LC_MESSAGES" / domain).exists(), f"{directory}/{lang} lacks {domain}"


@pytest.mark.parametrize("path", CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalog_is_complete(path):
    catalog = polib.pofile(str(path))
    untranslated = [e.msgid for e in catalog.untranslated_entries()]
    fuzzy = [e.msgid for e in catalog.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy in {path}: {fuzzy[:10]}"
    assert not catalog.metadata_is_fuzzy


@pytest.mark.parametrize("path", sorted((ROOT / "locale" / "third_party").glob("*/LC_MESSAGES/*.po")), ids=str)
def test_admin_catalog_for_kazakh_staff_is_complete(path):
    catalog = polib.pofile(str(path))
    assert catalog.percent_translated() == 100
    assert len(catalog) > 50


# --- A translation that is really a translation ---------------------------------------------
# Latin words a Kazakh or Russian text may contain, each for a reason. Anything else in Latin
# letters is English left untranslated.
LATIN_IN_PORTAL = {
    # file formats and encodings staff choose in the admin
    "CSV", "XLSX", "JSON", "UTF", "Excel", "Markdown",
    # channels and keys named as the visitor sees them
    "SMS", "WhatsApp", "Shift", "cookie",
    # ISO 3166-2 region codes (KZ-71)
    "ISO", "KZ",
    # a letter of the number-plate example "123 ?B? 02": plates use Latin letters
    "B",
}  # fmt: skip
# The admin's catalog from third parties (Django, import-export, simple-history, django-otp):
# product and protocol names, and code its messages quote (field names, HTTP headers, values).
LATIN_IN_THIRD_PARTY = LATIN_IN_PORTAL | {
    "Django", "Mac", "Command", "Control", "OK", "OTP", "LDAP", "Single", "Sign", "On",
    "HTTP", "HTTPS", "CSRF", "GET", "POST", "URL", "url", "UUID", "IP", "IPv4", "IPv6", "TZ", "DEBUG",
    "Referer", "referer", "Referrer", "Policy", "referrer", "no", "same", "origin", "Accept", "User", "Agent",
    "True", "False", "None", "null", "str", "python", "sha256", "IllegalCharacterError", "ManagementForm",
    "YYYY", "MM", "DD", "HH", "ss", "uuuuuu", "r", "s", "A", "Z", "a", "z",
    "slug", "id", "key", "keys", "natural", "foreign", "import", "export", "fields", "value", "value1",
    "value2", "valid", "use", "is", "get", "last", "empty", "allow", "future", "force", "absolute",
}  # fmt: skip
# A translation may equal its English msgid only for these: codes and names that are the same
# in every language.
SAME_IN_EVERY_LANGUAGE = {"SMS", "Markdown.", "IPv4", "IPv6", "URL"}
NOT_WORDS = re.compile(
    r"%\([a-z_]+\)[sdr]|%[sdr]|\{[a-z_]*\}|<[^>]+>|https?://\S+|[\w.+-]+@[\w.-]+|\[\[[^\]]*\]\]|&[a-z]+;|#[\w-]+"
)

LOCAL_CATALOGS = [
    path
    for path in [*CATALOGS, *sorted((ROOT / "locale" / "third_party").glob("*/LC_MESSAGES/*.po"))]
    if path.parts[-3] in ("kk", "ru")
]


def latin_words(text: str) -> set[str]:
    return set(re.findall(r"[A-Za-z][A-Za-z0-9]*", NOT_WORDS.sub(" ", text)))


@pytest.mark.parametrize("path", LOCAL_CATALOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_kazakh_and_russian_translations_are_not_english(path):
    allowed = LATIN_IN_THIRD_PARTY if "third_party" in path.parts else LATIN_IN_PORTAL
    same, english = [], []
    for entry in polib.pofile(str(path)):
        if entry.obsolete:
            continue
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            if not text:
                continue
            words = NOT_WORDS.sub(" ", text)
            if text == entry.msgid and re.search(r"[A-Za-z]", words) and text not in SAME_IN_EVERY_LANGUAGE:
                same.append(text)
            stray = latin_words(text) - allowed
            if stray:
                english.append(f"{entry.msgid[:50]!r} -> {sorted(stray)}")
    assert not same, f"left as the English msgid in {path}: {same[:10]}"
    assert not english, f"Latin words in {path}:\n" + "\n".join(english[:20])


def test_the_quality_check_catches_english_left_in_place():
    assert latin_words("Өтінішті кейін толтыруға болады") == set()
    assert latin_words("Жіберу button") == {"button"}
    assert latin_words("%(count)s файл <b>CSV</b> info@bala-ombudsman.kz [[note:x]]") == {"CSV"}
    # A Kazakh catalog that kept an English msgid as it is fails, whatever its words.
    assert re.search(r"[A-Za-z]", NOT_WORDS.sub(" ", "Export referrals"))
