"""China's provincial-level divisions (``data/provinces.toml``): names and codes, each once."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from mtfix.zh.pinyin import fold


@dataclass(frozen=True)
class Province:
    zh: str
    english: tuple[str, ...]  # the usual English name first, then other forms
    code: str  # ISO 3166-2

    @property
    def name(self) -> str:
        return self.english[0]


@lru_cache(maxsize=1)
def all_provinces() -> tuple[Province, ...]:
    text = files("mtfix.zh").joinpath("data/provinces.toml").read_text(encoding="utf-8")
    return tuple(
        Province(zh, tuple(info["english"]), info["code"])
        for zh, info in tomllib.loads(text).items()
    )


@lru_cache(maxsize=1)
def provinces() -> dict[str, tuple[str, ...]]:
    """Chinese name → English forms."""
    return {p.zh: p.english for p in all_provinces()}


@lru_cache(maxsize=1)
def province_by_english() -> dict[str, str]:
    """Folded English form (:func:`mtfix.zh.pinyin.fold`) → Chinese name."""
    return {fold(en): p.zh for p in all_provinces() for en in p.english}
