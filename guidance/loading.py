"""Load the manual into the database: sections, key concepts, facts, notes, footnotes.

The Kazakh file (fixtures/guidance/manual.kk.txt) is the manual itself; the Russian and
English files are line-aligned translations: line N of each translates line N of the
original. Each section is described below as a list of the original's lines, so the same
description builds the section in all three languages.

Idempotent: a record that already exists is left exactly as it is (staff may have edited
it), so running this twice changes nothing.
"""

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings

from contacts.models import Region
from guidance.models import EditorialNote, Fact, FactGroup, Footnote, GlossaryTerm, RegionalOffenderFigure, Section

LANGUAGES = settings.MODELTRANSLATION_LANGUAGES
MANUAL_DIR = Path(settings.BASE_DIR) / "fixtures" / "guidance"

# Spaces the original's layout left inside words ("зорлық- зомбылық", "қ алыптастыру").
# Only whitespace is corrected: the words stay the manual's own.
WHITESPACE_FIXES = {
    ("kk", 42): ("зорлық- зомбылық", "зорлық-зомбылық"),
    ("kk", 244): ("қ алыптастыру", "қалыптастыру"),
}


@cache
def manual_lines(lang: str) -> tuple[str, ...]:
    text = (MANUAL_DIR / f"manual.{lang}.txt").read_text(encoding="utf-8")
    return tuple(text.splitlines())


def line(lang: str, number: int) -> str:
    text = manual_lines(lang)[number - 1].strip()
    fix = WHITESPACE_FIXES.get((lang, number))
    if fix:
        wrong, right = fix
        assert re.sub(r"\s", "", wrong) == re.sub(r"\s", "", right)
        text = text.replace(wrong, right)
    return text


def escape_markdown(text: str) -> str:
    """Keep the manual's text from being read as Markdown syntax it never meant."""
    if re.match(r"^\d+\.\s", text):
        text = re.sub(r"^(\d+)\.", r"\1\\.", text)
    if text[:1] in "#>+" or re.match(r"^[-*]\s", text):
        text = "\\" + text
    return text.replace("[[", "[\\[")


def sentence_case(text: str) -> str:
    """The manual sets some headings in capitals; the portal writes them in sentence case."""
    letters = [ch for ch in text if ch.isalpha()]
    if letters and all(ch.isupper() for ch in letters):
        return text[:1] + text[1:].lower()
    return text


# --- How each section is built from the manual's lines -------------------------------------
# Each block turns into Markdown for one language.
@dataclass
class P:
    number: int

    def markdown(self, lang):
        return escape_markdown(line(lang, self.number))


@dataclass
class H:
    level: int
    numbers: tuple[int, ...] | int
    anchor: str

    def markdown(self, lang):
        numbers = self.numbers if isinstance(self.numbers, tuple) else (self.numbers,)
        text = " ".join(line(lang, n) for n in numbers)
        if text.startswith("**") and text.endswith("**"):
            text = text[2:-2]
        text = re.sub(r"\s+\)", ")", text)
        return f"{'#' * self.level} {sentence_case(text)} {{#{self.anchor}}}"


@dataclass
class Added:
    """A heading the manual does not have, added so the structure can be navigated."""

    level: int
    text: dict
    anchor: str

    def markdown(self, lang):
        return f"{'#' * self.level} {self.text[lang]} {{#{self.anchor}}}"


@dataclass
class Bullets:
    numbers: tuple[int, ...]

    def markdown(self, lang):
        items = [re.sub(r"^-\s*▶?\s*", "", line(lang, n)) for n in self.numbers]
        return "\n".join(f"- {escape_markdown(item)}" for item in items)


@dataclass
class Labelled:
    """Lines of the form "Label: text", as a list with the label in bold."""

    numbers: tuple[int | tuple[int, ...], ...]

    def markdown(self, lang):
        items = []
        for entry in self.numbers:
            group = entry if isinstance(entry, tuple) else (entry,)
            text = " ".join(line(lang, n) for n in group)
            label, _colon, rest = text.partition(":")
            items.append(f"- **{label}:** {rest.strip()}")
        return "\n".join(items)


