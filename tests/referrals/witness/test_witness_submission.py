"""Sending: routing, the confirmation shown once, encryption at rest, abuse limits."""

import hashlib
import hmac
import logging
import time

import pytest
from django.conf import settings
from django.db import connection
from factories import make_referral
from journey import ANSWERS, fill, send, url

from contacts.models import EntryStatus
from referrals import drafts
from referrals.models import Notification, Referral, RoutedTo, RoutingRecord
from referrals.services import ALPHABET, normalise_code


def test_sending_saves_the_observation_and_routes_it(client, directory):
    response = send(client, "ru")
    assert response["Location"] == url("sent", "ru")
    referral = Referral.objects.get()
    assert referral.language == "ru"
    assert referral.region.code == "KZ-10"
    assert referral.routed_to == RoutedTo.REGIONAL_OFFICE
    assert referral.ombudsman == directory["KZ-10"]
    assert referral.settlement.name_kk == "Семей"
    assert referral.settlement_typed == "Семипалатинск"
    assert referral.occurred_on.isoformat() == "2025-03-05"
    assert (referral.category, referral.child_sex, referral.vehicle_type) == ("luring", "girl", "car")
    assert referral.account == ANSWERS["what"]["account"]
    record = RoutingRecord.objects.get(referral=referral)
    assert record.method == RoutingRecord.Method.GAZETTEER
    assert record.typed == "Семипалатинск"
    assert record.matched_settlement == referral.settlement
    assert "'Семипалатинск' matched Семей (KATO 101010000, KZ-10) by variant name 'Семипалатинск'" in record.reason


def test_a_region_chosen_by_the_witness_is_recorded(client, directory):
    send(client, where={"settlement": "Абай", "region": "KZ-61"})
    referral = Referral.objects.get()
    assert referral.region.code == "KZ-61"
    record = referral.routing_records.get()
    assert record.method == RoutingRecord.Method.WITNESS_CHOICE
    assert "ambiguous" in record.reason


def test_i_dont_know_the_region_goes_to_the_commissioner(client, directory):
    send(client, where={"settlement": "Нигдебург", "region": "unknown"})
    referral = Referral.objects.get()
    assert (referral.region, referral.routed_to) == (None, RoutedTo.COMMISSIONER)
    assert referral.notifications.get().recipient == "info@bala-ombudsman.kz"


def test_an_inactive_ombudsman_means_the_commissioner_gets_it_and_the_record_says_so(client, directory):
    directory["KZ-10"].status = EntryStatus.CLOSED
    directory["KZ-10"].save()
    send(client)
    referral = Referral.objects.get()
    assert (referral.region.code, referral.routed_to, referral.ombudsman) == ("KZ-10", RoutedTo.COMMISSIONER, None)
    assert "not active" in referral.routing_records.get().reason
    assert referral.notifications.get().recipient == "info@bala-ombudsman.kz"


