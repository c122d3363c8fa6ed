"""The settings are strict: a malformed or missing value stops the portal at start-up."""

import runpy
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = Path(__file__).resolve().parents[2] / "portal" / "settings.py"
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-for-this-test-only-0123456789",
    "ALLOWED_HOSTS": "portal.example.kz",
    "FIELD_ENCRYPTION_KEYS": "dGVzdC1rZXktb25seS1mb3ItdGhlLXRlc3Qtc3VpdGU=",
    "REFERRALS_FOLLOW_UP_CODE_KEY": "a-dedicated-follow-up-code-key-for-this-test-0123456789",
}
VARIABLES = [
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "FIELD_ENCRYPTION_KEYS",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "REDIS_URL",
    "SECURE_SSL_REDIRECT",
    "SECURE_COOKIES",
    "SECURE_HSTS_SECONDS",
    "EMAIL_PORT",
    "SESSION_COOKIE_AGE",
    "BEHIND_TLS_PROXY",
    "REFERRALS_PROXY_HOPS",
    "REFERRALS_SUBMISSIONS_PER_VISIT",
    "REFERRALS_SUBMISSIONS_PER_ADDRESS",
    "REFERRALS_FOLLOW_UP_CODE_KEY",
    "REFERRALS_FOLLOW_UP_ATTEMPTS",
    "REFERRALS_MAX_POST_BYTES",
]


def load(monkeypatch, **env):
    for name in VARIABLES:
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


def test_it_loads_production_settings(monkeypatch):
    settings = load(monkeypatch, **PRODUCTION_ENV)
    assert settings["DEBUG"] is False
    assert settings["SESSION_COOKIE_SECURE"] and settings["CSRF_COOKIE_SECURE"]
    assert settings["SECURE_HSTS_SECONDS"] >= 31536000
    assert settings["SECURE_SSL_REDIRECT"] is True


@pytest.mark.parametrize(
    "missing", ["SECRET_KEY", "ALLOWED_HOSTS", "FIELD_ENCRYPTION_KEYS", "REFERRALS_FOLLOW_UP_CODE_KEY"]
)
def test_it_refuses_production_without(monkeypatch, missing):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != missing}
    with pytest.raises(ImproperlyConfigured, match=missing):
        load(monkeypatch, **env)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DEBUG", "maybe"),
        ("SECURE_COOKIES", "yes please"),
        ("DATABASE_CONN_MAX_AGE", "sixty"),
        ("SECURE_HSTS_SECONDS", "-1"),
        ("EMAIL_PORT", "0"),
        ("SESSION_COOKIE_AGE", "10"),
        ("DATABASE_URL", "mysql://root@localhost/portal"),
        ("REFERRALS_PROXY_HOPS", "-1"),
        ("REFERRALS_PROXY_HOPS", "one"),
        ("REFERRALS_SUBMISSIONS_PER_ADDRESS", "0"),
        ("REFERRALS_FOLLOW_UP_ATTEMPTS", "five"),
        ("REFERRALS_MAX_POST_BYTES", "64k"),
    ],
)
def test_it_rejects_malformed_values(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        load(monkeypatch, **{**PRODUCTION_ENV, name: value})


def test_behind_the_proxy_the_witnesss_address_is_one_hop_from_the_right_unless_told(monkeypatch):
    assert load(monkeypatch, **PRODUCTION_ENV)["REFERRALS_PROXY_HOPS"] == 0
    assert load(monkeypatch, **PRODUCTION_ENV, BEHIND_TLS_PROXY="true")["REFERRALS_PROXY_HOPS"] == 1
    assert (
        load(monkeypatch, **PRODUCTION_ENV, BEHIND_TLS_PROXY="true", REFERRALS_PROXY_HOPS="2")["REFERRALS_PROXY_HOPS"]
        == 2
    )


def test_it_uses_sqlite_without_database_url(monkeypatch):
    settings = load(monkeypatch, **PRODUCTION_ENV)
    assert settings["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"


def test_it_uses_postgresql_with_persistent_connections(monkeypatch):
    settings = load(monkeypatch, **PRODUCTION_ENV, DATABASE_URL="postgres://portal@db.internal:5432/portal")
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db.internal"
    assert database["CONN_MAX_AGE"] == 60


def test_it_keeps_nothing_in_process_memory_when_scaled_out(monkeypatch):
    settings = load(monkeypatch, **PRODUCTION_ENV, REDIS_URL="redis://cache.internal:6379/0")
    # Django's Redis cache, reusing its clients (portal/redis_cache.py).
    assert settings["CACHES"]["default"]["BACKEND"] == "portal.redis_cache.RedisCache"
    assert settings["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"
    # The version of cached pages lives in Redis too, shared by every app server.
    assert settings["CONTENT_VERSION_IN_CACHE"] is True


def test_without_a_shared_cache_the_version_of_cached_pages_lives_in_the_database(monkeypatch):
    settings = load(monkeypatch, **PRODUCTION_ENV)
    assert settings["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert settings["CONTENT_VERSION_IN_CACHE"] is False
