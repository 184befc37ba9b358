"""Names in a Chinese sentence: the lexicon's, jieba's person and place names, bylines, titles.

Longest matches in the lexicon (glossary, names table, CC-CEDICT) that sit on word
boundaries, plus the person and place names jieba tags (``nr``, ``ns``), rendered in pinyin.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mtfix.source.checks.lexicon import ORG, PERSON, PLACE, Known, Lexicon
from mtfix.zh.cedict import common_words_lookup
from mtfix.zh.personal_names import (
    compound_surnames,
    continues_transliteration,
    is_common_surname,
    is_transliteration,
    split_surname,
)
from mtfix.zh.pinyin import (
    fold,
    person_pinyin,
    pinyin_word,
    split_syllables,
    syllables,
    umlaut_forms,
    wade_giles,
)
from mtfix.zh.script import HAN_CHARS, is_han
from mtfix.zh.text import normalize
from mtfix.zh.words import abbreviated_countries, abbreviation_names, word_set, word_table

if TYPE_CHECKING:
    from mtfix.rules.glossary import Glossary

#: Generic administrative and organisational words (新区, 公司): never a name on their own,
#: whatever CC-CEDICT or jieba say.
GENERIC_NOUNS = word_set("generic_nouns")
_PLACE_ENDINGS = word_set("place_endings")
#: A model's number right after a name (卡-52, 歼-20; not 陈茂波26日): the name is the model's.
_MODEL_NUMBER = re.compile(r"[-－‐–]\d")
#: Last characters of a division's name, never of a person's (戴德郡, Dade County).
_DIVISION_LAST = frozenset("郡县省市区州")
_COUNTRY_ABBREVIATIONS = word_set("country_abbreviations")
_PROVINCE_ABBREVIATIONS = word_set("province_abbreviations")
_TITLES = word_set("titles")


@dataclass(frozen=True)
class Entity:
    """A name in the Chinese sentence and the English it should have."""

    zh: str
    start: int
    end: int
    kind: str
    english: tuple[str, ...]  # accepted renderings, preferred first; () when unknown
    origin: str  # source (its own Latin gloss), glossary, table, cedict, pinyin, foreign
    province: str | None = None
    #: Syllables of a Chinese personal name in pinyin: (surname, given syllables …).
    syllables: tuple[str, ...] = ()

    @property
    def preferred(self) -> str | None:
        return self.english[0] if self.english else None


def sentence_words(zh: str, glossary: Glossary | None) -> list[tuple[str, str, int, int]]:
    """``(word, tag, start, end)`` of a Chinese sentence, the glossary's terms kept whole."""
    from mtfix.zh.segment import glossary_terms, segmenter

    seg = segmenter(glossary_terms(glossary))
    return [(w.text, w.tag, w.start, w.end) for w in seg.words(zh)]


_NOT_GIVEN_NAME_TAGS = ("uj", "ul", "uz", "p", "c", "x", "m", "d", "r", "f", "t", "q")


def tagged_names(words: list[tuple[str, str, int, int]]) -> set[str]:
    """Three-character Han personal names jieba tags in one sentence (赵春山): looked for in
    the document's other sentences too, where jieba may cut the same name apart."""
    return {
        w
        for w, tag, _, _ in words
        if tag.startswith("nr")
        and len(w) == 3
        and is_common_surname(w[0])
        and all(map(is_han, w))
        and not is_transliteration(w)
    }


def titled_names(words: list[tuple[str, str, int, int]]) -> set[str]:
    """Names right after a title whose surname jieba cut off: 副主席 / 夏 / 立言 → 夏立言."""
    found: set[str] = set()
    for i in range(1, len(words) - 1):
        prev, (w, _tag, _, _), (nxt, ntag, _, _) = words[i - 1][0], words[i], words[i + 1]
        if prev.strip() == "":
            prev = words[i - 2][0] if i >= 2 else ""
        if prev not in _TITLES or len(w) != 1 or not is_common_surname(w):
            continue
        if 1 <= len(nxt) <= 2 and ntag not in _NOT_GIVEN_NAME_TAGS and is_han(nxt):
            third, ttag = words[i + 2][:2] if i + 2 < len(words) else ("", "")
            if len(nxt) == 1 and len(third) == 1:
                if ttag not in _NOT_GIVEN_NAME_TAGS and is_han(third):
                    nxt += third  # 郑 / 淯 / 心
            elif len(nxt) == 2 and len(third) == 1 and ttag[:1] == "v" and _is_word(nxt[1] + third):
                nxt = nxt[:1]  # 葛 / 平坦 / 言 (a verb): Ge Ping said frankly (坦言)
            found.add(w + nxt)
    return found


def _is_word(text: str) -> bool:
    """A word of jieba's own dictionary."""
    from mtfix.zh.segment import word_counts

    counts, _ = word_counts()
    return counts.get(text) is not None


