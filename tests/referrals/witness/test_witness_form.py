"""The danger gate, the observation steps, their validation in three languages, check answers."""

import datetime
import re

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from journey import ANSWERS, STEP_ORDER, fill, start, url

from referrals.witness.forms import parse_month

ERROR_TITLE = {"kk": "Қате:", "ru": "Ошибка:", "en": "Error:"}

# rule: (en, ru, kk)
MESSAGES = {
    "danger": (
        "Select yes if a child is in danger right now",
        "Выберите «Да», если ребёнок в опасности прямо сейчас",
        "Қазір балаға қауіп төніп тұрса, «Иә» деп таңдаңыз",
    ),
    "precision": (
        "Select whether you know the date",
        "Выберите, знаете ли вы дату",
        "Күнін білетін-білмейтініңізді таңдаңыз",
    ),
    "no_date": (
        "Enter the date it happened, or select “I don't know”",
        "Введите дату, когда это произошло, или выберите «Не знаю»",
        "Оқиға болған күнді жазыңыз немесе «Білмеймін» деп таңдаңыз",
    ),
    "exact_parts": (
        "The date must include a day, a month and a year",
        "Дата должна содержать день, месяц и год",
        "Күнді толық жазыңыз: күні, айы және жылы",
    ),
    "approximate_parts": (
        "Enter the month too, or leave the day empty",
        "Укажите и месяц или оставьте день пустым",
        "Айды да жазыңыз немесе күнді бос қалдырыңыз",
    ),
    "month": (
        "Enter the month as a number from 1 to 12 or as its name",
        "Введите месяц числом от 1 до 12 или названием",
        "Айды 1-ден 12-ге дейінгі санмен немесе атауымен жазыңыз",
    ),
    "real_date": (
        # Said as what it means: "настоящей" would read as "today's".
        "There is no such date in the calendar: enter a date that exists, for example 27 3 2025",
        "Такой даты нет в календаре: введите существующую дату, например 27 3 2025",
        "Мұндай күн күнтізбеде жоқ: бар күнді жазыңыз, мысалы 27 3 2025",
    ),
    "early_year": (
        "The year must be 1940 or later",
        "Год должен быть не раньше 1940",
        "Жыл 1940 немесе одан кейін болуы керек",
    ),
    "future": (
        "The date must be today or in the past",
        "Дата должна быть сегодняшней или прошедшей",
        "Күн бүгін немесе өткен күн болуы керек",
    ),
    "time": (
        "Enter the time as hours and minutes, for example 14:30",
        "Введите время в часах и минутах, например 14:30",
        "Уақытты сағат пен минутпен жазыңыз, мысалы 14:30",
    ),
    "future_time": (
        "The time must be earlier than now",
        "Время должно быть раньше, чем сейчас",
        "Уақыт қазіргі сәттен ерте болуы керек",
    ),
    "no_place": (
        "Enter the town or village where it happened, or choose the region",
        "Введите город или село, где это произошло, или выберите регион",
        "Оқиға болған қаланы немесе ауылды жазыңыз, не болмаса өңірді таңдаңыз",
    ),
    "ambiguous": (
        "There is more than one place called “Абай”: choose which one it is",
        "Мест с названием «Абай» несколько: выберите, какое из них",
        "«Абай» деген елді мекен бірнешеу: қайсысы екенін таңдаңыз",
    ),
    "unknown_place": (
        "We could not find “Нигдебург”: check the spelling, or choose the region",
        "Мы не нашли «Нигдебург»: проверьте написание или выберите регион",
        "«Нигдебург» табылмады: жазылуын тексеріңіз немесе өңірді таңдаңыз",
    ),
    "too_long": (
        "Enter no more than 200 characters (you entered 201)",
        "Введите не более 200 знаков (сейчас 201)",
        "200 таңбадан артық жазбаңыз (сіз 201 таңба жаздыңыз)",
    ),
    "choice": ("Select one of the options", "Выберите один из вариантов", "Нұсқалардың бірін таңдаңыз"),
    "plate": (
        "Enter the number plate using letters and numbers, and ? for characters you did not see",
        "Введите номер буквами и цифрами, а вместо неразличимых символов поставьте ?",
        "Нөмірді әріптер мен сандармен жазыңыз, көрмеген таңбаның орнына ? қойыңыз",
    ),
    "category": ("Select what happened", "Выберите, что произошло", "Не болғанын таңдаңыз"),
    "account": (
        "Describe what you saw or heard",
        "Опишите, что вы видели или слышали",
        "Не көргеніңізді немесе естігеніңізді жазыңыз",
    ),
    "phone": (
        "Enter a phone number with 10 to 15 digits, for example +7 701 234 56 78",
        "Введите номер телефона из 10–15 цифр, например +7 701 234 56 78",
        "10-нан 15-ке дейін цифрдан тұратын телефон нөмірін жазыңыз, мысалы +7 701 234 56 78",
    ),
    "email": (
        "Enter an e-mail address in the correct format, like name@example.com",
        "Введите адрес электронной почты в правильном формате, например name@example.com",
        "Электрондық пошта мекенжайын дұрыс пішінде жазыңыз, мысалы name@example.com",
    ),
    "contact": (
        "Enter a phone number or an e-mail address so the office can reach you",
        "Введите номер телефона или адрес электронной почты, чтобы сотрудники уполномоченного могли с вами связаться",
        "Кеңсе сізбен хабарласа алуы үшін телефон нөмірін немесе электрондық поштаны жазыңыз",
    ),
}
LANGUAGE_INDEX = {"en": 0, "ru": 1, "kk": 2}

