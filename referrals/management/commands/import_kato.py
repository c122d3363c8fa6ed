from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from referrals import kato, kato_import


class Command(BaseCommand):
    help = (
        "Bring the gazetteer up to date with a classifier file: the CSV of fixtures/kato/ "
        "(id;parent_id;code;name) or the Bureau of National Statistics' Excel file "
        "(te, ab, cd, ef, hij, k, name_kaz, name_rus, nn). Reports what was added, renamed, "
        "moved and retired; a file with an unreadable row changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .csv or .xlsx file of the classifier.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; change nothing.")

    def handle(self, *args, path, dry_run=False, **options):
        file = Path(path)
        try:
            rows = kato.read_file(file.name, file.read_bytes())
        except (OSError, kato.KatoError) as error:
            raise CommandError(f"{file}: {error}") from error
        plan = kato_import.plan(rows)
        for title, items in (("Added", plan.added), ("Renamed", plan.renamed), ("Moved", plan.moved)):
            for item in items[:50]:
                settlement, place = item if isinstance(item, tuple) else (None, item)
                before = (
                    f"{settlement.name_ru} ({settlement.region.code}, {settlement.district_ru}) -> "
                    if settlement
                    else ""
                )
                self.stdout.write(
                    f"{title}: {place.code} {before}{place.name_ru} ({place.region_code}, {place.district_ru})"
                )
            if len(items) > 50:
                self.stdout.write(f"{title}: and {len(items) - 50} more")
        for settlement in plan.retired[:50]:
            self.stdout.write(f"Retired: {settlement.kato_code} {settlement.name_ru} ({settlement.region.code})")
        if plan.unknown_regions:
            self.stdout.write(f"Skipped, region not in the directory: {', '.join(sorted(plan.unknown_regions))}")
        if not dry_run:
            kato_import.apply(plan)
        self.stdout.write(("Would change: " if dry_run else "Changed: ") + plan.summary())
