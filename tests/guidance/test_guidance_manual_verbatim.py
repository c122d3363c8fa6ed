"""Kazakh is the original: every sentence of the manual appears on the Kazakh pages.

Compared whitespace aside and letter case aside (the manual sets some headings in capitals,
the portal in sentence case). What the comparison leaves out, and why:
- the printed edition's page numbers after the contents' titles, and the colon after "Дереккөздер";
- Markdown emphasis (`**`), the bullet glyphs ("- ▶") and the numbers of numbered lists, which
  the lists draw themselves;
- the contact entries of the appendix (lines 274-302, 308-319, 322-331): the portal shows the
  directory's current data there, never a second copy (tested in test_guidance_views.py).
"""

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from guidance.models import Section

ROOT = Path(__file__).resolve().parents[2]
MANUAL = ROOT / "fixtures" / "guidance" / "manual.kk.txt"
SEED = ROOT.parent / "shared" / "seeds" / "000_54842839e9057aaa.txt"

DIRECTORY_LINES = {*range(274, 303), *range(308, 320), *range(322, 332)}
TITLE_LINES = {*range(18, 27), 333}


def manual_sentences() -> list[tuple[int, str]]:
    sentences = []
    for number, raw in enumerate(MANUAL.read_text(encoding="utf-8").splitlines(), start=1):
        if number in DIRECTORY_LINES:
            continue
        text = raw.strip()
        if number in TITLE_LINES:
            text = text.split("\t")[0].rstrip(":")
        text = text.replace("**", "")
        text = re.sub(r"^-\s*▶\s*", "", text)
        text = re.sub(r"^[1-8]\.?\s+(?=\D)", "", text)
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            if sentence.strip():
                sentences.append((number, sentence))
    return sentences


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []
        self.in_main = False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False

    def handle_data(self, data):
        if self.in_main:
            self.parts.append(data)


def main_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "".join(parser.parts)


@pytest.mark.skipif(not SEED.exists(), reason="the shared seeds are not next to this clone")
def test_the_kazakh_file_is_the_manual_byte_for_byte():
    assert MANUAL.read_bytes() == SEED.read_bytes()


def test_the_translations_are_line_aligned_with_the_original():
    original = MANUAL.read_text(encoding="utf-8").splitlines()
    for lang in ("ru", "en"):
        translation = (MANUAL.parent / f"manual.{lang}.txt").read_text(encoding="utf-8").splitlines()
        assert len(translation) == len(original)
        for number, (kk, other) in enumerate(zip(original, translation, strict=True), start=1):
            assert bool(kk.strip()) == bool(other.strip()), f"{lang} line {number}"


def missing_sentences(client) -> list[tuple[int, str]]:
    pages = [client.get("/kk/guidance/")]
    pages += [client.get(f"/kk/guidance/{slug}/") for slug in Section.objects.values_list("slug", flat=True)]
    assert all(page.status_code == 200 for page in pages)
    text = squeeze("".join(main_text(page.content.decode()) for page in pages))
    return [(number, sentence) for number, sentence in manual_sentences() if squeeze(sentence) not in text]


def test_it_shows_every_sentence_of_the_manual_on_the_kazakh_pages(client, guidance):
    assert len(manual_sentences()) > 200
    missing = missing_sentences(client)
    assert not missing, "\n".join(f"line {number}: {sentence}" for number, sentence in missing)


def test_it_notices_a_sentence_dropped_from_a_section(client, guidance):
    section = Section.objects.get(slug="foreword")
    section.body_kk = section.body_kk.replace("Сонымен қатар, ", "")
    section.save()
    assert [number for number, _sentence in missing_sentences(client)] == [32]
