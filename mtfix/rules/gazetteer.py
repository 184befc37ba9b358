"""Gazetteer consistency: "City, Province" pairs are checked against real data.

Recognised forms: "Zhangzhou, Fujian", "Zhangzhou, Fujian Province",
"Zhangzhou City, Fujian Province", "Zhangzhou in Fujian" and "Fujian's
Zhangzhou".  The table (``data/gazetteer.json``, built by
:mod:`mtfix.rules.build_gazetteer` from CC-CEDICT) maps an English place name
to the provinces that have a place of that name; the provinces themselves are
:mod:`mtfix.zh.provinces`.

* A known name in one of its provinces is left alone (a name found in
  several provinces is fine when any of them matches).
* A known name in a province it is not in is flagged.  When one city of the
  stated province sounds alike (shared pinyin syllables, e.g. Zhangzhou →
  Danzhou in Hainan) it is proposed, with a confidence below the default
  threshold; the other fix, "the province should be Fujian", is in the
  reason and ``data``.
* An unknown name one letter away from a city of the stated province
  ("Shenzen, Guangdong") is corrected to it.
"""

from __future__ import annotations

import difflib
import importlib.resources
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer
from mtfix.zh.provinces import all_provinces

_INITIALS = ("zh", "ch", "sh", "b", "p", "m", "f", "d", "t", "n", "l", "g", "k", "h", "j", "q",
             "x", "r", "z", "c", "s", "y", "w")  # fmt: skip
#: Kinds of place a wrong city may be swapped for: prefecture- and county-level cities.
_CITY_KINDS = ("p", "c")


@dataclass(frozen=True)
class Place:
    name: str
    zh: str
    syllables: tuple[str, ...]
    province: str
    kind: str


def ascii_key(name: str) -> str:
    """Lookup key: diacritics stripped, apostrophes straightened."""
    plain = unicodedata.normalize("NFKD", name.replace("’", "'"))
    return "".join(c for c in plain if not unicodedata.combining(c))


def _pinyin_name(syllables: tuple[str, ...]) -> str:
    return ascii_key("".join(syllables)).casefold()


class Gazetteer:
    """English place names of China and the provinces they are in."""

    def __init__(self, data: dict[str, object]) -> None:
        places = data["places"]
        assert isinstance(places, dict)
        self.provinces: dict[str, str] = {}  # name or alias → province
        self.province_zh: dict[str, str] = {}
        for province in all_provinces():
            self.province_zh[province.name] = province.zh
            for name in province.english:
                self.provinces[name] = province.name
        self.places: dict[str, list[Place]] = {
            key: [Place(key, zh, tuple(syl.split()), prov, kind) for zh, syl, prov, kind in rows]
            for key, rows in places.items()
        }

    def lookup(self, name: str) -> list[Place]:
        return self.places.get(ascii_key(name), [])

    @cached_property
    def cities_by_province(self) -> dict[str, list[Place]]:
        """Cities of each province, one English name each (the non-pinyin one if any)."""
        chosen: dict[tuple[str, str], Place] = {}
        for places in self.places.values():
            for p in places:
                if p.kind not in _CITY_KINDS:
                    continue
                key = (p.zh, p.province)
                old = chosen.get(key)
                # prefer a name that is not the bare pinyin (Hohhot over Huhehaote)
                if old is None or (
                    p.name.casefold() != _pinyin_name(p.syllables)
                    and old.name.casefold() == _pinyin_name(old.syllables)
                ):
                    chosen[key] = p
        out: dict[str, list[Place]] = {}
        for p in chosen.values():
            out.setdefault(p.province, []).append(p)
        return out

    @cached_property
    def province_pattern(self) -> re.Pattern[str]:
        names = "|".join(re.escape(p) for p in sorted(self.provinces, key=len, reverse=True))
        return re.compile(rf"(?:{names})(?![\w])")


_CITY = r"[A-ZÜ][a-zü]+(?:['’-][a-zü]+)*"
_LEVEL = r"(?: (?:[Pp]rovince|[Aa]utonomous [Rr]egion|[Mm]unicipality))"
#: "Zhangzhou, " / "Zhangzhou City, " / "Zhangzhou in " just before a province name.
_BEFORE = re.compile(
    rf"(?<![\w'’-])(?P<city>{_CITY})(?P<suffix> (?:City|County|District))?"
    r"(?:,[^\S\n]*| in (?:the )?)\Z"
)
#: " Province" after a province name.
_LEVEL_AFTER = re.compile(_LEVEL)
#: "('s) Zhangzhou" after a province name ("Hainan's Zhangzhou"); not the first word of a
#: longer name ("Taiwan's Central News Agency").
_POSSESSIVE_AFTER = re.compile(rf"{_LEVEL}?['’]s (?P<city>{_CITY})(?![\w'’-])(?! [A-Z])")
_WINDOW = 40


