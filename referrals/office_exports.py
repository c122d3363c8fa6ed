"""Exports of referrals and of the audit log, the audit log page, and downloads.

Before every export the official states its purpose; an ExportRecord keeps who, when, the
filters, the purpose and the row count, and the audit log gets an entry. CSV and JSON are
streamed from the database cursor; XLSX is written by a background task to a file that
only its requester can download, until the link expires.
"""

from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone, translation

from referrals.casework import audit_record
from referrals.exports import AUDIT_COLUMNS, REFERRAL_COLUMNS, headers, iter_rows, stream_csv, stream_json
from referrals.models import AuditEntry, ExportRecord
from referrals.office_auth import office_view
from referrals.office_forms import AuditFilterForm, ExportForm
from referrals.office_views import filter_referrals, worklist_filters
from referrals.scope import StaffReferralScope
from referrals.tasks import build_export_file, export_file_chunks

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


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


def export_queryset(user, record: ExportRecord, *, verified=None):
    """The rows an export may hold, scoped for the user again, and the columns to write."""
    scope = StaffReferralScope(user, verified=verified)
    if record.kind == ExportRecord.Kind.AUDIT:
        if not scope.can_view_audit:
            raise Http404("No audit access.")
        return audit_queryset(scope, record.filters).order_by("-created_at", "-id"), AUDIT_COLUMNS
    if not scope.can_export:
        raise Http404("No export permission.")
    return filter_referrals(scope.referrals(), record.filters).order_by("-submitted_at", "-id"), REFERRAL_COLUMNS


def _streamed(record, queryset, columns):
    # The body is written after the view returns: keep the official's language for it.
    with translation.override(record.language):
        rows = iter_rows(queryset, columns)
        if record.format == ExportRecord.Format.CSV:
            yield from stream_csv(rows, headers(columns))
        else:
            yield from stream_json(rows, columns)


def _start_export(request, *, kind, filters, form):
    record = ExportRecord.objects.create(
        actor=request.user,
        kind=kind,
        format=form.cleaned_data["format"],
        language=translation.get_language(),
        purpose=form.cleaned_data["purpose"],
        filters=filters,
    )
    queryset, columns = export_queryset(request.user, record)
    record.row_count = queryset.count()
    action = AuditEntry.Action.AUDIT_EXPORTED if kind == ExportRecord.Kind.AUDIT else AuditEntry.Action.EXPORTED
    audit_record(
        actor=request.user,
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
        build_export_file.enqueue(record.pk)
        return HttpResponseRedirect(reverse("office:export", args=[record.pk]))
    record.save(update_fields=["row_count"])
    response = StreamingHttpResponse(_streamed(record, queryset, columns), content_type=CONTENT_TYPES[record.format])
    stamp = timezone.localtime(record.created_at).strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="{kind}-{stamp}.{record.format}"'
    return response


@office_view
def export_referrals(request):
    scope = request.scope
    if not scope.can_export:
        raise Http404("No export permission.")
    filter_form, filters = worklist_filters(request)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _start_export(request, kind=ExportRecord.Kind.REFERRALS, filters=filters, form=form)
    count = filter_referrals(scope.referrals(), filters).count()
    return render(
        request,
        "referrals/office/export.html",
        {
            "form": form,
            "filter_form": filter_form,
            "filters": filters,
            "count": count,
            "kind": "referrals",
            "query": request.GET.urlencode(),
        },
        status=400 if request.method == "POST" else 200,
    )


@office_view
def export_detail(request, pk):
    # Only the person who asked for an export sees it: 404 for everyone else.
    record = get_object_or_404(ExportRecord, pk=pk, actor=request.user)
    return render(request, "referrals/office/export_detail.html", {"record": record})


@office_view
def export_download(request, pk):
    record = get_object_or_404(ExportRecord, pk=pk, actor=request.user, state=ExportRecord.State.READY)
    if record.is_expired or not record.chunks.exists():
        raise Http404("The link has expired.")
    # The requester's access is checked again: a region taken away since closes the file too.
    export_queryset(request.user, record)
    audit_record(actor=request.user, action=AuditEntry.Action.DOWNLOADED, export=record.pk)
    stamp = timezone.localtime(record.created_at).strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        export_file_chunks(record),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{record.kind}-{stamp}.xlsx"'
    return response


def _audit_filters(request):
    form = AuditFilterForm(request.GET or None)
    filters = {k: v for k, v in form.cleaned_data.items() if v} if form.is_bound and form.is_valid() else {}
    return form, filters


@office_view
def audit_log(request):
    scope = request.scope
    if not scope.can_view_audit:
        raise Http404("No audit access.")
    form, filters = _audit_filters(request)
    audit_record(actor=request.user, action=AuditEntry.Action.AUDIT_VIEWED, filters=filters)
    entries = audit_queryset(scope, filters).select_related("actor", "region")
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "referrals/office/audit.html", {"form": form, "page": page, "query": query.urlencode()})


@office_view
def export_audit(request):
    scope = request.scope
    if not scope.can_view_audit:
        raise Http404("No audit access.")
    filter_form, filters = _audit_filters(request)
    form = ExportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _start_export(request, kind=ExportRecord.Kind.AUDIT, filters=filters, form=form)
    count = audit_queryset(scope, filters).count()
    return render(
        request,
        "referrals/office/export.html",
        {
            "form": form,
            "filter_form": filter_form,
            "filters": filters,
            "count": count,
            "kind": "audit",
            "query": request.GET.urlencode(),
        },
        status=400 if request.method == "POST" else 200,
    )
