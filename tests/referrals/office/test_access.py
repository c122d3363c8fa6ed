"""The access matrix: every role against every office page, action and export.

Outsiders get 404 (never 403), whether they follow a link or guess the address;
anonymous visitors and staff without the second factor are sent to sign in.
"""

import pytest
from django.urls import reverse
from factories import make_referral

from referrals.models import AuditEntry, ReferralStatus

REFERRAL_PAGES = ["referral", "pass_on", "close", "decline", "move"]
REFERRAL_POSTS = {
    "acknowledge": {},
    "note": {"text": "Called the school."},
    "pass_on": {"body": "police", "recipient": "Duty officer"},
    "decline": {"reason": "Not about a child"},
    "move": {"region": "KZ-71", "reason": "Wrong region"},
    "close": {"note": ""},
}
LIST_PAGES = ["worklist", "dashboard", "export_referrals", "notifications"]


def url(name, referral=None):
    return reverse(f"office:{name}", args=[referral.reference] if referral else [])


def test_it_sends_anonymous_visitors_to_sign_in(client, referral_a):
    for name in [*LIST_PAGES, "audit", "export_audit"]:
        response = client.get(url(name))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("office:login"))
    for name in REFERRAL_PAGES:
        response = client.get(url(name, referral_a))
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("office:login"))
    for name, data in REFERRAL_POSTS.items():
        response = client.post(url(name, referral_a), data)
        assert response.status_code == 302, name
    referral_a.refresh_from_db()
    assert referral_a.status == ReferralStatus.RECEIVED


def test_it_sends_staff_without_the_second_factor_to_sign_in(client_for, official_a, referral_a):
    client = client_for(official_a, verified=False)
    for name in LIST_PAGES:
        assert client.get(url(name)).status_code == 302
    response = client.get(url("referral", referral_a))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("office:login"))


def test_it_shows_an_official_their_own_regions_pages(client_for, official_a, referral_a):
    client = client_for(official_a)
    for name in LIST_PAGES:
        assert client.get(url(name)).status_code == 200, name
    assert client.get(url("referral", referral_a)).status_code == 200
    # Actions open when the status allows them (else: back to the referral with a message).
    assert client.get(url("decline", referral_a)).status_code == 200
    assert client.get(url("move", referral_a)).status_code == 200
    assert client.get(url("pass_on", referral_a)).status_code == 302
    assert client.post(url("acknowledge", referral_a)).status_code == 302
    assert client.get(url("pass_on", referral_a)).status_code == 200


@pytest.mark.parametrize("outsider", ["official_b", "editor"])
def test_it_refuses_outsiders_every_referral_page_and_action_with_404(request, client_for, outsider, referral_a):
    client = client_for(request.getfixturevalue(outsider))
    for name in REFERRAL_PAGES:
        assert client.get(url(name, referral_a)).status_code == 404, name
    for name, data in REFERRAL_POSTS.items():
        assert client.post(url(name, referral_a), data).status_code == 404, name
    referral_a.refresh_from_db()
    assert referral_a.status == ReferralStatus.RECEIVED
    assert referral_a.region.code == "KZ-75"
    assert not referral_a.case_notes.exists()
    assert not AuditEntry.objects.filter(reference=referral_a.reference).exists()


def test_it_refuses_a_directory_editor_every_office_page(client_for, editor):
    client = client_for(editor)
    for name in [*LIST_PAGES, "audit", "export_audit"]:
        assert client.get(url(name)).status_code == 404, name
    assert client.post(url("export_referrals"), {"format": "csv", "purpose": "Statistics"}).status_code == 404


def test_it_answers_a_guessed_reference_with_404_for_everyone(client_for, official_a, coordinator, referral_a):
    for user in (official_a, coordinator):
        client = client_for(user)
        assert client.get("/kk/office/referrals/KZ-AAAA-BBBB/").status_code == 404
        assert client.post("/kk/office/referrals/KZ-AAAA-BBBB/acknowledge/").status_code == 404


def test_it_lets_the_coordinator_open_every_region(client_for, coordinator, referral_a, referral_b, region_a):
    client = client_for(coordinator)
    for referral in (referral_a, referral_b):
        assert client.get(url("referral", referral)).status_code == 200
    assert client.get(url("audit")).status_code == 200
    assert client.get(url("export_audit")).status_code == 200


def test_it_refuses_officials_the_audit_log(client_for, official_a):
    client = client_for(official_a)
    assert client.get(url("audit")).status_code == 404
    assert client.get(url("export_audit")).status_code == 404
    assert client.post(url("export_audit"), {"format": "csv", "purpose": "Curious"}).status_code == 404


