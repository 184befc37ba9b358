"""``source.places``: "City, Province" pairs say what the source says.

"Zhangzhou, Hainan" for a source that has 漳州 (and 福建) becomes "Zhangzhou, Fujian".  The
province comes from the source sentence when it names one, else from CC-CEDICT's entry for the
city.  The rules-layer gazetteer makes the same repair without a source, from geography alone;
with a source the evidence is stronger, so this fix is applied.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer
from mtfix.source.checks._base import aligned_pairs, short
from mtfix.source.checks.entities import Entity, entities_for
from mtfix.zh.cedict import PERSON, PLACE
from mtfix.zh.pinyin import fold
from mtfix.zh.provinces import province_by_english, provinces

_NAME = r"[A-Z][^\W\d_]*(?:['’-][^\W\d_]+)*"
_CITY_PROVINCE = re.compile(
    rf"(?P<city>{_NAME}(?:\s{_NAME})?)(?:\s(?:[Cc]ity|[Cc]ounty|[Dd]istrict))?,\s+"
    rf"(?P<province>{_NAME}(?:\s{_NAME})?)(?:\s[Pp]rovince)?"
)
#: Confidence when the source sentence names the province / when CC-CEDICT does.
SOURCE_CONFIDENCE = 0.95
CEDICT_CONFIDENCE = 0.85


def _province_of(en_words: str) -> tuple[str, str] | None:
    """``("Inner Mongolia", "内蒙古")`` for the longest province name at the start."""
    by_en = province_by_english()
    words = en_words.split()
    for n in (2, 1):
        if len(words) >= n:
            head = " ".join(words[:n])
            zh = by_en.get(fold(head))
            if zh:
                return head, zh
    return None


def expected_province(city: Entity, entities: list[Entity]) -> tuple[str, float] | None:
    """The province the source puts ``city`` in, and how sure that is."""
    named = [e.zh for e in entities if e.zh in provinces() and e.zh != city.zh]
    if len(set(named)) == 1 and (city.province is None or city.province == named[0]):
        return named[0], SOURCE_CONFIDENCE
    if city.province and (not named or city.province in named):
        return city.province, SOURCE_CONFIDENCE if named else CEDICT_CONFIDENCE
    return None


#: A capitalised name right after the province: "Guizhou Zunyi", the next item of a list.
_LIST_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")


def place_problems(
    zh: str, en: str, entities: list[Entity]
) -> Iterator[tuple[int, int, str, str, float]]:
    """``(start, end, after, reason, confidence)`` on ``en`` for wrong provinces."""
    cities = [e for e in entities if e.kind == PLACE and e.zh not in provinces()]
    for m in _CITY_PROVINCE.finditer(en):
        found = _province_of(m.group("province"))
        if found is None:
            continue
        province_en, province_zh = found
        city_text = m.group("city")
        city = next((c for c in cities if any(fold(f) == fold(city_text) for f in c.english)), None)
        if city is None:
            # "Fujian Zhangzhou, …": the city may be the last word of the capitalised run.
            last = city_text.split()[-1]
            city = next((c for c in cities if any(fold(f) == fold(last) for f in c.english)), None)
        if city is None:
            continue
        expected = expected_province(city, entities)
        if expected is None or expected[0] == province_zh:
            continue
        want_zh, confidence = expected
        after = provinces()[want_zh][0]
        start = m.start("province")
        end = start + len(province_en)
        if _LIST_NAME_AFTER.match(en, end):
            continue  # "Zhejiang Jiaxing, Guizhou Zunyi": a list, each province before its city
        if province_zh in zh and want_zh + city.zh not in zh:
            # The source names this province too, and not the expected one before the city
            # (福建漳州): the English may well be right.
            continue
        source = "the source" if confidence == SOURCE_CONFIDENCE else "CC-CEDICT"
        reason = (
            f"{city.zh} ({city.preferred}) is in {want_zh} ({after}) according to {source}, "
            f"not {province_en}"
        )
        yield start, end, after, reason, confidence


@fixer("source.places", stage="source", order=25, severity="error", needs_source=True)
def check_places(text: str, ctx: FixContext) -> Iterator[Edit]:
    """ "City, Province" pairs are corrected to the province the source gives."""
    pairs = [p for p in aligned_pairs(ctx) if _CITY_PROVINCE.search(p.en)]
    if not pairs:
        return
    for pair in pairs:
        entities = [e for e in entities_for(ctx, pair.zh) if e.english or e.kind == PERSON]
        for a, b, after, reason, confidence in place_problems(pair.zh, pair.en, entities):
            yield ctx.edit(
                pair.start + a,
                pair.start + b,
                after,
                reason,
                confidence=confidence,
                data={"source_sentence": short(pair.zh, 200)},
            )
