"""The witness's side: the danger gate, the observation in steps, check and send, follow-up.

Every page of the journey is served with `Cache-Control: no-store` (request.no_store,
portal/middleware.py), so Back after sending asks the server again, which by then has
nothing to show. Answers travel by POST only and live in the server-side session
(referrals/drafts.py) until the report is sent. No client address, user agent or other
device data is stored with a referral or logged about it.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contacts.models import NationalService
from referrals import answers, drafts, gazetteer, limits, services
from referrals.models import Referral, ReferralStatus, RoutedTo
from referrals.notifications import office_is_emailed
from referrals.witness import forms

# The limits of the witness's side, set in portal/settings.py.
SUBMISSIONS_PER_HOUR = settings.REFERRALS_SUBMISSIONS_PER_HOUR
FOLLOW_UP_ATTEMPTS = settings.REFERRALS_FOLLOW_UP_ATTEMPTS
FOLLOW_UP_WINDOW = 15 * 60
MAX_POST_BYTES = settings.REFERRALS_MAX_POST_BYTES


@dataclass(frozen=True)
class Step:
    slug: str
    form_class: type
    title: str


STEPS = [
    Step("when", forms.WhenForm, gettext_lazy("When did it happen?")),
    Step("where", forms.WhereForm, gettext_lazy("Where did it happen?")),
    Step("suspect", forms.SuspectForm, gettext_lazy("The person you are worried about")),
    Step("vehicle", forms.VehicleForm, gettext_lazy("A vehicle")),
    Step("child", forms.ChildForm, gettext_lazy("The child")),
    Step("what", forms.WhatForm, gettext_lazy("What happened")),
    Step("you", forms.WitnessForm, gettext_lazy("About you")),
]
STEPS_BY_SLUG = {step.slug: step for step in STEPS}


def _render(request, template, context=None, status=200):
    request.no_store = True
    return render(request, template, context or {}, status=status)


def _too_large(request):
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    return length > MAX_POST_BYTES


def request_rejected(request, reason="", status=400):
    """A clear page for a submission that cannot be accepted, instead of an error."""
    messages = {
        "too_large": _(
            "What you sent is much longer than a report can be. Your answers on the earlier pages are kept: "
            "go back, shorten the longest answer and send it again."
        ),
        "rate_limited": _(
            "Several reports have been sent from your connection in a short time, so this one was not sent. "
            "Your answers are kept for now: please try again in an hour. If a child is in danger, call 102 now."
        ),
        "honeypot": _(
            "Your report could not be sent because the form was not filled in as expected. "
            "Please call 111 (anonymous, free) to tell them what you saw."
        ),
    }
    message = messages.get(
        reason,
        _(
            "Your request could not be read. Go back and try again, "
            "or call 111 (anonymous, free) to report what you saw."
        ),
    )
    return _render(request, "referrals/witness/rejected.html", {"message": message}, status=status)


def bad_request(request, exception=None):
    """handler400: a request Django refused before any view (too large, too many fields)."""
    reason = "too_large" if isinstance(exception, RequestDataTooBig | TooManyFieldsSent) else ""
    return request_rejected(request, reason, status=400 if not reason else 413)


# --- The gate ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def report(request):
    """First question: is a child in danger right now?"""
    if request.method == "POST":
        if _too_large(request):
            return request_rejected(request, "too_large", status=413)
        form = forms.DangerGateForm(request.POST)
        if form.is_valid():
            if form.cleaned_data["danger"] == "yes":
                return redirect("referrals:danger")
            if drafts.Draft.get(request.session) is None:
                drafts.delete_expired_sessions()
                drafts.Draft.start(request.session)
            return redirect("referrals:step", slug=STEPS[0].slug)
    else:
        form = forms.DangerGateForm()
    return _render(request, "referrals/witness/gate.html", {"form": form})


@require_GET
def danger(request):
    return _render(request, "referrals/witness/danger.html")


# --- The steps --------------------------------------------------------------------------


def _step_context(request, step, form, draft):
    index = STEPS.index(step)
    previous = STEPS[index - 1] if index else None
    return {
        "step": step,
        "form": form,
        "number": index + 1,
        "total": len(STEPS),
        "previous_url": reverse("referrals:step", args=[previous.slug]) if previous else reverse("referrals:report"),
        "returning_to_check": request.GET.get("next") == "check" or request.POST.get("next") == "check",
        "expires_at": drafts.expires_at(request.session),
        "expiry_warning_seconds": max(settings.SESSION_COOKIE_AGE - int(drafts.WARN_BEFORE.total_seconds()), 0),
        "restarted": draft.pop_restarted() if draft else False,
        "matched_place": _matched_place(request, form),
    }


def _matched_place(request, form):
    """On the place step, the place and region a typed name chose, with a link to change them."""
    if not isinstance(form, forms.WhereForm) or not form.is_bound or form.errors or form.changing:
        return None
    route = form.route()
    if route.settlement is None or route.region is None:
        return None
    query = "change=place" + ("&next=check" if request.GET.get("next") == "check" else "")
    return {
        "region": route.region,
        "label": forms.place_label(route.settlement),
        "change_url": f"{request.path}?{query}#id_place_0",
    }


def _step_form(step, request, data):
    if step.form_class is forms.WhereForm:
        # "Change" on the place step lists the other places of the typed name.
        changing = request.GET.get("change") == "place" or request.POST.get("change") == "place"
        return forms.WhereForm(data, changing=changing)
    return step.form_class(data)


@require_http_methods(["GET", "POST"])
def step(request, slug):
    step = STEPS_BY_SLUG.get(slug)
    if step is None:
        return redirect("referrals:report")
    draft = drafts.Draft.get(request.session)
    if request.method == "POST":
        if _too_large(request):
            return request_rejected(request, "too_large", status=413)
        if draft is None:
            # The visit expired while the witness was typing: keep what this page holds.
            draft = drafts.Draft.start(request.session, restarted=True)
        form = _step_form(step, request, request.POST)
        if form.is_valid():
            draft.set_answers(step.slug, request.POST)
            index = STEPS.index(step)
            if request.POST.get("next") == "check" or index == len(STEPS) - 1:
                return redirect("referrals:check")
            return redirect("referrals:step", slug=STEPS[index + 1].slug)
    else:
        if draft is None:
            return redirect("referrals:report")
        stored = draft.answers(step.slug)
        form = _step_form(step, request, stored)
        if stored is not None:
            form.is_valid()
    return _render(request, "referrals/witness/step.html", _step_context(request, step, form, draft))


# --- Check your answers and send --------------------------------------------------------


@dataclass
class Answer:
    label: str
    value: str
    change_url: str


def _bound_forms(draft):
    bound = {}
    for step in STEPS:
        stored = draft.answers(step.slug)
        if stored is None:
            return bound, step
        form = step.form_class(stored)
        if not form.is_valid():
            return bound, step
        bound[step.slug] = form
    return bound, None


def _observation(bound) -> dict:
    """The draft's cleaned answers as Referral fields: what is sent, and what the check page shows."""
    observation = {}
    for form in bound.values():
        observation.update(form.referral_fields())
    return observation


