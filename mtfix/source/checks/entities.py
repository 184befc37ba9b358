"""Named entities in a Chinese sentence, and where they are (or are garbled) in the English.

Chinese side: longest matches in the lexicon (glossary, names table, CC-CEDICT) that sit on
word boundaries, plus the person and place names jieba tags (``nr``, ``ns``), rendered in
pinyin.  English side: capitalised spans; a span is *accounted for* when it renders some
entity of the pair or is a name the lexicon knows.  An entity whose rendering is missing is
matched to the unaccounted span that sounds most like it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any

from mtfix.registry import FixContext, Resource
from mtfix.source.analysis import WORDS
from mtfix.source.checks._base import CJK
from mtfix.source.checks.lexicon import (
    ORG,
    PERSON,
    PLACE,
    Known,
    Lexicon,
    common_words,
    compound_surnames,
    fold,
    is_common_surname,
    person_name,
    person_pinyin,
    pinyin_word,
    split_surname,
    syllable_readings,
)
from mtfix.source.checks.numparse import MONTH_NAMES

#: Characters typical of transliterated foreign names (斯, 尔, 特 …): not Chinese given names.
_TRANSLITERATION = set("斯尔特克德夫娜亚姆伊诺丝莉娅妮鲁卡茨兹奥普洛罗基维瓦塞乔耶谢契科布")


#: Generic administrative and organisational words (新区 "new district", 公司 "company"): never a
#: name on their own, whatever CC-CEDICT or jieba say, and dropped from the end of a place name.
#: Ministries every country has (毛卫生部长: Mauritius's health minister) are generic too.
_GENERIC_TEXT = """
新区 开发区 高新区 经开区 经济区 试验区 示范区 保税区 自贸区 新城 老城 城区 市区 郊区 园区
工业园 产业园 科技园 街道 社区 自治区 自治州 自治县 特区 地区 省 市 县 区 镇 乡 村 州 岛 港 路 街 湾
公司 集团 集团公司 有限公司 银行 大学 学院 中学 小学 医院 研究院 研究所 中心 委员会 政府 协会
卫生部 外交部 国防部 教育部 财政部 商务部 内政部 司法部 农业部 交通部 文化部
卫生局 警察局 移民局 海关
"""
GENERIC_NOUNS = frozenset(_GENERIC_TEXT.split())
#: Words that end a place name: a person-name guess right before one is part of a place (张家/镇).
_ENDINGS_TEXT = """
新区 开发区 高新区 经开区 新城 城区 市区 园区 自治区 自治州 自治县 特区 地区 省 市 县 区 镇 乡 村 州
岛 港 路 街 湾 街道 社区
"""
_PLACE_ENDINGS = frozenset(_ENDINGS_TEXT.split())


#: One-character abbreviations of countries and regions (中美 = China and the US).
_COUNTRY_ABBREVIATIONS = set("中美日韩朝俄英法德意印澳加欧非亚拉越泰菲新马港台两")


@dataclass(frozen=True)
class Entity:
    """A name in the Chinese sentence and the English it should have."""

    zh: str
    start: int
    end: int
    kind: str
    english: tuple[str, ...]  # accepted renderings, preferred first; () when unknown
    origin: str  # glossary, table, cedict, pinyin
    province: str | None = None
    #: Syllables of a Chinese personal name in pinyin: (surname, given syllables …).
    syllables: tuple[str, ...] = ()

    @property
    def preferred(self) -> str | None:
        return self.english[0] if self.english else None


def _lexicon(config: object, glossary: Any) -> Lexicon:
    return Lexicon(glossary)


#: The lexicon for a repairer's glossary, built once.
LEXICON: Resource[Lexicon] = Resource("source.checks.lexicon", _lexicon)


def _words(zh: str, glossary: Any) -> list[tuple[str, str, int, int]]:
    """``(word, tag, start, end)`` from mtfix.source.zh's segmenter."""
    from mtfix.source import zh as zhmod

    seg = zhmod.segmenter(zhmod.glossary_terms(glossary))
    return [(w.text, w.tag, w.start, w.end) for w in seg.words(zh)]


def _simplified(text: str) -> str:
    try:
        from mtfix.source.zh import normalize
    except ImportError:  # pragma: no cover
        return text
    return normalize(text)