@dataclass
class Numbered:
    """A numbered list; the manual's own numbers ("1 ...", "1. ...") become the list's."""

    numbers: tuple[int, ...]

    def markdown(self, lang):
        items = [re.sub(r"^\d+\.?\s+", "", line(lang, n)) for n in self.numbers]
        return "\n\n".join(f"{i}. {item}" for i, item in enumerate(items, start=1))


@dataclass
class Strategies:
    """The seven strategies: a numbered list, each with its title and its goal."""

    pairs: tuple[tuple[int, int], ...]

    def markdown(self, lang):
        items = []
        for i, (title, goal) in enumerate(self.pairs, start=1):
            name = re.sub(r"^\d+\s+", "", line(lang, title))
            items.append(f"{i}. **{name}**\n\n    {escape_markdown(line(lang, goal))}")
        return "\n\n".join(items)


@dataclass
class Block:
    name: str

    def markdown(self, lang):
        return f"[[{self.name}]]"


FIVE_RULES = {"kk": "Бес ереже", "ru": "Пять правил", "en": "Five rules"}
THREE_QUESTIONS = {
    "kk": "Үш сұрақ және оларға жауаптар",
    "ru": "Три вопроса и ответы на них",
    "en": "Three questions and their answers",
}
FIVE_STEPS = {"kk": "Бес қадам", "ru": "Пять шагов", "en": "Five steps"}
CODE_OF_CONDUCT = {
    "kk": "Ересектерге арналған мінез-құлық кодексі",
    "ru": "Кодекс поведения для взрослых",
    "en": "Code of conduct for adults",
}


@dataclass
class SectionSpec:
    slug: str
    title_line: int
    summary: dict
    blocks: list


