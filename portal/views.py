from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.page_cache import public_page
from referrals.witness import views as witness_views


@public_page
def home(request):
    """Sends each kind of visitor where they need to go."""
    return render(request, "home.html")


@public_page
def safety(request):
    """Browse safely: what quick exit does, and what it cannot do."""
    return render(request, "safety.html")


@never_cache
def quick_exit(request):
    """End the visit (and with it any half-filled report) and leave for a neutral site.

    The page's script reaches this with location.replace(), so the portal's page is not
    left in the tab's history for the Back button.
    """
    request.session.flush()
    response = HttpResponseRedirect(settings.QUICK_EXIT_URL)
    # Ask the browser to forget what this origin stored; it cannot erase history.
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /exit/"]
    # Staff pages have nothing to index.
    for code, _name in settings.LANGUAGES:
        lines += [f"Disallow: /{code}/admin/", f"Disallow: /{code}/office/"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    """handler400: a request Django refused before any view (too large, too many fields).

    The witness's pages answer with the journey's own page (what was kept, whom to call);
    the admin, the office and every other page with the portal's plain one.
    """
    try:
        namespace = resolve(request.path_info).namespace
    except Resolver404:
        namespace = ""
    if namespace == "referrals":
        return witness_views.bad_request(request, exception)
    too_large = isinstance(exception, RequestDataTooBig | TooManyFieldsSent)
    message = (
        _("What you sent is larger than this page accepts. Go back, send less at a time and try again.")
        if too_large
        else _("Go back and try again.")
    )
    return render(request, "400.html", {"message": message}, status=413 if too_large else 400)
