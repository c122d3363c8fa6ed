"""People who use the directory, and the manual's contact pages as the tests read them."""

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Permission

MANUAL_CANDIDATES = [
    Path(settings.BASE_DIR) / "fixtures" / "guidance" / "manual.kk.txt",
]
PRINTED_NUMBER = re.compile(r"\+7 \(\d{3,4}\) \d{2,3}-\d{2}-\d{2}")


@dataclass
class ManualRegion:
    position: int
    name: str
    full_name: str
    numbers: list[str]


@dataclass
class ManualContacts:
    """What the manual's contact pages print, parsed from its Kazakh text."""

    regions: list[ManualRegion] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def line_starting(self, prefix: str) -> str:
        return next(line for line in self.lines if line.startswith(prefix))


def read_manual() -> ManualContacts:
    path = next(p for p in MANUAL_CANDIDATES if p.exists())
    text = path.read_text(encoding="utf-8")
    start = text.index("қайда жүгінуге болады")
    end = text.index("Дереккөздер:")
    contacts = ManualContacts(lines=[line.strip() for line in text[start:end].splitlines() if line.strip()])
    for line in contacts.lines:
        row = re.fullmatch(r"(\d+)\t([^\t]+)\t([^\t]+)\t(.+)", line)
        if row:
            numbers = PRINTED_NUMBER.findall(row.group(4))
            # Nothing in the phone column may escape the pattern unnoticed.
            assert " ".join(numbers) == row.group(4).strip()
            contacts.regions.append(ManualRegion(int(row.group(1)), row.group(2), row.group(3), numbers))
    return contacts


@pytest.fixture(scope="session")
def manual():
    contacts = read_manual()
    assert len(contacts.regions) == 20
    return contacts


def _user(django_user_model, username, *, staff, permissions=()):
    user = django_user_model.objects.create_user(username=username, password="a-long-test-password", is_staff=staff)
    for codename in permissions:
        user.user_permissions.add(Permission.objects.get(content_type__app_label="contacts", codename=codename))
    return user


@pytest.fixture
def directory_editor(django_user_model):
    """Staff who keep the directory: may view, add and change every entry."""
    models = ("region", "regionalombudsman", "nationalservice", "phonenumber")
    permissions = [f"{action}_{model}" for model in models for action in ("view", "add", "change")]
    return _user(django_user_model, "editor", staff=True, permissions=permissions)


@pytest.fixture
def directory_reader(django_user_model):
    """Staff who may look at the directory in the admin but not change it."""
    models = ("region", "regionalombudsman", "nationalservice", "phonenumber")
    return _user(django_user_model, "reader", staff=True, permissions=[f"view_{model}" for model in models])


@pytest.fixture
def outsider(django_user_model):
    """A signed-in account that is not staff."""
    return _user(django_user_model, "outsider", staff=False)


@pytest.fixture
def editor_client(client, directory_editor):
    client.force_login(directory_editor)
    return client
