"""Finding a settlement from what a witness typed.

Witnesses type on phones, often without the Kazakh letters (Оскемен for Өскемен), in
Latin (Semey, Oskemen, Qaraghandy), with a prefix (г. Семей, Аксу ауылы) or by a former
name (Семипалатинск). Every name of a settlement and every query are folded to the same
skeleton: lower case, diacritics dropped, Cyrillic transliterated to plain Latin letters,
the usual Latin spellings of one sound made one (q/k, gh/g, kh/h, j/zh, y/i), letters
that are doubled collapsed, and anything that is not a letter or digit removed. Folding
is deliberately lossy: the table of names in fixtures/gazetteer.json keeps the real ones.
"""

import bisect
import heapq
import json
import re
import sys
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field

from contacts.models import Region
from portal import content_version
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

# Words that say what kind of place it is, not which: "г. Семей", "Аксу ауылы", "Есіл ауданы".
# The first two sets also hint which kind of place of that name the witness means.
_TOWN_WORDS = {"г", "гор", "город", "қ", "қала", "қаласы", "city", "town"}
_VILLAGE_WORDS = {
    "с", "село", "пос", "п", "посёлок", "поселок", "пгт", "аул", "ауыл", "ауылы", "кент", "кенті", "к", "village",
}  # fmt: skip
_PLACE_WORDS = _TOWN_WORDS | _VILLAGE_WORDS | {
    "ст", "станция", "ауданы", "аудан", "район", "р-н", "district", "of",
}  # fmt: skip

MAX_QUERY_LENGTH = 100


def _words(text: str) -> list[str]:
    return [word for word in re.split(r"[\s.,]+", text.strip().lower()) if word]


def kind_hint(text: str) -> str:
    """ "city" or "village" when the witness said which kind of place ("г. Аксу", "Аксу ауылы")."""
    words = set(_words(text))
    if words & _TOWN_WORDS and not words & _VILLAGE_WORDS:
        return "city"
    if words & _VILLAGE_WORDS and not words & _TOWN_WORDS:
        return "village"
    return ""


def fold(text: str) -> str:
    """The matching key of a name or of what a witness typed."""
    words = [word for word in _words(text) if word not in _PLACE_WORDS]
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


def kind_order(kind: str, region_kind: str, offered_first: bool) -> int:
    """Where a place comes among places of one name, in routing and in the suggestions:
    Astana, Almaty and Shymkent first, then places offered first, towns, villages, the rest
    (then the manual's order of regions)."""
    if kind == Settlement.Kind.CITY and region_kind == Region.Kind.CITY:
        return -1
    if offered_first:
        return 0
    return {Settlement.Kind.CITY: 1, Settlement.Kind.VILLAGE: 2}.get(kind, 3)


_TOWNS = {Settlement.Kind.CITY}
_RANK_CITY_OF_REGION, _RANK_OFFERED_FIRST, _RANK_OTHER = 0, 1, 2


def _rank(settlement: Settlement) -> int:
    """Astana, Almaty and Shymkent before their namesakes (Astana's "район Алматы"), then the
    places offered first (towns, district centres, the cities' districts), then the rest:
    kind_order, without telling towns from villages."""
    order = kind_order(settlement.kind, settlement.region.kind, settlement.offered_first)
    return {-1: _RANK_CITY_OF_REGION, 0: _RANK_OFFERED_FIRST}.get(order, _RANK_OTHER)


@dataclass
class Lookup:
    """What a typed name matched in the gazetteer."""

    typed: str
    key: str
    # Every place offered to witnesses whose name folds to the typed one, towns first.
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
    def chosen(self) -> Settlement | None:
        """The place the name stands for without asking: the only match, or the only one
        offered first among places of its name ("Аксай" is the town, not one of the villages
        of that name; the witness sees it and can change it)."""
        if self.is_unique:
            return self.settlements[0]
        ranks = [_rank(settlement) for settlement in self.settlements]
        if not ranks or min(ranks) == _RANK_OTHER:
            return None
        best = [s for s, rank in zip(self.settlements, ranks, strict=True) if rank == min(ranks)]
        return best[0] if len(best) == 1 else None

    @property
    def is_ambiguous(self) -> bool:
        return len(self.settlements) > 1 and self.chosen is None

    @property
    def region(self) -> Region | None:
        """The region of the chosen place, or the one region all matches lie in."""
        if self.chosen is not None:
            return self.chosen.region
        regions = self.regions
        return regions[0] if len(regions) == 1 else None


