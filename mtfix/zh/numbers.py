"""Numbers in Chinese: one parser of Chinese numerals, quantities in a sentence, anchors.

``三千五百万`` → 35,000,000, ``3.5万`` → 35,000, ``二〇一八`` → 2018 (:func:`parse_zh_number`);
:func:`zh_quantities` finds the numbers, dates, percentages and money of a sentence as
:class:`~mtfix.zh.quantity.Quantity` mentions; :func:`numbers` finds every number of a
text as a plain value, for aligning sentences.
"""

from __future__ import annotations

import itertools
import math
import re

from mtfix.zh.quantity import (
    DATE,
    DAY,
    FRACTION,
    MONEY,
    MONTH,
    MULTIPLE,
    NUMBER,
    PERCENT,
    YEAR,
    Quantity,
)
from mtfix.zh.text import FULL_WIDTH_DIGITS, normalize
from mtfix.zh.words import word_set

_ZH_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8,
    "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_ZH_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_ZH_LARGE_UNITS = {"万": 10_000, "亿": 100_000_000}
_FULLWIDTH = FULL_WIDTH_DIGITS

_ZH_CHARS = "".join(_ZH_DIGITS) + "".join(_ZH_SMALL_UNITS)
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_ABBREVIATED = re.compile("[百佰千仟][一壹二贰两三叁四肆五伍六陆七柒八捌九玖]$")
_ZH_NUM = re.compile(
    rf"(?P<num>(?:{_ARABIC}|[{_ZH_CHARS}])(?:{_ARABIC}|[{_ZH_CHARS}万亿]|点(?=[{_ZH_CHARS}\d]))*)"
)
_APPROX_BEFORE = re.compile(
    r"(约|大约|近|将近|接近|超过|逾|超|多达|上|数|几|成|至少|不到|不足|逾)$"
)
_VAGUE_BEFORE = re.compile(r"(数|几|上|成|好几)$")
_APPROX_AFTER = re.compile(r"^(多|余|来|左右|上下|以上|以下|强)")
_APPROX_INSIDE = re.compile(rf"([\d{_ZH_CHARS}])(余|多)(万|亿)")
#: Two neighbouring digits said together, a range: 七八十 is "seventy or eighty", 十七八
#: "seventeen or eighteen", 二三十万 "two or three hundred thousand".
_NEIGHBOURS = "一二|二三|两三|三四|四五|五六|六七|七八|八九"
_NEIGHBOUR_DIGITS = re.compile(f"(?:{_NEIGHBOURS})(?=[十百千万亿])|(?<=十)(?:{_NEIGHBOURS})$")
_NOT_NUMBER = ("十分", "万一", "一一", "千万不", "千万别", "千万要", "一旦", "一律", "统一", "唯一")


def parse_zh_number(text: str) -> float | None:
    """``三千五百万`` → 35000000, ``3.5万`` → 35000, ``二〇一八`` → 2018."""
    text = text.translate(_FULLWIDTH).replace(",", "")
    if not text:
        return None
    for unit in ("亿", "万"):
        scale = _ZH_LARGE_UNITS[unit]
        if unit in text:
            left, _, right = text.partition(unit)
            lv = parse_zh_number(left) if left else 1.0
            rv = parse_zh_number(right) if right else 0.0
            if lv is None or rv is None:
                return None
            # 一万二 = 12000: a bare trailing digit counts in the next lower unit.
            if right and len(right) == 1 and right in _ZH_DIGITS:
                rv *= scale / 10
            return lv * scale + rv
    if re.fullmatch(r"\d+(?:\.\d+)?", text):
        return float(text)
    if "点" in text:
        whole, _, frac = text.partition("点")
        wv = parse_zh_number(whole) if whole else 0.0
        digits = "".join(str(_ZH_DIGITS[c]) if c in _ZH_DIGITS else c for c in frac)
        if wv is None or not digits.isdigit():
            return None
        return wv + float("0." + digits)
    if all(c in _ZH_DIGITS for c in text) and len(text) > 1:  # 二〇一八: digit by digit
        return float("".join(str(_ZH_DIGITS[c]) for c in text))
    total = 0.0
    number: float | None = None
    for m in re.finditer(r"\d+(?:\.\d+)?|.", text):
        tok = m.group(0)
        if tok in _ZH_DIGITS:
            number = float(_ZH_DIGITS[tok])
        elif tok[0].isdigit():
            number = float(tok)
        elif tok in _ZH_SMALL_UNITS:
            total += (1.0 if number is None else number) * _ZH_SMALL_UNITS[tok]
            number = None
        else:
            return None
    if number and _ABBREVIATED.search(text):
        # 二百五 = 250, 三千五 = 3500: a bare last digit counts in the next lower unit.
        number *= _ZH_SMALL_UNITS[text[-2]] / 10
    return total + (number or 0.0)


def _has_chinese_numeral(s: str) -> bool:
    return any(c in _ZH_CHARS or c in "万亿" for c in s) and not re.search(r"\d", s)


