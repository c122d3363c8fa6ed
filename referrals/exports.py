"""Exports of referrals and of the audit log: one set of columns, several formats.

The columns are declared once (REFERRAL_COLUMNS, AUDIT_COLUMNS), their headers in the
language active at the time. `iter_rows` reads `values_list().iterator()` a chunk of rows
at a time and converts each chunk column by column, with converters built once per export,
so memory stays flat whatever the row count (bench/export.py measures it). Column by column, most of the work per value
is done by C code (map, zip, join) rather than by a Python function called for each cell,
which is what makes an export of 100,000 referrals take seconds rather than tens of them.
On PostgreSQL the next chunk is read by a helper thread meanwhile (`_read_ahead`).

The witness's choice travels with the data: where they did not agree to their identity
being passed on, their name, phone and e-mail are left out.
"""

import contextlib
import csv
import datetime
import io
import itertools
import json
import queue
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import connections, transaction
from django.db.models import ExpressionWrapper, F, QuerySet, TextField
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from contacts.models import Region
from portal.crypto import EncryptedTextField
from referrals.fast_decrypt import make_decryptor
from referrals.filters import audit_queryset, filter_referrals
from referrals.models import AuditEntry, ExportRecord, Referral, ReferralStatus, RoutedTo, YesNoUnknown
from referrals.scope import StaffReferralScope

BOM = "\ufeff"
# A cell starting with one of these is read as a formula by spreadsheet programs.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK_ROWS = 2000


def escape_formula(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_START) else value


# A chunk of rows as its columns: each source's values, in row order.
Chunk = dict[str, list]


@dataclass(frozen=True)
class Column:
    name: str
    header: object  # a lazy translation: evaluated in the exporting official's language
    sources: tuple[str, ...]
    # Builds, once per export (labels resolved in its language), the converter of a whole
    # chunk of rows: given each source's values, it returns this column's values.
    prepare: Callable[[], Callable[[Chunk], Sequence]]

    def chunk_converter(self) -> Callable[[Chunk], Sequence]:
        return self.prepare()


def _prepared_plain(source):
    return lambda: lambda chunk: chunk[source]


def _prepared_choice(source, choices):
    def prepare():
        labels = {value: str(label) for value, label in choices}
        return lambda chunk: [labels.get(value, value or "") for value in chunk[source]]

    return prepare


def _prepared_region():
    language = translation.get_language() or "kk"
    names = {
        pk: names.get(language) or names["kk"]
        for pk, *values in Region.objects.values_list("pk", "name_kk", "name_ru", "name_en")
        for names in [dict(zip(settings.MODELTRANSLATION_LANGUAGES, values, strict=True))]
    }
    # No region (None) is not a key either: it gives "" too.
    return lambda chunk: list(map(names.get, chunk["region_id"], itertools.repeat("")))


def _prepared_settlement():
    language = translation.get_language() or "kk"
    key = f"settlement__name_{language}"

    # An active language without names of its own reads the Kazakh ones.
    def convert(chunk):
        names_kk = chunk["settlement__name_kk"]
        return [name or name_kk or "" for name, name_kk in zip(chunk.get(key, names_kk), names_kk, strict=True)]

    return convert


def _prepared_identity(source):
    return lambda: (
        lambda chunk: [
            value if shared else ""
            for value, shared in zip(chunk[source], chunk["identity_may_be_shared"], strict=True)
        ]
    )


def _prepared_json(source):
    return lambda: lambda chunk: [json.dumps(value, ensure_ascii=False, sort_keys=True) for value in chunk[source]]


def _c(name, header, *sources, prepare=None):
    sources = sources or (name,)
    return Column(name, header, tuple(sources), prepare or _prepared_plain(sources[0]))


def _choice_column(name, header, choices):
    return _c(name, header, prepare=_prepared_choice(name, choices))


