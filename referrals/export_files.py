"""The stored file of a background export: written, read back and deleted a piece at a time."""

from collections.abc import Iterator

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