#: The middle dots that join the parts of a foreign name (汉斯·莫德罗).
_DOTS = "·•・"
#: A name followed by its Latin spelling in brackets: 汉斯·莫德罗（Hans Modrow）.
_GLOSSED = re.compile(
    rf"([\u4e00-\u9fff][\u4e00-\u9fff{_DOTS}]{{1,15}})"
    r"\s*[（(]\s*([A-Z][A-Za-z'’.\- ]{1,60}?)\s*[）)]"
)


def source_glosses(texts: Iterable[str]) -> dict[str, str]:
    """Names the source spells out itself, ``{Chinese: English}``: the authority for them.

    A person's family name alone (莫德罗 → Modrow) is added for later mentions.
    """
    found: dict[str, str] = {}
    for text in texts:
        for m in _GLOSSED.finditer(normalize(text)):
            zh, en = m.group(1), " ".join(m.group(2).split())
            # Names only (汉斯·莫德罗), not abbreviations (世卫组织（WHO）).
            if not all(w[:1].isupper() and not w.isupper() for w in en.split()):
                continue
            if not ("·" in zh or is_transliteration(zh)):
                # 韩后(Hanhoo): a brand spelt in its own pinyin; the name is the characters
                # that read like the spelling, not the whole run before the bracket.
                zh = _read_as(zh, en) or ""
                if not zh:
                    continue
            zh = _without_leading_words(zh)
            found.setdefault(zh, en)
            parts = re.split(f"[{_DOTS}]", zh)
            words = en.split()
            if len(parts) == len(words) > 1 and len(parts[-1]) >= 2:
                found.setdefault(parts[-1], words[-1])
    return found


def _without_leading_words(zh: str) -> str:
    """A dotted name without the ordinary words the bracket's run took along before it:
    最高领袖阿亚图拉·阿里·哈梅内伊 is 阿亚图拉·阿里·哈梅内伊 (the Supreme Leader's name)."""
    m = re.search(f"[{_DOTS}]", zh)
    if m is None:
        return zh
    from mtfix.zh.segment import segmenter

    first = zh[: m.start()]
    words = [w.text for w in segmenter().words(first)]
    common = common_words_lookup()
    last = max((i for i, w in enumerate(words) if len(w) >= 2 and w in common), default=-1)
    kept = "".join(words[last + 1 :])
    return kept + zh[m.start() :] if len(kept) >= 2 else zh


#: How closely a Latin gloss must match the pinyin of the characters it spells.
GLOSS_READING = 0.8


def _read_as(zh: str, en: str) -> str | None:
    """The shortest ending of ``zh`` (two characters or more) whose pinyin the Latin ``en``
    spells, more or less (韩后 for "Hanhoo"), or ``None``."""
    target = fold(en)
    for n in range(2, min(len(zh), 6) + 1):
        reading = "".join(syllables(zh[-n:]))
        if SequenceMatcher(None, reading, target).ratio() >= GLOSS_READING:
            return zh[-n:]
    return None


