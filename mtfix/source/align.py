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
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mtfix.document import Span
from mtfix.source import zh
from mtfix.source.model import Link

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
    skip_cost: float = 0.55
    #: Added to each 2-1 and 1-2 link.
    merge_penalty: float = 0.0
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
    r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)"
    r"(?:\s*(thousand|million|billion|trillion)\b)?",
    re.IGNORECASE,
)
_EN_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_EN_WORDS = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
     "ninety": 90, "hundred": 100}
_MONTHS = {
    name: i + 1
    for i, name in enumerate(
        "January February March April May June July August September October November "
        "December".split()
    )
}
_EN_WORD = re.compile(r"\b(?:%s)\b" % "|".join(_EN_WORDS), re.IGNORECASE)
# "May" is a month only before a day: "May 4".
_EN_MONTH = re.compile(r"\b(?:%s)\b|\bMay(?= \d)" % "|".join(m for m in _MONTHS if m != "May"))


def zh_anchors(text: str) -> set[str]:
    """Numbers and Latin tokens of a Chinese sentence, in comparable form."""
    found = {zh.number_key(v) for v in zh.numbers(text)}
    found.update(m.group().lower() for m in _LATIN.finditer(zh.normalize(text)))
    return found


def en_anchors(text: str) -> set[str]:
    """Numbers (digits, number words, months) and Latin tokens of an English sentence."""
    found: set[str] = set()
    for m in _EN_NUMBER.finditer(text):
        value = float(m.group(1).replace(",", ""))
        found.add(zh.number_key(value))
        if m.group(2):
            found.add(zh.number_key(value * _EN_SCALES[m.group(2).lower()]))
    found.update(zh.number_key(_EN_WORDS[m.group().lower()]) for m in _EN_WORD.finditer(text))
    found.update(zh.number_key(_MONTHS[m.group()]) for m in _EN_MONTH.finditer(text))
    found.update(m.group().lower() for m in _LATIN.finditer(text))
    return found


def _anchor_term(a: set[str], b: set[str], params: AlignParams) -> float:
    if not a or not b:
        return 0.0
    shared = len(a & b)
    if not shared:
        return params.anchor_conflict
    return -params.anchor_weight * shared / len(a | b)


# -- the search ------------------------------------------------------------------------


def _embed(
    encoder: Encoder, zh_sents: Sequence[str], en_sents: Sequence[str]
) -> tuple[NDArray[np.float32], ...]:
    """Embeddings of single sentences and of each two neighbours merged."""
    zh_pairs = [a + b for a, b in zip(zh_sents, zh_sents[1:], strict=False)]
    en_pairs = [f"{a} {b}" for a, b in zip(en_sents, en_sents[1:], strict=False)]
    texts = [*zh_sents, *zh_pairs, *en_sents, *en_pairs]
    vectors = encoder.encode(texts)
    n, m = len(zh_sents), len(en_sents)
    a = n + len(zh_pairs)
    return vectors[:n], vectors[n:a], vectors[a : a + m], vectors[a + m :]


def _length(text: str) -> int:
    return len(text.strip())