SECTIONS = [
    SectionSpec(
        "foreword",
        18,
        {
            "kk": "Нұсқаулықты кім дайындады, ол неге сүйенеді және не үшін арналған.",
            "ru": "Кто подготовил руководство, на что оно опирается и для чего предназначено.",
            "en": "Who prepared the guidance, what it draws on and what it is for.",
        },
        [P(30), P(32), P(34), P(36)],
    ),
    SectionSpec(
        "key-concepts",
        19,
        {
            "kk": "Бала, балаларға қатысты жыныстық зорлық-зомбылық, груминг, қылмыс туралы хабарламау: заң "
            "мен нұсқаулықтағы анықтамалар.",
            "ru": "Ребёнок, сексуальное насилие в отношении детей, груминг, несообщение о преступлении: "
            "определения закона и руководства.",
            "en": "Child, sexual violence against children, grooming, failure to report a crime: the definitions "
            "of the law and the guidance.",
        },
        [Block("glossary")],
    ),
    SectionSpec(
        "brief-facts",
        20,
        {
            "kk": "Сандар: балаларға қатысты жыныстық зорлық-зомбылық әлемде және Қазақстанда қаншалықты жиі "
            "кездеседі.",
            "ru": "Цифры: насколько распространено сексуальное насилие в отношении детей в мире и в Казахстане.",
            "en": "The figures: how common sexual violence against children is, worldwide and in Kazakhstan.",
        },
        [
            P(55),
            Block("facts:childhood-prevalence"),
            P(57),
            Block("facts:meta-analyses"),
            P(59),
            P(61),
            Block("facts:registered-offenders"),
            P(63),
            Block("facts:registered-crimes"),
            H(2, 67, "table-1"),
            Block("table-1"),
            Block("note:table-1"),
            P(69),
            P(71),
        ],
    ),
    SectionSpec(
        "offender-profile",
        21,
        {
            "kk": "Бұл қылмыстарды кім жасайды (көбіне балаға таныс адам) және оларға не ықпал етеді.",
            "ru": "Кто совершает эти преступления (чаще всего знакомый ребёнку человек) и что им способствует.",
            "en": "Who commits these crimes (most often someone the child knows) and what makes them possible.",
        },
        [
            P(75),
            Labelled((77, 79, 81, 83, 85, 87)),
            P(89),
            P(91),
            P(93),
            Block("facts:offender-profile"),
            P(95),
            P(97),
            H(2, 99, "factors"),
            Bullets((101, 102, 103, 104, 105, 106, 107, 108)),
        ],
    ),
    SectionSpec(
        "advice-to-parents",
        22,
        {
            "kk": "Балаға үйрететін бес ереже, алаңдататын белгілер және балаға зорлық жасалғанын білсеңіз не "
            "істеу керек.",
            "ru": "Пять правил, которым стоит научить ребёнка, тревожные признаки и что делать, если ребёнок "
            "пострадал.",
            "en": "Five rules to teach your child, the warning signs, and what to do if a child has been abused.",
        },
        [
            P(112),
            P(116),
            Added(2, FIVE_RULES, "five-rules"),
            H(3, 118, "rule-body"),
            P(122),
            Block("note:garbled-medical-sentence"),
            H(3, 124, "rule-say-no"),
            P(128),
            H(3, 130, "rule-secrets"),
            P(134),
            H(3, 136, "rule-strangers"),
            P(140),
            H(3, 142, "rule-five-people"),
            P(146),
            Block("footnote:1"),
            Added(2, THREE_QUESTIONS, "three-questions"),
            H(3, 148, "question-signs"),
            P(150),
            P(152),
            Bullets((154, 156, 158)),
            H(3, 160, "question-online"),
            P(162),
            P(164),
            P(166),
            H(3, 168, "question-what-to-do"),
            P(170),
            P(172),
            P(174),
        ],
    ),
    SectionSpec(
        "witnesses",
        23,
        {
            "kk": "Баланың қауіпте екенін көрсеңіз не білсеңіз, дереу жасалатын бес қадам және ересектерге "
            "арналған мінез-құлық кодексі.",
            "ru": "Пять шагов, если вы увидели или узнали, что ребёнок в опасности, и кодекс поведения для взрослых.",
            "en": "Five steps to take at once if you see or learn that a child is at risk, and a code of conduct "
            "for adults.",
        },
        [
            Added(2, FIVE_STEPS, "five-steps"),
            P(182),
            Numbered((184, 186, 188, 190, 192)),
            Block("witness-actions"),
            Added(2, CODE_OF_CONDUCT, "code-of-conduct"),
            Block("note:code-of-conduct-heading"),
            Numbered((198, 200, 202, 204, 206, 208, 210)),
        ],
    ),
    SectionSpec(
        "social-norms",
        24,
        {
            "kk": "Балалармен зорлық-зомбылықсыз қарым-қатынасқа қажетті құндылықтар мен әлеуметтік нормалар.",
            "ru": "Ценности и социальные нормы, на которых строятся отношения с детьми без насилия.",
            "en": "The values and social norms that keep relationships with children free of violence.",
        },
        [
            P(212),
            Block("footnote:2"),
            Labelled((214, 216, 218, 220, 222, 224, (226, 228), 230)),
        ],
    ),
    SectionSpec(
        "inspire",
        25,
        {
            "kk": "Балаларға қатысты зорлық-зомбылықты жоюға арналған INSPIRE-дің жеті стратегиясы.",
            "ru": "Семь стратегий INSPIRE по искоренению насилия в отношении детей.",
            "en": "The seven INSPIRE strategies for ending violence against children.",
        },
        [
            H(2, 234, "seven-strategies"),
            Block("footnote:3"),
            Block("note:inspire-organisations"),
            P(236),
            Strategies(((238, 240), (242, 244), (246, 248), (250, 252), (254, 256), (262, 264), (266, 268))),
        ],
    ),
    SectionSpec(
        "appendices",
        26,
        {
            "kk": "Қайда жүгінуге болады: республикалық желілер және әр өңірдің бала құқықтары жөніндегі уәкілі.",
            "ru": "Куда обратиться: республиканские линии и уполномоченный по правам ребёнка каждого региона.",
            "en": "Where to turn: the national lines and each region's commissioner for children's rights.",
        },
        [
            H(2, 272, "where-to-turn"),
            Block("directory:national"),
            H(2, (304, 305, 306), "regional-commissioners"),
            Block("note:regional-table-date"),
            Block("directory:regional"),
            Block("footnote:5"),
        ],
    ),
    SectionSpec(
        "sources",
        333,
        {
            "kk": "Нұсқаулық сүйенетін зерттеулер, заңдар мен нұсқаулықтар.",
            "ru": "Исследования, законы и руководства, на которые опирается руководство.",
            "en": "The studies, laws and guides the manual draws on.",
        },
        [Numbered(tuple(range(335, 343)))],
    ),
]


