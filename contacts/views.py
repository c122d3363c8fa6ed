from django.db.models import Prefetch
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render

from contacts.models import NationalService, PhoneNumber, Region, RegionalOmbudsman


def _services():
    return NationalService.objects.prefetch_related("phone_numbers")


def _regions():
    return Region.objects.select_related("ombudsman").prefetch_related(
        Prefetch("ombudsman__phone_numbers", queryset=PhoneNumber.objects.order_by("position", "id"))
    )


def directory(request):
    # The no-JavaScript "jump to my region" form submits ?region=<slug>.
    chosen = request.GET.get("region")
    if chosen and Region.objects.filter(slug=chosen).exists():
        return redirect("contacts:region", slug=chosen)
    return render(request, "contacts/directory.html", {"services": _services(), "regions": _regions()})


def region_detail(request, slug):
    region = get_object_or_404(_regions(), slug=slug)
    return render(request, "contacts/region.html", {"region": region, "services": _services()})


def _number_json(number: PhoneNumber):
    return {"number": number.number, "display": number.display, "channel": number.channel, "href": number.href}


def _ombudsman_json(ombudsman: RegionalOmbudsman | None):
    if ombudsman is None:
        return None
    return {
        "full_name": ombudsman.full_name,
        "email": ombudsman.email,
        "status": ombudsman.status,
        "checked_on": ombudsman.checked_on.isoformat(),
        "public_notice": {lang: getattr(ombudsman, f"public_notice_{lang}") for lang in ("kk", "ru", "en")},
        "phone_numbers": [_number_json(n) for n in ombudsman.phone_numbers.all()],
    }


def directory_json(request):
    """The whole directory for integrations, in every language at once."""
    regions = []
    for region in _regions():
        regions.append(
            {
                "code": region.code,
                "slug": region.slug,
                "kind": region.kind,
                "position": region.position,
                "name": {lang: getattr(region, f"name_{lang}") for lang in ("kk", "ru", "en")},
                "ombudsman": _ombudsman_json(getattr(region, "ombudsman", None)),
            }
        )
    services = []
    for service in _services():
        services.append(
            {
                "slug": service.slug,
                "kind": service.kind,
                "name": {lang: getattr(service, f"name_{lang}") for lang in ("kk", "ru", "en")},
                "description": {lang: getattr(service, f"description_{lang}") for lang in ("kk", "ru", "en")},
                "anonymous": service.anonymous,
                "opening_hours": {lang: getattr(service, f"opening_hours_{lang}") for lang in ("kk", "ru", "en")},
                "email": service.email,
                "status": service.status,
                "checked_on": service.checked_on.isoformat(),
                "phone_numbers": [_number_json(n) for n in service.phone_numbers.all()],
            }
        )
    response = JsonResponse({"services": services, "regions": regions}, json_dumps_params={"ensure_ascii": False})
    response["Access-Control-Allow-Origin"] = "*"
    return response