def sentence_words(ctx: FixContext, zh: str) -> list[tuple[str, str, int, int]]:
    """``(word, tag, start, end)`` of a source sentence, cut once per repairer."""
    return [(w.text, w.tag, w.start, w.end) for w in ctx.resource(WORDS).words(zh)]


def entities_for(ctx: FixContext, zh: str) -> list[Entity]:
    """:func:`find_entities` for a source sentence, kept in the source analysis.

    Names found after a title anywhere in the document (副主席夏立言) are looked for in
    every sentence, since jieba often cuts them apart.
    """
    analysis = ctx.analysis
    if analysis is None:
        return find_entities(
            zh, ctx.resource(LEXICON), glossary=ctx.glossary, words=sentence_words(ctx, zh),
            unknown=True,
        )
    if zh not in analysis.entities:
        if analysis.titled_names is None:
            names: set[str] = set()
            for sent in analysis.zh_sentences:
                names.update(titled_names(sentence_words(ctx, sent.text)))
            analysis.titled_names = frozenset(names)
        analysis.entities[zh] = find_entities(
            zh,
            ctx.resource(LEXICON),
            glossary=ctx.glossary,
            words=sentence_words(ctx, zh),
            unknown=True,
            extra_names=analysis.titled_names,
        )
    return analysis.entities[zh]


#: Titles that come right before a person's name in Chinese news.
_TITLES = frozenset(
    [
        "主席",
        "副主席",
        "主任",
        "副主任",
        "书记",
        "副书记",
        "部长",
        "副部长",
        "总理",
        "副总理",
        "总统",
        "副总统",
        "委员",
        "常委",
        "顾问",
        "署长",
        "院长",
        "副院长",
        "校长",
        "副校长",
        "教授",
        "董事长",
        "总裁",
        "经理",
        "总经理",
        "先生",
        "女士",
        "司长",
        "局长",
        "处长",
        "市长",
        "副市长",
        "省长",
        "副省长",
        "厅长",
        "主编",
        "记者",
        "发言人",
        "大使",
        "议员",
        "理事长",
        "会长",
        "秘书长",
        "创始人",
        "首席执行官",
        "负责人",
        "研究员",
        "博士",
        "总监",
        "代表",
        "主持人",
        "作家",
        "导演",
        "演员",
        "教练",
        "队长",
        "老师",
        "专家",
        "处长",
        "科长",
        "村长",
    ]
)
_NOT_GIVEN_NAME_TAGS = ("uj", "ul", "uz", "p", "c", "x", "m", "d", "r", "f", "t", "q")


def titled_names(words: list[tuple[str, str, int, int]]) -> set[str]:
    """Names right after a title whose surname jieba cut off: 副主席 / 夏 / 立言 → 夏立言."""
    found: set[str] = set()
    for i in range(1, len(words) - 1):
        prev, (w, _tag, _, _), (nxt, ntag, _, _) = words[i - 1][0], words[i], words[i + 1]
        if prev.strip() == "":
            prev = words[i - 2][0] if i >= 2 else ""
        if prev not in _TITLES or len(w) != 1 or not is_common_surname(w):
            continue
        if 1 <= len(nxt) <= 2 and ntag not in _NOT_GIVEN_NAME_TAGS and _is_cjk(nxt):
            if len(nxt) == 1 and i + 2 < len(words):
                third, ttag = words[i + 2][0], words[i + 2][1]
                if len(third) == 1 and ttag not in _NOT_GIVEN_NAME_TAGS and _is_cjk(third):
                    nxt += third  # 郑 / 淯 / 心
            found.add(w + nxt)
    return found


def _is_cjk(text: str) -> bool:
    return bool(re.fullmatch(f"[{CJK}]+", text))


