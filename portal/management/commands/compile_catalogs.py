"""Compile the .po catalogs to .mo without GNU gettext.

`make run` must work on a machine that has only Python, so this replaces Django's
compilemessages (which needs msgfmt) for the project's own catalogs.
"""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand


def catalog_dirs() -> list[Path]:
    dirs = [Path(p) for p in settings.LOCALE_PATHS]
    for app in ("contacts", "guidance", "referrals", "portal"):
        dirs.append(Path(settings.BASE_DIR) / app / "locale")
    return [d for d in dirs if d.is_dir()]


class Command(BaseCommand):
    help = "Compile the project's .po translation catalogs into .mo files (pure Python)."

    def handle(self, *args, **options):
        compiled = 0
        for directory in catalog_dirs():
            for po_path in sorted(directory.glob("*/LC_MESSAGES/*.po")):
                mo_path = po_path.with_suffix(".mo")
                if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
                    continue
                polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
                compiled += 1
        self.stdout.write(f"Compiled {compiled} catalog(s).")
