"""Sentence alignment of a Chinese original and its English translation.

Dynamic programming over the two sentence lists (Gale-Church, with the
cost of vecalign): each link is 1-1, 1-2, 2-1, 1-0 or 0-1.  A link's cost
mixes

- the cosine distance of multilingual sentence embeddings (merged sides are
  embedded as one text), normalised by how far each side is from the whole
  other document, so that sentences close to everything (short ones, lists)
  do not attract links;
- a length term: English has about 3.6 characters per Chinese character;
- anchors: numbers (Chinese numerals normalised) and Latin tokens found on
  both sides.

Long documents are aligned inside a band around the diagonal, so the work
stays O(n·band) instead of O(n·m).

Merged neighbours are half of what an aligner would embed; most are never
used.  So the search runs twice: first with approximate merge vectors (the
normalised sum of the two sentences', with a discount so that it proposes
more merges than it needs), then with the proposed merges (and their
neighbours) embedded exactly and no other merge allowed.  On the dev data
this gives the links of embedding every merge (``bench/align.py``).
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mtfix.document import Span
from mtfix.source.analysis import Link
from mtfix.zh.english_numbers import MONTH_NAMES, NUMBER_WORDS, SCALES
from mtfix.zh.numbers import number_key, numbers
from mtfix.zh.text import normalize
from mtfix.zh.text import split_sentences as split_chinese

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from mtfix.source.embed import Encoder

#: Link shapes the search may use: (Chinese sentences, English sentences).
MOVES: tuple[tuple[int, int], ...] = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


@dataclass(frozen=True)
class AlignParams:
    """Weights of the alignment cost (tuned with ``bench/align.py``)."""

    #: English characters per Chinese character, and the spread of its log.
    length_ratio: float = 3.6
    length_log_sd: float = 0.35
    #: Characters added to both sides before the ratio, to calm short lines.
    length_smoothing: float = 20.0
    length_weight: float = 0.05
    #: Taken off a link's cost in proportion to the anchors both sides share.
    anchor_weight: float = 0.3
    #: Added when both sides have anchors and share none.
    anchor_conflict: float = 0.15
    #: The cost of leaving one sentence unaligned (1-0 or 0-1).
    skip_cost: float = 0.6
    #: A 2-1 or 1-2 link's embedding cost is scaled by this and the penalty
    #: added: without it a run of 1-1 links drifts into pairs of merges.
    merge_scale: float = 1.0
    merge_penalty: float = 0.5
    #: The distance of unrelated sentences, blended into the normaliser with
    #: this weight (in sentences) so that short documents are not over-normalised.
    prior_distance: float = 0.9
    prior_weight: float = 2.0
    #: Merged neighbours are embedded only where they may be needed: a first search
    #: uses approximate merge vectors (the normalised sum of the two sentences'),
    #: with this taken off their cost so that it proposes more merges than it needs;
    #: only the proposed merges (and their neighbours) are embedded, and the second
    #: search may use no other.  ``None``: embed every merge (one search).
    approximate_merge_discount: float | None = 0.35
    #: Documents with more DP cells than this are aligned inside a band.
    max_cells: int = 250_000
    min_band: int = 30


DEFAULT_PARAMS = AlignParams()


@dataclass
class Alignment:
    """Links, and the embedding similarity of each (``nan`` for 1-0 and 0-1)."""

    links: list[Link]
    similarity: list[float]
    #: Mean similarity of all sentence pairs: what unrelated text scores.
    baseline: float
    zh: list[str] = field(default_factory=list)
    en: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        """Sentences left unaligned, on both sides."""
        return sum(len(a) + len(b) for a, b in self.links if not a or not b)

    @property
    def mean_similarity(self) -> float:
        """Mean similarity of the links with both sides (``nan`` when none)."""
        sims = [s for s in self.similarity if not math.isnan(s)]
        return sum(sims) / len(sims) if sims else math.nan


@dataclass
class TextAlignment(Alignment):
    """An alignment of two texts, with the sentence spans it aligned."""

    zh_spans: list[Span] = field(default_factory=list)
    en_spans: list[Span] = field(default_factory=list)


# -- anchors ---------------------------------------------------------------------------

_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:[-.&'][A-Za-z0-9]+)*")
_EN_NUMBER = re.compile(
    r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)
_EN_SCALES = {s: SCALES[s] for s in ("thousand", "million", "billion", "trillion")}
_EN_WORDS = NUMBER_WORDS
_MONTHS = {name.capitalize(): i + 1 for i, name in enumerate(MONTH_NAMES)}
_EN_WORD = re.compile(r"\b(?:{})\b".format("|".join(_EN_WORDS)), re.IGNORECASE)
# "May" is a month only before a day: "May 4".
_EN_MONTH = re.compile(
    r"\b(?:{})\b|\bMay(?= \d)".format("|".join(m for m in _MONTHS if m != "May"))
)


def zh_anchors(text: str) -> set[str]:
    """Numbers and Latin tokens of a Chinese sentence, in comparable form."""
    found = {number_key(v) for v in numbers(text)}
    found.update(m.group().lower() for m in _LATIN.finditer(normalize(text)))
    return found


def en_anchors(text: str) -> set[str]:
    """Numbers (digits, number words, months) and Latin tokens of an English sentence."""
    found: set[str] = set()
    for m in _EN_NUMBER.finditer(text):
        value = float(m.group(1).replace(",", ""))
        found.add(number_key(value))
        if m.group(2):
            found.add(number_key(value * _EN_SCALES[m.group(2).lower()]))
    found.update(number_key(_EN_WORDS[m.group().lower()]) for m in _EN_WORD.finditer(text))
    found.update(number_key(_MONTHS[m.group()]) for m in _EN_MONTH.finditer(text))
    found.update(m.group().lower() for m in _LATIN.finditer(text))
    return found


def _anchor_term(a: set[str], b: set[str], params: AlignParams) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    if not shared:
        return params.anchor_conflict
    return -params.anchor_weight * shared / len(a | b)


# -- costs -----------------------------------------------------------------------------


@dataclass
class _Side:
    """One side's blocks: single sentences ([0]) and two neighbours merged ([1])."""

    vectors: tuple[NDArray[np.float32], NDArray[np.float32]]
    #: Each block's distance from the whole other document (the normaliser).
    spread: tuple[NDArray[np.float64], NDArray[np.float64]]
    lengths: tuple[NDArray[np.float64], NDArray[np.float64]]
    anchors: tuple[list[set[str]], list[set[str]]]
    #: Merged blocks the search may not use (see :meth:`_Costs.exact_merges`).
    excluded: NDArray[np.bool_] | None = None


