from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.page_cache import public_page


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
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@require_GET
def robots_txt(request):
    lines = ["User-agent: *", "Disallow: /exit/"]
    # Staff pages have nothing to index.
    for code, _name in settings.LANGUAGES:
        lines += [f"Disallow: /{code}/admin/", f"Disallow: /{code}/office/"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