def find_entities(
    zh: str,
    lexicon: Lexicon,
    *,
    glossary: Any = None,
    words: list[tuple[str, str, int, int]] | None = None,
    unknown: bool = False,
    extra_names: Iterable[str] = (),
) -> list[Entity]:
    """Names in a Chinese sentence, left to right.

    With ``unknown``, organisation and other proper nouns jieba tags (``nt``, ``nz``) that no
    table knows are included too, with no expected English (for the consistency check).
    """
    """Names in a Chinese sentence, left to right."""
    text = _simplified(zh)
    if words is None:
        words = _words(zh, glossary)
    bounds = {0, len(text)} | {w[2] for w in words} | {w[3] for w in words}
    taken = [False] * len(text)
    found: list[Entity] = []

    # 1. Known names: longest match first, on word boundaries (or 3+ characters long).
    i = 0
    while i < len(text):
        hit = None
        for n in range(min(lexicon.max_len, len(text) - i), 1, -1):
            cand = text[i : i + n]
            if not lexicon.contains(cand):
                continue
            if n < 3 and (i not in bounds or i + n not in bounds):
                continue
            if i > 0 and text[i - 1].isdigit() and cand[0] in "年月日号时":
                continue  # 11日电: "dispatch of the 11th", not NEC
            hit = lexicon.lookup(cand)
            if hit is not None:
                break
        if hit is None:
            i += 1
            continue
        if (hit.zh in GENERIC_NOUNS and hit.origin == "cedict") or _inside_place(hit.zh, i, words):
            i += len(hit.zh)  # 新城 "new town"; 江新 inside 滨江新区: not a name of its own
            continue
        if hit.zh in compound_surnames():
            # 欧阳 / 瑜: a compound surname is the start of a personal name.
            given, tag = next(((w, t) for w, t, a, _ in words if a == i + len(hit.zh)), ("", ""))
            # Not a verb, particle, adverb…: 东方 / 度过 is "spent in Dongfang".
            if 1 <= len(given) <= 2 and _is_cjk(given) and not tag.startswith(_NOT_GIVEN):
                name = hit.zh + given
                ent = _person(name, i, i + len(name))
                if ent is not None:
                    found.append(ent)
                    for k in range(i, i + len(name)):
                        taken[k] = True
                    i += len(name)
                    continue
        if hit.kind in (PERSON, PLACE, ORG):
            found.append(_from_known(hit, i, i + len(hit.zh)))
        for k in range(i, i + len(hit.zh)):
            taken[k] = True
        i += len(hit.zh)

    # 2. Names found after titles elsewhere in the document.
    titled = []
    for name in extra_names:
        for m in re.finditer(re.escape(name), text):
            titled.append((name, "nr", m.start(), m.end()))
    # 3. Person and place names that only jieba knows, and reporters' names in bylines.
    common = common_words()
    for w, tag, a, b in [*_bylines(text), *titled, *_merge_names(words)]:
        if any(taken[a:b]) or len(w) < 2 or len(w) > 4 or text[a:b] in common:
            continue
        simp = text[a:b]
        if simp in GENERIC_NOUNS:
            continue  # 新区 tagged ns: a generic word, not a place
        if tag.startswith("nr") and _before_place_ending(b, words):
            continue  # 张家 / 镇: the start of a place name, not a person
        if tag.startswith("nr"):
            ent = _person(simp, a, b)
        elif tag == "ns":
            if all(c in _COUNTRY_ABBREVIATIONS for c in simp):
                continue  # 中美, 印澳: countries abbreviated, not a place name
            ent = Entity(simp, a, b, PLACE, (pinyin_word(simp),), "pinyin")
        elif unknown and tag in ("nt", "nz"):
            ent = Entity(simp, a, b, ORG, (), "unknown")
        else:
            continue
        if ent is not None:
            found.append(ent)
            for k in range(a, b):
                taken[k] = True
    found.sort(key=lambda e: e.start)
    return found


#: jieba tags of words that do not start a given name after a compound surname.
_NOT_GIVEN = ("v", "p", "u", "d", "c", "r", "f", "t", "m", "q", "x")


def _inside_place(zh: str, start: int, words: list[tuple[str, str, int, int]]) -> bool:
    """``zh`` straddles the generic ending of a longer place word (江新 in 滨江/新区)."""
    end = start + len(zh)
    for w, tag, a, b in words:
        if tag != "ns" or not (a <= start and end < b):
            continue
        ending = max(
            (e for e in _PLACE_ENDINGS if w.endswith(e) and len(e) < len(w)), key=len, default=""
        )
        if ending and end > b - len(ending):
            return True
    return False


