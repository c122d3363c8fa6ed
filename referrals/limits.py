"""Abuse limits without tracking anyone.

Counters live in the cache only and expire on their own. A client is identified by a
keyed hash of its address: the key (a salt) is random, kept only in the cache and
replaced every day, so the hashes cannot be reversed or linked across days, and the
address itself is never stored or logged.
"""

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


def count(scope: str, key: str) -> int:
    return cache.get(f"referrals:{scope}:{key}", 0)


def is_limited(scope: str, key: str, limit: int) -> bool:
    return count(scope, key) >= limit


def record(scope: str, key: str, window_seconds: int) -> int:
    """Count one more event; the window starts with the first event."""
    cache_key = f"referrals:{scope}:{key}"
    if cache.add(cache_key, 1, timeout=window_seconds):
        return 1
    try:
        return cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.add(cache_key, 1, timeout=window_seconds)
        return 1