def section_title(lang: str, number: int) -> str:
    # Contents lines carry the printed edition's page number after a tab.
    return line(lang, number).split("\t")[0].rstrip(":").strip()


def section_body(spec: SectionSpec, lang: str) -> str:
    return "\n\n".join(block.markdown(lang) for block in spec.blocks) + "\n"


# --- Key concepts -----------------------------------------------------------------------
NO_REFERENCE = {"kk": "", "ru": "", "en": ""}
GLOSSARY = [
    (
        "child",
        40,
        {
            "kk": "«Неке (ерлі-зайыптылық) және отбасы туралы» Қазақстан Республикасының 2011 жылғы "
            "26 желтоқсандағы № 518-IV Кодексі",
            "ru": "Кодекс Республики Казахстан «О браке (супружестве) и семье» от 26 декабря 2011 года № 518-IV",
            "en": "Code of the Republic of Kazakhstan “On Marriage (Matrimony) and Family” "
            "No. 518-IV of 26 December 2011",
        },
        {"kk": "кәмелетке толмаған", "ru": "несовершеннолетн", "en": "minor"},
    ),
    (
        "sexual-violence-against-children",
        42,
        NO_REFERENCE,
        {
            "kk": "балаларға қатысты жыныстық зорлық",
            "ru": "сексуальное насилие в отношении детей\nсексуального насилия в отношении детей",
            "en": "sexual violence against children",
        },
    ),
    (
        "violent-acts-of-a-sexual-nature",
        44,
        {
            "kk": "Қазақстан Республикасының Қылмыстық кодексі, 121-бап",
            "ru": "Уголовный кодекс Республики Казахстан, статья 121",
            "en": "Criminal Code of the Republic of Kazakhstan, Article 121",
        },
        {
            "kk": "сексуалдық сипаттағы зорлық",
            "ru": "насильственные действия сексуального характера",
            "en": "violent acts of a sexual nature",
        },
    ),
    ("grooming", 46, NO_REFERENCE, {"kk": "груминг", "ru": "груминг", "en": "grooming"}),
    (
        "child-protection-organisations",
        48,
        NO_REFERENCE,
        {
            "kk": "балаларды қорғау қызмет",
            "ru": "службой защиты детей\nслужбу защиты детей",
            "en": "child protection service",
        },
    ),
    (
        "failure-to-report",
        50,
        {
            "kk": "Қазақстан Республикасының Қылмыстық кодексі, 432 және 434-баптар",
            "ru": "Уголовный кодекс Республики Казахстан, статьи 432 и 434",
            "en": "Criminal Code of the Republic of Kazakhstan, Articles 432 and 434",
        },
        {"kk": "хабарламау", "ru": "несообщени", "en": "failure to report"},
    ),
]


def split_term(text: str) -> tuple[str, str]:
    term, _dash, definition = text.partition(" – ")
    return term.rstrip(" ,"), definition.strip()