def _before_place_ending(end: int, words: list[tuple[str, str, int, int]]) -> bool:
    """The word ending at ``end`` is followed by a place ending (市, 县, 新区 …)."""
    return any(a == end and _is_place_ending(w) for w, _, a, _ in words)


def _is_place_ending(word: str) -> bool:
    """新区, 镇, or 镇政府 (a place ending, then its government); not 市长 (a title)."""
    if word in _PLACE_ENDINGS:
        return True
    return word[:1] in _PLACE_ENDINGS and word[1:] in ("政府", "人民政府", "委", "党委")


def _from_known(known: Known, start: int, end: int) -> Entity:
    return Entity(known.zh, start, end, known.kind, known.english, known.origin, known.province)


def _merge_names(words: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    """Join runs of person-name pieces jieba cut apart (芳/芳, 肖/尔茨)."""
    out: list[tuple[str, str, int, int]] = []
    compound = compound_surnames()
    for w, tag, a, b in words:
        if (
            out
            and out[-1][0] in compound
            and out[-1][3] == a
            and 1 <= len(w) <= 2
            and _is_cjk(w)
            and not tag.startswith(_NOT_GIVEN)
        ):
            pw, _, pa, _ = out[-1]
            out[-1] = (pw + w, "nr", pa, b)  # 欧阳 / 瑜
        elif out and tag.startswith("nr") and out[-1][1].startswith("nr") and out[-1][3] == a:
            pw, ptag, pa, _ = out[-1]
            out[-1] = (pw + w, ptag, pa, b)
        else:
            out.append((w, tag, a, b))
    return out


_BYLINE = re.compile(rf"记者[\s\u3000]*([{CJK}]{{2,3}})(?=[\s\u3000，、。）)\d]|$)")


def _bylines(text: str) -> list[tuple[str, str, int, int]]:
    """``记者 郑淯心``: the reporter's name, which jieba often cuts apart."""
    out = []
    for m in _BYLINE.finditer(text):
        name = m.group(1)
        if is_common_surname(name[0]) and not is_transliteration(name):
            out.append((name, "nr", m.start(1), m.end(1)))
    return out


def is_transliteration(name: str) -> bool:
    """A foreign name written in Chinese characters (诺伊斯), not a Chinese name."""
    sur, _ = split_surname(name)
    odd = sum(c in _TRANSLITERATION for c in name)
    return odd >= 2 or (odd >= 1 and not is_common_surname(sur))


def _person(name: str, start: int, end: int) -> Entity | None:
    if is_transliteration(name):
        return Entity(name, start, end, PERSON, (), "unknown", syllables=(pinyin_word(name),))
    if not is_common_surname(split_surname(name)[0]):
        if len(name) != 2 or name[0] != name[1]:
            return None  # jieba's guess (资源, 多达), not a name
        # A reduplicated given name or nickname alone (芳芳): "Fangfang" or "Fang Fang".
        sylls = tuple(_split_given(name))
        spaced = " ".join(x.capitalize() for x in sylls)
        return Entity(name, start, end, PERSON, (pinyin_word(name), spaced), "pinyin",
                      syllables=sylls)  # fmt: skip
    sur, given = person_pinyin(name)
    if not given:
        return None
    _, given_zh = split_surname(name)
    sylls = (sur.lower(), *(s for s in _split_given(given_zh)))
    forms = (f"{sur} {given}", f"{given} {sur}", *_wade_giles(name))
    return Entity(name, start, end, PERSON, forms, "pinyin", syllables=sylls)


def _split_given(given_zh: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [
        s.replace("ü", "u").replace("v", "u") for s in lazy_pinyin(given_zh, style=Style.NORMAL)
    ]


def _wade_giles(name: str) -> tuple[str, ...]:
    """Taiwanese-style romanisations: ``Hsia Li-yen``, and the given-name-first order."""
    from pypinyin import Style, lazy_pinyin

    sur_zh, given_zh = split_surname(name)
    sur = "".join(lazy_pinyin(sur_zh, style=Style.WADEGILES)).replace("v", "u").capitalize()
    given = "-".join(lazy_pinyin(given_zh, style=Style.WADEGILES)).replace("v", "u").capitalize()
    return (f"{sur} {given}", f"{given} {sur}")


# -- English side ------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*", re.UNICODE)
_NAME_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)
_CAP_SPAN = re.compile(
    r"(?<![\w'’-])[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’-][^\W\d_]+)*"
    r"(?:(?:\s+|-|\s*[·•]\s*)[A-ZÀ-ÖØ-Þ][^\W\d_]*(?:['’-][^\W\d_]+)*)*"
)
#: Capitalised words that are not names (sentence starts, titles, calendar words).
_NOT_NAMES = frozenset(
    [
        "a",
        "an",
        "the",
        "in",
        "on",
        "at",
        "of",
        "for",
        "to",
        "by",
        "with",
        "from",
        "as",
        "and",
        "but",
        "or",
        "if",
        "when",
        "while",
        "after",
        "before",
        "since",
        "this",
        "that",
        "these",
        "those",
        "there",
        "here",
        "it",
        "its",
        "he",
        "she",
        "his",
        "her",
        "they",
        "their",
        "we",
        "our",
        "you",
        "your",
        "i",
        "my",
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "president",
        "premier",
        "chairman",
        "chairwoman",
        "minister",
        "vice",
        "secretary",
        "general",
        "director",
        "governor",
        "mayor",
        "ceo",
        "founder",
        "head",
        "chief",
        "deputy",
        "spokesman",
        "spokesperson",
        "professor",
        "reporter",
        "editor",
        "according",
        "however",
        "meanwhile",
        "also",
        "last",
        "next",
        "this",
        "year",
        "years",
        "month",
        "day",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        *MONTH_NAMES,
        "chinese",
        "china",
        "us",
        "u.s.",
        "uk",
        "eu",
        "un",
        "national",
        "state",
        "central",
        "people",
        "party",
        "government",
        "city",
        "province",
        "county",
        "district",
        "chancellor",
        "king",
        "queen",
        "prince",
        "princess",
        "senator",
        "ambassador",
        "commissioner",
        "envoy",
        "lawmaker",
        "leader",
        "official",
        "officials",
        "executive",
        "manager",
        "analyst",
        "economist",
        "expert",
        "professor",
        "academician",
        "german",
        "french",
        "british",
        "dutch",
        "greek",
        "thai",
        "swiss",
        "irish",
        "welsh",
        "scottish",
        "danish",
        "swedish",
        "polish",
        "turkish",
        "spanish",
        "finnish",
        "israeli",
        "iraqi",
        "pakistani",
        "saudi",
        "european",
        "african",
        "asian",
        "american",
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
    ]
)
_DEMONYM = re.compile(r"(?:ese|ish|ian|ean|ans)$")


def _is_name_word(word: str) -> bool:
    low = word.lower().rstrip(".")
    return low not in _NOT_NAMES and not (_DEMONYM.search(low) and len(low) > 5)


@dataclass(frozen=True)
class NameSpan:
    """A capitalised run of words in the English sentence."""

    start: int
    end: int
    text: str

    @property
    def folded(self) -> str:
        return fold(self.text)


def name_spans(en: str) -> list[NameSpan]:
    """Capitalised spans, trimmed of sentence-start and title words, possessives dropped."""
    out: list[NameSpan] = []
    for m in _CAP_SPAN.finditer(en):
        words = [
            (w.start() + m.start(), w.end() + m.start()) for w in _NAME_WORD.finditer(m.group(0))
        ]
        run: list[tuple[int, int]] = []
        for a, b in [*words, (-1, -1)]:
            word = en[a:b] if a >= 0 else ""
            if a >= 0 and _is_name_word(word) and word[:1].isupper():
                run.append((a, b))
                continue
            if run:
                s, e = run[0][0], run[-1][1]
                text = en[s:e]
                for suffix in ("'s", "’s"):
                    if text.endswith(suffix):
                        text, e = text[: -len(suffix)], e - len(suffix)
                out.append(NameSpan(s, e, text))
                run = []
    return out


def folded_words(en: str) -> list[str]:
    words = []
    for m in _WORD.finditer(en):
        w = m.group(0)
        w = re.sub(r"['’]s$", "", w)
        words.append(fold(w))
    return words


def present(forms: Iterable[str], en: str) -> str | None:
    """The first of ``forms`` found in ``en`` as whole words (case, accents and spacing aside)."""
    words = folded_words(en)
    grams: set[str] = set()
    for n in range(1, 6):
        for i in range(len(words) - n + 1):
            grams.add("".join(words[i : i + n]))
    for form in forms:
        f = fold(form)
        if f and f in grams:
            return form
    return None


# -- garbles -----------------------------------------------------------------------------------


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, fold(a), fold(b)).ratio()


