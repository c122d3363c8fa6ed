"""An export's life, in one place: requested, built, downloaded, expired, deleted by retention.

- `export_request`: an official asks, stating the purpose; the ExportRecord keeps who, when,
  the filters, the purpose and the row count, and the audit log gets an entry. CSV and JSON
  are then streamed (`export_stream`), XLSX is queued for the background task.
- `export_build`: the task writes the file, re-checking the requester's scope (pretix does
  the same), and keeps it encrypted in the database (ExportChunk) until the link expires.
- `export_file_for_download`: only the requester, only before expiry, scope checked again.
- `exports_expire`: retention deletes the files of expired links; the records stay.

Every build, streamed or stored, records how many rows held a value no key could read.
"""

import datetime
import tempfile
from collections.abc import Iterator

from django.conf import settings
from django.db import transaction
from django.http import Http404
from django.utils import timezone, translation

from portal import crypto
from referrals.casework import audit_record
from referrals.exports import export_queryset, export_rows, stream_csv, stream_json, write_xlsx
from referrals.models import AuditEntry, ExportChunk, ExportRecord

CHUNK_BYTES = 1024 * 1024


def export_request(*, user, kind: str, format: str, purpose: str, filters: dict) -> ExportRecord:
    record = ExportRecord.objects.create(
        actor=user,
        kind=kind,
        format=format,
        language=translation.get_language(),
        purpose=purpose,
        filters=filters,
    )
    record.row_count = export_queryset(user, record).count()
    action = AuditEntry.Action.AUDIT_EXPORTED if kind == ExportRecord.Kind.AUDIT else AuditEntry.Action.EXPORTED
    audit_record(
        actor=user,
        action=action,
        export=record.pk,
        format=record.format,
        filters=filters,
        purpose=record.purpose,
        rows=record.row_count,
    )
    if record.format == ExportRecord.Format.XLSX:
        record.state = ExportRecord.State.PENDING
    record.save(update_fields=["row_count", "state"])
    return record


def export_stream(record: ExportRecord, user) -> Iterator[str]:
    """A CSV or JSON export's body, written as the database is read; its record updated at the end."""
    # The body is written after the view returns: keep the official's language for it.
    with translation.override(record.language):
        rows = export_rows(export_queryset(user, record))
        yield from (stream_csv(rows) if record.format == ExportRecord.Format.CSV else stream_json(rows))
    _record_built(record, rows, state=ExportRecord.State.STREAMED)


def export_build(record: ExportRecord, user) -> None:
    """Write an XLSX export for its requester, with their scope as it is now, and store it."""
    try:
        # The worker's own temporary file is only a staging area; nothing stays on its disk.
        with translation.override(record.language), tempfile.TemporaryFile() as file, transaction.atomic():
            rows = export_rows(export_queryset(user, record, verified=True))
            write_xlsx(rows, file)
            _store_file(record, file)
    except Exception:
        record.state = ExportRecord.State.FAILED
        record.save(update_fields=["state"])
        raise
    record.expires_at = timezone.now() + datetime.timedelta(hours=settings.EXPORT_LINK_HOURS)
    _record_built(record, rows, state=ExportRecord.State.READY)


def _record_built(record: ExportRecord, rows, *, state) -> None:
    record.row_count = rows.count
    record.unreadable_rows = rows.unreadable
    record.state = state
    record.save(update_fields=["row_count", "unreadable_rows", "state", "expires_at"])


def export_file_for_download(record: ExportRecord, user) -> Iterator[bytes]:
    """The stored file's bytes for its requester, piece by piece; 404 once expired or out of scope."""
    if record.actor_id != user.pk or record.state != ExportRecord.State.READY:
        raise Http404("No such export.")
    if record.is_expired or not record.chunks.exists():
        raise Http404("The link has expired.")
    # The requester's access is checked again: a region taken away since closes the file too.
    export_queryset(user, record)
    audit_record(actor=user, action=AuditEntry.Action.DOWNLOADED, export=record.pk)
    record.downloaded_at = timezone.now()
    record.save(update_fields=["downloaded_at"])
    return _file_chunks(record)


def exports_expire(now=None) -> int:
    """Delete the files of export links that have expired; the export records stay."""
    now = now or timezone.now()
    expired = ExportRecord.objects.filter(state=ExportRecord.State.READY, expires_at__lte=now)
    count = 0
    for record in expired:
        ExportChunk.objects.filter(record=record).delete()
        count += 1
    expired.update(state=ExportRecord.State.EXPIRED)
    return count


# --- The stored file --------------------------------------------------------------------
# In the database rather than on the disk of the server that built it, so any app server
# can hand it to its requester; a megabyte a time keeps memory flat, and Fernet keeps a
# database dump from revealing it (`manage.py rotate_field_keys` re-encrypts the pieces).


def _store_file(record: ExportRecord, file) -> None:
    file.seek(0)
    index = 0
    while piece := file.read(CHUNK_BYTES):
        ExportChunk.objects.create(record=record, index=index, data=crypto.fernet().encrypt(piece))
        index += 1


def _file_chunks(record: ExportRecord) -> Iterator[bytes]:
    indexes = list(record.chunks.order_by("index").values_list("index", flat=True))
    for index in indexes:
        data = ExportChunk.objects.filter(record=record, index=index).values_list("data", flat=True).get()
        yield crypto.decrypt_bytes(bytes(data))
