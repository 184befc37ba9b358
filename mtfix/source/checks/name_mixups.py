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
* **A known name rendered as meanings**: an organisation, place or term with a known English
  rendering (国民党 → Kuomintang) that the English renders word by word from what its words
  and characters mean ("National Party", "the consensus of 9/2" for 九二共识).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from mtfix.confidence.features import EN_STOP, STEM, Glosses
from mtfix.source.checks.english_names import singular, with_spelled_out
from mtfix.source.checks.han_names import Entity
from mtfix.source.checks.lexicon import PERSON
from mtfix.zh.cedict import PERSON as CEDICT_PERSON
from mtfix.zh.cedict import character_glosses, common_words_lookup, english_common_words
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


# -- a known name translated word by word -----------------------------------------------------

#: Words of a CC-CEDICT gloss that annotate it rather than say what the character means
#: ("bound form", "(Cantonese) …", "loanword from English").
_GLOSS_NOTES = frozenset(
    """bound form suffix prefix classical literary archaic loanword english radical chemistry
    dialect beijing taiwan cantonese jyutping orthographic borrowing followed into generic term
    abbr variant""".split()  # noqa: SIM905
)
#: Small words that may stand inside a literal rendering ("consensus of 9/2").
_INNER_WORDS = frozenset(["of", "the", "and"])
#: Digits of the number characters (九二 → "92").
_DIGITS = dict(zip("〇零一二三四五六七八九", "0012345678" + "9", strict=True))
_DIGITS["两"] = "2"
#: Words and digit groups of the English, and what lies between them.
_TOKEN = re.compile(r"\d+(?:[/\-.]\d+)*|[A-Za-z]+(?:['’]s\b)?")
#: What may separate two words of one rendering.
_JOINER = re.compile(r"[\s\-]+")


def _stem(word: str) -> str:
    return word.lower()[:STEM]


def _meanings(name: str) -> list[tuple[int, int, frozenset[str]]]:
    """Gloss stems of the parts of ``name``: ``(start, end, stems)`` for each character (its
    common readings' glosses) and each shorter common word CC-CEDICT has inside it (国民 of
    国民党).  The name's own entry is left out, and so are names inside it (江源 of 三江源):
    their definitions are English names, not meanings."""
    glosses = character_glosses()
    syllables = syllable_table()
    parts: list[tuple[int, int, frozenset[str]]] = []
    for i, char in enumerate(name):
        words = [w for w in glosses.get(char) or () if w not in syllables and w not in _GLOSS_NOTES]
        if words:
            parts.append((i, i + 1, frozenset(_stem(w) for w in words)))
    table = gloss_table()
    common = common_words_lookup()
    for i in range(len(name)):
        for j in range(i + 2, len(name) + (i > 0)):
            if name[i:j] not in common:
                continue
            stems = table.stems(name[i:j]) - {_stem(w) for w in _GLOSS_NOTES}
            if stems:
                parts.append((i, j, frozenset(stems)))
    return parts


@lru_cache(maxsize=1)
def gloss_table() -> Glosses:
    """CC-CEDICT's gloss stems of every word, opened once."""
    return Glosses()


def _number_runs(name: str) -> list[tuple[int, int, str]]:
    """Runs of number characters in ``name`` and their digits: 九二共识 → [(0, 2, "92")]."""
    return [
        (m.start(), m.end(), "".join(_DIGITS[c] for c in m.group()))
        for m in re.finditer(f"[{''.join(_DIGITS)}]+", name)
    ]


def _covers(token: str, parts: Sequence[tuple[int, int, frozenset[str]]], name: str) -> set[int]:
    """The characters of ``name`` an English word or digit group renders by meaning."""
    if token[0].isdigit():
        digits = re.sub(r"\D", "", token)
        return {
            k
            for a, b, run in _number_runs(name)
            if run == digits and len(digits) > 1
            for k in range(a, b)
        }
    word = singular(token)
    if len(word) < 3 or word in EN_STOP:
        return set()
    stem = _stem(word)
    return {k for a, b, stems in parts if stem in stems for k in range(a, b)}


