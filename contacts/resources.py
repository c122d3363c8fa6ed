"""Import and export of the directory (django-import-export), for staff who keep it in a spreadsheet.

Every translated field is listed once per language (`name_kk`, `name_ru`, `name_en`) and
the virtual `name` never: with both in a file, the language column silently overwrites
an edit made in the other on import. Foreign keys travel as natural keys (a region's
code, a service's slug) so a file means the same thing in every database.
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets
from import_export.formats import base_formats

from contacts import phones
from contacts.models import NationalService, PhoneNumber, Region, RegionalOmbudsman

LANGUAGES = settings.MODELTRANSLATION_LANGUAGES


def per_language(*names: str) -> tuple[str, ...]:
    return tuple(f"{name}_{lang}" for name in names for lang in LANGUAGES)


class CSVWithBOM(base_formats.CSV):
    """CSV that Excel opens with its Cyrillic intact: UTF-8 with a byte-order mark."""

    BOM = "\ufeff"

    def export_data(self, dataset, **kwargs):
        return self.BOM + super().export_data(dataset, **kwargs)


class NaturalKeyWidget(widgets.ForeignKeyWidget):
    """A foreign key by its natural key, with a reason staff can act on when it is unknown."""

    def __init__(self, model, field, message):
        super().__init__(model, field=field)
        self.message = message

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ObjectDoesNotExist:
            # A ValueError is reported on the row, with this message, as an invalid value.
            raise ValueError(str(self.message) % {"value": value}) from None


def region_widget():
    return NaturalKeyWidget(Region, "code", _("Unknown region code “%(value)s”: use a code such as KZ-71."))


class PhoneNumberWidget(widgets.CharWidget):
    """Accepts a number as people write it and stores it in E.164.

    Exported in Kazakhstan's written form (+7 (701) 516-01-15): a spreadsheet keeps it as
    text, where a bare +77015160115 would be turned into a number and lose its plus.
    """

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value)
        try:
            return phones.normalise(text, allow_short=bool(row and row.get("service")))
        except ValidationError as error:
            raise ValueError(f"{text}: {' '.join(error.messages)}") from None

    def render(self, value, obj=None, **kwargs):
        return phones.display(value) if value else ""


class DirectoryResource(resources.ModelResource):
    class Meta:
        # Run the models' own validation (numbers, dates, choices) on every row.
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def before_import_row(self, row, **kwargs):
        # An empty spreadsheet cell arrives as None from XLSX and as "" from CSV: treat
        # both as "" so a round trip through either format gives back the same entries.
        for column, value in row.items():
            if value is None:
                row[column] = ""


class RegionResource(DirectoryResource):
    class Meta(DirectoryResource.Meta):
        model = Region
        import_id_fields = ("code",)
        fields = ("code", "slug", "kind", "position", *per_language("name"))
        export_order = fields


class RegionalOmbudsmanResource(DirectoryResource):
    region = fields.Field(attribute="region", column_name="region", widget=region_widget())

    class Meta(DirectoryResource.Meta):
        model = RegionalOmbudsman
        import_id_fields = ("region",)
        fields = (
            "region",
            "full_name",
            "full_name_ru",
            "full_name_en",
            "name_forms_confirmed",
            "email",
            "status",
            "checked_on",
            *per_language("public_notice"),
        )
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("region")


class NationalServiceResource(DirectoryResource):
    class Meta(DirectoryResource.Meta):
        model = NationalService
        import_id_fields = ("slug",)
        fields = (
            "slug",
            "kind",
            "position",
            *per_language("name", "description"),
            "anonymous",
            *per_language("opening_hours"),
            "email",
            "status",
            "checked_on",
            *per_language("public_notice"),
        )
        export_order = fields


class PhoneNumberResource(DirectoryResource):
    # The ombudsman by the code of their region: the one a number belongs to.
    region = fields.Field(
        attribute="ombudsman",
        column_name="region",
        widget=NaturalKeyWidget(
            RegionalOmbudsman, "region__code", _("No regional ombudsman for region code “%(value)s”.")
        ),
    )
    service = fields.Field(
        attribute="service",
        column_name="service",
        widget=NaturalKeyWidget(NationalService, "slug", _("Unknown national service “%(value)s”.")),
    )
    number = fields.Field(attribute="number", column_name="number", widget=PhoneNumberWidget())

    class Meta(DirectoryResource.Meta):
        model = PhoneNumber
        fields = ("id", "region", "service", "number", "channel", "position")
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("ombudsman__region", "service")
