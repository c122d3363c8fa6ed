"""Reading the Classifier of Administrative-Territorial Objects (KATO) into places.

The Bureau of National Statistics publishes the classifier as Excel with the columns
`te, ab, cd, ef, hij, k, name_kaz, name_rus, nn`; fixtures/kato/ keeps a public copy of
the 2022 version as CSV (`id;parent_id;code;name`, Russian names only). Both are read
here into the same `Place` records, so the loader, the management command and the admin
import agree on what a file says.

The hierarchy is read from the 9-digit code itself, the same way for both layouts:
the first two digits are the region (its ISO 3166-2:KZ code is "KZ-" and those digits),
the first four the district or city administration, the first six the rural district
or town, and the last three the settlement inside it.
"""

import csv
import io
import re
from dataclasses import dataclass

EXCEL_COLUMNS = ("te", "ab", "cd", "ef", "hij", "k", "name_kaz", "name_rus", "nn")
CSV_COLUMNS = ("id", "parent_id", "code", "name")

# The cities of republican significance: their own districts are places of the city.
CITIES_WITH_DISTRICTS = {"71", "75", "79"}

# The abbreviations the classifier prints before a settlement's name. A town or village
# is shown by its name alone; other objects keep the word that says what they are
# ("зимовка Жанабаз", "ст. Жалтыр"), since a witness may well say it that way too.
_TOWN = re.compile(r"^\s*(г\.|гор\.)\s*", re.IGNORECASE)
_VILLAGE = re.compile(r"^\s*(с\.|п\.|пос\.|аул\s)\s*", re.IGNORECASE)
_ADMINISTRATIVE_UNIT = re.compile(
    r"((?<!\w)(с\.о\.|с\.а\.|г\.а\.|п\.а\.)|\bр-н\b|\bрайон\b|\bауданы\b|округ)", re.IGNORECASE
)

# Spelled out for display: the classifier abbreviates the kinds of administrative units.
_EXPANSIONS = [
    (re.compile(r"\bр-н\b"), "район"),
    (re.compile(r"(?<!\w)с\.о\.", re.IGNORECASE), "сельский округ"),
    (re.compile(r"(?<!\w)Г\.А\.", re.IGNORECASE), "городская администрация"),
    (re.compile(r"(?<!\w)п\.а\.", re.IGNORECASE), "поселковая администрация"),
    (re.compile(r"(?<!\w)с\.а\.", re.IGNORECASE), "сельская администрация"),
]


class KatoError(ValueError):
    """A file that is not the classifier in either layout, or a row that cannot be read."""


@dataclass(frozen=True)
class Row:
    """One object of the classifier as the file gives it."""

    code: str
    name_ru: str
    name_kk: str = ""
    line: int = 0


@dataclass(frozen=True)
class Place:
    """A place a witness may name: a settlement, a town, or a district of one of the three cities."""

    code: str
    region_code: str  # ISO 3166-2:KZ, e.g. KZ-63
    kind: str  # a Settlement.Kind value
    name_ru: str
    name_kk: str  # empty when the file has only Russian names
    district_ru: str
    district_kk: str
    rural_district_ru: str


def spelled_out(name: str) -> str:
    """The name of an administrative unit with the classifier's abbreviations written out."""
    for pattern, word in _EXPANSIONS:
        name = pattern.sub(word, name)
    return re.sub(r"\s+", " ", name).strip()


def _place_name(printed: str) -> tuple[str, str]:
    """(kind, name) of a settlement-level object from its printed name."""
    if _TOWN.match(printed):
        return "city", _TOWN.sub("", printed).strip()
    if _VILLAGE.match(printed):
        return "village", _VILLAGE.sub("", printed).strip()
    return "other", printed.strip()


def _valid_code(code: str, line: int) -> str:
    code = (code or "").strip()
    if code.endswith(".0"):  # a number cell read from Excel
        code = code[:-2]
    if not re.fullmatch(r"\d{9}", code):
        raise KatoError(f"line {line}: “{code}” is not a 9-digit KATO code")
    return code


