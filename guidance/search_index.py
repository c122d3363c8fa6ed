"""The guidance's passages ready to search: rendered, split and folded once per content version.

Searching reads this instead of rendering every section from Markdown for each query. It is
built as a language is first searched under a content version (portal/content_version.py)
and kept in the process's memory until the content changes; since the version is read on
every search, a change shows in the next results.
"""

import threading
from bisect import bisect_right
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


class SectionPassages:
    """A section's passages, and all their folded text in one string, joined by line breaks.

    No query word (they have no spaces) spans two passages. Looking for a word in the whole
    string finds the passages that have it without looking at every passage.
    """

    def __init__(self, passages: list[IndexedPassage]):
        self.passages = passages
        self.folded = "\n".join(passage.folded for passage in passages)
        self.starts = []
        position = 0
        for passage in passages:
            self.starts.append(position)
            position += len(passage.folded) + 1

    def matches(self, words: list[str]):
        """The passages holding every word, in order: found where the longest word is."""
        if not all(word in self.folded for word in words):
            return
        longest = max(words, key=len)
        position = self.folded.find(longest)
        while position >= 0:
            index = bisect_right(self.starts, position) - 1
            passage = self.passages[index]
            if all(word in passage.folded for word in words):
                yield passage
            # On from the next passage: this one is done with.
            following = index + 1
            if following == len(self.starts):
                return
            position = self.folded.find(longest, self.starts[following])


def trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


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
        # For each three letters of folded text, the sections they are in (bit i: section i),
        # so a search skips the sections that cannot hold a word without reading them.
        self._sections_with: dict[str, int] = {}
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
        passages_of_section = SectionPassages(found)
        bit = 1 << len(self.sections)
        for trigram in trigrams(passages_of_section.folded):
            self._sections_with[trigram] = self._sections_with.get(trigram, 0) | bit
        self.sections.append(passages_of_section)
        return True

    def _all_sections(self):
        position = 0
        while True:
            with _lock:
                if position == len(self.sections) and (self.folded is not None or not self._render_next()):
                    return
            yield self.sections[position]
            position += 1

    def _candidates(self, words: list[str]) -> int:
        """The sections that may hold every word, as bits; all of them for words of 2 letters."""
        candidates = (1 << len(self.sections)) - 1
        for word in words:
            for trigram in trigrams(word):
                candidates &= self._sections_with.get(trigram, 0)
                if not candidates:
                    return 0
        return candidates

    def matches(self, words: list[str]):
        """The passages holding every word, in the manual's order."""
        if not words:
            return
        if self.folded is None:
            # Not every section rendered yet: on through them in order, rendering as needed.
            for section in self._all_sections():
                yield from section.matches(words)
            return
        candidates = self._candidates(words)
        for index, section in enumerate(self.sections):
            if candidates >> index & 1:
                yield from section.matches(words)


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
