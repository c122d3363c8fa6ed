"""The directory's admin in a real browser, under the portal's strict Content Security Policy.

Language tabs (modeltranslation with the local jQuery UI), an import through its preview,
and the export page's "Select all", with no script blocked by the policy.
"""

import io

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.test import Client
from playwright.sync_api import expect

from contacts.models import RegionalOmbudsman


@pytest.fixture
def signed_in_editor(transactional_db, django_user_model, page, live_server):
    call_command("load_manual_data", stdout=io.StringIO())
    editor = django_user_model.objects.create_user(username="editor", password="a-long-test-password", is_staff=True)
    editor.user_permissions.set(Permission.objects.filter(content_type__app_label="contacts"))
    client = Client()
    client.force_login(editor)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])
    return editor


@pytest.fixture
def blocked_scripts(page):
    """Console reports of scripts the policy blocked (blocked inline styles only change looks)."""
    reports = []

    def record(message):
        text = message.text
        if "Content Security Policy" in text and "style-src" not in text:
            reports.append(text)

    page.on("console", record)
    return reports


def test_staff_edit_translations_in_tabs_and_import_through_a_preview(
    page, live_server, origin_guard, signed_in_editor, blocked_scripts, tmp_path
):
    ombudsman = RegionalOmbudsman.objects.get(region__code="KZ-55")
    page.goto(f"{live_server.url}/ru/admin/contacts/regionalombudsman/{ombudsman.pk}/change/")
    # modeltranslation's tabs are built by jQuery UI, served by the portal itself.
    tabs = page.locator(".ui-tabs-nav")
    expect(tabs.first).to_be_visible()
    tabs.first.get_by_text("en", exact=False).first.click()
    expect(page.locator("#id_public_notice_en")).to_be_visible()
    expect(page.locator("#id_public_notice_kk")).to_be_hidden()

    upload = tmp_path / "ombudsmen.csv"
    upload.write_text(
        "region,full_name,email,status,checked_on,public_notice_kk,public_notice_ru,public_notice_en\n"
        "KZ-55,Покидова Наталья Сергеевна,pavlodar@example.kz,active,2025-01-15,Жаңа,Новое,New\n",
        encoding="utf-8-sig",
    )
    page.goto(f"{live_server.url}/ru/admin/contacts/regionalombudsman/import/")
    page.set_input_files("#id_import_file", str(upload))
    page.select_option("#id_format", "0")
    page.locator("form input[type=submit]").first.click()
    # The preview: the row as it will be written, and nothing written yet.
    expect(page.get_by_text("pavlodar@example.kz").first).to_be_visible()
    ombudsman.refresh_from_db()
    assert ombudsman.email == ""
    page.locator("form input[name=confirm], form input[type=submit]").last.click()
    page.wait_for_url(f"{live_server.url}/ru/admin/contacts/regionalombudsman/")
    ombudsman.refresh_from_db()
    assert (ombudsman.email, ombudsman.public_notice_en) == ("pavlodar@example.kz", "New")

    assert blocked_scripts == []

    page.goto(f"{live_server.url}/ru/admin/contacts/regionalombudsman/export/")
    boxes = page.locator('.selectable-field-export-row input[type="checkbox"]:not(.select-toggle)')
    expect(boxes.first).to_be_checked()
    page.locator("input.select-toggle").uncheck()
    # The page's own inline onchange is blocked; the handler attached from a file works.
    expect(boxes.first).not_to_be_checked()
    assert all(report.startswith("Executing inline event handler") for report in blocked_scripts)
    assert origin_guard.foreign == []
