"""Abuse limits without tracking anyone.

Counters live in the cache only and expire on their own. A client is identified by a
keyed hash of its address: the key (a salt) is random, kept only in the cache and
replaced every day, so the hashes cannot be reversed or linked across days, and the
address itself is never stored or logged.
"""

import hashlib
import hmac
import secrets

from django.core.cache import cache
from django.utils import timezone


def _daily_salt() -> str:
    key = f"referrals:salt:{timezone.now():%Y-%m-%d}"
    salt = cache.get(key)
    if salt is None:
        cache.add(key, secrets.token_hex(32), timeout=2 * 24 * 60 * 60)
        salt = cache.get(key)
    return salt


def client_key(request) -> str:
    address = request.META.get("REMOTE_ADDR", "")
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
