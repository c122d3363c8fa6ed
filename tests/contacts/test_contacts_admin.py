"""The directory's admin: import with a preview, refusal of bad files, export, history, filters."""

import datetime
import io

import openpyxl
import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from contacts.admin import months_before
from contacts.models import NationalService, PhoneNumber, Region, RegionalOmbudsman
from contacts.resources import (
    CSVWithBOM,
    NationalServiceResource,
    PhoneNumberResource,
    RegionalOmbudsmanResource,
    RegionResource,
)

pytestmark = pytest.mark.django_db

CSV, XLSX = "0", "1"  # the admin's import format choices, in the order of SafeImportMixin


@pytest.fixture(autouse=True)
def _admin_in_english():
    # The admin's pages (and their messages) under /en/admin/; one test checks Kazakh.
    translation.activate("en")


def upload(client, model, content, name, file_format=CSV):
    return client.post(
        reverse(f"admin:contacts_{model}_import"),
        {"format": file_format, "import_file": SimpleUploadedFile(name, content)},
    )


def confirm(client, model, preview):
    form = preview.context["confirm_form"]
    return client.post(reverse(f"admin:contacts_{model}_process_import"), form.initial)


def csv_bytes(rows: list[list[str]]) -> bytes:
    dataset = tablib.Dataset(*rows[1:], headers=rows[0])
    return dataset.export("csv").encode("utf-8")


# --- Import -----------------------------------------------------------------------------


def test_an_import_shows_a_preview_and_writes_nothing_until_confirmed(editor_client, directory_editor, manual_data):
    content = csv_bytes(
        [
            [
                "region",
                "full_name",
                "email",
                "status",
                "checked_on",
                "public_notice_kk",
                "public_notice_ru",
                "public_notice_en",
            ],
            [
                "KZ-55",
                "Покидова Наталья Сергеевна",
                "pavlodar@example.kz",
                "active",
                "2025-01-15",
                "Жаңа",
                "Новое",
                "New",
            ],
        ]
    )
    preview = upload(editor_client, "regionalombudsman", content, "ombudsmen.csv")
    assert preview.status_code == 200
    assert preview.context["confirm_form"] is not None
    assert "pavlodar@example.kz" in preview.content.decode()
    pavlodar = RegionalOmbudsman.objects.get(region__code="KZ-55")
    assert pavlodar.email == ""  # only a preview so far

    response = confirm(editor_client, "regionalombudsman", preview)
    assert response.status_code == 302
    pavlodar.refresh_from_db()
    assert pavlodar.email == "pavlodar@example.kz"
    assert pavlodar.checked_on == datetime.date(2025, 1, 15)
    assert (pavlodar.public_notice_kk, pavlodar.public_notice_ru, pavlodar.public_notice_en) == ("Жаңа", "Новое", "New")
    # The import is in the entry's history, under the name of who imported it.
    imported = pavlodar.history.latest()
    assert imported.history_user == directory_editor
    assert imported.public_notice_ru == "Новое"


def test_a_file_with_bad_rows_is_refused_with_each_reason_and_nothing_is_written(editor_client, manual_data):
    before = sorted(PhoneNumber.objects.values_list("id", "number", "channel", "ombudsman_id", "service_id"))
    content = csv_bytes(
        [
            ["id", "region", "service", "number", "channel", "position"],
            ["", "KZ-71", "", "+7 (701) 555-44-33", "voice", "2"],  # good
            ["", "KZ-99", "", "+7 (701) 555-44-34", "voice", "1"],  # unknown region
            ["", "KZ-75", "", "+7 (701) 555", "voice", "1"],  # not a phone number
            ["", "", "nowhere", "112", "voice", "1"],  # unknown service
            ["", "KZ-79", "", "111", "voice", "1"],  # a short number for a regional office
        ]
    )
    preview = upload(editor_client, "phonenumber", content, "numbers.csv")
    assert preview.status_code == 200
    html = preview.content.decode()
    assert preview.context.get("confirm_form") is None
    result = preview.context["result"]
    assert result.has_validation_errors()
    assert [row.number for row in result.invalid_rows] == [2, 3, 4, 5]
    assert "No regional commissioner for region code “KZ-99”." in html
    assert "Enter a phone number such as +7 701 123 45 67." in html
    assert "Unknown national service “nowhere”." in html
    assert sorted(PhoneNumber.objects.values_list("id", "number", "channel", "ombudsman_id", "service_id")) == before


