"""The admin asks staff who can see referrals for their second factor; directory editors a password."""

import pytest
from django.contrib.auth.models import Group, User

from referrals.roles import DIRECTORY_EDITOR, REGIONAL_OFFICIAL

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-password-123"


def staff(username, role):
    user = User.objects.create_user(username, f"{username}@example.kz", PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_a_directory_editor_signs_in_to_the_admin_with_a_password(client):
    staff("editor", DIRECTORY_EDITOR)
    response = client.post("/kk/admin/login/", {"username": "editor", "password": PASSWORD, "next": "/kk/admin/"})
    assert response.status_code == 302
    assert client.get("/kk/admin/").status_code == 200


def test_an_official_cannot_sign_in_to_the_admin_with_a_password_alone(client):
    staff("official", REGIONAL_OFFICIAL)
    response = client.post("/en/admin/login/", {"username": "official", "password": PASSWORD, "next": "/en/admin/"})
    assert response.status_code == 200
    assert "/en/office/login/" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_superuser_without_the_second_factor_is_sent_to_the_sign_in_that_asks_for_it(client):
    User.objects.create_superuser("root", "root@example.kz", PASSWORD)
    client.force_login(User.objects.get(username="root"))
    response = client.get("/kk/admin/", follow=True)
    assert response.redirect_chain[-1][0] == "/kk/office/login/?next=%2Fkk%2Fadmin%2F"


def test_a_superuser_with_the_second_factor_works_in_the_admin(admin_client):
    assert admin_client.get("/kk/admin/").status_code == 200
