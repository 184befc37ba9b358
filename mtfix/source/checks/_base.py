"""What every source check shares: the aligned pairs and a few text helpers."""

from __future__ import annotations

from collections.abc import Iterator

from mtfix.registry import FixContext
from mtfix.rules.untranslated import CJK, CJK_RUN
from mtfix.source.analysis import AlignedPair

__all__ = ["CJK", "CJK_RUN", "Pair", "aligned_pairs", "short"]

#: One aligned link with text on both sides.
Pair = AlignedPair


def aligned_pairs(ctx: FixContext) -> Iterator[Pair]:
    """The document's aligned (zh, en) pairs; nothing when there is no trusted analysis."""
    analysis = ctx.analysis
    if analysis is None or not analysis.trusted or ctx.ledger is None:
        return
    yield from analysis.links(ctx.ledger)


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
