"""Every catalog is complete in kk, ru and en: no untranslated and no fuzzy entry."""

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
