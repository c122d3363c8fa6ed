"""Names in every script, and lists in each language's own alphabetical order.

The directory keeps each name as its owner writes it in Kazakh. Russian and English forms are
derived from it by one declared rule until the person confirms their own (docs/terms.md):

- Russian: the Kazakh Cyrillic letters that Russian lacks become their nearest Russian letters
  (ә→а, ғ→г, қ→к, ң→н, ө→о, ұ→у, ү→у, һ→х, і→и); everything else is kept.
- English (Latin): the transliteration table of ICAO Doc 9303 (the one Kazakhstan's passports
  use) applied to the Kazakh form; a person's name as given name and surname, without the
  patronymic. Region and settlement names follow the same table.
"""

from collections.abc import Iterable
from typing import TypeVar

RUSSIAN_FOR_KAZAKH = str.maketrans("әғқңөұүһіӘҒҚҢӨҰҮҺІ", "агкноуухиАГКНОУУХИ")

# ICAO Doc 9303, part 3, table for Cyrillic, with the Kazakh letters as the review of
# December 2026 gives them (ә→a, ғ→g, қ→k, ң→n, ө→o, ұ/ү→u, і→i, ы→y, й→i, я→ia).
LATIN_FOR_CYRILLIC = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "i", "к": "k", "қ": "k", "л": "l", "м": "m", "н": "n",
    "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ұ": "u",
    "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "і": "i", "ь": "", "э": "e", "ю": "iu", "я": "ia",
}  # fmt: skip

ALPHABETS = {
    "kk": "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя",
    "ru": "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "en": "abcdefghijklmnopqrstuvwxyz",
}


def russian_form(kazakh: str) -> str:
    return kazakh.translate(RUSSIAN_FOR_KAZAKH)


def latin_form(cyrillic: str) -> str:
    out = []
    for char in cyrillic:
        latin = LATIN_FOR_CYRILLIC.get(char.lower())
        if latin is None:
            out.append(char)
        elif char.isupper():
            out.append(latin.capitalize())
        else:
            out.append(latin)
    return "".join(out)


def english_name(full_name: str) -> str:
    """ "Бимендина Әсима Темкенқызы" → "Asima Bimendina": given name and surname, no patronymic."""
    parts = full_name.split()
    if len(parts) < 2:
        return latin_form(full_name)
    surname, given = parts[0], parts[1]
    return f"{latin_form(given)} {latin_form(surname)}"


def alphabetical_key(text: str, language: str) -> tuple:
    """Sorts by the language's own alphabet: in Kazakh, Ақмола comes before Алматы."""
    alphabet = ALPHABETS.get(language, ALPHABETS["kk"])
    key = []
    for char in text.lower():
        index = alphabet.find(char)
        # Spaces and hyphens sort before any letter; letters of another alphabet after them all.
        key.append(index if index >= 0 else (-1 if not char.isalpha() else len(alphabet) + ord(char)))
    return tuple(key)


Named = TypeVar("Named")


def in_alphabetical_order(items: Iterable[Named], language: str, name=lambda item: str(item)) -> list[Named]:
    return sorted(items, key=lambda item: alphabetical_key(name(item), language))
