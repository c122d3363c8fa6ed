from functools import lru_cache

from django import template
from django.conf import settings
from django.core.exceptions import DisallowedHost
from django.urls import translate_url
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, get_language_info

register = template.Library()


@lru_cache(maxsize=2048)
def _versions_of(path: str, active: str) -> tuple[tuple[str, str, str], ...]:
    # The same path gives the same addresses while the process lives (the URLs are fixed);
    # `active` is the language the path is resolved in.
    return tuple(
        # Each language names itself, so a visitor finds their own.
        (code, get_language_info(code)["name_local"], translate_url(path, code))
        for code, _name in settings.LANGUAGES
    )


@register.simple_tag(takes_context=True)
def language_versions(context):
    """This page in every language: for the switcher and the hreflang alternates."""
    request = context["request"]
    current = context.get("LANGUAGE_CODE")
    return [
        {"code": code, "name": name, "url": url, "current": code == current}
        for code, name, url in _versions_of(request.get_full_path(), get_language())
    ]


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    try:
        return context["request"].build_absolute_uri(url)
    except DisallowedHost:
        # The 400 page for a request with a forged Host header: use the portal's own address.
        return settings.SITE_URL + url


# Pieces of every page that depend on nothing but the language (the quick exit, the
# navigation, the emergency numbers, the footer): their text comes from the catalogs and
# their links from the URLs, both fixed for the life of the process.
_built: dict[tuple[str, str], str] = {}


class BuiltOnceNode(template.Node):
    def __init__(self, name: str, nodelist):
        self.name, self.nodelist = name, nodelist

    def render(self, context):
        key = (self.name, get_language())
        html = _built.get(key)
        if html is None:
            html = _built[key] = mark_safe(self.nodelist.render(context))  # noqa: S308 - a template's own output
        return html


@register.tag
def built_once(parser, token):
    """{% built_once "name" %}...{% endbuilt_once %}: rendered once per language and process.

    Only for markup that uses nothing of the page or the visitor, only translations and URLs.
    """
    bits = token.split_contents()
    if len(bits) != 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("built_once takes one quoted name")
    nodelist = parser.parse(("endbuilt_once",))
    parser.delete_first_token()
    return BuiltOnceNode(bits[1][1:-1], nodelist)
