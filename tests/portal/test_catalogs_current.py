"""The catalogs hold every string the code marks for translation.

Extracts the strings afresh (Django's makemessages, as `make messages` does) from a copy of
the project and fails on any that the committed catalogs lack: a string added to a template
without being translated would otherwise show in English on the Kazakh and Russian pages.
"""

import os
import shutil
import subprocess
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ["portal", "contacts", "guidance", "referrals", "templates", "static", "locale", "scripts", "manage.py"]

pytestmark = pytest.mark.skipif(
    shutil.which("xgettext") is None, reason="GNU gettext is missing: run scripts/ensure-system-packages.sh"
)


def msgids(path: Path) -> set[tuple[str | None, str]]:
    return {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if not e.obsolete}


def test_catalogs_hold_every_marked_string(tmp_path):
    for name in SOURCES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
        elif source.exists():
            shutil.copy2(source, tmp_path / name)
    (tmp_path / ".venv").symlink_to(ROOT / ".venv")
    subprocess.run(  # noqa: S603 - our own script, no user input
        ["/bin/bash", str(tmp_path / "scripts" / "make-messages.sh")],
        check=True,
        capture_output=True,
        env={**os.environ, "PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    )
    missing = {}
    for fresh in tmp_path.glob("**/locale/kk/LC_MESSAGES/*.po"):
        committed = ROOT / fresh.relative_to(tmp_path)
        if "third_party" in fresh.parts:
            continue
        lacking = msgids(fresh) - (msgids(committed) if committed.exists() else set())
        if lacking:
            missing[str(committed.relative_to(ROOT))] = sorted(m for _, m in lacking)[:10]
    assert not missing, f"strings missing from the catalogs (run `make messages` and translate): {missing}"
