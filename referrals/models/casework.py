"""What officials do with referrals: who may see which region, notes, hand-overs, the
audit log and retention runs."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from contacts.models import Region
from portal.crypto import EncryptedTextField


class RegionAssignment(models.Model):
    """An official works on the referrals of this region (one row per region)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="region_assignments",
        verbose_name=_("official"),
    )
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="official_assignments", verbose_name=_("region")
    )
    created_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    class Meta:
        ordering = ["user__username", "region__position"]
        verbose_name = _("region assignment")
        verbose_name_plural = _("region assignments")
        constraints = [
            models.UniqueConstraint(fields=["user", "region"], name="region_assignment_unique_user_region"),
        ]
        permissions = [
            # National coordinators (the Commissioner's office) see every region.
            ("handle_all_regions", _("Can handle the referrals of every region")),
        ]

    def __str__(self):
        return f"{self.user} – {self.region}"


class CaseNote(models.Model):
    """A note an official adds to a referral; kept, never edited."""

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="case_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("author"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now)
    text = EncryptedTextField(_("note"), max_length=2000)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("case note")
        verbose_name_plural = _("case notes")

    def __str__(self):
        return f"{self.referral} @ {self.created_at:%Y-%m-%d %H:%M}"


class Handover(models.Model):
    """To whom a referral was passed on, when the office passed it on."""

    class Body(models.TextChoices):
        POLICE = "police", _("Police")
        CHILD_PROTECTION = "child_protection", _("Child-protection service")
        OTHER = "other", _("Another body")

    referral = models.ForeignKey("referrals.Referral", on_delete=models.CASCADE, related_name="handovers")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, verbose_name=_("passed on by"))
    created_at = models.DateTimeField(_("passed on at"), default=timezone.now)
    body = models.CharField(_("passed to"), max_length=20, choices=Body.choices)
    recipient = models.CharField(_("to whom"), max_length=300)
    identity_included = models.BooleanField(_("the witness's identity was included"), default=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("hand-over")
        verbose_name_plural = _("hand-overs")

    def __str__(self):
        return f"{self.referral} -> {self.get_body_display()}"


class AppendOnlyQuerySet(models.QuerySet):
    """Bulk changes would bypass Model.save(): refuse them too."""

    def update(self, **kwargs):
        raise PermissionDenied("The audit log is append-only.")

    def delete(self):
        raise PermissionDenied("The audit log is append-only.")

    def anonymise_details(self, reference: str) -> int:
        """Retention's one change: empty the details of a referral's entries, keep who, what and when.

        The only UPDATE the database trigger lets through (migration 0008), and only with
        `portal.audit_anonymise` set for this transaction.
        """
        table = self.model._meta.db_table
        with transaction.atomic(using=self.db), connections[self.db].cursor() as cursor:
            if connections[self.db].vendor == "postgresql":
                cursor.execute("SELECT set_config('portal.audit_anonymise', 'on', true)")
            cursor.execute(
                f"UPDATE {table} SET detail = %s WHERE reference = %s AND detail <> %s",  # noqa: S608 (our table name)
                ["{}", reference, "{}"],
            )
            count = cursor.rowcount
            if connections[self.db].vendor == "postgresql":
                cursor.execute("SELECT set_config('portal.audit_anonymise', 'off', true)")
        return count


class AuditEntry(models.Model):
    """One look at, change to or export of referrals. Written once, never changed."""

    class Action(models.TextChoices):
        VIEWED = "viewed", _("Viewed a referral")
        CHANGED = "changed", _("Changed a referral")
        NOTE_ADDED = "note_added", _("Added a note")
        EXPORTED = "exported", _("Exported referrals")
        DOWNLOADED = "downloaded", _("Downloaded an export")
        AUDIT_VIEWED = "audit_viewed", _("Viewed the audit log")
        AUDIT_EXPORTED = "audit_exported", _("Exported the audit log")
        ESCALATED = "escalated", _("Escalated to the national coordinator")
        ANONYMISED = "anonymised", _("Anonymised by the retention run")

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    # PROTECT: an account with audit entries cannot be deleted, only deactivated.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("who")
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    # The reference as text, so the entry still reads the same whatever happens to the row.
    reference = models.CharField(_("reference"), max_length=20, blank=True, db_index=True)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("region"))
    detail = models.JSONField(_("details"), default=dict, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.reference}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionDenied("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionDenied("The audit log is append-only.")


class RetentionRun(models.Model):
    """One run of the retention job: what it would do (dry run) or did."""

    started_at = models.DateTimeField(_("started at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    closed_before = models.DateTimeField(_("closed before"))
    anonymised_count = models.PositiveIntegerField(_("anonymised"), default=0)
    warned_count = models.PositiveIntegerField(_("offices warned"), default=0)
    references = models.JSONField(_("references"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.started_at:%Y-%m-%d %H:%M}{' (dry run)' if self.dry_run else ''}: {self.anonymised_count}"
