"""The witness's side: the danger gate, the observation in steps, check and send, follow-up.

Every page of the journey is served with `Cache-Control: no-store` (request.no_store,
portal/middleware.py), so Back after sending asks the server again, which by then has
nothing to show. Answers travel by POST only and live in the server-side session
(referrals/drafts.py) until the report is sent; only the gate's yes or no, which says
nothing of what was seen, is asked with GET (see `report`). No client address, user
agent or other device data is stored with a referral or logged about it.
"""

import datetime
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve, reverse
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from contacts.models import NationalService
from portal.page_cache import public_page
from referrals import answers, drafts, gazetteer, limits, services
from referrals.models import Referral, ReferralStatus, RoutedTo
from referrals.notifications import office_is_emailed
from referrals.witness import forms

# The limits of the witness's side, set in portal/settings.py (see referrals/limits.py).
SUBMISSIONS_PER_VISIT = settings.REFERRALS_SUBMISSIONS_PER_VISIT
SUBMISSIONS_PER_ADDRESS = settings.REFERRALS_SUBMISSIONS_PER_ADDRESS
SUBMISSION_WINDOW = 60 * 60
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
            "Very many reports have been sent from your connection in a short time, so this one was not sent. "
            "Your answers are kept for now: please try again in an hour. If a child is in danger, call 102 now."
        ),
    }
    message = messages.get(
        reason,
        _("Your request could not be read. Go back and try again, or call 111 (anonymous) to report what you saw."),
    )
    return _render(request, "referrals/witness/rejected.html", {"message": message}, status=status)


def too_large_step(request, step):
    """A step whose page was larger than any answer can be: say which, keep the rest."""
    message = _(
        "What you wrote on the page “%(title)s” is far longer than its questions accept, so that page was not "
        "saved. Your answers on the other pages are kept: go back to that page, shorten the longest answer "
        "and continue."
    ) % {"title": step.title}
    context = {"message": message, "retry_url": reverse("referrals:step", args=[step.slug])}
    return _render(request, "referrals/witness/rejected.html", context, status=413)


def bad_request(request, exception=None):
    """handler400: a request Django refused before any view (too large, too many fields)."""
    if isinstance(exception, RequestDataTooBig | TooManyFieldsSent):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            match = None
        slug = match.kwargs.get("slug", "") if match and match.url_name == "step" else ""
        if slug in STEPS_BY_SLUG:
            return too_large_step(request, STEPS_BY_SLUG[slug])
        return request_rejected(request, "too_large", status=413)
    return request_rejected(request, "", status=400)


def csrf_failure(request):
    """A step sent without the visit's security check: show the page again with what was typed.

    Nothing is saved (that is what the check protects); the page gets a fresh token, so
    sending it again works once the browser keeps the visit's cookie.
    """
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    step = STEPS_BY_SLUG.get(match.kwargs.get("slug", "")) if match.url_name == "step" else None
    if step is None or request.method != "POST":
        return None
    form = step.form_class(request.POST)
    form.is_valid()
    context = _step_context(request, step, form, drafts.Draft.get(request.session))
    context["csrf_failed"] = True
    return _render(request, "referrals/witness/step.html", context, status=403)


# --- The gate ---------------------------------------------------------------------------


# The gate's page and the danger page are the same for every visitor: kept rendered
# (portal/page_cache.py), though never by the browser. Their buttons ask with GET, so these
# pages carry no form token and begin no session; the answer is only yes or no, and the
# address shows no more of it than the page it leads to.
@require_GET
@public_page(kept_by_browsers=False)
def report(request):
    """First question: is a child in danger right now?"""
    return _render(request, "referrals/witness/gate.html", {"form": forms.DangerGateForm()})


@require_GET
def start(request):
    """The gate's answer: the numbers to call first, or the form's first step."""
    form = forms.DangerGateForm(request.GET)
    if not form.is_valid():
        return _render(request, "referrals/witness/gate.html", {"form": form})
    if form.cleaned_data["danger"] == "yes":
        return redirect("referrals:danger")
    # Only an empty draft is begun: a link that leads here (from another site, too) can
    # neither see nor replace a report under way, which the visit's own cookie keeps.
    if drafts.Draft.get(request.session) is None:
        drafts.delete_expired_sessions()
        drafts.Draft.start(request.session)
    return redirect("referrals:step", slug=STEPS[0].slug)


@require_GET
@public_page(kept_by_browsers=False)
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


def _changing_place(request) -> bool:
    # "Change" on the place step lists the other places of the typed name.
    return request.GET.get("change") == "place" or request.POST.get("change") == "place"


def _step_form(step, data, *, changing=False):
    if step.form_class is forms.WhereForm:
        return forms.WhereForm(data, changing=changing)
    return step.form_class(data)


def stored_form(step, draft, *, changing=False):
    """The step's form as the witness left it: built from the cleaned answers, not validated again."""
    cleaned = draft.cleaned(step.slug)
    if cleaned is None:
        raw = draft.raw(step.slug)
        if raw is None:
            return None
        # A draft begun before drafts kept cleaned answers: validate it once, as it was then.
        form = _step_form(step, raw, changing=changing)
        if form.is_valid():
            draft.set_cleaned(step.slug, form.cleaned_data)
        return form
    if step.form_class is forms.WhereForm:
        # The place step alone is judged again: which places a typed name matches is the
        # gazetteer's answer, which staff may have changed since. Its answers are all text.
        form = forms.WhereForm(cleaned, changing=changing)
        form.is_valid()
        return form
    form = step.form_class(initial=cleaned)
    form.cleaned_data = cleaned
    if isinstance(form, forms.WhereForm):
        form.needs_region = bool(cleaned.get("region"))
    return form


