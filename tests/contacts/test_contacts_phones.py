import pytest
from django.core.exceptions import ValidationError

from contacts import phones


@pytest.mark.parametrize(
    ("written", "e164"),
    [
        ("+7 (701) 516-01-15", "+77015160115"),
        ("+7 (7252) 39-26-88", "+77252392688"),
        ("+7 (727) 267-67-12", "+77272676712"),
        ("+7 705 151 0000", "+77051510000"),
        ("8 701 516 01 15", "+77015160115"),
        ("87015160115", "+77015160115"),
        ("77015160115", "+77015160115"),
    ],
)
def test_it_stores_numbers_as_written_in_kazakhstan_in_e164(written, e164):
    assert phones.normalise(written) == e164


@pytest.mark.parametrize(
    ("e164", "shown"),
    [
        ("+77015160115", "+7 (701) 516-01-15"),
        ("+77252392688", "+7 (7252) 39-26-88"),
        ("+77212255065", "+7 (7212) 25-50-65"),
        # Almaty's three-digit area code, as written locally (not libphonenumber's 7272).
        ("+77272676712", "+7 (727) 267-67-12"),
        ("111", "111"),
    ],
)
def test_it_shows_numbers_in_kazakhstans_usual_form(e164, shown):
    assert phones.display(e164) == shown


@pytest.mark.parametrize("short", ["102", "103", "111", "112"])
def test_it_accepts_short_numbers_only_where_allowed(short):
    assert phones.normalise(short, allow_short=True) == short
    with pytest.raises(ValidationError):
        phones.normalise(short)


@pytest.mark.parametrize("bad", ["", "hello", "+7 (701) 516-01", "+7 (701) 516-01-15-99", "999"])
def test_it_refuses_what_is_not_a_phone_number(bad):
    with pytest.raises(ValidationError):
        phones.normalise(bad, allow_short=True)


def test_it_builds_links_a_phone_can_act_on():
    assert phones.tel_href("+77015160115") == "tel:+77015160115"
    assert phones.tel_href("111") == "tel:111"
    assert phones.whatsapp_href("+77776787590") == "https://wa.me/77776787590"
