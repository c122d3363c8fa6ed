"""Load the manual's contact pages (fixtures/contacts.json) into the directory.

Idempotent: a region (by its code) or a national service (by its slug) that is already in
the database is left exactly as it is, with its ombudsman and numbers, so what staff have
edited, added or removed since survives every later `make run`. Only what is missing is
created. Numbers are kept in the file as the manual prints them and stored in E.164.
"""

import datetime
import json
from pathlib import Path

from django.conf import settings

from contacts.models import EntryStatus, NationalService, PhoneNumber, Region, RegionalOmbudsman

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "contacts.json"
LANGUAGES = settings.MODELTRANSLATION_LANGUAGES


def read_fixture(path: Path = FIXTURE) -> dict:
    with path.open(encoding="utf-8") as file:
        return json.load(file)


def _translated(field: str, values: dict) -> dict:
    return {f"{field}_{lang}": values.get(lang, "") for lang in LANGUAGES}


def _add_numbers(numbers: list[dict], **owner) -> int:
    for position, entry in enumerate(numbers, start=1):
        phone = PhoneNumber(number=entry["as_printed"], channel=entry["channel"], position=position, **owner)
        phone.full_clean()
        phone.save()
    return len(numbers)


def _load_region(entry: dict, checked_on: datetime.date) -> tuple[bool, int]:
    if Region.objects.filter(code=entry["code"]).exists():
        return False, 0
    region = Region(
        code=entry["code"],
        slug=entry["slug"],
        kind=entry["kind"],
        position=entry["position"],
        **_translated("name", entry["name"]),
    )
    region.full_clean()
    region.save()
    details = entry["ombudsman"]
    ombudsman = RegionalOmbudsman(
        region=region,
        full_name=details["full_name"],
        email=details.get("email", ""),
        status=EntryStatus.ACTIVE,
        checked_on=checked_on,
        **_translated("public_notice", {}),
    )
    # Russian and Latin forms by the portal's rule, to confirm with the person (contacts/names.py).
    ombudsman.fill_name_forms()
    ombudsman.full_clean()
    ombudsman.save()
    return True, _add_numbers(details["phone_numbers"], ombudsman=ombudsman)


def _load_service(entry: dict, checked_on: datetime.date) -> tuple[bool, int]:
    if NationalService.objects.filter(slug=entry["slug"]).exists():
        return False, 0
    service = NationalService(
        slug=entry["slug"],
        kind=entry["kind"],
        position=entry["position"],
        email=entry.get("email", ""),
        anonymous=entry.get("anonymous"),
        status=EntryStatus.ACTIVE,
        checked_on=checked_on,
        **_translated("name", entry["name"]),
        **_translated("description", entry.get("description", {})),
        # The manual gives no opening hours: left empty, shown as "not known".
        **_translated("opening_hours", {}),
        **_translated("public_notice", {}),
    )
    service.full_clean()
    service.save()
    return True, _add_numbers(entry["phone_numbers"], service=service)


def load() -> str:
    data = read_fixture()
    checked_on = datetime.date.fromisoformat(data["manual_checked_on"])
    created = {"regions": 0, "services": 0, "numbers": 0}
    kept = 0
    for entry in data["regions"]:
        was_created, numbers = _load_region(entry, checked_on)
        created["regions"] += was_created
        created["numbers"] += numbers
        kept += not was_created
    for entry in data["services"]:
        was_created, numbers = _load_service(entry, checked_on)
        created["services"] += was_created
        created["numbers"] += numbers
        kept += not was_created
    return (
        f"created {created['regions']} regions with their ombudsmen, {created['services']} national services "
        f"and {created['numbers']} phone numbers; {kept} entries already present were kept as they are"
    )
