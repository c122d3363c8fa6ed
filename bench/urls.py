"""The portal's addresses plus a bare view, the benchmark's baseline through the same middleware."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import *  # noqa: F403
from portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    """No template, no database, no session: what Django and the middleware cost alone."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *portal_urlpatterns]
