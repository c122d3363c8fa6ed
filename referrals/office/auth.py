"""Signing in to the office pages: password and a TOTP code, throttled by django-axes.

A wrong code counts as a failed login, like a wrong password, so guessing codes is
throttled too. The message never says which of the three was wrong.
"""

from functools import wraps

from django.contrib.auth import authenticate, user_login_failed
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from referrals.office.forms import LoginForm
from referrals.scope import StaffReferralScope, is_verified


def office_view(view):
    """Staff pages: no caching, second factor required, 404 for staff without referral access."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.no_store = True
        if not request.user.is_authenticated or not is_verified(request.user):
            return redirect_to_login(request.get_full_path(), login_url=reverse("office:login"))
        scope = StaffReferralScope(request.user)
        if not scope.has_access:
            raise Http404("No referral access.")
        request.scope = scope
        return view(request, *args, **kwargs)

    return wrapper


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("office:worklist")


def login_view(request):
    request.no_store = True
    form = LoginForm(request, request.POST or None)
    failed = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        user = authenticate(request, username=data["username"], password=data["password"])
        device = match_token(user, data["token"].strip()) if user is not None else None
        if user is not None and device is None:
            # Counted by django-axes like a wrong password.
            user_login_failed.send(sender=__name__, credentials={"username": data["username"]}, request=request)
        if user is not None and device is not None:
            auth_login(request, user)
            otp_login(request, device)
            return HttpResponseRedirect(_next_url(request))
        failed = True
        form.add_error(None, _("The username, password or code is not right. Check them and try again."))
    return render(
        request,
        "referrals/office/login.html",
        {
            "form": form,
            "next": _next_url(request) if request.method == "GET" else request.POST.get("next", ""),
            "failed": failed,
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def logout_view(request):
    auth_logout(request)
    return HttpResponseRedirect(reverse("office:login"))