TOMORROW = timezone.localdate() + datetime.timedelta(days=1)
IN_AN_HOUR = (timezone.localtime() + datetime.timedelta(hours=1)).strftime("%H:%M")
TODAY = timezone.localdate()

# (step, what the witness sent, the field the error belongs to, the rule)
RULES = [
    ("when", {}, "date_precision_0", "precision"),
    ("when", {"date_precision": "exact"}, "id_day", "no_date"),
    ("when", {"date_precision": "exact", "month": "3", "year": "2025"}, "id_day", "exact_parts"),
    ("when", {"date_precision": "approximate", "day": "5", "year": "2025"}, "id_month", "approximate_parts"),
    ("when", {"date_precision": "exact", "day": "5", "month": "Мартобря", "year": "2025"}, "id_month", "month"),
    ("when", {"date_precision": "exact", "day": "31", "month": "2", "year": "2025"}, "id_day", "real_date"),
    ("when", {"date_precision": "exact", "day": "5", "month": "3", "year": "25"}, "id_day", "real_date"),
    ("when", {"date_precision": "exact", "day": "5", "month": "3", "year": "1939"}, "id_year", "early_year"),
    (
        "when",
        {"date_precision": "exact", "day": TOMORROW.day, "month": TOMORROW.month, "year": TOMORROW.year},
        "id_day",
        "future",
    ),
    ("when", {"date_precision": "unknown", "time": "25:70"}, "id_time", "time"),
    ("when", {"date_precision": "unknown", "time": "вечером"}, "id_time", "time"),
    ("when", {"date_precision": "unknown", "part_of_day": "teatime"}, "id_part_of_day_0", "choice"),
    ("where", {"settlement": ""}, "id_region_0", "no_place"),
    ("where", {"settlement": "Абай"}, "id_place_0", "ambiguous"),
    ("where", {"settlement": "Нигдебург"}, "id_region_0", "unknown_place"),
    ("where", {"settlement": "Семей", "place_kind": "moon"}, "id_place_kind_0", "choice"),
    ("suspect", {"suspect_hair": "x" * 201}, "id_suspect_hair", "too_long"),
    ("suspect", {"suspect_sex": "robot"}, "id_suspect_sex_0", "choice"),
    ("vehicle", {"vehicle_plate": "<script>"}, "id_vehicle_plate", "plate"),
    ("what", {"account": "Something happened."}, "id_category_0", "category"),
    ("what", {"category": "other", "account": "   "}, "id_account", "account"),
    ("you", {"witness_phone": "12345"}, "id_witness_phone", "phone"),
    ("you", {"witness_phone": "+7 701 abc"}, "id_witness_phone", "phone"),
    ("you", {"witness_email": "name@"}, "id_witness_email", "email"),
    ("you", {"may_contact": "yes"}, "id_witness_phone", "contact"),
]
RULES = [(step, data, a if a.startswith("id_") else f"id_{a}", rule) for step, data, a, rule in RULES]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize(("step", "data", "anchor", "rule"), RULES, ids=[f"{r[0]}-{r[3]}" for r in RULES])
def test_each_rule_has_its_message_in_the_page_language(client, directory, lang, step, data, anchor, rule):
    start(client, lang)
    response = client.post(url("step", lang, slug=step), data)
    assert response.status_code == 200
    html = response.content.decode()
    message = MESSAGES[rule][LANGUAGE_INDEX[lang]]
    # In the error summary, linked to the field, and by the field itself.
    summary = html[html.index('class="error-summary"') : html.index("</ul>", html.index('class="error-summary"'))]
    assert f'<a href="#{anchor}">{_escape(message)}</a>' in summary
    assert html.count(_escape(message)) >= 2
    assert f'id="{anchor}"' in html
    assert re.search(rf"<title>{re.escape(ERROR_TITLE[lang])} ", html)