# Where a row's "Change" link lands: the form field that asked the question.
CHANGE_ANCHORS = {"occurred_on": "date_precision", "time_exact": "time", "settlement_typed": "settlement"}


def _answers(bound):
    """Each step's answers (referrals/answers.py), in order, each with the link that changes it."""
    where = bound["where"]
    # The place and region as the submission will route them (referrals/routing.py).
    route = where.route()
    values = {
        **_observation(bound),
        "settlement_typed": where.cleaned_data.get("settlement", ""),
        "settlement_name": str(route.settlement.name) if route.settlement else "",
        "region": route.region,
    }
    sections = []
    for section in answers.present(values):
        form = bound[section.step]
        url = reverse("referrals:step", args=[section.step]) + "?next=check"
        rows = [
            Answer(row.question, row.answer.text, f"{url}#{_anchor(form, CHANGE_ANCHORS.get(row.key, row.key))}")
            for row in section.answered
        ]
        # Questions left out are listed together, so the page stays short on a phone.
        sections.append({"title": section.title, "rows": rows, "unanswered": section.unanswered, "url": url})
    return sections


def _anchor(form, name):
    if name not in form.fields:
        return ""
    field = form[name]
    return f"{field.auto_id}_0" if field.widget_type in ("radioselect", "checkboxselectmultiple") else field.auto_id


@require_http_methods(["GET", "POST"])
def check(request):
    draft = drafts.Draft.get(request.session)
    if draft is None:
        return redirect("referrals:report")
    bound, incomplete = _bound_forms(draft)
    if incomplete is not None:
        return redirect("referrals:step", slug=incomplete.slug)
    send_form = forms.SendForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if _too_large(request):
            return request_rejected(request, "too_large", status=413)
        if not send_form.is_valid() or send_form.cleaned_data["website"]:
            # Filled in by a robot: refuse, and drop what it sent.
            draft.delete()
            return request_rejected(request, "honeypot", status=400)
        client = limits.client_key(request)
        if limits.is_limited("submit", client, SUBMISSIONS_PER_HOUR):
            return request_rejected(request, "rate_limited", status=429)
        limits.record("submit", client, 60 * 60)
        observation = _observation(bound)
        where = bound["where"]
        try:
            referral, code = services.referral_submit(
                observation=observation,
                settlement_typed=where.cleaned_data.get("settlement", ""),
                chosen_region=where.chosen_region(),
                chosen_settlement=where.chosen_settlement(),
                settlement_unknown=where.place_unknown(),
                language=get_language(),
                draft_id=draft.id,
            )
        except services.AlreadySubmitted:
            # Sent once already: show the confirmation (if not yet seen), never send twice.
            draft.delete()
            return redirect("referrals:sent")
        draft.delete()
        drafts.remember_sent(request.session, reference=referral.reference, code=code, referral_id=referral.pk)
        return redirect("referrals:sent")
    context = {
        "answers": _answers(bound),
        "send_form": send_form,
        "expires_at": drafts.expires_at(request.session),
        "expiry_warning_seconds": max(settings.SESSION_COOKIE_AGE - int(drafts.WARN_BEFORE.total_seconds()), 0),
    }
    return _render(request, "referrals/witness/check.html", context)


