import datetime

from django import template
from django.utils import dateformat
from django.utils.translation import get_language

register = template.Library()

# Django's Kazakh catalog capitalises month names and its date format is English-shaped;
# Kazakh writes "2023 жылғы 1 ақпан", as the guidance itself does.
_KAZAKH_MONTHS = (
    "қаңтар",
    "ақпан",
    "наурыз",
    "сәуір",
    "мамыр",
    "маусым",
    "шілде",
    "тамыз",
    "қыркүйек",
    "қазан",
    "қараша",
    "желтоқсан",
)


@register.filter
def long_date(value: datetime.date | None) -> str:
    """A date written out the way each language writes it: kk, ru and en."""
    if not value:
        return ""
    language = (get_language() or "kk").split("-")[0]
    if language == "kk":
        return f"{value.year} жылғы {value.day} {_KAZAKH_MONTHS[value.month - 1]}"
    if language == "ru":
        return dateformat.format(value, "j E Y г.")
    return dateformat.format(value, "j F Y")