REFERRAL_COLUMNS = [
    _c("reference", _("Reference")),
    _choice_column("status", _("Status"), ReferralStatus.choices),
    _c("region", _("Region"), "region_id", prepare=_prepared_region),
    _choice_column("routed_to", _("Routed to"), RoutedTo.choices),
    _c("submitted_at", _("Submitted at")),
    _c("acknowledged_at", _("Acknowledged at")),
    _c("escalated_at", _("Escalated at")),
    _c("closed_at", _("Closed at")),
    _choice_column("date_precision", _("How sure of the date"), Referral.DatePrecision.choices),
    _c("occurred_on", _("Date")),
    _c("time_exact", _("Time")),
    _choice_column("part_of_day", _("Part of the day"), Referral.PartOfDay.choices),
    _c(
        "settlement",
        _("Settlement"),
        "settlement__name_kk",
        "settlement__name_ru",
        "settlement__name_en",
        prepare=_prepared_settlement,
    ),
    _c("settlement_typed", _("Settlement as typed")),
    _c("place_kind", _("Kind of place")),
    _c("place_description", _("Description of the place")),
    _c("suspect_sex", _("Suspect: sex")),
    _c("suspect_age", _("Suspect: approximate age")),
    _c("suspect_height", _("Suspect: height")),
    _c("suspect_build", _("Suspect: build")),
    _c("suspect_hair", _("Suspect: hair")),
    _c("suspect_clothing", _("Suspect: clothing")),
    _c("suspect_marks", _("Suspect: distinguishing marks")),
    _c("suspect_language", _("Suspect: language spoken")),
    _c("suspect_relationship", _("Suspect: relationship to the child")),
    _choice_column("suspect_has_access", _("Suspect still has access to the child"), YesNoUnknown.choices),
    _c("suspect_direction", _("Suspect: direction they left in")),
    _c("vehicle_type", _("Vehicle")),
    _c("vehicle_make", _("Vehicle make")),
    _c("vehicle_colour", _("Vehicle colour")),
    _c("vehicle_plate", _("Number plate")),
    _c("child_age", _("Child: approximate age")),
    _c("child_sex", _("Child: sex")),
    _c("child_appearance", _("Child: appearance")),
    _c("category", _("What happened")),
    _c("account", _("In the witness's words")),
    _c("other_witnesses", _("Other witnesses")),
    _c("evidence_kept", _("Evidence kept")),
    _c("may_contact", _("The witness may be contacted")),
    _c("identity_may_be_shared", _("The witness's identity may be passed on")),
    _c(
        "witness_name",
        _("Witness's name"),
        "witness_name",
        "identity_may_be_shared",
        prepare=_prepared_identity("witness_name"),
    ),
    _c(
        "witness_phone",
        _("Witness's phone"),
        "witness_phone",
        "identity_may_be_shared",
        prepare=_prepared_identity("witness_phone"),
    ),
    _c(
        "witness_email",
        _("Witness's e-mail"),
        "witness_email",
        "identity_may_be_shared",
        prepare=_prepared_identity("witness_email"),
    ),
    _c("anonymised_at", _("Anonymised at")),
]

AUDIT_COLUMNS = [
    _c("created_at", _("When")),
    _c("actor", _("Who"), "actor__username"),
    _choice_column("action", _("Action"), AuditEntry.Action.choices),
    _c("reference", _("Reference")),
    _c("region", _("Region"), "region_id", prepare=_prepared_region),
    _c("detail", _("Details"), prepare=_prepared_json("detail")),
]


def export_queryset(user, record: ExportRecord, *, verified=None):
    """The rows an export may hold, scoped for the user again, and the columns to write."""
    scope = StaffReferralScope(user, verified=verified)
    if record.kind == ExportRecord.Kind.AUDIT:
        if not scope.can_view_audit:
            raise Http404("No audit access.")
        return audit_queryset(scope, record.filters).order_by("-created_at", "-id"), AUDIT_COLUMNS
    if not scope.can_export:
        raise Http404("No export permission.")
    return filter_referrals(scope.referrals(), record.filters).order_by("-submitted_at", "-id"), REFERRAL_COLUMNS


def _sources(columns) -> list[str]:
    seen = []
    for column in columns:
        for source in column.sources:
            if source not in seen:
                seen.append(source)
    return seen


def headers(columns) -> list[str]:
    return [str(column.header) for column in columns]


IDENTITY_SOURCES = ("witness_name", "witness_phone", "witness_email")


def _encrypted_sources(model, sources) -> set[str]:
    names = set()
    for source in sources:
        try:
            field = model._meta.get_field(source)
        except FieldDoesNotExist:
            continue
        if isinstance(field, EncryptedTextField):
            names.add(source)
    return names


