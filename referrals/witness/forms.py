"""The witness's observation form, one short step at a time.

Validation happens on the server only (the pages use `novalidate`). Messages say what to
do, in the page's language. Every free-text answer has a length limit that matches its
column. Nothing here accepts a file: images of children must never be sent (sharing
sexual images of a minor is itself an offence); the form tells witnesses why.
"""

import datetime
import re

from django import forms
from django.core.validators import EmailValidator
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from contacts.models import Region
from referrals import gazetteer, routing
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

REGION_UNKNOWN = "unknown"
EARLIEST_YEAR = 1940

MAX_LENGTH_MESSAGE = _("Enter no more than %(limit_value)d characters (you entered %(show_value)d)")
CHOICE_MESSAGE = _("Select one of the options")


OPTIONAL = _("(optional)")


def optional_label(label):
    """Optional fields say so in words, never with asterisks on the required ones (UX.md)."""
    return format_lazy("{label} {optional}", label=label, optional=OPTIONAL)


class LimitedCharField(forms.CharField):
    """Text with a limit the page shows (and counts, with JavaScript) instead of enforcing silently.

    No `maxlength` on the input: a browser would cut a long answer without a word. Too
    long is a validation error with the count, and what was typed comes back to shorten.
    """

    def __init__(self, *args, show_limit=True, **kwargs):
        super().__init__(*args, **kwargs)
        # Short codes and times need no counter; their limit is still a message, not a cut.
        self.limit = self.max_length if show_limit else None

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class TelInput(forms.TextInput):
    # The phone's number pad; the value is checked on the server.
    input_type = "tel"


def text_field(label, max_length, *, textarea=False, hint="", sensitive=True, optional=True, widget=None, **kwargs):
    attrs = {"autocomplete": "off"} if sensitive else {}
    if widget is None:
        widget = forms.Textarea(attrs={**attrs, "rows": 5}) if textarea else forms.TextInput(attrs=attrs)
    field = LimitedCharField(
        label=optional_label(label) if optional else label,
        max_length=max_length,
        required=False,
        help_text=hint,
        widget=widget,
        error_messages={"max_length": MAX_LENGTH_MESSAGE},
        **kwargs,
    )
    field.summary_label = label
    return field


def choice_field(label, choices, *, required=False, hint="", required_message=""):
    field = forms.ChoiceField(
        label=label if required else optional_label(label),
        choices=choices,
        required=required,
        help_text=hint,
        widget=forms.RadioSelect,
        error_messages={"required": required_message or CHOICE_MESSAGE, "invalid_choice": CHOICE_MESSAGE},
    )
    field.summary_label = label
    return field


# --- Dates ------------------------------------------------------------------------------

# Month names as witnesses type them: Kazakh, Russian (nominative and genitive: "5 марта")
# and English. They are folded like settlement names, so "сәуір", "сауир" and "sauir" agree.
_MONTH_NAMES = [
    ("қаңтар", "январь", "января", "january"),
    ("ақпан", "февраль", "февраля", "february"),
    ("наурыз", "март", "марта", "march"),
    ("сәуір", "апрель", "апреля", "april"),
    ("мамыр", "май", "мая", "may"),
    ("маусым", "июнь", "июня", "june"),
    ("шілде", "июль", "июля", "july"),
    ("тамыз", "август", "августа", "august"),
    ("қыркүйек", "сентябрь", "сентября", "september"),
    ("қазан", "октябрь", "октября", "october"),
    ("қараша", "ноябрь", "ноября", "november"),
    ("желтоқсан", "декабрь", "декабря", "december"),
]
_MONTH_KEYS = {gazetteer.fold(name): number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}


def parse_month(value: str) -> int | None:
    """A month given as a number (1-12) or a name or its first three letters or more."""
    value = value.strip().rstrip(".")
    if value.isdigit():
        number = int(value)
        return number if 1 <= number <= 12 else None
    key = gazetteer.fold(value)
    if key in _MONTH_KEYS:
        return _MONTH_KEYS[key]
    if len(key) >= 3:
        months = {number for name, number in _MONTH_KEYS.items() if name.startswith(key)}
        if len(months) == 1:
            return months.pop()
    return None