# A name shared by more places than this is not a choice anyone can make from a list.
MAX_PLACES_OF_ONE_NAME = 200


def _names_equal_to(key: str) -> list[SettlementName]:
    """The places offered whose name folds to `key`, one name each (a place's keys are
    unique), in kind_order."""
    names = (
        SettlementName.objects.filter(key=key, settlement__is_retired=False)
        .select_related("settlement__region")
        .order_by("settlement_id")[: MAX_PLACES_OF_ONE_NAME * 3]
    )

    def order(name):
        place = name.settlement
        return (kind_order(place.kind, place.region.kind, place.offered_first), place.region.position, place.pk)

    return sorted(names, key=order)[:MAX_PLACES_OF_ONE_NAME]


def find(typed: str) -> Lookup:
    """Places whose name (any language, spelling or former name) folds to the typed one.

    "Аксу ауылы" and "г. Аксу" also say which kind of place is meant: when places of that
    kind are among the matches, only they are kept.
    """
    typed = (typed or "").strip()[:MAX_QUERY_LENGTH]
    key = fold(typed)
    lookup = Lookup(typed=typed, key=key)
    if key:
        names = _names_equal_to(key)
        settlements = [name.settlement for name in names]
        matched = {name.settlement_id: name for name in names}
        hint = kind_hint(typed)
        if hint:
            of_kind = [s for s in settlements if (s.kind in _TOWNS) == (hint == "city")]
            settlements = of_kind or settlements
        lookup.settlements = settlements
        lookup.matched_names = {pk: name for pk, name in matched.items() if pk in {s.pk for s in settlements}}
    return lookup


def find_settlement(pk) -> Settlement | None:
    try:
        return Settlement.objects.select_related("region").filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def _interned(value):
    return sys.intern(value) if isinstance(value, str) else value


