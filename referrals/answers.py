"""A referral's answers as the witness saw them: the one presenter of the observation.

The witness's check page, the office's referral page and every export (CSV, JSON, XLSX)
show the answers through this module and nothing else, so they say the same thing: the
questions as the form asked them, in its order and sections, and each answer as the
witness chose it, in the active language: a choice by its label ("Touching the child in a
sexual way", not `touching`), several choices each by theirs, "I don't know" where that
was the answer, "Not answered" where nothing was given, an approximate date as
approximate ("в марте 2024"), a part of the day as that part, an exact date and time as
exact (portal/dates.py writes dates in each language's grammar).

Its input is a plain mapping of the Referral's attribute names to values (`values_of`
makes one from a referral; the check page passes the draft's cleaned answers in the same
shape), so a page, a background task and an export of 100,000 rows share one code path.
The place is what the witness typed, with the gazetteer's name of the place it matched
(`settlement_name`) where that differs: "Семипалатинск (Семей)". `prepared()` resolves
labels once for the active language: exports call it once, then present each row cheaply.
"""

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from portal import dates
from portal.crypto import UnreadableValue
from referrals.models import (
    AlreadyDone,
    Build,
    Category,
    ChildAge,
    ChildSex,
    Height,
    PlaceKind,
    Referral,
    Relationship,
    Sex,
    SpokenLanguage,
    SuspectAge,
    VehicleType,
    YesNoUnknown,
)
from referrals.models.observation import IDENTITY, WITNESS_WORDS

# Codes that stand for something other than the witness's answer.
UNREADABLE = "unreadable"
NOT_SHARED = "not_shared"


class Answer(NamedTuple):
    # A tuple, not a dataclass: an export of 100,000 referrals makes millions of them.
    text: str  # what a person reads, in the active language
    data: object  # what JSON carries: a string, {"code": ..., "label": ...} or a list of them
    answered: bool = True
    unreadable: bool = False


@dataclass(frozen=True)
class Row:
    key: str  # stable: the export's column name and the form field it came from
    step: str
    question: str
    answer: Answer


@dataclass(frozen=True)
class Section:
    step: str
    title: str
    rows: list[Row]

    @property
    def answered(self) -> list[Row]:
        return [row for row in self.rows if row.answer.answered]

    @property
    def unanswered(self) -> list[str]:
        return [row.question for row in self.rows if not row.answer.answered]


def _choice(code, label) -> dict:
    return {"code": code, "label": str(label)}


def not_answered() -> Answer:
    label = gettext("Not answered")
    return Answer(label, {"code": None, "label": label}, answered=False)


def unreadable() -> Answer:
    label = gettext("Unreadable: this value could not be decrypted")
    return Answer(label, {"code": UNREADABLE, "label": label}, unreadable=True)


def not_shared() -> Answer:
    label = gettext("Left out: the witness did not agree to their identity being passed on")
    return Answer(label, {"code": NOT_SHARED, "label": label})


# --- Kinds of question ------------------------------------------------------------------
# Each `prepare` runs once per language and returns a function of the row's values.


@dataclass(frozen=True)
class Question:
    key: str
    step: str
    label: object  # lazy: the question as the form asks it
    prepare: Callable[[], Callable[[Mapping], Answer]]


def _choice_answer(key, choices):
    def prepare():
        answers = {code: Answer(str(label), _choice(code, label)) for code, label in choices}
        blank = not_answered()

        def answer(values):
            code = values.get(key)
            if not code:
                return blank
            return answers.get(code) or Answer(code, {"code": code, "label": code})

        return answer

    return prepare


def _multiple_answer(key, choices):
    def prepare():
        labels = {code: str(label) for code, label in choices}
        blank = not_answered()

        def answer(values):
            codes = values.get(key) or []
            if not codes:
                return blank
            items = [_choice(code, labels.get(code, code)) for code in codes]
            return Answer("; ".join(item["label"] for item in items), items)

        return answer

    return prepare


def _yes_no_answer(key):
    """Asked as yes or no; left unanswered it means no, as the form's hint tells the witness."""

    def prepare():
        yes, no = _choice("yes", gettext("Yes")), _choice("no", gettext("No"))

        def answer(values):
            value = values.get(key)
            item = yes if value is True or value == "yes" else no
            return Answer(item["label"], item)

        return answer

    return prepare


