"""``source.consistency``: one source name, one English rendering in the whole document.

For every name of the source, the renderings the English uses are collected: the expected
form where it is present, otherwise the unexplained capitalised span that sounds most like
the name (or like the document's other renderings of it).  When one name is rendered two
ways, the odd ones are changed to the best-supported rendering: the glossary / table /
CC-CEDICT form when it is used somewhere, else the majority.  When every rendering misses a
known name, the majority is no anchor: the known form is only suggested (a flag).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer
from mtfix.source.checks._base import Pair, aligned_pairs, short
from mtfix.source.checks.english_names import ordinary_word, singular
from mtfix.source.checks.entities import (
    Entity,
    NameSpan,
    derived_mention,
    entities_for,
    name_spans,
    pinyin_syllables,
    present,
    similarity,
    syllable_diff,
)
from mtfix.source.checks.han_names import story_abroad
from mtfix.source.checks.names import (
    CONVENTION_CONFIDENCE,
    by_convention,
    locate,
    unexplained_spans,
)
from mtfix.zh.cedict import PERSON, PLACE
from mtfix.zh.pinyin import fold, pinyin_word

#: Where a name's known English comes from when it is trusted over the document's majority.
TRUSTED_ORIGINS = ("source", "table", "glossary", "cedict")
#: The most a fix may be sure of that replaces more words than the name has: shown only.
LONGER_RENDERING_CONFIDENCE = 0.6
#: Confidence of a majority rendering of a name no table knows (under the flag threshold).
UNVERIFIED_CONFIDENCE = 0.5
#: How close an odd rendering must sound to the majority one to be taken for the same name.
MIN_SIMILARITY = 0.6
#: How close a rendering must sound to the characters' pinyin to read them ("Shayibak").
READS_THE_CHARACTERS = 0.8


@dataclass(frozen=True)
class Rendering:
    pair: Pair
    start: int  # on pair.en
    end: int
    text: str
    expected: bool  # the glossary / table / CC-CEDICT / pinyin form


def _renderings(pair: Pair, ent: Entity, spans: list[NameSpan]) -> list[Rendering]:
    if ent.english:
        form = present(ent.english, pair.en)
        if form is not None:
            return [Rendering(pair, a, b, pair.en[a:b], True) for a, b in locate(form, pair.en)[:1]]
    return [Rendering(pair, sp.start, sp.end, sp.text, False) for sp in spans]


def consistency_problems(
    pairs: list[Pair], entities: dict[int, list[Entity]]
) -> Iterator[tuple[Rendering, str, str, float, str]]:
    """``(odd rendering, replacement, reason, confidence, kind)`` across the document; the kind
    says what the replacement rests on (``expected``, ``known`` or ``majority``)."""
    by_name: dict[str, list[list[Rendering]]] = {}
    entity_of: dict[str, Entity] = {}
    for pair in pairs:
        ents = entities.get(pair.index, [])
        free = unexplained_spans(name_spans(pair.en), ents, pair.en, pair.zh)
        for ent in ents:
            by_name.setdefault(ent.zh, []).append(_renderings(pair, ent, free))
            entity_of.setdefault(ent.zh, ent)
    abroad = story_abroad(pair.zh for pair in pairs)
    for zh, occurrences in by_name.items():
        if len(occurrences) < 2:
            continue
        fixed = [occ[0] for occ in occurrences if len(occ) == 1]
        counts = Counter(fold(r.text) for r in fixed)
        expected = [r for r in fixed if r.expected]
        known = entity_of[zh]
        if expected:
            best, kind = expected[0].text, "expected"
            support = "the expected form, used elsewhere in the document"
        elif known.english and known.origin in TRUSTED_ORIGINS:
            # Every rendering differs from the known name: the majority is no anchor.
            best, kind = known.preferred or known.english[0], "known"
            support = f"its known English name ({known.origin})"
        else:
            if not counts:
                continue
            (top, n), *rest = counts.most_common()
            if n < 2 or (rest and rest[0][1] == n):
                continue  # no majority
            best, kind = next(r.text for r in fixed if fold(r.text) == top), "majority"
            support = f"used {n} times for {zh} in this document"
        for occ in occurrences:
            if any(fold(r.text) == fold(best) or r.expected for r in occ):
                continue
            cands = [(similarity(r.text, best), r) for r in occ]
            if not cands:
                continue
            score, odd = max(cands, key=lambda t: t[0])
            if (
                score < MIN_SIMILARITY
                or _singular(odd.text) in _singular(best)
                or _singular(best) in _singular(odd.text)
            ):
                # Unlike, or a partial mention ("Communist" for the whole party name; "Key
                # Laboratory" of "State Key Laboratories").
                continue
            ent = entity_of[zh]
            if derived_mention(ent, odd.text):
                continue  # "Communist Prime (Minister)": the name's head word in a phrase
            if _shifted(odd.text, best) or _same_head(odd.text, best):
                # "[Beijing] Performance Theatre" for 京演 "Beijing Performance"; "Houdeli Bee
                # Chain Store Network" against "Houdeli Bee Industry": the name, then other words
                continue
            if re.search(r"['’]s\b", odd.text):
                continue  # "Malawi's Health": a possessive names someone else
            if all(ordinary_word(w) for w in f"{odd.text} {best}".split()):
                continue  # "Naval" and "Navy" for 海军: translations, not names
            if ent.kind == PERSON and not _same_family(odd.text, best):
                continue  # "Zhaohui Jiang" for "Zhu Lilan": another person
            if syllable_diff(ent, NameSpan(odd.start, odd.end, odd.text)) == 0:
                continue  # "Bo Lixiang" for 柏立祥: another reading of its characters
            if abroad and ent.kind == PLACE and _is_pinyin(best) and not _is_pinyin(odd.text):
                continue  # "Bac Giang" for 北江 in a story on Vietnam: the place's own name
            if (
                kind == "known"
                and ent.kind == PLACE
                and sum(any(fold(r.text) == fold(odd.text) for r in o) for o in occurrences) >= 2
                and not _is_pinyin(odd.text)
                and similarity(odd.text, pinyin_word(zh)) < READS_THE_CHARACTERS
            ):
                # "Raisi" each time for 莱西, which the dictionary knows as the town Laixi: the
                # translation names someone else, the same way throughout ("Shayibak" for
                # 沙依巴克, Saybagh, reads the characters: a rendering of the place).
                continue
            # The expected form or a majority (used twice at least) is an anchor; a known
            # name that no rendering uses is only a suggestion.
            confidence = 0.6 if kind == "known" else 0.8
            found = kind
            if kind == "majority" and ent.english and not present(ent.english, best):
                # "Chiyun" twice, "Cheyun" once for 支雲 (Zhi Yun): a majority of misreadings
                # is no anchor either.
                confidence = min(confidence, 0.6)
            if kind == "majority" and not ent.english:
                # Nor one for a foreign name no table knows ("Parley" four times, "Pali" once
                # for 帕利, Parly): a guess, kept aside unless asked for.
                found, confidence = "unverified_majority", min(confidence, UNVERIFIED_CONFIDENCE)
            if by_convention(ent) or (ent.kind == PERSON and not _is_pinyin(odd.text)):
                # "Chan Kai-shin", "Au Yang Yu": another romanisation, not a garble.
                confidence = min(confidence, CONVENTION_CONFIDENCE)
            if ent.kind != PERSON and len(odd.text.split()) > len(best.split()):
                # "Zhihui Xiaxiang" for 潇湘 "Xiaoxiang", "Tianan Mummy" for 天安门: the other
                # words may render more of the sentence (智汇, 母亲), which a fix would lose.
                # A person's syllables may stand apart ("Chu Lai Lan" for 朱丽兰).
                confidence = min(confidence, LONGER_RENDERING_CONFIDENCE)
            reason = f"{zh} is rendered {best!r} elsewhere ({support}); here {odd.text!r}"
            yield odd, best, reason, confidence, found


def _singular(text: str) -> str:
    """``text`` folded, each word without a plural ending ("Laboratories" → "laboratory")."""
    return "".join(fold(singular(word)) for word in text.split())


def _shifted(odd: str, best: str) -> bool:
    """``odd`` starts with ``best``'s last word or ends with its first, and differs in the
    rest: another stretch of a longer phrase ("Performance Theatre", "Beijing Performance"),
    not another rendering of the same name."""
    a, b = odd.lower().split(), best.lower().split()
    if len(a) < 2 or len(b) < 2 or a == b:
        return False
    return (a[0] == b[-1] and a[-1] != b[-1]) or (a[-1] == b[0] and a[0] != b[0])


def _same_head(odd: str, best: str) -> bool:
    """Both start with the same words and go on with ordinary English words only: the same
    name, with more or other words of the sentence taken along."""
    a, b = odd.split(), best.split()
    k = 0
    while k < min(len(a), len(b)) and fold(a[k]) == fold(b[k]):
        k += 1
    return 0 < k < min(len(a), len(b)) and all(ordinary_word(w) for w in a[k:] + b[k:])


def _same_family(odd: str, best: str) -> bool:
    """Some word of ``odd`` is (or sounds like) the family name of ``best``."""
    words = best.split()
    if len(words) < 2:
        return True
    family = [words[0], words[-1]]
    return any(similarity(w, f) >= 0.75 for w in odd.replace("-", " ").split() for f in family)


def _is_pinyin(text: str) -> bool:
    """Every word is pinyin ("Zhu Liran"); a hyphenated given name ("Chu Lai-lan") or a
    non-pinyin syllable ("Chan Kai-shin") marks another romanisation."""
    if re.search(r"[a-z]-[a-z]", text):
        return False
    parts = [p for p in text.split() if p]
    return bool(parts) and all(pinyin_syllables(p) is not None for p in parts)


@fixer("source.consistency", stage="source", order=30, severity="warning", needs_source=True)
def check_consistency(text: str, ctx: FixContext) -> Iterator[Edit]:
    """The same source name is rendered the same way throughout the document."""
    pairs = list(aligned_pairs(ctx))
    if len(pairs) < 2:
        return
    entities = {p.index: entities_for(ctx, p.zh) for p in pairs}
    for odd, best, reason, confidence, kind in consistency_problems(pairs, entities):
        start, end = odd.pair.start + odd.start, odd.pair.start + odd.end
        yield ctx.edit(
            start,
            end,
            best,
            reason,
            confidence=confidence,
            data={"source_sentence": short(odd.pair.zh, 200), "kind": kind},
        )