def align_scored(
    zh_sentences: Sequence[str],
    en_sentences: Sequence[str],
    *,
    encoder: Encoder | None = None,
    params: AlignParams = DEFAULT_PARAMS,
) -> Alignment:
    """Align two sentence lists; the links cover every sentence once, in order."""
    import numpy as np

    n, m = len(zh_sentences), len(en_sentences)
    if n == 0 or m == 0:
        links: list[Link] = [((i,), ()) for i in range(n)] + [((), (j,)) for j in range(m)]
        return Alignment(links, [math.nan] * len(links), math.nan, list(zh_sentences),
                         list(en_sentences))
    if encoder is None:
        from mtfix.source.embed import load_encoder

        encoder = load_encoder()
    z1, z2, e1, e2 = _embed(encoder, zh_sentences, en_sentences)
    zh_mean, en_mean = z1.mean(axis=0), e1.mean(axis=0)
    # How far each block is from the other document on average (vecalign's normaliser).
    zn1, zn2 = 1.0 - z1 @ en_mean, 1.0 - z2 @ en_mean
    en1, en2 = 1.0 - e1 @ zh_mean, 1.0 - e2 @ zh_mean
    baseline = float(zh_mean @ en_mean)

    zl = np.array([_length(s) for s in zh_sentences], dtype=np.float64)
    el = np.array([_length(s) for s in en_sentences], dtype=np.float64)
    zl2, el2 = zl[:-1] + zl[1:], el[:-1] + el[1:] + 1

    # Only anchors found on both sides of the document can tell links apart.
    za = [zh_anchors(s) for s in zh_sentences]
    ea = [en_anchors(s) for s in en_sentences]
    common = set().union(*za) & set().union(*ea)
    za = [a & common for a in za]
    ea = [a & common for a in ea]
    za2 = [a | b for a, b in zip(za, za[1:], strict=False)]
    ea2 = [a | b for a, b in zip(ea, ea[1:], strict=False)]

    def costs(
        zv: NDArray[np.float32], zn: float, zlen: float, zanch: set[str],
        ev: NDArray[np.float32], en: NDArray[np.float32], elen: NDArray[np.float64],
        eanch: list[set[str]], size: float, lo: int,
    ) -> list[float]:
        """Costs of one Chinese block against a run of English blocks from ``lo``."""
        sims = ev @ zv
        emb = (1.0 - sims) / np.maximum((zn + en) / 2.0, 0.05)
        ratio = np.log((elen + params.length_smoothing)
                       / (params.length_ratio * zlen + params.length_smoothing))
        length = params.length_weight * (ratio / params.length_log_sd) ** 2 / 2.0
        total = (emb * size + length).tolist()
        if zanch:
            for k in range(len(total)):
                total[k] += _anchor_term(zanch, eanch[lo + k], params)
        if size > 1:
            total = [t + params.merge_penalty for t in total]
        return total

    lo, hi = _band(n, m, params)
    inf = math.inf
    skip = params.skip_cost
    dist: list[list[float]] = []
    back: list[list[int]] = []
    for i in range(n + 1):
        a, b = lo[i], hi[i]
        row = [inf] * (b - a + 1)
        moves = [-1] * (b - a + 1)
        prev = dist[i - 1] if i >= 1 else None
        prev2 = dist[i - 2] if i >= 2 else None
        pa = lo[i - 1] if i >= 1 else 0
        pa2 = lo[i - 2] if i >= 2 else 0
        c11 = c12 = c21 = None
        if i >= 1:
            j0 = max(a, 1)
            c11 = costs(z1[i - 1], zn1[i - 1], zl[i - 1], za[i - 1], e1[j0 - 1 : b],
                        en1[j0 - 1 : b], el[j0 - 1 : b], ea, 1.0, j0 - 1)
            j0 = max(a, 2)
            c12 = costs(z1[i - 1], zn1[i - 1], zl[i - 1], za[i - 1], e2[j0 - 2 : b - 1],
                        en2[j0 - 2 : b - 1], el2[j0 - 2 : b - 1], ea2, 1.5, j0 - 2)
        if i >= 2:
            j0 = max(a, 1)
            c21 = costs(z2[i - 2], zn2[i - 2], zl2[i - 2], za2[i - 2], e1[j0 - 1 : b],
                        en1[j0 - 1 : b], el[j0 - 1 : b], ea, 1.5, j0 - 1)
        for j in range(a, b + 1):
            k = j - a
            if i == 0 and j == 0:
                row[0] = 0.0
                continue
            best, move = inf, -1
            if j > a:  # 0-1
                best, move = row[k - 1] + skip, 2
            if prev is not None:
                pk = j - pa
                if 0 <= pk < len(prev):  # 1-0
                    cand = prev[pk] + skip
                    if cand < best:
                        best, move = cand, 1
                if j >= 1 and c11 is not None and 0 <= pk - 1 < len(prev):  # 1-1
                    cand = prev[pk - 1] + c11[j - max(a, 1)]
                    if cand < best:
                        best, move = cand, 0
                if j >= 2 and c12 is not None and 0 <= pk - 2 < len(prev):  # 1-2
                    cand = prev[pk - 2] + c12[j - max(a, 2)]
                    if cand < best:
                        best, move = cand, 4
            if prev2 is not None and j >= 1 and c21 is not None:  # 2-1
                pk2 = j - 1 - pa2
                if 0 <= pk2 < len(prev2):
                    cand = prev2[pk2] + c21[j - max(a, 1)]
                    if cand < best:
                        best, move = cand, 3
            row[k], moves[k] = best, move
        dist.append(row)
        back.append(moves)

    links = []
    i, j = n, m
    while i > 0 or j > 0:
        move = back[i][j - lo[i]]
        di, dj = MOVES[move]
        links.append((tuple(range(i - di, i)), tuple(range(j - dj, j))))
        i, j = i - di, j - dj
    links.reverse()
    sims = [_link_similarity(link, z1, z2, e1, e2) for link in links]
    return Alignment(links, sims, baseline, list(zh_sentences), list(en_sentences))


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


def _link_similarity(
    link: Link,
    z1: NDArray[np.float32],
    z2: NDArray[np.float32],
    e1: NDArray[np.float32],
    e2: NDArray[np.float32],
) -> float:
    zh_ids, en_ids = link
    if not zh_ids or not en_ids:
        return math.nan
    zv = z1[zh_ids[0]] if len(zh_ids) == 1 else z2[zh_ids[0]]
    ev = e1[en_ids[0]] if len(en_ids) == 1 else e2[en_ids[0]]
    return float(zv @ ev)


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

    zh_spans = zh.split_sentences(zh_text)
    en_spans = [Span(s.start, s.end, s.text) for s in split_sentences(en_text)]
    found = align_scored(
        [s.text for s in zh_spans], [s.text for s in en_spans], encoder=encoder, params=params
    )
    return TextAlignment(
        found.links, found.similarity, found.baseline, found.zh, found.en, zh_spans, en_spans
    )
