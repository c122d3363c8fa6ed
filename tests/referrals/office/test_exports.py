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
    assert cell["What happened Describe what you saw or heard, in your own words"] == '\'=HYPERLINK("http://evil")'
    assert cell["The person you are worried about Clothing"] == "'+1 jacket"
    assert cell["A vehicle Number plate, full or partial"] == "'@A1"


def test_it_leaves_out_identities_the_witness_did_not_share(client_for, official_a, region_a):
    make_referral(region_a, witness_name="Shared Name", witness_phone="+77011111111", identity_may_be_shared=True)
    make_referral(region_a, witness_name="Secret Name", witness_phone="+77022222222", identity_may_be_shared=False)
    client = client_for(official_a)
    body = "\n".join(",".join(r) for r in csv_rows(export(client, language="en")))
    assert "Shared Name" in body and "+77011111111" in body
    assert "Secret Name" not in body and "+77022222222" not in body
    data = json.loads(b"".join(export(client, "json", language="en").streaming_content))
    names = {json.dumps(row["witness_name"]) for row in data["rows"]}
    left_out = "Left out: the witness did not agree to their identity being passed on"
    assert names == {'"Shared Name"', json.dumps({"code": "not_shared", "label": left_out})}


def test_it_streams_json_with_headers(client_for, official_a, referral_a):
    response = export(client_for(official_a), "json", language="ru")
    data = json.loads(b"".join(response.streaming_content))
    assert data["columns"]["reference"] == "Номер сообщения"
    assert [row["reference"] for row in data["rows"]] == [referral_a.reference]
    assert data["rows"][0]["status"] == {"code": "received", "label": "Получено"}


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
    record.refresh_from_db()
    assert record.downloaded_at is not None  # its life: requested, built, downloaded, then expired
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][0] == "Reference"
    assert rows[1][0] == referral_a.reference
    # After the link expires: gone.
    ExportRecord.objects.filter(pk=record.pk).update(expires_at=timezone.now() - datetime.timedelta(seconds=1))
    assert client.get(download).status_code == 404


def test_the_csv_rows_are_what_csv_writer_writes(client_for, official_a, region_a):
    make_referral(region_a, account='He said "come", then, twice\nand left', suspect_hair="-dark")
    with translation.override("en"):
        body = b"".join(export(client_for(official_a), language="en").streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    again = io.StringIO()
    csv.writer(again).writerows(rows)
    assert body == again.getvalue()
    cell = dict(zip(rows[0], rows[1], strict=True))
    assert (
        cell["What happened Describe what you saw or heard, in your own words"]
        == 'He said "come", then, twice\nand left'
    )
    assert cell["The person you are worried about Hair"] == "'-dark"


def test_an_unreadable_value_is_marked_in_its_row_counted_and_shown(client_for, official_a, region_a):
    from django.db import connection

    good = make_referral(region_a, account="Readable")
    broken = make_referral(region_a, account="Lost")
    with connection.cursor() as cursor:
        cursor.execute("UPDATE referrals_referral SET witness_words = %s WHERE id = %s", ["fernet:garbage", broken.pk])
    client = client_for(official_a)
    rows = csv_rows(export(client, language="en"))
    assert len(rows) == 3  # the export is not cut short
    cells = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    words = "What happened Describe what you saw or heard, in your own words"
    assert cells[good.reference][words] == "Readable"
    assert cells[broken.reference][words] == "Unreadable: this value could not be decrypted"
    record = ExportRecord.objects.get()
    assert (record.row_count, record.unreadable_rows) == (2, 1)
    page = client.get(reverse("office:export", args=[record.pk]), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "could not be decrypted" in page
    # The worklist does not even read the encrypted values, and the office page says so too.
    assert client.get("/en/office/").status_code == 200
    page = client.get(f"/en/office/referrals/{broken.reference}/")
    assert page.status_code == 200
    assert "Unreadable: this value could not be decrypted" in page.content.decode()