class _Costs:
    """Link costs from embeddings, lengths and anchors."""

    def __init__(
        self,
        zh_sents: Sequence[str],
        en_sents: Sequence[str],
        encoder: Encoder,
        params: AlignParams,
    ) -> None:
        import numpy as np

        self.params = params
        self._encoder = encoder
        self._zh_sents, self._en_sents = zh_sents, en_sents
        # Chinese is embedded in its look-up form (simplified), which the encoder knows best.
        self._zh_norm = [normalize(s) for s in zh_sents]
        approximate = params.approximate_merge_discount is not None
        zh_pairs = [] if approximate else self._zh_merges(range(len(zh_sents) - 1))
        en_pairs = [] if approximate else self._en_merges(range(len(en_sents) - 1))
        vectors = encoder.encode([*self._zh_norm, *zh_pairs, *en_sents, *en_pairs])
        n, m = len(zh_sents), len(en_sents)
        if approximate:
            z1, e1 = vectors[:n], vectors[n:]
            z2, e2 = _sum_merges(z1), _sum_merges(e1)
        else:
            z1, z2, e1, e2 = np.split(vectors, [n, 2 * n - 1, 2 * n - 1 + m])
        self._zh_mean, self._en_mean = z1.mean(axis=0), e1.mean(axis=0)
        #: Mean similarity of all sentence pairs: what unrelated text scores.
        self.baseline = float(self._zh_mean @ self._en_mean)  # as similarity_baseline()
        #: Taken off a merge's cost (in the first, approximate search).
        self.merge_discount = params.approximate_merge_discount or 0.0

        # Only anchors found on both sides of the document can tell links apart.
        za = [zh_anchors(s) for s in zh_sents]
        ea = [en_anchors(s) for s in en_sents]
        common = set().union(*za) & set().union(*ea)
        za = [a & common for a in za]
        ea = [a & common for a in ea]

        zl = np.array([len(s.strip()) for s in zh_sents], dtype=np.float64)
        el = np.array([len(s.strip()) for s in en_sents], dtype=np.float64)
        self.zh = _Side(
            (z1, z2),
            (self._spread(z1, self._en_mean, m), self._spread(z2, self._en_mean, m)),
            (zl, zl[:-1] + zl[1:]),
            (za, [a | b for a, b in itertools.pairwise(za)]),
        )
        self.en = _Side(
            (e1, e2),
            (self._spread(e1, self._zh_mean, n), self._spread(e2, self._zh_mean, n)),
            (el, el[:-1] + el[1:] + 1),
            (ea, [a | b for a, b in itertools.pairwise(ea)]),
        )

    def _zh_merges(self, ids: Sequence[int]) -> list[str]:
        return [self._zh_norm[i] + self._zh_norm[i + 1] for i in ids]

    def _en_merges(self, ids: Sequence[int]) -> list[str]:
        return [f"{self._en_sents[j]} {self._en_sents[j + 1]}" for j in ids]

    def _spread(self, v: NDArray[np.float32], other_mean: NDArray[np.float32], count: int) -> Any:
        """vecalign's normaliser, blended with a prior so short documents stay sane."""
        import numpy as np

        p = self.params
        dist = 1.0 - (v @ other_mean).astype(np.float64)
        return (count * dist + p.prior_weight * p.prior_distance) / (count + p.prior_weight)

    def exact_merges(self, links: Sequence[Link]) -> None:
        """Embed the merges ``links`` use, and their neighbours; allow no other merge."""
        import numpy as np

        def wanted(side: int, count: int) -> list[int]:
            firsts = [link[side][0] for link in links if len(link[side]) == 2]
            near = {k for first in firsts for k in (first - 1, first, first + 1)}
            return sorted(k for k in near if 0 <= k < count - 1)

        zh_ids, en_ids = wanted(0, len(self._zh_sents)), wanted(1, len(self._en_sents))
        vectors = self._encoder.encode([*self._zh_merges(zh_ids), *self._en_merges(en_ids)])
        for side, ids, exact, other_mean, count in (
            (self.zh, zh_ids, vectors[: len(zh_ids)], self._en_mean, len(self._en_sents)),
            (self.en, en_ids, vectors[len(zh_ids) :], self._zh_mean, len(self._zh_sents)),
        ):
            merged = np.zeros_like(side.vectors[1])
            spread = np.full(len(merged), np.inf)
            if ids:
                merged[ids] = exact
                spread[ids] = self._spread(exact, other_mean, count)
            side.vectors = (side.vectors[0], merged)
            # An infinite normaliser would make a merge free: mark it excluded instead.
            side.excluded = np.ones(len(merged), dtype=bool)
            side.excluded[ids] = False
            side.spread = (side.spread[0], np.where(side.excluded, 1.0, spread))
        self.merge_discount = 0.0

    def run(
        self, zh_start: int, zh_count: int, en_start: int, en_stop: int, en_count: int
    ) -> list[float]:
        """Costs of Chinese block ``zh_start`` against English blocks ``en_start:en_stop``.

        ``zh_count``/``en_count`` (1 or 2) say which blocks: single or merged.
        """
        import numpy as np

        if en_stop <= en_start:
            return []
        p = self.params
        zk, ek = zh_count - 1, en_count - 1
        ev = self.en.vectors[ek][en_start:en_stop]
        sims = ev @ self.zh.vectors[zk][zh_start]
        spread = (self.zh.spread[zk][zh_start] + self.en.spread[ek][en_start:en_stop]) / 2.0
        embedding = (1.0 - sims) / np.maximum(spread, 0.05)
        smooth = p.length_smoothing
        zlen = self.zh.lengths[zk][zh_start]
        ratio = np.log(
            (self.en.lengths[ek][en_start:en_stop] + smooth) / (p.length_ratio * zlen + smooth)
        )
        length = p.length_weight * (ratio / p.length_log_sd) ** 2 / 2.0
        merged = zh_count + en_count > 2
        total = embedding * (p.merge_scale if merged else 1.0) + length
        if merged:
            total += p.merge_penalty - self.merge_discount
            if zk and self.zh.excluded is not None and self.zh.excluded[zh_start]:
                total[:] = math.inf
            if ek and self.en.excluded is not None:
                total[self.en.excluded[en_start:en_stop]] = math.inf
        out: list[float] = total.tolist()
        anchors = self.zh.anchors[zk][zh_start]
        if anchors:
            en_anchors = self.en.anchors[ek]
            for k in range(len(out)):
                out[k] += _anchor_term(anchors, en_anchors[en_start + k], p)
        return out

    def similarity(self, link: Link) -> float:
        zh_ids, en_ids = link
        if not zh_ids or not en_ids:
            return math.nan
        zv = self.zh.vectors[len(zh_ids) - 1][zh_ids[0]]
        ev = self.en.vectors[len(en_ids) - 1][en_ids[0]]
        return float(zv @ ev)