def parse_time(value: str) -> datetime.time | None:
    match = re.fullmatch(r"\s*(\d{1,2})\s*[:.\-hч ]\s*(\d{2})\s*", value)
    if not match:
        return None
    hours, minutes = int(match[1]), int(match[2])
    if hours > 23 or minutes > 59:
        return None
    return datetime.time(hours, minutes)


class ServerValidatedForm(forms.Form):
    # Validation is the server's alone (UX.md): no `required` for the browser to act on.
    use_required_attribute = False


# --- The gate ---------------------------------------------------------------------------


class DangerGateForm(ServerValidatedForm):
    danger = forms.ChoiceField(
        label=_("Is a child in danger right now?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Select yes if a child is in danger right now"),
            "invalid_choice": _("Select yes if a child is in danger right now"),
        },
    )


# --- The steps --------------------------------------------------------------------------


class StepForm(ServerValidatedForm):
    """A step of the observation; `referral_fields` turns its answers into Referral fields."""

    def referral_fields(self) -> dict:
        return {name: value for name, value in self.cleaned_data.items() if name in _REFERRAL_FIELD_NAMES}


# The witness's words and identity are attributes kept in two encrypted values, not fields.
_REFERRAL_FIELD_NAMES = {field.name for field in Referral._meta.get_fields()} | set(WITNESS_WORDS) | set(IDENTITY)


class WhenForm(StepForm):
    date_precision = choice_field(
        _("Do you know the date?"),
        Referral.DatePrecision.choices,
        required=True,
        required_message=_("Select whether you know the date"),
    )
    day = forms.CharField(
        label=_("Day"), required=False, max_length=2, error_messages={"max_length": MAX_LENGTH_MESSAGE}
    )
    month = forms.CharField(
        label=_("Month"), required=False, max_length=12, error_messages={"max_length": MAX_LENGTH_MESSAGE}
    )
    year = forms.CharField(
        label=_("Year"), required=False, max_length=4, error_messages={"max_length": MAX_LENGTH_MESSAGE}
    )
    time = LimitedCharField(
        show_limit=False,
        label=optional_label(_("Time")),
        required=False,
        max_length=10,
        error_messages={"max_length": MAX_LENGTH_MESSAGE},
        help_text=_("If you know it, as hours and minutes, for example 14:30."),
    )
    part_of_day = choice_field(_("If not, the part of the day"), Referral.PartOfDay.choices)
    time.summary_label = _("Time")
    part_of_day.summary_label = _("Part of the day")

    def clean(self):
        data = super().clean()
        precision = data.get("date_precision")
        day, month, year = (data.get(part, "").strip() for part in ("day", "month", "year"))
        today = timezone.localdate()
        data["occurred_on"], data["occurred_day_known"], data["occurred_month_known"] = None, True, True
        if precision in (Referral.DatePrecision.EXACT, Referral.DatePrecision.APPROXIMATE):
            exact = precision == Referral.DatePrecision.EXACT
            if not (day or month or year):
                self.add_error("day", _("Enter the date it happened, or select “I don't know”"))
            elif exact and not (day and month and year):
                self.add_error("day", _("The date must include a day, a month and a year"))
            elif not year:
                self.add_error("year", _("The date must include at least the year"))
            elif day and not month:
                self.add_error("month", _("Enter the month too, or leave the day empty"))
            else:
                # An approximate date may be a year alone: it is kept as 1 January, marked so.
                month_number = parse_month(month) if month else 1
                if month_number is None:
                    self.add_error("month", _("Enter the month as a number from 1 to 12 or as its name"))
                elif not year.isdigit() or len(year) != 4 or (day and not day.isdigit()):
                    self.add_error("day", _("The date must be a real date, for example 27 3 2025"))
                else:
                    try:
                        occurred = datetime.date(int(year), month_number, int(day) if day else 1)
                    except ValueError:
                        occurred = None
                    if occurred is None:
                        self.add_error("day", _("The date must be a real date, for example 27 3 2025"))
                    elif occurred.year < EARLIEST_YEAR:
                        self.add_error("year", _("The year must be %(year)s or later") % {"year": EARLIEST_YEAR})
                    elif occurred > today:
                        self.add_error("day", _("The date must be today or in the past"))
                    else:
                        data["occurred_on"], data["occurred_day_known"] = occurred, bool(day)
                        data["occurred_month_known"] = bool(month)
        raw_time = data.get("time", "").strip()
        data["time_exact"] = None
        if raw_time:
            parsed = parse_time(raw_time)
            if parsed is None:
                self.add_error("time", _("Enter the time as hours and minutes, for example 14:30"))
            elif (
                data.get("occurred_on") == today and data["occurred_day_known"] and parsed > timezone.localtime().time()
            ):
                self.add_error("time", _("The time must be in the past"))
            else:
                data["time_exact"] = parsed
        return data

    def referral_fields(self):
        data = self.cleaned_data
        return {
            "date_precision": data["date_precision"],
            "occurred_on": data["occurred_on"],
            "occurred_day_known": data["occurred_day_known"],
            "occurred_month_known": data["occurred_month_known"],
            "time_exact": data["time_exact"],
            "part_of_day": data.get("part_of_day", ""),
        }


