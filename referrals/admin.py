"""The admin's pages of the referrals app: the gazetteer, who works on which region, and
read-only records.

The audit log, export records and retention runs are append-only: nobody, not even a
superuser, can add, change or delete them here. Referrals themselves are not in the admin:
officials work on them in the office pages, where every query is scoped by region.
"""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportMixin
from import_export.formats import base_formats
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from portal.admin_in_use import RefuseDeletingWhatCaseworkUses
from referrals.gazetteer import fold
from referrals.models import (
    AuditEntry,
    ExportRecord,
    OfficeAddress,
    RegionAssignment,
    RetentionRun,
    Settlement,
    SettlementName,
)
from referrals.resources import KatoResource
from referrals.scope import is_verified


class SettlementNameForm(forms.ModelForm):
    class Meta:
        model = SettlementName
        fields = ("name", "kind")

    def clean(self):
        data = super().clean()
        # The search key is always derived from the name, so matching cannot drift from it.
        key = fold(data.get("name") or "")
        if data.get("name") and not key:
            self.add_error("name", _("Enter a name with at least one letter or digit"))
        self.instance.key = key
        return data


class SettlementNameFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = {}
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            name, key = form.cleaned_data.get("name"), form.instance.key
            if not name:
                continue
            if key in seen:
                form.add_error(
                    "name",
                    _("“%(name)s” is matched the same way as “%(other)s”: one of them is enough")
                    % {"name": name, "other": seen[key]},
                )
            else:
                seen[key] = name


class SettlementNameInline(admin.TabularInline):
    model = SettlementName
    form = SettlementNameForm
    formset = SettlementNameFormSet
    extra = 1
    fields = ("name", "kind", "key")
    readonly_fields = ("key",)


@admin.register(Settlement)
class SettlementAdmin(RefuseDeletingWhatCaseworkUses, ImportMixin, TabbedTranslationAdmin):
    """The gazetteer; "Import" reads a classifier file (referrals/resources.py) with a preview."""

    list_display = ("name", "kind", "district", "region", "kato_code", "is_retired")
    list_filter = ("region", "kind", "is_retired", "offered_first")
    list_select_related = ("region",)
    search_fields = ("name_kk", "name_ru", "name_en", "names__name", "=kato_code")
    inlines = [SettlementNameInline]
    resource_classes = [KatoResource]
    import_formats = [base_formats.CSV, base_formats.XLSX]

    def get_import_data_kwargs(self, **kwargs):
        # A confirmed import is rolled back as a whole if any row turns out invalid.
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs


class VerifiedOnlyMixin:
    """Pages that decide casework: only for a session verified with the second factor."""

    def has_view_permission(self, request, obj=None):
        return is_verified(request.user) and super().has_view_permission(request, obj)

    def has_add_permission(self, request, *args):
        return is_verified(request.user) and super().has_add_permission(request, *args)

    def has_change_permission(self, request, obj=None):
        return is_verified(request.user) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return is_verified(request.user) and super().has_delete_permission(request, obj)


@admin.register(OfficeAddress)
class OfficeAddressAdmin(VerifiedOnlyMixin, SimpleHistoryAdmin):
    """Where notices about referrals go besides the officials: national coordinators only
    (roles.py), every change kept in the history."""

    list_display = ["__str__", "region", "email", "updated_at"]
    list_select_related = ["region"]
    fields = ["region", "email"]


@admin.register(RegionAssignment)
class RegionAssignmentAdmin(VerifiedOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "region", "created_at"]
    list_filter = ["region"]
    list_select_related = ["user", "region"]
    search_fields = ["user__username"]
    autocomplete_fields = ["user"]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # These records describe casework: the same second factor as the office pages.
        return is_verified(request.user) and super().has_view_permission(request, obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "reference", "region"]
    list_filter = ["action", "region"]
    list_select_related = ["actor", "region"]
    search_fields = ["reference", "actor__username"]
    date_hierarchy = "created_at"


@admin.register(ExportRecord)
class ExportRecordAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "kind", "format", "row_count", "state"]
    list_filter = ["kind", "format", "state"]
    list_select_related = ["actor"]
    exclude = ["file_token"]


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ["started_at", "dry_run", "closed_before", "anonymised_count", "warned_count"]
