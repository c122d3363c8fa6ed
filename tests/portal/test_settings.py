"""The settings are strict: a malformed or missing value stops the portal at start-up."""

import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

SETTINGS = Path(__file__).resolve().parents[2] / "portal" / "settings.py"
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-key-for-this-test-only-0123456789",
    "ALLOWED_HOSTS": "portal.example.kz",
    "FIELD_ENCRYPTION_KEYS": "dGVzdC1rZXktb25seS1mb3ItdGhlLXRlc3Qtc3VpdGU=",
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


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "FIELD_ENCRYPTION_KEYS"])
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
    ],
)
def test_it_rejects_malformed_values(monkeypatch, name, value):
    with pytest.raises(ImproperlyConfigured, match=name):
        load(monkeypatch, **{**PRODUCTION_ENV, name: value})


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


def test_deploy_check_reports_nothing():
    env = {"PATH": "/usr/bin:/bin", **PRODUCTION_ENV, "DJANGO_SETTINGS_MODULE": "portal.settings"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=SETTINGS.parents[1],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
