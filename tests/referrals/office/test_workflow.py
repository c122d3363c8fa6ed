"""Every workflow transition, recorded; and the witness's status page follows Referral.status."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from factories import make_referral

from referrals import casework
from referrals.casework import TransitionNotAllowed
from referrals.models import AuditEntry, Handover, Notification, Referral, ReferralStatus, RoutingRecord

S = ReferralStatus


def post(client, name, referral, data=None):
    return client.post(reverse(f"office:{name}", args=[referral.reference]), data or {})


def statuses(referral):
    return [(e.from_status, e.to_status) for e in referral.events.order_by("created_at", "id")]


def test_it_walks_a_referral_from_received_to_closed(client_for, official_a, referral_a):
    client = client_for(official_a)
    assert post(client, "acknowledge", referral_a).status_code == 302
    referral_a.refresh_from_db()
    assert referral_a.status == S.ACKNOWLEDGED
    assert referral_a.acknowledged_at is not None

    response = post(client, "pass_on", referral_a, {"body": "police", "recipient": "Almaly district police, duty"})
    assert response.status_code == 302
    referral_a.refresh_from_db()
    assert referral_a.status == S.PASSED_ON
    handover = Handover.objects.get(referral=referral_a)
    assert handover.body == Handover.Body.POLICE
    assert handover.recipient == "Almaly district police, duty"
    assert handover.actor == official_a

    assert post(client, "close", referral_a, {"note": "Police opened a case"}).status_code == 302
    referral_a.refresh_from_db()
    assert referral_a.status == S.CLOSED
    assert referral_a.closed_at is not None
    assert statuses(referral_a) == [
        (S.RECEIVED, S.ACKNOWLEDGED),
        (S.ACKNOWLEDGED, S.PASSED_ON),
        (S.PASSED_ON, S.CLOSED),
    ]
    assert all(e.actor == official_a for e in referral_a.events.all())
    assert referral_a.events.last().note == "Police opened a case"
    assert AuditEntry.objects.filter(reference=referral_a.reference, action=AuditEntry.Action.CHANGED).count() == 3


def test_it_declines_with_a_reason(client_for, official_a, referral_a):
    client = client_for(official_a)
    response = post(client, "decline", referral_a, {"reason": ""})
    assert response.status_code == 400
    assert "reason" in response.context["form"].errors
    assert "Хабарламадан неге бас тартылатынын жазыңыз" in response.content.decode()
    assert post(client, "decline", referral_a, {"reason": "Duplicate of KZ-1111-2222"}).status_code == 302
    referral_a.refresh_from_db()
    assert referral_a.status == S.DECLINED
    assert referral_a.events.get().note == "Duplicate of KZ-1111-2222"


def test_it_records_to_whom_it_was_passed_and_needs_it(client_for, official_a, referral_a):
    casework.referral_acknowledge(referral_a, actor=official_a)
    response = post(client_for(official_a), "pass_on", referral_a, {"body": "child_protection", "recipient": ""})
    assert response.status_code == 400
    referral_a.refresh_from_db()
    assert referral_a.status == S.ACKNOWLEDGED


def test_it_moves_a_wrongly_routed_referral_and_notifies_the_new_office(
    client_for, official_a, official_b, referral_a, region_b, django_capture_on_commit_callbacks
):
    casework.referral_acknowledge(referral_a, actor=official_a)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for(official_a), "move", referral_a, {"region": "KZ-71", "reason": "Happened in Astana"})
    # The official of region A can no longer see it: back to their worklist.
    assert response.status_code == 302
    assert response["Location"] == reverse("office:worklist")
    referral_a.refresh_from_db()
    assert referral_a.region == region_b
    assert referral_a.status == S.RECEIVED
    assert referral_a.acknowledged_at is None
    record = referral_a.routing_records.last()
    assert record.method == RoutingRecord.Method.MOVED
    assert record.region == region_b
    notification = Notification.objects.get(referral=referral_a, kind="moved")
    assert notification.recipient == "KZ-71@example.kz"
    assert [m.to for m in mail.outbox] == [["KZ-71@example.kz"]]
    assert client_for(official_b).get(reverse("office:referral", args=[referral_a.reference])).status_code == 200
    assert client_for(official_a).get(reverse("office:referral", args=[referral_a.reference])).status_code == 404


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.RECEIVED, "pass_on"),
        (S.RECEIVED, "close"),
        (S.ACKNOWLEDGED, "acknowledge"),
        (S.CLOSED, "decline"),
        (S.CLOSED, "move"),
        (S.DECLINED, "acknowledge"),
        (S.PASSED_ON, "decline"),
    ],
)
def test_it_refuses_transitions_the_status_does_not_allow(client_for, official_a, region_a, status, action):

    referral = make_referral(region_a, status=status)
    data = {"body": "police", "recipient": "x", "reason": "x", "region": "KZ-71", "note": ""}
    response = post(client_for(official_a), action, referral, data)
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == status
    assert not referral.events.exists()


def test_it_refuses_a_transition_made_twice_at_once(official_a, referral_a):
    casework.referral_acknowledge(referral_a, actor=official_a)
    stale = Referral.objects.get(pk=referral_a.pk)
    stale.status = S.RECEIVED  # what a second tab still shows
    with pytest.raises(TransitionNotAllowed):
        casework.referral_acknowledge(stale, actor=official_a)
    assert referral_a.events.count() == 1


def test_it_keeps_notes_by_officials(client_for, official_a, referral_a):
    client = client_for(official_a)
    assert post(client, "note", referral_a, {"text": ""}).status_code == 400
    assert post(client, "note", referral_a, {"text": "Phoned the school director."}).status_code == 302
    page = client.get(reverse("office:referral", args=[referral_a.reference])).content.decode()
    assert "Phoned the school director." in page
    assert AuditEntry.objects.filter(action=AuditEntry.Action.NOTE_ADDED, reference=referral_a.reference).exists()


def test_it_shows_the_observation_decrypted_in_the_officials_language(client_for, official_a, referral_a):
    client = client_for(official_a)
    page = client.get(f"/ru/office/referrals/{referral_a.reference}/").content.decode()
    assert "A man in a dark jacket followed a girl from the school gate." in page
    assert "Aigerim Test" in page
    assert "Получено" in page  # the status
    assert "Человек, который вызвал у вас тревогу" in page  # a section of the observation, as the witness saw it
    page_kk = client.get(f"/kk/office/referrals/{referral_a.reference}/").content.decode()
    assert "A man in a dark jacket followed a girl from the school gate." in page_kk
    assert "Сізді алаңдатқан адам" in page_kk


def test_it_mirrors_each_step_on_the_witnesss_status(official_a, referral_a):
    """The witness's status page reads Referral.status: each step shows there as it happens."""
    seen = []
    casework.referral_acknowledge(referral_a, actor=official_a)
    seen.append(Referral.objects.get(reference=referral_a.reference).get_status_display())
    casework.referral_pass_on(referral_a, actor=official_a, body="police", recipient="Police")
    seen.append(Referral.objects.get(reference=referral_a.reference).get_status_display())
    casework.referral_close(referral_a, actor=official_a)
    seen.append(Referral.objects.get(reference=referral_a.reference).get_status_display())
    assert seen == [S.ACKNOWLEDGED.label, S.PASSED_ON.label, S.CLOSED.label]


