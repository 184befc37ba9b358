"""What every source check shares: the aligned pairs and a few text helpers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from mtfix.registry import FixContext
from mtfix.rules.untranslated import CJK, CJK_RUN

__all__ = ["CJK", "CJK_RUN", "Pair", "aligned_pairs", "short"]


@dataclass(frozen=True)
class Pair:
    """One aligned link: the Chinese text and its English span on the current text."""

    zh: str
    en: str
    start: int
    end: int
    en_ids: tuple[int, ...]
    zh_ids: tuple[int, ...]
    index: int  # position of the link in the document

    @property
    def one_to_one(self) -> bool:
        return len(self.en_ids) == 1 and len(self.zh_ids) == 1


def aligned_pairs(ctx: FixContext) -> Iterator[Pair]:
    """The document's aligned (zh, en) pairs; nothing when there is no trusted alignment."""
    doc = ctx.state.get("source_doc")
    if doc is None or ctx.state.get("source_mismatch") or ctx.ledger is None:
        return
    zh_links = [zh_ids for zh_ids, en_ids in doc.alignment if zh_ids and en_ids]
    for i, (zh, en_ids, en, (a, b)) in enumerate(doc.pairs(ctx.ledger)):
        if zh.strip() and en.strip():
            yield Pair(zh, en, a, b, tuple(en_ids), tuple(zh_links[i]), i)


def short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
