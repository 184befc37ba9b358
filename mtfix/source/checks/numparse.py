"""Numbers, dates, percentages and money in Chinese and in English.

Both sides are reduced to :class:`Quantity` mentions whose ``values`` can be compared:
``三千五百万`` and ``35 million`` both hold 35,000,000; ``百分之二十`` and ``20 per cent``
both hold 20; ``2018年11月14日`` gives a year (2018) and a date (11-14) that match
``November 14, 2018``, ``Nov. 14`` or ``14 November``.
"""

from __future__ import annotations

import math
import re
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


# -- Chinese ---------------------------------------------------------------------------------------

_ZH_DIGITS = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8,
    "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
_ZH_SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_FULLWIDTH = str.maketrans("０１２３４５６７８９％．，", "0123456789%.,")

_ZH_CHARS = "零〇一壹二贰两三叁四肆五伍六陆七柒八捌九玖十拾百佰千仟"
_ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
_ZH_NUM = re.compile(
    rf"(?P<num>(?:{_ARABIC}|[{_ZH_CHARS}])(?:{_ARABIC}|[{_ZH_CHARS}万亿]|点(?=[{_ZH_CHARS}\d]))*)"
)
#: What may follow a Chinese-numeral number for it to count as a quantity.
_MEASURES = [
    "个",
    "名",
    "人",
    "家",
    "位",
    "年",
    "月",
    "日",
    "号",
    "天",
    "岁",
    "元",
    "块",
    "美元",
    "欧元",
    "英镑",
    "日元",
    "港元",
    "韩元",
    "卢布",
    "倍",
    "次",
    "种",
    "项",
    "座",
    "所",
    "只",
    "条",
    "件",
    "台",
    "辆",
    "架",
    "艘",
    "部",
    "本",
    "篇",
    "场",
    "届",
    "公里",
    "千米",
    "米",
    "厘米",
    "毫米",
    "吨",
    "公斤",
    "千克",
    "克",
    "斤",
    "亩",
    "平方",
    "立方",
    "公顷",
    "小时",
    "分钟",
    "秒",
    "周",
    "国",
    "省",
    "市",
    "县",
    "%",
    "例",
    "户",
    "株",
    "头",
    "张",
    "份",
    "批",
    "轮",
    "期",
    "款",
    "层",
    "度",
    "笔",
    "千瓦",
    "瓦",
    "升",
    "百分点",
    "个百分点",
    "余",
    "多",
    "来",
    "强",
    "万",
    "亿",
]
_APPROX_BEFORE = re.compile(
    r"(约|大约|近|将近|接近|超过|逾|超|多达|上|数|几|成|至少|不到|不足|逾)$"
)
_VAGUE_BEFORE = re.compile(r"(数|几|上|成|好几)$")
_APPROX_AFTER = re.compile(r"^(多|余|来|左右|上下|以上|以下|强)")
_APPROX_INSIDE = re.compile(rf"([\d{_ZH_CHARS}])(余|多)(万|亿)")
_NOT_NUMBER = ("十分", "万一", "一一", "千万不", "千万别", "千万要", "一旦", "一律", "统一", "唯一")


def parse_zh_number(text: str) -> float | None:
    """``三千五百万`` → 35000000, ``3.5万`` → 35000, ``二〇一八`` → 2018."""
    text = text.translate(_FULLWIDTH).replace(",", "")
    if not text:
        return None
    for unit, scale in (("亿", 1e8), ("万", 1e4)):
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
    return total + (number or 0.0)


def _has_chinese_numeral(s: str) -> bool:
    return any(c in _ZH_CHARS or c in "万亿" for c in s) and not re.search(r"\d", s)


def zh_quantities(sentence: str) -> list[Quantity]:
    """Quantities in a Chinese sentence."""
    # "500余万" (over five million): move 余/多 after the scale, keeping offsets.
    text = _APPROX_INSIDE.sub(
        lambda m: m.group(1) + m.group(3) + m.group(2), sentence.translate(_FULLWIDTH)
    )
    out: list[Quantity] = []
    for m in _ZH_NUM.finditer(text):
        s, e = m.span()
        raw = m.group(0)
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
                or not any(after.startswith(u) for u in _MEASURES)
            )
        ):
            continue
        if _VAGUE_BEFORE.search(before) and written:
            continue  # 数百万, 几十: no definite value
        value = parse_zh_number(raw)
        if value is None:
            continue
        approx = bool(_APPROX_BEFORE.search(before) or _APPROX_AFTER.match(after))
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