#: 千 of a metric unit (千米 km, 千克 kg, 千瓦 kW): no scale of the number before it.
_METRIC_PREFIX = re.compile("千(?=[米克瓦卡焦帕伏赫])")
#: URLs, e-mail addresses and domains inside Chinese text (ASCII only: no Han after them).
_ADDRESS = re.compile(
    r"(?:https?://|www\.)[\x21-\x7e]+|[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
    r"|\b[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.(?:com|cn|net|org|gov|edu)\b",
    re.ASCII,
)
_SPACED_SCALE = re.compile(r"(\d)([ \u00a0\u3000])(万亿|万|亿)")
#: 时 after an hour that is no word of its own (时间 time, 时期 period, 时代 era, 时候 when).
_CLOCK = re.compile("时(?![间期代候])")


def zh_quantities(sentence: str) -> list[Quantity]:
    """Quantities in a Chinese sentence."""
    # "500余万" (over five million): move 余/多 after the scale, keeping offsets.  Traditional
    # characters (2.5萬, 億) are read in their simplified form, which has the same length.
    text = _APPROX_INSIDE.sub(
        lambda m: m.group(1) + m.group(3) + m.group(2), normalize(sentence).translate(_FULLWIDTH)
    )
    # "2510 亿美元": a space before the scale, moved after it, keeping offsets.
    text = _SPACED_SCALE.sub(r"\1\3\2", text)
    out: list[Quantity] = []
    addresses = [a.span() for a in _ADDRESS.finditer(text)]
    for m in _ZH_NUM.finditer(text):
        s, e = m.span()
        raw = m.group(0)
        if any(a <= s < b for a, b in addresses):
            continue  # www.12377.cn: part of an address, not a quantity
        if len(raw) > 1 and _METRIC_PREFIX.match(text, e - 1):
            raw, e = raw[:-1], e - 1  # 18.9千米 is 18.9 km: 千 belongs to the unit
        before, after = text[max(0, s - 4) : s], text[e : e + 6]
        if (s > 0 and re.match(r"[A-Za-z]", text[s - 1])) or re.match(r"[A-Za-z]", after[:1]):
            continue  # C919, 5G, H7N9: model names, not quantities
        if before.endswith("第"):
            continue  # ordinals
        if after.startswith("分之"):
            continue  # the denominator of a fraction or 百分之
        written = _has_chinese_numeral(raw)
        window = text[max(0, s - 1) : e + 3]
        if (
            written
            and not before.endswith("分之")
            and (
                any(w in window for w in _NOT_NUMBER)
                or not any(after.startswith(u) for u in word_set("measure_words"))
            )
        ):
            continue
        if _VAGUE_BEFORE.search(before) and written:
            continue  # 数百万, 几十: no definite value
        if raw in _BARE_UNITS:
            continue  # 千人, 百班千人: "thousands of people", no count
        if _DIGIT_LIST.fullmatch(raw) and not (after[:1] == "年" and after[:2] != "年级"):
            continue  # 一二三, 三四五六年级: digits listed, not one number (一九九八年 is)
        value = parse_zh_number(raw)
        if value is None:
            continue
        approx = bool(
            _APPROX_BEFORE.search(before)
            or _APPROX_AFTER.match(after)
            or (written and _NEIGHBOUR_DIGITS.search(raw))
        )
        if (
            written
            and value < 10
            and not before.endswith("分之")
            and not after.startswith(("%", "倍", "年", "月", "日"))
        ):
            continue  # 一个, 两国: "a", "both", "the two" in English
        q = _zh_classify(text, s, e, raw, value, before, after, approx, written)
        if q is not None:
            out.extend(q)
    out.extend(_zh_fractions(text))
    return _merge_dates(out)


def _zh_classify(
    text: str,
    s: int,
    e: int,
    raw: str,
    value: float,
    before: str,
    after: str,
    approx: bool,
    written: bool,
) -> list[Quantity] | None:
    def q(kind: str, *values: float, end: int = e) -> Quantity:
        return Quantity(tuple(values), kind, s, end, text[s:end], approx, written)

    if before.endswith("百分之"):
        return [Quantity((value,), PERCENT, s - 3, e, text[s - 3 : e], approx, written)]
    if after.startswith("%"):
        return [q(PERCENT, value, end=e + 1)]
    if after.startswith(("个百分点", "百分点")):
        return [q(PERCENT, value)]
    if after.startswith("年代") and value < 100:
        return [q(YEAR, 1900 + value, value)]
    if after.startswith("年") and 1000 <= value <= 2100 and value == int(value):
        return [q(YEAR, value, end=e + 1)]
    if after.startswith("月") and 1 <= value <= 12 and value == int(value):
        return [q(MONTH, value, end=e + 1)]
    if after.startswith(("日", "号")) and 1 <= value <= 31 and value == int(value):
        return [q(DAY, value, end=e + 1)]
    if after.startswith("倍"):
        return [q(MULTIPLE, value, value + 1)]
    if _CLOCK.match(after) and value == int(value) and 0 <= value <= 24:
        # 24时 is "24:00", "2400 hours", "midnight"; 20时 "8 pm"
        return [q(NUMBER, value, value * 100, value % 12 or 12.0)]
    if after.startswith("后") and value in (50, 60, 70, 80, 90, 0, 5, 10):
        return [q(YEAR, value, 1900 + value)]  # 90后: people born in the 1990s
    money = re.match(r"(多|余)?(美元|欧元|英镑|日元|港元|元|块)", after)
    if money:
        return [q(MONEY, value)]
    return [q(NUMBER, value)]


