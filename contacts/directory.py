"""The directory as the public pages read it: entries and all their numbers in 3 queries.

Regions come with their ombudsman (one query), the national services in another, and the
phone numbers of all of them in a third, handed to their entries as if prefetched, so
`entry.phone_numbers.all()` in templates and the API asks the database nothing more.
"""

from dataclasses import dataclass

from django.db.models import Q

from contacts.models import NationalService, PhoneNumber, Region, RegionalOmbudsman


@dataclass
class Directory:
    regions: list[Region]
    services: list[NationalService]


def _hand_out_numbers(ombudsmen: list[RegionalOmbudsman], services: list[NationalService], numbers) -> None:
    by_ombudsman: dict[int, list[PhoneNumber]] = {entry.pk: [] for entry in ombudsmen}
    by_service: dict[int, list[PhoneNumber]] = {entry.pk: [] for entry in services}
    for number in numbers:
        if number.ombudsman_id in by_ombudsman:
            by_ombudsman[number.ombudsman_id].append(number)
        elif number.service_id in by_service:
            by_service[number.service_id].append(number)
    for entries, found in ((ombudsmen, by_ombudsman), (services, by_service)):
        for entry in entries:
            # What prefetch_related() stores: a queryset whose results are already known.
            queryset = entry.phone_numbers.all()
            queryset._result_cache = found[entry.pk]
            queryset._prefetch_done = True
            entry._prefetched_objects_cache = {"phone_numbers": queryset}


def _ombudsman_of(region: Region) -> RegionalOmbudsman | None:
    try:
        return region.ombudsman
    except RegionalOmbudsman.DoesNotExist:
        return None


def load(*, regions=None, services=None) -> Directory:
    """The given regions and services (all of each by default), with their numbers."""
    whole = regions is None and services is None
    regions = list((Region.objects.all() if regions is None else regions).select_related("ombudsman"))
    services = list(NationalService.objects.all() if services is None else services)
    ombudsmen = [ombudsman for ombudsman in map(_ombudsman_of, regions) if ombudsman is not None]
    numbers = PhoneNumber.objects.order_by("position", "id")
    if not whole:
        numbers = numbers.filter(
            Q(ombudsman_id__in=[entry.pk for entry in ombudsmen]) | Q(service_id__in=[entry.pk for entry in services])
        )
    _hand_out_numbers(ombudsmen, services, numbers)
    return Directory(regions, services)