# --- Editorial notes and footnotes -----------------------------------------------------
NOTES = {
    "code-of-conduct-heading": {
        "kk": "**Редакция ескертпесі.** Нұсқаулықта бұл тізімнің тақырыбы «Балаларға зорлық-зомбылық "
        "көрсетуге ықпал ететін факторларға мыналар жатады:» деп берілген, яғни «Қылмыскердің бейнесі» "
        "бөліміндегі факторлар тізімінің тақырыбы қателесіп қайталанған. Бұл тізім ересектерге арналған "
        "мінез-құлық кодексі болғандықтан, порталда оған сәйкес тақырып берілді.",
        "ru": "**Примечание редакции.** В руководстве этот список озаглавлен «К факторам, способствующим "
        "насилию в отношении детей, относятся:»: по ошибке повторён заголовок списка факторов из раздела "
        "«Портрет преступника». Список представляет собой кодекс поведения для взрослых, поэтому на портале "
        "ему дан соответствующий заголовок.",
        "en": "**Editorial note.** In the manual this list is headed “Factors contributing to violence against "
        "children include:”, repeating by mistake the heading of the list of factors in the offender profile. "
        "The list is a code of conduct for adults, so the portal gives it that heading.",
    },
    "inspire-organisations": {
        "kk": "**Редакция ескертпесі.** Мәтінде стратегияларды 10 халықаралық ұйым бірігіп дайындағаны "
        "айтылады, ал ³ ескертпеде 8 ұйым ғана аталған. Мәтін нұсқаулықтағыдай сақталды. Тізімнің басындағы "
        "¹ белгісі ескертпеге сілтеме емес, тізімнің 1-нөмірі ретінде оқылады.",
        "ru": "**Примечание редакции.** В тексте сказано, что стратегии совместно разработали 10 международных "
        "организаций, а в сноске ³ перечислены 8. Текст сохранён таким, как он дан в руководстве. Знак ¹ в "
        "начале списка читается как номер 1 в списке, а не как ссылка на сноску.",
        "en": "**Editorial note.** The text says that 10 international organisations developed the strategies "
        "together, while footnote ³ lists 8. The text is kept as the manual gives it. The mark ¹ at the start "
        "of the list reads as the list's number 1, not as a reference to a footnote.",
    },
    "table-1": {
        "kk": "**Редакция ескертпесі.** Нұсқаулықта 1-кесте 2023 жылдың 6 айында тіркелген құқық "
        "бұзушылықтардың өңірлер бөлінісі ретінде ұсынылады, бірақ кестенің тақырыбы жазасын өтеген "
        "адамдардың облыстар бойынша бөлінісі туралы (2023 жыл, тамыз), әрі нұсқаулықта кестенің сандары "
        "берілмеген. Кесте нұсқаулықтағы тақырыбымен көрсетілді.",
        "ru": "**Примечание редакции.** В руководстве таблица 1 представлена как разбивка по регионам "
        "правонарушений, зарегистрированных за 6 месяцев 2023 года, однако её заголовок говорит о лицах, "
        "отбывших наказание, по областям (август 2023 года), а цифр таблицы в руководстве нет. Таблица "
        "приводится под заголовком из руководства.",
        "en": "**Editorial note.** The manual introduces Table 1 as the regional breakdown of offences "
        "registered over 6 months of 2023, but the table's title speaks of persons who served sentences, by "
        "region (August 2023), and the manual prints none of its figures. The table is shown under the "
        "manual's title.",
    },
    "garbled-medical-sentence": {
        "kk": "**Редакция ескертпесі.** Бұл абзацтың екінші сөйлемі түпнұсқада бұрмаланған. Орыс және "
        "ағылшын тілдеріндегі аудармада ол екі нұсқау ретінде берілді: дәрігер қабылдауында ата-ананың бірі "
        "міндетті түрде болуы керек; баланың денесіне, әсіресе іш киім жабатын жерлеріне, басқа ешкім қол "
        "тигізбеуі керек.",
        "ru": "**Примечание редакции.** Второе предложение этого абзаца в казахском оригинале искажено. В "
        "русском и английском переводах оно передано как два указания: на приёме у врача обязательно должен "
        "присутствовать кто-то из родителей; никто другой не должен прикасаться к телу ребёнка, особенно к "
        "местам, закрытым нижним бельём.",
        "en": "**Editorial note.** The second sentence of this paragraph is garbled in the Kazakh original. The "
        "Russian and English translations read it as two instructions: a parent must always be present at the "
        "child's medical appointments; nobody else may touch the child's body, especially the parts covered "
        "by underwear.",
    },
    "regional-table-date": {
        "kk": "**Редакция ескертпесі.** Нұсқаулықта бұл байланыс деректері 2023 жылғы 1 ақпандағы жағдай "
        "бойынша берілген. Төмендегі кесте порталдың анықтамалығынан алынады, оны қызметкерлер жаңартып "
        "отырады; әр жазбада соңғы рет қашан тексерілгені көрсетілген.",
        "ru": "**Примечание редакции.** В руководстве эти контактные данные приведены по состоянию на "
        "1 февраля 2023 года. Таблица ниже берётся из справочника портала, который сотрудники поддерживают "
        "в актуальном состоянии; у каждой записи указано, когда она проверялась в последний раз.",
        "en": "**Editorial note.** The manual gives these contact details as of 1 February 2023. The table "
        "below comes from the portal's directory, which staff keep up to date; each entry says when it was "
        "last checked.",
    },
}

