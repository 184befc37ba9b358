"""Two names of the source mixed up in the English: one rendering used for both, or a name
translated word by word.

* **A reused name**: the source names two different people (金正恩 … 金主爱) and the English
  writes the first one's name where the second should be ("leader Kim Jong Un's daughter
  Kim Jong Un"): the English has more mentions of the first name than the source, and the
  second name has no rendering at all.  The extra mention that stands where the second
  name stands in the source is pointed out.
* **A name rendered as meanings**: the surname is there but the given name is translated
  character by character ("Kim Lord Love" for 金主爱): every word after the surname is a
  CC-CEDICT gloss of the given name's characters, in order.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from mtfix.source.checks.english_names import with_spelled_out
from mtfix.source.checks.han_names import Entity
from mtfix.source.checks.lexicon import PERSON
from mtfix.zh.cedict import character_glosses
from mtfix.zh.personal_names import is_common_surname, is_transliteration, split_surname
from mtfix.zh.pinyin import fold, person_pinyin, syllable_table


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(b, out[-1][1]))
        else:
            out.append((a, b))
    return out


def occurrences(ent: Entity, en: str) -> list[tuple[int, int]]:
    """Where any rendering of ``ent`` stands in ``en``, overlapping finds merged."""
    from mtfix.source.checks.names import locate

    return _merged([s for form in with_spelled_out(ent.english) for s in locate(form, en)])


def _align(occ: Sequence[float], mentions: Sequence[float]) -> list[int] | None:
    """The monotone assignment of every English mention (relative position) to a distinct
    source mention, closest in position overall: the source mention's index for each."""
    m, n = len(occ), len(mentions)
    if m > n:
        return None
    inf = float("inf")
    cost = [[inf] * (n + 1) for _ in range(m + 1)]
    for j in range(n + 1):
        cost[0][j] = 0.0
    for i in range(1, m + 1):
        for j in range(i, n + 1):
            take = cost[i - 1][j - 1] + abs(occ[i - 1] - mentions[j - 1])
            cost[i][j] = min(cost[i][j - 1], take)
    out: list[int] = []
    i, j = m, n
    while i > 0:
        if j > i and cost[i][j] == cost[i][j - 1]:
            j -= 1
            continue
        out.append(j - 1)
        i, j = i - 1, j - 1
    return out[::-1]


def _same_person(a: Entity, b: Entity) -> bool:
    """One name is part of the other (岸田文雄 and 岸田), or they share a rendering."""
    if a.zh in b.zh or b.zh in a.zh:
        return True
    return bool({fold(f) for f in a.english} & {fold(f) for f in b.english})


#: Marks that join the parts of a foreign name written in characters (卡尔·文森).
_NAME_JOINERS = "·•‧・"


def _part_of_longer_name(ent: Entity, zh: str) -> bool:
    """One part of a foreign name joined by a middle dot (卡尔 of 卡尔·文森)."""
    before = zh[ent.start - 1] if ent.start > 0 else ""
    after = zh[ent.end] if ent.end < len(zh) else ""
    return bool(before and before in _NAME_JOINERS) or bool(after and after in _NAME_JOINERS)


def reused_renderings(
    missing: Entity, entities: Sequence[Entity], en: str, zh: str
) -> list[tuple[int, int, Entity]]:
    """English mentions of another person of the sentence that stand for ``missing``, a
    person whose name the English lacks: ``(start, end, other)`` on ``en``.

    Only when the English names the other person more often than the source does (the
    source's own Latin spelling of the name counts as a mention), and no more often than the
    two names together: the extra mentions are the ones whose places match the missing
    name's places in the source best.  Parts of a dotted foreign name (卡尔 of 卡尔·文森) are
    left alone: the whole name is what the English renders.
    """
    if missing.kind != PERSON or not zh or not en or _part_of_longer_name(missing, zh):
        return []
    out: list[tuple[int, int, Entity]] = []
    seen: set[str] = set()
    for other in entities:
        if (
            other.kind != PERSON
            or not other.english
            or other.zh in seen
            or other.zh == missing.zh
            or _same_person(other, missing)
            or _part_of_longer_name(other, zh)
            or any(form.lower() in zh.lower() for form in other.english)
        ):
            continue
        seen.add(other.zh)
        # Mentions of the other name inside a longer name (Hunter Biden for Biden) are not its.
        longer = [s for e in entities if e.zh != other.zh and e.english for s in occurrences(e, en)]
        occ = [
            (a, b)
            for a, b in occurrences(other, en)
            if not any(x <= a and b <= y and (y - x) > (b - a) for x, y in longer)
        ]
        mentions = sorted(
            (e.start, e.zh == missing.zh) for e in entities if e.zh in (other.zh, missing.zh)
        )
        n_other = sum(1 for _, is_missing in mentions if not is_missing)
        if n_other < zh.count(other.zh) or not n_other < len(occ) <= len(mentions):
            continue
        assignment = _align(
            [a / len(en) for a, _ in occ], [start / len(zh) for start, _ in mentions]
        )
        if assignment is None:
            continue
        out.extend(
            (a, b, other) for (a, b), k in zip(occ, assignment, strict=True) if mentions[k][1]
        )
    return out


_CAPITALISED = re.compile(r"[A-Z][a-z]+")


def glossed_given_name(ent: Entity, en: str) -> tuple[int, int] | None:
    """Where ``en`` writes a Chinese-style personal name as its surname followed by the
    meanings of its given name's characters ("Kim Lord Love" for 金主爱), or None."""
    if ent.kind != PERSON or not 3 <= len(ent.zh) <= 4 or is_transliteration(ent.zh):
        return None
    surname, given = split_surname(ent.zh)
    if not is_common_surname(surname) or not 1 <= len(given) <= 2:
        return None
    glosses = character_glosses()
    syllables = syllable_table()  # "zhi", "duo": a classifier's pinyin in a gloss, not a word
    meanings = [{w for w in glosses.get(c) or () if w not in syllables} for c in given]
    if not all(meanings):
        return None
    surnames = {form.split()[0] for form in ent.english if form.split()}
    surnames.add(person_pinyin(ent.zh)[0])
    words = rf"\s+({_CAPITALISED.pattern})" * len(given)
    for sur in sorted(s for s in surnames if s):
        for m in re.finditer(rf"(?<![\w-]){re.escape(sur)}{words}(?![\w-])", en):
            if all(m.group(k + 1).lower() in meanings[k] for k in range(len(given))):
                return m.span()
    return None