class SuggestionIndex:
    """Every name of every place offered to witnesses, folded and in order, in memory.

    The type-ahead asks for prefixes nobody asked before at every keystroke; a query each
    cost more than the rest of the request. Here a prefix is two binary searches in the
    sorted keys, and its names come in the order the suggestions list them: exact matches
    first, then places offered first (towns before villages), shorter names, the manual's
    order of regions, the name, the place. That order is decided once, at building, as
    each name's rank; a query takes the smallest ranks in its range of keys.
    """

    def __init__(self, version: str):
        self.version = version
        regions = {
            pk: (kind, position, (code, kk, ru, en))
            for pk, kind, position, code, kk, ru, en in Region.objects.values_list(
                "pk", "kind", "position", "code", "name_kk", "name_ru", "name_en"
            )
        }
        other_names: dict[int, list[tuple[str, str]]] = {}
        names = []
        rows = SettlementName.objects.filter(settlement__is_retired=False).values_list(
            "settlement_id", "key", "kind", "name"
        )
        for settlement_id, key, kind, name in rows.iterator(chunk_size=5000):
            names.append((settlement_id, key))
            if kind != SettlementName.Kind.OFFICIAL:
                other_names.setdefault(settlement_id, []).append((kind, name))
        self.places: dict[int, tuple] = {}
        order: dict[int, tuple[int, int]] = {}
        fields = ("pk", "region_id", "kind", "offered_first", "name_kk", "name_ru", "name_en", "kato_code",
                  "district_kk", "district_ru", "district_en", "rural_district")  # fmt: skip
        for pk, region_id, kind, offered_first, *data in (
            Settlement.objects.filter(is_retired=False).values_list(*fields).iterator(chunk_size=5000)
        ):
            region_kind, position, region = regions[region_id]
            order[pk] = (kind_order(kind, region_kind, offered_first), position)
            # Kind, then name code point by code point: "former" before "variant".
            others = tuple(name for _kind, name in sorted(other_names.get(pk, ())))
            # Interned: districts, kinds and many names repeat across thousands of places.
            self.places[pk] = (sys.intern(kind), *(_interned(value) for value in data), others, region)
        names = [(settlement_id, key) for settlement_id, key in names if settlement_id in order]

        def rank_of(name):
            settlement_id, key = name
            kind_order, position = order[settlement_id]
            return (kind_order, len(key), position, key, settlement_id)

        by_rank = sorted(names, key=rank_of)
        self.settlement_of_rank = [settlement_id for settlement_id, _key in by_rank]
        by_key = sorted(range(len(by_rank)), key=lambda rank: by_rank[rank][1])
        self.keys = [by_rank[rank][1] for rank in by_key]
        self.ranks = by_key

    def suggest(self, key: str, limit: int) -> list[dict]:
        start = bisect.bisect_left(self.keys, key)
        exact_end = bisect.bisect_right(self.keys, key, start)
        end = bisect.bisect_left(self.keys, key + "\U0010ffff", exact_end)
        # Several names of one place may match: enough names to fill the list with places.
        wanted = limit * 4
        ranks = heapq.nsmallest(wanted, self.ranks[start:exact_end])
        if len(ranks) < wanted:
            ranks += heapq.nsmallest(wanted - len(ranks), self.ranks[exact_end:end])
        found = []
        for rank in ranks:
            settlement_id = self.settlement_of_rank[rank]
            if settlement_id not in found:
                found.append(settlement_id)
                if len(found) == limit:
                    break
        return [self._place(settlement_id) for settlement_id in found]

    def _place(self, pk: int) -> dict:
        kind, name_kk, name_ru, name_en, kato_code, district_kk, district_ru, district_en, rural, others, region = (
            self.places[pk]
        )
        return {
            "name": {"kk": name_kk, "ru": name_ru, "en": name_en},
            "other_names": list(others),
            "kind": kind,
            "kato_code": kato_code or "",
            "district": {"kk": district_kk or "", "ru": district_ru or "", "en": district_en or ""},
            "rural_district": rural,
            "region": {"code": region[0], "name": {"kk": region[1], "ru": region[2], "en": region[3]}},
        }


_index: SuggestionIndex | None = None


def _current_index() -> SuggestionIndex:
    """The index of the gazetteer as it is now: built again after any change of content,
    the gazetteer's own included (portal/content_version.py)."""
    global _index
    version = content_version.current()
    if _index is None or _index.version != version:
        _index = SuggestionIndex(version)
    return _index


def suggest(typed: str, limit: int = 10) -> list[dict]:
    """For type-ahead: exact matches first, then names that start with what was typed, as
    plain data (each place's names, district and region in every language).

    Read from this process's index of names (SuggestionIndex), with no query but the three
    that build it once per content version, whatever the size of the gazetteer.
    """
    key = fold((typed or "")[:MAX_QUERY_LENGTH])
    if len(key) < 2:
        return []
    return _current_index().suggest(key, limit)


# The answers this process gave last, encoded, with the content version they were made under.
_recent: OrderedDict[tuple[str, int], tuple[str, bytes]] = OrderedDict()
RECENT_SUGGESTIONS = 2048


def forget_recent() -> None:
    global _index
    _index = None
    _recent.clear()


def suggestions_json(typed: str, limit: int = 10) -> bytes:
    """`suggest`'s results as JSON, kept encoded while the content is unchanged.

    The same prefixes are typed again and again: a repeated one costs a look-up in this
    process's memory, not a new encoding.
    """
    key = fold((typed or "")[:MAX_QUERY_LENGTH])
    if len(key) < 2:
        return b"[]"
    index = _current_index()
    entry = _recent.get((key, limit))
    if entry is None or entry[0] != index.version:
        entry = (index.version, json.dumps(index.suggest(key, limit), ensure_ascii=False).encode())
    _recent[(key, limit)] = entry
    _recent.move_to_end((key, limit))
    while len(_recent) > RECENT_SUGGESTIONS:
        _recent.popitem(last=False)
    return entry[1]
