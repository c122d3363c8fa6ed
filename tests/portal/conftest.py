"""Fixtures of the portal's own tests."""

import secrets

import pytest

from portal import content_version

REDIS_URL = "redis://127.0.0.1:6379/0"


@pytest.fixture
def shared_cache(settings):
    """Redis as production has it, under a key prefix of this test's own."""
    redis = pytest.importorskip("redis")
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError:
        pytest.skip("no Redis on this machine")
    prefix = f"test-shared-cache-{secrets.token_hex(8)}"
    settings.CACHES = {
        "default": {"BACKEND": "portal.redis_cache.RedisCache", "LOCATION": REDIS_URL, "KEY_PREFIX": prefix}
    }
    settings.CONTENT_VERSION_IN_CACHE = True
    yield redis.Redis.from_url(REDIS_URL), prefix
    # This process's subscription was to the test's prefix (portal/content_version.py).
    content_version.unsubscribe()
    connection = redis.Redis.from_url(REDIS_URL)
    for key in connection.scan_iter(match=f"{prefix}:*"):
        connection.delete(key)
