"""Delete staff sign-in records older than STAFF_SIGN_IN_RECORD_DAYS (run daily from cron)."""

from django.core.management.base import BaseCommand

from portal.sign_in import purge_sign_in_records


class Command(BaseCommand):
    help = "Delete staff sign-in failures and sign-in log entries older than STAFF_SIGN_IN_RECORD_DAYS."

    def handle(self, *args, **options):
        counts = purge_sign_in_records()
        self.stdout.write(
            f"Deleted {counts['attempts']} failure records and {counts['log_entries']} sign-in log entries."
        )
