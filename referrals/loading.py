"""Load the gazetteer (fixtures/gazetteer.json) into Settlement and SettlementName.

Idempotent: a settlement already present (same region and Kazakh name) is left as staff
last edited it, and only names it does not have yet are added. Regions are looked up by
their ISO 3166-2:KZ code, so the directory (contacts) must be loaded first; entries of a
region that is not in the database are skipped and counted.
"""

import json
from pathlib import Path

from django.conf import settings

from contacts.models import Region
from referrals.gazetteer import fold
from referrals.models import Settlement, SettlementName

GAZETTEER = Path(settings.BASE_DIR) / "fixtures" / "gazetteer.json"


def _add_name(settlement: Settlement, name: str, kind: str, known: set[tuple[int, str]]) -> bool:
    name = name.strip()
    key = fold(name)
    if not name or not key or (settlement.pk, key) in known:
        return False
    SettlementName.objects.create(settlement=settlement, name=name, key=key, kind=kind)
    known.add((settlement.pk, key))
    return True


def load(path: Path = GAZETTEER) -> str:
    entries = json.loads(Path(path).read_text(encoding="utf-8"))
    regions = {region.code: region for region in Region.objects.all()}
    existing = {(s.region_id, s.name_kk): s for s in Settlement.objects.all()}
    known = set(SettlementName.objects.values_list("settlement_id", "key"))
    created = names = skipped = 0
    for entry in entries:
        region = regions.get(entry["region"])
        if region is None:
            skipped += 1
            continue
        settlement = existing.get((region.pk, entry["name_kk"]))
        if settlement is None:
            settlement = Settlement.objects.create(
                region=region,
                kind=entry["kind"],
                name_kk=entry["name_kk"],
                name_ru=entry.get("name_ru") or "",
                name_en=entry.get("name_en") or "",
                district=entry.get("district_kk") or "",
            )
            existing[(region.pk, settlement.name_kk)] = settlement
            created += 1
        for value in (entry["name_kk"], entry.get("name_ru"), entry.get("name_en")):
            names += _add_name(settlement, value or "", SettlementName.Kind.OFFICIAL, known)
        for value in entry.get("variants", []):
            names += _add_name(settlement, value, SettlementName.Kind.VARIANT, known)
    summary = f"{created} settlements and {names} names added"
    if skipped:
        summary += f"; {skipped} entries skipped because their region is not in the directory"
    return summary