def find_entities(
    zh: str,
    lexicon: Lexicon,
    *,
    glossary: Glossary | None = None,
    words: list[tuple[str, str, int, int]] | None = None,
    unknown: bool = False,
    extra_names: Iterable[str] = (),
    glossed: Mapping[str, str] | None = None,
    foreign_names: Collection[str] = (),
) -> list[Entity]:
    """Names in a Chinese sentence, left to right.

    With ``unknown``, organisation and other proper nouns jieba tags (``nt``, ``nz``) that no
    table knows are included too, with no expected English (for the consistency check).
    ``glossed`` are the names the source spells out itself (:func:`source_glosses`): they
    come first, with origin ``source``.  ``foreign_names`` are persons the document
    introduces as foreign elsewhere (:func:`foreign_people`).
    """
    text = normalize(zh)
    if words is None:
        words = sentence_words(zh, glossary)
    bounds = {0, len(text)} | {w[2] for w in words} | {w[3] for w in words}
    taken = [False] * len(text)
    found: list[Entity] = []

    def take(a: int, b: int) -> None:
        taken[a:b] = [True] * (b - a)

    def keep(ent: Entity) -> None:
        if ent.kind == PLACE and ent.origin == "cedict":
            # 唐河 "Tanghe" in CC-CEDICT is also the "Tang River".
            extra = [f for f in geographic_forms(ent.zh) if f not in ent.english]
            ent = dataclasses.replace(ent, english=(*ent.english, *extra))
        found.append(ent)
        take(ent.start, ent.end)

    # 0. Names the source spells out itself, longest first.
    for zh_name in sorted(glossed or {}, key=len, reverse=True):
        for m in re.finditer(re.escape(zh_name), text):
            a, b = m.span()
            if any(taken[a:b]):
                continue
            keep(Entity(zh_name, a, b, PERSON, ((glossed or {})[zh_name],), "source"))
    # 0b. A list of people joined by 、 (向刘遵义、陈凯先、中村修二、李兰娟…), which jieba cuts
    # into places and words (遵义, 陈凯 / 先).
    for listed in listed_people(text, lexicon, words):
        if not any(taken[listed.start : listed.end]):
            keep(listed)
    # 0c. A name right before a title (刘遵义教授), which jieba cuts (刘 / 遵义 "Zunyi").
    for a, b in names_before_titles(text, words, bounds, lexicon):
        if not any(taken[a:b]) and (ent := _person(text[a:b], a, b)) is not None:
            keep(ent)
    # 1. Known names: longest match first, on word boundaries (or 3+ characters long).
    dotted = dotted_pieces(text)
    i = 0
    while i < len(text):
        if taken[i]:
            i += 1
            continue
        hit = None
        for n in range(min(lexicon.max_len, len(text) - i), 1, -1):
            cand = text[i : i + n]
            if not lexicon.contains(cand) or any(taken[i : i + n]):
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
        end = i + len(hit.zh)
        foreign = (
            is_transliteration(hit.zh)
            or _foreign_person(hit)
            # 拉萨 of 拉萨罗(卡德纳斯), Lázaro Cárdenas: a place's name that a transliteration
            # runs on from.
            or (hit.kind == PLACE and end < len(text) and is_transliteration(hit.zh + text[end]))
        )
        if _cut_short(end, text, words, foreign=foreign):
            # 汉斯顿 (a brand, "Hanston"): a longer foreign name than the one matched.
            while end < len(text) and continues_transliteration(text[end]):
                end += 1
            take(i, end)  # no later step reads a piece of it as a name (霍尔 of 霍尔蒙)
            i = end
            continue
        if _inside_dotted_part(i, end, dotted):
            i = end  # 安娜 in 阿德丽安娜•翠吉亚尼 (Adriana Trigiani): a piece of a longer name
            continue
        if hit.kind != PERSON and hit.zh in foreign_names:
            # 莱西 of 易卜拉欣·莱西 (Raisi), not the city Laixi: the person's name, whose
            # pinyin is no rendering of it.
            keep(Entity(hit.zh, i, end, PERSON, (), "foreign"))
            i = end
            continue
        if (hit.zh in GENERIC_NOUNS and hit.origin == "cedict") or _inside_place(hit.zh, i, words):
            i += len(hit.zh)  # 新城 "new town"; 江新 inside 滨江新区: not a name of its own
            continue
        if hit.zh in compound_surnames():
            # 欧阳 / 瑜: a compound surname is the start of a personal name.
            given, tag = next(((w, t) for w, t, a, _ in words if a == i + len(hit.zh)), ("", ""))
            # Not a verb, particle, adverb…: 东方 / 度过 is "spent in Dongfang".
            if 1 <= len(given) <= 2 and is_han(given) and not tag.startswith(_NOT_GIVEN):
                name = hit.zh + given
                ent = _person(name, i, i + len(name))
                if ent is not None:
                    keep(ent)
                    i += len(name)
                    continue
        if hit.kind in (PERSON, PLACE, ORG):
            keep(_from_known(hit, i, i + len(hit.zh)))
        take(i, i + len(hit.zh))
        i += len(hit.zh)

    # 2. Names found after titles elsewhere in the document, not inside a longer name jieba
    # reads here (南达杰 of 索南达杰, Sonam Dargye).
    longer = [(a, b) for _, tag, a, b in words if tag.startswith("nr")]
    titled = [
        m
        for m in _mentions(extra_names, text)
        if not any(a <= m[2] and m[3] <= b and b - a > m[3] - m[2] for a, b in longer)
    ]
    # 3. Person and place names that only jieba knows, and reporters' names in bylines.
    common = common_words_lookup()
    for w, tag, a, b in [*_bylines(text), *titled, *_merge_names(words)]:
        if any(taken[a:b]) or len(w) < 2 or len(w) > 4 or text[a:b] in common:
            continue
        if tag.startswith("nr") and b - a >= 3 and text[a] in _CONJUNCTIONS:
            a += 1  # 和梅根: "and Meghan", jieba's name starts after the conjunction
        if tag.startswith("nr") and text[b : b + 2] in _ROUTES:
            continue  # 郑万高铁: the Zhengzhou–Wanzhou railway, two cities, no person
        simp = text[a:b]
        if simp in GENERIC_NOUNS:
            continue  # 新区 tagged ns: a generic word, not a place
        if len(simp) >= 3 and all(c in _PROVINCE_ABBREVIATIONS for c in simp):
            continue  # 江浙沪, 京津冀: provinces abbreviated, neither a place nor a person
        if _inside_dotted_part(a, b, dotted):
            continue  # 哈德 in 法哈德·梅萨米: a piece of a longer foreign name
        if tag.startswith("nr") and _before_place_ending(b, words):
            continue  # 张家 / 镇: the start of a place name, not a person
        if tag.startswith("nr") and b - a >= 3 and text[b - 1] in _DIVISION_LAST:
            continue  # 戴德郡: (Miami-)Dade County, a place, not a person
        if tag.startswith("nr") and _MODEL_NUMBER.match(text, b):
            continue  # 武直卡-52: an armed helicopter Ka-52, not a person
        if tag.startswith("nr") and _listed_among_things(text, a, b, words):
            continue  # 慕思、欧派、华帝、老板…: brands in a list of brands, not people
        if tag.startswith("nr") and b - a == 2 and _after_japanese_surname(text, a):
            # 中村 / 修二: a Japanese given name after its surname; no pinyin renders it.
            a -= 2
            ent = Entity(text[a:b], a, b, PERSON, (), "foreign")
        elif tag.startswith("nr") and _nationality_marker(text, a):
            # （德）魏思诺 著: a book's foreign author; the pinyin is no rendering of the name.
            ent = Entity(simp, a, b, PERSON, (), "foreign")
        elif tag.startswith("nr") and (
            simp in foreign_names or _foreign_context(text, a, _people_spans(words))
        ):
            # 越南总理范明政: a Vietnamese name; its pinyin is no rendering of it.
            ent = Entity(simp, a, b, PERSON, (), "foreign")
        elif tag.startswith("nr"):
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
            if ent.origin == "pinyin" and (
                forms := geographic_forms(simp)
                + (kinship_forms(simp) if ent.kind == PERSON else ())
            ):
                ent = dataclasses.replace(ent, english=(*ent.english, *forms))
            keep(ent)
    found.sort(key=lambda e: e.start)
    # 陈凯 / 先赞辞 where 陈凯先 stands whole elsewhere in the sentence: the longer name.
    people = {e.zh for e in found if e.kind == PERSON}
    return [
        e
        for e in found
        if not (
            e.kind == PERSON
            and e.origin == "pinyin"
            and any(len(o) > len(e.zh) and text.startswith(o, e.start) for o in people)
        )
    ]


