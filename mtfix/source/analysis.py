"""What one repair knows of the Chinese original: a typed :class:`SourceAnalysis`.

The pipeline builds it once per repair, after the clean and rules stages (or takes a
prepared one from the caller): the Chinese sentences, their alignment to the English
sentences, and whether the source can be trusted.  The source checks, the confidence step
and re-translation read it, and add what they find (entities per Chinese sentence,
sentence confidences, model scores), so nothing is computed twice and no stage passes
data to another through untyped keys.
"""

from __future__ import annotations

import bisect
import math
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mtfix.document import Sentence, Span, split_paragraphs, split_sentences
from mtfix.registry import Resource

if TYPE_CHECKING:
    from mtfix.confidence.features import DocumentContext
    from mtfix.edits import EditLedger
    from mtfix.registry import Resources
    from mtfix.retranslate.candidates import AlignedCandidate
    from mtfix.rules.glossary import Glossary
    from mtfix.source.align import Alignment
    from mtfix.source.checks.entities import Entity
    from mtfix.source.embed import Encoder
    from mtfix.zh.segment import Segmenter, Word

#: ``(zh_sentence_ids, en_sentence_ids)``; 1-0 and 0-1 links have an empty side.
Link = tuple[tuple[int, ...], tuple[int, ...]]

#: Links must beat unrelated sentence pairs by this much on average (dev data:
#: matching documents 0.27 and up, mismatched ones mostly below 0.07) …
MIN_SIMILARITY_GAIN = 0.18
#: … and at most this share of the sentences may be left unaligned.
MAX_SKIPPED_SHARE = 0.5
#: With fewer sentences than this on a side there is no baseline of unrelated
#: pairs (a single pair is its own baseline) …
SHORT_DOCUMENT = 4
#: … so the links must reach this similarity instead (dev news, single
#: sentences: 0.7% of true pairs fall below it, 0.7% of random pairs reach it).
SHORT_MIN_SIMILARITY = 0.4


@dataclass(frozen=True)
class AlignedPair:
    """One link with both sides, on the current English text."""

    zh: str
    en: str
    start: int
    end: int
    en_ids: tuple[int, ...]
    zh_ids: tuple[int, ...]
    #: Position among the links with both sides.
    index: int
    #: Position in :attr:`SourceAnalysis.alignment` (0 for a pair built on its own).
    link: int = 0

    @property
    def one_to_one(self) -> bool:
        return len(self.en_ids) == 1 and len(self.zh_ids) == 1


