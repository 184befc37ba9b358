"""Chinese word lists kept as data (``data/words.toml``): measure words, titles, generic nouns,
and the one-character abbreviations of countries."""

from __future__ import annotations

import re
import tomllib
from functools import cache, lru_cache
from importlib.resources import files
from typing import Any


@lru_cache(maxsize=1)
def _lists() -> dict[str, Any]:
    text = files("mtfix.zh").joinpath("data/words.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def word_set(name: str) -> frozenset[str]:
    """The words of list ``name``; a list written without spaces is a set of characters."""
    text = _lists()[name]
    words = text.split()
    return frozenset(words if len(words) > 1 else text.strip())


@cache
def abbreviation_names() -> dict[str, tuple[str, ...]]:
    """One-character country abbreviations → the English names they stand for."""
    return word_table("abbreviated_countries")


@cache
def word_table(name: str) -> dict[str, tuple[str, ...]]:
    """Table ``name``: Chinese words → their English renderings."""
    table: dict[str, list[str]] = _lists()[name]
    return {zh: tuple(english) for zh, english in table.items()}


#: After a one-character country, these make it one (美方, 日媒, 韩籍, 港式, 美企, 港股, 港片).
_COUNTRY_AFTER = "方媒籍军相皇企系裔侨式府股片剧"


@cache
def _abbreviation_pattern() -> re.Pattern[str]:
    chars = "".join(abbreviation_names())
    return re.compile(rf"(?<=[{chars}])[{chars}]|[{chars}](?=[{chars}{_COUNTRY_AFTER}])")


def abbreviated_countries(text: str) -> list[re.Match[str]]:
    """The one-character countries of ``text`` that a compound makes countries: next to
    another (中美, 菲日) or before 方, 媒, 籍, 式 … (日方, 港式).  Alone the character is a
    word of its own (12日电 "day", 韩正 a surname, 加 "add")."""
    return list(_abbreviation_pattern().finditer(text))