def test_the_reasons_are_given_in_the_staff_members_language(editor_client, manual_data):
    content = csv_bytes(
        [["id", "region", "service", "number", "channel", "position"], ["", "KZ-75", "", "+7 (701) 555", "voice", "1"]]
    )
    with translation.override("kk"):
        html = upload(editor_client, "phonenumber", content, "numbers.csv").content.decode()
    assert "Телефон нөмірін мына түрде енгізіңіз: +7 701 123 45 67." in html


def test_a_confirmed_import_that_meets_an_error_writes_nothing(directory_editor, manual_data):
    # The admin runs the confirmed import this way: one transaction, rolled back on any bad row.
    dataset = tablib.Dataset(headers=["code", "slug", "kind", "position", "name_kk", "name_ru", "name_en"])
    dataset.append(["KZ-71", "astana", "city", "1", "Астана", "Астана", "Astana"])
    dataset.append(["KZ-75", "almaty", "town", "2", "Алматы", "Алматы", "Almaty"])  # no such kind
    result = RegionResource().import_data(
        dataset, dry_run=False, raise_errors=False, rollback_on_validation_errors=True, user=directory_editor
    )
    assert result.has_validation_errors()
    assert Region.objects.get(code="KZ-71").name_kk == "Астана қаласы"


def test_an_unknown_region_in_the_ombudsman_file_is_reported(editor_client, manual_data):
    content = csv_bytes(
        [["region", "full_name", "email", "status", "checked_on"], ["KZ-00", "Біреу", "", "active", "2024-01-01"]]
    )
    preview = upload(editor_client, "regionalombudsman", content, "ombudsmen.csv")
    assert preview.context.get("confirm_form") is None
    assert "Unknown region code “KZ-00”: use a code such as KZ-71." in preview.content.decode()
    assert not RegionalOmbudsman.objects.filter(full_name="Біреу").exists()


def test_a_future_checked_on_date_is_refused(editor_client, manual_data):
    tomorrow = (datetime.date.today() + datetime.timedelta(days=2)).isoformat()
    content = csv_bytes(
        [
            ["region", "full_name", "email", "status", "checked_on"],
            ["KZ-71", "Бимендина Әсима Темкенқызы", "", "active", tomorrow],
        ]
    )
    preview = upload(editor_client, "regionalombudsman", content, "ombudsmen.csv")
    assert preview.context.get("confirm_form") is None
    assert "The date must be today or in the past." in preview.content.decode()


def test_numbers_are_imported_as_people_write_them_and_stored_in_e164(editor_client, manual_data):
    content = csv_bytes(
        [
            ["id", "region", "service", "number", "channel", "position"],
            ["", "KZ-71", "", "8 (701) 555-44-33", "whatsapp", "2"],
        ]
    )
    preview = upload(editor_client, "phonenumber", content, "numbers.csv")
    confirm(editor_client, "phonenumber", preview)
    number = PhoneNumber.objects.get(ombudsman__region__code="KZ-71", position=2)
    assert (number.number, number.channel) == ("+77015554433", "whatsapp")


def test_a_csv_with_a_bom_imports_like_one_without(editor_client, manual_data):
    content = "\ufeff".encode() + csv_bytes(
        [
            ["code", "slug", "kind", "position", "name_kk", "name_ru", "name_en"],
            ["KZ-62", "ulytau", "oblast", "20", "Ұлытау облысы", "Улытау", "Ulytau"],
        ]
    )
    preview = upload(editor_client, "region", content, "regions.csv")
    assert preview.context["confirm_form"] is not None
    confirm(editor_client, "region", preview)
    assert Region.objects.get(code="KZ-62").name_ru == "Улытау"


