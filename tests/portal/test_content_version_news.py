"""With Redis, each process learns of a change from Redis's news of it, not by asking on
every request; and asks again whenever it cannot be sure (portal/content_version.py)."""

import time

import pytest
from django.core.cache import cache, caches

from contacts.models import NationalService
from portal import content_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def asks(monkeypatch):
    """The times this process asked Redis for the version."""
    backend = caches["default"]
    asked = []
    real_get = backend.get

    def get(key, *args, **kwargs):
        if key == content_version.CACHE_KEY:
            asked.append(key)
        return real_get(key, *args, **kwargs)

    monkeypatch.setattr(backend, "get", get)
    return asked


def another_server_changes_the_content() -> int:
    # Another app server: a cache client of its own, sharing nothing with this process.
    other = caches.create_connection("default")
    return other.raise_and_announce(content_version.CACHE_KEY, start=time.time_ns())


def version_after_news(old: str, seconds: float = 5.0) -> str:
    # The news travels from Redis to this process's socket: give it the moment it takes.
    deadline = time.monotonic() + seconds
    while (version := content_version.current()) == old and time.monotonic() < deadline:
        time.sleep(0.001)
    return version


def test_the_version_is_asked_for_once_and_then_known_from_the_news(shared_cache, asks, monkeypatch):
    monkeypatch.setattr(content_version, "CONFIRM_SECONDS", 3600)
    first = content_version.current()
    asks.clear()
    for _ in range(50):
        assert content_version.current() == first
    assert asks == []


def test_another_servers_change_is_known_without_asking_again(shared_cache, asks, monkeypatch):
    monkeypatch.setattr(content_version, "CONFIRM_SECONDS", 3600)
    before = content_version.current()
    asks.clear()
    raised = another_server_changes_the_content()
    assert version_after_news(before) == str(raised)
    # Asked once, after the news came: never while waiting for it.
    assert len(asks) == 1


def test_this_processs_own_change_is_known_at_once(shared_cache, django_capture_on_commit_callbacks, monkeypatch):
    monkeypatch.setattr(content_version, "CONFIRM_SECONDS", 3600)
    before = int(content_version.current())
    with django_capture_on_commit_callbacks(execute=True):
        NationalService.objects.create(slug="new-line", kind="hotline", name_kk="Жаңа желі")
        # No waiting for the news of it: the process that made the change knows.
        assert int(content_version.current()) > before
    assert int(content_version.current()) > before + 1


def test_a_line_gone_quiet_still_learns_of_a_change_within_the_confirmation_time(shared_cache, monkeypatch):
    monkeypatch.setattr(content_version, "CONFIRM_SECONDS", 0.05)
    content_version.current()
    quiet = content_version._subscription.pubsub
    # A connection dropped on the way without either side noticing: no news ever comes.
    monkeypatch.setattr(quiet, "get_message", lambda **kwargs: None)
    raised = another_server_changes_the_content()
    time.sleep(0.06)
    assert content_version.current() == str(raised)
    # And the quiet line is given up for a new subscription, which hears the next change.
    assert content_version._subscription.pubsub is None
    monkeypatch.setattr(content_version, "CONFIRM_SECONDS", 3600)
    assert content_version.current() == str(raised)
    assert content_version._subscription.pubsub not in (None, quiet)
    again = another_server_changes_the_content()
    assert version_after_news(str(raised)) == str(again)


def test_a_broken_line_means_asking_on_every_request_until_subscribed_again(shared_cache, asks, monkeypatch):
    monkeypatch.setattr(content_version, "CONFIRM_SECONDS", 3600)
    first = content_version.current()
    asks.clear()

    def broken(**kwargs):
        raise ConnectionError("Connection reset by peer")

    monkeypatch.setattr(content_version._subscription.pubsub, "get_message", broken)
    assert content_version.current() == first
    assert content_version._subscription.pubsub is not None  # subscribed anew
    assert len(asks) == 1
    raised = another_server_changes_the_content()
    assert version_after_news(first) == str(raised)


def test_when_redis_refuses_the_subscription_every_request_asks(shared_cache, asks, monkeypatch):
    def refused(key):
        raise ConnectionError("Connection refused")

    monkeypatch.setattr(caches["default"], "listen", refused)
    first = content_version.current()
    asks.clear()
    raised = another_server_changes_the_content()
    # No news can come, and none is waited for: each request asks, so the change shows at once.
    assert content_version.current() == str(raised) != first
    assert len(asks) == 1


def test_a_forked_worker_subscribes_on_its_own(shared_cache):
    content_version.current()
    parents = content_version._subscription.pubsub
    # As after gunicorn forks a worker: the parent's socket is not the worker's to read.
    content_version._subscription.pid = -1
    content_version.current()
    assert content_version._subscription.pubsub not in (None, parents)
    parents.close()


def test_a_lost_counter_starts_again_above_every_version_before_it(shared_cache):
    before = int(content_version.current())
    cache.delete(content_version.CACHE_KEY)
    assert another_server_changes_the_content() > before