def _escape(text):
    from django.utils.html import escape

    return escape(text)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_gate_asks_for_an_answer_in_the_page_language(client, directory, lang):
    response = client.get(url("start", lang))
    html = response.content.decode()
    assert _escape(MESSAGES["danger"][LANGUAGE_INDEX[lang]]) in html
    assert f"<title>{ERROR_TITLE[lang]} " in html
    assert 'href="#id_danger_0"' in html
    assert "autofocus" in html


def test_a_child_in_danger_gets_the_numbers_to_call_first(client, directory):
    response = client.get(url("start", "ru"), {"danger": "yes"})
    assert response["Location"] == url("danger", "ru")
    page = client.get(response["Location"]).content.decode()
    assert 'href="tel:102"' in page and 'href="tel:112"' in page
    assert "button-large" in page
    assert "Не вступайте с этим человеком в противостояние" in page
    assert "Держитесь на безопасном расстоянии" in page
    # The form stays available afterwards.
    after = client.get(url("start", "ru"), {"danger": "no"})
    assert after["Location"] == url("step", "ru", slug="when")


def test_the_gate_opens_the_form_when_no_child_is_in_danger_now(client, directory):
    response = client.get(url("start"), {"danger": "no"})
    assert response["Location"] == url("step", slug="when")
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("name", ["report", "danger"])
def test_the_gate_and_the_danger_page_are_kept_rendered_but_never_by_the_browser(client, directory, name):
    from django.test import Client

    first = client.get(url(name, "ru"))
    html = first.content.decode()
    # The same page for every visitor: no form token, no session begun for it.
    assert "csrfmiddlewaretoken" not in html
    assert not first.cookies
    assert Client().get(url(name, "ru")).content == first.content
    assert f'action="{url("start", "ru")}"' in html and 'method="get"' in html
    # A page of the report all the same: Back after sending must ask the server again.
    assert "no-store" in first["Cache-Control"] and "public" not in first["Cache-Control"]
    assert "ETag" not in first


def test_the_gate_is_rendered_once_for_all_visitors(client, directory, django_assert_num_queries):
    from django.test import Client

    client.get(url("report", "en"))
    with django_assert_num_queries(0):
        again = Client().get(url("report", "en"))
    assert again.status_code == 200 and "Is a child in danger right now?" in again.content.decode()


def test_a_link_to_the_gate_answer_leaves_a_report_under_way_as_it_is(client, directory):
    # Another site may link to the answer; followed in the witness's browser, it must not
    # begin a new draft over the one being filled in.
    start(client)
    client.post(url("step", slug="when"), ANSWERS["when"])
    assert client.get(url("start"), {"danger": "no"})["Location"] == url("step", slug="when")
    page = client.get(url("step", slug="when")).content.decode()
    assert 'value="марта"' in page and 'value="2025"' in page
    assert client.get(url("check"))["Location"] != url("report")


def test_the_gate_takes_no_posted_answer(client, directory):
    # Answered by GET only: a POST would need a form token, and the page carries none.
    assert client.post(url("report"), {"danger": "no"}).status_code == 405


def test_steps_refuse_visitors_who_have_not_passed_the_gate(client, directory):
    response = client.get(url("step", slug="where"))
    assert response["Location"] == url("report")
    assert client.get(url("check"))["Location"] == url("report")


def test_an_unknown_step_goes_back_to_the_start(client, directory):
    start(client)
    assert client.get("/kk/report/step/nothing/")["Location"] == url("report")


