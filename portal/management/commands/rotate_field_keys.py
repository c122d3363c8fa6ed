"""Re-encrypt everything encrypted with the newest key of FIELD_ENCRYPTION_KEYS.

That is every encrypted column of every model (the witness's words and identity, notes,
additions, what was typed for routing), the drafts and confirmations kept in visitors'
sessions, and the stored files of exports. Each value is re-encrypted as stored
(Fernet's own rotate: decrypted with whichever listed key reads it, encrypted with the
first), so nothing is decoded into Python objects on the way. After this command the old
keys can be removed from the environment.
"""

from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.db.models import F, TextField
from django.db.models.functions import Cast

from portal import crypto
from portal.crypto import EncryptedJSONField, EncryptedTextField
from referrals.models import ExportChunk

BATCH = 500


class Command(BaseCommand):
    help = "Re-encrypt stored values, drafts and export files with the first key of FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        with transaction.atomic():
            for model in apps.get_models():
                fields = [
                    f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField | EncryptedJSONField)
                ]
                if fields:
                    count = self.rotate_columns(model, fields)
                    self.stdout.write(f"{model._meta.label}: {count} value(s) re-encrypted")
            self.stdout.write(f"Sessions (drafts): {self.rotate_sessions()} value(s) re-encrypted")
            self.stdout.write(f"Export files: {self.rotate_export_files()} piece(s) re-encrypted")

    def rotate_columns(self, model, fields) -> int:
        """Each column's ciphertext, read as plain text and written back rotated."""
        manager = model._base_manager
        raw = {f"raw_{f.name}": Cast(F(f.name), output_field=TextField()) for f in fields}
        count = 0
        rows = manager.annotate(**raw).values_list("pk", *raw).iterator(chunk_size=BATCH)
        for pk, *tokens in rows:
            changed = {f.column: crypto.rotate(token) for f, token in zip(fields, tokens, strict=True) if token}
            if changed:
                self._write_raw(model, pk, changed)
                count += len(changed)
        return count

    @staticmethod
    def _write_raw(model, pk, values: dict) -> None:
        # Written as SQL parameters: the field's own get_prep_value would encrypt the token again.
        table = connection.ops.quote_name(model._meta.db_table)
        assignments = ", ".join(f"{connection.ops.quote_name(column)} = %s" for column in values)
        pk_column = connection.ops.quote_name(model._meta.pk.column)
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE {table} SET {assignments} WHERE {pk_column} = %s", [*values.values(), pk])  # noqa: S608

    def rotate_sessions(self) -> int:
        """Drafts and confirmations live encrypted inside session data (referrals/drafts.py)."""
        count = 0
        store_class = Session.get_session_store_class()
        for session in Session.objects.iterator(chunk_size=BATCH):
            data = store_class().decode(session.session_data)
            rotated = {
                key: crypto.rotate(value)
                for key, value in data.items()
                if isinstance(value, str) and value.startswith(crypto.PREFIX)
            }
            if rotated:
                data.update(rotated)
                Session.objects.filter(pk=session.pk).update(session_data=store_class().encode(data))
                count += len(rotated)
        return count

    def rotate_export_files(self) -> int:
        count = 0
        for pk in ExportChunk.objects.values_list("pk", flat=True).iterator(chunk_size=BATCH):
            data = ExportChunk.objects.filter(pk=pk).values_list("data", flat=True).get()
            ExportChunk.objects.filter(pk=pk).update(data=crypto.rotate_bytes(bytes(data)))
            count += 1
        return count
