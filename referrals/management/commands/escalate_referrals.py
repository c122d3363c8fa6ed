from django.core.management.base import BaseCommand

from referrals.escalation import escalate_overdue


class Command(BaseCommand):
    help = (
        "Escalate referrals not acknowledged within REFERRAL_ACKNOWLEDGE_HOURS to the national "
        "coordinator and remind their office. Run it hourly from cron."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Only list what would be escalated.")

    def handle(self, *args, dry_run=False, **options):
        result = escalate_overdue(dry_run=dry_run)
        prefix = "Would escalate" if dry_run else "Escalated"
        self.stdout.write(f"{prefix} {len(result['escalated'])}: {' '.join(result['escalated'])}")
        prefix = "Would remind" if dry_run else "Reminded"
        self.stdout.write(f"{prefix} {len(result['reminded'])}: {' '.join(result['reminded'])}")
