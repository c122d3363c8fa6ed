"""The portal's own error pages: 400, 403 (and a failed CSRF check), 404, 413 and 500.

Each is in the visitor's language, keeps the quick exit and the emergency numbers (from
base.html), and never names a setting. On the report's pages they say what happened to
the witness's answers (referrals/witness/views.py adds the report's own cases).
"""

import logging

from django.core.exceptions import DisallowedHost, RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.html import escape
from django.utils.translation import gettext as _

from referrals.witness import views as witness_views

logger = logging.getLogger(__name__)


def _on_the_report(request) -> bool:
    try:
        return resolve(request.path_info).namespace == "referrals"
    except Resolver404:
        return False


def _page(request, status, heading, message, *, report_note=""):
    context = {"status": status, "heading": heading, "message": message, "report_note": report_note}
    return render(request, "error.html", context, status=status)


def bad_request(request, exception=None):
    """handler400: a bad Host header, a body too large, too many fields, a malformed request."""
    too_large = isinstance(exception, RequestDataTooBig | TooManyFieldsSent)
    if not isinstance(exception, DisallowedHost) and _on_the_report(request):
        return witness_views.bad_request(request, exception)
    if too_large:
        return _page(
            request,
            413,
            _("What you sent is too long"),
            _("What you sent is larger than this page accepts. Go back, send less at a time and try again."),
        )
    return _page(request, 400, _("The request could not be read"), _("Go back and try again."))


def permission_denied(request, exception=None):
    return _page(
        request,
        403,
        _("You cannot open this page"),
        _("This page is not open to you. If you followed a link, go back and try another way."),
    )


def page_not_found(request, exception=None):
    return _page(
        request,
        404,
        _("Page not found"),
        _("If you typed the address, check it is correct. If you pasted it, check you copied the whole address."),
        report_note=_("Your answers so far are kept in this visit.") if _on_the_report(request) else "",
    )


def csrf_failure(request, reason=""):
    """A form sent without the visit's security check: most often cookies are blocked or were cleared."""
    if _on_the_report(request):
        kept = witness_views.csrf_failure(request)
        if kept is not None:
            return kept
    return _page(
        request,
        403,
        _("Your answers could not be accepted"),
        _(
            "This portal needs a cookie to know that the pages you fill in belong to one visit. Your browser "
            "did not send it: cookies may be blocked, or they were cleared (for example by quick exit or "
            "after a long pause). Allow cookies for this site, then go back and send the page again."
        ),
        report_note=_(
            "If you were writing a report, what you typed on the last page may be lost: "
            "go back, check the page and send it again."
        )
        if _on_the_report(request)
        else "",
    )


def server_error(request):
    """handler500: rendered without the database, which may be what failed."""
    report_note = ""
    if _on_the_report(request):
        report_note = _(
            "If you were sending your report, it may have been sent: open the check page again and press "
            "Send once more. A report is never sent twice, and the page will show your reference number."
        )
    heading = _("Something went wrong on our side")
    message = _("The portal could not answer just now. Please try again in a minute.")
    try:
        return _page(request, 500, heading, message, report_note=report_note)
    except Exception:
        logger.exception("The 500 page itself failed")
        body = f"<!doctype html><title>{escape(heading)}</title><h1>{escape(heading)}</h1><p>{escape(message)}</p>"
        body += '<p><a href="/exit/">Exit</a> · <a href="tel:102">102</a> · <a href="tel:112">112</a></p>'
        return HttpResponse(body, status=500)
