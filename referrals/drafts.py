"""A report in progress, kept only in the visit's server-side session.

Nothing of it is ever put in a cookie or in the browser's storage: the browser holds only
the session's random identifier. In the session the draft is stored encrypted with the
field keys (portal/crypto.py), so a dump of the sessions table does not reveal it either.
It disappears when the report is sent, when the visitor uses quick exit (the session is
flushed), and when the session expires (SESSION_COOKIE_AGE after the last page of the report).

Each step keeps its cleaned answers (what the form made of what was typed: a date, a
list of choices), not the raw POST data, so the check page and the send build the
report without validating every page again.
"""

import datetime
import json
import secrets
import time
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from portal import crypto
from referrals.services import new_follow_up_code

DRAFT_KEY = "referral_draft"
SENT_KEY = "referral_sent"
FOLLOW_UP_KEY = "referral_follow_up"
VISIT_KEY = "referral_visit"
# A second press of Send, a reload or a second tab within this long after the confirmation
# was first shown shows it again, code included; later only the reference is shown.
CONFIRMATION_GRACE_SECONDS = 120
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


def _encode(value):
    if isinstance(value, datetime.date):
        return {"date": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"time": value.isoformat()}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    return value


def _decode(value):
    if isinstance(value, dict) and len(value) == 1:
        if "date" in value:
            return datetime.date.fromisoformat(value["date"])
        if "time" in value:
            return datetime.time.fromisoformat(value["time"])
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


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
        # The follow-up code is drawn now, so that every press of Send shows the same one.
        data = {"id": secrets.token_hex(16), "code": new_follow_up_code(), "steps": {}, "restarted": restarted}
        draft = cls(session, data)
        draft.save()
        return draft

    def save(self):
        _store(self.session, DRAFT_KEY, self.data)

    def cleaned(self, step: str) -> dict | None:
        """The step's cleaned answers, or None if the step has not been answered."""
        stored = self.data["steps"].get(step)
        if stored is None or "cleaned" not in stored:
            return None
        return {name: _decode(value) for name, value in stored["cleaned"].items()}

    def raw(self, step: str) -> MultiValueDict | None:
        """A step kept as POST data by an earlier version of the portal (drafts in flight at an upgrade)."""
        stored = self.data["steps"].get(step)
        if stored is None or "cleaned" in stored:
            return None
        return MultiValueDict(stored)

    def set_cleaned(self, step: str, cleaned_data: dict) -> None:
        self.data["steps"][step] = {"cleaned": {name: _encode(value) for name, value in cleaned_data.items()}}
        self.save()

    def pop_restarted(self) -> bool:
        restarted = self.data.pop("restarted", False)
        if restarted:
            self.save()
        return restarted

    @property
    def id(self) -> str:
        return self.data.get("id", "")

    @property
    def code(self) -> str:
        if not self.data.get("code"):
            self.data["code"] = new_follow_up_code()
            self.save()
        return self.data["code"]

    def delete(self):
        self.session.pop(DRAFT_KEY, None)


def visit_id(session) -> str:
    """A random name for this visit, keying its abuse limits; it goes with the session."""
    if not session.get(VISIT_KEY):
        session[VISIT_KEY] = secrets.token_hex(16)
    return session[VISIT_KEY]


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


def confirmation(session) -> dict | None:
    """What the confirmation page shows: reference and code, or later the reference only.

    The code is shown when the page is first opened and again within the grace period
    (a double tap on Send, a reload); after that it is forgotten, so it is kept nowhere.
    """
    sent = _load(session, SENT_KEY)
    if sent is None:
        return None
    now = time.time()
    shown_at = sent.setdefault("shown_at", now)
    if now - shown_at > CONFIRMATION_GRACE_SECONDS:
        sent.pop("code", None)
    _store(session, SENT_KEY, sent)
    return sent
