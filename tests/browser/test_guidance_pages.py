"""The guidance in a real browser: contents, a section, search and the print page.

Each journey runs on a phone and a desktop viewport, in Kazakh and Russian: no axe
WCAG 2.2 A/AA violation, and nothing requested from another origin.
"""

import pytest
from playwright.sync_api import expect

from contacts.models import NationalService, PhoneNumber, Region, RegionalOmbudsman
from guidance import loading


@pytest.fixture
def manual(transactional_db):
    region = Region.objects.create(
        code="KZ-71", slug="astana", name_kk="Астана қаласы", name_ru="город Астана", name_en="Astana City",
        kind=Region.Kind.CITY, position=1,
    )  # fmt: skip
    ombudsman = RegionalOmbudsman.objects.create(region=region, full_name="Бимендина Әсима Темкенқызы")
    PhoneNumber.objects.create(ombudsman=ombudsman, number="+77015160115")
    hotline = NationalService.objects.create(
        slug="hotline-111", kind=NationalService.Kind.HOTLINE, name_kk="111 жедел желісі",
        name_ru="Горячая линия 111", name_en="111 hotline", anonymous=True,
    )  # fmt: skip
    PhoneNumber.objects.create(service=hotline, number="111")
    loading.load()


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_the_guidance_reads_well_and_stays_on_the_portal(
    page, live_server, origin_guard, assert_accessible, manual, lang
):
    page.goto(f"{live_server.url}/{lang}/guidance/")
    assert page.locator("html").get_attribute("lang") == lang
    assert page.locator(".guidance-contents > li").count() == 10
    assert_accessible(page)

    page.locator(".guidance-contents a").nth(2).click()  # brief facts: charts and tables
    page.wait_for_url(f"**/{lang}/guidance/brief-facts/")
    assert page.locator("svg.chart[role=img]").count() >= 3
    assert_accessible(page)

    page.goto(f"{live_server.url}/{lang}/guidance/witnesses/")
    page.locator(".on-this-page a[href='#code-of-conduct']").click()
    assert page.locator("#code-of-conduct").is_visible()
    assert_accessible(page)

    page.get_by_label("Нұсқаулықтан іздеу" if lang == "kk" else "Поиск по руководству").first.fill(
        "зорлык" if lang == "kk" else "насили"
    )
    page.locator(".guidance-search button").first.click()
    page.wait_for_url("**/guidance/search/?q=*")
    assert page.locator(".search-results mark").count() > 0
    assert_accessible(page)

    # An editorial mark leads to its note on "About this edition", which links back.
    page.goto(f"{live_server.url}/{lang}/guidance/brief-facts/")
    page.locator("#note-ref-table-1").click()
    page.wait_for_url(f"**/{lang}/guidance/about-this-edition/#note-table-1")
    expect(page.locator("#note-table-1")).to_be_visible()
    assert_accessible(page)
    page.locator("#note-table-1 .edition-note-places a").first.click()
    page.wait_for_url(f"**/{lang}/guidance/brief-facts/#note-ref-table-1")

    page.goto(f"{live_server.url}/{lang}/guidance/print/")
    assert page.locator(".print-section").count() == 11  # and "About this edition"
    assert page.locator("[data-print]").is_visible()
    assert_accessible(page)

    assert origin_guard.foreign == []


def test_the_print_page_prints_on_a4_without_the_exit_bar(page, live_server, origin_guard, manual):
    page.goto(f"{live_server.url}/kk/guidance/print/")
    assert page.locator(".exit-bar").is_visible()
    page.emulate_media(media="print")
    assert not page.locator(".exit-bar").is_visible()
    second = page.locator(".print-section").nth(1)
    assert second.evaluate("el => getComputedStyle(el).breakBefore") == "page"
    link = page.locator(".print-section a[href^='http']").first
    after = link.evaluate("el => getComputedStyle(el, '::after').content")
    assert "http://" in after
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    assert origin_guard.foreign == []
