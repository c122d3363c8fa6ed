"""Forms of the officials' pages. Validation is on the server; messages say what to do."""

from django import forms
from django.utils.translation import gettext_lazy as _

from contacts.models import Region, regions_in_language_order
from referrals.models import AuditEntry, ExportRecord, Handover, NotificationPreference, ReferralStatus


class RegionsInLanguageOrder(forms.models.ModelChoiceIterator):
    """The regions as every list of the portal shows them: in the page language's alphabet."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for region in regions_in_language_order(self.queryset):
            yield self.choice(region)


class RegionChoiceField(forms.ModelChoiceField):
    iterator = RegionsInLanguageOrder


class LoginForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    password = forms.CharField(label=_("Password"), strip=False, widget=forms.PasswordInput)
    token = forms.CharField(
        label=_("Code from your authenticator app"),
        help_text=_("6 digits. The code changes every 30 seconds."),
        max_length=8,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )

    def __init__(self, request, *args, **kwargs):
        self.request = request
        self.user = None
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs["autocomplete"] = "username"
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class WorklistFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *ReferralStatus.choices]
    )
    submitted_from = forms.DateField(
        label=_("Submitted from"),
        required=False,
        help_text=_("For example, 2026-03-27"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    submitted_to = forms.DateField(
        label=_("Submitted until"),
        required=False,
        help_text=_("For example, 2026-03-31"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    region = RegionChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.none(),
        empty_label=_("All regions"),
        to_field_name="code",
    )
    overdue = forms.BooleanField(label=_("Only overdue referrals"), required=False)

    def __init__(self, *args, regions=None, **kwargs):
        super().__init__(*args, **kwargs)
        if regions is not None:
            self.fields["region"].queryset = regions

    def clean(self):
        data = super().clean()
        start, end = data.get("submitted_from"), data.get("submitted_to")
        if start and end and start > end:
            self.add_error("submitted_to", _("The end date must be the same as or after the start date."))
        return data

    def as_filters(self) -> dict:
        """The chosen filters, as stored with an export and re-applied by its task."""
        data = self.cleaned_data
        filters = {}
        if data.get("status"):
            filters["status"] = data["status"]
        for key in ("submitted_from", "submitted_to"):
            if data.get(key):
                filters[key] = data[key].isoformat()
        if data.get("region"):
            filters["region"] = data["region"].code
        if data.get("overdue"):
            filters["overdue"] = True
        return filters


class PassOnForm(forms.Form):
    body = forms.ChoiceField(label=_("Passed to"), choices=Handover.Body.choices, widget=forms.RadioSelect)
    recipient = forms.CharField(
        label=_("To whom"),
        max_length=300,
        help_text=_("The unit, office or person, for example: Police department of the Almaly district, duty officer."),
        error_messages={"required": _("Enter to whom the referral was passed on")},
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000, widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["body"].error_messages["required"] = _("Choose who the referral was passed to")


class CloseForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=2000, widget=forms.Textarea)


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for declining"),
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": _("Enter why the referral is declined")},
    )


class MoveForm(forms.Form):
    region = RegionChoiceField(
        label=_("Move to region"),
        queryset=Region.objects.all(),
        to_field_name="code",
        error_messages={"required": _("Choose the region the referral belongs to")},
    )
    reason = forms.CharField(
        label=_("Why the routing was wrong"),
        max_length=2000,
        widget=forms.Textarea,
        error_messages={"required": _("Enter why the referral is moved")},
    )

    def __init__(self, *args, current_region=None, **kwargs):
        super().__init__(*args, **kwargs)
        if current_region is not None:
            self.fields["region"].queryset = Region.objects.exclude(pk=current_region.pk)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Add a note"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Enter the note")},
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=ExportRecord.Format.choices, widget=forms.RadioSelect, initial="csv"
    )
    purpose = forms.CharField(
        label=_("Purpose of this export"),
        help_text=_("Who will receive the file and why, for example: monthly statistics for the Commissioner."),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Enter the purpose of the export")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["format"].error_messages["required"] = _("Choose a format")

    def clean_purpose(self):
        purpose = self.cleaned_data["purpose"].strip()
        if len(purpose) < 5:
            raise forms.ValidationError(_("Describe the purpose in a few words"))
        return purpose


class AuditFilterForm(forms.Form):
    reference = forms.CharField(label=_("Reference"), required=False, max_length=20)
    username = forms.CharField(label=_("Username"), required=False, max_length=150)
    action = forms.ChoiceField(label=_("Action"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any action")), *AuditEntry.Action.choices]


class NotificationPreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["by_email"]
        help_texts = {
            "by_email": _(
                "A new referral, information a witness adds, a referral moved to your region and a reminder."
                " The e-mail holds only the reference and a link."
            )
        }
