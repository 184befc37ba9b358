"""Pinyin (via pypinyin): readings of Chinese names, and romanised names split into syllables.

pypinyin reads its whole phrase dictionary (400,000 phrases, half a second) on import.
mtfix imports it without (``PYPINYIN_NO_PHRASES``) and adds, before each call, the phrases
the text can need, from a table in mtfix's cache folder (:mod:`mtfix.zh.tables`): the
readings are pypinyin's own.
"""

from __future__ import annotations

import os
import re
import sys
import threading
import unicodedata
from functools import lru_cache
from typing import Any

from mtfix.zh.personal_names import split_surname, surname_reading

_VOWEL_START = re.compile(r"^[aoe]")


_FOLDED_AWAY = re.compile(r"[\s\-'’‘.·•]")


@lru_cache(maxsize=16_384)
def fold(text: str) -> str:
    """Lowercase, strip accents, drop spaces, hyphens and apostrophes: for comparing names."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return _FOLDED_AWAY.sub("", text).lower()


def _toneless(reading: str) -> str:
    """``lǚ`` → ``lu``: tone marks dropped, ü written u."""
    return fold(reading.replace("ü", "v")).replace("v", "u")


class _Phrases:
    """pypinyin's phrase dictionary, filled from a table with what texts need."""

    def __init__(self, table: Any) -> None:
        from pypinyin.constants import PHRASES_DICT
        from pypinyin.seg.mmseg import p_set

        self._table = table
        self._phrases: dict[str, Any] = PHRASES_DICT
        self._prefixes: set[str] = p_set._set
        self._prefixes.update(table.meta)  # the first characters of all phrases
        self._done: set[int] = set()
        self._lock = threading.Lock()
        self.prepare("中国")  # never empty: pypinyin skips segmentation without phrases

    def prepare(self, text: str) -> None:
        from mtfix.zh.tables import text_buckets

        wanted = text_buckets(text) - self._done
        if not wanted:
            return
        with self._lock:
            for index in wanted - self._done:
                found = self._table.bucket(index)
                self._phrases.update(found)
                for phrase in found:
                    self._prefixes.update(phrase[:i] for i in range(2, len(phrase) + 1))
                self._done.add(index)


def _phrase_table() -> tuple[dict[str, Any], Any]:
    import json
    from pathlib import Path

    import pypinyin

    path = Path(pypinyin.__file__).parent / "phrases_dict.json"
    phrases: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return phrases, sorted({p[0] for p in phrases if p})


@lru_cache(maxsize=1)
def _pypinyin() -> _Phrases | None:
    """Import pypinyin without its phrases; None when it was imported with them already."""
    if "pypinyin.constants" in sys.modules or os.environ.get("PYPINYIN_NO_PHRASES"):
        import pypinyin

        return None
    from importlib.metadata import version

    from mtfix.zh.tables import cached_table

    os.environ["PYPINYIN_NO_PHRASES"] = "1"
    try:
        import pypinyin  # noqa: F401
    finally:
        del os.environ["PYPINYIN_NO_PHRASES"]
    return _Phrases(cached_table(f"pypinyin-phrases-{version('pypinyin')}", _phrase_table))


def _ready(text: str) -> None:
    """pypinyin imported, with the phrases ``text`` can need."""
    phrases = _pypinyin()
    if phrases is not None:
        phrases.prepare(text)


def syllables(text: str) -> list[str]:
    """Toneless pinyin of each character (ü written u)."""
    _ready(text)
    from pypinyin import Style, lazy_pinyin

    return [s.replace("ü", "v").replace("v", "u") for s in lazy_pinyin(text, style=Style.NORMAL)]


def join_syllables(sylls: list[str]) -> str:
    """Syllables as one word, with an apostrophe before a/o/e: ``xi'an``."""
    out = ""
    for s in sylls:
        if out and _VOWEL_START.match(s):
            out += "'"
        out += s
    return out


def pinyin_word(text: str) -> str:
    """Pinyin of a word, syllables joined, apostrophes before a/o/e: ``Xi'an``."""
    return join_syllables(syllables(text)).capitalize()


def person_pinyin(name: str) -> tuple[str, str]:
    """``(surname, given)`` in pinyin: ``周志恒`` → ``("Zhou", "Zhiheng")``."""
    sur, given = split_surname(name)
    sur_py = surname_reading(sur) or pinyin_word(sur)
    return sur_py.capitalize(), pinyin_word(given) if given else ""


def person_name(name: str) -> str:
    """A Chinese personal name in pinyin, surname first: ``He Lifeng``."""
    sur, given = person_pinyin(name)
    return f"{sur} {given}".strip()


def wade_giles(name: str) -> tuple[str, ...]:
    """Taiwanese-style romanisations: ``Hsia Li-yen``, and the given-name-first order."""
    _ready(name)
    from pypinyin import Style, lazy_pinyin

    sur_zh, given_zh = split_surname(name)
    sur = "".join(lazy_pinyin(sur_zh, style=Style.WADEGILES)).replace("v", "u").capitalize()
    given = "-".join(lazy_pinyin(given_zh, style=Style.WADEGILES)).replace("v", "u").capitalize()
    return (f"{sur} {given}", f"{given} {sur}")


def umlaut_forms(name: str) -> tuple[str, ...]:
    """A personal name with ü written as people write it when the keyboard has none: 吕玲
    ``Lv Ling``, ``Lyu Ling``, ``Lü Ling`` (``()`` when the name has no ü)."""
    _ready(name)
    from pypinyin import Style, lazy_pinyin

    sur_zh, given_zh = split_surname(name)
    sur = "".join(lazy_pinyin(sur_zh, style=Style.NORMAL))
    given = "".join(lazy_pinyin(given_zh, style=Style.NORMAL))
    if "v" not in sur + given or not given:
        return ()
    return tuple(
        f"{sur.replace('v', u).capitalize()} {given.replace('v', u).capitalize()}"
        for u in ("v", "yu", "ü")
    )


def syllable_readings(text: str) -> list[set[str]]:
    """All readings of each character (polyphones): ``乐`` → ``{"le", "yue"}``."""
    _ready(text)
    from pypinyin import Style, pinyin

    out = []
    for readings in pinyin(text, style=Style.NORMAL, heteronym=True):
        out.append({r.replace("ü", "u").replace("v", "u") for r in readings})
    return out


@lru_cache(maxsize=1)
def syllable_table() -> frozenset[str]:
    """Every toneless pinyin syllable (ü written u), from pypinyin's dictionary.

    Interjections without a vowel (hm, ng) are left out: they never make a name.
    """
    _pypinyin()
    from pypinyin.pinyin_dict import pinyin_dict

    found = {_toneless(r) for readings in pinyin_dict.values() for r in readings.split(",")}
    return frozenset(s for s in found if re.search("[aeiou]", s))


def split_syllables(word: str) -> list[str] | None:
    """Split a romanised name into pinyin syllables (fewest pieces), or ``None``."""
    table = syllable_table()
    text = fold(word)
    n = len(text)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        prev = best[i]
        if prev is None:
            continue
        for j in range(i + 1, min(n, i + 6) + 1):
            if text[i:j] in table:
                cand = [*prev, text[i:j]]
                cur = best[j]
                if cur is None or len(cand) < len(cur):
                    best[j] = cand
    return best[n]
