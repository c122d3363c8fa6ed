from base64 import b32encode

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Give a staff account a new TOTP device (replacing old ones) and print its secret once."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        try:
            user = get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No account named {username!r}.") from None
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
        self.stdout.write("Add this to the authenticator app (shown once):")
        self.stdout.write(f"  secret (base32): {_base32(device.bin_key)}")
        self.stdout.write(f"  {device.config_url}")


def _base32(key: bytes) -> str:
    return b32encode(key).decode()