def test_the_office_is_told_by_email_with_the_reference_and_a_link_only(
    client, directory, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(client)
    referral = Referral.objects.get()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["kz-10@ombudsman.example.kz"]
    assert referral.reference in message.subject and referral.reference in message.body
    assert "жаңа хабарлама" in message.subject
    assert f"/office/referrals/{referral.reference}/" in message.body
    for secret in ["He tried", "Семипалатинск", "red jacket", "123 ?B? 02"]:
        assert secret not in message.body and secret not in message.subject
    assert referral.notifications.get().state == Notification.State.SENT


def test_the_confirmation_shows_the_reference_and_the_code_once(client, directory, monkeypatch):
    send(client, "kk")
    html = client.get(url("sent", "kk")).content.decode()
    referral = Referral.objects.get()
    assert referral.reference in html
    code = html.split('id="follow-up-code">')[1].split("<")[0]
    assert len(normalise_code(code)) == 16 and set(normalise_code(code)) <= set(ALPHABET)
    assert "Кодты қауіпсіз жерде сақтаңыз" in html
    assert "Бұдан әрі не болады" in html
    assert 'href="tel:102"' in html and 'href="tel:111"' in html
    # A reload (or a second press of Send) shortly after shows the same confirmation.
    assert code in client.get(url("sent", "kk")).content.decode()
    # Later the code is forgotten; only the reference is shown.
    later = time.time() + drafts.CONFIRMATION_GRACE_SECONDS + 1
    monkeypatch.setattr(drafts.time, "time", lambda: later)
    again = client.get(url("sent", "kk")).content.decode()
    assert code not in again and referral.reference in again
    assert "Бұл бет тек бір рет көрсетіледі" in again


def test_the_code_is_stored_only_as_a_keyed_hash(client, directory):
    send(client)
    html = client.get(url("sent")).content.decode()
    code = html.split('id="follow-up-code">')[1].split("<")[0]
    referral = Referral.objects.get()
    expected = hmac.new(
        settings.REFERRALS_FOLLOW_UP_CODE_KEY.encode(), normalise_code(code).encode(), hashlib.sha256
    ).hexdigest()
    assert referral.follow_up_code_hash == f"hmac-sha256${expected}"
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM referrals_referral")
        row = " ".join(str(value) for value in cursor.fetchone())
    assert normalise_code(code) not in row and code not in row


def test_a_code_stored_as_argon2_still_verifies_and_is_stored_again_keyed(directory, settings):
    from django.contrib.auth.hashers import make_password

    from referrals.services import referral_find_for_witness

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    referral = make_referral(region=None)
    referral.follow_up_code_hash = make_password("AAAACCCCDDDDEEEE")
    referral.save()
    assert referral.follow_up_code_hash.startswith("argon2$")
    assert referral_find_for_witness(reference=referral.reference, code="AAAA-CCCC-DDDD-EEEF") is None
    assert referral_find_for_witness(reference=referral.reference, code="aaaa-cccc-dddd-eeee") == referral
    referral.refresh_from_db()
    assert referral.follow_up_code_hash.startswith("hmac-sha256$")
    assert referral_find_for_witness(reference=referral.reference, code="AAAACCCCDDDDEEEE") == referral


def test_codes_and_references_differ_every_time(client, directory):
    codes = set()
    for _ in range(3):
        send(client)
        html = client.get(url("sent")).content.decode()
        codes.add(html.split('id="follow-up-code">')[1].split("<")[0])
    assert len(codes) == 3
    assert Referral.objects.values("reference").distinct().count() == 3


def test_back_after_sending_neither_resends_nor_shows_answers(client, directory):
    send(client)
    client.get(url("sent"))
    # Back to check answers, and pressing Send again: the confirmation, never a second report.
    back = client.get(url("check"))
    assert back["Location"] == url("sent")
    again = client.post(url("check"), {"website": ""})
    assert again["Location"] == url("sent")
    step = client.get(url("step", slug="what"))
    assert step["Location"] == url("report")
    assert "He tried" not in client.get(url("sent")).content.decode()
    assert Referral.objects.count() == 1


def test_what_the_witness_wrote_is_encrypted_at_rest(client, directory):
    send(client, you={"witness_name": "Айгүл Сәрсенова", "witness_phone": "+7 701 234 56 78", "may_contact": "yes"})
    referral = Referral.objects.get()
    client.get(url("sent"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT witness_words, identity FROM referrals_referral WHERE id = %s", [referral.pk])
        words, identity = cursor.fetchone()
        cursor.execute("SELECT typed FROM referrals_routingrecord WHERE referral_id = %s", [referral.pk])
        (typed,) = cursor.fetchone()
    # The witness's words are one encrypted value, their identity another.
    for plain, stored in [
        ("He tried to lead", words),
        ("Подъезд", words),
        ("red jacket", words),
        ("Семипалатинск", words),
        ("Айгүл", identity),
        ("701 234", identity),
        ("Семипалатинск", typed),
    ]:
        assert stored.startswith("fernet:")
        assert plain not in stored
    assert referral.witness_name == "Айгүл Сәрсенова"
    assert referral.may_contact is True


def test_no_client_address_or_user_agent_is_stored_or_logged(client, directory, caplog):
    caplog.set_level(logging.DEBUG)
    fill(client)
    client.post(url("check"), {"website": ""}, REMOTE_ADDR="203.0.113.77", HTTP_USER_AGENT="SecretPhone/1.0")
    referral = Referral.objects.get()
    with connection.cursor() as cursor:
        for table in ["referrals_referral", "referrals_routingrecord", "referrals_notification"]:
            cursor.execute(f"SELECT * FROM {table}")  # noqa: S608 - fixed table names
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row)
                assert "203.0.113.77" not in text and "SecretPhone" not in text
    assert "203.0.113.77" not in caplog.text and "SecretPhone" not in caplog.text
    assert referral.pk


def test_a_filled_hidden_field_is_refused_quietly_and_the_person_can_send_again(client, directory):
    fill(client, "ru")
    response = client.post(url("check", "ru"), {"website": "http://spam.example"})
    assert response.status_code == 400
    assert "Ваше сообщение ещё не отправлено" in response.content.decode()
    assert not Referral.objects.exists()
    # Nothing was deleted: a person (or a browser that filled the field) sends it again.
    assert client.post(url("check", "ru"), {"website": ""})["Location"] == url("sent", "ru")
    assert Referral.objects.count() == 1


def test_the_hidden_field_is_hidden_from_people_even_without_the_stylesheet(client, directory):
    fill(client)
    html = client.get(url("check")).content.decode()
    assert '<div class="website-field" aria-hidden="true" hidden>' in html
    assert 'tabindex="-1"' in html


def test_the_rate_limit_stores_no_address_in_the_cache(client, directory):
    from django.core.cache import cache

    send(client)
    assert not any("127.0.0.1" in key for key in cache._cache)  # locmem keeps keys in a dict


def test_an_over_long_answer_is_refused_with_its_count_and_nothing_is_lost(client, directory):
    fill(client, "ru")
    response = client.post(url("step", "ru", slug="what"), {"category": "other", "account": "x" * 70_000})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Введите не более 5000 знаков (сейчас 70000)" in html
    assert "x" * 70_000 in html  # what was typed is shown again, to shorten
    # The other pages' answers are still there.
    assert client.get(url("check", "ru")).status_code == 200


def test_a_step_over_the_portal_limit_says_which_page_and_keeps_the_others(client, directory, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    client.raise_request_exception = False
    fill(client, "ru")
    response = client.post(url("step", "ru", slug="what"), {"category": "other", "account": "x" * 2000})
    assert response.status_code == 413
    html = response.content.decode()
    assert "«Что произошло»" in html and "Ваши ответы на других страницах сохранены" in html
    assert client.get(url("check", "ru")).status_code == 200


def test_a_request_over_the_portal_limit_gets_the_same_clear_page(client, directory, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    client.raise_request_exception = False
    response = client.post(url("status", "ru"), {"reference": "x" * 2000, "code": "y"})
    assert response.status_code == 413
    assert "Отправленное намного длиннее" in response.content.decode()


@pytest.mark.parametrize("field", ["suspect_clothing", "suspect_marks", "child_appearance"])
def test_long_answers_are_limited_to_their_column(client, directory, field):
    fill(client)
    step = {"suspect_clothing": "suspect", "suspect_marks": "suspect", "child_appearance": "child"}[field]
    response = client.post(url("step", "en", slug=step), {field: "y" * 1001})
    assert "Enter no more than 1000 characters (you entered 1001)" in response.content.decode()


def test_the_same_draft_sent_twice_makes_one_referral(client, directory):
    from django.contrib.sessions.models import Session

    fill(client)
    # A second tab or a double tap: the same session state reaches the server twice.
    key = client.session.session_key
    before = Session.objects.get(session_key=key).session_data
    assert client.post(url("check"), {"website": ""})["Location"] == url("sent")
    Session.objects.filter(session_key=key).update(session_data=before)
    again = client.post(url("check"), {"website": ""})
    assert again["Location"] == url("sent")
    assert Referral.objects.count() == 1


def test_the_service_refuses_a_draft_it_has_already_saved(directory):
    from referrals.services import AlreadySubmitted, referral_submit

    arguments = {
        "observation": {"date_precision": "unknown", "category": "other", "account": "Seen twice"},
        "settlement_typed": "Семей",
        "chosen_region": None,
        "language": "kk",
        "draft_id": "0123456789abcdef",
    }
    referral_submit(**arguments)
    with pytest.raises(AlreadySubmitted):
        referral_submit(**arguments)
    assert Referral.objects.count() == 1


def test_expired_visits_and_their_drafts_are_deleted(client, directory):
    import datetime

    from django.contrib.sessions.models import Session
    from django.test import Client
    from django.utils import timezone

    fill(client)
    old_key = client.session.session_key
    Session.objects.filter(session_key=old_key).update(expire_date=timezone.now() - datetime.timedelta(minutes=1))
    # The next witness who starts a report cleans up expired visits.
    Client().get(url("start"), {"danger": "no"})
    assert not Session.objects.filter(session_key=old_key).exists()