_ZH_FRACTION = re.compile(rf"([{_ZH_CHARS}\d]+)分之([{_ZH_CHARS}\d]+)")


def _zh_fractions(text: str) -> list[Quantity]:
    out = []
    for m in _ZH_FRACTION.finditer(text):
        if m.group(1) == "百":
            continue  # 百分之: a percentage, handled above
        den, num = parse_zh_number(m.group(1)), parse_zh_number(m.group(2))
        if den and num is not None and den > 0:
            out.append(Quantity((num / den, 100 * num / den), FRACTION, *m.span(), m.group(0)))
    return out


def _merge_dates(qs: list[Quantity]) -> list[Quantity]:
    """Join ``11月`` + ``14日`` into one date; drop numbers inside fractions."""
    qs.sort(key=lambda q: (q.start, -q.end))
    fractions = [q for q in qs if q.kind == FRACTION]
    qs = [
        q
        for q in qs
        if q.kind == FRACTION or not any(f.start <= q.start < f.end for f in fractions)
    ]
    out: list[Quantity] = []
    for q in qs:
        prev = out[-1] if out else None
        if prev and prev.kind == MONTH and q.kind == DAY and q.start - prev.end <= 0:
            out[-1] = Quantity(
                (prev.value * 100 + q.value,), DATE, prev.start, q.end, prev.text + q.text
            )
            continue
        out.append(q)
    return out


# -- anchors: every number of a text, as plain values ------------------------------------------

_SCALED_ARABIC = re.compile(
    r"(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|万|亿|千(?![克米瓦])|百(?!分))?"
)
# Runs of two or more numerals, 十 (not 十分 "very"), and a lone 二…九 before a
# measure word (三个, 两名); a lone 一 is mostly the article "a".
_NUMERAL_RUN = re.compile(
    "[零〇一二两三四五六七八九十百千万亿点]{2,}|十(?!分)"
    "|[二两三四五六七八九](?=[个名位次年天人家项件条只座所倍届期轮批])"
)
#: Two or more digits with no unit and no zero: a list (三四五六年级 "grades three to six").
_DIGIT_LIST = re.compile("[一二两三四五六七八九]{2,}")
#: A unit with no numeral before it: a manner of speaking (百班千人, 万人空巷), not a count.
_BARE_UNITS = frozenset("百佰千仟万萬亿億")
#: Runs of numerals that are idioms ("by all means", "one by one") more often than numbers.
_IDIOMS = frozenset({"千万", "万万", "万一", "一一"})
_UNITS = {**_ZH_SMALL_UNITS, **_ZH_LARGE_UNITS}


def number_key(value: float) -> str:
    """A canonical string for a number, so that 7100, 7,100 and 0.71万 meet."""
    return f"{value:.6g}"


def numbers(text: str) -> list[float]:
    """Numbers in a Chinese text: Arabic (with 万/亿 scales) and Chinese numerals.

    A scaled number gives both its parts: ``0.71万`` → 0.71 and 7100.
    """
    norm = normalize(text)
    out: list[float] = []
    for m in _SCALED_ARABIC.finditer(norm):
        value = float(m.group(1).replace(",", ""))
        out.append(value)
        if m.group(2):
            out.append(value * math.prod(_UNITS[c] for c in m.group(2)))
    for m in _NUMERAL_RUN.finditer(norm):
        parsed = _numeral_run_value(m.group())
        if parsed is not None:
            out.append(parsed)
    return out


def _numeral_run_value(run: str) -> float | None:
    """The value of a run of numerals standing alone, if it is one well-formed number.

    Ranges (六七十, 十四五), a leading unit (百万, 万亿, 千千万万) and idioms give None;
    a trailing 点 (两点 "two points", 三点 "three o'clock") is the number before it.
    """
    if run in _IDIOMS:
        return None
    run = run.removesuffix("点")
    if run[:1] in _UNITS and run[:1] != "十":
        return None
    digits = set(_ZH_DIGITS) - {"零"}
    if not set(run) <= set(_ZH_DIGITS) and any(
        a in digits and b in digits for a, b in itertools.pairwise(run)
    ):
        return None  # two digits side by side in a number with units: a range
    return parse_zh_number(run)
