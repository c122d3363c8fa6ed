from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from portal import views

urlpatterns = [
    # Outside the language prefix: quick exit must work from any page, in one step.
    path("exit/", views.quick_exit, name="quick-exit"),
    path("api/", include("contacts.api_urls")),
    path("api/", include("referrals.api_urls")),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("safety/", views.safety, name="safety"),
    path("contacts/", include("contacts.urls")),
    path("guidance/", include("guidance.urls")),
    path("report/", include("referrals.witness.urls")),
    path("office/", include("referrals.office.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

# The portal's own error pages (portal/errors.py).
handler400 = "portal.errors.bad_request"
handler403 = "portal.errors.permission_denied"
handler404 = "portal.errors.page_not_found"
handler500 = "portal.errors.server_error"
