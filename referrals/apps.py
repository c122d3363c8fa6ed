from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _setup_roles(sender, **kwargs):
    # roles.py imports auth's models, which Django allows only once the apps are loaded.
    from referrals.roles import setup_roles

    setup_roles()


class ReferralsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "referrals"

    def ready(self):
        # The staff roles are set up after every migrate, never by hand.
        post_migrate.connect(_setup_roles, sender=self)
