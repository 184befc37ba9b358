"""Chinese personal names: surnames, and foreign names written in Chinese characters."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib.resources import files

#: Characters typical of transliterated foreign names (斯, 尔, 特 …): not Chinese given names.
_TRANSLITERATION = frozenset("斯尔特克德夫娜亚姆伊诺丝莉娅妮鲁卡茨兹奥普洛罗基维瓦塞乔耶谢契科布")


@lru_cache(maxsize=1)
def _surnames() -> tuple[dict[str, str], tuple[str, ...], frozenset[str]]:
    text = files("mtfix.zh").joinpath("data/surnames.toml").read_text(encoding="utf-8")
    data = tomllib.loads(text)
    readings = {k: str(v) for k, v in data["reading"].items()}
    compound = tuple(data["compound"]["names"])
    common = frozenset(c for c in data["common"]["chars"] if not c.isspace())
    return readings, compound, common


def surname_reading(surname: str) -> str | None:
    """The reading of a surname that differs from its characters' usual one (单 → Shan)."""
    return _surnames()[0].get(surname)


def compound_surnames() -> tuple[str, ...]:
    return _surnames()[1]


def split_surname(name: str) -> tuple[str, str]:
    """``周志恒`` → ``("周", "志恒")``; compound surnames stay whole."""
    compound = compound_surnames()
    if len(name) >= 3 and name[:2] in compound:
        return name[:2], name[2:]
    return name[:1], name[1:]


def is_common_surname(char: str) -> bool:
    readings, compound, common = _surnames()
    return char in common or char in readings or char in compound


#: Characters that carry a transliterated name on: 汉斯顿 "Hanston" is not 汉斯 "Hans".
_CONTINUATION = _TRANSLITERATION | frozenset("顿森恩尼逊格伯蒙拉里利默汀莱林")


def continues_transliteration(char: str) -> bool:
    """Whether ``char`` right after a transliterated name makes it a longer name."""
    return char in _CONTINUATION


def is_transliteration(name: str) -> bool:
    """A foreign name written in Chinese characters (诺伊斯), not a Chinese name."""
    sur, _ = split_surname(name)
    odd = sum(c in _TRANSLITERATION for c in name)
    return odd >= 2 or (odd >= 1 and not is_common_surname(sur))
