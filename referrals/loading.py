"""Load the gazetteer: the curated entries (fixtures/gazetteer.json) and every place of the
national classifier (fixtures/kato/, read by referrals/kato.py).

Idempotent and quick to run again: a settlement already present (same KATO code, or for
an entry without a code the same region and Kazakh name) is left as staff last edited it,
and only settlements and names not there yet are added, in bulk. The curated entries come
first and carry their KATO code, so the classifier's row of the same code only completes
them (Russian district, rural district) instead of adding a second place. Regions are
looked up by their ISO 3166-2:KZ code, so the directory (contacts) must be loaded first.

Keeping the gazetteer current against a newer classifier (renamed, moved, retired places)
is referrals/kato_import.py's job; this loader never changes what is there.
"""

import json
from pathlib import Path

from django.conf import settings
from django.db import connection

from contacts.models import Region
from portal.content_version import content_changed
from referrals import kato
from referrals.gazetteer import fold
from referrals.models import Settlement, SettlementName

GAZETTEER = Path(settings.BASE_DIR) / "fixtures" / "gazetteer.json"
KATO_FILE = Path(settings.BASE_DIR) / "fixtures" / "kato" / "KATO_2022-10-17_ru.csv"
# The test settings point this at a sample of the file.
CLASSIFIER = Path(getattr(settings, "GAZETTEER_CLASSIFIER", KATO_FILE))
LANGUAGES = settings.MODELTRANSLATION_LANGUAGES


def _names(pairs):
    """(name, kind) pairs, blank ones dropped."""
    return [(name.strip(), kind) for name, kind in pairs if name and name.strip()]


def settlement_from_place(place: kato.Place, region: Region) -> Settlement:
    """A new settlement of the classifier: its Kazakh name where the file has one, else the
    Russian name in every language (nothing is transliterated and called official)."""
    name_kk = place.name_kk or place.name_ru
    district_kk = place.district_kk or place.district_ru
    return Settlement(
        region=region,
        kind=place.kind,
        kato_code=place.code,
        offered_first=place.kind in (Settlement.Kind.CITY, Settlement.Kind.CITY_DISTRICT),
        name_kk=name_kk,
        name_ru=place.name_ru,
        name_en=place.name_ru,
        district_kk=district_kk,
        district_ru=place.district_ru,
        district_en=place.district_ru,
        rural_district=place.rural_district_ru,
    )


def place_names(place: kato.Place):
    return _names([(place.name_kk, SettlementName.Kind.OFFICIAL), (place.name_ru, SettlementName.Kind.OFFICIAL)])


def add_names(wanted, known=None) -> int:
    """Add the (settlement, [(name, kind)...]) names a settlement lacks; returns how many."""
    if known is None:
        ids = [settlement.pk for settlement, _names in wanted]
        known = set()
        for start in range(0, len(ids), 500):
            known |= set(
                SettlementName.objects.filter(settlement_id__in=ids[start : start + 500]).values_list(
                    "settlement_id", "key"
                )
            )
    new_names = []
    for settlement, names in wanted:
        for name, kind in names:
            key = fold(name)
            if key and (settlement.pk, key) not in known:
                known.add((settlement.pk, key))
                new_names.append(SettlementName(settlement=settlement, name=name[:100], key=key[:100], kind=kind))
    SettlementName.objects.bulk_create(new_names, batch_size=2000)
    return len(new_names)


def load(path: Path = GAZETTEER, classifier: Path | None = CLASSIFIER) -> str:
    entries = json.loads(Path(path).read_text(encoding="utf-8"))
    places = kato.places(kato.read_file(classifier.name, classifier.read_bytes())) if classifier else []
    by_code = {place.code: place for place in places}
    regions = {region.code: region for region in Region.objects.all()}

    existing = {}
    uncoded = {}
    for settlement in Settlement.objects.all():
        if settlement.kato_code:
            existing[settlement.kato_code] = settlement
        else:
            uncoded[(settlement.region_id, settlement.name_kk)] = settlement
    known = set(SettlementName.objects.values_list("settlement_id", "key"))

    skipped = 0
    new_settlements, completed, wanted = [], [], []
    for entry in entries:
        region = regions.get(entry["region"])
        if region is None:
            skipped += 1
            continue
        code = entry.get("kato") or None
        place = by_code.get(code) if code else None
        settlement = existing.get(code) if code else None
        if settlement is None:
            settlement = uncoded.pop((region.pk, entry["name_kk"]), None)
            if settlement is not None and code:
                # Loaded before the gazetteer knew its code: join it to the classifier now.
                settlement.kato_code = code
                settlement.offered_first = True
                completed.append(settlement)
        if settlement is None:
            settlement = Settlement(
                region=region,
                kind=entry["kind"],
                kato_code=code,
                offered_first=True,
                name_kk=entry["name_kk"],
                name_ru=entry.get("name_ru") or "",
                name_en=entry.get("name_en") or "",
                district_kk=entry.get("district_kk") or "",
            )
            new_settlements.append(settlement)
        if place is not None and not settlement.rural_district and not settlement.district_ru:
            settlement.district_ru = place.district_ru
            settlement.district_en = place.district_ru
            settlement.rural_district = place.rural_district_ru
            if settlement.pk:
                completed.append(settlement)
        if code:
            existing[code] = settlement
        names = [(entry.get(f"name_{lang}") or "", SettlementName.Kind.OFFICIAL) for lang in LANGUAGES]
        names += [(variant, SettlementName.Kind.VARIANT) for variant in entry.get("variants", [])]
        if place is not None:
            # The classifier's spelling ("Шубаркудук") finds the curated place too.
            names += [(name, SettlementName.Kind.VARIANT) for name, _kind in place_names(place)]
        wanted.append((settlement, _names(names)))

    for place in places:
        if place.code in existing:
            continue
        region = regions.get(place.region_code)
        if region is None:
            skipped += 1
            continue
        settlement = settlement_from_place(place, region)
        existing[place.code] = settlement
        new_settlements.append(settlement)
        wanted.append((settlement, place_names(place)))

    Settlement.objects.bulk_create(new_settlements, batch_size=2000)
    if completed:
        Settlement.objects.bulk_update(
            completed, ["kato_code", "offered_first", "district_ru", "district_en", "rural_district"], batch_size=500
        )
    added_names = add_names(wanted, known)
    if new_settlements and connection.vendor == "postgresql":
        # Fresh statistics, so that the planner uses the keys' index from the first request.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE referrals_settlement")
            cursor.execute("ANALYZE referrals_settlementname")

    # Written in bulk, so no signal said so: the suggestions' index is built again.
    content_changed()
    summary = f"{len(new_settlements)} settlements and {added_names} names added"
    if skipped:
        summary += f"; {skipped} entries skipped because their region is not in the directory"
    return summary
