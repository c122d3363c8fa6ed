"""Admin pages for the officials' side: who works on which region, and read-only records.

The audit log, export records and retention runs are append-only: nobody, not even a
superuser, can add, change or delete them here. Referrals themselves are not in the admin:
officials work on them in the office pages, where every query is scoped by region.
"""

from django.contrib import admin

from referrals.models import AuditEntry, ExportRecord, RegionAssignment, RetentionRun
from referrals.scope import is_verified


@admin.register(RegionAssignment)
class RegionAssignmentAdmin(admin.ModelAdmin):
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