def test_every_answer_is_kept_when_a_step_has_an_error(client, directory):
    start(client, "ru")
    data = {**ANSWERS["what"], "category": "", "account": "Он увёл девочку за гаражи", "evidence_kept": "куртка"}
    html = client.post(url("step", "ru", slug="what"), data).content.decode()
    assert "Он увёл девочку за гаражи</textarea>" in html
    assert "куртка</textarea>" in html


def test_the_date_is_kept_as_typed_after_an_error(client, directory):
    start(client)
    data = {"date_precision": "exact", "day": "5", "month": "мартобря", "year": "2025"}
    html = client.post(url("step", slug="when"), data).content.decode()
    assert 'value="мартобря"' in html and 'value="5"' in html and 'value="2025"' in html


def test_forms_rely_on_server_validation_only(client, directory):
    start(client)
    for step in STEP_ORDER:
        html = client.get(url("step", slug=step)).content.decode()
        form = html[html.index('<form method="post"') :]
        assert "novalidate" in form[:200]
        assert " required" not in form
        assert 'type="file"' not in html and "multipart" not in html


def test_the_what_step_refuses_images_and_says_why(client, directory):
    start(client, "kk")
    html = client.get(url("step", "kk", slug="what")).content.decode()
    assert "Баланың суретін немесе бейнесін жібермеңіз." in html
    assert "құқық бұзушылық" in html


@pytest.mark.parametrize(
    ("typed", "month"),
    [
        ("3", 3), ("03", 3), ("марта", 3), ("март", 3), ("Наурыз", 3), ("March", 3), ("mar", 3), ("мар.", 3),
        ("сәуір", 4), ("сауир", 4), ("апреля", 4), ("мая", 5), ("мамыр", 5), ("May", 5), ("маусым", 6),
        ("июля", 7), ("шілде", 7), ("желтоқсан", 12), ("желтоксан", 12), ("декабря", 12), ("Dec", 12),
        ("қазан", 10), ("qazan", 10), ("қыркүйек", 9), ("сентября", 9), ("ақпан", 2), ("февраля", 2),
    ],
)  # fmt: skip
def test_months_are_understood_by_number_or_name_in_three_languages(typed, month):
    assert parse_month(typed) == month


@pytest.mark.parametrize("typed", ["13", "0", "ма", "ju", "мартобря", ""])
def test_a_month_that_is_not_one_is_refused(typed):
    assert parse_month(typed) is None


def test_an_approximate_date_may_be_a_month_and_a_year(client, directory):
    fill(client, when={"date_precision": "approximate", "day": "", "month": "наурыз", "year": "2024"})
    html = client.get(url("check", "en")).content.decode()
    assert '<dd class="answer">March 2024</dd>' in html


def test_today_with_a_past_time_is_accepted(client, directory):
    start(client)
    earlier = (timezone.localtime() - datetime.timedelta(minutes=1)).strftime("%H:%M")
    if timezone.localtime().hour == 0 and timezone.localtime().minute == 0:
        pytest.skip("No earlier minute today.")
    data = {"date_precision": "exact", "day": TODAY.day, "month": TODAY.month, "year": TODAY.year, "time": earlier}
    assert client.post(url("step", slug="when"), data).status_code == 302


def test_today_with_a_later_time_is_refused(client, directory):
    if timezone.localtime().hour == 23:
        pytest.skip("An hour later is tomorrow.")
    start(client, "en")
    data = {"date_precision": "exact", "day": TODAY.day, "month": TODAY.month, "year": TODAY.year, "time": IN_AN_HOUR}
    html = client.post(url("step", "en", slug="when"), data).content.decode()
    assert MESSAGES["future_time"][0] in html


def test_the_region_list_appears_only_when_the_place_does_not_decide_it(client, directory):
    start(client, "ru")
    first = client.get(url("step", "ru", slug="where")).content.decode()
    assert 'name="region"' not in first and 'name="place"' not in first
    html = client.post(url("step", "ru", slug="where"), {"settlement": "Нигдебург"}).content.decode()
    assert html.count('name="region"') == 21
    assert "Карагандинская область" in html and "Не знаю (сообщение уйдёт в аппарат Уполномоченного)" in html
    chosen = client.post(url("step", "ru", slug="where"), {"settlement": "Нигдебург", "region": "KZ-61"})
    assert chosen.status_code == 302


