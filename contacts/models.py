"""The directory: regions, their child-rights ombudsmen, and the national services.

Translated fields (name, description, ...) get `_kk`, `_ru` and `_en` columns through
modeltranslation (see translation.py). A person's name is kept as the person writes it in
Kazakh, with a Russian and a Latin form beside it (contacts/names.py), so a reader of every
language can read it aloud when calling.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from contacts import names, phones

# The manual's regional table is "as of 1 February 2023": every entry counts as checked
# on that date until staff check it again.
MANUAL_CHECKED_ON = datetime.date(2023, 2, 1)


class EntryStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    UNAVAILABLE = "unavailable", _("Temporarily unavailable")
    CLOSED = "closed", _("Closed")


class RegionQuerySet(models.QuerySet):
    def for_directory(self):
        """Regions with their ombudsman and numbers in a fixed number of queries."""
        return self.select_related("ombudsman").prefetch_related(
            models.Prefetch("ombudsman__phone_numbers", queryset=PhoneNumber.objects.order_by("position", "id"))
        )

    def in_language_order(self) -> list["Region"]:
        """The regions as every list shows them: by name, in the alphabet of the page's language."""
        return regions_in_language_order(self)


def regions_in_language_order(regions) -> list["Region"]:
    """The one order of region lists: by name in the current language's own alphabet.

    The manual's table follows the Russian alphabet even in Kazakh; a Kazakh reader looks
    for "Ақмола облысы" right after "Абай облысы", as the Kazakh alphabet has it.
    """
    language = (get_language() or "kk").split("-")[0]
    return names.in_alphabetical_order(regions, language, name=lambda region: region.name)


