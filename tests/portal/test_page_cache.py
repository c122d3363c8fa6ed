"""HTTP caching of public pages, and what is never cached: the report, the office, the admin."""

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import RequestFactory

from contacts.models import NationalService
from guidance.search import fold
from portal import content_version, page_cache
from portal.models import ContentVersion

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/kk/", "/ru/safety/", "/en/"])
def test_public_pages_carry_validators_and_answer_304_when_unchanged(client, url):
    first = client.get(url)
    assert first["Cache-Control"] == "public, no-cache"
    assert first["ETag"].startswith('"')
    # Neither the language (it is in the address) nor the cookies change the page.
    assert "Vary" not in first or "Cookie" not in first["Vary"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert client.get(url, headers={"If-None-Match": '"something-else"'}).status_code == 200


@pytest.mark.parametrize("url", ["/kk/report/", "/ru/report/status/", "/en/office/login/", "/kk/admin/login/"])
def test_the_report_the_office_and_the_admin_are_never_cached(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]
    assert "ETag" not in response


def test_a_page_opened_during_a_visit_is_the_public_page_and_leaves_the_visit_alone(client, manual_data):
    # A witness who has begun a report: a public page neither renews nor rewrites their
    # session (SESSION_SAVE_EVERY_REQUEST is off), so it sends no cookie and can be shared.
    client.get("/kk/report/start/", {"danger": "no"})
    response = client.get("/kk/contacts/")
    assert response.cookies.get("sessionid") is None
    assert response["Cache-Control"] == "public, no-cache"
    assert response.content == client.__class__().get("/kk/contacts/").content


def _counting_view(calls, *, token=False):
    def view(request):
        calls.append(request)
        body = f"<p>{get_token(request)}</p>" if token else "<p>the same for all</p>"
        return HttpResponse(body)

    return page_cache.public_page(view)


def test_a_page_the_same_for_everyone_is_rendered_once():
    calls = []
    view = _counting_view(calls)
    for _ in range(3):
        assert view(RequestFactory().get("/kk/somewhere/")).status_code == 200
    assert len(calls) == 1


def test_a_page_with_a_form_token_is_rendered_for_each_visitor():
    calls = []
    view = _counting_view(calls, token=True)
    responses = [view(RequestFactory().get("/kk/somewhere/")) for _ in range(2)]
    assert len(calls) == 2
    assert responses[0].content != responses[1].content
    assert "ETag" not in responses[0]


def test_only_the_parameters_a_page_is_kept_for_are_kept():
    calls = []
    view = _counting_view(calls)
    for _ in range(2):
        view(RequestFactory().get("/kk/somewhere/", {"utm": "x"}))
    assert len(calls) == 2


def test_a_change_raises_the_version_at_once_and_again_after_the_commit(django_capture_on_commit_callbacks):
    before = int(content_version.current())
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        service = NationalService.objects.create(slug="new-line", kind="hotline", name_kk="A new line")
        service.name_ru = "Новая линия"
        service.save()
        # Raised at each change (and its history record), for this process...
        during = int(content_version.current())
        assert during >= before + 2
    # ...and once more after the commit, for all: once however many rows were saved.
    assert len(callbacks) == 1
    assert int(content_version.current()) == during + 1


def test_a_lost_version_starts_above_every_version_before_it():
    before = int(content_version.current())
    cache.delete(content_version.CACHE_KEY)
    assert int(content_version.current()) > before


def test_with_a_cache_per_process_the_version_is_read_from_the_database(client, manual_data, settings):
    settings.CONTENT_VERSION_IN_CACHE = False
    assert "A new line" not in client.get("/en/contacts/").content.decode()
    # Another process (another app server, or `load_manual_data`) changes the directory
    # and its version in the database; this process's own memory knows nothing of it.
    NationalService.objects.filter(slug="hotline-111").update(name_en="A new line")
    # (update_or_create: a test that flushed the tables before this one leaves no row.)
    ContentVersion.objects.update_or_create(pk=content_version.ROW_ID, defaults={"token": "changed-elsewhere"})
    assert "A new line" in client.get("/en/contacts/").content.decode()
    # A change made here writes the version in the database too.
    service = NationalService.objects.get(slug="hotline-111")
    service.save()
    assert ContentVersion.objects.get(pk=content_version.ROW_ID).token != "changed-elsewhere"


def _fold_letter_by_letter(text: str) -> str:
    # The fold as it was done before: one letter at a time.
    lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered.translate(str.maketrans("әғқңөұүһіё", "агкноуухие"))


@pytest.mark.parametrize(
    "text", ["ӘҒҚҢӨҰҮҺІ әғқңөұүһі Ёлка", "İstanbul İİ", "ΟΔΟΣ ΟΔΟΣ.", "Σ", "ǅungla ß ﬁ", "Зорлық-зомбылыққа 111"]
)
def test_folding_whole_strings_gives_what_folding_letter_by_letter_gave(text):
    assert fold(text) == _fold_letter_by_letter(text)
    assert len(fold(text)) == len(text)


def test_with_redis_a_change_on_one_server_shows_on_another(
    client, manual_data, shared_cache, django_capture_on_commit_callbacks
):
    redis, prefix = shared_cache
    first = client.get("/ru/contacts/").content.decode()
    assert any(b"page:" in key for key in redis.scan_iter(match=f"{prefix}:*"))
    with django_capture_on_commit_callbacks(execute=True):
        service = NationalService.objects.get(slug="hotline-111")
        service.name_ru = "Линия 111, новое название"
        service.save()
    # Another app server: nothing of this process's memory, only what is in Redis.
    page_cache.forget_recent()
    again = client.get("/ru/contacts/").content.decode()
    assert "Линия 111, новое название" in again and "Линия 111, новое название" not in first