class ExportRows:
    """The converted rows of an export, read from the database cursor a chunk at a time.

    Iterating gives one list of cells per row. Writers that can work a chunk at a time
    (stream_csv) take `chunks()` instead: each chunk of rows as its converted columns, which
    spares building a list for every row and splitting it into columns again.

    Encrypted columns are read as stored and decrypted here, a column of a chunk at a time,
    with one prepared key set (referrals/fast_decrypt.py); identities the witness did not
    agree to share are never decrypted at all.
    """

    def __init__(self, queryset: QuerySet, columns):
        self.queryset = queryset
        self.columns = columns

    def chunks(self) -> Iterator[list[Sequence]]:
        sources = _sources(self.columns)
        encrypted = _encrypted_sources(self.queryset.model, sources)
        # Read ciphertext as plain text: the field's own converter would decrypt value by value.
        selected = [ExpressionWrapper(F(s), output_field=TextField()) if s in encrypted else s for s in sources]
        decrypt_many = make_decryptor().many
        converters = [column.chunk_converter() for column in self.columns]
        database = self.queryset.db
        if connections[database].vendor != "postgresql":
            cursor = self.queryset.values_list(*selected).iterator(chunk_size=CHUNK_ROWS)
            yield from self._convert(sources, encrypted, decrypt_many, converters, _in_chunks(cursor))
            return
        # On PostgreSQL, reading is mostly waiting for the server: the next chunk is read in a
        # helper thread while this one is converted (_read_ahead). Inside a transaction the
        # server-side cursor sends rows as they are fetched; outside one, Django's cursor is
        # WITH HOLD, and PostgreSQL would first copy the whole result aside before the first
        # row, time during which nothing else could be done.
        with transaction.atomic(using=database):
            cursor = self.queryset.values_list(*selected).iterator(chunk_size=CHUNK_ROWS)
            chunks = _read_ahead(cursor)
            try:
                yield from self._convert(sources, encrypted, decrypt_many, converters, chunks)
            finally:
                chunks.close()  # the helper thread has ended before the cursor is closed
                cursor.close()

    @staticmethod
    def _convert(sources, encrypted, decrypt_many, converters, chunks) -> Iterator[list[Sequence]]:
        for rows in chunks:
            chunk = dict(zip(sources, map(list, zip(*rows, strict=True)), strict=True))
            del rows  # only the columns are kept from here on: one copy of the chunk, not two
            for source in encrypted:
                values = chunk[source]
                if source in IDENTITY_SOURCES:
                    # Identities the witness did not agree to share are blanked before decryption.
                    shared = chunk["identity_may_be_shared"]
                    values = [value if ok else "" for value, ok in zip(values, shared, strict=True)]
                chunk[source] = decrypt_many(values)  # one batch per column of the chunk
            yield [convert(chunk) for convert in converters]

    def __iter__(self) -> Iterator[list]:
        for columns in self.chunks():
            yield from map(list, zip(*columns, strict=True))


def _in_chunks(cursor: Iterator[tuple]) -> Iterator[list[tuple]]:
    while rows := list(itertools.islice(cursor, CHUNK_ROWS)):
        yield rows


def _read_ahead(cursor: Iterator[tuple]) -> Iterator[list[tuple]]:
    """Chunks of rows from a database cursor, the next one read in a helper thread.

    While the export converts and writes one chunk, the helper waits for the server to send
    the next (the GIL is released while waiting) and psycopg parses it. At most one chunk
    waits in the queue, so memory stays flat. The first chunk is read here, in the calling
    thread, so that the query runs on this thread's connection and transaction; the helper
    only reads on from the same cursor, and nothing else uses it until the helper is done.
    """
    first = list(itertools.islice(cursor, CHUNK_ROWS))
    if len(first) < CHUNK_ROWS:
        if first:
            yield first
        return
    ready = queue.Queue(maxsize=1)
    stop = threading.Event()

    def read():
        try:
            while not stop.is_set():
                rows = list(itertools.islice(cursor, CHUNK_ROWS))
                ready.put(rows)
                if len(rows) < CHUNK_ROWS:
                    return
        except BaseException as error:  # handed over, raised in the exporting thread
            ready.put(error)

    helper = threading.Thread(target=read, name="export-read-ahead", daemon=True)
    helper.start()
    try:
        yield first
        while True:
            rows = ready.get()
            if isinstance(rows, BaseException):
                raise rows
            if rows:
                yield rows
            if len(rows) < CHUNK_ROWS:
                return
    finally:
        # Stopped early (an error, a closed download): let the helper finish its read and end.
        stop.set()
        while helper.is_alive():
            with contextlib.suppress(queue.Empty):
                ready.get(timeout=0.1)
        helper.join()


def iter_rows(queryset: QuerySet, columns) -> ExportRows:
    """Converted rows straight from the database cursor, a chunk at a time (see ExportRows)."""
    return ExportRows(queryset, columns)