# --- Export and the round trip ------------------------------------------------------------

RESOURCES = [RegionResource, RegionalOmbudsmanResource, NationalServiceResource, PhoneNumberResource]


@pytest.mark.parametrize("resource_class", RESOURCES)
def test_exports_list_each_language_and_never_the_virtual_field(resource_class):
    headers = resource_class().get_export_headers()
    for virtual in ("name", "description", "opening_hours", "public_notice"):
        assert virtual not in headers
    translated = {"name", "description", "opening_hours", "public_notice"}
    for header in headers:
        base = header.rsplit("_", 1)[0]
        if base in translated:
            assert {f"{base}_kk", f"{base}_ru", f"{base}_en"} <= set(headers)


def test_the_csv_export_starts_with_a_bom_so_excel_shows_cyrillic(manual_data):
    exported = CSVWithBOM().export_data(RegionResource().export())
    assert exported.startswith("\ufeffcode,slug,kind,position,name_kk,name_ru,name_en")
    assert "KZ-71,astana,city,1,Астана қаласы,город Астана,Astana City" in exported


def test_the_admin_exports_csv_with_a_bom_and_xlsx(editor_client, manual_data):
    url = reverse("admin:contacts_nationalservice_export")
    form = editor_client.get(url).context["form"]
    selected = {name: "on" for name in form.fields if name not in ("format", "resource", "export_items")}
    csv_response = editor_client.post(url, {"format": "0", "resource": "0", **selected})
    assert csv_response.status_code == 200
    body = csv_response.content
    assert body.startswith(b"\xef\xbb\xbf")
    assert "«Немолчи.kz» Қоры" in body.decode("utf-8-sig")

    xlsx_response = editor_client.post(url, {"format": "1", "resource": "0", **selected})
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx_response.content)).active
    rows = list(sheet.values)
    assert "name_kk" in rows[0] and "name_en" in rows[0]
    assert any("Бала құқықтары жөніндегі уәкіл" in row for row in rows)


def snapshot():
    return {
        "regions": sorted(
            Region.objects.values_list("code", "slug", "kind", "position", "name_kk", "name_ru", "name_en")
        ),
        "ombudsmen": sorted(
            RegionalOmbudsman.objects.values_list(
                "region__code",
                "full_name",
                "email",
                "status",
                "checked_on",
                "public_notice_kk",
                "public_notice_ru",
                "public_notice_en",
            )
        ),
        "services": sorted(
            NationalService.objects.values_list(
                "slug",
                "kind",
                "name_kk",
                "name_ru",
                "name_en",
                "description_kk",
                "description_ru",
                "description_en",
                "anonymous",
                "opening_hours_kk",
                "opening_hours_ru",
                "opening_hours_en",
                "email",
                "status",
                "checked_on",
            )
        ),
        "numbers": sorted(
            PhoneNumber.objects.values_list(
                "ombudsman__region__code", "service__slug", "number", "channel", "position"
            ),
            key=str,
        ),
    }


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_an_export_imported_again_gives_back_every_language(manual_data, file_format):
    NationalService.objects.filter(slug="commissioner").update(
        opening_hours_kk="Дс–Жм 9:00–18:00",
        opening_hours_ru="Пн–Пт 9:00–18:00",
        opening_hours_en="Mon–Fri 9–18",
        public_notice_en="Closed on public holidays.",
    )
    RegionalOmbudsman.objects.filter(region__code="KZ-10").update(
        public_notice_kk="Хабарландыру", public_notice_ru="Объявление", public_notice_en="Notice"
    )
    before = snapshot()
    files = {}
    for resource_class in RESOURCES:
        dataset = resource_class().export()
        files[resource_class] = CSVWithBOM().export_data(dataset) if file_format == "csv" else dataset.export("xlsx")

    # Lose every language of every entry, and every ombudsman and number (regions stay:
    # other parts of the portal hold on to them).
    PhoneNumber.objects.all().delete()
    RegionalOmbudsman.objects.all().delete()
    Region.objects.update(name_kk="?", name_ru="?", name_en="?")
    NationalService.objects.update(
        name_kk="?",
        name_ru="?",
        name_en="?",
        description_kk="",
        description_ru="",
        description_en="",
        opening_hours_kk="",
        opening_hours_ru="",
        opening_hours_en="",
        public_notice_en="",
    )

    for resource_class in RESOURCES:
        content = files[resource_class]
        if file_format == "csv":
            dataset = tablib.Dataset().load(content.removeprefix("\ufeff"), format="csv")
        else:
            dataset = tablib.Dataset().load(content, format="xlsx")
        if resource_class is PhoneNumberResource:
            del dataset["id"]  # the numbers were deleted: they come back as new rows
        result = resource_class().import_data(dataset, dry_run=False, raise_errors=True)
        assert not result.has_validation_errors(), [row.error_dict for row in result.invalid_rows]
    assert snapshot() == before


