"""Chinese personal names: surnames, and foreign names written in Chinese characters."""

from __future__ import annotations

import math
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
    """A foreign name written in Chinese characters (诺伊斯, 哈德森), not a Chinese name.

    Typical characters (斯, 尔 …) decide first; then how typical the characters are of
    transliterated names in jieba's dictionary: on average over the name (戈达德), or each
    character of a two-character given name (胡 / 里奥, "Julio")."""
    sur, given = split_surname(name)
    odd = sum(c in _TRANSLITERATION for c in name)
    if odd >= 2 or (odd >= 1 and not is_common_surname(sur)):
        return True
    if len(name) < 3:
        return False
    odds = [transliteration_odds(c) for c in name]
    if sum(odds) / len(odds) >= TRANSLITERATED_ODDS:
        return True
    return len(given) >= 2 and min(odds[len(sur) :]) >= TRANSLITERATED_ODDS


#: Log odds (transliterated over Chinese person names) from which characters make a name a
#: transliteration.  On jieba's own three-character names it marks 90% of the transliterated
#: ones (nrt), and 7% of the others, most of them transliterations tagged nr (康拉德).
TRANSLITERATED_ODDS = 1.0


@lru_cache(maxsize=4096)
def transliteration_odds(char: str) -> float:
    """log of how much more often ``char`` is in jieba's transliterated person names than in
    its other person names (add-one smoothed); 0 without jieba."""
    try:
        from mtfix.zh.segment import name_characters

        table = name_characters()
    except ImportError:
        return 0.0
    foreign, chinese = table.get(char) or (0, 0)
    total_foreign, total_chinese = table.meta
    return math.log((foreign + 1) / total_foreign) - math.log((chinese + 1) / total_chinese)
