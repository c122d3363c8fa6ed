"""Exports of referrals and of the audit log: one row generator, several formats (pretix's way).

`export_queryset` gives the rows an official may export, scoped for them again, and the
columns to write. A referral's columns are the case's own (reference, status, region,
dates) and then every question of the observation, whose answers come from the one
presenter (referrals/answers.py): the same text as the check page and the office page.
`export_rows` reads the database a chunk at a time and yields each row as its cells
(`Answer`: the text people read, and the data JSON carries), so memory stays flat whatever
the row count. It decrypts at most two values per referral (the witness's words, and their
identity only where they agreed to it being passed on). A value no key decrypts does not
stop the export: its cells say so and `ExportRows.unreadable` counts such rows.

Formats: CSV through the standard csv module (BOM for Excel, formula-safe cells), JSON
streamed, XLSX (XlsxWriter in constant-memory mode) built by a background task.
"""

import csv
import datetime
import io
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import xlsxwriter
from django.db import connections, transaction
from django.db.models import F, QuerySet, TextField
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from contacts.models import Region
from portal import crypto, dates
from referrals import answers
from referrals.answers import Answer
from referrals.filters import audit_queryset, filter_referrals
from referrals.models import AuditEntry, ExportRecord, Referral, ReferralStatus, RoutedTo
from referrals.models.observation import IDENTITY, WITNESS_WORDS
from referrals.scope import StaffReferralScope

BOM = "\ufeff"
# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 2000


