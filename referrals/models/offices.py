"""Who hears about a referral by e-mail: the office's own address, set by the national
coordinators, and each official's choice to receive e-mail or not.

The directory's e-mail addresses (contacts) are public contact details kept by directory
editors; they route nothing. Where a referral's notices go is decided here only, by people
who signed in with their second factor, and every change is kept in the history.
"""

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from contacts.models import Region


class OfficeAddressQuerySet(models.QuerySet):
    def for_office(self, region: Region | None):
        """The address of a region's office, or of the Commissioner's office (no region)."""
        return self.filter(region=region) if region is not None else self.filter(region__isnull=True)


class OfficeAddress(models.Model):
    """The shared mailbox of an office, told of its referrals besides its officials."""

    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="office_addresses",
        verbose_name=_("region"),
        help_text=_("Leave empty for the office of the Commissioner for Children's Rights."),
    )
    email = models.EmailField(_("e-mail"))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = OfficeAddressQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("region__position").asc(nulls_first=True)]
        verbose_name = _("office notification address")
        verbose_name_plural = _("office notification addresses")
        constraints = [
            # One address per office; the Commissioner's office is the row without a region.
            models.UniqueConstraint(Coalesce("region", 0), name="office_address_one_per_office"),
        ]

    def __str__(self):
        office = self.region.name if self.region_id else _("Commissioner's office")
        return f"{office}: {self.email}"


class NotificationPreference(models.Model):
    """An official's own choice; without a row, e-mail is on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notification_preference",
        verbose_name=_("official"),
    )
    by_email = models.BooleanField(_("e-mail me about the referrals of my regions"), default=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return f"{self.user}: {'e-mail' if self.by_email else 'no e-mail'}"
