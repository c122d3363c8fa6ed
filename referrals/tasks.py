"""Background work of the officials' side: exports too large for a request."""

import datetime
import tempfile
from collections.abc import Iterator

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from portal.crypto import fernet
from referrals.models import ExportChunk, ExportRecord

CHUNK_BYTES = 1024 * 1024


def store_export_file(record: ExportRecord, file) -> None:
    """Copy a built file into the database, a megabyte at a time, encrypted."""
    file.seek(0)
    index = 0
    while piece := file.read(CHUNK_BYTES):
        ExportChunk.objects.create(record=record, index=index, data=fernet().encrypt(piece))
        index += 1


def export_file_chunks(record: ExportRecord) -> Iterator[bytes]:
    """The file's bytes, decrypted piece by piece (one piece in memory at a time)."""
    indexes = record.chunks.order_by("index").values_list("index", flat=True)
    for index in list(indexes):
        data = ExportChunk.objects.filter(record=record, index=index).values_list("data", flat=True).get()
        yield fernet().decrypt(bytes(data))


def delete_export_file(record: ExportRecord) -> None:
    ExportChunk.objects.filter(record=record).delete()


@task()
def build_export_file(export_id: int) -> str:
    """Write an XLSX export to disk for its requester, re-checking their scope now.

    The requester's permissions and regions are read again here (pretix does the same):
    an official who lost a region between asking and the worker running gets none of it.
    """
    from referrals.office_exports import export_queryset

    record = ExportRecord.objects.select_related("actor").get(pk=export_id)
    if record.state != ExportRecord.State.PENDING:
        return record.state
    user = get_user_model().objects.get(pk=record.actor_id)
    try:
        # The worker's own temporary file is only a staging area; nothing stays on its disk.
        with translation.override(record.language), tempfile.TemporaryFile() as file, transaction.atomic():
            from referrals.exports import headers, iter_rows, write_xlsx

            queryset, columns = export_queryset(user, record, verified=True)
            count = write_xlsx(iter_rows(queryset, columns), headers(columns), file)
            store_export_file(record, file)
    except Exception:
        record.state = ExportRecord.State.FAILED
        record.save(update_fields=["state"])
        raise
    record.row_count = count
    record.state = ExportRecord.State.READY
    record.expires_at = timezone.now() + datetime.timedelta(hours=settings.EXPORT_LINK_HOURS)
    record.save(update_fields=["row_count", "state", "expires_at"])
    return record.state