@require_GET
def sent(request):
    """The confirmation, shown once: the follow-up code is not kept anywhere in clear."""
    confirmation = drafts.pop_sent(request.session)
    if confirmation is None:
        return _render(request, "referrals/witness/sent_again.html")
    referral = (
        Referral.objects.select_related("region", "ombudsman")
        .prefetch_related("ombudsman__phone_numbers")
        .filter(pk=confirmation["referral_id"])
        .first()
    )
    commissioner = None
    if referral and referral.routed_to == RoutedTo.COMMISSIONER:
        commissioner = (
            NationalService.objects.filter(kind=NationalService.Kind.COMMISSIONER)
            .prefetch_related("phone_numbers")
            .first()
        )
    context = {
        "confirmation": confirmation,
        "referral": referral,
        "commissioner": commissioner,
        # Say what was done, not what is hoped: an office nobody could e-mail sees it in its list.
        "office_emailed": bool(referral and office_is_emailed(referral)),
    }
    return _render(request, "referrals/witness/sent.html", context)


# --- Follow-up --------------------------------------------------------------------------

STATUS_EXPLANATIONS = {
    ReferralStatus.RECEIVED: gettext_lazy("Your report has been received and is waiting for the office to open it."),
    ReferralStatus.ACKNOWLEDGED: gettext_lazy("The office has opened your report and is working on it."),
    ReferralStatus.PASSED_ON: gettext_lazy(
        "The office has passed your report to the police or another service that can act on it."
    ),
    ReferralStatus.CLOSED: gettext_lazy("The office has finished its work on your report."),
    ReferralStatus.DECLINED: gettext_lazy(
        "The office could not act on your report. If you think this is wrong, call 111 (anonymous, free)."
    ),
}


def _followed_referral(request):
    pk = request.session.get(drafts.FOLLOW_UP_KEY)
    if not pk:
        return None
    referral = Referral.objects.select_related("region").filter(pk=pk, anonymised_at__isnull=True).first()
    if referral is None:
        request.session.pop(drafts.FOLLOW_UP_KEY, None)
    return referral


@require_http_methods(["GET", "POST"])
def status(request):
    if request.method == "POST" and _too_large(request):
        return request_rejected(request, "too_large", status=413)
    referral = _followed_referral(request)
    action = request.POST.get("action", "")
    if referral is not None:
        if action == "finish":
            request.session.pop(drafts.FOLLOW_UP_KEY, None)
            return redirect("referrals:status")
        addition_form = forms.AdditionForm(request.POST if action == "add" else None)
        if action == "add" and addition_form.is_valid():
            addition = services.witness_addition_add(referral=referral, text=addition_form.cleaned_data["text"])
            request.session["referral_added_at"] = addition.created_at.isoformat()
            return redirect("referrals:status")
        added_at = request.session.pop("referral_added_at", None)
        context = {
            "referral": referral,
            "status_label": referral.get_status_display(),
            "status_explanation": STATUS_EXPLANATIONS.get(referral.status, ""),
            "additions": referral.additions.values_list("created_at", flat=True),
            "addition_form": addition_form,
            "added_at": datetime.datetime.fromisoformat(added_at) if added_at else None,
        }
        return _render(request, "referrals/witness/status.html", context)

    form = forms.FollowUpForm(request.POST if request.method == "POST" else None)
    throttled = False
    if request.method == "POST" and form.is_valid():
        reference = services.normalise_reference(form.cleaned_data["reference"])
        client = limits.client_key(request)
        reference_key = limits.value_key(reference)
        if limits.is_limited("follow_up_client", client, FOLLOW_UP_ATTEMPTS) or limits.is_limited(
            "follow_up_reference", reference_key, FOLLOW_UP_ATTEMPTS
        ):
            throttled = True
        else:
            found = services.referral_find_for_witness(reference=reference, code=form.cleaned_data["code"])
            if found is not None:
                request.session[drafts.FOLLOW_UP_KEY] = found.pk
                request.session.cycle_key()
                return redirect("referrals:status")
            limits.record("follow_up_client", client, FOLLOW_UP_WINDOW)
            limits.record("follow_up_reference", reference_key, FOLLOW_UP_WINDOW)
            form.add_error(
                "code",
                _("The reference number and follow-up code do not match a report. Check them and try again"),
            )
    status_code = 429 if throttled else 200
    context = {"form": form, "throttled": throttled}
    return _render(request, "referrals/witness/status_lookup.html", context, status=status_code)


# --- The gazetteer as JSON ----------------------------------------------------------------


@require_GET
def settlements_api(request):
    """Type-ahead for the place step: each match's names and region, in every language."""
    query = request.GET.get("q", "")[: gazetteer.MAX_QUERY_LENGTH]
    results = gazetteer.suggest(query)
    response = JsonResponse({"query": query, "results": results}, json_dumps_params={"ensure_ascii": False})
    # What a witness types is not kept in the browser's cache either.
    response["Cache-Control"] = "no-store"
    return response