# -- English ---------------------------------------------------------------------------------------

_WORD_NUMBERS = {
    w: i
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
        ]
    )
}
_WORD_NUMBERS.update(
    {
        w: 10 * (i + 2)
        for i, w in enumerate(
            ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
        )
    }
)
_SCALES = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mln": 1e6, "bln": 1e9, "bn": 1e9, "m": 1e6, "k": 1e3, "tn": 1e12,
}  # fmt: skip
_ORDINAL_WORDS = {
    w: i + 1
    for i, w in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ]
    )
}
_ORDINAL_WORDS.update({"thirtieth": 30, "thirty-first": 31})
_ORDINAL_WORDS.update({f"twenty-{w}": 20 + v for w, v in list(_ORDINAL_WORDS.items())[:9]})
MONTH_NAMES = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_MONTHS = {m: i + 1 for i, m in enumerate(MONTH_NAMES)}
_MONTHS.update({m[:3]: v for m, v in list(_MONTHS.items())})
_MONTHS["sept"] = 9
_FRACTION_WORDS = {
    "half": 2, "halves": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4,
    "fifth": 5, "fifths": 5, "tenth": 10, "tenths": 10,
}  # fmt: skip
_MULTIPLES = {"twice": 2, "double": 2, "doubled": 2, "triple": 3, "tripled": 3, "threefold": 3,
              "fourfold": 4, "quadrupled": 4, "fivefold": 5, "tenfold": 10}  # fmt: skip

_CURRENCY = r"(?:(?:RMB|CNY|USD|US\$|HK\$|[$€£¥])\s?)?"
#: Units and scales written right after digits: 5km, $1.5bn.
_UNITS = r"(?:bn|mln|bln|tn|m|k|km|kg|mm|cm|t|kw|mw|gw|kwh|g|ha|mph|sq)"
_NUMWORD = "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True))
_SCALEWORD = "hundred|thousand|million|billion|trillion"
_EN_TOKEN = re.compile(
    rf"""
    (?P<date1>\b(?P<mon1>{"|".join(_MONTHS)})\.?\s+(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\b)
  | (?P<date2>\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{"|".join(_MONTHS)})\b\.?)
  | (?P<month>\b(?:{"|".join(m for m in _MONTHS if len(m) > 3)})\b)
  | (?P<digits>(?<![\w.,]){_CURRENCY}\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\w])
              |(?<![\w.,]){_CURRENCY}\d+(?:\.\d+)?(?:s|st|nd|rd|th)?(?:(?![\w])|(?={_UNITS}\b)))
    (?:[\s-]*(?P<scale>{_SCALEWORD}|mln|bln|bn|tn|m|k)\b)?
    (?P<pct>\s?(?:%|percent\b|per\s?cent\b|percentage\s+points?\b))?
  | (?P<fraction>\b(?:(?:a|an|one|two|three|four)[\s-]+(?:{"|".join(_FRACTION_WORDS)})|half)\b)
  | (?P<words>\b(?:(?:{_NUMWORD}|a|an)(?:[\s-]+(?:and\s+)?(?:{_NUMWORD}|{_SCALEWORD}))*
              |(?:{_NUMWORD}))\b)
    (?P<wpct>\s(?:percent\b|per\s?cent\b|percentage\s+points?\b))?
  | (?P<ordinal>\b(?:{"|".join(sorted(_ORDINAL_WORDS, key=len, reverse=True))})\b)
  | (?P<multiple>\b(?:{"|".join(_MULTIPLES)})\b)
    """,
    re.I | re.X,
)
_EN_APPROX = re.compile(
    r"(about|around|nearly|almost|roughly|approximately|some|over|more than|less than|under"
    r"|up to|at least|close to|upwards of|approx\.?|~|estimated)\s*$",
    re.I,
)


def _words_value(text: str) -> float | None:
    """``thirty-five million`` → 35e6; ``a hundred`` → 100; ``two hundred and five`` → 205."""
    total = 0.0
    current = 0.0
    seen = False
    for tok in re.split(r"[\s-]+", text.lower()):
        if tok in ("and", ""):
            continue
        if tok in ("a", "an"):
            current = 1.0
            seen = True
        elif tok in _WORD_NUMBERS:
            current += _WORD_NUMBERS[tok]
            seen = True
        elif tok == "hundred":
            current = (current or 1.0) * 100
        elif tok in _SCALES:
            total += (current or 1.0) * _SCALES[tok]
            current = 0.0
        else:
            return None
    return total + current if seen else None