MARK_WITHOUT_TEXT = {
    "kk": "**Редакция ескертпесі.** Нұсқаулықта мұнда {mark} белгісі қойылған, бірақ ескертпенің мәтіні берілмеген.",
    "ru": "**Примечание редакции.** В руководстве здесь стоит знак {mark}, но текста сноски нет.",
    "en": "**Editorial note.** The manual puts the mark {mark} here but prints no footnote for it.",
}
NO_FOOTNOTE_4 = {
    "kk": "**Редакция ескертпесі.** Нұсқаулықтағы ескертпелер ³-тен бірден ⁵-ке өтеді: ⁴ ескертпе жоқ.",
    "ru": "**Примечание редакции.** Сноски в руководстве идут от ³ сразу к ⁵: сноски ⁴ нет.",
    "en": "**Editorial note.** The manual's footnotes go from ³ straight to ⁵: there is no footnote ⁴.",
}


def footnotes() -> dict[int, dict]:
    def strip_mark(text):
        return text.lstrip("¹²³⁴⁵")

    return {
        1: {f"text_{lang}": "" for lang in LANGUAGES}
        | {f"editorial_note_{lang}": MARK_WITHOUT_TEXT[lang].format(mark="¹") for lang in LANGUAGES},
        2: {f"text_{lang}": "" for lang in LANGUAGES}
        | {f"editorial_note_{lang}": MARK_WITHOUT_TEXT[lang].format(mark="²") for lang in LANGUAGES},
        # The INSPIRE footnote: the title of the source, then the list of organisations.
        3: {f"text_{lang}": strip_mark(line(lang, 258)) + "\n\n" + line(lang, 260) for lang in LANGUAGES}
        | {f"editorial_note_{lang}": "" for lang in LANGUAGES},
        5: {f"text_{lang}": strip_mark(line(lang, 320)) for lang in LANGUAGES}
        | {f"editorial_note_{lang}": NO_FOOTNOTE_4[lang] for lang in LANGUAGES},
    }


# --- Facts ---------------------------------------------------------------------------
NOT_STATED = {"kk": "Нұсқаулықта көрсетілмеген", "ru": "В руководстве не указано", "en": "Not stated in the manual"}
WHO = {
    "kk": "Дүниежүзі денсаулық сақтау ұйымы",
    "ru": "Всемирная организация здравоохранения",
    "en": "World Health Organization",
}
PROSECUTOR = {
    "kk": "Қазақстан Республикасы Бас прокуратурасы",
    "ru": "Генеральная прокуратура Республики Казахстан",
    "en": "Prosecutor General's Office of the Republic of Kazakhstan",
}
P_2017_2022 = {"kk": "2017–2022 жылдар", "ru": "2017–2022 годы", "en": "2017–2022"}


def t(kk, ru, en):
    return {"kk": kk, "ru": ru, "en": en}


