"""Fail when a string marked for translation is missing from the committed catalogs.

Extracts the strings afresh (scripts/make-messages.sh, as `make messages` does) from a copy
of the project and compares: a string added to a template without being translated would
otherwise show in English on the Kazakh and Russian pages. Run by `make checks`; the
translations themselves (no empty or fuzzy entry) are checked by tests/portal/test_translations.py.
"""

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ["portal", "contacts", "guidance", "referrals", "templates", "static", "locale", "scripts", "manage.py"]


def msgids(path: Path) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}


def missing_strings(copy: Path) -> dict[str, list[str]]:
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        elif source.exists():
            shutil.copy2(source, copy / name)
    (copy / ".venv").symlink_to(ROOT / ".venv")
    subprocess.run(["/bin/bash", str(copy / "scripts" / "make-messages.sh")], check=True, capture_output=True)  # noqa: S603
    missing = {}
    for fresh in copy.glob("**/locale/kk/LC_MESSAGES/*.po"):
        if "third_party" in fresh.parts:
            continue
        committed = ROOT / fresh.relative_to(copy)
        lacking = msgids(fresh) - (msgids(committed) if committed.exists() else set())
        if lacking:
            missing[str(committed.relative_to(ROOT))] = sorted(m for _, m in lacking)
    return missing


def main() -> int:
    if shutil.which("xgettext") is None:
        print("GNU gettext is missing: run scripts/ensure-system-packages.sh", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        missing = missing_strings(Path(tmp))
    for catalog, strings in missing.items():
        print(f"{catalog} lacks {len(strings)} marked string(s):", file=sys.stderr)
        for string in strings[:20]:
            print(f"  {string!r}", file=sys.stderr)
    if missing:
        print("Run `make messages` and translate the new entries in kk, ru and en.", file=sys.stderr)
        return 1
    print("The catalogs hold every marked string.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