def en_quantities(sentence: str) -> list[Quantity]:
    """Quantities in an English sentence."""
    out: list[Quantity] = []
    for m in _EN_TOKEN.finditer(sentence):
        s, e = m.span()
        approx = bool(_EN_APPROX.search(sentence[max(0, s - 20) : s]))
        g = m.groupdict()
        if g["date1"] or g["date2"]:
            mon = _MONTHS[(g["mon1"] or g["mon2"]).lower().rstrip(".")]
            day = int(g["day1"] or g["day2"])
            if g["date1"] and g["mon1"].lower() == "may" and day > 31:
                continue
            if 1 <= day <= 31:
                out.append(Quantity((mon * 100 + day,), DATE, s, e, m.group(0)))
                continue
        if g["month"]:
            out.append(Quantity((float(_MONTHS[g["month"].lower()]),), MONTH, s, e, m.group(0)))
        elif g["digits"]:
            out.append(_en_digits(m, approx))
        elif g["words"]:
            if g["words"].lower() in ("a", "an"):
                continue
            value = _words_value(g["words"])
            if value is not None:
                kind = PERCENT if g["wpct"] else NUMBER
                out.append(Quantity((value,), kind, s, e, m.group(0), approx, written=True))
        elif g["ordinal"]:
            v = float(_ORDINAL_WORDS[g["ordinal"].lower()])
            out.append(Quantity((v,), ORDINAL, s, e, m.group(0), written=True))
        elif g["multiple"]:
            v = float(_MULTIPLES[g["multiple"].lower()])
            out.append(Quantity((v,), MULTIPLE, s, e, m.group(0), written=True))
        elif g["fraction"]:
            out.append(_en_fraction(m.group(0), s, e))
    return _share_range_scale(sentence, out)


_RANGE_JOIN = re.compile(r"^\s*(?:to|-|–|—|and|or)\s*$")


def _share_range_scale(sentence: str, qs: list[Quantity]) -> list[Quantity]:
    """ "12 to 14 million": the scale of the second number applies to the first too."""
    out = list(qs)
    for i in range(len(qs) - 1):
        a, b = qs[i], qs[i + 1]
        if (
            a.kind in (NUMBER, MONEY)
            and b.value >= 1e3
            and _RANGE_JOIN.match(sentence[a.end : b.start])
        ):
            scale = next(
                (
                    s
                    for s in (1e12, 1e9, 1e6, 1e3)
                    if b.value >= s and a.value < s and a.value * s <= b.value * 10
                ),
                None,
            )
            if scale and not re.search(r"\d,\d", a.text):
                out[i] = Quantity(
                    (a.value, a.value * scale), a.kind, a.start, a.end, a.text, a.approx, a.written
                )
    return out


def _en_digits(m: re.Match[str], approx: bool) -> Quantity:
    raw = m.group("digits")
    num = re.sub(r"[^\d.]", "", re.sub(r"(st|nd|rd|th|s)$", "", raw.strip()))
    value = float(num) if num and num != "." else 0.0
    scale = m.group("scale")
    if scale:
        value *= _SCALES[scale.lower()]
    kind = NUMBER
    if m.group("pct"):
        kind = PERCENT
    elif re.search(r"[$€£¥]|RMB|CNY|USD", raw):
        kind = MONEY
    elif re.search(r"\d(st|nd|rd|th)$", raw):
        kind = ORDINAL
    elif not scale and value == int(value) and 1000 <= value <= 2100 and "," not in raw:
        kind = YEAR
    values: tuple[float, ...] = (value,)
    if raw.endswith("s") and not raw.endswith(("st", "ts")) and value < 100:
        values = (value, 1900 + value)  # the 90s
    elif raw.endswith("s") and value >= 1000:
        values = (value, value % 100)
    if kind == PERCENT:
        values = (value, value / 100)
    return Quantity(values, kind, m.start(), m.end(), m.group(0), approx)


def _en_fraction(text: str, s: int, e: int) -> Quantity:
    parts = re.split(r"[\s-]+", text.lower())
    den = _FRACTION_WORDS[parts[-1]]
    num = 1.0
    if len(parts) > 1 and parts[0] in _WORD_NUMBERS:
        num = float(_WORD_NUMBERS[parts[0]])
    return Quantity((num / den, 100 * num / den), FRACTION, s, e, text, written=True)


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
