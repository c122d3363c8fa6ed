"""Background work of the officials' side: exports too large for a request."""

from django.contrib.auth import get_user_model
from django_tasks import task

from referrals.export_records import export_build
from referrals.models import ExportRecord


@task()
def build_export_file(export_id: int) -> str:
    """Build an XLSX export for its requester (referrals/export_records.py), re-checking their scope now.

    The requester's permissions and regions are read again here (pretix does the same):
    an official who lost a region between asking and the worker running gets none of it.
    """
    record = ExportRecord.objects.select_related("actor").get(pk=export_id)
    if record.state != ExportRecord.State.PENDING:
        return record.state
    export_build(record, get_user_model().objects.get(pk=record.actor_id))
    return record.state
