"""What officials exported: the record of each export and the pieces of its stored file."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ExportRecord(models.Model):
    """Who exported what, when, why, and how many rows; the file itself if one was built.

    Its lifecycle (requested, built, downloaded, expired, deleted by retention) is
    referrals/export_records.py.
    """

    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX (Excel)"
        JSON = "json", "JSON"

    class Kind(models.TextChoices):
        REFERRALS = "referrals", _("Referrals")
        AUDIT = "audit", _("Audit log")

    class State(models.TextChoices):
        STREAMED = "streamed", _("Sent directly")
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready to download")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Expired")

    created_at = models.DateTimeField(_("when"), default=timezone.now)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("who"))
    kind = models.CharField(_("what"), max_length=10, choices=Kind.choices, default=Kind.REFERRALS)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    purpose = models.TextField(_("purpose"), max_length=500)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    # Rows whose encrypted values no key could read: written, marked as unreadable, counted.
    unreadable_rows = models.PositiveIntegerField(_("unreadable rows"), default=0)
    downloaded_at = models.DateTimeField(_("last downloaded at"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.STREAMED)
    # Kept for exports made before their files moved into the database (ExportChunk).
    file_token = models.CharField(max_length=64, blank=True)
    expires_at = models.DateTimeField(_("link expires at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("export record")
        verbose_name_plural = _("export records")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.format} ({self.row_count})"

    @property
    def is_expired(self):
        return self.expires_at is not None and self.expires_at <= timezone.now()


class ExportChunk(models.Model):
    """A piece of a background export's file, encrypted with the field keys.

    The file lives in the database rather than on the disk of the server that built it, so
    any app server can hand it to its requester; pieces keep memory flat however large the
    export, and encryption keeps a database dump from revealing it.
    """

    record = models.ForeignKey(ExportRecord, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    data = models.BinaryField()

    class Meta:
        ordering = ["record", "index"]
        constraints = [models.UniqueConstraint(fields=["record", "index"], name="export_chunk_unique_index")]

    def __str__(self):
        return f"{self.record_id}#{self.index}"
