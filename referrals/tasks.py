"""Background work of the officials' side: exports too large for a request."""

import datetime
import tempfile

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django_tasks import task

from referrals.export_files import store_export_file
from referrals.exports import export_queryset, headers, iter_rows, write_xlsx
from referrals.models import ExportRecord


@task()
def build_export_file(export_id: int) -> str:
    """Write an XLSX export to disk for its requester, re-checking their scope now.

    The requester's permissions and regions are read again here (pretix does the same):
    an official who lost a region between asking and the worker running gets none of it.
    """
    record = ExportRecord.objects.select_related("actor").get(pk=export_id)
    if record.state != ExportRecord.State.PENDING:
        return record.state
    user = get_user_model().objects.get(pk=record.actor_id)
    try:
        # The worker's own temporary file is only a staging area; nothing stays on its disk.
        with translation.override(record.language), tempfile.TemporaryFile() as file, transaction.atomic():
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
