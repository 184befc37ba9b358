"""The signals of one (Chinese, English) pair that sentence confidence is computed from.

One function, :func:`pair_features`, turns a pair and its context into the feature dict;
the confidence step (:mod:`mtfix.confidence.scoring`) and the calibration script
(``bench/calibrate_confidence.py``) both call it, so the model is fitted on exactly what
it is applied to.  Embeddings, check counts and the Chinese words (jieba) are computed by
the caller and passed in; the rest needs only the ``source`` extra (jieba's dictionary for
word frequencies, CC-CEDICT for glosses).

The features:

- ``similarity``: cosine of the multilingual sentence embeddings of the two sides;
- ``length_short`` / ``length_long``: how much shorter / longer the English is than the
  Chinese predicts (log ratio, 3.6 characters per Chinese character);
- ``source_length``, ``source_rarity``: how long the Chinese is and how rare its words
  are (mean surprisal in jieba's dictionary): hard sentences go wrong more often;
- ``rare_words``: how many of the Chinese content words are rare (log 1 + count): each is a
  chance to mistranslate, so the count, not the mean, predicts an error;
- ``numbers``, ``names``, ``untranslated``: what the source checks found (``names``: only
  the kinds of name finding that are right often enough to be shown);
- ``unaligned_nearby``: sentences next to the pair that the alignment left without a
  counterpart (omissions, additions);
- ``repetition``: words that repeat the words right before them (decoder loops), beyond
  what the Chinese repeats itself (谢谢谢谢);
- ``anchor_recall``: share of the Chinese side's numbers and Latin tokens in the English;
- ``target_coverage``: share of English content words a CC-CEDICT gloss of the Chinese
  words accounts for;
- ``similarity_vs_document`` / ``length_vs_document``: the similarity and the source length
  minus their medians over the document's pairs: a translation's weak sentences stand out
  against its own typical ones, whatever the system or the encoder's range on the topic;
- ``model_score`` (with a model): mean token log-probability of the English given the
  Chinese, by forced decoding.

The shipped model uses :data:`BASE_FEATURES`, a subset chosen for holding up on a test set
it was not fitted on (the calibration report gives each signal's AUC alone).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mtfix.zh.script import is_han

if TYPE_CHECKING:
    from mtfix.zh.segment import WordCounts

#: The features of the logistic model without a seq2seq model, in order.
#: Every signal :func:`pair_features` computes (``bench/calibrate_confidence.py`` reports
#: each one's AUC alone).
SIGNALS: tuple[str, ...] = (
    "similarity",
    "length_short",
    "length_long",
    "source_length",
    "source_rarity",
    "rare_words",
    "numbers",
    "names",
    "untranslated",
    "unaligned_nearby",
    "repetition",
    "anchor_recall",
    "target_coverage",
    "similarity_vs_document",
    "length_vs_document",
)
#: The signals the shipped model uses: how many rare words the source has (where
#: translations go wrong), how close the two sides are, and what the checks found.
#: Length and document-relative signals are left out: fitted on one test set they hurt
#: another (TED → WMT23 held out: 0.716 with the length ratios, 0.770 without), and they
#: swing on short documents.
BASE_FEATURES: tuple[str, ...] = (
    "rare_words",
    "similarity",
    "names",
    "numbers",
    "untranslated",
    "repetition",
)
#: The extra feature when a model is configured: mean token log-probability of en | zh.
MODEL_FEATURE = "model_score"

#: English characters per Chinese character (as in :mod:`mtfix.source.align`).
LENGTH_RATIO = 3.6
#: Added to both lengths before the ratio, so short lines do not swing it.
LENGTH_SMOOTHING = 20.0
#: Counts are capped here: the third number mismatch says little more than the second.
COUNT_CAP = 3
#: A kind of name finding counts as evidence when it is right this often on dev (the
#: default ``RepairConfig.flag_threshold``: the kinds a default run shows).
NAME_EVIDENCE = 0.6
#: Rarity of a source with no content word (about the mean of news sentences).
DEFAULT_RARITY = 10.0
#: A content word rarer than this (surprisal, −log relative frequency in jieba's
#: dictionary; about 6 in a million) counts as rare.
RARE_SURPRISAL = 12.0

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@dataclass(frozen=True)
class CheckCounts:
    """Problems the source checks found in a pair."""

    numbers: int = 0
    names: int = 0
    untranslated: int = 0  # Chinese characters left in the English


@dataclass(frozen=True)
class DocumentContext:
    """Medians over the document's pairs, the yardstick of the ``*_vs_document`` features."""

    similarity: float
    source_length: float

    @classmethod
    def of(cls, similarities: Sequence[float], sources: Sequence[str]) -> DocumentContext | None:
        """From the similarities and the Chinese sides of the document's pairs."""
        if not similarities or not sources:
            return None
        return cls(_median(similarities), _median([source_length(z) for z in sources]))


