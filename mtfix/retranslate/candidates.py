"""Other translations of the source ("candidates"), aligned to its Chinese sentences.

A candidate is a second English translation of the same Chinese text (another MT system,
an earlier draft).  It is split into sentences and aligned to the source's Chinese
sentences with the same aligner and encoder as the text being repaired
(:func:`mtfix.source.align.align_scored`), or taken segment by segment
(:meth:`Candidate.from_segments`).  For a low-confidence English sentence, the
re-translation stage (:mod:`mtfix.retranslate.stage`) asks each candidate for the
sentences aligned to the same Chinese sentences (:meth:`AlignedCandidate.for_zh`) and
lets it compete with the English.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mtfix.registry import Resources
    from mtfix.source.analysis import SourceAnalysis


@dataclass(frozen=True)
class Candidate:
    """Another English translation of the source, and where it came from."""

    text: str
    #: Shown on replacements and flags (``data["origin"]``): a file name, a system's name.
    origin: str = "candidate"
    #: A known segment alignment (:meth:`from_segments`); ``None``: aligned by the encoder.
    segments: tuple[tuple[str, str], ...] | None = field(default=None, repr=False)

    @classmethod
    def from_segments(
        cls,
        zh_segments: Sequence[str],
        en_segments: Sequence[str],
        *,
        origin: str = "candidate",
        separator: str = "\n",
    ) -> Candidate:
        """A candidate whose segment *i* translates Chinese segment *i*.

        Use with a source prepared by :meth:`SourceAnalysis.from_segments` over the same
        Chinese segments (the repair checks that they are the same).
        """
        if len(zh_segments) != len(en_segments):
            raise ValueError(
                f"{len(zh_segments)} Chinese segments for {len(en_segments)} candidate ones"
            )
        return cls(
            separator.join(en_segments),
            origin,
            tuple(zip(zh_segments, en_segments, strict=True)),
        )

    @classmethod
    def from_file(cls, path: str | Path) -> Candidate:
        """A candidate read from a UTF-8 text file, named after the file."""
        path = Path(path)
        return cls(path.read_text(encoding="utf-8-sig"), path.name)


def as_candidates(values: Iterable[str | Candidate] | None) -> tuple[Candidate, ...]:
    """Candidates from strings (named ``candidate 1``, ``candidate 2``…) or :class:`Candidate`."""
    out: list[Candidate] = []
    for k, value in enumerate(values or ()):
        if isinstance(value, Candidate):
            out.append(value)
        elif isinstance(value, str):
            out.append(Candidate(value, f"candidate {k + 1}"))
        else:
            raise TypeError(f"a candidate must be str or Candidate, not {type(value).__name__}")
    return tuple(out)


@dataclass(frozen=True)
class AlignedCandidate:
    """A candidate split into groups of sentences, each aligned to Chinese sentences."""

    origin: str
    #: ``(zh_sentence_ids, english)`` per link with both sides, in order.
    groups: tuple[tuple[tuple[int, ...], str], ...]

    def for_zh(self, zh_ids: Sequence[int]) -> str | None:
        """The candidate's English for exactly these Chinese sentences, or ``None``.

        Consecutive groups are joined when together they cover the sentences; a group
        that reaches outside them (a different split of the text) gives ``None``.
        """
        wanted = set(zh_ids)
        parts: list[str] = []
        covered: set[int] = set()
        for ids, en in self.groups:
            inside = wanted.intersection(ids)
            if not inside:
                continue
            if len(inside) != len(ids):
                return None
            parts.append(en)
            covered.update(ids)
        if covered != wanted:
            return None
        return " ".join(p.strip() for p in parts).strip() or None


def align_candidate(
    candidate: Candidate, analysis: SourceAnalysis, resources: Resources
) -> tuple[AlignedCandidate | None, str | None]:
    """The candidate aligned to the analysis's Chinese sentences, or why it cannot be."""
    if candidate.segments is not None:
        zh = [s.text for s in analysis.zh_sentences]
        if [z for z, _ in candidate.segments] != zh:
            raise ValueError(
                f"candidate {candidate.origin!r}: its Chinese segments are not the source's "
                "(use the same segments as SourceAnalysis.from_segments)"
            )
        groups: tuple[tuple[tuple[int, ...], str], ...] = tuple(
            ((i,), en) for i, (_, en) in enumerate(candidate.segments) if en.strip()
        )
        return AlignedCandidate(candidate.origin, groups), None

    from mtfix.document import split_sentences
    from mtfix.source.align import align_scored
    from mtfix.source.analysis import mismatch_reason
    from mtfix.source.embed import ENCODER

    sentences = split_sentences(candidate.text)
    found = align_scored(
        [s.text for s in analysis.zh_sentences],
        [s.text for s in sentences],
        encoder=resources.get(ENCODER),
    )
    mismatch = mismatch_reason(found)
    if mismatch is not None:
        return None, mismatch
    text = candidate.text
    groups = tuple(
        (tuple(zh_ids), text[sentences[en_ids[0]].start : sentences[en_ids[-1]].end])
        for zh_ids, en_ids in found.links
        if zh_ids and en_ids
    )
    return AlignedCandidate(candidate.origin, groups), None


def align_candidates(
    candidates: Sequence[Candidate], analysis: SourceAnalysis, resources: Resources
) -> tuple[list[AlignedCandidate], list[str]]:
    """Each candidate aligned to the source; warnings for those that do not fit it."""
    aligned: list[AlignedCandidate] = []
    warnings: list[str] = []
    for cand in candidates:
        found, why = align_candidate(cand, analysis, resources)
        if found is None:
            warnings.append(
                f"candidate {cand.origin!r} does not seem to translate the source ({why}); "
                "it is not used"
            )
        else:
            aligned.append(found)
    return aligned, warnings


__all__ = [
    "AlignedCandidate",
    "Candidate",
    "align_candidate",
    "align_candidates",
    "as_candidates",
]
