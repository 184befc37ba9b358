"""``source.numbers``: the numbers, dates, percentages and money of the source are in the English.

A mismatch is only ever flagged: the English may round, convert or restructure for good
reasons, so a person decides.  Approximations (多, 余, 约 …), bare days and months, years the
English may have turned into "last year", and small numbers written in Chinese characters
(两国 → "both countries") are never demanded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer
from mtfix.source.checks._base import Pair, aligned_pairs, short
from mtfix.zh.english_numbers import MONTH_NAMES, en_quantities
from mtfix.zh.numbers import zh_quantities
from mtfix.zh.quantity import (
    DATE,
    DAY,
    FRACTION,
    MONEY,
    MONTH,
    MULTIPLE,
    NUMBER,
    ORDINAL,
    PERCENT,
    YEAR,
    Quantity,
    format_value,
    mantissa,
    matches,
)

#: Confidence of a flag that points at a specific wrong English number / at a missing one.
MISMATCH_CONFIDENCE = 0.7
MISSING_CONFIDENCE = 0.5


def describe(q: Quantity) -> str:
    """How a Chinese quantity reads in English, for a reason string."""
    if q.kind == DATE:
        month, day = divmod(int(q.value), 100)
        return f"{MONTH_NAMES[month - 1].capitalize()} {day}"
    if q.kind == YEAR:
        return str(int(q.value))
    if q.kind == PERCENT:
        return f"{format_value(q.value)}%"
    if q.kind == FRACTION:
        return f"{q.values[0]:.3g}"
    if q.kind == MULTIPLE:
        return f"{format_value(q.value)} times"
    return format_value(q.value)


def check_pair(zh: str, en: str) -> list[tuple[Quantity | None, Quantity, str, float]]:
    """Problems in one pair: ``(english_mention or None, chinese_mention, reason, confidence)``.

    ``None`` means the number is missing from the English sentence altogether.
    """
    zqs = zh_quantities(zh)
    eqs = en_quantities(en)
    used: set[int] = set()
    unmatched: list[Quantity] = []
    for zq in zqs:
        hits = [i for i, eq in enumerate(eqs) if matches(zq, eq)]
        if hits:
            used.update(hits)
        elif not _same_digits_inside(zq, en):
            unmatched.append(zq)
    free = [eq for i, eq in enumerate(eqs) if i not in used]
    problems: list[tuple[Quantity | None, Quantity, str, float]] = []
    taken: set[int] = set()
    for zq in unmatched:
        found = _suspect(zq, free, taken)
        expected = f"{describe(zq)} ({zq.text})"
        if found is not None:
            taken.add(id(found))
            if _same_words(describe(zq), found.text):
                continue  # the suggestion would be the text itself: nothing to say
            reason = f"source says {expected}; the English has {found.text.strip()!r}"
            problems.append((found, zq, reason, MISMATCH_CONFIDENCE))
        elif (
            _must_appear(zq)
            and not free
            and not _said_in_words(zq, zh, en)
            and not _vague_amount(zq, en)
            and not _scale_word(zq, en)
        ):
            reason = f"source says {expected}; the English does not have it"
            problems.append((None, zq, reason, MISSING_CONFIDENCE))
    return problems


def _same_digits_inside(zq: Quantity, en: str) -> bool:
    """The English has the source's digits as they stand, inside a code or label that no
    English number reading takes apart: GB 18030 is "GB18030", 3200号 "No.3200"."""
    digits = zq.text.strip()
    if len(digits) < 3 or not digits.isascii() or not digits.isdigit():
        return False
    # Not inside a longer number or a decimal ("1.3200"); "No.3200" is a label and its number.
    return re.search(rf"(?<![\d,])(?<!\d\.){digits}(?!\d|[.,]\d)", en) is not None


def problem_kind(eq: Quantity | None, zq: Quantity) -> str:
    """``missing`` (the English lacks the number), ``scale`` (the same digits at another
    scale: "180 million" for 18亿, "forty years" for 四年) or ``mismatch`` (another number,
    often a rounding or a rewording)."""
    if eq is None:
        return "missing"
    digits = mantissa(zq.value)
    # A lone 1 (一, 千) meets any power of ten: no evidence of a slip in scale.
    definite = digits != 1 and (zq.value >= 100 or any(c.isdigit() for c in zq.text))
    if definite and any(mantissa(v) == digits for v in eq.values):
        return "scale"
    return "mismatch"


def _same_words(expected: str, english: str) -> bool:
    def norm(text: str) -> str:
        return " ".join(text.replace(",", "").lower().split())

    return norm(expected) == norm(english)


#: Spans of years said with one word: 百年 is "a century" or "centuries-old", 十年 "a decade".
_YEARS_IN_WORDS = {
    10: ("decade",),
    100: ("century", "centuries", "centennial", "centenary", "hundred"),
    1000: ("millennium", "millennia", "thousand"),
}


def _said_in_words(zq: Quantity, zh: str, en: str) -> bool:
    """A span of years the English says with a word instead of a figure."""
    words = _YEARS_IN_WORDS.get(int(zq.value)) if zq.value == int(zq.value) else None
    if not words or zh[zq.end : zq.end + 1] != "年":
        return False
    low = en.lower()
    return any(w in low for w in words)


_VAGUE_UNITS = {
    "tens": 10,
    "dozens": 10,
    "hundreds": 100,
    "thousands": 1e3,
    "millions": 1e6,
    "billions": 1e9,
    "trillions": 1e12,
}
_VAGUE = re.compile(
    r"\b(tens|dozens|hundreds|thousands|millions|billions)\s+of\s+"
    r"(?:(thousands|millions|billions|trillions)\b)?",
    re.IGNORECASE,
)


def _vague_amount(zq: Quantity, en: str) -> bool:
    """A round amount without digits (千亿, 数万) said vaguely: 千亿美元 is "hundreds of
    billions of dollars", 万 "tens of thousands", within the same power of ten."""
    if any(c.isdigit() for c in zq.text) or mantissa(zq.value) != 1:
        return False
    for m in _VAGUE.finditer(en):
        low = _VAGUE_UNITS[m.group(1).lower()]
        if m.group(2):
            low *= _VAGUE_UNITS[m.group(2).lower()]
        if low <= zq.value < low * 10:
            return True
    return False


