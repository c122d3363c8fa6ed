"""The filters of the worklist and the audit log, as stored with an export and applied
again by its background task."""

import datetime

from referrals.escalation import overdue_q
from referrals.models import AuditEntry


def parse_filters(filters: dict) -> dict:
    parsed = dict(filters)
    for key in ("submitted_from", "submitted_to"):
        if key in parsed:
            parsed[key] = datetime.date.fromisoformat(parsed[key])
    return parsed


def filter_referrals(queryset, filters: dict, *, now=None):
    """Apply the worklist's filters (as WorklistFilterForm.as_filters() gives them)."""
    filters = parse_filters(filters)
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("submitted_from"):
        queryset = queryset.filter(submitted_at__date__gte=filters["submitted_from"])
    if filters.get("submitted_to"):
        queryset = queryset.filter(submitted_at__date__lte=filters["submitted_to"])
    if filters.get("region"):
        queryset = queryset.filter(region__code=filters["region"])
    if filters.get("overdue"):
        queryset = queryset.filter(overdue_q(now))
    return queryset


def audit_queryset(scope, filters: dict):
    queryset = AuditEntry.objects.all()
    if not scope.all_regions:
        queryset = queryset.filter(region__in=scope.regions)
    if filters.get("reference"):
        queryset = queryset.filter(reference__iexact=filters["reference"].strip())
    if filters.get("username"):
        queryset = queryset.filter(actor__username__iexact=filters["username"].strip())
    if filters.get("action"):
        queryset = queryset.filter(action=filters["action"])
    return queryset