def _text_answer(key, *, identity=False):
    def prepare():
        blank, broken, withheld = not_answered(), unreadable(), not_shared()

        def answer(values):
            if values.get(UNREADABLE, ()) and key in values[UNREADABLE]:
                return broken
            if identity and values.get(NOT_SHARED):
                return withheld
            text = values.get(key) or ""
            return Answer(text, text) if text else blank

        return answer

    return prepare


def _place_answer():
    """What the witness typed, and the place it matched when that is named otherwise."""

    def prepare():
        blank, broken = not_answered(), unreadable()

        def answer(values):
            if "settlement_typed" in values.get(UNREADABLE, ()):
                return broken
            typed = values.get("settlement_typed") or ""
            matched = values.get("settlement_name") or ""
            # The district tells apart the places of one name ("Жамбыл" names dozens of villages).
            district = values.get("settlement_district") or ""
            if matched and typed.strip().casefold() == matched.casefold():
                matched = ""
            named = ", ".join(part for part in (matched, district) if part and part != typed)
            text = (f"{typed} ({named})" if typed else named) if named else typed
            return Answer(text, text) if text else blank

        return answer

    return prepare


def _date_answer():
    def prepare():
        unknown = _choice(Referral.DatePrecision.UNKNOWN, gettext("I don't know"))
        blank = not_answered()

        def answer(values):
            precision = values.get("date_precision") or ""
            occurred = values.get("occurred_on")
            if precision == Referral.DatePrecision.UNKNOWN:
                return Answer(unknown["label"], unknown)
            if not occurred:
                return blank
            day_known = values.get("occurred_day_known", True)
            month_known = values.get("occurred_month_known", True)
            if precision == Referral.DatePrecision.EXACT:
                text, stamp = dates.day_text(occurred), occurred.isoformat()
            else:
                text = dates.approximate_text(occurred, day_known=day_known, month_known=month_known)
                stamp = occurred.isoformat() if day_known else occurred.isoformat()[: 7 if month_known else 4]
            return Answer(text, {"code": precision, "label": text, "date": stamp})

        return answer

    return prepare


def _time_answer():
    def prepare():
        blank = not_answered()

        def answer(values):
            time = values.get("time_exact")
            if not time:
                return blank
            text = dates.time_text(time)
            return Answer(text, text)

        return answer

    return prepare


def _region_answer():
    def prepare():
        unknown = _choice("unknown", gettext("I don't know"))
        named = {}  # each region's answer once: its translated name costs a lookup

        def answer(values):
            region = values.get("region")
            if region is None:
                return Answer(unknown["label"], unknown)
            if region.pk not in named:
                name = str(region.name)
                named[region.pk] = Answer(name, {"code": region.code, "label": name})
            return named[region.pk]

        return answer

    return prepare


def _q(key, step, label, prepare):
    return Question(key, step, label, prepare)


def _choice_q(key, step, label, choices):
    return _q(key, step, label, _choice_answer(key, choices))


def _text_q(key, step, label):
    return _q(key, step, label, _text_answer(key, identity=key in IDENTITY))


# The steps of the form, titled as the witness saw them.
SECTION_TITLES = {
    "when": _("When did it happen?"),
    "where": _("Where did it happen?"),
    "suspect": _("The person you are worried about"),
    "vehicle": _("A vehicle"),
    "child": _("The child"),
    "what": _("What happened"),
    "you": _("About you"),
}

