"""From the stored Markdown to the HTML the public reads.

A section's body is Markdown, sanitised with nh3. A line such as `[[glossary]]` or
`[[footnote:3]]` inserts structured content (the key concepts, a chart, Table 1, a
footnote, the directory) at that place, so staff can edit the prose while the figures,
terms and contacts stay in one place each.

Editorial notes are not in the reading flow: `[[note:<slug>]]` puts a small mark on the
text before it (or, on a line of its own, on the paragraph or heading before it), linking
to the note on the "About this edition" page; `[[added]]` in a heading marks the heading as
one the portal added.
"""

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

import markdown
import nh3
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import escape, strip_tags
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from guidance.models import EditorialNote, Fact, FactGroup, Footnote, GlossaryTerm, Section

GLOSSARY_SECTION = "key-concepts"

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "blockquote", "br", "sup", "sub", "code", "hr",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "h2": {"id"}, "h3": {"id"}, "h4": {"id"}, "ol": {"start"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

BLOCK = re.compile(r"^\[\[([a-z0-9-]+)(?::([a-z0-9-]+))?\]\][ \t]*$", re.MULTILINE)
SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
# A footnote mark right after a word or punctuation; a mark opening a line (as in the
# INSPIRE organisations list) is text, not a reference.
FOOTNOTE_REF = re.compile(rf"(?<=[^\s>])([{SUPERSCRIPT_DIGITS}]+)")
HEADING = re.compile(r'<h([23]) id="([^"]+)"(?: class="[^"]*")?>(.*?)</h\1>', re.DOTALL)
# Marks inside a text: an editorial note's, or that of a heading the portal added.
INLINE_MARK = re.compile(r"\s*\[\[(?:note:([a-z0-9-]+)|(added))\]\]")
MARK_HTML = re.compile(r'<sup class="mark[^"]*">.*?</sup>', re.DOTALL)
ADDED_HEADINGS_NOTE = "added-headings"
# A heading that carries the mark of an added heading, to style it apart from the manual's own.
ADDED_HEADING = re.compile(r'<(h[234]) id="([^"]+)">(?=(?:(?!</\1>).)*?<sup class="mark mark-added">)', re.DOTALL)
# Where a mark on a line of its own goes: inside the last paragraph, heading or item before it.
LAST_TEXT_CLOSE = re.compile(r"</(?:p|h[234]|li|td)>(?![\s\S]*</(?:p|h[234]|li|td)>)")


def markdown_to_html(text: str) -> str:
    html = markdown.markdown(text or "", extensions=["attr_list", "sane_lists"], output_format="html")
    return nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel=None)


