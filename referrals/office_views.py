"""The officials' pages under /<lang>/office/.

Every view is wrapped by `office_view` (second factor, no caching, 404 without referral
access) and reads referrals only through the user's StaffReferralScope: the one place
that decides which regions they see.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from referrals import casework
from referrals.casework import TransitionNotAllowed, allowed_actions, audit_record
from referrals.escalation import overdue_q, with_overdue
from referrals.models import AuditEntry, Referral, ReferralEvent, ReferralStatus, RoutingRecord
from referrals.office_auth import office_view
from referrals.office_forms import (
    CloseForm,
    DeclineForm,
    MoveForm,
    NoteForm,
    PassOnForm,
    WorklistFilterForm,
    parse_filters,
)
from referrals.scope import referral_for_official

PAGE_SIZE = 50


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
            "form": form,
            "page": page,
            "status_counts": status_counts,
            "total": sum(counts.values()),
            "overdue_count": overdue_count,
            "query": query.urlencode(),
            "scope": scope,
        },
    )


OBSERVATION_FIELDS = {
    gettext_lazy("When"): ["date_precision", "occurred_on", "time_exact", "part_of_day"],
    gettext_lazy("Where"): ["settlement_typed", "settlement", "place_kind", "place_description"],
    gettext_lazy("The suspect"): [
        "suspect_sex",
        "suspect_age",
        "suspect_height",
        "suspect_build",
        "suspect_hair",
        "suspect_clothing",
        "suspect_marks",
        "suspect_language",
        "suspect_relationship",
        "suspect_has_access",
        "suspect_direction",
        "vehicle_type",
        "vehicle_make",
        "vehicle_colour",
        "vehicle_plate",
    ],
    gettext_lazy("The child"): ["child_age", "child_sex", "child_appearance"],
    gettext_lazy("What happened"): ["category", "account", "other_witnesses", "evidence_kept"],
    gettext_lazy("The witness"): [
        "witness_name",
        "witness_phone",
        "witness_email",
        "may_contact",
        "identity_may_be_shared",
        "already_done",
    ],
}


def _display(referral, name):
    field = Referral._meta.get_field(name)
    if field.choices:
        return getattr(referral, f"get_{name}_display")()
    value = getattr(referral, name)
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return value


def observation_sections(referral):
    """The witness's answers under their questions, labelled in the official's language."""
    sections = []
    for title, names in OBSERVATION_FIELDS.items():
        rows, unanswered = [], []
        for name in names:
            value = _display(referral, name)
            label = Referral._meta.get_field(name).verbose_name
            # Unanswered questions are listed on one line, so the answers stand out.
            if value in (None, "", []):
                unanswered.append(label)
            else:
                rows.append({"label": label, "value": value})
        sections.append({"title": title, "rows": rows, "unanswered": unanswered})
    return sections


def _referral_page(request, referral, *, status=200, **extra):
    referral = (
        Referral.objects.filter(pk=referral.pk)
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
        "sections": observation_sections(referral),
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
    from referrals.dashboard import dashboard_data

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