def _accepted_words(ent: Entity) -> set[str]:
    """Words of the name's accepted renderings ("nationalist", "party")."""
    return {singular(w) for form in ent.english for w in re.findall(r"\w+", form)}


def _names_itself(tokens: Sequence[str], ent: Entity) -> bool:
    """A word of the span is a proper word of the name's English, maybe inflected: "Inner
    Mongolian" for Inner Mongolia is the name, not its meaning."""
    common = english_common_words()
    proper = {w.lower() for form in ent.english for w in re.findall(r"\w+", form)} - common
    words = {re.sub(r"['’]s$", "", t.lower()) for t in tokens} - common
    return any(w.startswith(a) and len(w) - len(a) <= 2 for w in words for a in proper)


#: Where a name counts as known: the glossary, mtfix's table, the source's own Latin gloss.
#: Not a pinyin guess, and not CC-CEDICT: its proper nouns inside ordinary text (三江源地区
#: "the source area of the three rivers", 国家重点实验室, 滨海南区 cut as 海南区) were read
#: word by word rightly every time on dev (0 right of 33 flags).
_KNOWN = ("glossary", "table", "source")


#: Most of the name's characters: more than this share must be rendered by the span.
LITERAL_COVERAGE = 0.5


def literal_renderings(
    ent: Entity, en: str, zh: str = "", taken: Sequence[tuple[int, int]] = ()
) -> list[tuple[int, int]]:
    """Where ``en`` renders a known name word by word, from the meanings of its words and
    characters: "National Party" (国民党, Kuomintang), "the consensus of 9/2" (九二共识).

    A span counts when its words (two at least; "of", "the" and "and" may stand between
    them) are all CC-CEDICT glosses of the name's parts or digits of its number characters,
    they render more than half of its characters and its last one (the head: 党 "party"),
    and one of them is in none of the name's accepted renderings ("Taiwan University" is a
    short form of National Taiwan University, not a literal rendering).  Spans that overlap
    ``taken`` (other names' renderings) are left alone.  People are left to
    :func:`glossed_given_name`.  At most as many spans as the source has mentions.
    """
    name = ent.zh
    if ent.kind == CEDICT_PERSON or ent.origin not in _KNOWN or not ent.english:
        return []
    if len(name) < 2 or not en:
        return []
    if is_transliteration(name):
        return []
    parts = _meanings(name)
    if not parts and not _number_runs(name):
        return []
    accepted = _accepted_words(ent)
    tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(en)]
    runs: list[list[tuple[int, int, str, set[int]]]] = []
    current: list[tuple[int, int, str, set[int]]] = []
    for a, b, token in tokens:
        chars = _covers(token, parts, name)
        inner = token.lower() in _INNER_WORDS
        joined = not current or _JOINER.fullmatch(en[current[-1][1] : a]) is not None
        if not joined or not (chars or inner):
            if current:
                runs.append(current)
            current = []
        if chars or (inner and current):
            current.append((a, b, token, chars))
    if current:
        runs.append(current)
    found: list[tuple[int, int]] = []
    for run in runs:
        while run and not run[-1][3]:
            run = run[:-1]  # "of the" at the end
        content = [t for t in run if t[3]]
        if len(content) < 2:
            continue
        chars = set().union(*(t[3] for t in content))
        if len(chars) <= LITERAL_COVERAGE * len(name) or len(name) - 1 not in chars:
            continue
        words = {singular(t[2]) for t in content}
        if words <= accepted or _names_itself([t[2] for t in content], ent):
            continue
        a, b = run[0][0], run[-1][1]
        if any(x < b and a < y for x, y in taken):
            continue
        found.append((a, b))
    return found[: max(1, len(re.findall(re.escape(name), zh)))] if zh else found