@require_http_methods(["GET", "POST"])
def step(request, slug):
    step = STEPS_BY_SLUG.get(slug)
    if step is None:
        return redirect("referrals:report")
    draft = drafts.Draft.get(request.session)
    if request.method == "POST":
        if draft is None:
            # The visit expired while the witness was typing: keep what this page holds.
            draft = drafts.Draft.start(request.session, restarted=True)
        # No byte limit here: an answer too long gets the form's own message, with its count.
        form = _step_form(step, request.POST, changing=_changing_place(request))
        if form.is_valid():
            draft.set_cleaned(step.slug, form.cleaned_data)
            index = STEPS.index(step)
            if request.POST.get("next") == "check" or index == len(STEPS) - 1:
                return redirect("referrals:check")
            return redirect("referrals:step", slug=STEPS[index + 1].slug)
    else:
        if draft is None:
            return redirect("referrals:report")
        form = stored_form(step, draft, changing=_changing_place(request)) or _step_form(
            step, None, changing=_changing_place(request)
        )
        if form.is_bound:
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
        form = stored_form(step, draft)
        if form is None or (form.is_bound and not form.is_valid()):
            return bound, step
        if isinstance(form, forms.WhereForm) and form.lookup is None:
            form.lookup = gazetteer.find(form.cleaned_data.get("settlement", ""))
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
        "settlement_district": str(route.settlement.district) if route.settlement else "",
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
        if request.session.get(drafts.SENT_KEY):
            # Sent already (a second press of Send after the first had finished).
            return redirect("referrals:sent")
        return redirect("referrals:report")
    bound, incomplete = _bound_forms(draft)
    if incomplete is not None:
        return redirect("referrals:step", slug=incomplete.slug)
    send_form = forms.SendForm(request.POST if request.method == "POST" else None)
    refused = False
    if request.method == "POST":
        if _too_large(request):
            return request_rejected(request, "too_large", status=413)
        if not send_form.is_valid() or send_form.cleaned_data["website"]:
            # Perhaps a robot, perhaps a browser that fills in every field: refuse quietly,
            # keep the draft, and let a person send it again.
            refused = True
        else:
            return _send(request, draft, bound)
    context = {
        "answers": _answers(bound),
        "send_form": forms.SendForm(),
        "refused": refused,
        "expires_at": drafts.expires_at(request.session),
        "expiry_warning_seconds": max(settings.SESSION_COOKIE_AGE - int(drafts.WARN_BEFORE.total_seconds()), 0),
    }
    return _render(request, "referrals/witness/check.html", context, status=400 if refused else 200)


def _send(request, draft, bound):
    """Send the draft once, whatever the number of presses; limits first per visit, then per address."""
    observation = {}
    for form in bound.values():
        observation.update(form.referral_fields())
    where = bound["where"]
    arguments = {
        "observation": observation,
        "settlement_typed": where.cleaned_data.get("settlement", ""),
        "chosen_region": where.chosen_region(),
        "chosen_settlement": where.chosen_settlement(),
        "settlement_unknown": where.place_unknown(),
        "language": get_language(),
        "draft_id": draft.id,
        "code": draft.code,
    }
    existing = services.sent_referral(draft_id=draft.id)
    if existing is None:
        visit = drafts.visit_id(request.session)
        if not limits.take("submit_visit", visit, SUBMISSIONS_PER_VISIT, SUBMISSION_WINDOW) or not limits.take(
            "submit_address", limits.client_key(request), SUBMISSIONS_PER_ADDRESS, SUBMISSION_WINDOW
        ):
            return request_rejected(request, "rate_limited", status=429)
        try:
            referral, code = services.referral_submit(**arguments)
        except services.AlreadySubmitted as sent_before:
            referral, code = sent_before.referral, draft.code
    else:
        # Pressed twice: the draft (still in this request's session) holds the same code.
        referral, code = existing, draft.code
    draft.delete()
    drafts.remember_sent(request.session, reference=referral.reference, code=code, referral_id=referral.pk)
    return redirect("referrals:sent")


@require_GET
def sent(request):
    """The confirmation: the code is shown on the first visit (and a short while after), then only the reference."""
    confirmation = drafts.confirmation(request.session)
    if confirmation is None or not confirmation.get("code"):
        context = {"reference": confirmation["reference"] if confirmation else ""}
        return _render(request, "referrals/witness/sent_again.html", context)
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
        "The office could not act on your report. If you think this is wrong, call 111 (anonymous)."
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
        reference_key = limits.value_key(reference)
        # Throttled per reference only: wrong codes for one report never block another
        # witness, even one behind the same address. The attempt is counted before the
        # check, so many at once cannot slip past the limit; the right code gives it back.
        if not limits.take("follow_up_reference", reference_key, FOLLOW_UP_ATTEMPTS, FOLLOW_UP_WINDOW):
            throttled = True
        else:
            found = services.referral_find_for_witness(reference=reference, code=form.cleaned_data["code"])
            if found is not None:
                limits.give_back("follow_up_reference", reference_key)
                request.session[drafts.FOLLOW_UP_KEY] = found.pk
                request.session.cycle_key()
                return redirect("referrals:status")
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
    # The results come encoded (and kept so) from the gazetteer: only the query is encoded here.
    body = b'{"query": %s, "results": %s}' % (
        json.dumps(query, ensure_ascii=False).encode(),
        gazetteer.suggestions_json(query),
    )
    response = HttpResponse(body, content_type="application/json")
    # What a witness types is not kept in the browser's cache either.
    response["Cache-Control"] = "no-store"
    return response
