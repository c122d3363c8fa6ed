"""Phone numbers as Kazakhstan writes them, and as links a phone can act on."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# The country's emergency and hotline short numbers. 111 (the children's-rights and
# family-violence line) is missing from libphonenumber's metadata for KZ.
SHORT_NUMBERS = {"101", "102", "103", "104", "111", "112", "150"}

# Almaty kept a three-digit area code with seven-digit numbers; libphonenumber reports
# it as the four-digit "7272", which is not how anybody in Kazakhstan writes it.
_THREE_DIGIT_AREA_CODES = ("727",)


def normalise(raw: str, *, allow_short: bool = False) -> str:
    """Return the number in E.164 (or a bare short number), or raise ValidationError."""
    text = (raw or "").strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if allow_short and digits == text.replace(" ", "") and digits in SHORT_NUMBERS:
        return digits
    try:
        parsed = phonenumbers.parse(text, "KZ")
    except phonenumbers.NumberParseException:
        raise ValidationError(_("Enter a phone number such as +7 701 123 45 67."), code="invalid_phone") from None
    if not phonenumbers.is_valid_number(parsed):
        raise ValidationError(_("Enter a phone number such as +7 701 123 45 67."), code="invalid_phone")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def is_short(number: str) -> bool:
    return number.isdigit() and len(number) <= 4


def _group(digits: str) -> str:
    if len(digits) == 7:
        return f"{digits[:3]}-{digits[3:5]}-{digits[5:]}"
    if len(digits) == 6:
        return f"{digits[:2]}-{digits[2:4]}-{digits[4:]}"
    return digits


def display(number: str) -> str:
    """Kazakhstan's usual written form: +7 (701) 516-01-15, +7 (7252) 39-26-88."""
    if is_short(number) or not number.startswith("+7"):
        return number
    national = number[2:]
    parsed = phonenumbers.parse(number)
    if national.startswith(_THREE_DIGIT_AREA_CODES):
        code_length = 3
    else:
        code_length = phonenumbers.length_of_national_destination_code(parsed) or 3
    return f"+7 ({national[:code_length]}) {_group(national[code_length:])}"


def tel_href(number: str) -> str:
    return f"tel:{number}"


def whatsapp_href(number: str) -> str:
    return "https://wa.me/" + "".join(ch for ch in number if ch.isdigit())


def href(number: str, channel: str) -> str:
    """The link a phone acts on: a call, a WhatsApp chat or an SMS (channels of PhoneNumber)."""
    if channel == "whatsapp":
        return whatsapp_href(number)
    if channel == "sms":
        return f"sms:{number}"
    return tel_href(number)
