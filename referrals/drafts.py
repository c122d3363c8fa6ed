"""A report in progress, kept only in the visit's server-side session.

Nothing of it is ever put in a cookie or in the browser's storage: the browser holds only
the session's random identifier. In the session the draft is stored encrypted with the
field keys (portal/crypto.py), so a dump of the sessions table does not reveal it either.
It disappears when the report is sent, when the visitor uses quick exit (the session is
flushed), and when the session expires (SESSION_COOKIE_AGE after the last request).
"""

import datetime
import json
import secrets
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from portal import crypto

DRAFT_KEY = "referral_draft"
SENT_KEY = "referral_sent"
FOLLOW_UP_KEY = "referral_follow_up"
# How long before expiry the page warns (the warning script and the visible notice).
WARN_BEFORE = datetime.timedelta(minutes=15)


def _load(session, key):
    token = session.get(key)
    if not token:
        return None
    try:
        return json.loads(crypto.decrypt(token))
    except (ValueError, TypeError, ImproperlyConfigured):
        # Unreadable (e.g. written with a key rotated out since): treat as no draft, never a 500.
        return None


def _store(session, key, value):
    session[key] = crypto.encrypt(json.dumps(value))


class Draft:
    def __init__(self, session, data):
        self.session = session
        self.data = data

    @classmethod
    def get(cls, session) -> "Draft | None":
        data = _load(session, DRAFT_KEY)
        return cls(session, data) if data is not None else None

    @classmethod
    def start(cls, session, *, restarted: bool = False) -> "Draft":
        draft = cls(session, {"id": secrets.token_hex(16), "steps": {}, "restarted": restarted})
        draft.save()
        return draft

    def save(self):
        _store(self.session, DRAFT_KEY, self.data)

    def answers(self, step: str) -> MultiValueDict | None:
        stored = self.data["steps"].get(step)
        return MultiValueDict(stored) if stored is not None else None

    def set_answers(self, step: str, post) -> None:
        self.data["steps"][step] = {
            key: post.getlist(key) for key in post if key not in ("csrfmiddlewaretoken", "next")
        }
        self.save()

    def pop_restarted(self) -> bool:
        restarted = self.data.pop("restarted", False)
        if restarted:
            self.save()
        return restarted

    @property
    def id(self) -> str:
        return self.data.get("id", "")

    def delete(self):
        self.session.pop(DRAFT_KEY, None)


def delete_expired_sessions() -> None:
    """Expired visits, and the drafts in them, are deleted, not merely ignored.

    Called whenever a witness starts a report, so a busy portal cleans up as it goes;
    `manage.py clearsessions` from cron covers quiet periods.
    """
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def expires_at(session) -> datetime.datetime:
    """The session, and the draft in it, expire this long after the last request."""
    return timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)


def remember_sent(session, *, reference: str, code: str, referral_id: int) -> None:
    _store(session, SENT_KEY, {"reference": reference, "code": code, "referral_id": referral_id})


def pop_sent(session) -> dict | None:
    """The confirmation is shown once: reading it removes it."""
    sent = _load(session, SENT_KEY)
    session.pop(SENT_KEY, None)
    return sent