#: Toneless pinyin syllables (ü written u).
PINYIN_SYLLABLES = frozenset(
    [
        "a",
        "ai",
        "an",
        "ang",
        "ao",
        "ba",
        "bai",
        "ban",
        "bang",
        "bao",
        "bei",
        "ben",
        "beng",
        "bi",
        "bian",
        "biang",
        "biao",
        "bie",
        "bin",
        "bing",
        "bo",
        "bong",
        "bu",
        "ca",
        "cai",
        "can",
        "cang",
        "cao",
        "ce",
        "cei",
        "cen",
        "ceng",
        "cha",
        "chai",
        "chan",
        "chang",
        "chao",
        "che",
        "chen",
        "cheng",
        "chi",
        "chong",
        "chou",
        "chu",
        "chua",
        "chuai",
        "chuan",
        "chuang",
        "chui",
        "chun",
        "chuo",
        "ci",
        "cong",
        "cou",
        "cu",
        "cuan",
        "cui",
        "cun",
        "cuo",
        "da",
        "dai",
        "dan",
        "dang",
        "dao",
        "de",
        "dei",
        "den",
        "deng",
        "di",
        "dia",
        "dian",
        "diao",
        "die",
        "din",
        "ding",
        "diu",
        "dong",
        "dou",
        "du",
        "duan",
        "dui",
        "dun",
        "duo",
        "e",
        "ei",
        "en",
        "eng",
        "er",
        "fa",
        "fan",
        "fang",
        "fei",
        "fen",
        "feng",
        "fiao",
        "fo",
        "fou",
        "fu",
        "ga",
        "gai",
        "gan",
        "gang",
        "gao",
        "ge",
        "gei",
        "gen",
        "geng",
        "gong",
        "gou",
        "gu",
        "gua",
        "guai",
        "guan",
        "guang",
        "gui",
        "gun",
        "guo",
        "ha",
        "hai",
        "han",
        "hang",
        "hao",
        "he",
        "hei",
        "hen",
        "heng",
        "hong",
        "hou",
        "hu",
        "hua",
        "huai",
        "huan",
        "huang",
        "hui",
        "hun",
        "huo",
        "ji",
        "jia",
        "jian",
        "jiang",
        "jiao",
        "jie",
        "jin",
        "jing",
        "jiong",
        "jiu",
        "ju",
        "juan",
        "jue",
        "jun",
        "ka",
        "kai",
        "kan",
        "kang",
        "kao",
        "ke",
        "kei",
        "ken",
        "keng",
        "kong",
        "kou",
        "ku",
        "kua",
        "kuai",
        "kuan",
        "kuang",
        "kui",
        "kun",
        "kuo",
        "la",
        "lai",
        "lan",
        "lang",
        "lao",
        "le",
        "lei",
        "len",
        "leng",
        "li",
        "lia",
        "lian",
        "liang",
        "liao",
        "lie",
        "lin",
        "ling",
        "liu",
        "lo",
        "long",
        "lou",
        "lu",
        "luan",
        "lue",
        "lun",
        "luo",
        "ma",
        "mai",
        "man",
        "mang",
        "mao",
        "me",
        "mei",
        "men",
        "meng",
        "mi",
        "mian",
        "miao",
        "mie",
        "min",
        "ming",
        "miu",
        "mo",
        "mou",
        "mu",
        "na",
        "nai",
        "nan",
        "nang",
        "nao",
        "ne",
        "nei",
        "nen",
        "neng",
        "ni",
        "nia",
        "nian",
        "niang",
        "niao",
        "nie",
        "nin",
        "ning",
        "niu",
        "nong",
        "nou",
        "nu",
        "nuan",
        "nue",
        "nun",
        "nuo",
        "o",
        "ou",
        "pa",
        "pai",
        "pan",
        "pang",
        "pao",
        "pei",
        "pen",
        "peng",
        "pi",
        "pian",
        "piao",
        "pie",
        "pin",
        "ping",
        "po",
        "pou",
        "pu",
        "qi",
        "qia",
        "qian",
        "qiang",
        "qiao",
        "qie",
        "qin",
        "qing",
        "qiong",
        "qiu",
        "qu",
        "quan",
        "que",
        "qun",
        "ran",
        "rang",
        "rao",
        "re",
        "ren",
        "reng",
        "ri",
        "rong",
        "rou",
        "ru",
        "rua",
        "ruan",
        "rui",
        "run",
        "ruo",
        "sa",
        "sai",
        "san",
        "sang",
        "sao",
        "se",
        "sen",
        "seng",
        "sha",
        "shai",
        "shan",
        "shang",
        "shao",
        "she",
        "shei",
        "shen",
        "sheng",
        "shi",
        "shou",
        "shu",
        "shua",
        "shuai",
        "shuan",
        "shuang",
        "shui",
        "shun",
        "shuo",
        "si",
        "song",
        "sou",
        "su",
        "suan",
        "sui",
        "sun",
        "suo",
        "ta",
        "tai",
        "tan",
        "tang",
        "tao",
        "te",
        "tei",
        "teng",
        "ti",
        "tian",
        "tiao",
        "tie",
        "ting",
        "tong",
        "tou",
        "tu",
        "tuan",
        "tui",
        "tun",
        "tuo",
        "wa",
        "wai",
        "wan",
        "wang",
        "wei",
        "wen",
        "weng",
        "wo",
        "wong",
        "wu",
        "xi",
        "xia",
        "xian",
        "xiang",
        "xiao",
        "xie",
        "xin",
        "xing",
        "xiong",
        "xiu",
        "xu",
        "xuan",
        "xue",
        "xun",
        "ya",
        "yan",
        "yang",
        "yao",
        "ye",
        "yi",
        "yin",
        "ying",
        "yo",
        "yong",
        "you",
        "yu",
        "yuan",
        "yue",
        "yun",
        "za",
        "zai",
        "zan",
        "zang",
        "zao",
        "ze",
        "zei",
        "zen",
        "zeng",
        "zha",
        "zhai",
        "zhan",
        "zhang",
        "zhao",
        "zhe",
        "zhei",
        "zhen",
        "zheng",
        "zhi",
        "zhong",
        "zhou",
        "zhu",
        "zhua",
        "zhuai",
        "zhuan",
        "zhuang",
        "zhui",
        "zhun",
        "zhuo",
        "zi",
        "zong",
        "zou",
        "zu",
        "zuan",
        "zui",
        "zun",
        "zuo",
    ]
)