@dataclass
class SourceAnalysis:
    """The Chinese original of one English text, split and aligned.

    English sentence spans are offsets into the *original* English (before any
    repair), so they stay valid while fixers edit the text; :meth:`pairs` maps them
    onto the current text.  Pass a prepared analysis as ``mtfix.repair(text,
    source=analysis)`` to use a known alignment (:meth:`from_segments`).
    """

    source: str
    zh_sentences: list[Span]
    #: English sentences as ``(start, end)`` on the original text.
    en_spans: list[tuple[int, int]]
    alignment: list[Link]
    #: Embedding similarity of each link (``nan`` for a 1-0 or 0-1 link).
    similarity: list[float] = field(default_factory=list)
    #: Why the source does not look like the original of the text; ``None`` when trusted.
    mismatch: str | None = None

    # What the stages find during one repair (reset by :meth:`fresh`).
    #: Entities per Chinese sentence text (:func:`mtfix.source.checks.entities.entities_for`).
    entities: dict[str, list[Entity]] = field(default_factory=dict, repr=False)
    #: Names found after a title anywhere in the source (副主席夏立言).
    titled_names: frozenset[str] | None = field(default=None, repr=False)
    #: Persons some sentence introduces as foreign (越南总理范明政): foreign in every one.
    foreign_names: frozenset[str] | None = field(default=None, repr=False)
    #: Names the source spells out itself, ``{Chinese: English}``: 汉斯·莫德罗（Hans Modrow）.
    glossed_names: dict[str, str] | None = field(default=None, repr=False)
    #: Chinese personal names introduced with a region: ``{name: region}``.
    regional_names: dict[str, str] | None = field(default=None, repr=False)
    #: Confidence (1 − P(major error)) per English sentence id, and its signals.
    confidence: dict[int, float] = field(default_factory=dict, repr=False)
    signals: dict[int, dict[str, float]] = field(default_factory=dict, repr=False)
    #: The document-level context of the confidence features.
    confidence_context: DocumentContext | None = field(default=None, repr=False)
    #: Confidence of another English rendering of a Chinese text, in this document.
    scorer: Callable[[str, str], float] | None = field(default=None, repr=False)
    #: The seq2seq model's score (mean token log-probability) per ``(zh, en)`` pair.
    model_scores: dict[tuple[str, str], float] = field(default_factory=dict, repr=False)
    #: Other translations of the source, aligned to its sentences (re-translation's
    #: candidates; :mod:`mtfix.retranslate.candidates`).
    candidates: list[AlignedCandidate] = field(default_factory=list, repr=False)

    @property
    def trusted(self) -> bool:
        """Whether the source looks like the original: checks and re-translation need it."""
        return self.mismatch is None

    def fresh(self) -> SourceAnalysis:
        """The same source and alignment, with nothing found yet (for a new repair)."""
        return SourceAnalysis(
            self.source,
            list(self.zh_sentences),
            list(self.en_spans),
            list(self.alignment),
            list(self.similarity),
            self.mismatch,
        )

    @classmethod
    def from_segments(
        cls, zh_segments: Sequence[str], en_segments: Sequence[str], *, separator: str = "\n"
    ) -> SourceAnalysis:
        """A known segment alignment: segment *i* of each side is a link.

        The English text to repair must be ``separator.join(en_segments)``; the
        analysis's ``source`` is the Chinese segments joined the same way.
        """
        if len(zh_segments) != len(en_segments):
            raise ValueError(
                f"{len(zh_segments)} Chinese segments for {len(en_segments)} English ones"
            )
        zh_spans: list[Span] = []
        en_spans: list[tuple[int, int]] = []
        links: list[Link] = []
        pos_zh = pos_en = 0
        for i, (z, e) in enumerate(zip(zh_segments, en_segments, strict=True)):
            zh_spans.append(Span(pos_zh, pos_zh + len(z), z))
            en_spans.append((pos_en, pos_en + len(e)))
            if z.strip() and e.strip():
                links.append(((i,), (i,)))
            pos_zh += len(z) + len(separator)
            pos_en += len(e) + len(separator)
        return cls(separator.join(zh_segments), zh_spans, en_spans, links)

    def en_span(self, i: int, ledger: EditLedger) -> tuple[int, int]:
        """English sentence ``i`` on the ledger's current text."""
        a, b = self.en_spans[i]
        return ledger.to_current(a), ledger.to_current(b)

    def links(self, ledger: EditLedger) -> list[AlignedPair]:
        """The links with text on both sides, on the ledger's current text."""
        out: list[AlignedPair] = []
        text = ledger.text
        for k, (zh_ids, en_ids) in enumerate(self.alignment):
            if not zh_ids or not en_ids:
                continue
            zh = "".join(self.zh_sentences[i].text for i in zh_ids)
            a = self.en_span(en_ids[0], ledger)[0]
            b = self.en_span(en_ids[-1], ledger)[1]
            if zh.strip() and text[a:b].strip():
                out.append(AlignedPair(zh, text[a:b], a, b, en_ids, zh_ids, len(out), k))
        return out

    def check_fits(self, text: str) -> None:
        """Raise ``ValueError`` when the English spans do not fit ``text``."""
        if any(not 0 <= a <= b <= len(text) for a, b in self.en_spans):
            raise ValueError("the analysis's English sentences do not fit the text")
        n_zh, n_en = len(self.zh_sentences), len(self.en_spans)
        for zh_ids, en_ids in self.alignment:
            if any(not 0 <= i < n_zh for i in zh_ids) or any(not 0 <= i < n_en for i in en_ids):
                raise ValueError("the analysis's alignment names a sentence it does not have")

    def final_sentences(self, ledger: EditLedger) -> list[Sentence]:
        """The aligned English sentences, on the ledger's (final) text."""
        text = ledger.text
        paragraph_starts = [p.start for p in split_paragraphs(text)]
        out = []
        for i, (a, b) in enumerate(self.en_spans):
            start, end = ledger.to_current(a), ledger.to_current(b)
            # A space a repair inserted at a sentence boundary belongs to neither.
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            paragraph = max(0, bisect.bisect_right(paragraph_starts, start) - 1)
            out.append(Sentence(i, start, end, text[start:end], paragraph=paragraph))
        return out