class RegionManager(models.Manager.from_queryset(RegionQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Region(models.Model):
    class Kind(models.TextChoices):
        CITY = "city", _("City of republican significance")
        # "Region" alone means any of the 20 (cities included) elsewhere in the portal.
        OBLAST = "oblast", pgettext_lazy("kind of region", "Region")

    code = models.CharField(
        _("code"), max_length=8, unique=True, help_text=_("ISO 3166-2:KZ code, e.g. KZ-71. Never changes.")
    )
    slug = models.SlugField(_("slug"), max_length=40, unique=True, help_text=_("Used in the page address."))
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(_("position"), unique=True, help_text=_("Order in the manual's table."))

    objects = RegionManager()

    class Meta:
        ordering = ["position"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        # The admin's "View on site": staff see the public page their change appears on.
        return reverse("contacts:region", args=[self.slug])

    def natural_key(self):
        return (self.code,)


class DirectoryEntryQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=EntryStatus.ACTIVE)

    def not_checked_since(self, date: datetime.date):
        return self.filter(checked_on__lt=date)


class DirectoryEntry(models.Model):
    """What every entry of the directory has: a status, a freshness date and a notice."""

    email = models.EmailField(_("e-mail"), blank=True)
    status = models.CharField(_("status"), max_length=12, choices=EntryStatus.choices, default=EntryStatus.ACTIVE)
    # New entries are checked when staff add them; the manual's entries are loaded with
    # MANUAL_CHECKED_ON explicitly (contacts/loading.py).
    checked_on = models.DateField(
        _("checked on"), default=timezone.localdate, help_text=_("When staff last confirmed these details.")
    )
    public_notice = models.TextField(
        _("public notice"), blank=True, max_length=500, help_text=_("Shown to the public next to the entry.")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DirectoryEntryQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_active(self):
        return self.status == EntryStatus.ACTIVE

    @property
    def public_notice_language(self) -> str:
        """The language the notice is shown in: the visitor's, or Kazakh (the fallback) when
        staff wrote it only in Kazakh. Pages mark it with `lang` so it is read out right."""
        current = (get_language() or "kk").split("-")[0]
        return current if getattr(self, f"public_notice_{current}", None) else "kk"

    def clean(self):
        super().clean()
        if self.checked_on and self.checked_on > timezone.localdate():
            raise ValidationError({"checked_on": _("The date must be today or in the past.")})


class RegionalOmbudsman(DirectoryEntry):
    """A region's commissioner for children's rights: the office a referral is routed to.

    Footnote 5 of the manual: regional ombudsmen are not staff of the national
    Commissioner's office.
    """

    region = models.OneToOneField(Region, on_delete=models.PROTECT, related_name="ombudsman", verbose_name=_("region"))
    full_name = models.CharField(
        _("full name"), max_length=200, help_text=_("In Kazakh, exactly as the person writes it.")
    )
    # Not modeltranslation fields: the Kazakh form is the person's own, the others are derived
    # from it (contacts/names.py) until the person confirms them.
    full_name_ru = models.CharField(
        _("full name in Russian"),
        max_length=200,
        blank=True,
        help_text=_("Shown on the Russian pages. Empty: the Kazakh form is shown."),
    )
    full_name_en = models.CharField(
        _("full name in Latin letters"),
        max_length=200,
        blank=True,
        help_text=_("Given name and surname, shown on the English pages. Empty: derived from the Kazakh form."),
    )
    name_forms_confirmed = models.BooleanField(
        _("Russian and Latin forms confirmed with the person"),
        default=False,
        help_text=_(
            "Until ticked, the Russian and Latin forms are the ones derived from the Kazakh by the portal’s "
            "rule: to confirm with the person."
        ),
    )

    class Meta:
        ordering = ["region__position"]
        verbose_name = _("regional ombudsman")
        verbose_name_plural = _("regional ombudsmen")

    def __str__(self):
        return f"{self.region}: {self.full_name}"

    def get_absolute_url(self):
        return self.region.get_absolute_url()

    def fill_name_forms(self):
        """Derive the Russian and Latin forms that are still empty (never overwrites one)."""
        if not self.full_name_ru:
            self.full_name_ru = names.russian_form(self.full_name)
        if not self.full_name_en:
            self.full_name_en = names.english_name(self.full_name)

    def name_in(self, language: str) -> tuple[str, str]:
        """The name to show on a page in `language`, with the language it is written in.

        English pages always get Latin letters, derived on the spot if staff left the form empty.
        """
        if language == "en":
            return self.full_name_en or names.english_name(self.full_name), "en"
        if language == "ru" and self.full_name_ru:
            return self.full_name_ru, "ru"
        return self.full_name, "kk"

    @property
    def display_name(self) -> str:
        return self.name_in((get_language() or "kk").split("-")[0])[0]

    @property
    def display_name_language(self) -> str:
        return self.name_in((get_language() or "kk").split("-")[0])[1]


class NationalServiceQuerySet(DirectoryEntryQuerySet):
    def for_directory(self):
        return self.prefetch_related(
            models.Prefetch("phone_numbers", queryset=PhoneNumber.objects.order_by("position", "id"))
        )


class NationalService(DirectoryEntry):
    class Kind(models.TextChoices):
        EMERGENCY = "emergency", _("Emergency number")
        HOTLINE = "hotline", _("Hotline")
        COMMISSIONER = "commissioner", _("Commissioner for Children's Rights")
        FOUNDATION = "foundation", _("Foundation")

    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True, max_length=1000)
    anonymous = models.BooleanField(
        _("calls are anonymous"), null=True, blank=True, help_text=_("Leave empty when not known.")
    )
    opening_hours = models.CharField(
        _("opening hours"), max_length=100, blank=True, help_text=_("Leave empty when not known.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = NationalServiceQuerySet.as_manager()

    class Meta:
        ordering = ["position", "slug"]
        verbose_name = _("national service")
        verbose_name_plural = _("national services")

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.slug,)


class PhoneNumber(models.Model):
    class Channel(models.TextChoices):
        VOICE = "voice", _("Voice calls")
        WHATSAPP = "whatsapp", _("WhatsApp: text messages only, no calls")
        SMS = "sms", _("SMS")

    ombudsman = models.ForeignKey(
        RegionalOmbudsman,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phone_numbers",
        verbose_name=_("regional ombudsman"),
    )
    service = models.ForeignKey(
        NationalService,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="phone_numbers",
        verbose_name=_("national service"),
    )
    # Room for a number as staff type it ("+7 (7252) 39-26-88"); clean() stores it in
    # E.164, which is at most 16 characters.
    number = models.CharField(
        _("number"),
        max_length=32,
        help_text=_(
            "Type it as it is written, e.g. +7 (7252) 39-26-88; it is stored as +77252392688. "
            "Short numbers such as 111 only for national services."
        ),
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.VOICE)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Worked out from the number and channel when saved, not on every page that shows them.
    display = models.CharField(_("as shown"), max_length=32, editable=False, default="")
    href = models.CharField(_("link"), max_length=64, editable=False, default="")

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("phone number")
        verbose_name_plural = _("phone numbers")
        constraints = [
            # A number belongs to exactly one entry of the directory.
            models.CheckConstraint(
                name="phone_number_has_one_owner",
                condition=(
                    Q(ombudsman__isnull=False, service__isnull=True) | Q(ombudsman__isnull=True, service__isnull=False)
                ),
                violation_error_message=_("A number belongs either to an ombudsman or to a national service."),
            ),
            # The same number twice on one entry is a typing slip (an import would
            # otherwise duplicate it); a number may still be listed once per channel.
            models.UniqueConstraint(
                fields=["ombudsman", "number", "channel"],
                name="phone_number_unique_per_ombudsman",
                violation_error_message=_("This number is already listed for this ombudsman."),
            ),
            models.UniqueConstraint(
                fields=["service", "number", "channel"],
                name="phone_number_unique_per_service",
                violation_error_message=_("This number is already listed for this service."),
            ),
        ]

    def __str__(self):
        return self.display or self.number

    def save(self, *args, update_fields=None, **kwargs):
        self.display, self.href = phones.display(self.number), phones.href(self.number, self.channel)
        if update_fields is not None and {"number", "channel"} & set(update_fields):
            update_fields = {*update_fields, "display", "href"}
        super().save(*args, update_fields=update_fields, **kwargs)

    def clean(self):
        super().clean()
        # The related objects, not only their ids: in the admin's inline on an entry that
        # is being added, the owner is not saved yet and has no id.
        has_ombudsman, has_service = self.ombudsman is not None, self.service is not None
        if has_ombudsman == has_service:
            raise ValidationError(_("A number belongs either to an ombudsman or to a national service."))
        # Short numbers (102, 111...) only make sense for the national services.
        try:
            self.number = phones.normalise(self.number, allow_short=has_service)
        except ValidationError as error:
            raise ValidationError({"number": error.messages}) from None
        if phones.is_short(self.number) and self.channel != self.Channel.VOICE:
            raise ValidationError({"channel": _("A short number can only be called.")})
