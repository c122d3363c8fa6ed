"""The portal's addresses plus a bare view, served through the same middleware."""

from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import path

from portal.urls import handler400, handler404  # noqa: F401
from portal.urls import urlpatterns as portal_urlpatterns


def bare(request):
    """What a Django page costs at the least: no template, no query, no cache."""
    return HttpResponse("ok")


urlpatterns = [*i18n_patterns(path("bench/bare/", bare), prefix_default_language=True), *portal_urlpatterns]