def test_it_lists_newest_and_overdue_first_with_counts(client_for, official_a, region_a, django_assert_num_queries):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    old_overdue = make_referral(region_a, submitted_at=now - datetime.timedelta(hours=60))
    newest = make_referral(region_a, submitted_at=now - datetime.timedelta(hours=1))
    older = make_referral(region_a, submitted_at=now - datetime.timedelta(hours=5), status=S.ACKNOWLEDGED)
    client = client_for(official_a)
    client.get(reverse("office:worklist"))  # warm the session and permission caches
    with django_assert_num_queries(13):
        response = client.get(reverse("office:worklist"))
    rows = [r.reference for r in response.context["page"].object_list]
    assert rows == [old_overdue.reference, newest.reference, older.reference]
    counts = {value: count for value, _label, count in response.context["status_counts"]}
    assert counts[S.RECEIVED] == 2
    assert counts[S.ACKNOWLEDGED] == 1
    assert response.context["overdue_count"] == 1
    # More referrals, same number of queries.
    for _i in range(5):
        make_referral(region_a)
    with django_assert_num_queries(13):
        client.get(reverse("office:worklist"))


def test_it_filters_the_worklist(client_for, coordinator, region_a, region_b):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    overdue = make_referral(region_a, submitted_at=now - datetime.timedelta(days=3))
    acknowledged = make_referral(region_b, status=S.ACKNOWLEDGED)
    client = client_for(coordinator)

    def listed(**params):
        return {r.reference for r in client.get(reverse("office:worklist"), params).context["page"].object_list}

    assert listed() == {overdue.reference, acknowledged.reference}
    assert listed(status="acknowledged") == {acknowledged.reference}
    assert listed(region="KZ-75") == {overdue.reference}
    assert listed(overdue="on") == {overdue.reference}
    today = timezone.localdate()
    assert listed(submitted_from=today.isoformat()) == {acknowledged.reference}
    assert listed(submitted_to=(today - datetime.timedelta(days=2)).isoformat()) == {overdue.reference}
    response = client.get(reverse("office:worklist"), {"submitted_from": "2026-05-02", "submitted_to": "2026-05-01"})
    assert "submitted_to" in response.context["form"].errors
    assert "Аяқталу күні басталу күнімен бірдей немесе одан кейін болуы керек." in response.content.decode()


def test_it_speaks_russian_plurals_in_the_worklist(client_for, official_a, region_a):

    for _i in range(6):
        make_referral(region_a)
    page = client_for(official_a).get("/ru/office/").content.decode()
    assert "6 сообщений" in page


def test_it_lists_unanswered_questions_on_one_line(client_for, official_a, referral_a):
    page = client_for(official_a).get(f"/en/office/referrals/{referral_a.reference}/").content.decode()
    assert "<dt>Clothing</dt><dd>Dark jacket</dd>" in page
    lines = re.findall(r'<dt>Not answered</dt><dd class="muted">([^<]*)</dd>', page)
    where, suspect = lines[1], lines[2]
    assert "Describe the place" in where
    assert "Height" in suspect
    assert "Clothing" not in suspect
