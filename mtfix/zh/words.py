"""Chinese word lists kept as data (``data/words.toml``): measure words, titles, generic nouns."""

from __future__ import annotations

import tomllib
from functools import cache, lru_cache
from importlib.resources import files


@lru_cache(maxsize=1)
def _lists() -> dict[str, str]:
    text = files("mtfix.zh").joinpath("data/words.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@cache
def word_set(name: str) -> frozenset[str]:
    """The words of list ``name``; a list written without spaces is a set of characters."""
    text = _lists()[name]
    words = text.split()
    return frozenset(words if len(words) > 1 else text.strip())
