"""Following a report up: reference + code, throttling of wrong codes, adding information."""

import pytest
from django.db import connection
from journey import send, url

from referrals.models import Referral, ReferralStatus, WitnessAddition


@pytest.fixture
def sent_report(client, directory):
    """A report sent in another visit: its reference and code, as the witness wrote them down."""
    send(client)
    html = client.get(url("sent")).content.decode()
    code = html.split('id="follow-up-code">')[1].split("<")[0]
    reference = html.split('id="reference">')[1].split("<")[0]
    client.cookies.clear()
    return reference, code


def look_up(client, reference, code, lang="kk", **extra):
    return client.post(url("status", lang), {"reference": reference, "code": code}, **extra)


def test_the_right_code_shows_the_status_in_words(client, sent_report):
    reference, code = sent_report
    response = look_up(client, reference, code, "ru")
    assert response["Location"] == url("status", "ru")
    html = client.get(url("status", "ru")).content.decode()
    assert reference in html
    assert "Получено" in html and "ждёт, когда его откроют сотрудники уполномоченного" in html
    # The answers themselves are not shown again.
    assert "He tried" not in html


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (ReferralStatus.ACKNOWLEDGED, "Өңірлік кеңсе қарауға алды"),
        (ReferralStatus.PASSED_ON, "Полицияға немесе басқа қызметке берілді"),
        (ReferralStatus.CLOSED, "Жабылды"),
    ],
)
def test_each_status_is_shown_in_words(client, sent_report, status, words):
    Referral.objects.update(status=status)
    look_up(client, *sent_report)
    assert words in client.get(url("status")).content.decode()


def test_the_code_is_accepted_in_any_case_and_without_dashes(client, sent_report):
    reference, code = sent_report
    response = look_up(client, reference.lower().replace("-", " "), code.lower().replace("-", ""))
    assert response["Location"] == url("status")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_wrong_code_is_refused_with_a_message_in_the_page_language(client, sent_report, lang):
    reference, _code = sent_report
    response = look_up(client, reference, "AAAA-AAAA-AAAA-AAAA", lang)
    assert response.status_code == 200
    message = {
        "kk": "Тіркеу нөмірі мен бақылау коды ешбір хабарламаға сәйкес келмейді",
        "ru": "Номер и код не соответствуют ни одному сообщению",
        "en": "The reference number and follow-up code do not match a report",
    }[lang]
    assert message in response.content.decode()
    assert client.get(url("status", lang)).status_code == 200
    assert "status-label" not in client.get(url("status", lang)).content.decode()


def test_an_unknown_reference_gets_the_same_answer_as_a_wrong_code(client, sent_report):
    html = look_up(client, "ZZZZ-ZZZZ", "AAAA-AAAA-AAAA-AAAA", "en").content.decode()
    assert "The reference number and follow-up code do not match a report" in html


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_empty_fields_are_asked_for(client, directory, lang):
    html = client.post(url("status", lang), {}).content.decode()
    expected = {
        "kk": ("Тіркеу нөмірін жазыңыз", "Бақылау кодын жазыңыз"),
        "ru": ("Введите номер сообщения", "Введите код для отслеживания"),
        "en": ("Enter the reference number", "Enter the follow-up code"),
    }[lang]
    for message in expected:
        assert message in html


def test_wrong_codes_are_throttled_per_reference(client, sent_report):
    reference, code = sent_report
    for attempt in range(5):
        look_up(client, reference, f"AAAA-AAAA-AAAA-AAA{attempt}", REMOTE_ADDR=f"198.51.100.{attempt}")
    # Even the right code from yet another address waits now.
    response = look_up(client, reference, code, "ru", REMOTE_ADDR="198.51.100.99")
    assert response.status_code == 429
    assert "Слишком много неверных попыток" in response.content.decode()


def test_wrong_codes_for_other_references_never_block_a_witness_behind_the_same_address(client, sent_report):
    reference, code = sent_report
    for attempt in range(20):
        look_up(client, f"ABCD-EFG{attempt % 10}", "AAAA-AAAA-AAAA-AAAA")
    assert look_up(client, reference, code, "kk")["Location"] == url("status")


def test_the_witness_adds_information_later_without_overwriting(client, sent_report, mailoutbox,
                                                                django_capture_on_commit_callbacks):  # fmt: skip
    look_up(client, *sent_report)
    referral = Referral.objects.get()
    account = referral.account
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(url("status", "en"), {"action": "add", "text": "The car was a white Lada."})
    assert first["Location"] == url("status", "en")
    assert "Your information was added on" in client.get(url("status", "en")).content.decode()
    client.post(url("status"), {"action": "add", "text": "He comes every Tuesday."})
    additions = list(WitnessAddition.objects.filter(referral=referral))
    assert [a.text for a in additions] == ["The car was a white Lada.", "He comes every Tuesday."]
    assert additions[0].created_at <= additions[1].created_at
    referral.refresh_from_db()
    assert referral.account == account
    assert mailoutbox and "white Lada" not in mailoutbox[-1].body
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM referrals_witnessaddition")
        assert all(row[0].startswith("fernet:") and "Lada" not in row[0] for row in cursor.fetchall())


def test_an_empty_addition_is_asked_for_again(client, sent_report):
    look_up(client, *sent_report)
    html = client.post(url("status", "ru"), {"action": "add", "text": "  "}).content.decode()
    assert "Введите, что вы хотите добавить" in html
    assert "<title>Ошибка: " in html
    assert not WitnessAddition.objects.exists()


def test_adding_needs_the_code_first(client, sent_report):
    response = client.post(url("status"), {"action": "add", "text": "Sneaky"})
    assert response.status_code == 200
    assert not WitnessAddition.objects.exists()


def test_finish_forgets_the_report_in_this_visit(client, sent_report):
    look_up(client, *sent_report)
    client.post(url("status"), {"action": "finish"})
    assert "status-label" not in client.get(url("status")).content.decode()


def test_an_anonymised_report_cannot_be_followed_up(client, sent_report):
    from django.utils import timezone

    Referral.objects.update(anonymised_at=timezone.now())
    html = look_up(client, *sent_report, lang="en").content.decode()
    assert "do not match a report" in html