# -- the search ------------------------------------------------------------------------


def _band(n: int, m: int, params: AlignParams) -> tuple[list[int], list[int]]:
    """For each Chinese position, the English positions the search may visit."""
    if (n + 1) * (m + 1) <= params.max_cells:
        return [0] * (n + 1), [m] * (n + 1)
    width = max(params.min_band, params.max_cells // (2 * (n + 1)))
    lo, hi = [], []
    for i in range(n + 1):
        centre = round(i * m / n)
        lo.append(max(0, centre - width))
        hi.append(min(m, centre + width))
    return lo, hi


def _search(n: int, m: int, costs: _Costs, params: AlignParams) -> list[Link]:
    """The cheapest path from (0, 0) to (n, m); moves are :data:`MOVES`."""
    lo, hi = _band(n, m, params)
    skip = params.skip_cost
    dist: list[list[float]] = []
    back: list[list[int]] = []

    def at(i: int, j: int) -> float:
        """Cost so far at (i, j); infinite outside the band."""
        if i < 0 or j < 0 or not lo[i] <= j <= hi[i]:
            return math.inf
        return dist[i][j - lo[i]]

    for i in range(n + 1):
        a, b = lo[i], hi[i]
        # Costs of the links that end in this row, by the column they end at.
        ends: dict[int, tuple[int, list[float]]] = {}
        if i >= 1:
            ends[0] = (max(a, 1), costs.run(i - 1, 1, max(a, 1) - 1, b, 1))  # 1-1
            ends[4] = (max(a, 2), costs.run(i - 1, 1, max(a, 2) - 2, b - 1, 2))  # 1-2
        if i >= 2:
            ends[3] = (max(a, 1), costs.run(i - 2, 2, max(a, 1) - 1, b, 1))  # 2-1
        row = [math.inf] * (b - a + 1)
        moves = [-1] * (b - a + 1)
        dist.append(row)
        back.append(moves)
        for j in range(a, b + 1):
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            best, move = math.inf, -1
            for mv, (first, run) in ends.items():
                if j >= first:
                    di, dj = MOVES[mv]
                    cand = at(i - di, j - dj) + run[j - first]
                    if cand < best:
                        best, move = cand, mv
            for mv, cand in ((1, at(i - 1, j) + skip), (2, at(i, j - 1) + skip)):
                if cand < best:
                    best, move = cand, mv
            row[j - a], moves[j - a] = best, move

    links: list[Link] = []
    i, j = n, m
    while i > 0 or j > 0:
        di, dj = MOVES[back[i][j - lo[i]]]
        links.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    links.reverse()
    return links


def _sum_merges(v: NDArray[np.float32]) -> NDArray[np.float32]:
    """Approximate vectors of neighbours merged: the normalised sum of the two."""
    import numpy as np

    merged = v[:-1] + v[1:]
    merged /= np.maximum(np.linalg.norm(merged, axis=1, keepdims=True), 1e-12)
    return merged


def merge_texts(zh_sentences: Sequence[str], en_sentences: Sequence[str]) -> list[str]:
    """The merged blocks (adjacent pairs) :func:`align_scored` may embed for these lists."""
    zh = [normalize(s) for s in zh_sentences]
    return [a + b for a, b in itertools.pairwise(zh)] + [
        f"{a} {b}" for a, b in itertools.pairwise(en_sentences)
    ]


def similarity_baseline(
    zh_sentences: Sequence[str], en_sentences: Sequence[str], encoder: Encoder
) -> float:
    """Mean similarity of all sentence pairs of two texts: what unrelated text scores
    (:attr:`Alignment.baseline`, without an alignment search)."""
    z = encoder.encode([normalize(s) for s in zh_sentences])
    e = encoder.encode(list(en_sentences))
    return float(z.mean(axis=0) @ e.mean(axis=0))


def align_scored(
    zh_sentences: Sequence[str],
    en_sentences: Sequence[str],
    *,
    encoder: Encoder | None = None,
    params: AlignParams = DEFAULT_PARAMS,
) -> Alignment:
    """Align two sentence lists, with each link's similarity."""
    zh_list, en_list = list(zh_sentences), list(en_sentences)
    n, m = len(zh_list), len(en_list)
    if n == 0 or m == 0:
        links: list[Link] = [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
        return Alignment(links, [math.nan] * len(links), math.nan, zh_list, en_list)
    if encoder is None:
        from mtfix.source.embed import load_encoder

        encoder = load_encoder()
    costs = _Costs(zh_list, en_list, encoder, params)
    links = _search(n, m, costs, params)
    if params.approximate_merge_discount is not None:
        costs.exact_merges(links)
        links = _search(n, m, costs, params)
    sims = [costs.similarity(link) for link in links]
    return Alignment(links, sims, costs.baseline, zh_list, en_list)


def align(
    zh_sentences: Sequence[str],
    en_sentences: Sequence[str],
    *,
    encoder: Encoder | None = None,
    params: AlignParams = DEFAULT_PARAMS,
) -> list[Link]:
    """Align Chinese and English sentences: 1-1, 1-2, 2-1, 1-0 and 0-1 links.

    Every sentence of both lists is in exactly one link, in order.
    """
    return align_scored(zh_sentences, en_sentences, encoder=encoder, params=params).links


def align_texts(
    zh_text: str,
    en_text: str,
    *,
    encoder: Encoder | None = None,
    params: AlignParams = DEFAULT_PARAMS,
) -> TextAlignment:
    """Split a Chinese and an English text into sentences and align them."""
    from mtfix.document import split_sentences

    zh_spans = split_chinese(zh_text)
    en_spans = [Span(s.start, s.end, s.text) for s in split_sentences(en_text)]
    found = align_scored(
        [s.text for s in zh_spans], [s.text for s in en_spans], encoder=encoder, params=params
    )
    return TextAlignment(
        found.links, found.similarity, found.baseline, found.zh, found.en, zh_spans, en_spans
    )
