"""The version of what the public pages show: every change to it gives a new one.

A page rendered once is served from the cache for as long as the version it was rendered
under is current (portal/page_cache.py), so a change made in the admin, by an import or
by `load_manual_data` shows on the very next request, on every app server and in every
language.

Where the version lives (settings.CONTENT_VERSION_IN_CACHE):
- in the cache, when every process that serves or changes pages shares it (Redis in
  production): a counter that only goes up (`incr` is atomic). It is raised at the change,
  so the process making it sees it at once, and again after the change is committed, so a
  page another server rendered from the data of just before the commit is never kept
  under a version that is current after it;
- in the database otherwise (a per-process cache in development, where `load_manual_data`
  runs in another process than the server): a token in ContentVersion, written in the
  same transaction as the change and read on every request.
"""

import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from portal.models import ContentVersion

CACHE_KEY = "content-version"
ROW_ID = 1
# The apps whose records the public pages show: every save or delete in them is a change.
CONTENT_APPS = frozenset({"contacts", "guidance"})


def in_cache() -> bool:
    return settings.CONTENT_VERSION_IN_CACHE


def current() -> str:
    """The version of the content as it is now."""
    if in_cache():
        version = cache.get(CACHE_KEY)
        return str(version if version is not None else _start_counter())
    return ContentVersion.objects.filter(pk=ROW_ID).values_list("token", flat=True).first() or "initial"


def _start_counter() -> int:
    # Lost from the cache (a restart, an eviction): start far above any number handed out
    # before, so no page kept under an old number can match.
    cache.add(CACHE_KEY, time.time_ns(), timeout=None)
    return cache.get(CACHE_KEY)


def _raise_counter() -> None:
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
    if sender._meta.app_label in CONTENT_APPS:
        content_changed()
