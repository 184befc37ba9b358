"""Numbers in English: quantities in a sentence, and the English number and month words.

The counterpart of :mod:`mtfix.zh.numbers`: ``35 million``, ``thirty-five million``,
``Nov. 14``, ``20 per cent`` become :class:`~mtfix.zh.quantity.Quantity` mentions.
"""

from __future__ import annotations

import re

from mtfix.zh.quantity import (
    DATE,
    FRACTION,
    MONEY,
    MONTH,
    MULTIPLE,
    NUMBER,
    ORDINAL,
    PERCENT,
    YEAR,
    Quantity,
)

#: Number words, zero to nineteen, then the tens.
_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen"
    " fifteen sixteen seventeen eighteen nineteen"
)
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety"
NUMBER_WORDS: dict[str, int] = {w: i for i, w in enumerate(_ONES.split())} | {
    w: 10 * (i + 2) for i, w in enumerate(_TENS.split())
}
SCALES: dict[str, float] = {
    "hundred": 1e2, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
    "mln": 1e6, "bln": 1e9, "bn": 1e9, "m": 1e6, "k": 1e3, "tn": 1e12,
}  # fmt: skip
_ORDINALS = (
    "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth"
    " thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth"
)
_ORDINAL_WORDS = {w: i + 1 for i, w in enumerate(_ORDINALS.split())}
_ORDINAL_WORDS.update({"thirtieth": 30, "thirty-first": 31})
_ORDINAL_WORDS.update({f"twenty-{w}": 20 + v for w, v in list(_ORDINAL_WORDS.items())[:9]})
#: English month names, lower case, January first.
MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")  # fmt: skip
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
_UNITS = (
    r"(?:bn|mln|bln|tn|m|k|km|kg|mm|cm|t|kw|mw|gw|kwh|g|ha|mph|sq|ml|l|mg|kb|mb|gb|tb"
    r"|hz|khz|mhz|ghz|mah|w|v|nm|mbps|gbps|fps|rpm|kmh|kph|h|min|mins|hrs)"
)
_NUMWORD = "|".join(sorted(NUMBER_WORDS, key=len, reverse=True))
_SCALEWORD = "hundred|thousand|million|billion|trillion"
#: Digits may group thousands with ", " ("150, 000", a tokeniser's trace in MT output) or
#: with a space ("30 000", as Hong Kong's government writes), both only when the last group
#: is 000, so that "1, 200" and "May 5 200" stay two numbers, or with dots ("2.313.000.000",
#: two dots or more).  A model's number ("Ka-52M", "F-35") is no quantity.
_EN_TOKEN = re.compile(
    rf"""
    (?P<date1>\b(?P<mon1>{"|".join(_MONTHS)})\.?\s+(?P<day1>\d{{1,2}})(?:st|nd|rd|th)?\b)
  | (?P<date2>\b(?P<day2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon2>{"|".join(_MONTHS)})\b\.?)
  | (?P<month>\b(?:{"|".join(m for m in _MONTHS if len(m) > 3)})\b)
  | (?P<digits>(?<![\w.,]){_CURRENCY}\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?![\w])
              |(?<![\w.,]){_CURRENCY}\d{{1,3}}(?:,\s\d{{3}})*,\s000(?![\w.,])
              |(?<![\w.,]){_CURRENCY}\d{{1,3}}(?:[\x20\u00a0\u202f]\d{{3}})*[\x20\u00a0\u202f]000(?![\w.,])
              |(?<![\w.,]){_CURRENCY}\d{{1,3}}(?:\.\d{{3}}){{2,}}(?![\w.,])
              |(?<![\w.,])(?<!(?-i:[A-Z])-)(?<!(?-i:[A-Z][a-z])-){_CURRENCY}\d+(?:\.\d+)?(?:s|st|nd|rd|th)?(?:(?![\w])|(?={_UNITS}\b)))
    (?:[\s-]*(?P<scale>{_SCALEWORD}|mln|bln|bn|tn)\b|(?P<abbr>m|k)\b)?
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
    tokens = [t for t in re.split(r"[\s-]+", text.lower()) if t not in ("and", "")]
    for k, tok in enumerate(tokens):
        if tok in ("a", "an"):
            # "a hundred", "a million": one; "a one-year plan": only the article.
            if k + 1 < len(tokens) and (tokens[k + 1] == "hundred" or tokens[k + 1] in SCALES):
                current = 1.0
                seen = True
        elif tok in NUMBER_WORDS:
            current += NUMBER_WORDS[tok]
            seen = True
        elif tok == "hundred":
            current = (current or 1.0) * 100
        elif tok in SCALES:
            total += (current or 1.0) * SCALES[tok]
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
            if value is not None and _DECADES.match(sentence, e):
                value *= 10  # "two decades": twenty years
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


#: Right after a number word, "decades" makes tens of years.
_DECADES = re.compile(r"\s+decades\b", re.I)
#: What joins the two ends of a range; the second end may repeat the currency ("S$13.8 to
#: S$14.3 billion").
_RANGE_JOIN = re.compile(r"^\s*(?:to|-|–|—|and|or)\s*(?:[A-Z]{0,3}[$€£¥]|RMB|CNY|USD)?\s*$")


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


#: A currency written on the number ("$30m", "RMB 5,000").
_CURRENCY_MARK = re.compile(r"[$€£¥]|RMB|CNY|USD")


def _en_digits(m: re.Match[str], approx: bool) -> Quantity:
    raw = m.group("digits")
    if re.search(r"\d\.\d{3}\.\d{3}", raw):
        raw = raw.replace(".", ",")  # 2.313.000.000: dots that group thousands
    num = re.sub(r"[^\d.]", "", re.sub(r"(st|nd|rd|th|s)$", "", raw.strip()))
    value = float(num) if num and num != "." else 0.0
    # "m" and "k" are scales only written on the number ($30m, 5k): "30 m" is metres, and so
    # is "30m" without a currency ("waterproof to 30m").
    abbr = m.group("abbr")
    if abbr and abbr.lower() == "m" and not _CURRENCY_MARK.search(raw):
        abbr = None
    scale = m.group("scale") or abbr
    if scale:
        value *= SCALES[scale.lower()]
    kind = NUMBER
    if m.group("pct"):
        kind = PERCENT
    elif _CURRENCY_MARK.search(raw):
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
    if len(parts) > 1 and parts[0] in NUMBER_WORDS:
        num = float(NUMBER_WORDS[parts[0]])
    return Quantity((num / den, 100 * num / den), FRACTION, s, e, text, written=True)