#: The Chinese characters before a middle dot, and after one (阿德丽安娜•翠吉亚尼).
_BEFORE_DOT = re.compile(rf"[{HAN_CHARS}]+(?=[{_DOTS}])")
_AFTER_DOT = re.compile(rf"(?<=[{_DOTS}])[{HAN_CHARS}]+")


def dotted_pieces(text: str) -> list[tuple[int, int, bool]]:
    """``(start, end, before_dot)`` of the characters next to each middle dot of ``text``."""
    return [(*m.span(), True) for m in _BEFORE_DOT.finditer(text)] + [
        (*m.span(), False) for m in _AFTER_DOT.finditer(text)
    ]


def _inside_dotted_part(start: int, end: int, pieces: list[tuple[int, int, bool]]) -> bool:
    """``start:end`` is the tail of the characters before a middle dot, or the head of those
    after one, but not all of them: a piece of a longer foreign name (安娜 in 阿德丽安娜•…),
    not a name before it (美国 in 美国总统乔·拜登)."""
    return any(
        (start > a and end == b) if before else (start == a and end < b) for a, b, before in pieces
    )


#: Three or more items of two to four characters joined by 、 (the last may follow 及, 和, 与).
_NAME_LIST = re.compile(
    rf"[{HAN_CHARS}]{{2,4}}(?:、[{HAN_CHARS}]{{2,4}}){{1,}}(?:(?:、|及|和|与)[{HAN_CHARS}]{{2,4}})"
)
#: One-character words that stand before a list of names (向…, 对…, 由…) and after it (…等).
_BEFORE_LIST = frozenset("向对给与和由被把为让请是有及的在从将令派")
_AFTER_LIST = frozenset("等们的说表在也都")
#: Fewest people that make a 、 list a list of people (not of places: 江苏、浙江、上海).
LIST_PEOPLE = 3


def listed_people(
    text: str, lexicon: Lexicon, words: Sequence[tuple[str, str, int, int]] = ()
) -> list[Entity]:
    """The people of a list of names joined by 、: every middle item whole; the first item's
    and the last item's three characters next to the list (向刘遵义 → 刘遵义).  An item that
    starts with a Japanese surname CC-CEDICT knows (中村修二: 中村 Nakamura) is a foreign
    person, not read in pinyin.  Only a list with :data:`LIST_PEOPLE` people or more, and
    none of brands (:func:`_listed_among_things` over jieba's ``words``)."""
    out: list[Entity] = []
    for m in _NAME_LIST.finditer(text):
        people: list[Entity] = []
        known_people = 0
        items = _list_items(m.group())
        for k, (a, b) in enumerate(items):
            a, b = m.start() + a, m.start() + b
            if k == 0:
                a = max(a, b - 3)  # 向刘遵义: the name ends the item
                if b - a == 3 and text[a] in _BEFORE_LIST:
                    a += 1  # 向王毅: a preposition, then the name
            if k == len(items) - 1:
                cut = next((j for j in range(a + 2, b) if text[j] in _AFTER_LIST), None)
                b = cut if cut is not None else min(b, a + 3)  # 张三等人, 江朝晖颁
            item = text[a:b]
            if lexicon.contains(item):
                known = lexicon.lookup(item)
                known_people += known is not None and known.kind == PERSON
                continue  # a known place or name: step 1 reads it
            if len(item) == 4 and _after_japanese_surname(text, a + 2):
                people.append(Entity(item, a, b, PERSON, (), "foreign"))
            elif 2 <= len(item) <= 3 and is_common_surname(item[0]):
                ent = _person(item, a, b)
                if ent is not None:
                    people.append(ent)
        # 慕思、欧派、华帝、老板、大自然…: a few brands read like names among many that do not.
        if len(people) + known_people >= LIST_PEOPLE and not _listed_among_things(
            text, m.start(), m.end(), words
        ):
            out.extend(people)
    return out


