"""The portal's addresses plus a bare view, the benchmark's baseline through the same middleware."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

from portal.urls import *  # noqa: F403
from portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    """No template, no database, no session: what Django and the middleware cost alone."""
    return HttpResponse("ok", content_type="text/plain")


# Without a language (bench-submission) and with one, as the public pages have (bench-pages).
urlpatterns = [
    path("bench/bare/", bare),
    *i18n_patterns(path("bench/bare/", bare), prefix_default_language=True),
    *portal_urlpatterns,
]