def test_a_witness_who_does_not_know_the_place_can_say_so(client, directory):
    start(client)
    response = client.post(url("step", slug="where"), {"settlement": "", "region": "unknown"})
    assert response.status_code == 302


def test_check_answers_lists_every_answer_with_a_change_link(client, directory):
    fill(client, "ru")
    html = client.get(url("check", "ru")).content.decode()
    expected = ["5 марта 2025", "Семипалатинск", "область Абай", "Подъезд у дома 12", "short dark", "123 ?B? 02"]
    expected += ["red jacket, school bag", "He tried to lead the girl into a white car.", "Девочка", "Вечер"]
    for text in expected:
        assert text in html, text
    change_links = re.findall(r'href="(/ru/report/step/[a-z]+/\?next=check#[a-z_0-9]+)"', html)
    # One per answer given, the yes-or-no questions included (unanswered, they mean no).
    assert len(change_links) == 21
    # Questions left out are listed once per step, with a link to answer them.
    assert '<dd class="answer">Время</dd>' in html.split("Нет ответа")[1]
    assert html.count("Нет ответа") == 5  # every step but the place and the child
    assert {link.split("/")[4] for link in change_links} == set(STEP_ORDER)
    assert "Изменить" in html


def test_a_change_returns_to_check_answers_with_the_new_answer(client, directory):
    fill(client, "ru")
    page = client.get(url("step", "ru", slug="child") + "?next=check").content.decode()
    assert 'name="next" value="check"' in page
    assert 'value="girl" id="id_child_sex_0" checked' in page or "checked" in page
    response = client.post(url("step", "ru", slug="child"), {**ANSWERS["child"], "child_sex": "boy", "next": "check"})
    assert response["Location"] == url("check", "ru")
    html = client.get(url("check", "ru")).content.decode()
    assert "Мальчик" in html and "Девочка" not in html


def test_check_answers_sends_the_witness_to_a_step_not_yet_answered(client, directory):
    start(client)
    client.post(url("step", slug="when"), ANSWERS["when"])
    assert client.get(url("check"))["Location"] == url("step", slug="where")


def test_every_page_of_the_journey_is_not_stored_by_the_browser(client, directory):
    pages = [client.get(url("report")), client.get(url("start"))]
    start(client)
    pages += [client.get(url("step", slug=step)) for step in STEP_ORDER]
    pages.append(client.get(url("danger")))
    pages.append(client.get(url("status")))
    for response in pages:
        assert "no-store" in response["Cache-Control"], response.request["PATH_INFO"]


def test_the_draft_is_never_in_a_cookie_and_not_readable_in_the_session_table(client, directory):
    fill(client)
    secret = "He tried to lead the girl"
    for cookie in client.cookies.values():
        assert secret not in cookie.value
    assert set(client.cookies) <= {"sessionid", "csrftoken"}
    # What the sessions table holds, decoded: the draft is there, but only as ciphertext.
    stored = Session.objects.get(session_key=client.session.session_key).get_decoded()
    assert stored["referral_draft"].startswith("fernet:")
    assert secret not in str(stored)


def test_quick_exit_deletes_the_draft(client, directory):
    fill(client)
    client.get("/exit/")
    assert client.get(url("check"))["Location"] == url("report")


def test_the_draft_is_gone_when_the_session_expires(client, directory):
    fill(client)
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert client.get(url("check"))["Location"] == url("report")


def test_each_step_says_when_the_draft_expires_and_carries_the_warning(client, directory, settings):
    start(client, "en")
    html = client.get(url("step", "en", slug="when")).content.decode()
    expected = timezone.localtime(timezone.now() + datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE))
    assert f"If you do nothing until {expected:%H:%M}" in html or "If you do nothing until" in html
    assert f'data-warn-after="{settings.SESSION_COOKIE_AGE - 15 * 60}"' in html
    assert 'id="draft-expiry-warning" role="alert" hidden' in html


def test_a_step_sent_after_the_draft_expired_keeps_what_it_holds(client, directory):
    client.get(url("report"))
    response = client.post(url("step", "en", slug="when"), ANSWERS["when"])
    assert response["Location"] == url("step", "en", slug="where")
    html = client.get(response["Location"]).content.decode()
    assert "Your earlier answers were deleted" in html
    back = client.get(url("step", "en", slug="when")).content.decode()
    assert 'value="марта"' in back
