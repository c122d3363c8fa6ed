"""Search over the current language's guidance, in Python: the manual is a few dozen pages.

Matching ignores case and the marks of Kazakh letters, so a visitor on a keyboard without
Kazakh letters finds "зорлық" by typing "зорлык". Passages are the rendered paragraphs, list
items and table cells, each linked to the nearest anchor before it.
"""

from dataclasses import dataclass
from html.parser import HTMLParser

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# Kazakh letters and the plain letters people type for them; ё for Russian.
_FOLD = str.maketrans("әғқңөұүһіё", "агкноуухие")
BLOCK_TAGS = {"p", "li", "h2", "h3", "h4", "td", "th", "caption", "figcaption", "dt", "dd", "div"}
SNIPPET_CONTEXT = 160


def fold(text: str) -> str:
    """Lower case without Kazakh marks, keeping one character for each character of the text."""
    lowered = text.lower()
    # Lowered as a whole, a few letters change length (İ) or depend on the next letter (a
    # final Σ): there only, letter by letter, so positions in the folded text stay those of
    # the text itself.
    if len(lowered) != len(text) or "Σ" in text:
        lowered = "".join(ch.lower() if len(ch.lower()) == 1 else ch for ch in text)
    return lowered.translate(_FOLD)


@dataclass
class Passage:
    text: str
    anchor: str
    heading: str


class _PassageParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.passages: list[Passage] = []
        self.anchor = ""
        self.heading = ""
        self.buffer: list[str] = []
        self.skip = 0  # inside an SVG (its text repeats the table) or visually hidden text
        self.skip_stack: list[bool] = []
        self.in_heading = False

    def flush(self):
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if text and not self.in_heading:
            self.passages.append(Passage(text, self.anchor, self.heading))
        return text

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        # Also what assistive technology skips: the marks of editorial notes and added headings.
        skipping = (
            tag == "svg"
            or "visually-hidden" in (attributes.get("class") or "")
            or attributes.get("aria-hidden") == "true"
        )
        if tag in ("br", "img", "input", "rect"):
            return
        self.skip_stack.append(skipping)
        self.skip += skipping
        if tag in BLOCK_TAGS:
            self.flush()
        if attributes.get("id") and not self.skip:
            self.anchor = attributes["id"]
        if tag in ("h2", "h3", "h4"):
            self.in_heading = True

    def handle_endtag(self, tag):
        if tag in ("br", "img", "input", "rect"):
            return
        if tag in ("h2", "h3", "h4"):
            self.in_heading = False
            heading = self.flush_heading()
            if heading:
                self.heading = heading
        elif tag in BLOCK_TAGS:
            self.flush()
        if self.skip_stack:
            self.skip -= self.skip_stack.pop()

    def flush_heading(self):
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        return text.rstrip("¹²³⁵ :")

    def handle_data(self, data):
        if not self.skip:
            self.buffer.append(data)


def passages(html: str) -> list[Passage]:
    parser = _PassageParser()
    parser.feed(html)
    parser.close()
    parser.flush()
    return parser.passages


def query_words(query: str) -> list[str]:
    return [word for word in fold(query).split() if len(word) >= 2]


def highlight(text: str, words: list[str], folded: str | None = None) -> SafeString | None:
    """The passage around its first match, every match marked; None if a word is missing.

    `folded` is fold(text) when the caller has it already (the search index).
    """
    folded = fold(text) if folded is None else folded
    spans = []
    for word in words:
        start = folded.find(word)
        if start < 0:
            return None
        while start >= 0:
            spans.append((start, start + len(word)))
            start = folded.find(word, start + len(word))
    spans.sort()
    merged: list[list[int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    window_start = max(0, merged[0][0] - SNIPPET_CONTEXT)
    window_end = min(len(text), merged[0][1] + SNIPPET_CONTEXT * 2)
    if window_start:
        # Start at a word, not in the middle of one.
        space = text.find(" ", window_start)
        window_start = space + 1 if 0 <= space < merged[0][0] else window_start
    parts = ["…" if window_start else ""]
    position = window_start
    for start, end in merged:
        if start >= window_end:
            break
        parts.append(escape(text[position:start]))
        parts.append(f"<mark>{escape(text[start : min(end, window_end)])}</mark>")
        position = min(end, window_end)
    parts.append(escape(text[position:window_end]))
    if window_end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of text above is escaped