def _median(values: Sequence[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def source_length(zh: str) -> float:
    """log(1 + the Chinese side's length without spaces)."""
    return math.log1p(len("".join(zh.split())))


def repetition(en: str) -> float:
    """The share of words that repeat the words right before them (a run of one to
    :data:`LOOP_WORDS` words said again at once): decoder loops.

    "the company said the company said the company said" scores near 1; ordinary prose 0, and
    so does a list that repeats its wording between other words ("X was awarded …; Y was
    awarded …"), which is no loop.
    """
    words = [w.lower() for w in _WORD.findall(en)]
    return _tandem_share(words, lambda unit: len(unit) > 1 or len(unit[0]) > 1)


#: The longest run of words (or Chinese characters) that a loop repeats.
LOOP_WORDS = 8


def _tandem_share(items: Sequence[str], counts: Callable[[Sequence[str]], bool]) -> float:
    """The share of ``items`` inside a run that repeats the run right before it."""
    if len(items) < 2:
        return 0.0
    repeated = [False] * len(items)
    for period in range(1, LOOP_WORDS + 1):
        for i in range(len(items) - 2 * period + 1):
            unit = items[i : i + period]
            if unit == items[i + period : i + 2 * period] and counts(unit):
                repeated[i + period : i + 2 * period] = [True] * period
    return sum(repeated) / len(items)


def source_repetition(zh: str) -> float:
    """The same share over the Chinese characters: a source that repeats itself (谢谢谢谢,
    哈哈哈) may be translated with a repetition."""
    chars = [c for c in zh if is_han(c)]
    return _tandem_share(chars, lambda unit: len(unit) > 1 or unit[0] not in "的了")


def length_log_ratio(zh: str, en: str) -> float:
    """log of the English length over the length the Chinese predicts (0 when as expected)."""
    zl = len("".join(zh.split()))
    el = len(" ".join(en.split()))
    return math.log((el + LENGTH_SMOOTHING) / (LENGTH_RATIO * zl + LENGTH_SMOOTHING))


def anchor_recall(zh: str, en: str) -> float:
    """Share of the Chinese side's numbers and Latin tokens found in the English (1 if none)."""
    from mtfix.source.align import en_anchors, zh_anchors

    wanted = zh_anchors(zh)
    if not wanted:
        return 1.0
    return len(wanted & en_anchors(en)) / len(wanted)


def pair_features(
    zh: str,
    en: str,
    *,
    similarity: float,
    checks: CheckCounts,
    zh_words: Sequence[tuple[str, str]] = (),
    glosses: Glosses | None = None,
    unaligned_nearby: int = 0,
    model_score: float | None = None,
    document: DocumentContext | None = None,
) -> dict[str, float]:
    """The feature dict of one pair (names as in :data:`BASE_FEATURES`).

    ``similarity`` is the cosine of the two sides' sentence embeddings, ``checks`` what the
    source checks found, ``zh_words`` the Chinese words with their jieba tags (for rarity
    and, with ``glosses``, dictionary coverage), ``unaligned_nearby`` how many sentences
    next to the pair (or inside it) the alignment left without a counterpart, ``document``
    the medians of the document's pairs (without it the pair is its own document).
    """
    ratio = length_log_ratio(zh, en)
    length = source_length(zh)
    explained = lexical_coverage(zh_words, en, glosses)[1] if glosses is not None else 1.0
    feats = {
        "similarity": similarity,
        "length_short": max(0.0, -ratio),
        "length_long": max(0.0, ratio),
        "source_length": length,
        "source_rarity": source_rarity(zh_words),
        "rare_words": rare_words(zh_words),
        "numbers": float(min(checks.numbers, COUNT_CAP)),
        "names": float(min(checks.names, COUNT_CAP)),
        "untranslated": math.log1p(checks.untranslated),
        "unaligned_nearby": float(min(unaligned_nearby, COUNT_CAP)),
        "repetition": max(0.0, repetition(en) - source_repetition(zh)),
        "anchor_recall": anchor_recall(zh, en),
        "target_coverage": explained,
        "similarity_vs_document": similarity - document.similarity if document else 0.0,
        "length_vs_document": length - document.source_length if document else 0.0,
    }
    if model_score is not None:
        feats[MODEL_FEATURE] = model_score
    return feats


def _is_content(word: str, tag: str) -> bool:
    return bool(word.strip()) and not tag.startswith(_FUNCTION_TAGS)


@lru_cache(maxsize=1)
def word_frequencies() -> tuple[WordCounts, int]:
    """jieba's dictionary word counts (``get``, read a few entries at a time), and their total."""
    from mtfix.zh.segment import word_counts

    return word_counts()


def source_rarity(zh_words: Sequence[tuple[str, str]]) -> float:
    """Mean surprisal (−log relative frequency in jieba's dictionary) of the content words.

    Rare words (terms, idioms, names) are where translations go wrong.
    """
    from mtfix.zh.text import normalize

    content = [w for w, tag in zh_words if _is_content(w, tag)]
    if not content:
        return DEFAULT_RARITY
    freq, total = word_frequencies()
    return sum(-math.log(max(freq.get(normalize(w), 1), 1) / total) for w in content) / len(content)


def rare_words(zh_words: Sequence[tuple[str, str]]) -> float:
    """log(1 + the number of rare content words): each is a chance to mistranslate."""
    from mtfix.zh.text import normalize

    freq, total = word_frequencies()
    limit = total * math.exp(-RARE_SURPRISAL)
    rare = sum(
        1 for w, tag in zh_words if _is_content(w, tag) and freq.get(normalize(w), 1) < limit
    )
    return math.log1p(rare)


# -- the source checks as pure functions of a pair -----------------------------------------


def untranslated_chars(en: str) -> int:
    """Chinese characters left in the English (intentional glosses excepted)."""
    from mtfix.rules.untranslated import untranslated_runs

    return sum(b - a for a, b in untranslated_runs(en))


def check_counts(zh: str, en: str, entities: Sequence[Any] | None = None) -> CheckCounts:
    """What the source checks would find in a pair, computed directly.

    ``entities`` are the Chinese side's names
    (:func:`mtfix.source.checks.entities.find_entities`); without them names are not checked.
    """
    from mtfix.source.checks.numbers import check_pair, problem_kind

    names = 0
    if entities:
        names = count_name_problems(zh, en, entities)
    return CheckCounts(
        numbers=sum(
            1 for eq, zq, *_ in check_pair(zh, en) if counts_number_finding(problem_kind(eq, zq))
        ),
        names=names,
        untranslated=untranslated_chars(en),
    )


def counts_number_finding(kind: str) -> bool:
    """A number finding of a kind right at least :data:`NAME_EVIDENCE` of the time on dev (a
    number the English lacks; the same digits at another scale), or never measured; not
    another number, right one time in eight on dev (roundings, "a four-wheel drive")."""
    from mtfix.source.calibration import rule_probability

    found = rule_probability("source.numbers", {"kind": kind})
    return found is None or found >= NAME_EVIDENCE


def count_name_problems(zh: str, en: str, entities: Iterable[Any]) -> int:
    """Names of the source missing or garbled in the English: the ``source.names`` findings
    of a kind that is right at least :data:`NAME_EVIDENCE` of the time on dev (the kinds a
    default run shows).  Noisier kinds (a pinyin guess, a leftover CC-CEDICT reading) fire on
    correct translations as often as on wrong ones, so they would only add noise."""
    from mtfix.source.calibration import rule_probability
    from mtfix.source.checks._base import Pair
    from mtfix.source.checks.names import pair_problems
    from mtfix.zh.cedict import PERSON

    wanted = [e for e in entities if e.english or e.kind == PERSON]
    if not wanted:
        return 0
    pair = Pair(zh, en, 0, len(en), (0,), (0,), 0)
    found = (rule_probability("source.names", p[5]) for p in pair_problems(pair, wanted))
    return sum(1 for p in found if p is not None and p >= NAME_EVIDENCE)


# -- lexical coverage with CC-CEDICT -------------------------------------------------------------

#: English words too common to tell anything about a translation.
EN_STOP = frozenset(
    """the and for that with this from are was were been has have had not but its his her their
    they them you your our who which what when where will would can could may might shall should
    one also any all more most some such than then there these those into onto over under about
    very just only other used person something someone thing things kind sort way make made get
    got let put take took give gave see seen say said use""".split()  # noqa: SIM905
)
_GLOSS_WORD = re.compile(r"[a-z]{3,}")
_GLOSS_NOISE = re.compile(
    r"\([^)]*\)|\[[^\]]*\]|CL:\S+|\b(?:variant|old variant|see also|see) of\b.*"
)
#: Letters compared: a crude stem ("develop", "developed", "development" share "devel").
STEM = 5
#: jieba tags of words without content: particles, prepositions, conjunctions, pronouns,
#: numerals, measure words, punctuation.
_FUNCTION_TAGS = ("u", "p", "c", "x", "w", "y", "e", "o", "r", "m", "q")


def _stem(word: str) -> str:
    return word[:STEM]


def english_stems(en: str) -> set[str]:
    return {_stem(w) for w in _GLOSS_WORD.findall(en.lower()) if w not in EN_STOP}


def _gloss_stems(definitions: Iterable[str]) -> str:
    stems: set[str] = set()
    for d in definitions:
        if d.startswith(("surname ", "CL:")):
            continue
        d = _GLOSS_NOISE.sub(" ", d)
        stems.update([w[:STEM] for w in _GLOSS_WORD.findall(d.lower()) if w not in EN_STOP])
    return " ".join(sorted(stems))


def build_glosses() -> dict[str, str]:
    """``{simplified word: space-separated English stems}`` from CC-CEDICT."""
    from mtfix.zh import cedict

    glosses: dict[str, set[str]] = {}
    for entry in cedict.entries():
        stems = _gloss_stems(entry["definitions"])
        if stems:
            glosses.setdefault(entry["simplified"], set()).update(stems.split())
    return {k: " ".join(sorted(v)) for k, v in glosses.items()}


class Glosses:
    """CC-CEDICT's English glosses as stems, built once and kept in mtfix's cache folder."""

    def __init__(self, table: dict[str, str] | None = None) -> None:
        self.table: Any = table if table is not None else _cached_glosses()

    def stems(self, word: str) -> frozenset[str]:
        found = self.table.get(word)
        return frozenset(found.split()) if found else frozenset()


def _cached_glosses() -> Any:
    """:func:`build_glosses` as a table (``get``) that reads only the entries looked up."""
    from mtfix.zh import cedict

    return cedict.lookup_table(f"gloss-stems-{STEM}", build_glosses)


def lexical_coverage(
    zh_words: Sequence[tuple[str, str]], en: str, glosses: Glosses
) -> tuple[float, float]:
    """Dictionary coverage both ways: ``(source_covered, target_explained)``.

    ``source_covered``: the share of the Chinese content words (``(word, jieba tag)``) one of
    whose CC-CEDICT glosses is in the English; ``target_explained``: the share of English
    content words that some gloss of the Chinese words accounts for.  1.0 when a side has
    nothing to count.  Omissions lower the first, additions and hallucinations the second.
    """
    en_stems = english_stems(en)
    all_stems: set[str] = set()
    considered = covered = 0
    for word, tag in zh_words:
        if not _is_content(word, tag):
            continue
        stems = glosses.stems(word)
        if not stems and len(word) > 1:
            # An unknown compound: its characters' glosses.
            stems = frozenset().union(*(glosses.stems(c) for c in word))
        if not stems:
            continue
        all_stems.update(stems)
        considered += 1
        covered += bool(stems & en_stems)
    source_covered = covered / considered if considered else 1.0
    explained = sum(1 for s in en_stems if s in all_stems)
    target_explained = explained / len(en_stems) if en_stems and all_stems else 1.0
    return source_covered, target_explained