_TITLES_AFTER = word_set("titles_after")


def names_before_titles(
    text: str, words: list[tuple[str, str, int, int]], bounds: set[int], lexicon: Lexicon
) -> list[tuple[int, int]]:
    """Spans of three-character names right before a title (刘遵义教授, 陈凯先教授) that
    jieba cuts apart: the name starts a word, with a common surname, and its last two
    characters are no name of their own (李强总理 is 李强, not 向李强)."""
    nr_words = {(a, b) for w, tag, a, b in words if tag.startswith("nr")}
    other_words = {(a, b) for w, tag, a, b in words if not tag.startswith("nr")}
    out = []
    for title in _TITLES_AFTER:
        for m in re.finditer(re.escape(title), text):
            t = m.start()
            a = t - 3
            if a < 0 or a not in bounds or t not in bounds or (t - 2, t) in nr_words:
                continue  # 毛 / 卫生部长: the title is part of a longer word
            if text[a + 1 : t] in common_words_lookup():
                continue  # 毛卫生: a given name is no common word
            name = text[a:t]
            if not all(map(is_han, name)) or not is_common_surname(name[0]):
                continue
            if lexicon.contains(name) or (a, t) in nr_words:
                continue  # known, or jieba has it whole: the other steps read it
            if (a, t) in other_words:
                continue  # 董事局主席: a word of its own (board of directors), no name
            out.append((a, t))
    return out


#: Fewest items of a 、 list whose kind its items' majority decides.
LIST_OF_THINGS = 4
#: Ordinary words among a list's items (老板, 大自然) that make it a list of things.
ORDINARY_ITEMS = 2
#: The longest middle item of a list of names or brands (峰创之家).
LIST_ITEM_LENGTH = 5


def _listed_among_things(
    text: str, start: int, end: int, words: Sequence[tuple[str, str, int, int]]
) -> bool:
    """``text[start:end]`` is an item of a 、 list of :data:`LIST_OF_THINGS` items or more,
    fewer than half of which read like people (jieba tags a person in the item, or it is two
    or three characters after a common surname: 张三、李四…), or :data:`ORDINARY_ITEMS` of
    which are ordinary words.  慕思、欧派、华帝、老板、大自然… are brands, whatever jieba
    guesses of one of them."""
    a = max((m.end() for m in _CLAUSE_BREAK_NO_LIST.finditer(text, 0, start)), default=0)
    m = _CLAUSE_BREAK_NO_LIST.search(text, end)
    b = m.start() if m else len(text)
    clause = text[a:b]
    if clause.count("、") + 1 < LIST_OF_THINGS:
        return False
    items = _list_items(clause)
    if any(q - p > LIST_ITEM_LENGTH for p, q in items[1:-1]):
        return False  # 刘遵义教授获颁荣誉教育博士学位、陈凯先教授…: a list of clauses
    people = {(p, q) for _, tag, p, q in words if tag.startswith("nr")}
    common = common_words_lookup()
    person_like = ordinary = 0
    for p, q in items:
        p, q = a + p, a + q
        item = text[p:q].strip()
        tagged = any(p <= x and y <= q for x, y in people)
        if len(item) >= 2 and item in common and not tagged:
            ordinary += 1  # 老板, 明辨: a word, whatever its first character
        elif tagged or (2 <= len(item) <= 3 and is_han(item) and is_common_surname(item[0])):
            person_like += 1
    return 2 * person_like < len(items) or ordinary >= ORDINARY_ITEMS


