"""What the source checks know about names: curated tables, the glossary and CC-CEDICT.

* ``names.toml`` (shipped, user-extensible) and the glossary's zh→en entries;
* CC-CEDICT proper nouns (:mod:`mtfix.zh.cedict`);
* China's provinces (:mod:`mtfix.zh.provinces`).

Pinyin, surnames and folding live in :mod:`mtfix.zh`; the names re-exported here
keep older imports working.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtfix.zh.cedict import (
    ORG,
    OTHER,
    PERSON,
    PLACE,
    build_shadowed_names,
    common_words,
    names_lookup,
)
from mtfix.zh.cedict import names as cedict_names
from mtfix.zh.personal_names import compound_surnames, is_common_surname, split_surname
from mtfix.zh.pinyin import (
    fold,
    person_name,
    person_pinyin,
    pinyin_word,
    syllable_readings,
)
from mtfix.zh.provinces import province_by_english, provinces
from mtfix.zh.words import abbreviated_countries, abbreviation_names

if TYPE_CHECKING:
    from mtfix.rules.glossary import Glossary

__all__ = [
    "ORG",
    "OTHER",
    "PERSON",
    "PLACE",
    "EnglishNames",
    "Known",
    "Lexicon",
    "cedict_names",
    "common_words",
    "compound_surnames",
    "explained_by_source",
    "fold",
    "glossary_zh_entries",
    "is_common_surname",
    "iter_known",
    "known_english_names",
    "name_table",
    "person_name",
    "person_pinyin",
    "pinyin_word",
    "province_by_english",
    "provinces",
    "split_surname",
    "syllable_readings",
    "user_name_files",
]


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
            entries = _table_entries(tomllib.load(fh), "table")
        _refuse_unsafe(path, entries)
        table.update(entries)
    return table


class NamesTableError(ValueError):
    """A user names table holds what no name may hold."""


def _refuse_unsafe(path: Path, entries: dict[str, Known]) -> None:
    from mtfix.rules.glossary_files import unsafe_character

    for known in entries.values():
        for text in (known.zh, *known.english):
            why = unsafe_character(text)
            if why is not None:
                raise NamesTableError(f"{path}: the entry {known.zh!r}: {why}")


class EnglishNames:
    """Folded English forms of known names → their Chinese (``get``, ``in``): the names tables
    and provinces, and CC-CEDICT's names from a table read a few entries at a time."""

    def __init__(self, local: dict[str, frozenset[str]], cedict: Any) -> None:
        self._local = local
        self._cedict = cedict

    def get(self, key: str, default: Any = None) -> Any:
        found = self._cedict.get(key)
        local = self._local.get(key)
        if found is None:
            return default if local is None else local
        return frozenset(found) | local if local else frozenset(found)

    def __contains__(self, key: object) -> bool:
        return key in self._local or key in self._cedict


def _english_of(entries: Iterable[tuple[str, Iterable[str]]]) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for zh, english in entries:
        for en in english:
            # "the Philippines" is written "Philippines" too ("Philippines' coast").
            for form in {en, _LEADING_THE.sub("", en)}:
                f = fold(form)
                if f:
                    names.setdefault(f, set()).add(zh)
    return names


_LEADING_THE = re.compile(r"^the\s+", re.I)


def _cedict_english() -> dict[str, list[str]]:
    # With the names of proper nouns that are also common words (三星: Samsung), which may
    # explain an English name though they never demand one.
    found = _english_of(
        [(zh, item["en"]) for zh, item in names_lookup().items()]
        + list(build_shadowed_names().items())
    )
    return {k: sorted(v) for k, v in found.items()}


@lru_cache(maxsize=1)
def known_english_names() -> EnglishNames:
    """Folded English forms of every name the tables and CC-CEDICT know → their Chinese."""
    from mtfix.zh.cedict import lookup_table

    local = _english_of(
        [(k.zh, k.english) for k in name_table().values()] + list(provinces().items())
    )
    cedict = lookup_table("english-names-3", _cedict_english)
    return EnglishNames({k: frozenset(v) for k, v in local.items()}, cedict)


def explained_by_source(english: str, zh_text: str) -> bool:
    """Is ``english`` a known name whose Chinese is in ``zh_text``, in full or as a
    one-character country (菲日 explains "Philippine", 港式 "Hong Kong")?"""
    if any(z in zh_text for z in known_english_names().get(fold(english), ())):
        return True
    # A one-character country (菲日), or a demonym of a country named in full (Philippine,
    # Japanese for 菲律宾, 日本).
    known = known_english_names()
    for char, forms in _countries_by_name().get(fold(english), ()):
        if any(m.group() == char for m in abbreviated_countries(zh_text)):
            return True
        if any(z in zh_text for n in forms for z in known.get(n, ())):
            return True
    return False


@lru_cache(maxsize=1)
def _countries_by_name() -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Folded English name of a one-character country → ``(character, all its folded
    names)``: "philippine" → [("菲", {"philippines", "philippine", "filipino"})]."""
    out: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for char, names in abbreviation_names().items():
        forms = frozenset(fold(n) for n in names)
        for form in forms:
            out.setdefault(form, []).append((char, forms))
    return out


# -- one lookup over all sources ------------------------------------------------------------


def glossary_zh_entries(glossary: Glossary) -> dict[str, tuple[str, ...]]:
    """zh → English forms from the glossary's entries with a Chinese form."""
    return {zh: (en,) for zh, en in glossary.names().items()}


_PLACE_SUFFIX = re.compile(r"\s+(?:City|County|District|Prefecture|Province|Town|Village)$")


class Lexicon:
    """Looks up Chinese names in the glossary, the tables and CC-CEDICT, in that order."""

    def __init__(self, glossary: Glossary | None = None, *, use_cedict: bool = True) -> None:
        self.table = name_table()
        self.glossary = glossary_zh_entries(glossary) if glossary is not None else {}
        self.cedict = names_lookup() if use_cedict else {}
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
