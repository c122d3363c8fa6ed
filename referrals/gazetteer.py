"""Finding a settlement from what a witness typed.

Witnesses type on phones, often without the Kazakh letters (Оскемен for Өскемен), in
Latin (Semey, Oskemen, Qaraghandy), with a prefix (г. Семей, Аксу ауылы) or by a former
name (Семипалатинск). Every name of a settlement and every query are folded to the same
skeleton: lower case, diacritics dropped, Cyrillic transliterated to plain Latin letters,
the usual Latin spellings of one sound made one (q/k, gh/g, kh/h, j/zh, y/i), letters
that are doubled collapsed, and anything that is not a letter or digit removed. Folding
is deliberately lossy: the table of names in fixtures/gazetteer.json keeps the real ones.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db.models import Prefetch

from contacts.models import Region
from referrals.models import Settlement, SettlementName

# Cyrillic (Russian and Kazakh) to a plain Latin skeleton. Kazakh letters map to the
# letter witnesses type when they have no Kazakh keyboard: ә→а, қ→к, ң→н, ө→о, ұ/ү→у...
_CYRILLIC = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m",
    "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ф": "f", "х": "h", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "sh", "ъ": "", "ы": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip

# Latin letters of Kazakh and Turkish alphabets whose plain form is two letters.
_LATIN_SPECIAL = {"ş": "sh", "ç": "ch", "ı": "i", "ñ": "n", "ğ": "g", "ß": "ss"}

# Several Latin spellings of one sound, in the order they must be applied.
_LATIN_RULES = [("kh", "h"), ("gh", "g"), ("q", "k"), ("x", "h"), ("w", "u"), ("j", "zh"), ("y", "i")]

# Words that say what kind of place it is, not which: "г. Семей", "Аксу ауылы".
_PLACE_WORDS = {
    "г", "гор", "город", "с", "село", "пос", "п", "посёлок", "поселок", "пгт", "ст", "станция", "аул",
    "ауыл", "ауылы", "қ", "қала", "қаласы", "кент", "кенті", "к", "city", "town", "village", "of",
}  # fmt: skip

MAX_QUERY_LENGTH = 100


def fold(text: str) -> str:
    """The matching key of a name or of what a witness typed."""
    words = re.split(r"[\s.,]+", text.strip().lower())
    words = [word for word in words if word and word not in _PLACE_WORDS]
    folded = []
    for char in "".join(words):
        if char in _CYRILLIC:
            folded.append(_CYRILLIC[char])
        elif char in _LATIN_SPECIAL:
            folded.append(_LATIN_SPECIAL[char])
        else:
            # ö → o, ü → u, ä → a: keep the base letter, drop the accent.
            folded.append("".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)))
    key = "".join(folded)
    for spelling, plain in _LATIN_RULES:
        key = key.replace(spelling, plain)
    key = re.sub(r"[^a-z0-9]", "", key)
    # "Алма-Ата" / "Almaata", "Акколь" / "Akkol": doubled letters are typed either way.
    return re.sub(r"(.)\1+", r"\1", key)


@dataclass
class Lookup:
    """What a typed name matched in the gazetteer."""

    typed: str
    key: str
    settlements: list[Settlement] = field(default_factory=list)
    # The name of each settlement that matched (it may be a variant or a former name).
    matched_names: dict[int, SettlementName] = field(default_factory=dict)

    @property
    def regions(self) -> list[Region]:
        seen = {}
        for settlement in self.settlements:
            seen.setdefault(settlement.region_id, settlement.region)
        return list(seen.values())

    @property
    def is_unique(self) -> bool:
        return len(self.settlements) == 1

    @property
    def region(self) -> Region | None:
        """The one region all matches lie in, even when the settlement itself is ambiguous."""
        regions = self.regions
        return regions[0] if len(regions) == 1 else None


def _settlements_by_key(
    condition: dict, limit: int | None = None
) -> tuple[list[Settlement], dict[int, SettlementName]]:
    names = (
        SettlementName.objects.filter(**condition)
        .select_related("settlement__region")
        .order_by("settlement__region__position", "settlement__name_kk", "key")
    )
    settlements: dict[int, Settlement] = {}
    matched: dict[int, SettlementName] = {}
    for name in names:
        if name.settlement_id not in settlements:
            if limit is not None and len(settlements) >= limit:
                break
            settlements[name.settlement_id] = name.settlement
            matched[name.settlement_id] = name
    return list(settlements.values()), matched


def find(typed: str) -> Lookup:
    """Settlements whose name (any language, spelling or former name) folds to the typed one."""
    typed = (typed or "").strip()[:MAX_QUERY_LENGTH]
    key = fold(typed)
    lookup = Lookup(typed=typed, key=key)
    if key:
        lookup.settlements, lookup.matched_names = _settlements_by_key({"key": key})
    return lookup


def suggest(typed: str, limit: int = 10) -> list[Settlement]:
    """For type-ahead: exact matches first, then names that start with what was typed."""
    key = fold((typed or "")[:MAX_QUERY_LENGTH])
    if len(key) < 2:
        return []
    exact, _matched = _settlements_by_key({"key": key}, limit)
    starting, _matched = _settlements_by_key({"key__startswith": key}, limit)
    results = exact + [s for s in starting if s.pk not in {e.pk for e in exact}]
    results = results[:limit]
    ids = [s.pk for s in results]
    with_names = (
        Settlement.objects.filter(pk__in=ids)
        .select_related("region")
        .prefetch_related(Prefetch("names", queryset=SettlementName.objects.order_by("kind", "name")))
    )
    by_id = {s.pk: s for s in with_names}
    return [by_id[pk] for pk in ids if pk in by_id]
