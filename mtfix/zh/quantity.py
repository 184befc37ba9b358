"""A quantity mentioned in a text, and whether an English mention expresses a Chinese one.

Both sides are reduced to :class:`Quantity` mentions whose ``values`` can be compared:
``三千五百万`` and ``35 million`` both hold 35,000,000; ``百分之二十`` and ``20 per cent``
both hold 20; ``2018年11月14日`` gives a year (2018) and a date (11-14) that match
``November 14, 2018``, ``Nov. 14`` or ``14 November``.  :mod:`mtfix.zh.numbers` reads
Chinese, :mod:`mtfix.zh.english_numbers` English.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

NUMBER, PERCENT, MONEY, YEAR, DATE, MONTH, DAY, ORDINAL, MULTIPLE, FRACTION = (
    "number",
    "percent",
    "money",
    "year",
    "date",
    "month",
    "day",
    "ordinal",
    "multiple",
    "fraction",
)


@dataclass(frozen=True)
class Quantity:
    """One mention of a quantity; ``values`` are the equivalent readings of it."""

    values: tuple[float, ...]
    kind: str
    start: int
    end: int
    text: str
    approx: bool = False  # 多, 余, 约, about, nearly …
    written: bool = False  # English: spelt out in words; Chinese: written in Chinese numerals

    @property
    def value(self) -> float:
        return self.values[0]


def same_value(a: float, b: float, tolerance: float = 0.005) -> bool:
    if a == b:
        return True
    return abs(a - b) <= tolerance * max(abs(a), abs(b))


def format_value(value: float) -> str:
    """``1.5e9`` → ``1.5 billion``; ``35000`` → ``35,000``."""
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            q = value / scale
            return f"{q:,.3f}".rstrip("0").rstrip(".") + f" {word}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.4f}".rstrip("0").rstrip(".")


def matches(zh: Quantity, en: Quantity) -> bool:
    """Does an English mention express the Chinese one?"""
    if zh.kind == DATE:
        if en.kind == DATE:
            return same_value(zh.value, en.value, 0)
        return False
    if zh.kind == MONTH:
        return en.kind in (MONTH, DATE) and (
            same_value(zh.value, en.value if en.kind == MONTH else en.value // 100, 0)
        )
    if zh.kind == DAY:
        return any(same_value(zh.value, v, 0) for v in en.values) or (
            en.kind == DATE and en.value % 100 == zh.value
        )
    if en.kind == DATE:
        return False
    tolerance = 0.2 if zh.approx or en.approx else 1e-9
    rounding = YEAR not in (zh.kind, en.kind)
    for zv in zh.values:
        for ev in en.values:
            if same_value(zv, ev, tolerance) or (rounding and _rounds_to(zv, ev)):
                return True
            # 1.5 billion yuan written as "RMB 1.5bn" is caught above; "15 hundred million"
            # style renderings too.  Percent written as a fraction: 0.2 vs 20 %.
            if zh.kind == PERCENT and en.kind == FRACTION and same_value(zv, ev, 0.02):
                return True
    return False


def _rounds_to(exact: float, shown: float) -> bool:
    """Is ``shown`` ``exact`` rounded to 2-4 significant digits (12.34亿 → "1.23 billion")?"""
    if exact <= 0 or shown <= 0:
        return False
    digits = math.floor(math.log10(exact))
    return any(same_value(round(exact, -digits + k - 1), shown, 1e-09) for k in (2, 3, 4))


def mantissa(value: float) -> float:
    """The digits of a value regardless of its scale: 1.5e9 and 150e6 both give 1.5."""
    if value <= 0:
        return value
    return round(value / 10.0 ** math.floor(math.log10(value)), 6)
