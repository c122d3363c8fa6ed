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


def load(path: Path = GAZETTEER) -> str:
    entries = json.loads(Path(path).read_text(encoding="utf-8"))
    regions = {region.code: region for region in Region.objects.all()}
    existing = {(s.region_id, s.name_kk): s for s in Settlement.objects.all()}
    known = set(SettlementName.objects.values_list("settlement_id", "key"))
    skipped = 0
    new_settlements = []
    wanted = []  # (region id, Kazakh name, [(name, kind)...])
    for entry in entries:
        region = regions.get(entry["region"])
        if region is None:
            skipped += 1
            continue
        if (region.pk, entry["name_kk"]) not in existing:
            settlement = Settlement(
                region=region,
                kind=entry["kind"],
                name_kk=entry["name_kk"],
                name_ru=entry.get("name_ru") or "",
                name_en=entry.get("name_en") or "",
                district=entry.get("district_kk") or "",
            )
            existing[(region.pk, entry["name_kk"])] = settlement
            new_settlements.append(settlement)
        names = [
            (entry.get(f"name_{lang}") or "", SettlementName.Kind.OFFICIAL)
            for lang in settings.MODELTRANSLATION_LANGUAGES
        ]
        names += [(variant, SettlementName.Kind.VARIANT) for variant in entry.get("variants", [])]
        wanted.append((region.pk, entry["name_kk"], names))
    Settlement.objects.bulk_create(new_settlements)

    new_names = []
    for region_id, name_kk, names in wanted:
        settlement = existing[(region_id, name_kk)]
        for name, kind in names:
            name = name.strip()
            key = fold(name)
            if name and key and (settlement.pk, key) not in known:
                known.add((settlement.pk, key))
                new_names.append(SettlementName(settlement=settlement, name=name, key=key, kind=kind))
    SettlementName.objects.bulk_create(new_names)

    summary = f"{len(new_settlements)} settlements and {len(new_names)} names added"
    if skipped:
        summary += f"; {skipped} entries skipped because their region is not in the directory"
    return summary
