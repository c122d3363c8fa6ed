"""The version of what the public pages show: every change to it gives a new one.

A page rendered once is served from the cache for as long as the version it was rendered
under is current (portal/page_cache.py), so a change made in the admin, by an import or
by `load_manual_data` shows on the very next request, on every app server and in every
language.

Where the version lives (settings.CONTENT_VERSION_IN_CACHE):
- in the cache, when every process that serves or changes pages shares it (Redis in
  production): a counter that only goes up. It is raised at the change, so the process
  making it sees it at once, and again after the change is committed, so a page another
  server rendered from the data of just before the commit is never kept under a version
  that is current after it;
- in the database otherwise (a per-process cache in development, where `load_manual_data`
  runs in another process than the server): a token in ContentVersion, written in the
  same transaction as the change and read on every request.

With Redis, a process does not ask for the version on every request (that round trip was
a third of a cached page's time). Redis raises the counter and publishes the new value in
one step (portal/redis_cache.py); each process subscribes before it first reads the
version, and before answering a request it reads whatever news has reached its
subscription, without waiting. So a process keeps the version it read until the news of
a change arrives, and Redis sends that news before it tells the change's writer that the
change is made, which is before the writer's own response leaves. Should the subscription
break, a process asks on every request again until it has subscribed anew; should it go
quiet without breaking (a connection dropped silently on the way), the version is asked
for anyway once every CONFIRM_SECONDS, so even then no page lags more than that.
"""

import contextlib
import logging
import os
import secrets
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from portal.models import ContentVersion

logger = logging.getLogger(__name__)

CACHE_KEY = "content-version"
ROW_ID = 1
# The apps whose records the public pages show: every save or delete in them is a change.
CONTENT_APPS = frozenset({"contacts", "guidance"})
# And the gazetteer, whose names the place step suggests (referrals/gazetteer.py); not the
# rest of its app: a report sent changes nothing any public page shows.
CONTENT_MODELS = frozenset({"referrals.settlement", "referrals.settlementname"})
CONFIRM_SECONDS = 1.0
# After a failed subscription, how long a process asks on every request before trying again.
RESUBSCRIBE_SECONDS = 5.0


def in_cache() -> bool:
    return settings.CONTENT_VERSION_IN_CACHE


class _Subscription:
    """This process's subscription to the news of changes, and the version it vouches for."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pid = None
        self.pubsub = None
        self.version = None
        self.read_at = 0.0
        self.retry_at = 0.0

    def known_version(self) -> str | None:
        """The version, when no news of a change has come since it was read; else None."""
        with self.lock:
            if self.pubsub is None or self.pid != os.getpid() or self._take_news() is None:
                return None
            if self.version is None or time.monotonic() - self.read_at > CONFIRM_SECONDS:
                return None
            return self.version

    def subscribe(self) -> bool:
        """Subscribed (now or before) and so able to vouch for a version read after this."""
        with self.lock:
            if self.pid != os.getpid():
                # A forked worker shares its parent's socket: neither may read from it.
                self.pubsub = self.version = None
                self.pid = os.getpid()
            if self.pubsub is not None:
                return True
            if time.monotonic() < self.retry_at or not getattr(cache, "announces_changes", False):
                return False
            try:
                self.pubsub = cache.listen(CACHE_KEY)
            except Exception:
                # Without news, every request asks Redis, as it did before there was any.
                logger.warning("No subscription to the content version's news; asking Redis on every request.")
                self.retry_at = time.monotonic() + RESUBSCRIBE_SECONDS
                return False
            return True

    def read(self, version: str, *, before: str | None) -> None:
        """`version` was read just now, after subscribing; `before` is what was known."""
        with self.lock:
            news = None if self.pubsub is None else self._take_news()
            if news is None or news > 0:
                # No line, or news came while the version was being read: it may be older
                # than the news, so the next request asks again.
                return
            if before is not None and before != version and self.version == before:
                # Changed, and no news of it came: the line is quiet but no longer listening.
                self._close()
                return
            self.version, self.read_at = version, time.monotonic()

    def forget(self) -> None:
        with self.lock:
            self.version = None

    def _take_news(self) -> int | None:
        """Read the news that has come, without waiting: how many changes, or None if the
        line has failed."""
        changes = 0
        try:
            # Whatever Redis has sent is in this process's socket already: no round trip.
            while (news := self.pubsub.get_message(timeout=0)) is not None:
                if news["type"] == "message":
                    self.version = None
                    changes += 1
        except Exception:
            # Whatever failed, the line can vouch for nothing now: ask Redis.
            self._close()
            return None
        return changes

    def _close(self) -> None:
        pubsub, self.pubsub, self.version = self.pubsub, None, None
        with contextlib.suppress(Exception):  # it is being dropped either way
            pubsub.close()


_subscription = _Subscription()


def unsubscribe() -> None:
    """Forget the subscription and the version it vouched for (the cache's settings changed)."""
    with _subscription.lock:
        if _subscription.pubsub is not None:
            _subscription._close()
        _subscription.version = None
        _subscription.retry_at = 0.0


def current() -> str:
    """The version of the content as it is now."""
    if not in_cache():
        return ContentVersion.objects.filter(pk=ROW_ID).values_list("token", flat=True).first() or "initial"
    known = _subscription.known_version()
    if known is not None:
        return known
    before = _subscription.version
    subscribed = _subscription.subscribe()
    version = cache.get(CACHE_KEY)
    version = str(version if version is not None else _start_counter())
    if subscribed:
        _subscription.read(version, before=before)
    return version


def _start_counter() -> int:
    # Lost from the cache (a restart, an eviction): start far above any number handed out
    # before, so no page kept under an old number can match.
    cache.add(CACHE_KEY, time.time_ns(), timeout=None)
    return cache.get(CACHE_KEY)


def _raise_counter() -> None:
    # This process knows of its own change at once, before any news of it comes back.
    _subscription.forget()
    if getattr(cache, "announces_changes", False):
        cache.raise_and_announce(CACHE_KEY, start=time.time_ns())
        return
    try:
        cache.incr(CACHE_KEY)
    except ValueError:
        _start_counter()


def content_changed() -> None:
    """Call after anything the public pages show has changed (signals call it for saves)."""
    if not in_cache():
        token = f"{time.time_ns()}-{secrets.token_hex(4)}"
        if not ContentVersion.objects.filter(pk=ROW_ID).update(token=token):
            ContentVersion.objects.update_or_create(pk=ROW_ID, defaults={"token": token})
        return
    _raise_counter()
    # An import saves hundreds of rows in one transaction: raise it once after the commit.
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(func is _raise_counter for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_raise_counter)


def on_content_saved_or_deleted(sender, **kwargs) -> None:
    if sender._meta.app_label in CONTENT_APPS or sender._meta.label_lower in CONTENT_MODELS:
        content_changed()
