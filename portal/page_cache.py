"""Public pages served from the cache, never stale, and with HTTP validators.

`@public_page` keeps a page's rendered response in the cache next to the content version
it was rendered under (portal/content_version.py) and serves it again while that version
is current: from this process's memory, or one cache look-up, instead of queries and
templates. A change of content makes a new version, so the next
request renders the page again. Kept apart per language (it is in the path), host,
scheme, path and query, and per release of the code (templates, translations and static
file names change with it).

Only a page that is the same for every visitor is kept: one that used the session, the
visitor's account, a form token (CSRF) or a CSP nonce is served as rendered and not
stored. Every response carries an ETag (a hash of its body) and `Cache-Control: no-cache`,
so browsers and proxies may keep it but ask again each time, and get a 304 when nothing
changed: the page is never older than the content. The report, the office and the admin
do not use this and stay `no-store`.
"""

import hashlib
import os
from collections import OrderedDict
from functools import wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.functional import empty
from django.utils.translation import get_language

from portal import content_version

PAGE_TIMEOUT = 24 * 60 * 60
# Search pages are many and each is asked for rarely: they make room for others sooner.
QUERY_PAGE_TIMEOUT = 60 * 60
_SKIP_DIRS = {".git", ".venv", "node_modules", "staticfiles", "tests", "__pycache__", "bench", "docs", "fixtures"}
_RELEASE_SUFFIXES = {".py", ".html", ".mo", ".txt", ".json"}


def _release_fingerprint() -> str:
    """A hash of the code, templates, compiled catalogs and static manifest being served.

    Pages kept in a shared cache outlive a deploy; their markup (hashed static file names,
    translations) belongs to the release that rendered them.
    """
    digest = hashlib.blake2b(digest_size=8)
    base = Path(settings.BASE_DIR)
    for root, dirs, files in os.walk(base):
        dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if path.suffix in _RELEASE_SUFFIXES:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    manifest = Path(settings.STATIC_ROOT or "") / "staticfiles.json"
    if settings.STATIC_ROOT and manifest.is_file():
        digest.update(manifest.read_bytes())
    return digest.hexdigest()


_release = None


def release() -> str:
    global _release
    if _release is None:
        _release = _release_fingerprint()
    return _release


def _page_key(request) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.blake2b(address.encode(), digest_size=16).hexdigest()
    return f"page:{release()}:{get_language()}:{digest}"


# The pages this process served last, as kept in the shared cache: only the version is
# fetched for them, not the whole page again. Checked against the version on every request.
_recent: OrderedDict[str, tuple] = OrderedDict()
RECENT_PAGES = 256


def forget_recent() -> None:
    _recent.clear()


def _lookup(key: str):
    """The current content version and the page kept under `key` for it, if any.

    No round trip for a page this process served last under the current version (with
    Redis, the version itself comes without one: portal/content_version.py); one for a page
    another process rendered.
    """
    version = content_version.current()
    entry = _recent.get(key)
    if entry is None or entry[0] != version:
        # Not here, or from before a change: another server may have rendered it since.
        entry = cache.get(key)
    if entry is None or entry[0] != version:
        return version, None
    _remember(key, entry)
    return version, entry


def _remember(key: str, entry: tuple) -> None:
    _recent[key] = entry
    _recent.move_to_end(key)
    while len(_recent) > RECENT_PAGES:
        _recent.popitem(last=False)


def etag_of(content: bytes) -> str:
    return '"' + hashlib.blake2b(content, digest_size=16).hexdigest() + '"'


def is_per_visitor(request, response, *, no_store_is_per_visitor: bool = True) -> bool:
    """True when the response holds something of this visitor's or this request's own.

    A page that asked browsers not to keep it (request.no_store) counts as one, unless it is
    a page of the report that is the same for everyone (`kept_by_browsers=False`).
    """
    user = getattr(request, "user", None)
    session = getattr(request, "session", None)
    return bool(
        request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        or getattr(request, "_csp_nonce", None)
        or (no_store_is_per_visitor and getattr(request, "no_store", False))
        or (session is not None and session.accessed)
        or (user is not None and getattr(user, "_wrapped", None) is not empty)
        or response.cookies
    )


# Kept by browsers and proxies, but asked for again each time (a 304 when unchanged).
CACHE_CONTROL = "public, no-cache"
_CONDITIONS = ("HTTP_IF_NONE_MATCH", "HTTP_IF_MATCH", "HTTP_IF_MODIFIED_SINCE", "HTTP_IF_UNMODIFIED_SINCE")


def _validated(request, response: HttpResponse, etag: str) -> HttpResponse:
    response["ETag"] = etag
    response["Cache-Control"] = CACHE_CONTROL
    if any(name in request.META for name in _CONDITIONS):
        return get_conditional_response(request, etag=etag, response=response)
    return response


def public_page(view=None, *, query_params: tuple[str, ...] = (), kept_by_browsers: bool = True):
    """Serve the view's page from the cache while the content is unchanged.

    `query_params` are the query parameters the page is kept for (the search's `q`); a
    request with any other parameter is rendered and not kept. `kept_by_browsers=False`:
    kept here, but sent with `no-store` and no validators, as every page of the report is
    (its first pages are the same for everyone; the browser must still not keep them).
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method not in ("GET", "HEAD"):
                return view(request, *args, **kwargs)
            keep = set(request.GET) <= set(query_params)
            key = _page_key(request) if keep else None
            version, entry = _lookup(key) if keep else (None, None)
            # Work kept per content version (the search index) reuses the one read here.
            request.content_version = version
            if entry is not None:
                _version, etag, content, headers = entry
                response = HttpResponse(content)
                for name, value in headers.items():
                    response[name] = value
                if not kept_by_browsers:
                    request.no_store = True
                    return response
                return _validated(request, response, etag)
            # The CSRF middleware reads the session before every view (CSRF_USE_SESSIONS):
            # that says nothing of the page. Only the view's own use of the session counts.
            session = getattr(request, "session", None)
            read_before = session is not None and session.accessed
            if session is not None:
                session.accessed = False
            response = view(request, *args, **kwargs)
            per_visitor = is_per_visitor(request, response, no_store_is_per_visitor=kept_by_browsers)
            if session is not None and per_visitor:
                # Otherwise the page is the same for everyone: no "Vary: Cookie" for it.
                session.accessed = session.accessed or read_before
            if response.status_code != 200 or response.streaming:
                return response
            etag = etag_of(response.content)
            if keep and not per_visitor:
                entry = (version, etag, response.content, dict(response.headers))
                cache.set(key, entry, QUERY_PAGE_TIMEOUT if request.GET else PAGE_TIMEOUT)
                _remember(key, entry)
            if per_visitor or not kept_by_browsers:
                return response
            return _validated(request, response, etag)

        return wrapper

    return decorator(view) if view is not None else decorator
