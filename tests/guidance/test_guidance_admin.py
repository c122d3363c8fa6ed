"""Staff edit the guidance in the admin: language tabs, a preview, and the change history."""

import pytest
from django.contrib.auth.models import Group, User
from django.utils import timezone

from guidance.models import Section
from referrals.roles import DIRECTORY_EDITOR

ADMIN_PAGES = ["section", "glossaryterm", "fact", "regionaloffenderfigure", "editorialnote", "footnote"]


@pytest.fixture
def staff(db):
    """A directory editor: edits contacts and guidance, sees no referrals, signs in with a password."""
    editor = User.objects.create_user("editor", "editor@example.kz", "a-long-password-123", is_staff=True)
    editor.groups.add(Group.objects.get(name=DIRECTORY_EDITOR))
    return editor


@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_each_list_works_for_staff(client, guidance, staff, model):
    client.force_login(staff)
    assert client.get(f"/kk/admin/guidance/{model}/").status_code == 200


@pytest.mark.parametrize("model", ADMIN_PAGES)
def test_each_list_refuses_outsiders(client, guidance, model):
    response = client.get(f"/kk/admin/guidance/{model}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    User.objects.create_user("visitor", password="a-long-password-123")
    client.login(username="visitor", password="a-long-password-123")
    response = client.get(f"/kk/admin/guidance/{model}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_section_form_has_language_tabs_and_a_rendered_preview(client, guidance, staff):
    client.force_login(staff)
    section = Section.objects.get(slug="brief-facts")
    html = client.get(f"/kk/admin/guidance/section/{section.pk}/change/").content.decode()
    for lang in ("kk", "ru", "en"):
        assert f'name="body_{lang}"' in html
        assert f'<section class="guidance-preview" lang="{lang}">' in html
    assert "modeltranslation/js/tabbed_translation_fields.js" in html
    assert '<svg class="chart"' in html  # blocks are rendered in the preview too
    assert "<script>" not in html.split("guidance-preview", 1)[1]


def test_the_preview_points_out_an_unknown_block(client, guidance, staff):
    client.force_login(staff)
    section = Section.objects.get(slug="foreword")
    section.body_kk += "\n[[no-such-block]]\n"
    section.save()
    html = client.get(f"/kk/admin/guidance/section/{section.pk}/change/").content.decode()
    assert "[[no-such-block]]" in html


def test_an_edit_is_recorded_in_the_history_and_shows_at_once(client, guidance, staff):
    client.force_login(staff)
    section = Section.objects.get(slug="foreword")
    data = {"slug": section.slug, "position": section.position}
    for field in ("title", "summary", "body"):
        for lang in ("kk", "ru", "en"):
            data[f"{field}_{lang}"] = getattr(section, f"{field}_{lang}")
    data["body_ru"] += "\n\nДобавлено редакцией.\n"
    response = client.post(f"/kk/admin/guidance/section/{section.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]

    history = Section.history.filter(id=section.pk).order_by("history_date")
    assert history.count() == 2
    assert history.last().history_user == staff
    assert "Добавлено редакцией." in history.last().body_ru
    assert "Добавлено редакцией." in client.get("/ru/guidance/foreword/").content.decode()
    assert client.get(f"/kk/admin/guidance/section/{section.pk}/history/").status_code == 200


def test_an_edit_of_the_text_in_the_admin_sets_the_date_the_public_sees(client, guidance, staff):
    client.force_login(staff)
    section = Section.objects.get(slug="foreword")
    assert section.text_changed_on is None
    url = f"/kk/admin/guidance/section/{section.pk}/change/"
    form = {"slug": section.slug, "position": section.position}
    for field in ("title", "summary", "body"):
        for lang in ("kk", "ru", "en"):
            form[f"{field}_{lang}"] = getattr(section, f"{field}_{lang}")
    # Saved unchanged: the text did not change, nor does the date.
    assert client.post(url, form).status_code == 302
    assert Section.objects.get(pk=section.pk).text_changed_on is None
    form["summary_en"] = "Who prepared the guidance and why."
    assert client.post(url, form).status_code == 302
    assert Section.objects.get(pk=section.pk).text_changed_on == timezone.localdate()
    html = client.get("/en/guidance/foreword/").content.decode()
    assert f'<time datetime="{timezone.localdate().isoformat()}">' in html
