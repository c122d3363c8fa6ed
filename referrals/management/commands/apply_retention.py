from django.conf import settings
from django.core.management.base import BaseCommand

from referrals.retention import run_retention


class Command(BaseCommand):
    help = (
        "Anonymise referrals closed more than REFERRAL_RETENTION_DAYS ago and warn offices "
        "REFERRAL_RETENTION_WARNING_DAYS before. Run it daily from cron; every run is logged."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Log and list what would happen; change nothing.")

    def handle(self, *args, dry_run=False, **options):
        run = run_retention(dry_run=dry_run)
        verb = "Would anonymise" if dry_run else "Anonymised"
        self.stdout.write(
            f"{verb} {run.anonymised_count} referral(s) closed before {run.closed_before:%Y-%m-%d} "
            f"(retention {settings.REFERRAL_RETENTION_DAYS} days): {' '.join(run.references)}"
        )
        verb = "Would warn" if dry_run else "Warned"
        self.stdout.write(f"{verb} offices about {run.warned_count} referral(s) due soon. Run #{run.pk} logged.")