@dataclass(frozen=True)
class _Pair:
    city: str
    start: int
    end: int
    province: str
    weak: bool  # "Zhangzhou, Hainan" with no "City"/"Province" to mark it
    pair_end: int


def find_pairs(gaz: Gazetteer, text: str) -> Iterator[_Pair]:
    """City/province pairs: province names are found first, then what surrounds them."""
    for pm in gaz.province_pattern.finditer(text):
        start, end = pm.span()
        if start and (text[start - 1].isalnum() or text[start - 1] in "'’-_"):
            continue
        province = gaz.provinces[pm.group(0)]
        before = _BEFORE.search(text, max(0, start - _WINDOW), start)
        if before:
            level = _LEVEL_AFTER.match(text, end)
            weak = not before.group("suffix") and level is None
            pair_end = level.end() if level else end
            yield _Pair(before.group("city"), *before.span("city"), province, weak, pair_end)
            continue
        after = _POSSESSIVE_AFTER.match(text, end)
        if after:
            yield _Pair(after.group("city"), *after.span("city"), province, False, after.end())


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The shipped gazetteer (read once)."""
    raw = (
        importlib.resources.files("mtfix.rules")
        .joinpath("data/gazetteer.json")
        .read_text(encoding="utf-8")
    )
    return Gazetteer(json.loads(raw))


# -- similarity ----------------------------------------------------------------------


def _split(syllable: str) -> tuple[str, str]:
    for ini in _INITIALS:
        if syllable.startswith(ini) and len(syllable) > len(ini):
            return ini, syllable[len(ini) :]
    return "", syllable


def _syllable_similarity(a: str, b: str) -> float:
    if a == b:
        return 1.0
    (ia, fa), (ib, fb) = _split(a), _split(b)
    if fa == fb:
        final = 1.0
    elif fa.rstrip("g") == fb.rstrip("g") or fa.startswith(fb) or fb.startswith(fa):
        final = 0.5
    else:
        final = 0.0
    return 0.5 * (ia == ib) + 0.5 * final


def sound_similarity(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    """How alike two place names sound, by pinyin syllables (0..1).

    Names must share at least one syllable in place; "zhang zhou" and
    "dan zhou" score 0.625.
    """
    a = tuple(ascii_key(s) for s in a)
    b = tuple(ascii_key(s) for s in b)
    if len(a) != len(b) or not any(x == y for x, y in zip(a, b, strict=True)):
        return 0.0
    return sum(_syllable_similarity(x, y) for x, y in zip(a, b, strict=True)) / len(a)


def _edit_distance_one(a: str, b: str) -> bool:
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    changed = [op for op in sm.get_opcodes() if op[0] != "equal"]
    return (
        len(changed) == 1
        and max(op[2] - op[1] for op in changed) <= 1
        and max(op[4] - op[3] for op in changed) <= 1
    )


# -- the fixer -----------------------------------------------------------------------

_LIST_AFTER = re.compile(r"\s*(?:,|and\b|or\b|&)\s*(?:the\s+)?[A-Z]")
_LIST_BEFORE = re.compile(r"[A-Z][\w'’-]*,[^\S\n]*\Z")
#: A capitalised word right after the province, or right before the city.
_NAME_GOES_ON = re.compile(r" [A-Z]")
#: "Xiong'an New District": an apostrophe inside the name, not a possessive ("Hainan's").
_NAME_BEFORE = re.compile(r"\b[A-Z][a-z]+(?:['’][a-z]{2,}|-[a-z]+)* \Z")
_POSSESSIVE = re.compile(r"['’]s\b")
#: A capitalised word before the city this frequent in English is an ordinary word ("In").
_ORDINARY_ZIPF = 4.0


def _name_before(text: str, start: int) -> bool:
    """A capitalised word that is no ordinary English word stands right before ``start``."""
    from mtfix.clean.words import zipf

    m = _NAME_BEFORE.search(text, max(0, start - _WINDOW), start)
    return m is not None and zipf(m.group().strip().lower()) < _ORDINARY_ZIPF


_MIN_SOUND = 0.5
_MARGIN = 0.15


def _suggest(gaz: Gazetteer, places: list[Place], province: str) -> tuple[Place, float] | None:
    """The one city of ``province`` that sounds like the misplaced name, if clear."""
    scored = sorted(
        (
            (max(sound_similarity(p.syllables, c.syllables) for p in places), c)
            for c in gaz.cities_by_province.get(province, [])
        ),
        key=lambda t: (-t[0], t[1].name),
    )
    if not scored or scored[0][0] < _MIN_SOUND:
        return None
    if len(scored) > 1 and scored[0][0] - scored[1][0] < _MARGIN:
        return None
    return scored[0][1], scored[0][0]


def _describe(p: Place) -> str:
    return f"{p.name} ({p.zh})" if p.zh else p.name


@fixer("rules.gazetteer", stage="rules", order=30)
def city_province(text: str, ctx: FixContext) -> Iterator[Edit]:
    """'City, Province' pairs whose city is not in that province (gazetteer)."""
    gaz = gazetteer()
    for pair in find_pairs(gaz, text):
        name, province, start, end = pair.city, pair.province, pair.start, pair.end
        if name in gaz.provinces:  # "Beijing, Guangdong …": a list of regions
            continue
        listed_after = _LIST_AFTER.match(text, pair.pair_end)
        listed_before = _LIST_BEFORE.search(text, max(0, start - _WINDOW), start)
        if (listed_after and listed_before) or (pair.weak and (listed_after or listed_before)):
            continue  # "Pingdingshan City, Nanyang City, Hubei Province, Xiangyang City"
        if _NAME_GOES_ON.match(text, pair.pair_end) or _name_before(text, start):
            # "Guizhou Zunyi", "Hainan Mongolian … Prefecture"; "Pudong New District",
            # "Zhao Yijun": the word is part of a longer name, not the province or the city.
            continue
        if pair.weak and _POSSESSIVE.match(text, pair.pair_end):
            continue  # "Wuhan, Guangdong's medical team": no "City, Province" pair
        places = gaz.lookup(name)
        if any(p.province == province for p in places):
            continue
        if places:
            yield _misplaced(ctx, gaz, start, end, name, places, province)
        else:
            edit = _misspelt(ctx, gaz, start, end, name, province)
            if edit is not None:
                yield edit


def _misplaced(
    ctx: FixContext,
    gaz: Gazetteer,
    start: int,
    end: int,
    name: str,
    places: list[Place],
    province: str,
) -> Edit:
    homes = sorted({p.province for p in places})
    where = " or ".join(homes)
    zh = "/".join(sorted({p.zh for p in places}))
    data: dict[str, object] = {
        "city": name,
        "zh": zh,
        "stated_province": province,
        "city_provinces": homes,
        "alternative": f"the province should be {where}",
    }
    found = _suggest(gaz, places, province)
    base = f"{name} ({zh}) is in {where}, not {province}"
    if found is None:
        return ctx.edit(
            start, end, name, f"{base}: either the city or the province is wrong",
            confidence=0.5, data=data,
        )  # fmt: skip
    city, score = found
    data["suggestion"] = {"city": city.name, "zh": city.zh, "score": round(score, 3)}
    reason = (
        f"{base}. Either the city is {_describe(city)}, the {province} city that sounds "
        f"alike, or the province should be {where}"
    )
    return ctx.edit(start, end, city.name, reason, confidence=0.45 + 0.3 * score, data=data)


def _misspelt(
    ctx: FixContext, gaz: Gazetteer, start: int, end: int, name: str, province: str
) -> Edit | None:
    if len(name) < 5:
        return None
    key = ascii_key(name).casefold()
    near = [
        c
        for c in gaz.cities_by_province.get(province, [])
        if _edit_distance_one(key, ascii_key(c.name).casefold())
    ]
    if len(near) != 1:
        return None
    city = near[0]
    reason = (
        f"{name!r} is not a place in {province}; {_describe(city)} is, and differs by one letter"
    )
    confidence = 0.85 if city.kind == "p" else 0.7
    data = {
        "city": name,
        "stated_province": province,
        "suggestion": {"city": city.name, "zh": city.zh},
    }
    return ctx.edit(start, end, city.name, reason, confidence=confidence, data=data)
