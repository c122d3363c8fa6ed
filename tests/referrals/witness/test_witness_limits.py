"""Abuse limits that never refuse a real witness on a shared network, and hold across processes."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.checks import run_checks
from django.test import Client
from journey import fill, send, url

from referrals.models import Referral
from referrals.witness import views

ROOT = Path(__file__).resolve().parents[3]
SCHOOL = {"REMOTE_ADDR": "203.0.113.10"}


def send_from(client, address, lang="kk"):
    fill(client, lang)
    return client.post(url("check", lang), {"website": ""}, REMOTE_ADDR=address)


def test_many_witnesses_behind_one_address_all_get_through(directory):
    # A school's whole class behind one address, more than any per-visit limit.
    for _pupil in range(views.SUBMISSIONS_PER_VISIT + 3):
        assert send_from(Client(), SCHOOL["REMOTE_ADDR"])["Location"] == url("sent")
    assert Referral.objects.count() == views.SUBMISSIONS_PER_VISIT + 3


def test_one_visit_sending_report_after_report_is_stopped_and_told(client, directory):
    for _ in range(views.SUBMISSIONS_PER_VISIT):
        assert send(client)["Location"] == url("sent")
    response = send(client, "ru")
    assert response.status_code == 429
    assert "попробуйте снова через час" in response.content.decode()
    assert Referral.objects.count() == views.SUBMISSIONS_PER_VISIT
    # The draft is kept for later, and another witness at the same address is not blocked.
    assert client.get(url("check", "ru")).status_code == 200
    assert send(Client())["Location"] == url("sent")


def test_a_flood_from_one_address_is_stopped_at_the_ceiling(directory, monkeypatch):
    monkeypatch.setattr(views, "SUBMISSIONS_PER_ADDRESS", 3)
    statuses = [send_from(Client(), "198.51.100.66").status_code for _ in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    # Another address is not affected.
    assert send_from(Client(), "198.51.100.67")["Location"] == url("sent")


def test_behind_the_proxy_the_ceiling_counts_the_address_the_proxy_saw(directory, settings, monkeypatch):
    monkeypatch.setattr(views, "SUBMISSIONS_PER_ADDRESS", 2)
    settings.REFERRALS_PROXY_HOPS = 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}

    def via_proxy(forwarded):
        client = Client()
        fill(client)
        return client.post(url("check"), {"website": ""}, HTTP_X_FORWARDED_FOR=forwarded, **proxy)

    assert via_proxy("1.2.3.4, 203.0.113.7").status_code == 302
    assert via_proxy("5.6.7.8, 203.0.113.7").status_code == 302
    # A forged left entry changes nothing; a different witness behind the same proxy gets through.
    assert via_proxy("9.9.9.9, 203.0.113.7").status_code == 429
    assert via_proxy("198.51.100.8").status_code == 302


def test_the_counters_store_no_address(client, directory):
    send(client)
    assert not any("127.0.0.1" in key for key in cache._cache)  # locmem keeps keys in a dict


def test_production_without_a_shared_cache_fails_check_deploy(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    errors = [message for message in run_checks(include_deployment_checks=True) if message.id == "portal.E001"]
    assert errors and errors[0].is_serious()
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://x"}}
    assert not [message for message in run_checks(include_deployment_checks=True) if message.id == "portal.E001"]


COUNT = "import django; django.setup(); from referrals import limits; print(limits.count('test', 'one-key'))"
COUNTING = """
import django, os, sys
django.setup()
from referrals import limits
admitted = sum(limits.take("test", "one-key", int(sys.argv[2]), 60) for _ in range(int(sys.argv[1])))
print(admitted)
"""


def redis_available():
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not redis_available(), reason="needs Redis on 127.0.0.1:6379")
def test_counters_are_atomic_and_shared_by_two_processes():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": "true",
        "REDIS_URL": "redis://127.0.0.1:6379/0",
        # A prefix of this run's own on the shared Redis.
        "CACHE_KEY_PREFIX": f"test-limits-{secrets.token_hex(8)}",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("DATABASE_URL", None)
    tries, limit = 300, 250
    processes = [
        subprocess.Popen(  # noqa: S603 - this interpreter, a fixed script
            [sys.executable, "-c", COUNTING, str(tries), str(limit)],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    admitted = [int(process.communicate(timeout=120)[0]) for process in processes]
    # 600 events counted once each: exactly the limit got through, whichever process asked.
    assert sum(admitted) == limit
    check = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", COUNT],
        env=env, cwd=ROOT, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert int(check.stdout) == 2 * tries
