"""Dates as each language writes them (portal/dates.py), and the pages that show them."""

import datetime
from pathlib import Path

import pytest

from portal import dates

DAY = datetime.date(2026, 12, 2)
MARCH = datetime.date(2024, 3, 1)


@pytest.mark.parametrize(
    ("language", "day", "month", "approximate_day", "approximate_month", "approximate_year"),
    [
        ("kk", "2026 жылғы 2 желтоқсан", "2024 жылғы наурыз", "шамамен 2026 жылғы 2 желтоқсан", "2024 жылғы наурыз", "2024 жыл"),  # noqa: E501
        ("ru", "2 декабря 2026", "март 2024", "около 2 декабря 2026", "в марте 2024", "в 2024 году"),
        ("en", "2 December 2026", "March 2024", "about 2 December 2026", "March 2024", "2024"),
    ],
)  # fmt: skip
def test_each_language_has_its_own_grammar(language, day, month, approximate_day, approximate_month, approximate_year):
    assert dates.day_text(DAY, language) == day
    assert dates.month_text(MARCH, language) == month
    assert dates.approximate_text(DAY, day_known=True, month_known=True, language=language) == approximate_day
    assert dates.approximate_text(MARCH, day_known=False, month_known=True, language=language) == approximate_month
    assert dates.approximate_text(MARCH, day_known=False, month_known=False, language=language) == approximate_year


@pytest.mark.parametrize(
    ("month", "genitive", "kazakh"),
    [(1, "января", "қаңтар"), (5, "мая", "мамыр"), (8, "августа", "тамыз"), (9, "сентября", "қыркүйек")],
)
def test_every_month_is_declined(month, genitive, kazakh):
    day = datetime.date(2025, month, 15)
    assert dates.day_text(day, "ru") == f"15 {genitive} 2025"
    assert dates.day_text(day, "kk") == f"2025 жылғы 15 {kazakh}"


def test_a_moment_is_shown_in_the_portals_time_zone(settings):
    moment = datetime.datetime(2026, 12, 1, 22, 30, tzinfo=datetime.UTC)
    # Asia/Almaty is UTC+5: already the 2nd there.
    assert dates.datetime_text(moment, "ru") == "2 декабря 2026, 03:30"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "sent_on"),
    [("kk", "2026 жылғы 2 желтоқсан"), ("ru", "2 декабря 2026"), ("en", "2 December 2026")],
)
def test_the_status_page_and_the_office_write_dates_in_the_page_language(language, sent_on):
    from django.template import Context, Template
    from django.utils import translation

    moment = datetime.datetime(2026, 12, 2, 9, 15, tzinfo=datetime.UTC)
    template = Template("{% load dates %}{{ moment|day_text }} | {{ moment|datetime_text }}")
    with translation.override(language):
        assert template.render(Context({"moment": moment})) == f"{sent_on} | {sent_on}, 14:15"
    # The pages that show dates use these filters, not Django's month names.
    for path in [
        "referrals/templates/referrals/witness/status.html",
        "referrals/templates/referrals/office/referral.html",
        "referrals/templates/referrals/office/worklist.html",
    ]:
        source = Path(path).read_text(encoding="utf-8")
        assert "|date:" not in source.replace("|date:'c'", "").replace("|date:'Y-m-d'", ""), path