FACTS = [
    # slug, group, label, stated as, value, upper value, precision, unit, period, source, charted
    (
        "who-women",
        FactGroup.CHILDHOOD_PREVALENCE,
        t("Әйелдер", "Женщины", "Women"),
        t("әрбір бесінші әйел", "каждая пятая женщина", "one in five women"),
        "20",
        None,
        Fact.Precision.EXACT,
        Fact.Unit.PERCENT,
        t("2022 жылғы дерек", "данные 2022 года", "2022 data"),
        WHO,
        True,
    ),
    (
        "who-men",
        FactGroup.CHILDHOOD_PREVALENCE,
        t("Ер адамдар", "Мужчины", "Men"),
        t("әрбір он үшінші ер адам", "каждый тринадцатый мужчина", "one in thirteen men"),
        "7.7",
        None,
        Fact.Precision.ABOUT,
        Fact.Unit.PERCENT,
        t("2022 жылғы дерек", "данные 2022 года", "2022 data"),
        WHO,
        True,
    ),
    (
        "meta-girls",
        FactGroup.META_ANALYSES,
        t("Қыздар", "Девочки", "Girls"),
        t("қыздардың шамамен 24%-ы", "около 24% девочек", "about 24% of girls"),
        "24",
        None,
        Fact.Precision.ABOUT,
        Fact.Unit.PERCENT,
        NOT_STATED,
        t(
            "Әлемдік мета-талдаулар (нұсқаулықта аталмаған)",
            "Мировые метаанализы (в руководстве не названы)",
            "Global meta-analyses (not named in the manual)",
        ),
        True,
    ),
    (
        "meta-boys",
        FactGroup.META_ANALYSES,
        t("Ұлдар", "Мальчики", "Boys"),
        t("ұлдардың 3%-17%-ы", "3%–17% мальчиков", "3%–17% of boys"),
        "3",
        "17",
        Fact.Precision.EXACT,
        Fact.Unit.PERCENT,
        NOT_STATED,
        t(
            "Әлемдік мета-талдаулар (нұсқаулықта аталмаған)",
            "Мировые метаанализы (в руководстве не названы)",
            "Global meta-analyses (not named in the manual)",
        ),
        True,
    ),
    (
        "registered-offenders",
        FactGroup.REGISTERED_OFFENDERS,
        t("Ресми тіркелген адамдар", "Официально зарегистрированы", "Officially registered"),
        t(
            "жазасын өтеген 379 адам, жасы 21-ден 82-ге дейін",
            "379 человек, отбывших наказание, в возрасте от 21 до 82 лет",
            "379 people who served sentences, aged 21 to 82",
        ),
        "379",
        None,
        Fact.Precision.EXACT,
        Fact.Unit.PEOPLE,
        t(
            "«Қазіргі таңда» (нұсқаулықта күні көрсетілмеген)",
            "«На сегодняшний день» (дата в руководстве не указана)",
            "“At present” (the manual gives no date)",
        ),
        NOT_STATED,
        False,
    ),
    (
        "crimes-2017-2022",
        FactGroup.REGISTERED_CRIMES,
        t("Барлығы, 2017–2022", "Всего за 2017–2022 годы", "Total, 2017–2022"),
        t("4729 қылмыс", "4729 преступлений", "4729 crimes"),
        "4729",
        None,
        Fact.Precision.EXACT,
        Fact.Unit.CRIMES,
        P_2017_2022,
        PROSECUTOR,
        False,
    ),
    (
        "crimes-per-year",
        FactGroup.REGISTERED_CRIMES,
        t("Жылына орта есеппен, 2017–2022", "В среднем за год, 2017–2022", "Average per year, 2017–2022"),
        t("жылына орта есеппен 788 қылмыс", "в среднем 788 преступлений в год", "788 crimes a year on average"),
        "788",
        None,
        Fact.Precision.EXACT,
        Fact.Unit.CRIMES,
        P_2017_2022,
        PROSECUTOR,
        True,
    ),
    (
        "crimes-2023-6-months",
        FactGroup.REGISTERED_CRIMES,
        t("2023 жыл, 6 ай", "2023 год, 6 месяцев", "2023, 6 months"),
        t("252 қылмыс", "252 преступления", "252 crimes"),
        "252",
        None,
        Fact.Precision.EXACT,
        Fact.Unit.CRIMES,
        t("2023 жыл, 6 ай", "2023 год, 6 месяцев", "2023, 6 months"),
        PROSECUTOR,
        True,
    ),
    (
        "crimes-per-year-profile",
        FactGroup.OFFENDER_PROFILE,
        t("Жылына жасалатын қылмыстар", "Преступлений в год", "Crimes a year"),
        t("орта есеппен 800-ге жуық қылмыс", "в среднем около 800 преступлений", "about 800 crimes on average"),
        "800",
        None,
        Fact.Precision.ABOUT,
        Fact.Unit.CRIMES,
        NOT_STATED,
        NOT_STATED,
        False,
    ),
    (
        "family-or-acquaintance",
        FactGroup.OFFENDER_PROFILE,
        t("Отбасы мүшесі немесе таныс", "Член семьи или знакомый", "Family member or acquaintance"),
        t("60%-дан жоғары", "более 60%", "over 60%"),
        "60",
        None,
        Fact.Precision.OVER,
        Fact.Unit.PERCENT,
        NOT_STATED,
        NOT_STATED,
        True,
    ),
    (
        "never-married",
        FactGroup.OFFENDER_PROFILE,
        t("Ешқашан үйленбеген", "Никогда не состояли в браке", "Never married"),
        t("50%-ы", "50%", "50%"),
        "50",
        None,
        Fact.Precision.EXACT,
        Fact.Unit.PERCENT,
        NOT_STATED,
        NOT_STATED,
        True,
    ),
    (
        "committed-by-minors",
        FactGroup.OFFENDER_PROFILE,
        t("Кәмелетке толмағандар жасаған", "Совершены несовершеннолетними", "Committed by minors"),
        t("қылмыстардың 20%-ы", "20% преступлений", "20% of crimes"),
        "20",
        None,
        Fact.Precision.EXACT,
        Fact.Unit.PERCENT,
        NOT_STATED,
        t(
            "Криминологиялық зерттеулер (нұсқаулықта аталмаған)",
            "Криминологические исследования (в руководстве не названы)",
            "Criminological research (not named in the manual)",
        ),
        True,
    ),
]


