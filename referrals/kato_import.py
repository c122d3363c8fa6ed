"""Keeping the gazetteer current with a newer classifier file.

`plan` compares a file's places (referrals/kato.py) with the gazetteer and says what was
added, renamed, moved (another district or region) or retired; `apply` writes that in
bulk. A renamed place keeps its earlier names, so referrals and witnesses that use them
still find it; a retired place is kept for the referrals that name it and is no longer
offered. Names staff gave a place (Kazakh or English ones the classifier lacks) are kept:
only a name that was the classifier's Russian one standing in is replaced.

A file may hold part of the classifier: a place missing from it is retired only when the
unit above it (its rural district, or its district for a town) is in the file.
"""

from dataclasses import dataclass, field

from django.db import transaction

from contacts.models import Region
from portal.content_version import content_changed
from referrals import kato
from referrals.gazetteer import fold
from referrals.loading import add_names, place_names, settlement_from_place
from referrals.models import Settlement, SettlementName


@dataclass
class Plan:
    added: list[kato.Place] = field(default_factory=list)
    renamed: list[tuple[Settlement, kato.Place]] = field(default_factory=list)
    moved: list[tuple[Settlement, kato.Place]] = field(default_factory=list)
    retired: list[Settlement] = field(default_factory=list)
    returned: list[tuple[Settlement, kato.Place]] = field(default_factory=list)
    unknown_regions: set[str] = field(default_factory=set)

    def summary(self) -> str:
        return (
            f"{len(self.added)} added, {len(self.renamed)} renamed, {len(self.moved)} moved, "
            f"{len(self.retired)} retired, {len(self.returned)} back in the classifier"
        )


def _parent_code(code: str) -> str:
    return code[:4] + "00000" if code[6:] == "000" else code[:6] + "000"


def plan(rows: list[kato.Row]) -> Plan:
    places = kato.places(rows)
    in_file = {row.code for row in rows}
    regions = {region.code: region for region in Region.objects.all()}
    settlements = {s.kato_code: s for s in Settlement.objects.filter(kato_code__isnull=False).select_related("region")}
    keys = {}
    for settlement_id, key in SettlementName.objects.values_list("settlement_id", "key"):
        keys.setdefault(settlement_id, set()).add(key)
    result = Plan()
    for place in places:
        if place.region_code not in regions:
            result.unknown_regions.add(place.region_code)
            continue
        settlement = settlements.get(place.code)
        if settlement is None:
            result.added.append(place)
            continue
        if settlement.is_retired:
            result.returned.append((settlement, place))
        if settlement.name_ru != place.name_ru and fold(place.name_ru) not in keys.get(settlement.pk, set()):
            result.renamed.append((settlement, place))
        if settlement.region.code != place.region_code or (
            settlement.district_ru != place.district_ru or settlement.rural_district != place.rural_district_ru
        ):
            result.moved.append((settlement, place))
    place_codes = {place.code for place in places}
    for code, settlement in settlements.items():
        if not settlement.is_retired and code not in place_codes and _parent_code(code) in in_file:
            result.retired.append(settlement)
    return result


def _replace_standing_in(settlement: Settlement, attribute: str, old: str, new: str) -> None:
    """Change a per-language name only where it was the classifier's Russian one standing in."""
    for language in ("kk", "en"):
        name = f"{attribute}_{language}"
        if getattr(settlement, name) in ("", None, old):
            setattr(settlement, name, new)


@transaction.atomic
def apply(result: Plan) -> None:
    regions = {region.code: region for region in Region.objects.all()}
    new = [settlement_from_place(place, regions[place.region_code]) for place in result.added]
    Settlement.objects.bulk_create(new, batch_size=2000)
    changed = {}
    for settlement, place in result.renamed:
        old = settlement.name_ru
        settlement.name_ru = place.name_ru
        _replace_standing_in(settlement, "name", old, place.name_kk or place.name_ru)
        if place.name_kk:
            settlement.name_kk = place.name_kk
        changed[settlement.pk] = settlement
    for settlement, place in result.moved:
        settlement = changed.get(settlement.pk, settlement)
        settlement.region = regions[place.region_code]
        old = settlement.district_ru
        settlement.district_ru = place.district_ru
        _replace_standing_in(settlement, "district", old, place.district_kk or place.district_ru)
        settlement.rural_district = place.rural_district_ru
        changed[settlement.pk] = settlement
    for settlement, _place in result.returned:
        settlement = changed.get(settlement.pk, settlement)
        settlement.is_retired = False
        changed[settlement.pk] = settlement
    for settlement in result.retired:
        settlement.is_retired = True
        changed[settlement.pk] = settlement
    fields = ["name_kk", "name_ru", "name_en", "region", "district_kk", "district_ru", "district_en"]
    Settlement.objects.bulk_update(changed.values(), [*fields, "rural_district", "is_retired"], batch_size=500)
    wanted = [(s, place_names(p)) for s, p in zip(new, result.added, strict=True)]
    wanted += [(s, place_names(p)) for s, p in result.renamed]
    add_names(wanted)
    # Written in bulk, so no signal said so: the suggestions' index is built again.
    content_changed()
