import re

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils.translation import get_language

from guidance import search as guidance_search
from guidance import search_index
from guidance.models import EditorialNote, Section
from guidance.rendering import GLOSSARY_SECTION, ManualData, Renderer, markdown_to_html, note_places
from portal.page_cache import public_page

MAX_RESULTS = 50


def _untranslated(section: Section) -> bool:
    """True when the current language's body is empty and the Kazakh original shows instead."""
    language = get_language()
    return language != "kk" and not (getattr(section, f"body_{language}", "") or "").strip()


def _original_url(request) -> str:
    return translate_url(request.get_full_path(), "kk")


@public_page
def contents(request):
    sections = Section.objects.in_order().only(
        "slug",
        "position",
        *(f"{field}_{lang}" for field in ("title", "summary") for lang in settings.MODELTRANSLATION_LANGUAGES),
    )
    return render(request, "guidance/contents.html", {"sections": sections, "original_url": _original_url(request)})


@public_page
def section_detail(request, slug):
    outline = list(Section.objects.in_order().only("slug", "position", "title_kk", "title_ru", "title_en"))
    index = next((i for i, item in enumerate(outline) if item.slug == slug), None)
    if index is None:
        raise Http404
    section = Section.objects.get(slug=slug)
    rendered = Renderer(request=request).render(section)
    context = {
        "section": section,
        "rendered": rendered,
        "untranslated": _untranslated(section),
        "previous": outline[index - 1] if index > 0 else None,
        "next": outline[index + 1] if index + 1 < len(outline) else None,
        "original_url": _original_url(request),
    }
    return render(request, "guidance/section.html", context)


def _shift_headings(html: str) -> str:
    # On the print page each section's title is an <h2>, so its own headings go one level down.
    return re.sub(r"<(/?)h([234])\b", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", html)


def edition_notes(sections, data: ManualData) -> list[dict]:
    """The editorial notes by kind, each with the places that carry its mark (in the manual's order)."""
    places: dict[str, list[dict]] = {}
    terms = "\n".join(term.definition or "" for term in data.terms)
    for section in sections:
        text = (section.body or "") + ("\n" + terms if section.slug == GLOSSARY_SECTION else "")
        url = reverse("guidance:section", args=[section.slug])
        for kind, value, heading in note_places(text):
            slug, anchor = (value, f"note-ref-{value}") if kind == "note" else ("added-headings", value)
            place = {"section": section, "heading": heading, "url": f"{url}#{anchor}" if anchor else url}
            if place not in places.setdefault(slug, []):
                places[slug].append(place)
    order = {slug: index for index, slug in enumerate(places)}
    notes = sorted(data.notes.values(), key=lambda note: (note.slug in order, order.get(note.slug, 0)))
    groups = []
    for kind in EditorialNote.Kind:
        entries = [
            {"note": note, "html": markdown_to_html(note.text), "places": places.get(note.slug, [])}
            for note in notes
            if note.kind == kind
        ]
        if entries:
            groups.append({"kind": kind, "entries": entries})
    return groups


@public_page
def about_edition(request):
    sections = list(Section.objects.in_order())
    context = {"groups": edition_notes(sections, ManualData()), "original_url": _original_url(request)}
    return render(request, "guidance/about_edition.html", context)


@public_page
def print_manual(request):
    renderer = Renderer(request=request, data=ManualData(), single_page=True)
    origin = request.build_absolute_uri("/").rstrip("/")
    sections = list(Section.objects.in_order())
    rendered = []
    for section in sections:
        html = _shift_headings(renderer.render(section).html)
        # Printed links show their address, so it must be a whole one.
        html = html.replace('href="/', f'href="{origin}/')
        rendered.append({"section": section, "html": html, "untranslated": _untranslated(section)})
    groups = edition_notes(sections, renderer.data)
    context = {"rendered": rendered, "groups": groups, "original_url": _original_url(request)}
    return render(request, "guidance/print.html", context)


@public_page(query_params=("q",))
def search(request):
    query = " ".join(request.GET.get("q", "").split())[:200]
    words = guidance_search.query_words(query)
    results = []
    if words:
        index = search_index.current_index(getattr(request, "content_version", None))
        for passage in index.matches(words):
            snippet = guidance_search.highlight(passage.text, words, passage.folded)
            results.append(
                {"section": passage.section, "heading": passage.heading, "url": passage.url, "snippet": snippet}
            )
            if len(results) >= MAX_RESULTS:
                break
    context = {
        "query": query,
        "results": results,
        "too_short": bool(query) and not words,
        "original_url": _original_url(request),
    }
    return render(request, "guidance/search.html", context)
