"""The guidance's passages ready to search: rendered, split and folded once per content version.

Searching reads this instead of rendering every section from Markdown for each query. It is
built as a language is first searched under a content version (portal/content_version.py)
and kept in the process's memory until the content changes; since the version is read on
every search, a change shows in the next results.
"""

import threading
from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import get_language

from guidance.models import Section
from guidance.rendering import ManualData, Renderer
from guidance.search import fold, passages
from portal import content_version


@dataclass(frozen=True)
class IndexedPassage:
    section: Section
    url: str
    heading: str
    text: str
    folded: str


@dataclass(frozen=True)
class SectionPassages:
    # Every passage's folded text in one string, to skip a section missing a word at once.
    folded: str
    passages: list[IndexedPassage]


class SearchIndex:
    """The passages of one language under one content version.

    Sections are rendered in the manual's order as a search first reaches them, so a search
    that stops at its first 50 results renders only the sections those are in.
    """

    def __init__(self, version: str):
        self.version = version
        self.sections: list[SectionPassages] = []
        # The whole guidance's folded text, once every section is in.
        self.folded: str | None = None
        self._renderer = Renderer(data=ManualData())
        self._to_render: list[Section] | None = None

    def _render_next(self) -> bool:
        if self._to_render is None:
            self._to_render = list(Section.objects.in_order())
        if len(self.sections) >= len(self._to_render):
            self.folded = "\n".join(section.folded for section in self.sections)
            return False
        section = self._to_render[len(self.sections)]
        url = reverse("guidance:section", args=[section.slug])
        found = [
            IndexedPassage(
                section=section,
                url=f"{url}#{passage.anchor}" if passage.anchor else url,
                heading=passage.heading,
                text=passage.text,
                folded=fold(passage.text),
            )
            for passage in passages(self._renderer.render(section).html)
        ]
        # Passages joined by a line break: no query word (they have no spaces) spans two.
        self.sections.append(SectionPassages("\n".join(p.folded for p in found), found))
        return True

    def _all_sections(self):
        position = 0
        while True:
            with _lock:
                if position == len(self.sections) and (self.folded is not None or not self._render_next()):
                    return
            yield self.sections[position]
            position += 1

    def matches(self, words: list[str]):
        """The passages holding every word, in the manual's order."""
        if self.folded is not None and not all(word in self.folded for word in words):
            return
        for section in self._all_sections():
            if all(word in section.folded for word in words):
                for passage in section.passages:
                    if all(word in passage.folded for word in words):
                        yield passage


_indexes: dict[str, SearchIndex] = {}
_lock = threading.RLock()


def current_index(version: str | None = None) -> SearchIndex:
    """The index of the current language under the content version, read before the content."""
    version = version or content_version.current()
    language = get_language()
    with _lock:
        index = _indexes.get(language)
        if index is None or index.version != version:
            index = _indexes[language] = SearchIndex(version)
    return index
