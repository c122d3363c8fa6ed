"""Exports: scoped, filtered, purpose first, recorded; CSV with BOM and formula escaping,
XLSX from a background task behind an expiring link, JSON; identities left out where the
witness did not agree; headers in the official's language."""

import csv
import datetime
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from factories import make_referral
from openpyxl import load_workbook

from referrals.exports import REFERRAL_COLUMNS
from referrals.models import ExportRecord

EXPORT = reverse("office:export_referrals")


def export(client, fmt="csv", purpose="Monthly statistics for the Commissioner", language="kk", **filters):
    query = "&".join(f"{k}={v}" for k, v in filters.items())
    url = f"/{language}/office/export/" + (f"?{query}" if query else "")
    return client.post(url, {"format": fmt, "purpose": purpose})


def csv_rows(response):
    raw = b"".join(response.streaming_content)
    assert raw.startswith("\ufeff".encode())  # the BOM, for Excel
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))


def test_it_asks_for_the_purpose_first(client_for, official_a, referral_a):
    response = client_for(official_a).post(EXPORT, {"format": "csv", "purpose": ""})
    assert response.status_code == 400
    assert not ExportRecord.objects.exists()


def test_the_purposes_error_is_tied_to_its_input_for_screen_readers(client_for, official_a, referral_a):
    html = client_for(official_a).post(EXPORT, {"format": "csv", "purpose": ""}).content.decode()
    assert 'id="error-summary"' in html
    assert '<a href="#id_purpose">' in html
    textarea = html[html.index("<textarea") : html.index(">", html.index("<textarea"))]
    assert 'aria-describedby="id_purpose-hint id_purpose-error"' in textarea
    assert 'aria-invalid="true"' in textarea
    assert 'id="id_purpose-error"' in html


def test_it_exports_csv_and_records_who_when_filters_purpose_rows(client_for, official_a, referral_a, region_a):
    make_referral(region_a, status="acknowledged")
    response = export(client_for(official_a), status="acknowledged")
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = csv_rows(response)
    assert len(rows) == 2  # header + the one acknowledged referral
    record = ExportRecord.objects.get()
    assert (record.actor, record.format, record.row_count, record.filters) == (
        official_a,
        "csv",
        1,
        {"status": "acknowledged"},
    )
    assert record.purpose == "Monthly statistics for the Commissioner"
    assert record.created_at <= timezone.now()


def test_it_exports_only_the_officials_region(client_for, official_a, referral_a, referral_b):
    rows = csv_rows(export(client_for(official_a), region="KZ-71"))
    references = [row[0] for row in rows[1:]]
    assert references == [referral_a.reference]


@pytest.mark.parametrize(
    ("language", "reference", "status"),
    [("kk", "Тіркеу нөмірі", "Мәртебесі"), ("ru", "Номер сообщения", "Статус"), ("en", "Reference", "Status")],
)
def test_it_writes_headers_in_the_officials_language(client_for, official_a, referral_a, language, reference, status):
    rows = csv_rows(export(client_for(official_a), language=language))
    assert rows[0][:2] == [reference, status]


def test_it_escapes_formulas(client_for, official_a, region_a):
    make_referral(region_a, account='=HYPERLINK("http://evil")', suspect_clothing="+1 jacket", vehicle_plate="@A1")
    rows = csv_rows(export(client_for(official_a), language="en"))
    header, row = rows[0], rows[1]
    cell = dict(zip(header, row, strict=True))
    assert cell["In the witness's words"] == '\'=HYPERLINK("http://evil")'
    assert cell["Suspect: clothing"] == "'+1 jacket"
    assert cell["Number plate"] == "'@A1"


def test_it_leaves_out_identities_the_witness_did_not_share(client_for, official_a, region_a):
    make_referral(region_a, witness_name="Shared Name", witness_phone="+77011111111", identity_may_be_shared=True)
    make_referral(region_a, witness_name="Secret Name", witness_phone="+77022222222", identity_may_be_shared=False)
    client = client_for(official_a)
    body = "\n".join(",".join(r) for r in csv_rows(export(client, language="en")))
    assert "Shared Name" in body and "+77011111111" in body
    assert "Secret Name" not in body and "+77022222222" not in body
    data = json.loads(b"".join(export(client, "json", language="en").streaming_content))
    names = {row["witness_name"] for row in data["rows"]}
    assert names == {"Shared Name", ""}