def _list_items(listed: str) -> list[tuple[int, int]]:
    """The items' spans of a 、 list; the last piece is cut at 及, 和 or 与 after two to four
    characters (朱丽兰及江朝晖)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for piece in listed.split("、"):
        spans.append((start, start + len(piece)))
        start += len(piece) + 1
    a, b = spans[-1]
    last = listed[a:b]
    for j in range(2, 5):
        if j < len(last) - 2 and last[j] in "及和与":
            spans[-1:] = [(a, a + j), (a + j + 1, b)]
            break
    return spans


def _after_japanese_surname(text: str, start: int) -> bool:
    """The two characters before ``start`` are a Japanese surname CC-CEDICT knows (中村)."""
    from mtfix.zh.cedict import names_lookup

    entry = names_lookup().get(text[start - 2 : start]) if start >= 2 else None
    return entry is not None and _is_japanese_surname(entry)


def _is_japanese_surname(entry: Mapping[str, Any]) -> bool:
    """A CC-CEDICT two-character entry whose English is one word that is not its pinyin
    (中村 Nakamura, 山本 Yamamoto): a Japanese surname."""
    english = [str(e) for e in entry.get("en", [])]
    pinyin = str(entry.get("pinyin", "")).replace(" ", "").lower()
    return len(english) == 1 and " " not in english[0] and english[0].lower() != pinyin


#: Generic endings of geographic names and their English (苏禄海 Sulu Sea, 永暑岛 Yongshu
#: Island), longest first.
_GEOGRAPHIC = {
    "群岛": "Islands",
    "半岛": "Peninsula",
    "海峡": "Strait",
    "山脉": "Mountains",
    "流域": "Basin",
    "盆地": "Basin",
    "平原": "Plain",
    "高原": "Plateau",
    "水库": "Reservoir",
    "运河": "Canal",
    "峡谷": "Gorge",
    "海": "Sea",
    "岛": "Island",
    "湖": "Lake",
    "湾": "Bay",
    "礁": "Reef",
    "江": "River",
    "河": "River",
    "山": "Mountain",
    "古村": "Ancient Village",
    "古镇": "Ancient Town",
    "村": "Village",
    "镇": "Town",
    "街": "Street",
    "路": "Road",
    "桥": "Bridge",
    "寺": "Temple",
}
#: Endings after which a one-character stem is common (圣街 "Sheng Street", 淮河 "Huai
#: River", 太湖 "Tai Lake"); a mountain of one character is more often a word (远山 "distant
#: mountains").
_ONE_CHARACTER_STEMS = "街路桥寺河江湖村镇"
#: Endings English also puts first ("Lake Champlain", "Mount Emei").
_GEOGRAPHIC_FIRST = {"湖": "Lake", "山": "Mount"}
#: Endings whose stem is often a named river or range itself (淮河流域, 燕山山脉).
_NESTED = ("流域", "山脉")


def geographic_forms(name: str) -> tuple[str, ...]:
    """``name``'s English as a place with a generic ending: the stem in pinyin and the
    ending translated ("Sulu Sea"; "Mount Emei" too for 山; "Huai River" and "Huaihe River"
    for 淮河, "Taihu Lake" for 太湖; "Huaihe River Basin" for 淮河流域).  Jieba takes some
    of these for people (苏禄海); the forms only add renderings that count as right."""
    for ending, english in _GEOGRAPHIC.items():
        shortest = 1 if ending in _ONE_CHARACTER_STEMS else 2
        if name.endswith(ending) and len(name) - len(ending) >= shortest:
            stem = name[: -len(ending)]
            stems = [pinyin_word(stem)]
            if ending in _NESTED:
                stems += geographic_forms(stem)
            forms = [f"{s} {english}" for s in stems]
            if ending in ("河", "江", "湖"):
                forms.append(f"{pinyin_word(name)} {english}")  # "Huaihe River", "Taihu Lake"
            if first := _GEOGRAPHIC_FIRST.get(ending):
                forms.append(f"{first} {stems[0]}")
            return tuple(forms)
    return ()


@lru_cache(maxsize=1)
def generic_words() -> frozenset[str]:
    """The English words :func:`geographic_forms` and :func:`kinship_forms` translate a name's
    generic part with ("Street", "Lake", "Uncle")."""
    tables = (word_table("kinship_after"), word_table("kinship_before"))
    return frozenset(
        [*_GEOGRAPHIC.values(), *_GEOGRAPHIC_FIRST.values()]
        + [w for table in tables for forms in table.values() for w in forms]
    )


def kinship_forms(name: str) -> tuple[str, ...]:
    """``name``'s English as a form of address, the kinship word translated and the family
    name in pinyin: 羊叔 "Uncle Yang", 老王 "Old Wang", 小李 "Little Li"."""
    if len(name) != 2:
        return ()
    after, before = word_table("kinship_after"), word_table("kinship_before")
    if name[1] in after:
        return tuple(f"{w} {pinyin_word(name[0])}" for w in after[name[1]])
    if name[0] in before:
        return tuple(f"{w} {pinyin_word(name[1])}" for w in before[name[0]])
    return ()


def _mentions(names: Iterable[str], text: str) -> list[tuple[str, str, int, int]]:
    """Every place ``names`` (persons found elsewhere in the document) stand in ``text``, as
    jieba words tagged ``nr``."""
    return [
        (name, "nr", m.start(), m.end())
        for name in names
        for m in re.finditer(re.escape(name), text)
    ]


def _people_spans(words: Iterable[tuple[str, str, int, int]]) -> list[tuple[int, int]]:
    """Where the sentence's person names (jieba's nr words) stand."""
    return [(a, b) for _, tag, a, b in words if tag.startswith("nr")]


def foreign_people(
    zh: str, words: list[tuple[str, str, int, int]], extra_names: Iterable[str] = ()
) -> set[str]:
    """Person names a sentence introduces as foreign (越南总理范明政, （德）魏思诺, the family
    name of 易卜拉欣·莱西): foreign in the document's other sentences too (范明政总理…),
    where nothing says so again."""
    text = normalize(zh)
    found = {
        text[a:b]
        for _, tag, a, b in [*_mentions(extra_names, text), *_merge_names(words)]
        if tag.startswith("nr")
        and 2 <= b - a <= 4
        and (_nationality_marker(text, a) or _foreign_context(text, a, _people_spans(words)))
    }
    # The family name of a name written with a middle dot (易卜拉欣·莱西): a person's, even
    # where a dictionary knows the characters as a place (莱西, Laixi).
    found |= {
        w
        for w, _, a, b in words
        if 2 <= b - a <= 4
        and a >= 2
        and text[a - 1] in _DOTS
        and is_han(text[a - 2])
        and (b == len(text) or text[b] not in _DOTS)
    }
    return found


#: How far before a name (in its clause) a country may stand to make the name foreign
#: (越南人民军后勤总局副主任兼参谋长阮雄胜: a title of 16 characters).
FOREIGN_WINDOW = 20
#: After the country, these make the person a Chinese one (越南华人, 越南…中方).
_CHINESE_AFTER_COUNTRY = ("中国", "中方", "我国", "华人", "华裔", "华侨", "中资")


@lru_cache(maxsize=1)
def foreign_han_countries() -> tuple[str, ...]:
    """Countries whose names are written in characters but not read in Mandarin (越南, 日本,
    韩国), by their full names."""
    return tuple(c for c in word_set("foreign_han_countries") if len(c) > 1)


def story_abroad(sources: Iterable[str]) -> bool:
    """The story names a country whose places are written in characters but not read in
    Mandarin: a place's other romanisation may be its own name ("Bac Giang" for 北江).  A
    people of China (蒙古族, 朝鲜族) and 内蒙古 name no country."""
    countries = "|".join(map(re.escape, foreign_han_countries()))
    found = re.compile(f"(?<!内)(?:{countries})(?!族)")
    return any(found.search(zh) for zh in sources)


def _foreign_context(text: str, start: int, people: Iterable[tuple[int, int]] = ()) -> bool:
    """A country whose names are written in characters but not read in Mandarin stands
    right before the name, in the same clause (越南总理范明政, 日本首相岸田文雄), not as the
    place a Chinese person is posted to (驻越南大使), and nothing after it makes the person
    Chinese (越南华人).  The country's own envoy abroad stays foreign (越南驻华大使).  Another
    of the sentence's ``people`` between the two, or before an "and", is the country's
    (日本人福原和李立群), and 内蒙古 is no 蒙古."""
    window = text[max(0, start - FOREIGN_WINDOW) : start]
    before = _CLAUSE_BREAK.split(window)[-1]
    offset = start - len(before)
    spans = [
        (i, i + len(c))
        for c in foreign_han_countries()
        if (i := before.rfind(c)) >= 0 and not (c == "蒙古" and before[i - 1 : i] == "内")
    ]
    spans += [
        m.span()
        for m in abbreviated_countries(before)
        # 中越两军: China is named too, so the person may well be Chinese.
        if m.group() in _FOREIGN_ABBREVIATIONS
        and "中" not in before[max(0, m.start() - 1) : m.end() + 1]
    ]
    if not spans:
        return False
    a, b = min(spans, key=lambda span: span[1])
    if before[max(0, a - 1) : a] == "驻":
        return False
    if text[start - 1 : start] in _CONJUNCTIONS:
        return False  # 日本人福原和李立群: the country is the first one's
    if any(offset + b <= p < q <= start for p, q in people):
        return False  # another person stands between: the country is that person's
    return not any(marker in before[b:] for marker in _CHINESE_AFTER_COUNTRY)


_CONJUNCTIONS = ("和", "与", "及", "跟", "同")
#: Words after two cities' first characters that make them a route (郑万高铁, 京沪铁路).
_ROUTES = ("高铁", "铁路", "高速", "动车", "城际")
_CLAUSE_BREAK = re.compile(r"[，。；！？、：,;:!?\n]")
#: What ends a clause around a 、 list: punctuation, quotation marks (“勤学、修德、明辨、笃实”).
_CLAUSE_BREAK_NO_LIST = re.compile(r"[，。；！？：,;:!?\n…“”「」『』\"]")


#: A one-character country in brackets right before a name, as bibliographies mark an
#: author's nationality: （德）魏思诺, [美]…, 〔英〕….
_NATIONALITY = re.compile(r"[（(\[〔【]([^\W\d_])[）)\]〕】]\s*$")
#: Abbreviations of places whose people's Chinese names are Han names.
_HAN_NAME_PLACES = "中港台澳新马"


def _nationality_marker(text: str, start: int) -> bool:
    """A foreign country's bracketed one-character abbreviation stands right before ``start``."""
    m = _NATIONALITY.search(text[max(0, start - 4) : start])
    if m is None:
        return False
    return m.group(1) in abbreviation_names() and m.group(1) not in _HAN_NAME_PLACES


