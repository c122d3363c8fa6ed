"""The gazetteer in the admin. The officials' referral admin lives in its own module."""

from django.contrib import admin
from modeltranslation.admin import TabbedTranslationAdmin

from referrals.gazetteer import fold
from referrals.models import Settlement, SettlementName


class SettlementNameInline(admin.TabularInline):
    model = SettlementName
    extra = 1
    fields = ("name", "kind", "key")
    readonly_fields = ("key",)


@admin.register(Settlement)
class SettlementAdmin(TabbedTranslationAdmin):
    list_display = ("name", "kind", "district", "region")
    list_filter = ("region", "kind")
    list_select_related = ("region",)
    search_fields = ("name_kk", "name_ru", "name_en", "names__name")
    inlines = [SettlementNameInline]

    def save_formset(self, request, form, formset, change):
        # The search key is always derived from the name, so matching cannot drift from it.
        for name in formset.save(commit=False):
            name.key = fold(name.name)
            name.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()
