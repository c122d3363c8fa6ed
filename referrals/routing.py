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


def _describe_match(lookup: gazetteer.Lookup) -> str:
    parts = []
    for settlement in lookup.settlements:
        name = lookup.matched_names.get(settlement.pk)
        how = f"{name.kind} name {name.name!r}" if name else "name"
        parts.append(f"{settlement.name_kk} ({settlement.region.code}) by {how}")
    return "; ".join(parts)


def decide(*, typed: str, chosen_region: Region | None = None) -> Route:
    """Work out the route without writing anything (the form shows it, submission records it)."""
    lookup = gazetteer.find(typed)
    settlement = lookup.settlements[0] if lookup.is_unique else None
    if lookup.region is not None:
        region = lookup.region
        method = RoutingRecord.Method.GAZETTEER
        reason = f"{typed!r} matched {_describe_match(lookup)}."
        if chosen_region is not None and chosen_region != region:
            # The witness knows better than a name match (e.g. a village of the same name).
            region, method, settlement = chosen_region, RoutingRecord.Method.WITNESS_CHOICE, None
            reason += f" The witness chose {chosen_region.code} instead."
    elif chosen_region is not None:
        region = chosen_region
        method = RoutingRecord.Method.WITNESS_CHOICE
        if lookup.settlements:
            reason = f"{typed!r} is ambiguous ({_describe_match(lookup)}); the witness chose {region.code}."
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