#: One-character countries whose people's names are not read in Mandarin (日方, 韩籍, 朝方).
_FOREIGN_ABBREVIATIONS = "日韩朝越泰"


def _cut_short(
    end: int, text: str, words: list[tuple[str, str, int, int]], *, foreign: bool
) -> bool:
    """A transliterated name (``foreign``) that ends at ``end`` is matched inside a longer
    one: the next character carries the transliteration on (顿) and jieba has no longer word
    starting there (利用 in 普京利用)."""
    if end >= len(text) or not foreign or not continues_transliteration(text[end]):
        return False
    following = [w for w in words if w[2] == end]
    return not following or len(following[0][0]) == 1


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


def _foreign_person(known: Known) -> bool:
    """A two-character person CC-CEDICT or a table writes in a Western spelling, not its
    pinyin (霍尔 "Hall"): a transliteration the characters alone cannot tell."""
    return (
        known.kind == PERSON
        and len(known.zh) == 2
        and bool(known.english)
        and fold(known.english[0]) != fold(pinyin_word(known.zh))
        and split_syllables(fold(known.english[0])) is None
    )


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
            and is_han(w)
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


_BYLINE = re.compile(rf"记者[\s\u3000]*([{HAN_CHARS}]{{2,3}})(?=[\s\u3000，、。）)\d]|$)")


