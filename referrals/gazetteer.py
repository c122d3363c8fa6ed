"""Finding a settlement from what a witness typed.

Witnesses type on phones, often without the Kazakh letters (Оскемен for Өскемен), in
Latin (Semey, Oskemen, Qaraghandy), with a prefix (г. Семей, Аксу ауылы) or by a former
name (Семипалатинск). Every name of a settlement and every query are folded to the same
skeleton: lower case, diacritics dropped, Cyrillic transliterated to plain Latin letters,
the usual Latin spellings of one sound made one (q/k, gh/g, kh/h, j/zh, y/i), letters
that are doubled collapsed, and anything that is not a letter or digit removed. Folding
is deliberately lossy: the table of names in fixtures/gazetteer.json keeps the real ones.
"""

import json
import re
import time
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import Case, IntegerField, Q, Value, When

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


# Places offered first, towns before villages, then the manual's order of regions.
_KIND_ORDER = Case(
    When(settlement__kind=Settlement.Kind.CITY, settlement__region__kind=Region.Kind.CITY, then=Value(-1)),
    When(settlement__offered_first=True, then=Value(0)),
    When(settlement__kind=Settlement.Kind.CITY, then=Value(1)),
    When(settlement__kind=Settlement.Kind.VILLAGE, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
_TOWNS = {Settlement.Kind.CITY}
_RANK_CITY_OF_REGION, _RANK_OFFERED_FIRST, _RANK_OTHER = 0, 1, 2


def _rank(settlement: Settlement) -> int:
    """Astana, Almaty and Shymkent before their namesakes (Astana's "район Алматы"), then the
    places offered first (towns, district centres, the cities' districts), then the rest."""
    if settlement.kind == Settlement.Kind.CITY and settlement.region.kind == Region.Kind.CITY:
        return _RANK_CITY_OF_REGION
    return _RANK_OFFERED_FIRST if settlement.offered_first else _RANK_OTHER


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


def _names_matching(condition: Q, limit: int):
    return (
        SettlementName.objects.filter(condition, settlement__is_retired=False)
        .select_related("settlement__region")
        .annotate(kind_order=_KIND_ORDER)
        .order_by("kind_order", "settlement__region__position", "settlement_id", "key")[:limit]
    )


def _distinct_settlements(names, limit: int | None = None) -> tuple[list[Settlement], dict[int, SettlementName]]:
    settlements: dict[int, Settlement] = {}
    matched: dict[int, SettlementName] = {}
    for name in names:
        if name.settlement_id not in settlements:
            if limit is not None and len(settlements) >= limit:
                break
            settlements[name.settlement_id] = name.settlement
            matched[name.settlement_id] = name
    return list(settlements.values()), matched


# A name shared by more places than this is not a choice anyone can make from a list.
MAX_PLACES_OF_ONE_NAME = 200


def find(typed: str) -> Lookup:
    """Places whose name (any language, spelling or former name) folds to the typed one.

    "Аксу ауылы" and "г. Аксу" also say which kind of place is meant: when places of that
    kind are among the matches, only they are kept.
    """
    typed = (typed or "").strip()[:MAX_QUERY_LENGTH]
    key = fold(typed)
    lookup = Lookup(typed=typed, key=key)
    if key:
        names = _names_matching(Q(key=key), MAX_PLACES_OF_ONE_NAME * 3)
        settlements, matched = _distinct_settlements(names, MAX_PLACES_OF_ONE_NAME)
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


# Type-ahead answers are kept this long: the same prefixes are typed again and again. Routing
# (find) never reads them, so a staff edit decides routing at once and shows in the
# suggestions within this time.
SUGGESTIONS_CACHE_SECONDS = 5 * 60

# Hand-written: the type-ahead is the portal's busiest query, and building it through the
# ORM cost more than running it. The same SQL on PostgreSQL and SQLite; keys are folded
# to [a-z0-9], so nothing in them is special to LIKE, and ordering by them is the same in
# every collation. On PostgreSQL the prefix match is served by an index of the keys. SQLite's
# LIKE ignores case and so cannot use the keys' index: there the same prefix is also given as
# a range of keys, which it can (keys sort bytewise and hold nothing above "z").
_SUGGESTIONS_SQL = """
SELECT n.settlement_id, s.name_kk, s.name_ru, s.name_en, s.kind, s.kato_code,
       s.district_kk, s.district_ru, s.district_en, s.rural_district,
       r.code, r.name_kk, r.name_ru, r.name_en{other_names}
FROM referrals_settlementname n
JOIN referrals_settlement s ON s.id = n.settlement_id
JOIN contacts_region r ON r.id = s.region_id
WHERE n.key LIKE %s {key_range} AND NOT s.is_retired
ORDER BY CASE WHEN n.key = %s THEN 0 ELSE 1 END,
         CASE WHEN s.kind = 'city' AND r.kind = 'city' THEN -1
              WHEN s.offered_first THEN 0
              WHEN s.kind = 'city' THEN 1
              WHEN s.kind = 'village' THEN 2
              ELSE 3 END,
         LENGTH(n.key), r.position, n.key, s.id
LIMIT %s
"""

# On PostgreSQL the places' other names come in the same query (each "kind<RS>name", joined
# by US), computed for the rows the LIMIT keeps; SQLite would compute them for every
# matching row before sorting, so there they are a second query.
_OTHER_NAMES_COLUMN = """,
       (SELECT string_agg(o.kind || chr(30) || o.name, chr(31)) FROM referrals_settlementname o
        WHERE o.settlement_id = s.id AND o.kind <> 'official')"""

_OTHER_NAMES_SQL = """
SELECT settlement_id, name FROM referrals_settlementname
WHERE settlement_id IN ({ids}) AND kind <> 'official'
ORDER BY kind, name, id
"""


def suggest(typed: str, limit: int = 10) -> list[dict]:
    """For type-ahead: exact matches first, then names that start with what was typed, as
    plain data (each place's names, district and region in every language).

    One query on PostgreSQL, two on SQLite, whatever the size of the gazetteer: the
    matching names with their places and regions, LIMITed in SQL (an index of the keys
    serves the prefix match), and the other names of the places found (on PostgreSQL in
    the same query). Not kept: the API asks `suggestions_json`, which keeps what this
    returns.
    """
    key = fold((typed or "")[:MAX_QUERY_LENGTH])
    if len(key) < 2:
        return []
    # Several names of one place may match: fetch enough rows to fill the list with places.
    with connection.cursor() as cursor:
        in_one_query = connection.vendor == "postgresql"
        if in_one_query:
            sql, params = _SUGGESTIONS_SQL.format(key_range="", other_names=_OTHER_NAMES_COLUMN), []
        else:
            key_range = "AND n.key >= %s AND n.key < %s"
            sql, params = _SUGGESTIONS_SQL.format(key_range=key_range, other_names=""), [key, key + "\x7f"]
        cursor.execute(sql, [key + "%", *params, key, limit * 4])
        rows = cursor.fetchall()
        places = {}
        for row in rows:
            if row[0] not in places and len(places) < limit:
                places[row[0]] = row
        if in_one_query:
            # Ordered here as the second query orders them (kind, then name, codepoint by
            # codepoint), so both databases give the same list.
            other_names = {
                pk: [name for _kind, name in sorted(tuple(item.split("\x1e", 1)) for item in row[14].split("\x1f"))]
                if row[14]
                else []
                for pk, row in places.items()
            }
        else:
            other_names = {pk: [] for pk in places}
            if places:
                cursor.execute(_OTHER_NAMES_SQL.format(ids=", ".join(["%s"] * len(places))), list(places))
                for pk, name in cursor.fetchall():
                    other_names[pk].append(name)
    results = [
        {
            "name": {"kk": row[1], "ru": row[2], "en": row[3]},
            "other_names": other_names[pk],
            "kind": row[4],
            "kato_code": row[5] or "",
            "district": {"kk": row[6] or "", "ru": row[7] or "", "en": row[8] or ""},
            "rural_district": row[9],
            "region": {"code": row[10], "name": {"kk": row[11], "ru": row[12], "en": row[13]}},
        }
        for pk, row in places.items()
    ]
    return results


# The answers this process gave last, as encoded JSON with the time they stop being fresh.
_recent: OrderedDict[str, tuple[float, bytes]] = OrderedDict()
RECENT_SUGGESTIONS = 2048


def forget_recent() -> None:
    _recent.clear()


def suggestions_json(typed: str, limit: int = 10) -> bytes:
    """`suggest`'s results as JSON, kept encoded for SUGGESTIONS_CACHE_SECONDS.

    The same prefixes are typed again and again: a repeated one costs a look-up in this
    process's memory, not a round trip to the shared cache and a new encoding; another
    process's answer is taken from the shared cache with the time it was made, so no
    answer is served for longer than SUGGESTIONS_CACHE_SECONDS after its queries ran.
    """
    key = fold((typed or "")[:MAX_QUERY_LENGTH])
    if len(key) < 2:
        return b"[]"
    cache_key = f"gazetteer:suggest:{limit}:{key}"
    now = time.time()
    entry = _recent.get(cache_key)
    if entry is None or entry[0] <= now:
        entry = cache.get(cache_key)
        if entry is None or entry[0] <= now:
            body = json.dumps(suggest(typed, limit), ensure_ascii=False).encode()
            entry = (now + SUGGESTIONS_CACHE_SECONDS, body)
            cache.set(cache_key, entry, SUGGESTIONS_CACHE_SECONDS)
    _recent[cache_key] = entry
    _recent.move_to_end(cache_key)
    while len(_recent) > RECENT_SUGGESTIONS:
        _recent.popitem(last=False)
    return entry[1]
