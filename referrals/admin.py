"""The gazetteer in the admin. The officials' referral admin lives in its own module."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from referrals.gazetteer import fold
from referrals.models import Settlement, SettlementName


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
class SettlementAdmin(TabbedTranslationAdmin):
    list_display = ("name", "kind", "district", "region")
    list_filter = ("region", "kind")
    list_select_related = ("region",)
    search_fields = ("name_kk", "name_ru", "name_en", "names__name")
    inlines = [SettlementNameInline]
