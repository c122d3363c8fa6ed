from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = "Portal"

    def ready(self):
        from portal import (
            checks,  # noqa: F401  (registers the deploy checks)
            content_version,
        )

        # Every save or delete of a directory or guidance record (admin, import, shell)
        # is a change of what the public pages show; bulk updates call content_changed().
        post_save.connect(content_version.on_content_saved_or_deleted, dispatch_uid="content-version-save")
        post_delete.connect(content_version.on_content_saved_or_deleted, dispatch_uid="content-version-delete")