def mismatch_reason(found: Alignment) -> str | None:
    """Why the source does not look like the original of the text, or ``None``."""
    total = len(found.zh) + len(found.en)
    if not found.zh or not found.en:
        return "one side has no sentences"
    skipped = found.skipped / total
    if skipped > MAX_SKIPPED_SHARE:
        return f"{skipped:.0%} of the sentences have no counterpart"
    if min(len(found.zh), len(found.en)) < SHORT_DOCUMENT:
        if math.isnan(found.mean_similarity) or found.mean_similarity < SHORT_MIN_SIMILARITY:
            return (
                f"the aligned sentences are not alike (similarity "
                f"{found.mean_similarity:.2f} < {SHORT_MIN_SIMILARITY})"
            )
        return None
    gain = found.mean_similarity - found.baseline
    if math.isnan(gain) or gain < MIN_SIMILARITY_GAIN:
        return (
            f"aligned sentences are hardly closer than unrelated ones "
            f"(similarity {found.mean_similarity:.2f} vs {found.baseline:.2f})"
        )
    return None


def analyse(source: str, ledger: EditLedger, resources: Resources) -> SourceAnalysis:
    """Split the Chinese original into sentences and align them to the ledger's text.

    When both sides hold the same number of lines (one segment per line), each line is
    aligned with its counterpart only: a link never crosses a line break.
    """
    from mtfix.source.align import align_scored
    from mtfix.source.embed import ENCODER
    from mtfix.zh.text import split_sentences as split_chinese

    encoder = resources.get(ENCODER)
    zh_spans = split_chinese(source)
    en_sentences = split_sentences(ledger.text)
    zh_texts = [s.text for s in zh_spans]
    en_texts = [s.text for s in en_sentences]
    zh_lines = _line_numbers(source, [s.start for s in zh_spans])
    en_lines = _line_numbers(ledger.text, [s.start for s in en_sentences])
    if len(set(zh_lines)) > 1 and len(set(zh_lines)) == len(set(en_lines)):
        found = _align_by_line(zh_texts, en_texts, zh_lines, en_lines, encoder)
    else:
        found = align_scored(zh_texts, en_texts, encoder=encoder)
    en_spans = [
        (ledger.to_original(s.start), ledger.to_original(s.end, prefer_end=True))
        for s in en_sentences
    ]
    return SourceAnalysis(
        source, zh_spans, en_spans, list(found.links), list(found.similarity),
        mismatch_reason(found),
    )


#: Lines whose sentences are embedded in one encoder call (the encoder caches them).
_LINES_PER_CALL = 256
#: Lines of at most this many sentences a side have their merged blocks embedded ahead.
_PREFETCH_MERGES = 3