def region_choices():
    # Sorted as every list of regions is: by name in the page language's alphabet.
    choices = [(region.code, region.name) for region in Region.objects.in_language_order()]
    return [*choices, (REGION_UNKNOWN, _("I don't know (your report goes to the Commissioner's office)"))]


PLACE_OTHER = "other"
PLACE_UNKNOWN = "unknown"


def place_label(settlement) -> str:
    """A place as a witness tells it from its namesakes: "Жамбыл (Астраханский район,
    Жамбылский сельский округ, Ақмола облысы)". A unit named after the place itself ("Семей
    городская администрация") says nothing more and is left out."""
    parts = [settlement.district, settlement.rural_district]
    parts = [part for part in parts if part and settlement.name not in part]
    return f"{settlement.name} ({', '.join([*parts, settlement.region.name])})"


class WhereForm(StepForm):
    settlement = text_field(
        _("Town, city or village"),
        gazetteer.MAX_QUERY_LENGTH,
        hint=_("If you do not know, leave it empty: you will be asked for the region instead."),
        sensitive=False,
    )
    # Asked only when the name is shared by several places, or the witness changes the
    # place a match chose: exactly the places of that name, another place, or not known.
    place = forms.ChoiceField(
        label=_("Which of these places is it?"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": CHOICE_MESSAGE},
    )
    place.summary_label = _("Place")
    region = forms.ChoiceField(
        label=_("Which region did it happen in?"),
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": CHOICE_MESSAGE},
    )
    region.summary_label = _("Region where it happened")
    place_kind = choice_field(_("What kind of place was it?"), PlaceKind.choices)
    place_description = text_field(
        _("Describe the place"),
        1000,
        textarea=True,
        hint=_("For example the street, the building, a shop's name or a landmark."),
    )

    def __init__(self, *args, changing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = region_choices()
        typed = str(self.data.get(self.add_prefix("settlement"), "") or "")
        self.lookup = gazetteer.find(typed)
        self.fields["place"].choices = [(str(s.pk), place_label(s)) for s in self.lookup.settlements] + [
            (PLACE_OTHER, _("Another place (you will choose its region)")),
            (PLACE_UNKNOWN, _("I don't know")),
        ]
        place = self.data.get(self.add_prefix("place"))
        # The list of places is shown when the name does not decide the place, or when
        # the witness follows "Change" to pick another one.
        self.needs_place = len(self.lookup.settlements) > 1 and (self.lookup.is_ambiguous or changing or bool(place))
        # The region list is shown only when the settlement does not decide the region.
        self.needs_region = bool(self.data.get(self.add_prefix("region"))) or place == PLACE_OTHER
        self.changing = changing

    def clean(self):
        data = super().clean()
        typed = data.get("settlement", "")
        place = data.get("place", "") if self.lookup.settlements else ""
        region_given = data.get("region") not in (None, "", REGION_UNKNOWN)
        if self.needs_place and not place and not region_given and "place" not in self.errors:
            self.add_error(
                "place",
                _("There is more than one place called “%(name)s”: choose which one it is") % {"name": typed},
            )
            return data
        undecided = place == PLACE_OTHER or (not place and self.lookup.region is None)
        if undecided and not data.get("region") and "region" not in self.errors:
            self.needs_region = True
            if place == PLACE_OTHER:
                message = _("Choose the region the place is in")
            elif not typed:
                message = _("Enter the town or village where it happened, or choose the region")
            else:
                message = _("We could not find “%(name)s”: check the spelling, or choose the region") % {"name": typed}
            self.add_error("region", message)
        return data

    def chosen_settlement(self):
        """The place the witness picked from the list, if they did."""
        place = self.cleaned_data.get("place", "")
        for settlement in self.lookup.settlements:
            if str(settlement.pk) == place:
                return settlement
        return None

    def chosen_region(self):
        place = self.cleaned_data.get("place", "")
        code = self.cleaned_data.get("region")
        if place not in (PLACE_OTHER, "") and self.chosen_settlement() is None:
            return None  # "I don't know" which of the places
        if not code or code == REGION_UNKNOWN:
            return None
        return Region.objects.filter(code=code).first()

    def place_unknown(self):
        return self.cleaned_data.get("place") in (PLACE_OTHER, PLACE_UNKNOWN)

    def route(self):
        """Where the report goes, as the submission will decide it (shown on the place step
        and the check page)."""
        return routing.decide(
            typed=self.cleaned_data.get("settlement", ""),
            chosen_region=self.chosen_region(),
            chosen_settlement=self.chosen_settlement(),
            settlement_unknown=self.place_unknown(),
        )

    def referral_fields(self):
        data = self.cleaned_data
        return {"place_kind": data.get("place_kind", ""), "place_description": data.get("place_description", "")}


class SuspectForm(StepForm):
    suspect_sex = choice_field(_("Sex"), Sex.choices)
    suspect_age = choice_field(_("Approximate age"), SuspectAge.choices)
    suspect_height = choice_field(_("Height"), Height.choices)
    suspect_build = choice_field(_("Build"), Build.choices)
    suspect_hair = text_field(_("Hair"), 200, hint=_("Colour, length, style, or a hat or hood."))
    suspect_clothing = text_field(_("Clothing"), 1000, textarea=True)
    suspect_marks = text_field(
        _("Distinguishing marks"),
        1000,
        textarea=True,
        hint=_("For example glasses, a beard, scars, tattoos, the way they walk."),
    )
    suspect_language = choice_field(_("Language they spoke"), SpokenLanguage.choices)
    suspect_relationship = choice_field(
        _("Their relationship to the child, if you know it"),
        Relationship.choices,
        hint=_("Most people who harm children are family members or people the family knows."),
    )
    suspect_has_access = choice_field(_("Do they still have access to the child?"), YesNoUnknown.choices)
    suspect_direction = text_field(_("Which way did they go?"), 500)


PLATE_PATTERN = re.compile(r"[0-9A-Za-zА-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі?* \-]*")


class VehicleForm(StepForm):
    vehicle_type = choice_field(_("Was there a vehicle?"), VehicleType.choices)
    vehicle_make = text_field(_("Make or model"), 100)
    vehicle_colour = text_field(_("Colour"), 100)
    vehicle_plate = text_field(
        _("Number plate, full or partial"),
        20,
        hint=_("Type the characters you saw and ? for each one you did not, for example 123 ?B? 02."),
    )

    def clean_vehicle_plate(self):
        plate = self.cleaned_data["vehicle_plate"].strip()
        if not PLATE_PATTERN.fullmatch(plate):
            raise forms.ValidationError(
                _("Enter the number plate using letters and numbers, and ? for characters you did not see")
            )
        return plate.upper()


class ChildForm(StepForm):
    child_age = choice_field(_("The child's approximate age"), ChildAge.choices)
    child_sex = choice_field(_("The child's sex"), ChildSex.choices)
    child_appearance = text_field(
        _("What the child looked like"),
        1000,
        textarea=True,
        hint=_("Clothing, hair, a school uniform or a bag. You do not need to know the child's name."),
    )


class WhatForm(StepForm):
    category = choice_field(
        _("What happened?"), Category.choices, required=True, required_message=_("Select what happened")
    )
    account = text_field(
        _("Describe what you saw or heard, in your own words"),
        5000,
        textarea=True,
        optional=False,
        hint=_("What happened, in the order it happened. Write what you saw, not what you think it means."),
    )
    other_witnesses = text_field(
        _("Did anyone else see it?"),
        1000,
        textarea=True,
        hint=_("Do not name them if they would not want it; “a woman at the bus stop” helps too."),
    )
    evidence_kept = text_field(
        _("What have you kept?"),
        1000,
        textarea=True,
        hint=_("Keep clothing, objects, messages and screenshots as they are, and give them to the police."),
    )

    def clean_account(self):
        account = self.cleaned_data["account"].strip()
        if not account:
            raise forms.ValidationError(_("Describe what you saw or heard"))
        return account


PHONE_PATTERN = re.compile(r"\+?[0-9 ()\-]+")


class WitnessForm(StepForm):
    witness_name = text_field(_("Your name"), 200)
    witness_phone = text_field(
        _("Phone"), 20, hint=_("For example +7 701 234 56 78."), widget=TelInput(attrs={"autocomplete": "off"})
    )
    witness_email = LimitedCharField(
        label=optional_label(_("E-mail")),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={"max_length": MAX_LENGTH_MESSAGE},
    )
    may_contact = choice_field(
        _("May the office contact you about this report?"),
        [("no", _("No")), ("yes", _("Yes"))],
        hint=_("If you do not answer, nobody will contact you."),
    )
    identity_may_be_shared = choice_field(
        _("May the office pass your name and contact details to the police?"),
        [("no", _("No")), ("yes", _("Yes"))],
        hint=_("If you do not answer, they will not be passed on."),
    )
    already_done = forms.MultipleChoiceField(
        label=optional_label(_("What have you already done?")),
        choices=AlreadyDone.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": CHOICE_MESSAGE},
    )

    witness_email.summary_label = _("E-mail")
    already_done.summary_label = _("What have you already done?")

    def clean_witness_phone(self):
        phone = self.cleaned_data["witness_phone"].strip()
        digits = re.sub(r"\D", "", phone)
        if phone and (not PHONE_PATTERN.fullmatch(phone) or not 10 <= len(digits) <= 15):
            raise forms.ValidationError(_("Enter a phone number with 10 to 15 digits, for example +7 701 234 56 78"))
        return phone

    def clean_witness_email(self):
        email = self.cleaned_data["witness_email"].strip()
        if email:
            try:
                EmailValidator()(email)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("Enter an e-mail address in the correct format, like name@example.com")
                ) from None
        return email

    def clean(self):
        data = super().clean()
        if (
            data.get("may_contact") == "yes"
            and not data.get("witness_phone")
            and not data.get("witness_email")
            and "witness_phone" not in self.errors
            and "witness_email" not in self.errors
        ):
            self.add_error("witness_phone", _("Enter a phone number or an e-mail address so the office can reach you"))
        return data

    def referral_fields(self):
        data = self.cleaned_data
        return {
            "witness_name": data.get("witness_name", ""),
            "witness_phone": data.get("witness_phone", ""),
            "witness_email": data.get("witness_email", ""),
            "may_contact": data.get("may_contact") == "yes",
            "identity_may_be_shared": data.get("identity_may_be_shared") == "yes",
            "already_done": list(data.get("already_done") or []),
        }


class SendForm(ServerValidatedForm):
    # A field people never see (hidden by the stylesheet) that form-filling robots fill in.
    website = forms.CharField(required=False, max_length=200)


class FollowUpForm(ServerValidatedForm):
    reference = LimitedCharField(
        show_limit=False,
        label=_("Reference number"),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the reference number"), "max_length": MAX_LENGTH_MESSAGE},
    )
    code = LimitedCharField(
        show_limit=False,
        label=_("Follow-up code"),
        max_length=30,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Enter the follow-up code"), "max_length": MAX_LENGTH_MESSAGE},
    )


class AdditionForm(ServerValidatedForm):
    text = LimitedCharField(
        label=_("What would you like to add?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6, "autocomplete": "off"}),
        error_messages={"required": _("Enter what you would like to add"), "max_length": MAX_LENGTH_MESSAGE},
    )

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError(_("Enter what you would like to add"))
        return text
