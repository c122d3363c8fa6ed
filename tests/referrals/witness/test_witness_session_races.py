"""Requests of one visit that overlap never lose a step's answers.

The place step's type-ahead asks the settlements API while the witness types, and the
step's own POST can be on its way at the same moment; a public page may be open in another
tab. A request that read the session before the step's answers were stored must not write
its older copy back over them when it ends.
"""

import datetime
from unittest import mock

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from journey import ANSWERS, start, url

from referrals import drafts, gazetteer


def _while_answering(client, step, answers):
    """A side effect that sends the step from a second connection of the same visit."""
    original = gazetteer.suggestions_json

    def suggest(query):
        other = Client()
        other.cookies = client.cookies
        assert other.post(url("step", slug=step), answers).status_code == 302
        return original(query)

    return suggest


def test_the_type_ahead_answered_after_a_step_was_sent_does_not_undo_it(client, directory):
    start(client)
    client.post(url("step", slug="when"), ANSWERS["when"])
    with mock.patch.object(gazetteer, "suggestions_json", _while_answering(client, "where", ANSWERS["where"])):
        # The browser sends no cookie with it (report.js); a visit's cookie must still do no harm.
        assert client.get(reverse("api-settlements"), {"q": "Семип"}).status_code == 200
    draft = drafts.Draft.get(client.session)
    assert draft.cleaned("where")["settlement"] == "Семипалатинск"


def _expiry(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_the_report_pages_still_keep_the_visit_alive_and_nothing_else_writes_it(client, directory):
    start(client)
    soon = timezone.now() + datetime.timedelta(minutes=1)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=soon)
    client.get(reverse("api-settlements"), {"q": "Семип"})
    assert _expiry(client) == soon  # read, not written
    client.get(url("step", slug="when"))
    assert _expiry(client) > soon + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE - 120)


def test_an_officials_session_is_renewed_while_they_work(client_for, official_a):
    client = client_for(official_a)
    soon = timezone.now() + datetime.timedelta(minutes=1)
    Session.objects.filter(session_key=client.session.session_key).update(expire_date=soon)
    client.get(reverse("office:worklist"))
    assert _expiry(client) > soon
