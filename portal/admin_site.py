"""The admin site: staff who can reach referrals need their second factor here too.

Directory editors (contacts and guidance only) sign in to the admin with a password. Anyone
who can see referrals (a regional official, the national coordinator, a superuser) signs in
on the officials' sign-in page, which also asks for the code from their authenticator app;
the admin then accepts their verified session and refuses an unverified one.
"""

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from referrals.roles import VIEW_PERMISSION
from referrals.scope import is_verified


def needs_second_factor(user) -> bool:
    return bool(user.is_active and (user.is_superuser or user.has_perm(VIEW_PERMISSION)))


class AdminLoginForm(AdminAuthenticationForm):
    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if needs_second_factor(user):
            raise ValidationError(
                _(
                    "Your account can see referrals, so it signs in with a code as well: "
                    "use the sign-in page at %(url)s."
                )
                % {"url": reverse("office:login")},
                code="second_factor_required",
            )


class AssigningAutocompleteView(AutocompleteJsonView):
    """The user search of the region-assignment form answers whoever may assign regions.

    Django asks for the view permission on users, which coordinators do not have (they
    need not browse accounts); assigning a region is what they may do, so that decides.
    """

    def has_perm(self, request, obj=None):
        model = self.source_field.model
        if model._meta.label == "referrals.RegionAssignment" and self.source_field.name == "user":
            user = request.user
            return is_verified(user) and (
                user.has_perm("referrals.add_regionassignment") or user.has_perm("referrals.change_regionassignment")
            )
        return super().has_perm(request, obj)

    def get_queryset(self):
        # Only active accounts can be given a region.
        queryset = super().get_queryset()
        if self.source_field.model._meta.label == "referrals.RegionAssignment":
            queryset = queryset.filter(is_active=True)
        return queryset


class PortalAdminSite(admin.AdminSite):
    login_form = AdminLoginForm

    def autocomplete_view(self, request):
        return AssigningAutocompleteView.as_view(admin_site=self)(request)

    def has_permission(self, request):
        user = request.user
        return super().has_permission(request) and (not needs_second_factor(user) or is_verified(user))

    def login(self, request, extra_context=None):
        user = request.user
        if user.is_authenticated and needs_second_factor(user) and not is_verified(user):
            # Signed in elsewhere with a password only: ask for the code on the page that takes it.
            target = request.GET.get("next") or reverse("admin:index")
            return HttpResponseRedirect(f"{reverse('office:login')}?{urlencode({'next': target})}")
        return super().login(request, extra_context)
