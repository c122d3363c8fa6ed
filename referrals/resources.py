"""The admin's import of the classifier (django-import-export), with its preview.

Staff upload the CSV of fixtures/kato/ or the Bureau's Excel file as it is published; the
file is read into places by referrals/kato.py, the same way as by `manage.py import_kato`,
and each place becomes one row of the preview: new, or changed (renamed, moved) with the
difference shown. A row that cannot be read is an error on its line, and a file with any
error writes nothing. Retiring the places a new classifier no longer lists is the
command's job (`manage.py import_kato`), which lists them before anything changes.
"""

import tablib
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from contacts.models import Region
from referrals import kato
from referrals.gazetteer import fold
from referrals.kato_import import _replace_standing_in
from referrals.loading import add_names, place_names
from referrals.models import Settlement

COLUMNS = ("kato_code", "region", "kind", "name_ru", "name_kk", "district_ru", "district_kk", "rural_district", "error")


def _rows_of(dataset: tablib.Dataset) -> tuple[list[kato.Row], list[str]]:
    """The classifier's rows in either layout, and the errors of the rows that cannot be read."""
    headers = [str(header or "").strip().lower().lstrip("\ufeff") for header in dataset.headers or []]
    records = [list(row) for row in dataset]
    if len(headers) == 1 and ";" in headers[0]:
        # The CSV is ';'-separated: what was split on commas is one line again.
        headers = headers[0].split(";")
        records = [";".join("" if cell is None else str(cell) for cell in row).split(";") for row in records]
    rows, errors = [], []
    for line, record in enumerate(records, start=2):
        cells = dict(zip(headers, record, strict=False))
        try:
            if "te" in headers:
                rows += kato.rows_from_records([cells])
            elif "code" in headers:
                code = kato._valid_code(str(cells.get("code") or ""), line)
                name = str(cells.get("name") or "").strip()
                if not name:
                    raise kato.KatoError(f"line {line}: a name is needed")
                rows.append(kato.Row(code=code, name_ru=name, line=line))
            else:
                raise kato.KatoError(
                    f"the columns must be {', '.join(kato.CSV_COLUMNS)} or {', '.join(kato.EXCEL_COLUMNS)}"
                )
        except kato.KatoError as error:
            errors.append(str(error).replace("line 2:", f"line {line}:"))
    return rows, errors


class KatoResource(resources.ModelResource):
    kato_code = fields.Field(attribute="kato_code", column_name="kato_code")
    region = fields.Field(attribute="region", column_name="region", widget=widgets.ForeignKeyWidget(Region, "code"))
    kind = fields.Field(attribute="kind", column_name="kind")
    name_ru = fields.Field(attribute="name_ru", column_name="name_ru")
    district_ru = fields.Field(attribute="district_ru", column_name="district_ru")
    rural_district = fields.Field(attribute="rural_district", column_name="rural_district")

    class Meta:
        model = Settlement
        fields = ("kato_code", "region", "kind", "name_ru", "district_ru", "rural_district")
        import_id_fields = ("kato_code",)
        skip_unchanged = True
        report_skipped = False
        use_bulk = False

    def before_import(self, dataset, **kwargs):
        rows, errors = _rows_of(dataset)
        places = kato.places(rows)
        dataset.wipe()
        dataset.headers = list(COLUMNS)
        for message in errors:
            dataset.append(["", "", "", "", "", "", "", "", message])
        for place in places:
            dataset.append(
                [
                    place.code,
                    place.region_code,
                    place.kind,
                    place.name_ru,
                    place.name_kk,
                    place.district_ru,
                    place.district_kk,
                    place.rural_district_ru,
                    "",
                ]
            )

    def before_import_row(self, row, **kwargs):
        if row.get("error"):
            raise ValueError(_("This row cannot be read: %(reason)s") % {"reason": row["error"]})

    def import_instance(self, instance, row, **kwargs):
        # Names and districts staff gave in Kazakh or English are kept; only where the
        # classifier's Russian name stood in does the new one replace it.
        old_name, old_district, old_kind = instance.name_ru or "", instance.district_ru or "", instance.kind
        super().import_instance(instance, row, **kwargs)
        if instance.pk is not None:
            # A curated place keeps its kind (a district centre) and its Russian name when
            # the classifier's spelling is one of its names already.
            instance.kind = old_kind
            if instance.names.filter(key=fold(instance.name_ru)).exists():
                instance.name_ru = old_name
        _replace_standing_in(instance, "name", old_name, row.get("name_kk") or instance.name_ru)
        _replace_standing_in(instance, "district", old_district, row.get("district_kk") or instance.district_ru)
        if row.get("name_kk"):
            instance.name_kk = row["name_kk"]
        if instance.pk is None:
            instance.offered_first = instance.kind in (Settlement.Kind.CITY, Settlement.Kind.CITY_DISTRICT)
        instance.is_retired = False

    def after_save_instance(self, instance, row, **kwargs):
        if not kwargs.get("dry_run"):
            place = kato.Place(
                instance.kato_code, "", "", row.get("name_ru") or "", row.get("name_kk") or "", "", "", ""
            )
            add_names([(instance, place_names(place))])