def _align_by_line(
    zh_texts: list[str],
    en_texts: list[str],
    zh_lines: list[int],
    en_lines: list[int],
    encoder: Encoder,
) -> Alignment:
    """Each line aligned with its counterpart only; linear in the number of lines.

    The sentences of many lines are embedded in one call (batched, and cached for the
    per-line search), and the baseline is the mean of those vectors (as
    :func:`~mtfix.source.align.similarity_baseline`), so nothing is embedded twice.
    """
    import numpy as np

    from mtfix.source.align import Alignment, align_scored, merge_texts
    from mtfix.zh.text import normalize

    zh_by: dict[int, list[int]] = defaultdict(list)
    en_by: dict[int, list[int]] = defaultdict(list)
    for i, line in enumerate(zh_lines):
        zh_by[line].append(i)
    for j, line in enumerate(en_lines):
        en_by[line].append(j)
    pairs = list(zip(sorted(zh_by), sorted(en_by), strict=True))
    links: list[Link] = []
    sims: list[float] = []
    zh_sum = np.zeros(0, dtype=np.float64)
    en_sum = np.zeros(0, dtype=np.float64)
    for lo in range(0, len(pairs), _LINES_PER_CALL):
        chunk = pairs[lo : lo + _LINES_PER_CALL]
        zi_all = [i for zh_line, _ in chunk for i in zh_by[zh_line]]
        ej_all = [j for _, en_line in chunk for j in en_by[en_line]]
        # Short lines' merged blocks too: the search embeds those it considers.
        merges = [
            text
            for zh_line, en_line in chunk
            if max(len(zh_by[zh_line]), len(en_by[en_line])) <= _PREFETCH_MERGES
            for text in merge_texts(
                [zh_texts[i] for i in zh_by[zh_line]], [en_texts[j] for j in en_by[en_line]]
            )
        ]
        vectors = encoder.encode(
            [normalize(zh_texts[i]) for i in zi_all] + [en_texts[j] for j in ej_all] + merges
        )
        zh_part = vectors[: len(zi_all)].sum(axis=0, dtype=np.float64)
        en_part = vectors[len(zi_all) : len(zi_all) + len(ej_all)].sum(axis=0, dtype=np.float64)
        zh_sum = zh_part if not zh_sum.size else zh_sum + zh_part
        en_sum = en_part if not en_sum.size else en_sum + en_part
        for zh_line, en_line in chunk:
            zi, ej = zh_by[zh_line], en_by[en_line]
            part = align_scored(
                [zh_texts[i] for i in zi], [en_texts[j] for j in ej], encoder=encoder
            )
            for (a, b), sim in zip(part.links, part.similarity, strict=True):
                links.append((tuple(zi[i] for i in a), tuple(ej[j] for j in b)))
                sims.append(sim)
    baseline = float((zh_sum / len(zh_texts)) @ (en_sum / len(en_texts)))
    return Alignment(links, sims, baseline, zh_texts, en_texts)


def _line_numbers(text: str, starts: Sequence[int]) -> list[int]:
    """The line (counting only lines with text) that each sentence starts on."""
    breaks = [i for i, c in enumerate(text) if c == "\n"]
    numbers = [bisect.bisect_right(breaks, start) for start in starts]
    # Renumber so that empty lines do not count: the k-th line with a sentence is k.
    order = {n: k for k, n in enumerate(sorted(set(numbers)))}
    return [order[n] for n in numbers]


class WordCache:
    """jieba's words (with tags) per Chinese sentence, cut once per repairer."""

    SIZE = 20_000

    def __init__(self, segmenter: Segmenter) -> None:
        self.segmenter = segmenter
        self._words: OrderedDict[str, list[Word]] = OrderedDict()

    def words(self, zh: str) -> list[Word]:
        found = self._words.get(zh)
        if found is None:
            found = self._words[zh] = self.segmenter.words(zh)
            while len(self._words) > self.SIZE:
                self._words.popitem(last=False)
        return found


def _word_cache(config: object, glossary: Glossary) -> WordCache:
    from mtfix.zh.segment import glossary_terms, segmenter

    return WordCache(segmenter(glossary_terms(glossary)))


#: The repairer's segmenter (with its glossary's Chinese terms) and word cache.
WORDS: Resource[WordCache] = Resource("source.words", _word_cache)

__all__ = [
    "WORDS",
    "AlignedPair",
    "Link",
    "SourceAnalysis",
    "WordCache",
    "analyse",
    "mismatch_reason",
]
