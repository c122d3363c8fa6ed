"""Dates written as each language writes them: the one place that formats a date for people.

Django's month names give "2 Декабрь 2026" and "2 Желтоқсан 2026": Russian needs the
genitive after a day ("2 декабря 2026") and the prepositional after "в" ("в марте 2024"),
Kazakh puts the year first with its suffix and writes months in lower case ("2026 жылғы
2 желтоқсан"). The forms are written out here rather than taken from the locale's format
strings, so every page, e-mail and export says the same thing.
"""

import datetime

from django.utils import timezone, translation

MONTHS = {
    "kk": [
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
    ],
    # Nominative ("март 2024"), genitive ("2 марта 2024"), prepositional ("в марте 2024").
    "ru": [
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ],
    "ru_genitive": [
        "января",
        "февраля",
        "марта",
        "апреля",
        "мая",
        "июня",
        "июля",
        "августа",
        "сентября",
        "октября",
        "ноября",
        "декабря",
    ],
    "ru_prepositional": [
        "январе",
        "феврале",
        "марте",
        "апреле",
        "мае",
        "июне",
        "июле",
        "августе",
        "сентябре",
        "октябре",
        "ноябре",
        "декабре",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def _language(language: str | None) -> str:
    code = (language or translation.get_language() or "kk").split("-")[0]
    return code if code in ("kk", "ru", "en") else "en"


def day_text(value: datetime.date, language: str | None = None) -> str:
    """A day: "2026 жылғы 2 желтоқсан", "2 декабря 2026", "2 December 2026"."""
    language = _language(language)
    index = value.month - 1
    if language == "kk":
        return f"{value.year} жылғы {value.day} {MONTHS['kk'][index]}"
    if language == "ru":
        return f"{value.day} {MONTHS['ru_genitive'][index]} {value.year}"
    return f"{value.day} {MONTHS['en'][index]} {value.year}"


def month_text(value: datetime.date, language: str | None = None) -> str:
    """A month of a year: "2024 жылғы наурыз", "март 2024", "March 2024"."""
    language = _language(language)
    index = value.month - 1
    if language == "kk":
        return f"{value.year} жылғы {MONTHS['kk'][index]}"
    if language == "ru":
        return f"{MONTHS['ru'][index]} {value.year}"
    return f"{MONTHS['en'][index]} {value.year}"


def time_text(value: datetime.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def datetime_text(value: datetime.datetime, language: str | None = None) -> str:
    """A moment, in the portal's time zone: "2 декабря 2026, 14:30"."""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return f"{day_text(value.date(), language)}, {time_text(value.time())}"


def approximate_text(value: datetime.date, *, day_known: bool, month_known: bool, language: str | None = None) -> str:
    """A date the witness gave as approximate, said as approximate in each language.

    A month alone already says it is not a day: "в марте 2024", "2024 жылғы наурыз",
    "March 2024"; a year alone likewise: "в 2024 году", "2024 жыл", "2024". A day given
    as approximate says so: "около 2 декабря 2026", "шамамен 2026 жылғы 2 желтоқсан",
    "about 2 December 2026".
    """
    language = _language(language)
    index = value.month - 1
    if not month_known:
        return {"kk": f"{value.year} жыл", "ru": f"в {value.year} году"}.get(language, str(value.year))
    if not day_known:
        if language == "ru":
            return f"в {MONTHS['ru_prepositional'][index]} {value.year}"
        return month_text(value, language)
    prefix = {"kk": "шамамен", "ru": "около"}.get(language, "about")
    return f"{prefix} {day_text(value, language)}"
