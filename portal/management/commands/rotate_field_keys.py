"""Re-encrypt every encrypted column with the newest key of FIELD_ENCRYPTION_KEYS.

Reading decrypts with any listed key and saving encrypts with the first, so after this
command the old keys can be removed from the environment.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from portal.crypto import EncryptedTextField

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt stored values with the first key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        for model in apps.get_models():
            fields = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
            if not fields:
                continue
            count = 0
            with transaction.atomic():
                batch = []
                for row in model._default_manager.only("pk", *fields).iterator(chunk_size=BATCH):
                    batch.append(row)
                    if len(batch) == BATCH:
                        model._default_manager.bulk_update(batch, fields)
                        count += len(batch)
                        batch = []
                model._default_manager.bulk_update(batch, fields)
                count += len(batch)
            self.stdout.write(f"{model._meta.label}: {count} row(s) re-encrypted")