def test_a_reimported_export_changes_nothing(manual_data):
    for resource_class in RESOURCES:
        dataset = tablib.Dataset().load(CSVWithBOM().export_data(resource_class().export())[1:], format="csv")
        result = resource_class().import_data(dataset, dry_run=True)
        assert result.totals["skip"] == len(dataset) and not result.has_errors()


# --- History -----------------------------------------------------------------------------


def test_history_records_who_when_and_what_in_every_language(editor_client, directory_editor, manual_data):
    service = NationalService.objects.get(slug="nemolchi")
    url = reverse("admin:contacts_nationalservice_change", args=[service.pk])
    form = editor_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "name_kk": service.name_kk,
            "name_ru": "Фонд «НеМолчи.kz»",
            "name_en": "NeMolchi.kz Foundation",
            "description_kk": service.description_kk,
            "description_ru": service.description_ru,
            "description_en": service.description_en,
            "checked_on": "2025-06-01",
            "anonymous": "unknown",
            "phone_numbers-TOTAL_FORMS": "1",
            "phone_numbers-INITIAL_FORMS": "1",
            "phone_numbers-MIN_NUM_FORMS": "0",
            "phone_numbers-MAX_NUM_FORMS": "1000",
        }
    )
    number = service.phone_numbers.get()
    data.update(
        {
            "phone_numbers-0-id": number.pk,
            "phone_numbers-0-service": service.pk,
            "phone_numbers-0-number": "+7 705 151 0001",
            "phone_numbers-0-channel": "voice",
            "phone_numbers-0-position": "1",
        }
    )
    data = {key: value for key, value in data.items() if value is not None}
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    latest = service.history.latest()
    assert latest.history_user == directory_editor
    assert latest.history_type == "~"
    assert latest.history_date is not None
    changed = set(latest.diff_against(latest.prev_record).changed_fields)
    assert {"name_ru", "name_en", "checked_on"} <= changed
    assert "name_kk" not in changed
    number_history = PhoneNumber.history.filter(id=number.pk).latest()
    assert number_history.history_user == directory_editor
    assert number_history.number == "+77051510001"


