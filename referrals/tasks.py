"""Background work of the officials' side: exports too large for a request."""

import datetime
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils import timezone, translation
from django_tasks import task

from referrals.models import ExportRecord


def export_path(record: ExportRecord):
    return settings.EXPORT_FILES_DIR / f"{record.file_token}.{record.format}"


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
    record.file_token = secrets.token_urlsafe(32)
    settings.EXPORT_FILES_DIR.mkdir(parents=True, exist_ok=True)
    try:
        with translation.override(record.language):
            from referrals.exports import headers, iter_rows, write_xlsx

            queryset, columns = export_queryset(user, record, verified=True)
            count = write_xlsx(iter_rows(queryset, columns), headers(columns), export_path(record))
    except Exception:
        record.state = ExportRecord.State.FAILED
        record.save(update_fields=["state", "file_token"])
        raise
    record.row_count = count
    record.state = ExportRecord.State.READY
    record.expires_at = timezone.now() + datetime.timedelta(hours=settings.EXPORT_LINK_HOURS)
    record.save(update_fields=["row_count", "state", "expires_at", "file_token"])
    return record.state
