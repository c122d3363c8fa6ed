"""The public directory: who to call, nationally and in each region, and its JSON form.

Pages are served from the cache while the directory is unchanged (portal/page_cache.py):
a change staff make in the admin makes a new content version, so it shows on the next request.
"""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from contacts import directory as directory_data
from contacts.models import (
    MANUAL_CHECKED_ON,
    NationalService,
    PhoneNumber,
    Region,
    RegionalOmbudsman,
    regions_in_language_order,
)
from portal.page_cache import public_page

LANGUAGES = settings.MODELTRANSLATION_LANGUAGES


def _page_context(shown_regions, **context):
    # The Russian and Latin forms of a name are the portal's transliteration until the person
    # confirms them: the pages say so while any name they show is still to confirm.
    to_confirm = any(not ombudsman.name_forms_confirmed for ombudsman in map(_ombudsman_of, shown_regions) if ombudsman)
    return {"manual_checked_on": MANUAL_CHECKED_ON, "names_to_confirm": to_confirm, **context}


@require_GET
@public_page
def directory(request):
    # The no-JavaScript "jump to my region" form submits ?region=<slug>.
    chosen = request.GET.get("region")
    entries = directory_data.load()
    if chosen and any(region.slug == chosen for region in entries.regions):
        return redirect("contacts:region", slug=chosen)
    return render(
        request,
        "contacts/directory.html",
        # Submitted without a region, or with one that does not exist.
        _page_context(
            entries.regions,
            services=entries.services,
            regions=regions_in_language_order(entries.regions),
            unknown_region=chosen is not None,
        ),
    )


@require_GET
@public_page
def region_detail(request, slug):
    # The lines that help wherever one lives, shown under the region's own office.
    entries = directory_data.load(
        regions=Region.objects.filter(slug=slug),
        services=NationalService.objects.filter(
            kind__in=[NationalService.Kind.HOTLINE, NationalService.Kind.COMMISSIONER]
        ),
    )
    if not entries.regions:
        raise Http404
    return render(
        request,
        "contacts/region.html",
        _page_context(entries.regions, region=entries.regions[0], services=entries.services),
    )


def _translations(obj, field: str) -> dict:
    return {lang: getattr(obj, f"{field}_{lang}") or "" for lang in LANGUAGES}


def _number_json(number: PhoneNumber) -> dict:
    return {"number": number.number, "display": number.display, "channel": number.channel, "href": number.href}


def _ombudsman_json(ombudsman: RegionalOmbudsman | None) -> dict | None:
    if ombudsman is None:
        return None
    return {
        "full_name": ombudsman.full_name,
        # The Russian and Latin forms are derived by the portal's rule until confirmed with the person.
        "full_name_ru": ombudsman.full_name_ru,
        "full_name_en": ombudsman.name_in("en")[0],
        "name_forms_confirmed": ombudsman.name_forms_confirmed,
        "email": ombudsman.email,
        "status": ombudsman.status,
        "checked_on": ombudsman.checked_on.isoformat(),
        "public_notice": _translations(ombudsman, "public_notice"),
        "phone_numbers": [_number_json(n) for n in ombudsman.phone_numbers.all()],
    }


def _ombudsman_of(region: Region) -> RegionalOmbudsman | None:
    try:
        return region.ombudsman
    except RegionalOmbudsman.DoesNotExist:
        return None


@require_GET
@public_page
def directory_json(request):
    """The whole directory for integrations, in every language at once."""
    entries = directory_data.load()
    regions = [
        {
            "code": region.code,
            "slug": region.slug,
            "kind": region.kind,
            "position": region.position,
            "name": _translations(region, "name"),
            "ombudsman": _ombudsman_json(_ombudsman_of(region)),
        }
        for region in entries.regions
    ]
    services = [
        {
            "slug": service.slug,
            "kind": service.kind,
            "name": _translations(service, "name"),
            "description": _translations(service, "description"),
            # true, false, or null when not known.
            "anonymous": service.anonymous,
            "opening_hours": _translations(service, "opening_hours"),
            "email": service.email,
            "status": service.status,
            "checked_on": service.checked_on.isoformat(),
            "public_notice": _translations(service, "public_notice"),
            "phone_numbers": [_number_json(n) for n in service.phone_numbers.all()],
        }
        for service in entries.services
    ]
    payload = {
        # The regional list of the manual is dated; entries checked since carry their own date.
        "regional_list_dated": MANUAL_CHECKED_ON.isoformat(),
        "services": services,
        "regions": regions,
    }
    response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    # Public data meant for other services' pages and apps.
    response["Access-Control-Allow-Origin"] = "*"
    return response