def per_language(name: str, values: dict) -> dict:
    return {f"{name}_{lang}": values[lang] for lang in LANGUAGES}


def load() -> str:
    created = {"sections": 0, "key concepts": 0, "facts": 0, "notes": 0, "footnotes": 0, "Table 1 rows": 0}

    for position, spec in enumerate(SECTIONS, start=1):
        defaults = {"position": position}
        for lang in LANGUAGES:
            defaults[f"title_{lang}"] = section_title(lang, spec.title_line)
            defaults[f"summary_{lang}"] = spec.summary[lang]
            defaults[f"body_{lang}"] = section_body(spec, lang)
        _section, new = Section.objects.get_or_create(slug=spec.slug, defaults=defaults)
        created["sections"] += new

    for position, (slug, number, reference, phrases) in enumerate(GLOSSARY, start=1):
        defaults = {"position": position}
        for lang in LANGUAGES:
            term, definition = split_term(line(lang, number))
            defaults[f"term_{lang}"] = term
            defaults[f"definition_{lang}"] = definition
        defaults |= per_language("legal_reference", reference) | per_language("link_phrases", phrases)
        _term, new = GlossaryTerm.objects.get_or_create(slug=slug, defaults=defaults)
        created["key concepts"] += new

    for position, row in enumerate(FACTS, start=1):
        slug, group, label, stated_as, value, value_high, precision, unit, period, source, charted = row
        defaults = {
            "group": group,
            "position": position,
            "value": Decimal(value),
            "value_high": Decimal(value_high) if value_high else None,
            "precision": precision,
            "unit": unit,
            "charted": charted,
        }
        defaults |= per_language("label", label) | per_language("stated_as", stated_as)
        defaults |= per_language("period", period) | per_language("source", source)
        _fact, new = Fact.objects.get_or_create(slug=slug, defaults=defaults)
        created["facts"] += new

    for slug, text in NOTES.items():
        _note, new = EditorialNote.objects.get_or_create(slug=slug, defaults=per_language("text", text))
        created["notes"] += new

    for marker, defaults in footnotes().items():
        _footnote, new = Footnote.objects.get_or_create(marker=marker, defaults=defaults)
        created["footnotes"] += new

    # Table 1 has a row per region of the directory, empty until staff enter the figures.
    for region in Region.objects.filter(offender_figure__isnull=True):
        RegionalOffenderFigure.objects.create(region=region)
        created["Table 1 rows"] += 1

    return ", ".join(f"{count} {name} created" for name, count in created.items())