def rows_from_csv(text: str) -> list[Row]:
    """The CSV layout (`id;parent_id;code;name`), BOM or not."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    header = [column.strip().lower() for column in next(reader, [])]
    if tuple(header[:4]) != CSV_COLUMNS:
        raise KatoError(f"the header must be {';'.join(CSV_COLUMNS)}")
    rows = []
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) < 4 or not cells[3].strip():
            raise KatoError(f"line {line}: a code and a name are needed")
        rows.append(Row(code=_valid_code(cells[2], line), name_ru=cells[3].strip(), line=line))
    return rows


def rows_from_records(records) -> list[Row]:
    """The Bureau's Excel layout, as dicts keyed by its column names (tablib or openpyxl rows)."""
    rows = []
    for line, record in enumerate(records, start=2):
        record = {str(key).strip().lower(): ("" if value is None else str(value)) for key, value in record.items()}
        if not any(value.strip() for value in record.values()):
            continue
        missing = [column for column in ("te", "name_rus") if column not in record]
        if missing:
            raise KatoError(f"the columns must be {', '.join(EXCEL_COLUMNS)}")
        name_ru, name_kk = record["name_rus"].strip(), record.get("name_kaz", "").strip()
        if not name_ru and not name_kk:
            raise KatoError(f"line {line}: a name is needed")
        rows.append(Row(code=_valid_code(record["te"], line), name_ru=name_ru or name_kk, name_kk=name_kk, line=line))
    return rows


def rows_from_xlsx(data: bytes) -> list[Row]:
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = workbook.worksheets[0]
    lines = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip().lower() for cell in next(lines, [])]
    return rows_from_records(dict(zip(header, values, strict=False)) for values in lines)


def read_file(name: str, data: bytes) -> list[Row]:
    """Rows of a classifier file, by its extension: .csv or .xlsx."""
    if name.lower().endswith(".xlsx"):
        return rows_from_xlsx(data)
    try:
        return rows_from_csv(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise KatoError("the CSV file must be UTF-8") from error


def places(rows: list[Row]) -> list[Place]:
    """The places of the classifier, each with its region, district and rural district."""
    by_code = {row.code: row for row in rows}

    def unit(code: str) -> Row | None:
        return by_code.get(code)

    found = []
    for row in rows:
        code = row.code
        region, district, rural, settlement = code[:2], code[2:4], code[4:6], code[6:]
        if district == "00":
            if region in CITIES_WITH_DISTRICTS:
                # Astana, Almaty, Shymkent: a region of their own, and a place a witness names.
                found.append(Place(code, f"KZ-{region}", "city", _place_name(row.name_ru)[1], row.name_kk, "", "", ""))
            continue  # a region: it is a Region of the directory already
        district_row = unit(code[:4] + "00000")
        if region in CITIES_WITH_DISTRICTS and settlement == "000" and _ADMINISTRATIVE_UNIT.search(row.name_ru):
            # "район Есиль" of Astana: a place of the city, named as the classifier names it.
            found.append(
                Place(code, f"KZ-{region}", "city_district", spelled_out(row.name_ru), row.name_kk, "", "", "")
            )
            continue
        if rural == "00" and settlement == "000":
            continue  # a district or a city administration: not a place to name
        if settlement == "000" and _ADMINISTRATIVE_UNIT.search(row.name_ru) and not _TOWN.match(row.name_ru):
            continue  # a rural district: its villages are the places
        kind, name_ru = _place_name(row.name_ru)
        name_kk = _place_name(row.name_kk)[1] if row.name_kk else ""
        rural_row = unit(code[:6] + "000") if settlement != "000" else None
        found.append(
            Place(
                code=code,
                region_code=f"KZ-{region}",
                kind=kind,
                name_ru=name_ru,
                name_kk=name_kk,
                district_ru=spelled_out(district_row.name_ru) if district_row else "",
                district_kk=spelled_out(district_row.name_kk) if district_row and district_row.name_kk else "",
                rural_district_ru=spelled_out(rural_row.name_ru) if rural_row else "",
            )
        )
    return found
