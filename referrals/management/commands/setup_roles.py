from django.core.management.base import BaseCommand

from referrals.roles import setup_roles


class Command(BaseCommand):
    help = "Create or update the staff roles (regional official, national coordinator, directory editor)."

    def handle(self, *args, **options):
        for name, count in setup_roles().items():
            self.stdout.write(f"{name}: {count} permissions")