def test_it_lists_only_the_officials_region(client_for, official_a, official_b, referral_a, referral_b):
    page = client_for(official_a).get(url("worklist")).content.decode()
    assert referral_a.reference in page
    assert referral_b.reference not in page
    page = client_for(official_b).get(url("worklist")).content.decode()
    assert referral_b.reference in page
    assert referral_a.reference not in page


def test_it_ignores_a_region_filter_outside_the_officials_scope(client_for, official_a, referral_b):
    page = client_for(official_a).get(url("worklist"), {"region": "KZ-71"}).content.decode()
    assert referral_b.reference not in page


def test_it_shows_referrals_without_a_region_only_to_the_coordinator(client_for, official_a, coordinator):

    orphan = make_referral(None)
    assert client_for(official_a).get(url("referral", orphan)).status_code == 404
    assert client_for(coordinator).get(url("referral", orphan)).status_code == 200


def test_it_counts_only_the_officials_region_on_the_dashboard(client_for, official_a, referral_a, referral_b):
    response = client_for(official_a).get(url("dashboard"))
    assert response.context["total"] == 1


def test_it_keeps_office_pages_out_of_caches(client_for, official_a, referral_a):
    response = client_for(official_a).get(url("referral", referral_a))
    assert "no-store" in response["Cache-Control"]
    response = client_for(None).get(url("login"))
    assert "no-store" in response["Cache-Control"]


def test_it_keeps_referrals_out_of_the_admin(client_for, coordinator, referral_a):
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser("root", "root@example.kz", "x-password-123")
    client = client_for(superuser)
    assert client.get("/kk/admin/referrals/referral/").status_code == 404
    assert client.get("/kk/admin/referrals/referral/autocomplete/").status_code == 404


def test_it_refuses_anonymous_exports(client, referral_a):
    response = client.post(url("export_referrals"), {"format": "csv", "purpose": "Statistics"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("office:login"))


def test_the_coordinators_export_holds_every_region(client_for, coordinator, referral_a, referral_b):
    response = client_for(coordinator).post(url("export_referrals"), {"format": "csv", "purpose": "Statistics"})
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    assert referral_a.reference in body
    assert referral_b.reference in body


def test_an_official_of_another_region_exports_none_of_region_a(client_for, official_b, referral_a):
    response = client_for(official_b).post(url("export_referrals"), {"format": "json", "purpose": "Statistics"})
    body = b"".join(response.streaming_content).decode()
    assert referral_a.reference not in body


def test_a_background_export_re_checks_the_scope_when_it_runs(client_for, official_a, referral_a):
    """A region taken away between asking and the worker running: the file holds none of it."""
    from referrals.models import ExportRecord, RegionAssignment
    from referrals.tasks import build_export_file

    record = ExportRecord.objects.create(
        actor=official_a, format="xlsx", language="en", purpose="x", filters={}, state=ExportRecord.State.PENDING
    )
    RegionAssignment.objects.filter(user=official_a).delete()
    build_export_file.enqueue(record.pk)
    record.refresh_from_db()
    assert record.row_count == 0


ADMIN_PAGES = [
    "/kk/admin/referrals/officeaddress/",
    "/kk/admin/referrals/officeaddress/add/",
    "/kk/admin/referrals/regionassignment/",
    "/kk/admin/referrals/regionassignment/add/",
    "/kk/admin/autocomplete/?term=o&app_label=referrals&model_name=regionassignment&field_name=user",
]


@pytest.mark.parametrize(
    ("who", "verified", "expected"),
    [
        (None, False, 302),
        ("editor", False, 403),
        ("official_a", True, 403),
        ("coordinator", False, 302),
        ("coordinator", True, 200),
    ],
)
def test_the_coordinators_admin_pages_answer_only_a_verified_coordinator(request, client_for, who, verified, expected):
    user = request.getfixturevalue(who) if who else None
    client = client_for(user, verified=verified)
    for page in ADMIN_PAGES:
        assert client.get(page).status_code == expected, page


def test_only_the_coordinator_sees_what_needs_their_attention(client_for, official_a, coordinator, referral_a):
    from referrals.models import Notification

    Notification.objects.create(referral=referral_a, kind=Notification.Kind.NEW_REFERRAL, state="nobody")
    assert "unheard-title" not in client_for(official_a).get(url("worklist")).content.decode()
    assert "unheard-title" in client_for(coordinator).get(url("worklist")).content.decode()
    # Once the office's address got the same notice, the referral no longer waits unheard.
    Notification.objects.create(
        referral=referral_a, kind=Notification.Kind.NEW_REFERRAL, recipient="a@example.kz", state="sent"
    )
    assert "unheard-title" not in client_for(coordinator).get(url("worklist")).content.decode()
