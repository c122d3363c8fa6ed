"""Abuse limits without tracking anyone, and without refusing a real witness.

Many people share one address (schools, shelters, workplaces, mobile carriers), so the
limits that matter are per draft (a draft is sent once: referrals/services.py), per visit
(a session) and, for follow-up codes, per reference. Per address there is only a high
ceiling against floods (REFERRALS_SUBMISSIONS_PER_ADDRESS, documented in README.md).

Counters live in the cache only and expire on their own. They are atomic (`add` then
`incr`, never get-then-set) and shared by every app server: production requires a shared
cache (Redis, portal/checks.py), because a per-process counter multiplies every limit by
the number of processes. A client is identified by a
keyed hash of its address: the key (a salt) is random, kept only in the cache and
replaced every day, so the hashes cannot be reversed or linked across days, and the
address itself is never stored or logged.
"""

import contextlib
import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


def _daily_salt() -> str:
    key = f"referrals:salt:{timezone.now():%Y-%m-%d}"
    salt = cache.get(key)
    if salt is None:
        cache.add(key, secrets.token_hex(32), timeout=2 * 24 * 60 * 60)
        salt = cache.get(key)
    return salt


def client_address(request) -> str:
    """The witness's address as the portal's own proxy saw it, used only to key counters.

    Behind the TLS proxy (BEHIND_TLS_PROXY=true) every request comes from the proxy, so
    the address is the one the trusted proxies appended to X-Forwarded-For:
    settings.REFERRALS_PROXY_HOPS entries from the right (1 by default behind the proxy).
    Entries further left are written by the client and cannot be trusted.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    hops = settings.REFERRALS_PROXY_HOPS
    if hops <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    return forwarded[-hops] if len(forwarded) >= hops else remote


def client_key(request) -> str:
    address = client_address(request)
    return hmac.new(_daily_salt().encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def value_key(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()[:32]


def _key(scope: str, key: str) -> str:
    return f"referrals:{scope}:{key}"


def count(scope: str, key: str) -> int:
    return cache.get(_key(scope, key), 0)


def record(scope: str, key: str, window_seconds: int) -> int:
    """Count one more event, atomically, and return the new count; the window starts with the first."""
    cache_key = _key(scope, key)
    for _attempt in range(3):
        cache.add(cache_key, 0, timeout=window_seconds)
        try:
            return cache.incr(cache_key)
        except ValueError:  # expired between add and incr: start the window again
            continue
    raise RuntimeError(f"The cache does not keep the counter {scope}.")


def take(scope: str, key: str, limit: int, window_seconds: int) -> bool:
    """Count one event and say whether it is within the limit.

    Counting first and judging the new count is what makes the limit hold when many
    requests arrive at once: a check before recording lets them all through together.
    """
    return record(scope, key, window_seconds) <= limit


def give_back(scope: str, key: str) -> None:
    """Undo one count (a follow-up attempt that turned out to be the right code)."""
    with contextlib.suppress(ValueError):
        cache.decr(_key(scope, key))