def test_the_history_page_shows_the_changes(editor_client, manual_data):
    region = Region.objects.get(code="KZ-33")
    region.name_en = "Jetisu Region"
    region.save()
    response = editor_client.get(reverse("admin:contacts_region_history", args=[region.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    # The change, old and new value, for the English name only.
    assert "Zhetisu Region" in html and "Jetisu Region" in html
    assert html.count("&rarr;") == 1


# --- Lists and filters -------------------------------------------------------------------


def test_months_before_counts_calendar_months():
    assert months_before(datetime.date(2025, 5, 31), 3) == datetime.date(2025, 2, 28)
    assert months_before(datetime.date(2025, 1, 15), 12) == datetime.date(2024, 1, 15)
    assert months_before(datetime.date(2025, 1, 15), 6) == datetime.date(2024, 7, 15)


def test_the_list_filters_entries_not_checked_for_n_months(editor_client, manual_data):
    today = datetime.date.today()
    RegionalOmbudsman.objects.filter(region__code="KZ-71").update(checked_on=today)
    RegionalOmbudsman.objects.filter(region__code="KZ-75").update(checked_on=months_before(today, 4))
    url = reverse("admin:contacts_regionalombudsman_changelist")

    def listed(months):
        response = editor_client.get(url, {"not_checked_for": months})
        return {obj.region.code for obj in response.context["cl"].result_list}

    assert "KZ-71" not in listed(3) and "KZ-75" in listed(3) and "KZ-10" in listed(3)
    assert "KZ-75" not in listed(6) and "KZ-10" in listed(12)
    assert len(listed(12)) == 18


def test_the_lists_filter_by_region_and_status(editor_client, manual_data):
    RegionalOmbudsman.objects.filter(region__code="KZ-23").update(status="unavailable")
    url = reverse("admin:contacts_regionalombudsman_changelist")
    response = editor_client.get(url, {"status__exact": "unavailable"})
    assert [obj.region.code for obj in response.context["cl"].result_list] == ["KZ-23"]
    karaganda = Region.objects.get(code="KZ-35")
    response = editor_client.get(url, {"region__id__exact": karaganda.pk})
    assert [obj.region.code for obj in response.context["cl"].result_list] == ["KZ-35"]

    numbers = editor_client.get(reverse("admin:contacts_phonenumber_changelist"), {"region": "KZ-35"})
    assert {n.number for n in numbers.context["cl"].result_list} == {"+77212255065", "+77014443974"}
    unavailable = editor_client.get(reverse("admin:contacts_phonenumber_changelist"), {"status": "unavailable"})
    assert {n.number for n in unavailable.context["cl"].result_list} == {"+77015038989"}


def test_the_lists_search_names_in_every_language(editor_client, manual_data):
    response = editor_client.get(reverse("admin:contacts_region_changelist"), {"q": "Карагандинская"})
    assert [r.code for r in response.context["cl"].result_list] == ["KZ-35"]
    response = editor_client.get(reverse("admin:contacts_regionalombudsman_changelist"), {"q": "Покидова"})
    assert [o.region.code for o in response.context["cl"].result_list] == ["KZ-55"]


# --- Who may do what ---------------------------------------------------------------------


@pytest.mark.parametrize("model", ["region", "regionalombudsman", "nationalservice", "phonenumber"])
def test_every_admin_page_of_the_directory_works_for_its_editor(editor_client, manual_data, model):
    for name in ("changelist", "import", "export", "add"):
        assert editor_client.get(reverse(f"admin:contacts_{model}_{name}")).status_code == 200, name


@pytest.mark.parametrize("name", ["changelist", "import", "export"])
def test_the_admin_refuses_outsiders(client, outsider, manual_data, name):
    url = reverse(f"admin:contacts_regionalombudsman_{name}")
    assert client.get(url).status_code == 302  # anonymous: to the sign-in page
    client.force_login(outsider)
    assert client.get(url).status_code == 302  # not staff: to the sign-in page


def test_staff_who_may_only_view_cannot_import(client, directory_reader, manual_data):
    client.force_login(directory_reader)
    assert client.get(reverse("admin:contacts_regionalombudsman_changelist")).status_code == 200
    assert client.get(reverse("admin:contacts_regionalombudsman_import")).status_code == 403
    content = csv_bytes(
        [["region", "full_name", "email", "status", "checked_on"], ["KZ-71", "Біреу", "", "active", "2024-01-01"]]
    )
    assert upload(client, "regionalombudsman", content, "o.csv").status_code == 403
    assert RegionalOmbudsman.objects.get(region__code="KZ-71").full_name == "Бимендина Әсима Темкенқызы"


@pytest.mark.parametrize("model", ["regionalombudsman", "phonenumber", "nationalservice", "region"])
def test_the_admin_lists_query_count_does_not_grow_with_the_directory(editor_client, manual_data, model):
    url = reverse(f"admin:contacts_{model}_changelist")
    editor_client.get(url)  # the visit's first page stores its CSRF token in the session
    with CaptureQueriesContext(connection) as before:
        assert editor_client.get(url).status_code == 200
    for position in range(21, 31):
        region = Region.objects.create(
            code=f"XX-{position}", slug=f"x-{position}", kind="oblast", position=position, name_kk=f"Қосымша {position}"
        )
        ombudsman = RegionalOmbudsman.objects.create(region=region, full_name=f"Уәкіл {position}")
        PhoneNumber.objects.create(ombudsman=ombudsman, number=f"+77010000{position:03d}")
    with CaptureQueriesContext(connection) as after:
        editor_client.get(url)
    assert len(after) == len(before)


def _add_ombudsman(client, region, number):
    return client.post(
        reverse("admin:contacts_regionalombudsman_add"),
        {
            "region": region.pk,
            "full_name": "Жаңа Уәкіл",
            "email": "",
            "status": "active",
            "checked_on": datetime.date.today().isoformat(),
            "public_notice_kk": "",
            "public_notice_ru": "",
            "public_notice_en": "",
            "phone_numbers-TOTAL_FORMS": "1",
            "phone_numbers-INITIAL_FORMS": "0",
            "phone_numbers-MIN_NUM_FORMS": "0",
            "phone_numbers-MAX_NUM_FORMS": "1000",
            "phone_numbers-0-number": number,
            "phone_numbers-0-channel": "voice",
            "phone_numbers-0-position": "1",
        },
    )


def test_staff_add_an_ombudsman_with_a_number_typed_as_written(editor_client, manual_data):
    region = Region.objects.create(code="KZ-00", slug="new", kind="oblast", position=21, name_kk="Жаңа облысы")
    response = _add_ombudsman(editor_client, region, "+7 (7252) 39-26-00")
    assert response.status_code == 302
    assert list(region.ombudsman.phone_numbers.values_list("number", flat=True)) == ["+77252392600"]


@pytest.mark.parametrize(
    ("number", "message"),
    [("+7 (701) 555", "Enter a phone number such as +7 701 123 45 67."), ("111", "Enter a phone number")],
)
def test_staff_are_told_what_is_wrong_with_a_number(editor_client, manual_data, number, message):
    region = Region.objects.create(code="KZ-00", slug="new", kind="oblast", position=21, name_kk="Жаңа облысы")
    response = _add_ombudsman(editor_client, region, number)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not RegionalOmbudsman.objects.filter(region=region).exists()


def test_a_csv_saved_in_the_windows_code_page_is_refused_with_what_to_do(editor_client, manual_data):
    content = "code,slug,kind,position,name_kk,name_ru,name_en\nKZ-62,ulytau,oblast,20,Ұлытау,Улытау,Ulytau\n"
    preview = upload(editor_client, "region", content.replace("Ұ", "У").encode("cp1251"), "regions.csv")
    assert "save it as “CSV UTF-8”, or import it as XLSX" in preview.content.decode()
    assert Region.objects.get(code="KZ-62").name_ru == "область Ұлытау"


def test_an_xlsx_file_is_imported_through_the_preview_too(editor_client, manual_data):
    dataset = tablib.Dataset(headers=["code", "slug", "kind", "position", "name_kk", "name_ru", "name_en"])
    dataset.append(["KZ-62", "ulytau", "oblast", 20, "Ұлытау облысы", "Улытауская область", "Ulytau Region"])
    preview = upload(editor_client, "region", dataset.export("xlsx"), "regions.xlsx", file_format=XLSX)
    assert preview.context["confirm_form"] is not None
    assert Region.objects.get(code="KZ-62").name_ru == "область Ұлытау"
    confirm(editor_client, "region", preview)
    assert Region.objects.get(code="KZ-62").name_ru == "Улытауская область"