def escape_formula(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    cell: Callable[[dict], Answer]


# --- Cells of the case's own columns ----------------------------------------------------


def _plain(key):
    def cell(values):
        value = values.get(key)
        return Answer("" if value is None else str(value), value)

    return cell


def _label(key, choices):
    labelled = {code: Answer(str(label), {"code": code, "label": str(label)}) for code, label in choices}
    empty = Answer("", None)
    return lambda values: labelled.get(values.get(key), empty)


def _moment(key):
    empty = Answer("", None)

    def cell(values):
        value = values.get(key)
        if value is None:
            return empty
        return Answer(dates.datetime_text(value), timezone.localtime(value).isoformat())

    return cell


def _region_cell():
    named, empty = {}, Answer("", None)  # each region's cell once: its translated name costs a lookup

    def cell(values):
        region = values.get("region")
        if region is None:
            return empty
        if region.pk not in named:
            name = str(region.name)
            named[region.pk] = Answer(name, {"code": region.code, "label": name})
        return named[region.pk]

    return cell


def _json_detail(values):
    detail = values.get("detail") or {}
    return Answer(json.dumps(detail, ensure_ascii=False, sort_keys=True), detail)


def referral_columns() -> list[Column]:
    """The columns of a referral export, headers and labels in the active language."""
    presenter = answers.prepared()
    case = [
        Column("reference", str(_("Reference")), _plain("reference")),
        Column("status", str(_("Status")), _label("status", ReferralStatus.choices)),
        Column("region", str(_("Region")), _region_cell()),
        Column("routed_to", str(_("Routed to")), _label("routed_to", RoutedTo.choices)),
        # The place as it was when routed (referrals/services.py), from the classifier.
        Column("settlement_kato_code", str(_("KATO code")), _plain("settlement_kato_code")),
        Column("settlement_district", str(_("District")), _plain("settlement_district")),
        Column("submitted_at", str(_("Submitted at")), _moment("submitted_at")),
        Column("acknowledged_at", str(_("Acknowledged at")), _moment("acknowledged_at")),
        Column("escalated_at", str(_("Escalated at")), _moment("escalated_at")),
        Column("closed_at", str(_("Closed at")), _moment("closed_at")),
        Column("anonymised_at", str(_("Anonymised at")), _moment("anonymised_at")),
    ]
    # Each question under its step's title: "Sex" alone would not say whose.
    questions = [
        # The place's question is the witness's; the case's region above is where it is now.
        Column(q.key if q.key != "region" else "region_answer", f"{presenter.titles[q.step]} {header}", cell)
        for q, header, cell in zip(presenter.questions, presenter.headers, presenter.answer_functions, strict=True)
    ]
    return case + questions


def audit_columns() -> list[Column]:
    return [
        Column("created_at", str(_("When")), _moment("created_at")),
        Column("actor", str(_("Who")), _plain("actor__username")),
        Column("action", str(_("Action")), _label("action", AuditEntry.Action.choices)),
        Column("reference", str(_("Reference")), _plain("reference")),
        Column("region", str(_("Region")), _region_cell()),
        Column("detail", str(_("Details")), _json_detail),
    ]


CASE_FIELDS = [
    "reference",
    "status",
    "region_id",
    "routed_to",
    "settlement_kato_code",
    "settlement_district",
    "submitted_at",
    "acknowledged_at",
    "escalated_at",
    "closed_at",
    "anonymised_at",
]
REFERRAL_SOURCES = CASE_FIELDS + [f for f in answers.PLAIN_FIELDS if f not in CASE_FIELDS]
AUDIT_SOURCES = ["created_at", "actor__username", "action", "reference", "region_id", "detail"]


def export_queryset(user, record: ExportRecord, *, verified=None) -> QuerySet:
    """The rows an export may hold, scoped for the user again (at request and in the task)."""
    scope = StaffReferralScope(user, verified=verified)
    if record.kind == ExportRecord.Kind.AUDIT:
        if not scope.can_view_audit:
            raise Http404("No audit access.")
        return audit_queryset(scope, record.filters).order_by("-created_at", "-id")
    if not scope.can_export:
        raise Http404("No export permission.")
    return filter_referrals(scope.referrals(), record.filters).order_by("-submitted_at", "-id")


# --- The row generator ----------------------------------------------------------------


class ExportRows:
    """The rows of an export as lists of cells, read a chunk at a time; counts unreadable rows."""

    def __init__(self, queryset: QuerySet):
        self.queryset = queryset
        self.is_referrals = queryset.model is Referral
        self.columns = referral_columns() if self.is_referrals else audit_columns()
        self.headers = [column.header for column in self.columns]
        self.keys = [column.key for column in self.columns]
        self.unreadable = 0
        self.count = 0

    def _cursor(self):
        if self.is_referrals:
            # The two encrypted values are read as stored and decrypted here, row by row,
            # so that one value no key opens spoils its own row only.
            raw = {"raw_words": Cast(F("witness_words"), TextField()), "raw_identity": Cast(F("identity"), TextField())}
            # The matched place's name in the active language, else in Kazakh.
            language = translation.get_language() or "kk"
            self.place_names = list(dict.fromkeys([f"settlement__name_{language}", "settlement__name_kk"]))
            # As Referral.place_district: the place's district in this language, else in
            # Kazakh, else as recorded when routed.
            self.districts = [*dict.fromkeys([f"settlement__district_{language}", "settlement__district_kk"])]
            sources = [*REFERRAL_SOURCES, *self.place_names, *self.districts, "raw_words", "raw_identity"]
            return sources, self.queryset.annotate(**raw).values_list(*sources).iterator(chunk_size=CHUNK_ROWS)
        return AUDIT_SOURCES, self.queryset.values_list(*AUDIT_SOURCES).iterator(chunk_size=CHUNK_ROWS)

    def __iter__(self) -> Iterator[list[Answer]]:
        database = self.queryset.db
        regions = {region.pk: region for region in Region.objects.all()}
        cells = [column.cell for column in self.columns]
        # On PostgreSQL, inside a transaction the server-side cursor sends rows as they are
        # fetched; outside one it is WITH HOLD and the whole result is copied aside first.
        atomic = transaction.atomic(using=database) if connections[database].vendor == "postgresql" else None
        if atomic:
            atomic.__enter__()
        try:
            sources, cursor = self._cursor()
            for row in cursor:
                values = dict(zip(sources, row, strict=True))
                values["region"] = regions.get(values["region_id"])
                if self.is_referrals:
                    values["settlement_name"] = next(filter(None, map(values.get, self.place_names)), "")
                    values["settlement_district"] = next(
                        filter(None, map(values.get, self.districts)), values["settlement_district"]
                    )
                    self._decrypt(values)
                self.count += 1
                yield [cell(values) for cell in cells]
        finally:
            if atomic:
                atomic.__exit__(None, None, None)

    def _decrypt(self, values: dict) -> None:
        broken = set()
        try:
            values.update(crypto.decrypt_json(values.pop("raw_words")))
        except ValueError:  # crypto.UnreadableValue, or not JSON
            broken.update(WITNESS_WORDS)
        raw_identity = values.pop("raw_identity")
        if not values["identity_may_be_shared"]:
            values[answers.NOT_SHARED] = True  # never decrypted at all
        else:
            try:
                values.update(crypto.decrypt_json(raw_identity))
            except ValueError:  # crypto.UnreadableValue, or not JSON
                broken.update(IDENTITY)
        values[answers.UNREADABLE] = broken
        if broken:
            self.unreadable += 1


def export_rows(queryset: QuerySet) -> ExportRows:
    return ExportRows(queryset)


# --- Formats ----------------------------------------------------------------------------


def stream_csv(rows: ExportRows) -> Iterator[str]:
    """CSV for Excel users: a BOM (else Cyrillic shows garbled) and formula-safe cells."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([escape_formula(h) for h in rows.headers])
    yield BOM + buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    for index, row in enumerate(rows, 1):
        writer.writerow([escape_formula(cell.text) for cell in row])
        if index % CHUNK_ROWS == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def stream_json(rows: ExportRows) -> Iterator[str]:
    """{"columns": {key: header}, "rows": [{key: value}, ...]}, written as it goes.

    A choice is {"code": ..., "label": ...}, so integrations do not depend on wording.
    """
    keys = rows.keys
    yield '{"columns": ' + json.dumps(dict(zip(keys, rows.headers, strict=True)), ensure_ascii=False)
    yield ', "rows": ['
    encode = json.JSONEncoder(ensure_ascii=False, default=_json_default).encode
    batch, separator = [], ""
    for row in rows:
        batch.append(encode(dict(zip(keys, [cell.data for cell in row], strict=True))))
        if len(batch) == CHUNK_ROWS:
            yield separator + ",".join(batch)
            batch, separator = [], ","
    if batch:
        yield separator + ",".join(batch)
    yield "]}\n"


def _json_default(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def write_xlsx(rows: ExportRows, file) -> int:
    """XLSX with XlsxWriter's constant-memory mode: each row goes to disk as it is written.

    Cells are written as text (the same text as CSV), so no value is read as a formula.
    """
    workbook = xlsxwriter.Workbook(file, {"constant_memory": True, "strings_to_formulas": False})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, rows.headers)
    # write_string, not write_row: every cell is text, and write_row's per-cell type
    # dispatch is a quarter of the writing time.
    write_string = sheet.write_string
    count = 0
    for index, row in enumerate(rows, 1):
        for column, cell in enumerate(row):
            if cell.text:
                write_string(index, column, cell.text)
        count = index
    workbook.close()
    return count