def pinyin_syllables(word: str) -> list[str] | None:
    """Split a romanised name into pinyin syllables (fewest pieces), or ``None``."""
    text = fold(word)
    n = len(text)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        prev = best[i]
        if prev is None:
            continue
        for j in range(i + 1, min(n, i + 6) + 1):
            if text[i:j] in PINYIN_SYLLABLES:
                cand = [*prev, text[i:j]]
                cur = best[j]
                if cur is None or len(cand) < len(cur):
                    best[j] = cand
    return best[n]


def syllable_diff(entity: Entity, span: NameSpan) -> int | None:
    """How many syllables a pinyin span differs from a Chinese personal name in (same count)."""
    if not entity.syllables or entity.origin != "pinyin":
        return None
    parts = [p for p in re.split(r"[\s\-]+", span.text) if p]
    sylls: list[str] = []
    for p in parts:
        s = pinyin_syllables(p)
        if s is None:
            return None
        sylls.extend(s)
    want = list(entity.syllables)
    if len(sylls) != len(want):
        return None
    readings = syllable_readings(entity.zh)
    diff = 0
    for k, (got, exp) in enumerate(zip(sylls, want, strict=True)):
        alt = readings[k] if k < len(readings) else set()
        if got != exp and got not in alt:
            diff += 1
    return diff