# --- Writers ------------------------------------------------------------------------------


_FORMULA_CHARS = frozenset("".join(FORMULA_START))


def cell_formatter() -> Callable[[object], str]:
    """Turns a value into spreadsheet text, formula-safe, in the active language.

    Made once per export: the words for yes and no and the time zone are looked up once,
    not for each of a million cells.
    """
    yes, no = gettext("Yes"), gettext("No")
    zone = timezone.get_current_timezone()

    def cell(value) -> str:
        kind = type(value)
        if kind is str:
            return "'" + value if value and value[0] in _FORMULA_CHARS else value
        if value is None:
            return ""
        if kind is bool:
            return yes if value else no
        if kind is datetime.datetime:
            return value.astimezone(zone).strftime("%Y-%m-%d %H:%M")
        if kind is datetime.date or kind is datetime.time:
            return value.isoformat()
        return escape_formula(str(value))

    return cell


# csv.writer's rule (excel dialect, QUOTE_MINIMAL): a field is quoted when it holds one of these.
_NEEDS_QUOTES = re.compile('[,"\r\n]')


def _csv_column(values: Sequence, cell) -> Sequence[str]:
    """One column of a chunk as CSV fields: formula-safe text, quoted where csv.writer would.

    Most columns are text that needs neither (checked for the whole column with C calls,
    not cell by cell), and pass through as they are.
    """
    if set(map(type, values)) == {str}:
        if any(map(str.startswith, values, itertools.repeat(FORMULA_START))):
            values = ["'" + value if value.startswith(FORMULA_START) else value for value in values]
    else:
        values = list(map(cell, values))
    if not _NEEDS_QUOTES.search("".join(values)):
        return values
    search = _NEEDS_QUOTES.search
    return ['"' + value.replace('"', '""') + '"' if search(value) else value for value in values]


def _as_chunks(rows: Iterable[list]) -> Iterator[list[Sequence]]:
    if isinstance(rows, ExportRows):
        yield from rows.chunks()
        return
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, CHUNK_ROWS)):
        yield list(zip(*chunk, strict=True))


def stream_csv(rows: Iterable[list], header: list[str]) -> Iterator[str]:
    """CSV for Excel users: a BOM (else Cyrillic shows garbled) and formula-safe cells.

    The header goes through csv.writer; the rows are written a chunk at a time, column by
    column, to the same text csv.writer writes (fields quoted only where needed, quotes
    doubled, lines ending in CRLF): csv.writer's cell-by-cell work was a third of the time
    of a large export.
    """
    buffer = io.StringIO()
    csv.writer(buffer).writerow([escape_formula(h) for h in header])
    yield BOM + buffer.getvalue()
    cell = cell_formatter()
    for columns in _as_chunks(rows):
        fields = [_csv_column(values, cell) for values in columns]
        yield "\r\n".join(map(",".join, zip(*fields, strict=True))) + "\r\n"


def _json_value(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    return value


# Values json.dumps writes as they are; dates and times are written as ISO text.
_JSON_NATIVE = frozenset({str, int, float, bool, type(None)})


def _json_column(values: Sequence) -> Sequence:
    if set(map(type, values)) <= _JSON_NATIVE:
        return values
    return list(map(_json_value, values))


def stream_json(rows: Iterable[list], columns) -> Iterator[str]:
    """{"columns": {key: header}, "rows": [{key: value}, ...]}, written as it goes.

    A chunk at a time: dates and times converted only in the columns that hold them, and
    the chunk's objects encoded and joined in one go.
    """
    names = [c.name for c in columns]
    yield '{"columns": ' + json.dumps(dict(zip(names, headers(columns), strict=True)), ensure_ascii=False)
    yield ', "rows": ['
    encode = json.JSONEncoder(ensure_ascii=False).encode  # what json.dumps(item, ensure_ascii=False) does
    separator = ""
    for chunk in _as_chunks(rows):
        values = [_json_column(column) for column in chunk]
        items = [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]
        yield separator + ",".join(map(encode, items))
        separator = ","
    yield "]}\n"


def write_xlsx(rows: Iterable[list], header: list[str], path) -> int:
    """XLSX with openpyxl's write-only mode: rows go to disk as they come."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append(header)
    count = 0
    cell = cell_formatter()
    for row in rows:
        sheet.append(list(map(cell, row)))
        count += 1
    workbook.save(path)
    return count
