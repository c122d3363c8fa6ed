"""Which office an observation goes to, and the record of why.

The region comes from the settlement the witness named (referrals/gazetteer.py) or, when
the name was ambiguous or unknown, from the region the witness picked. The region's
ombudsman in the directory receives it; when there is no region, no ombudsman, or the
ombudsman is not active, the Commissioner's office does, and the record says which.
"""

from dataclasses import dataclass

from contacts.models import Region, RegionalOmbudsman
from referrals import gazetteer
from referrals.models import RoutedTo, RoutingRecord, Settlement


@dataclass
class Route:
    method: str
    typed: str
    settlement: Settlement | None
    region: Region | None
    routed_to: str
    ombudsman: RegionalOmbudsman | None
    reason: str


def describe(settlement: Settlement) -> str:
    code = f"KATO {settlement.kato_code}, " if settlement.kato_code else ""
    district = f"{settlement.district_kk}, " if settlement.district_kk else ""
    return f"{settlement.name_kk} ({code}{district}{settlement.region.code})"


def _describe_match(lookup: gazetteer.Lookup, most: int = 10) -> str:
    parts = []
    for settlement in lookup.settlements[:most]:
        name = lookup.matched_names.get(settlement.pk)
        how = f"{name.kind} name {name.name!r}" if name else "name"
        parts.append(f"{describe(settlement)} by {how}")
    if len(lookup.settlements) > most:
        parts.append(f"and {len(lookup.settlements) - most} more")
    return "; ".join(parts)


def decide(
    *,
    typed: str,
    chosen_region: Region | None = None,
    chosen_settlement: Settlement | None = None,
    settlement_unknown: bool = False,
) -> Route:
    """Work out the route without writing anything (the form shows it, submission records it).

    `chosen_settlement` is the place the witness picked among those of the typed name;
    `chosen_region` the region they picked when the name did not decide it;
    `settlement_unknown` that they did not know which of the places it was, or that it is
    another place: then no place is taken from the name.
    """
    lookup = gazetteer.find(typed)
    if chosen_settlement is not None and chosen_settlement.pk not in {s.pk for s in lookup.settlements}:
        chosen_settlement = None  # a choice left from a name the witness has since changed
    settlement = lookup.chosen
    if settlement_unknown and chosen_settlement is None:
        settlement = None
        region = chosen_region
        method = RoutingRecord.Method.WITNESS_CHOICE if region else RoutingRecord.Method.UNKNOWN
        reason = (
            f"{typed!r} matched {_describe_match(lookup)}; the witness said it is none of them or did not know which"
        )
        reason += f" and chose {region.code}." if region else " and did not know the region."
    elif chosen_settlement is not None:
        settlement, region = chosen_settlement, chosen_settlement.region
        method = RoutingRecord.Method.WITNESS_CHOICE
        if len(lookup.settlements) > 1:
            reason = f"{typed!r} matched {_describe_match(lookup)}; the witness chose {describe(settlement)}."
        else:
            reason = f"{typed!r} matched {_describe_match(lookup)}."
            method = RoutingRecord.Method.GAZETTEER
    elif lookup.region is not None:
        region = lookup.region
        method = RoutingRecord.Method.GAZETTEER
        reason = f"{typed!r} matched {_describe_match(lookup)}."
        if settlement is not None and len(lookup.settlements) > 1:
            reason += f" {describe(settlement)} is offered first among them; the witness saw it and kept it."
        if chosen_region is not None and chosen_region != region:
            # The witness knows better than a name match (e.g. a village of the same name).
            region, method, settlement = chosen_region, RoutingRecord.Method.WITNESS_CHOICE, None
            reason += f" The witness chose {chosen_region.code} instead."
    elif chosen_region is not None:
        region = chosen_region
        method = RoutingRecord.Method.WITNESS_CHOICE
        if lookup.settlements:
            reason = f"{typed!r} is ambiguous ({_describe_match(lookup)}); the witness chose {region.code}."
            settlement = None
        elif typed:
            reason = f"{typed!r} is not in the gazetteer; the witness chose {region.code}."
        else:
            reason = f"No settlement given; the witness chose {region.code}."
    else:
        region = None
        method = RoutingRecord.Method.UNKNOWN
        if lookup.settlements:
            reason = f"{typed!r} is ambiguous ({_describe_match(lookup)}) and the witness did not know the region."
        elif typed:
            reason = f"{typed!r} is not in the gazetteer and the witness did not know the region."
        else:
            reason = "No settlement given and the witness did not know the region."

    ombudsman = RegionalOmbudsman.objects.filter(region=region).first() if region else None
    if region is None:
        routed_to = RoutedTo.COMMISSIONER
        reason += " Sent to the Commissioner's office, which serves every region."
    elif ombudsman is None:
        routed_to = RoutedTo.COMMISSIONER
        reason += f" {region.code} has no ombudsman in the directory: sent to the Commissioner's office."
    elif not ombudsman.is_active:
        routed_to = RoutedTo.COMMISSIONER
        reason += (
            f" The ombudsman of {region.code} is not active (status {ombudsman.status}):"
            " sent to the Commissioner's office."
        )
    else:
        routed_to = RoutedTo.REGIONAL_OFFICE
        # Who is told by e-mail is added when the notices are queued (services.referral_submit).
        reason += f" Sent to the regional ombudsman of {region.code}."
    return Route(
        method=method,
        typed=typed,
        settlement=settlement,
        region=region,
        routed_to=routed_to,
        ombudsman=ombudsman if routed_to == RoutedTo.REGIONAL_OFFICE else None,
        reason=reason,
    )
