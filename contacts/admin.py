"""The directory's admin for staff: language tabs, import/export with a preview, history.

Import never writes anything from a file with errors: every row is checked in a dry run
and shown (with the reason for each bad row) before staff confirm, and the confirmed
import runs in one transaction that is rolled back on any error.
"""

import calendar
import datetime

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from import_export.formats import base_formats
from import_export.forms import SelectableFieldsExportForm
from modeltranslation.admin import TabbedTranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from contacts.models import NationalService, PhoneNumber, Region, RegionalOmbudsman
from contacts.resources import (
    CSVWithBOM,
    NationalServiceResource,
    PhoneNumberResource,
    RegionalOmbudsmanResource,
    RegionResource,
)
from portal.admin_in_use import RefuseDeletingWhatCaseworkUses


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    year, month_index = divmod(day.year * 12 + day.month - 1 - months, 12)
    month = month_index + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class NotCheckedForFilter(admin.SimpleListFilter):
    """Entries whose details nobody has confirmed for a while: the ones to call first."""

    title = _("not checked for")
    parameter_name = "not_checked_for"
    MONTHS = (3, 6, 12)

    def lookups(self, request, model_admin):
        return [(str(months), _("more than %(months)d months") % {"months": months}) for months in self.MONTHS]

    def queryset(self, request, queryset):
        value = self.value()
        if value not in {str(months) for months in self.MONTHS}:
            return queryset
        return queryset.not_checked_since(months_before(timezone.localdate(), int(value)))


class ExportForm(SelectableFieldsExportForm):
    @property
    def media(self):
        # Makes "Select all" work under the Content Security Policy (no inline handlers).
        return super().media + forms.Media(js=["contacts/admin/export-select-all.js"])


class SafeImportMixin:
    """CSV (with a BOM, for Excel) and XLSX; all-or-nothing imports."""

    import_formats = [base_formats.CSV, base_formats.XLSX]
    export_formats = [CSVWithBOM, base_formats.XLSX]
    export_form_class = ExportForm

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, UnicodeDecodeError):
            # Excel's plain "CSV" is saved in the Windows code page, not UTF-8.
            form.add_error(
                "import_file",
                _("The file is not in UTF-8. In Excel, save it as “CSV UTF-8”, or import it as XLSX."),
            )
            return
        super().add_data_read_fail_error_to_form(form, e)

    def get_import_data_kwargs(self, **kwargs):
        # A confirmed import is rolled back as a whole if any row turns out invalid
        # (the preview already refuses such files; this covers a change in between).
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs


class DirectoryAdmin(SafeImportMixin, ImportExportModelAdmin, SimpleHistoryAdmin, TabbedTranslationAdmin):
    """Import/export, the history of every change, and a tab per language for translated fields."""


class PhoneNumberInline(admin.TabularInline):
    model = PhoneNumber
    fields = ("number", "channel", "position")
    extra = 1


class OmbudsmanPhoneNumberInline(PhoneNumberInline):
    fk_name = "ombudsman"


class ServicePhoneNumberInline(PhoneNumberInline):
    fk_name = "service"


@admin.register(Region)
class RegionAdmin(RefuseDeletingWhatCaseworkUses, DirectoryAdmin):
    resource_classes = [RegionResource]
    list_display = ("position", "name", "code", "slug", "kind")
    list_display_links = ("name",)
    list_filter = ("kind",)
    search_fields = ("name_kk", "name_ru", "name_en", "code", "slug")
    ordering = ("position",)


@admin.register(RegionalOmbudsman)
class RegionalOmbudsmanAdmin(RefuseDeletingWhatCaseworkUses, DirectoryAdmin):
    resource_classes = [RegionalOmbudsmanResource]
    inlines = [OmbudsmanPhoneNumberInline]
    list_display = ("region", "full_name", "full_name_ru", "full_name_en", "name_forms", "status", "checked_on")
    list_display_links = ("full_name",)
    list_filter = ("region", "status", "name_forms_confirmed", NotCheckedForFilter)
    list_select_related = ("region",)
    search_fields = (
        "full_name", "full_name_ru", "full_name_en", "email",
        "region__name_kk", "region__name_ru", "region__name_en", "region__code",
    )  # fmt: skip
    fields = (
        "region", "full_name", "full_name_ru", "full_name_en", "name_forms_confirmed",
        "email", "status", "checked_on", "public_notice",
    )  # fmt: skip

    @admin.display(description=_("Russian and Latin forms"), ordering="name_forms_confirmed")
    def name_forms(self, obj):
        return _("Confirmed") if obj.name_forms_confirmed else _("To confirm with the person")

    def save_model(self, request, obj, form, change):
        # A form left empty is derived again from the Kazakh, by the same rule as the loader's.
        obj.fill_name_forms()
        super().save_model(request, obj, form, change)


@admin.register(NationalService)
class NationalServiceAdmin(DirectoryAdmin):
    resource_classes = [NationalServiceResource]
    inlines = [ServicePhoneNumberInline]
    list_display = ("name", "kind", "status", "checked_on", "position")
    list_filter = ("kind", "status", NotCheckedForFilter)
    search_fields = ("name_kk", "name_ru", "name_en", "slug", "email")
    fields = (
        "slug",
        "kind",
        "position",
        "name",
        "description",
        "anonymous",
        "opening_hours",
        "email",
        "status",
        "checked_on",
        "public_notice",
    )


class PhoneRegionFilter(admin.SimpleListFilter):
    title = _("region")
    parameter_name = "region"

    def lookups(self, request, model_admin):
        return [(region.code, region.name) for region in Region.objects.in_language_order()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(ombudsman__region__code=self.value())
        return queryset


class PhoneOwnerStatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return RegionalOmbudsman._meta.get_field("status").choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(Q(ombudsman__status=self.value()) | Q(service__status=self.value()))
        return queryset


@admin.register(PhoneNumber)
class PhoneNumberAdmin(SafeImportMixin, ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [PhoneNumberResource]
    list_display = ("display", "channel", "ombudsman", "service", "position")
    list_filter = (PhoneRegionFilter, PhoneOwnerStatusFilter, "channel", "service")
    list_select_related = ("ombudsman__region", "service")
    search_fields = ("number", "ombudsman__full_name", "service__name_kk", "service__name_ru", "service__name_en")
    fields = ("ombudsman", "service", "number", "channel", "position")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "ombudsman":
            # Each choice is labelled with its region: one query, not one per choice.
            kwargs["queryset"] = RegionalOmbudsman.objects.select_related("region")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("number"), ordering="number")
    def display(self, obj):
        return obj.display