#: A round amount said by its scale word alone: 百万亩 "million-mu", 千年 "thousand-year".
_SCALE_WORDS = {1e2: "hundred", 1e3: "thousand", 1e6: "million", 1e9: "billion", 1e12: "trillion"}


def _scale_word(zq: Quantity, en: str) -> bool:
    """A round amount in characters (百万) that the English says by its scale word alone."""
    word = _SCALE_WORDS.get(zq.value)
    if word is None or any(c.isdigit() for c in zq.text):
        return False
    return re.search(rf"\b{word}\b", en, re.IGNORECASE) is not None


def _must_appear(zq: Quantity) -> bool:
    """Numbers whose absence from the English is worth a flag."""
    if zq.approx or zq.kind in (DAY, MONTH, YEAR, DATE, ORDINAL, MULTIPLE, FRACTION):
        return False
    if zq.kind == MONEY and zq.value == 1:
        return False  # 1美元兑7元: "7 yuan per dollar", "a dollar"
    return zq.kind in (PERCENT, MONEY) or zq.value >= 100


def _suspect(zq: Quantity, free: list[Quantity], taken: set[int]) -> Quantity | None:
    """The English mention that most likely renders ``zq`` wrongly, if one stands out."""
    pool = [eq for eq in free if id(eq) not in taken]
    if zq.kind in (DAY, MONTH):
        return None
    if zq.value < 10 and zq.kind not in (PERCENT, MONEY, YEAR, DATE):
        # 一年, 2月, 十四五: a single digit is a count, a part of a date or an idiom more often
        # than a figure the English must repeat; pairing it with "four-wheel drive" or "Five-
        # Year Plan" is noise.
        return None
    if zq.kind == YEAR:
        years = [eq for eq in pool if eq.kind == YEAR]
        return years[0] if len(years) == 1 and not zq.approx else None
    if zq.kind == DATE:
        dates = [eq for eq in pool if eq.kind == DATE]
        return dates[0] if len(dates) == 1 else None
    if zq.approx:
        # Only a clear scale slip (3千多 vs "300-odd") is worth showing for approximations.
        pool = [eq for eq in pool if mantissa(eq.value) == mantissa(zq.value)]
        return pool[0] if len(pool) == 1 else None
    pool = [
        eq
        for eq in pool
        if eq.kind not in (YEAR, DATE, MONTH, ORDINAL)
        and not (eq.written and eq.value <= 10 and zq.value > 10)
        and not eq.approx
    ]
    if not pool:
        return None

    def score(eq: Quantity) -> tuple[int, int]:
        same_digits = int(any(mantissa(v) == mantissa(zq.value) for v in eq.values))
        same_kind = int(eq.kind == zq.kind or {eq.kind, zq.kind} <= {NUMBER, MONEY})
        return same_digits, same_kind

    ranked = sorted(pool, key=score, reverse=True)
    best = score(ranked[0])
    if best == (0, 0) or (best == (0, 1) and zq.kind == NUMBER):
        return None  # a plain number only meets one with its own digits ("Eighteen" ≠ 1.3万亿)
    if len(ranked) > 1 and score(ranked[1]) == best:
        return None  # two equally likely suspects: say nothing rather than guess
    return ranked[0]


@fixer("source.numbers", stage="source", order=10, severity="warning", applies=False)
def check_numbers(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Numbers, dates, percentages and money must match the Chinese original."""
    for pair in aligned_pairs(ctx):
        yield from _pair_edits(pair, ctx)


def _pair_edits(pair: Pair, ctx: FixContext) -> Iterator[Edit]:
    for eq, zq, reason, confidence in check_pair(pair.zh, pair.en):
        data: dict[str, Any] = {
            "kind": problem_kind(eq, zq),
            "expected": describe(zq),
            "source_text": zq.text,
            "source_sentence": short(pair.zh, 200),
        }
        if eq is None:
            start, end = pair.start, pair.end
        else:
            lead = len(eq.text) - len(eq.text.lstrip())
            start, end = pair.start + eq.start + lead, pair.start + eq.end
        yield ctx.edit(start, end, ctx.text[start:end], reason, confidence=confidence, data=data)
