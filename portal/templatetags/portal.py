from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils.translation import get_language_info

register = template.Library()


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language: for the switcher and the hreflang alternates."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE")
    versions = []
    for code, _name in settings.LANGUAGES:
        info = get_language_info(code)
        versions.append(
            {
                "code": code,
                # Each language names itself, so a visitor finds their own.
                "name": info["name_local"],
                "url": translate_url(request.get_full_path(), code),
                "current": code == current,
            }
        )
    return versions


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    try:
        return context["request"].build_absolute_uri(url)
    except DisallowedHost:
        # The 400 page for a request with a forged Host header: use the portal's own address.
        return settings.SITE_URL + url