def test_it_streams_json_with_headers(client_for, official_a, referral_a):
    response = export(client_for(official_a), "json", language="ru")
    data = json.loads(b"".join(response.streaming_content))
    assert data["columns"]["reference"] == "Номер сообщения"
    assert [row["reference"] for row in data["rows"]] == [referral_a.reference]
    assert data["rows"][0]["status"] == "Получено"


def test_it_builds_xlsx_in_the_background_behind_an_expiring_link(client_for, official_a, official_b, referral_a):
    client = client_for(official_a)
    response = export(client, "xlsx", language="en")
    record = ExportRecord.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("office:export", args=[record.pk])
    record.refresh_from_db()
    assert record.state == ExportRecord.State.READY
    assert record.row_count == 1
    # The file is kept in the database, where every app server finds it, and encrypted there.
    stored = b"".join(bytes(data) for data in record.chunks.values_list("data", flat=True))
    assert stored and not stored.startswith(b"PK") and referral_a.reference.encode() not in stored
    download = reverse("office:export_download", args=[record.pk])
    # Nobody else may fetch it, not even an official with the same role.
    assert client_for(official_b).get(download).status_code == 404
    assert client_for(official_b).get(reverse("office:export", args=[record.pk])).status_code == 404
    response = client.get(download)
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Reference"
    assert rows[1][0] == referral_a.reference
    # After the link expires: gone.
    ExportRecord.objects.filter(pk=record.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(download).status_code == 404


def test_the_csv_rows_are_what_csv_writer_writes():
    from referrals.exports import cell_formatter, stream_csv

    when = timezone.now()
    rows = [
        ["plain", 'with "quotes"', "a, comma", "two\nlines", "cr\rhere", "=formula", "", None, True, when, 7],
        ["-1", "+1", "@A1", "\ttab", "Күдікті, қара", '"', ",", "x", False, None, None],
    ]
    with translation.override("en"):
        written = "".join(stream_csv(iter(rows), [f"h{i}" for i in range(11)]))
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([f"h{i}" for i in range(11)])
        cell = cell_formatter()
        writer.writerows([list(map(cell, row)) for row in rows])
    assert written == "\ufeff" + buffer.getvalue()


@pytest.mark.parametrize("count", [0, 1, 1999, 2000, 2001, 4000, 4500])
def test_reading_ahead_gives_every_row_once_in_order(count):
    from referrals.exports import _read_ahead

    rows = [(n,) for n in range(count)]
    assert [row for chunk in _read_ahead(iter(rows)) for row in chunk] == rows


def test_reading_ahead_raises_the_readers_error_and_stops_when_closed():
    import threading

    from referrals.exports import _read_ahead

    def failing():
        yield from [(n,) for n in range(2500)]
        raise RuntimeError("connection lost")

    chunks = _read_ahead(failing())
    next(chunks)
    with pytest.raises(RuntimeError, match="connection lost"):
        list(chunks)

    endless = _read_ahead((n,) for n in iter(int, 1))
    next(endless)
    next(endless)
    endless.close()
    assert not [t for t in threading.enumerate() if t.name == "export-read-ahead"]


def test_the_json_rows_are_each_row_as_an_object():
    from referrals.exports import stream_json

    when = timezone.now()
    rows = [['Күдікті, "қара"', None, True, when, datetime.date(2025, 1, 2), 7]] * 3
    rows.append(["x", "y", False, None, None, 0])
    columns = REFERRAL_COLUMNS[:6]
    names = [c.name for c in columns]
    with translation.override("en"):
        data = json.loads("".join(stream_json(iter(rows), columns)))
        local = timezone.localtime(when).isoformat()
    assert data["rows"][0] == dict(zip(names, ['Күдікті, "қара"', None, True, local, "2025-01-02", 7], strict=True))
    assert data["rows"][3] == dict(zip(names, ["x", "y", False, None, None, 0], strict=True))
    assert len(data["rows"]) == 4
    assert "".join(stream_json(iter([]), columns)).endswith('"rows": []}\n')
