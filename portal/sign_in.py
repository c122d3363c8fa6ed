"""Staff sign-in records (django-axes): what is kept, why, for how long, and from which address.

Purpose: to stop password and code guessing against staff accounts, and to let the national
coordinator see accounts someone keeps failing to sign in to. For that the portal keeps, per
failed account and client address, the username, the address, the time and the number of
failures (axes' AccessAttempt), and for each successful sign-in the username, address and
times (AccessLog). It keeps no user agent, request headers or form data, and prints no user
agent to the log. Records older than STAFF_SIGN_IN_RECORD_DAYS are deleted by
`manage.py purge_sign_in_records` (a scheduled job, see README.md).

Failures are counted per account *and* address (AXES_LOCKOUT_PARAMETERS), and the address is
the client's, read through the trusted proxies (REFERRALS_PROXY_HOPS), never the proxy's own:
a stranger's wrong passwords lock out the stranger's address only, not the official.
"""

import datetime

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Sum
from django.utils import timezone

from referrals.limits import client_address


def client_ip(request) -> str:
    """The address django-axes counts by: the same reading of the proxies as the witness's limits."""
    return client_address(request)


def _forget_device(request) -> None:
    # Set before axes records anything: the records are then keyed and stored without them.
    request.axes_user_agent = ""
    request.axes_http_accept = ""


class StaffSignInHandler(AxesDatabaseHandler):
    """axes' database handler, storing only what the purpose above needs."""

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        if request is not None:
            AxesProxyHandler.update_request(request)
            _forget_device(request)
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is not None:
            # The submitted form (username, code, next page) is not needed to count failures.
            AccessAttempt.objects.filter(ip_address=request.axes_ip_address).exclude(get_data="", post_data="").update(
                get_data="", post_data=""
            )

    def user_logged_in(self, sender, request, user, **kwargs):
        AxesProxyHandler.update_request(request)
        _forget_device(request)
        super().user_logged_in(sender, request, user, **kwargs)

    def user_logged_out(self, sender, request, user, **kwargs):
        AxesProxyHandler.update_request(request)
        _forget_device(request)
        super().user_logged_out(sender, request, user, **kwargs)


def repeated_failures(now=None):
    """Existing accounts with at least AXES_FAILURE_LIMIT failures within the kept records."""
    now = now or timezone.now()
    since = now - datetime.timedelta(days=settings.STAFF_SIGN_IN_RECORD_DAYS)
    usernames = get_user_model().objects.values("username")
    return (
        AccessAttempt.objects.filter(attempt_time__gte=since, username__in=usernames)
        .values("username")
        .annotate(failures=Sum("failures_since_start"), addresses=Count("ip_address", distinct=True))
        .annotate(last_attempt=Max("attempt_time"))
        .filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        .order_by("-last_attempt")
    )


def purge_sign_in_records(now=None) -> dict[str, int]:
    """Delete failure counts and sign-in log entries older than the stated time."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.STAFF_SIGN_IN_RECORD_DAYS)
    attempts, _details = AccessAttempt.objects.filter(attempt_time__lt=cutoff).delete()
    logs, _details = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    return {"attempts": attempts, "log_entries": logs}
