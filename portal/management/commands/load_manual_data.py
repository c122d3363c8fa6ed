"""Load the manual's data (directory, guidance, gazetteer) into the database.

Idempotent: what is already in the database is left as it is, so running it again (every
`make run` does) neither duplicates anything nor overwrites what staff have edited since.
Each app that ships data has a `loading` module with `load(stdout) -> str`.
"""

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction

from portal.content_version import content_changed

# Order matters: the gazetteer and the guidance appendix refer to the directory's regions.
APPS_WITH_DATA = ("contacts", "guidance", "referrals")


class Command(BaseCommand):
    help = "Load the manual's data; existing records are kept as they are."

    def handle(self, *args, **options):
        for app in APPS_WITH_DATA:
            if find_spec(f"{app}.loading") is None:
                continue
            with transaction.atomic():
                summary = import_module(f"{app}.loading").load()
            self.stdout.write(f"{app}: {summary}")
        # Loaders may write in bulk, which sends no signals: the pages must show it all.
        content_changed()
