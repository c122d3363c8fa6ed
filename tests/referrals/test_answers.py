"""One presenter, the same answer everywhere: the witness's check page, the office's referral
page, and the CSV, JSON and XLSX exports all say what the witness chose, in kk, ru and en."""

import csv
import html
import io
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from journey import fill, url
from openpyxl import load_workbook

from referrals import answers
from referrals.models import Category, ExportRecord, Referral

# case: (what the witness enters, the question's key, the answer in kk, ru, en)
CASES = {
    "approximate month": (
        {"when": {"date_precision": "approximate", "day": "", "month": "3", "year": "2024"}},
        "occurred_on",
        ("2024 жылғы наурыз", "в марте 2024", "March 2024"),
    ),
    "approximate year": (
        {"when": {"date_precision": "approximate", "day": "", "month": "", "year": "2024"}},
        "occurred_on",
        ("2024 жыл", "в 2024 году", "2024"),
    ),
    "exact date": ({}, "occurred_on", ("2025 жылғы 5 наурыз", "5 марта 2025", "5 March 2025")),
    "part of day": ({}, "part_of_day", ("Кешке", "Вечер", "Evening")),
    "exact time": ({"when": {"time": "14:30", "part_of_day": ""}}, "time_exact", ("14:30", "14:30", "14:30")),
    "multiple choice": (
        {"you": {"already_done": ["called_102", "told_parents"]}},
        "already_done",
        (
            "Полицияға (102) қоңырау шалдым; Баланың ата-анасына немесе қамқоршысына айттым",
            "Позвонил(а) в полицию (102); Сообщил(а) родителям или опекунам ребёнка",
            "Called the police (102); Told the child's parents or carers",
        ),
    ),
    "I don't know": ({}, "suspect_relationship", ("Білмеймін", "Не знаю", "I don't know")),
    "unanswered": (
        {"suspect": {"suspect_hair": ""}},
        "suspect_hair",
        ("Жауап берілмеген", "Нет ответа", "Not answered"),
    ),
}
LANGUAGES = ("kk", "ru", "en")


def page_answers(page: str) -> tuple[dict, list]:
    """A page's answers by question, and the questions listed as not answered."""
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", page, flags=re.DOTALL)
    found = {html.unescape(q).strip(): html.unescape(a).strip() for q, a in pairs}
    not_answered = str(answers.not_answered().text)
    listed = [html.unescape(a) for q, a in pairs if html.unescape(q) == not_answered]
    return found, listed


def export(client, fmt, lang):
    return client.post(f"/{lang}/office/export/", {"format": fmt, "purpose": "Checking the presenter"})


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("case", CASES)
def test_every_surface_says_the_same_answer(client, client_for, coordinator, directory, case, lang):
    overrides, key, expected = CASES[case]
    text = expected[LANGUAGES.index(lang)]
    with translation.override(lang):
        question = next(str(q.label) for q in answers.QUESTIONS if q.key == key)
        step = next(q.step for q in answers.QUESTIONS if q.key == key)
        header = f"{answers.SECTION_TITLES[step]} {question}"

    def says(found, listed):
        if case == "unanswered":
            assert question not in found
            assert any(question in line for line in listed), listed
        else:
            assert found[question] == text, (found.get(question), text)

    # The witness's check page.
    fill(client, lang, **overrides)
    says(*page_answers(client.get(url("check", lang)).content.decode()))
    assert client.post(url("check", lang), {"website": ""}).status_code == 302
    referral = Referral.objects.get()

    # The office's referral page.
    office = client_for(coordinator)
    says(*page_answers(office.get(f"/{lang}/office/referrals/{referral.reference}/").content.decode()))

    # CSV, JSON and XLSX.
    body = b"".join(export(office, "csv", lang).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert dict(zip(rows[0], rows[1], strict=True))[header] == text

    data = json.loads(b"".join(export(office, "json", lang).streaming_content))
    assert data["columns"][key] == header
    cell = data["rows"][0][key]
    labels = (
        [item["label"] for item in cell]
        if isinstance(cell, list)
        else [cell["label"] if isinstance(cell, dict) else cell]
    )
    assert "; ".join(labels) == text

    assert export(office, "xlsx", lang).status_code == 302
    record = ExportRecord.objects.filter(format="xlsx").get()
    download = office.get(reverse("office:export_download", args=[record.pk]))
    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)), read_only=True).active
    header_row, first = list(sheet.iter_rows(values_only=True))[:2]
    assert str(dict(zip(header_row, first, strict=True))[header]) == text


def test_json_keeps_the_stable_code_of_each_choice(client, client_for, coordinator, directory):
    fill(client, "ru", you={"already_done": ["called_102", "told_parents"]})
    client.post(url("check", "ru"), {"website": ""})
    data = json.loads(b"".join(export(client_for(coordinator), "json", "ru").streaming_content))
    row = data["rows"][0]
    with translation.override("ru"):
        assert row["category"] == {"code": "luring", "label": str(Category.LURING.label)}
    assert [item["code"] for item in row["already_done"]] == ["called_102", "told_parents"]
    assert row["occurred_on"] == {"code": "exact", "label": "5 марта 2025", "date": "2025-03-05"}
    assert row["suspect_hair"] == "short dark"
    assert row["vehicle_make"] == {"code": None, "label": "Нет ответа"}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_place_and_its_district_read_the_same_on_the_office_page_and_in_the_exports(
    client, client_for, coordinator, directory, lang
):
    from referrals.models import Settlement

    districts = {"kk": "Сынақ ауданы", "ru": "Пробный район", "en": "Trial District"}
    settlement = Settlement.objects.filter(names__key="semipalatinsk").distinct().get()
    Settlement.objects.filter(pk=settlement.pk).update(**{f"district_{code}": name for code, name in districts.items()})
    fill(client, lang)
    assert client.post(url("check", lang), {"website": ""}).status_code == 302
    referral = Referral.objects.get()
    assert referral.settlement_district == districts["kk"]  # as recorded when routed
    with translation.override(lang):
        question = next(str(q.label) for q in answers.QUESTIONS if q.key == "settlement_typed")
        header = f"{answers.SECTION_TITLES['where']} {question}"
        district_header = str(answers.gettext("District"))
    office = client_for(coordinator)
    page = office.get(f"/{lang}/office/referrals/{referral.reference}/").content.decode()
    place = page_answers(page)[0][question]
    assert districts[lang] in place and f"({districts[lang]})" in html.unescape(page)

    body = b"".join(export(office, "csv", lang).streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row[header] == place
    assert row[district_header] == districts[lang]
