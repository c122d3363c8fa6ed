"""The officials' pages under /<lang>/office/: the worklist, a referral and what can be done
with it, the dashboard, exports and the audit log.

Every view is wrapped by `office_view` (second factor, no caching, 404 without referral
access) and reads referrals only through the user's StaffReferralScope: the one place
that decides which regions they see.

Before every export the official states its purpose; an ExportRecord keeps who, when, the
filters, the purpose and the row count, and the audit log gets an entry. CSV and JSON are
streamed from the database cursor; XLSX is written by a background task, stored in the
database, and only its requester can download it, until the link expires.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch
from django.http import Http404, HttpResponseRedirect, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.sign_in import repeated_failures
from referrals import answers, casework, export_records
from referrals.casework import TransitionNotAllowed, allowed_actions, audit_record
from referrals.dashboard import dashboard_data
from referrals.escalation import overdue_q, with_overdue
from referrals.filters import audit_queryset, filter_referrals
from referrals.models import (
    AuditEntry,
    ExportRecord,
    Notification,
    NotificationPreference,
    Referral,
    ReferralEvent,
    ReferralStatus,
    RoutingRecord,
)
from referrals.office.auth import office_view
from referrals.office.forms import (
    AuditFilterForm,
    CloseForm,
    DeclineForm,
    ExportForm,
    MoveForm,
    NoteForm,
    NotificationPreferenceForm,
    PassOnForm,
    WorklistFilterForm,
)
from referrals.scope import referral_for_official
from referrals.tasks import build_export_file

PAGE_SIZE = 50


def worklist_filters(request):
    """The filter form bound to the query string; invalid filters are shown, not applied."""
    scope = request.scope
    form = WorklistFilterForm(request.GET or None, regions=scope.regions if scope.all_regions else None)
    if not scope.all_regions:
        # Officials of one or a few regions see only theirs: no region filter to choose from.
        del form.fields["region"]
    filters = form.as_filters() if form.is_bound and form.is_valid() else {}
    return form, filters


@office_view
def worklist(request):
    scope = request.scope
    form, filters = worklist_filters(request)
    base = filter_referrals(scope.referrals(), {k: v for k, v in filters.items() if k != "status"})
    counts = dict(base.order_by().values_list("status").annotate(n=Count("id")))
    overdue_count = base.filter(overdue_q()).count()
    referrals = (
        with_overdue(filter_referrals(scope.referrals(), filters))
        .without_words()
        .select_related("region")
        .order_by("-is_overdue", "-submitted_at")
    )
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    status_counts = [(value, label, counts.get(value, 0)) for value, label in ReferralStatus.choices]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "referrals/office/worklist.html",
        {
            **coordinator_attention(scope),
            "form": form,
            "page": page,
            "status_counts": status_counts,
            "total": sum(counts.values()),
            "overdue_count": overdue_count,
            "query": query.urlencode(),
            "scope": scope,
        },
    )


def coordinator_attention(scope) -> dict:
    """What only the national coordinator must see: offices nobody could e-mail, and accounts
    someone keeps failing to sign in to."""
    if not scope.all_regions:
        return {}
    # A notice nobody received, of a kind no other notice of the referral reached anyone for.
    reached = Notification.objects.filter(
        referral=OuterRef("referral"), kind=OuterRef("kind"), state=Notification.State.SENT
    )
    unreached = Notification.objects.filter(
        referral=OuterRef("pk"), state__in=[Notification.State.NOBODY, Notification.State.GAVE_UP]
    ).filter(~Exists(reached))
    unheard = (
        scope.referrals()
        .exclude(status__in=[ReferralStatus.CLOSED, ReferralStatus.DECLINED])
        .filter(Exists(unreached))
        .select_related("region")
        .order_by("-submitted_at")
    )
    return {"unheard": unheard[:PAGE_SIZE], "sign_in_failures": list(repeated_failures()[:PAGE_SIZE])}


def _referral_page(request, referral, *, status=200, **extra):
    referral = (
        Referral.objects.filter(pk=referral.pk)
        # Read when presented (referrals/answers.py), so a value no key opens is shown as such.
        .without_words()
        .select_related("region", "ombudsman", "settlement")
        .prefetch_related(
            Prefetch("routing_records", RoutingRecord.objects.select_related("region", "matched_settlement")),
            "additions",
            "handovers__actor",
            "case_notes__author",
            Prefetch("events", ReferralEvent.objects.select_related("actor")),
        )
        .get()
    )
    referral.is_overdue = Referral.objects.filter(pk=referral.pk).filter(overdue_q()).exists()
    context = {
        "referral": referral,
        "sections": answers.present_referral(referral),
        "actions": allowed_actions(referral) if request.scope.can_change else set(),
        "note_form": NoteForm(),
        "scope": request.scope,
        **extra,
    }
    return render(request, "referrals/office/referral.html", context, status=status)


@office_view
def referral_detail(request, reference):
    referral = referral_for_official(request.user, reference)
    audit_record(actor=request.user, action=AuditEntry.Action.VIEWED, referral=referral)
    return _referral_page(request, referral)


def _changeable(request, reference):
    referral = referral_for_official(request.user, reference)
    if not request.scope.can_change:
        raise Http404("No permission to change referrals.")
    return referral


def _done(request, referral, message):
    messages.success(request, message)
    return HttpResponseRedirect(reverse("office:referral", args=[referral.reference]))


def _not_allowed(request, referral):
    messages.error(
        request,
        _("This cannot be done now: the referral's status is “%(status)s”.")
        % {"status": referral.get_status_display()},
    )
    return HttpResponseRedirect(reverse("office:referral", args=[referral.reference]))


@office_view
@require_POST
def referral_acknowledge(request, reference):
    referral = _changeable(request, reference)
    try:
        casework.referral_acknowledge(referral, actor=request.user)
    except TransitionNotAllowed:
        return _not_allowed(request, referral)
    return _done(request, referral, _("Acknowledged. The witness's status page now shows it."))


def _action_page(request, reference, *, action, form_class, perform, done_message, form_kwargs=None):
    referral = _changeable(request, reference)
    if action not in allowed_actions(referral):
        return _not_allowed(request, referral)
    form_kwargs = form_kwargs(referral) if form_kwargs else {}
    form = form_class(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            perform(referral, form.cleaned_data)
        except TransitionNotAllowed:
            return _not_allowed(request, referral)
        return _done(request, referral, done_message)
    return render(
        request,
        "referrals/office/action.html",
        {"referral": referral, "form": form, "action": action, "title": casework.ACTION_LABELS[action]},
        status=400 if request.method == "POST" else 200,
    )


@office_view
def referral_pass_on(request, reference):
    return _action_page(
        request,
        reference,
        action="pass_on",
        form_class=PassOnForm,
        perform=lambda referral, data: casework.referral_pass_on(
            referral, actor=request.user, body=data["body"], recipient=data["recipient"], note=data["note"]
        ),
        done_message=_("Recorded as passed on."),
    )


@office_view
def referral_close(request, reference):
    return _action_page(
        request,
        reference,
        action="close",
        form_class=CloseForm,
        perform=lambda referral, data: casework.referral_close(referral, actor=request.user, note=data["note"]),
        done_message=_("Closed."),
    )


@office_view
def referral_decline(request, reference):
    return _action_page(
        request,
        reference,
        action="decline",
        form_class=DeclineForm,
        perform=lambda referral, data: casework.referral_decline(referral, actor=request.user, reason=data["reason"]),
        done_message=_("Declined. The reason is recorded in the history."),
    )


@office_view
def referral_move(request, reference):
    def perform(referral, data):
        casework.referral_move(referral, actor=request.user, region=data["region"], reason=data["reason"])

    referral = referral_for_official(request.user, reference)
    response = _action_page(
        request,
        reference,
        action="move",
        form_class=MoveForm,
        perform=perform,
        done_message=_("Moved. The new regional office has been notified."),
        form_kwargs=lambda referral: {"current_region": referral.region},
    )
    # An official who moved a referral out of their regions can no longer open it.
    if response.status_code == 302 and not request.scope.referrals().filter(pk=referral.pk).exists():
        return HttpResponseRedirect(reverse("office:worklist"))
    return response


@office_view
@require_POST
def referral_add_note(request, reference):
    referral = _changeable(request, reference)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _referral_page(request, referral, status=400, note_form=form)
    casework.referral_add_note(referral, actor=request.user, text=form.cleaned_data["text"])
    return _done(request, referral, _("Note added."))


@office_view
def dashboard(request):
    data = dashboard_data(request.scope.referrals())
    titles = {
        "region": _("Referrals per region"),
        "status": _("Referrals per status"),
        "month": _("Referrals per month, last 12 months"),
    }
    headings = {"region": _("Region"), "status": _("Status"), "month": _("Month")}
    for chart in data["charts"]:
        chart["title"] = titles[chart["key"]]
        chart["heading"] = headings[chart["key"]]
    return render(request, "referrals/office/dashboard.html", {**data, "scope": request.scope})


# --- Exports and the audit log ------------------------------------------------------

CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json; charset=utf-8"}


def _start_export(request, *, kind, filters, form):
    record = export_records.export_request(
        user=request.user,
        kind=kind,
        format=form.cleaned_data["format"],
        purpose=form.cleaned_data["purpose"],
        filters=filters,
    )
    if record.format == ExportRecord.Format.XLSX:
        build_export_file.enqueue(record.pk)
        return HttpResponseRedirect(reverse("office:export", args=[record.pk]))
    response = StreamingHttpResponse(
        export_records.export_stream(record, request.user), content_type=CONTENT_TYPES[record.format]
    )
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
    # Only the person who asked for an export gets it: 404 for everyone else.
    record = get_object_or_404(ExportRecord, pk=pk, actor=request.user)
    stamp = timezone.localtime(record.created_at).strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(
        export_records.export_file_for_download(record, request.user),
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


@office_view
def notification_settings(request):
    """An official turns e-mail about their regions' referrals on or off, for themselves only."""
    preference = NotificationPreference.objects.filter(user=request.user).first() or NotificationPreference(
        user=request.user
    )
    # An unticked box sends nothing: an empty POST is still a submission.
    form = NotificationPreferenceForm(request.POST if request.method == "POST" else None, instance=preference)
    if request.method == "POST" and form.is_valid():
        form.instance.updated_at = timezone.now()
        form.save()
        messages.success(request, _("Your notification settings are saved."))
        return HttpResponseRedirect(reverse("office:notifications"))
    return render(request, "referrals/office/notifications.html", {"form": form, "scope": request.scope})