@dataclass(frozen=True)
class Garble:
    """An English span that seems to render an entity wrongly."""

    span: NameSpan
    score: float
    confidence: float
    why: str


def find_garble(
    entity: Entity,
    en: str,
    spans: list[NameSpan],
    *,
    unique_missing: bool,
    one_to_one: bool,
) -> Garble | None:
    """The unaccounted span most likely to be ``entity``'s garbled rendering."""
    if not spans:
        return None
    scored: list[tuple[float, NameSpan, int | None]] = []
    for sp in spans:
        if len(sp.text.split()) > 3:
            continue
        refs = list(entity.english) if entity.english else list(entity.syllables)
        if entity.origin != "pinyin":
            refs += [w for e in entity.english for w in e.split() if len(e.split()) > 1]
        score = max((similarity(sp.text, r) for r in refs), default=0.0)
        if entity.origin != "pinyin":
            score = max(score, similarity(sp.text, pinyin_word(entity.zh)))
        scored.append((score, sp, syllable_diff(entity, sp)))
    if not scored:
        return None
    scored.sort(key=lambda t: (t[2] == 1, t[0]), reverse=True)
    score, sp, diff = scored[0]
    if diff == 0:
        return None  # a reading of the name we did not list: not a garble
    if any(fold(sp.text) in fold(e) for e in entity.english):
        return None  # a partial mention: "Sanjiangyuan" for the whole reserve's name
    if entity.kind == PERSON and _shares_only_a_name_part(entity, sp):
        return None  # "Kim", "Zhou": a family name alone, or another person of that family
    alone = len(scored) == 1 and unique_missing and one_to_one
    if entity.origin == "pinyin" and entity.kind == PERSON:
        if diff == 1 and len(entity.syllables) >= 2 and _same_surname(entity, sp):
            return Garble(sp, score, 0.85, "differs from the source's name in one syllable")
        if score >= 0.5:
            return Garble(sp, score, 0.6, f"may be the source's name ({score:.2f})")
        surname = entity.english[0].split()[0] if " " in entity.english[0] else ""
        for _, other, _ in scored:
            if surname and " " not in other.text and similarity(other.text, surname) >= 0.75:
                return Garble(other, 0.75, 0.6, f"the surname of {entity.zh} is {surname}")
        if alone:
            return Garble(sp, score, 0.6, "the only unexplained name in a one-to-one link")
        return None
    if entity.kind == PERSON and similarity(sp.text, person_name(entity.zh)) > score:
        # Closer to the characters' pinyin than to the known name: a reading, not a typo.
        return Garble(sp, score, 0.6, f"reads the characters as pinyin; usually {entity.preferred}")
    if score >= 0.75 and not sp.text.isupper():
        return Garble(sp, score, 0.8, f"sounds like the source's name ({score:.2f})")
    acronym = sp.text.isupper()  # "CNN", "KMT": deliberate, however wrong
    shares_word = entity.kind == PERSON or bool(
        {fold(w) for w in sp.text.split()} & {fold(w) for e in entity.english for w in e.split()}
    )
    trusted = entity.origin in ("table", "glossary", "cedict")
    if alone and score >= 0.5 and trusted and not acronym and shares_word:
        return Garble(sp, score, 0.8, "the only unexplained name in a one-to-one link")
    if score >= 0.5 or (alone and score >= 0.3):
        return Garble(sp, score, 0.6, f"may be the source's name ({score:.2f})")
    return None


def _same_surname(entity: Entity, span: NameSpan) -> bool:
    """Reduplicated nicknames have no surname; other names must keep theirs."""
    first = fold(span.text.split()[0]) if span.text.split() else ""
    if entity.english and " " not in entity.english[0]:
        return True
    return first.startswith(entity.syllables[0]) if entity.syllables else False


def _shares_only_a_name_part(entity: Entity, span: NameSpan) -> bool:
    """The span is one word of the expected name (a family name alone) or shares only that."""
    for form in entity.english:
        parts = [fold(p) for p in re.split(r"[\s]+", form) if p]
        words = [fold(w) for w in span.text.split()]
        if len(parts) < 2:
            continue
        if len(words) == 1 and words[0] in parts:
            return True
        if entity.origin != "pinyin" and words and words[0] == parts[0] and len(words) > 1:
            rest = "".join(words[1:])
            if SequenceMatcher(None, rest, "".join(parts[1:])).ratio() < 0.5:
                return True
    return False