def inline_markdown_to_html(text: str) -> str:
    """One paragraph's Markdown without its <p>: for a definition written after its term."""
    html = markdown_to_html(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return html


def format_number(value: Decimal) -> str:
    number = int(value) if value == value.to_integral_value() else value
    text = f"{number:,}".replace(",", "\u00a0")
    return text.replace(".", ",") if get_language() in ("kk", "ru") else text


def format_fact(fact: Fact) -> str:
    """The figure in the portal's words: "24%", "3–17%", "about 24%", "over 60%"."""
    suffix = "%" if fact.unit == Fact.Unit.PERCENT else ""
    figure = format_number(fact.value)
    if fact.value_high is not None:
        figure = f"{figure}–{format_number(fact.value_high)}"
    figure += suffix
    if fact.precision == Fact.Precision.ABOUT:
        return _("about %(figure)s") % {"figure": figure}
    if fact.precision == Fact.Precision.OVER:
        return _("over %(figure)s") % {"figure": figure}
    return figure


# --- Charts ------------------------------------------------------------------------------
CHART_WIDTH = 340
BAR_SPACE = 220  # the rest of the width holds the figure written after the bar
ROW_HEIGHT = 56


@dataclass
class Bar:
    fact: Fact
    label_y: int
    bar_y: int
    x: str
    width: str
    text_x: str
    value_y: int
    text: str
    is_range: bool


def chart_bars(facts: list[Fact]) -> tuple[list[Bar], int]:
    charted = [fact for fact in facts if fact.charted]
    if len(charted) < 2:
        return [], 0
    scale = max(fact.top for fact in charted) or Decimal(1)
    bars = []
    for index, fact in enumerate(charted):
        top = index * ROW_HEIGHT
        start = float(fact.value / scale) * BAR_SPACE if fact.value_high is not None else 0.0
        end = float(fact.top / scale) * BAR_SPACE
        # A bar is never drawn thinner than 2 units, so a small figure stays visible.
        width = max(end - start, 2.0)
        bars.append(
            Bar(
                fact=fact,
                label_y=top + 18,
                bar_y=top + 26,
                # Strings, so the template's number localisation cannot turn "12.5" into "12,5".
                x=f"{start:.1f}",
                width=f"{width:.1f}",
                text_x=f"{start + width + 6:.1f}",
                value_y=top + 41,
                text=format_fact(fact),
                is_range=fact.value_high is not None,
            )
        )
    return bars, len(charted) * ROW_HEIGHT + 8


# --- The data sections refer to --------------------------------------------------------
class ManualData:
    """Loads each kind of structured content once, however many sections are rendered."""

    @cached_property
    def terms(self) -> list[GlossaryTerm]:
        return list(GlossaryTerm.objects.all())

    @cached_property
    def facts(self) -> dict[str, list[Fact]]:
        grouped: dict[str, list[Fact]] = {}
        for fact in Fact.objects.order_by("position", "id"):
            grouped.setdefault(fact.group, []).append(fact)
        return grouped

    @cached_property
    def notes(self) -> dict[str, EditorialNote]:
        return {note.slug: note for note in EditorialNote.objects.all()}

    @cached_property
    def footnotes(self) -> dict[int, Footnote]:
        return {footnote.marker: footnote for footnote in Footnote.objects.all()}

    @cached_property
    def regions(self):
        from contacts.models import PhoneNumber, Region

        return (
            Region.objects.select_related("ombudsman", "offender_figure")
            .prefetch_related(
                Prefetch("ombudsman__phone_numbers", queryset=PhoneNumber.objects.order_by("position", "id"))
            )
            .in_language_order()
        )

    @cached_property
    def services(self):
        from contacts.models import NationalService, PhoneNumber

        return list(
            NationalService.objects.prefetch_related(
                Prefetch("phone_numbers", queryset=PhoneNumber.objects.order_by("position", "id"))
            )
        )


@dataclass
class RenderedSection:
    section: Section
    html: str
    anchors: list[tuple[str, str]]
    problems: list[str] = field(default_factory=list)


def note_places(text: str) -> list[tuple[str, str, str]]:
    """The marks in a stored text, in order: ("note", slug, "") or ("added", heading anchor, heading)."""
    places = []
    for row in text.splitlines():
        for match in INLINE_MARK.finditer(row):
            if match.group(1):
                places.append(("note", match.group(1), ""))
            else:
                anchor = re.search(r"\{#([a-z0-9-]+)\}", row)
                heading = re.sub(r"\{#[a-z0-9-]+\}|^#+", "", INLINE_MARK.sub("", row)).strip()
                places.append(("added", anchor.group(1) if anchor else "", heading))
    return places


def about_edition_url() -> str:
    return reverse("guidance:about-edition")


class Renderer:
    """Renders sections for one page: a section, the print page, search or the admin preview.

    `single_page` is True on the print page, where links to key concepts and footnotes stay
    on the page itself.
    """

    def __init__(self, *, request=None, data: ManualData | None = None, single_page: bool = False):
        self.request = request
        self.data = data or ManualData()
        self.single_page = single_page

    def glossary_url(self) -> str:
        if self.single_page:
            return ""
        return reverse("guidance:section", args=[GLOSSARY_SECTION])

    def notes_url(self) -> str:
        # On the print page the notes are printed after the sections.
        return "" if self.single_page else about_edition_url()

    def render(self, section: Section, body: str | None = None) -> RenderedSection:
        text = section.body if body is None else body
        self._problems: list[str] = []
        self._marked: set[str] = set()
        footnotes_here = {
            int(arg)
            for name, arg in BLOCK.findall(text)
            if name == "footnote" and arg.isdigit() and self._footnote_has_text(int(arg))
        }
        parts = []
        position = 0
        for match in BLOCK.finditer(text):
            parts.append(self._prose(text[position : match.start()], section, footnotes_here))
            if match.group(1) == "note":
                self._mark_previous(parts, self._note_mark(match.group(2)))
            else:
                parts.append(self._block(match.group(1), match.group(2)))
            position = match.end()
        parts.append(self._prose(text[position:], section, footnotes_here))
        html = "\n".join(part for part in parts if part)
        anchors = [(anchor, self._heading_text(inner)) for _level, anchor, inner in HEADING.findall(html)]
        return RenderedSection(section, html, anchors, self._problems)

    @staticmethod
    def _heading_text(inner: str) -> str:
        return strip_tags(MARK_HTML.sub("", inner)).strip(SUPERSCRIPT_DIGITS + " :")

    def _footnote_has_text(self, marker: int) -> bool:
        footnote = self.data.footnotes.get(marker)
        return footnote is not None and bool((footnote.text or "").strip())

    # --- marks -----------------------------------------------------------------------------
    def _note_mark(self, slug: str) -> str:
        note = self.data.notes.get(slug)
        if note is None:
            self._problems.append(_("No editorial note with the slug “%(slug)s”.") % {"slug": slug})
            return ""
        # The first mark of a note on the page is where "About this edition" links back to.
        ref_id = "" if slug in self._marked else f' id="note-ref-{slug}"'
        self._marked.add(slug)
        label = _("editorial note")
        return (
            f'<sup class="mark mark-note"><a href="{self.notes_url()}#note-{slug}"{ref_id}>'
            f'<span aria-hidden="true">*</span><span class="visually-hidden"> ({escape(label)})</span>'
            "</a></sup>"
        )

    def _added_mark(self) -> str:
        # Each label outside its f-string, where makemessages finds it.
        label = _("heading added by the portal")
        return (
            f'<sup class="mark mark-added"><a href="{self.notes_url()}#note-{ADDED_HEADINGS_NOTE}">'
            f'<span aria-hidden="true">◦</span>'
            f'<span class="visually-hidden"> ({escape(label)})</span></a></sup>'
        )

    def _inline_marks(self, html: str) -> str:
        def mark(match):
            return self._note_mark(match.group(1)) if match.group(1) else self._added_mark()

        html = INLINE_MARK.sub(mark, html)
        # The one place an added heading is told apart: its mark (◦, named for assistive
        # technology) and a class that styles the heading differently from the manual's.
        return ADDED_HEADING.sub(r'<\1 id="\2" class="heading-added">', html)

    @staticmethod
    def _mark_previous(parts: list[str], mark: str):
        """Put a mark that stands on a line of its own on the text right before it."""
        for index in range(len(parts) - 1, -1, -1):
            if parts[index]:
                close = LAST_TEXT_CLOSE.search(parts[index])
                if close:
                    parts[index] = parts[index][: close.start()] + mark + parts[index][close.start() :]
                    return
                break
        parts.append(f"<p>{mark}</p>")

    # --- prose ---------------------------------------------------------------------------
    def _prose(self, text: str, section: Section, footnotes_here: set[int]) -> str:
        if not text.strip():
            return ""
        html = self._inline_marks(markdown_to_html(text))
        html = self._link_footnotes(html, footnotes_here)
        if section.slug != GLOSSARY_SECTION:
            html = self._link_terms(html, section)
        return html

    def _link_footnotes(self, html: str, footnotes_here: set[int]) -> str:
        def link(match):
            mark = match.group(1)
            marker = int(mark.translate(str.maketrans(SUPERSCRIPT_DIGITS, "0123456789")))
            if marker not in footnotes_here:
                return mark
            label = _("footnote")
            return (
                f'<sup><a href="#footnote-{marker}" id="footnote-ref-{marker}" class="footnote-ref">{mark}'
                f'<span class="visually-hidden"> ({escape(label)})</span></a></sup>'
            )

        return FOOTNOTE_REF.sub(link, html)

    def _link_terms(self, html: str, section: Section) -> str:
        """Link the first use of each key concept in this section's prose to its definition."""
        phrases = {}
        for term in self.data.terms:
            for phrase in term.phrases():
                phrases[phrase.lower()] = term
        if not phrases:
            return html
        pattern = re.compile(
            r"(?<!\w)(" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\w*",
            re.IGNORECASE,
        )
        linked: set[int] = set()
        base = self.glossary_url()
        out = []
        in_link = in_heading = 0
        for piece in re.split(r"(<[^>]+>)", html):
            if piece.startswith("<"):
                tag = re.match(r"</?([a-z0-9]+)", piece)
                name = tag.group(1) if tag else ""
                closing = piece.startswith("</")
                if name == "a":
                    in_link += -1 if closing else 1
                elif name in ("h2", "h3", "h4"):
                    in_heading += -1 if closing else 1
                out.append(piece)
                continue
            if in_link or in_heading:
                out.append(piece)
                continue

            def link(match):
                term = phrases[match.group(1).lower()]
                if term.pk in linked:
                    return match.group(0)
                linked.add(term.pk)
                return f'<a href="{base}#{term.anchor}" class="term-link">{match.group(0)}</a>'

            out.append(pattern.sub(link, piece))
        return "".join(out)

    # --- structured blocks -------------------------------------------------------------
    def _block(self, name: str, arg: str | None) -> str:
        method = getattr(self, f"_block_{name.replace('-', '_')}", None)
        if method is None:
            self._problems.append(_("Unknown block: [[%(name)s]]") % {"name": name})
            return ""
        return method(arg)

    def _render(self, template: str, context: dict) -> str:
        return render_to_string(f"guidance/components/{template}.html", context, request=self.request)

    def _block_glossary(self, arg):
        entries = [(term, self._inline_marks(inline_markdown_to_html(term.definition))) for term in self.data.terms]
        return self._render("glossary", {"entries": entries})

    def _block_facts(self, group):
        facts = self.data.facts.get(group, [])
        if group not in FactGroup.values:
            self._problems.append(_("Unknown group of facts: %(group)s") % {"group": group})
            return ""
        bars, height = chart_bars(facts)
        # The figure in numbers, next to the manual's words when those have none ("one in five").
        rows = [(fact, "" if re.search(r"\d", fact.stated_as) else format_fact(fact)) for fact in facts]
        return self._render(
            "facts",
            {
                "group": group,
                "title": FactGroup(group).label,
                "rows": rows,
                "bars": bars,
                "width": CHART_WIDTH,
                "height": height,
            },
        )

    def _block_table_1(self, arg):
        regions = self.data.regions
        figures = [getattr(region, "offender_figure", None) for region in regions]
        rows = [(region, figure) for region, figure in zip(regions, figures, strict=True)]
        published = [(region, figure) for region, figure in rows if figure is not None and figure.offenders is not None]
        bars = []
        height = 0
        if len(published) >= 2:
            top = max(figure.offenders for _region, figure in published) or 1
            for index, (region, figure) in enumerate(published):
                width = max(figure.offenders / top * BAR_SPACE, 2.0)
                bars.append(
                    {
                        "label": region.name,
                        "label_y": index * ROW_HEIGHT + 18,
                        "bar_y": index * ROW_HEIGHT + 26,
                        "width": f"{width:.1f}",
                        "text_x": f"{width + 6:.1f}",
                        "value_y": index * ROW_HEIGHT + 41,
                        "text": format_number(Decimal(figure.offenders)),
                    }
                )
            height = len(published) * ROW_HEIGHT + 8
        return self._render(
            "table_1",
            {"rows": rows, "published": published, "bars": bars, "width": CHART_WIDTH, "height": height},
        )

    def _block_footnote(self, marker):
        footnote = self.data.footnotes.get(int(marker)) if marker and marker.isdigit() else None
        if footnote is None:
            self._problems.append(_("No footnote with the marker %(marker)s.") % {"marker": marker})
            return ""
        if not (footnote.text or "").strip():
            # A mark the manual prints without a footnote: its editorial note says so.
            return ""
        return self._render("footnote", {"footnote": footnote, "text_html": markdown_to_html(footnote.text)})

    def _block_witness_actions(self, arg):
        return self._render("witness_actions", {})

    def _block_directory(self, part):
        if part == "national":
            services = self.data.services
            return self._render("directory_national", {"services": services})
        if part == "regional":
            regions = self.data.regions
            return self._render("directory_regional", {"regions": regions})
        self._problems.append(_("Unknown part of the directory: %(part)s") % {"part": part})
        return ""