#: A dateline's byline, one name or a list: 电（记者骆晓飞、张宏祥）, 电（周娜 滕怀金）.
_DATELINE_BYLINE = re.compile(
    rf"电[（(](?:记者|通讯员)?[\s\u3000]*"
    rf"([{HAN_CHARS}]{{2,3}}(?:[、\s\u3000]+[{HAN_CHARS}]{{2,3}})*)[）)]"
)
_BYLINE_NAME = re.compile(rf"[{HAN_CHARS}]{{2,3}}")


def _bylines(text: str) -> list[tuple[str, str, int, int]]:
    """``记者 郑淯心`` and a dateline's list of reporters: their names, which jieba often
    cuts apart."""
    spans = {(m.start(1), m.end(1)) for m in _BYLINE.finditer(text)}
    for m in _DATELINE_BYLINE.finditer(text):
        spans |= {
            (m.start(1) + n.start(), m.start(1) + n.end())
            for n in _BYLINE_NAME.finditer(m.group(1))
        }
    out = []
    for a, b in sorted(spans):
        name = text[a:b]
        if is_common_surname(name[0]) and not is_transliteration(name):
            out.append((name, "nr", a, b))
    return out


#: Dictionary tags of words that are no given name: time (本周), numeral, direction,
#: preposition, pronoun, adverb.
_NOT_A_GIVEN_NAME = ("t", "m", "f", "p", "r", "d")


def _person(name: str, start: int, end: int) -> Entity | None:
    from mtfix.zh.segment import segmenter

    if len(name) == 4 and name[:2] not in compound_surnames() and not is_transliteration(name):
        return None  # 沙鸥翔集, a line of verse: a Han name of four has a compound surname
    _, given = split_surname(name)
    tag = segmenter().dictionary_tag(given) if len(given) >= 2 else None
    if tag is not None and tag.startswith(_NOT_A_GIVEN_NAME):
        return None  # 于本周 "in this week": a preposition and a time word, not Yu Benzhou
    if is_transliteration(name):
        return Entity(name, start, end, PERSON, (), "unknown", syllables=(pinyin_word(name),))
    if not is_common_surname(split_surname(name)[0]):
        if len(name) != 2 or name[0] != name[1]:
            return None  # jieba's guess (资源, 多达), not a name
        # A reduplicated given name or nickname alone (芳芳): "Fangfang" or "Fang Fang".
        sylls = tuple(syllables(name))
        spaced = " ".join(x.capitalize() for x in sylls)
        return Entity(name, start, end, PERSON, (pinyin_word(name), spaced), "pinyin",
                      syllables=sylls)  # fmt: skip
    sur, given = person_pinyin(name)
    if not given:
        return None
    _, given_zh = split_surname(name)
    sylls = (sur.lower(), *(s for s in syllables(given_zh)))
    forms = (f"{sur} {given}", f"{given} {sur}", *wade_giles(name), *umlaut_forms(name))
    return Entity(name, start, end, PERSON, forms, "pinyin", syllables=sylls)