QUESTIONS = [
    _choice_q("date_precision", "when", _("Do you know the date?"), Referral.DatePrecision.choices),
    _q("occurred_on", "when", _("Date"), _date_answer()),
    _q("time_exact", "when", _("Time"), _time_answer()),
    _choice_q("part_of_day", "when", _("Part of the day"), Referral.PartOfDay.choices),
    _q("settlement_typed", "where", _("Town, city or village"), _place_answer()),
    _q("region", "where", _("Region where it happened"), _region_answer()),
    _choice_q("place_kind", "where", _("What kind of place was it?"), PlaceKind.choices),
    _text_q("place_description", "where", _("Describe the place")),
    _choice_q("suspect_sex", "suspect", _("Sex"), Sex.choices),
    _choice_q("suspect_age", "suspect", _("Approximate age"), SuspectAge.choices),
    _choice_q("suspect_height", "suspect", _("Height"), Height.choices),
    _choice_q("suspect_build", "suspect", _("Build"), Build.choices),
    _text_q("suspect_hair", "suspect", _("Hair")),
    _text_q("suspect_clothing", "suspect", _("Clothing")),
    _text_q("suspect_marks", "suspect", _("Distinguishing marks")),
    _choice_q("suspect_language", "suspect", _("Language they spoke"), SpokenLanguage.choices),
    _choice_q(
        "suspect_relationship", "suspect", _("Their relationship to the child, if you know it"), Relationship.choices
    ),
    _choice_q("suspect_has_access", "suspect", _("Do they still have access to the child?"), YesNoUnknown.choices),
    _text_q("suspect_direction", "suspect", _("Which way did they go?")),
    _choice_q("vehicle_type", "vehicle", _("Was there a vehicle?"), VehicleType.choices),
    _text_q("vehicle_make", "vehicle", _("Make or model")),
    _text_q("vehicle_colour", "vehicle", _("Colour")),
    _text_q("vehicle_plate", "vehicle", _("Number plate, full or partial")),
    _choice_q("child_age", "child", _("The child's approximate age"), ChildAge.choices),
    _choice_q("child_sex", "child", _("The child's sex"), ChildSex.choices),
    _text_q("child_appearance", "child", _("What the child looked like")),
    _choice_q("category", "what", _("What happened?"), Category.choices),
    _text_q("account", "what", _("Describe what you saw or heard, in your own words")),
    _text_q("other_witnesses", "what", _("Did anyone else see it?")),
    _text_q("evidence_kept", "what", _("What have you kept?")),
    _text_q("witness_name", "you", _("Your name")),
    _text_q("witness_phone", "you", _("Phone")),
    _text_q("witness_email", "you", _("E-mail")),
    _q("may_contact", "you", _("May the office contact you about this report?"), _yes_no_answer("may_contact")),
    _q(
        "identity_may_be_shared",
        "you",
        _("May the office pass your name and contact details to the police?"),
        _yes_no_answer("identity_may_be_shared"),
    ),
    _q("already_done", "you", _("What have you already done?"), _multiple_answer("already_done", AlreadyDone.choices)),
]

# What the presenter reads of a referral besides the two encrypted values.
PLAIN_FIELDS = [
    "date_precision",
    "occurred_on",
    "occurred_day_known",
    "occurred_month_known",
    "time_exact",
    "part_of_day",
    "place_kind",
    "suspect_sex",
    "suspect_age",
    "suspect_height",
    "suspect_build",
    "suspect_language",
    "suspect_relationship",
    "suspect_has_access",
    "vehicle_type",
    "child_age",
    "child_sex",
    "category",
    "may_contact",
    "identity_may_be_shared",
    "already_done",
]


class Presenter:
    """The questions with their labels resolved in the language active when it was made."""

    def __init__(self, questions: Iterable[Question] = QUESTIONS):
        self.questions = list(questions)
        self.headers = [str(q.label) for q in self.questions]
        self.titles = {step: str(title) for step, title in SECTION_TITLES.items()}
        self.answer_functions = [q.prepare() for q in self.questions]

    def answers(self, values: Mapping) -> list[Answer]:
        """Each question's answer, in the form's order (an export's row)."""
        return [answer(values) for answer in self.answer_functions]

    def sections(self, values: Mapping) -> list[Section]:
        sections: dict[str, list[Row]] = {step: [] for step in SECTION_TITLES}
        for question, header, answer in zip(self.questions, self.headers, self.answers(values), strict=True):
            sections[question.step].append(Row(question.key, question.step, header, answer))
        return [Section(step, self.titles[step], rows) for step, rows in sections.items()]


def prepared() -> Presenter:
    return Presenter()


def values_of(referral: Referral) -> dict:
    """A referral's answers as the presenter reads them (the encrypted values decrypted here).

    A value that no key decrypts marks its answers unreadable instead of failing the page;
    load referrals with `without_words()` so the values are read here, one at a time.
    """
    values = {name: getattr(referral, name) for name in PLAIN_FIELDS}
    unreadable_keys = set()
    for store, keys in (("witness_words", WITNESS_WORDS), ("identity", IDENTITY)):
        try:
            values.update(getattr(referral, store) or {})
        except UnreadableValue:
            unreadable_keys.update(keys)
    values[UNREADABLE] = unreadable_keys
    values["region"] = referral.region
    values["settlement_name"] = str(referral.settlement.name) if referral.settlement_id else ""
    values["settlement_district"] = referral.place_district
    return values


def present(values: Mapping) -> list[Section]:
    """The sections of answers of one referral or draft, in the active language."""
    return prepared().sections(values)


def present_referral(referral: Referral) -> list[Section]:
    return present(values_of(referral))
