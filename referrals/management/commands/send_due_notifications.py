from django.core.management.base import BaseCommand

from referrals.notifications import send_due_notifications


class Command(BaseCommand):
    help = "Send office notifications whose next attempt is due (run from cron every few minutes)."

    def handle(self, *args, **options):
        self.stdout.write(f"{send_due_notifications()} notifications tried")
