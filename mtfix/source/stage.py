"""The ``source.align`` stage: split the original, align it, keep the result.

It proposes no edits.  It leaves a :class:`~mtfix.source.model.SourceDoc` in
``ctx.state["source_doc"]`` for the checks, and fills the result's
sentences, source sentences and alignment when the repair ends.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from typing import Any

from mtfix.document import Sentence, split_paragraphs, split_sentences
from mtfix.edits import Edit, EditLedger
from mtfix.registry import FixContext, fixer
from mtfix.result import RepairResult
from mtfix.source import zh
from mtfix.source.align import Alignment, align_scored
from mtfix.source.embed import encoder_for
from mtfix.source.model import SourceDoc

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


@fixer("source.align", stage="source", order=0, severity="info", needs_source=True)
def align_source(text: str, ctx: FixContext) -> list[Edit]:
    """Split the Chinese original into sentences and align them to the English."""
    if ctx.source is None or ctx.ledger is None:
        return []
    ledger = ctx.ledger
    zh_spans = zh.split_sentences(ctx.source)
    en_sentences = split_sentences(text)
    found = align_scored(
        [s.text for s in zh_spans], [s.text for s in en_sentences], encoder=encoder_for(ctx)
    )
    en_original = [
        (ledger.to_original(s.start), ledger.to_original(s.end, prefer_end=True))
        for s in en_sentences
    ]
    doc = SourceDoc(zh_spans, en_original, found.links)
    ctx.state["source_doc"] = doc
    ctx.state["link_similarity"] = found.similarity
    reason = mismatch_reason(found)
    if reason is not None:
        ctx.warnings.append(
            f"the source does not seem to be the original of this text ({reason}); "
            "source checks are skipped"
        )
        ctx.state["source_mismatch"] = True
    ctx.state["finish_result"] = _finisher(doc, ledger, ctx.state.get("finish_result"))
    return []


def _finisher(doc: SourceDoc, ledger: EditLedger, previous: Any) -> Callable[[RepairResult], None]:
    """Fill the result's sentences and alignment (after any earlier finisher)."""

    def finish(result: RepairResult) -> None:
        if callable(previous):
            previous(result)
        result._sentences = final_sentences(doc, ledger, result.text)
        result.source_sentences = list(doc.zh_sentences)
        result.alignment = list(doc.alignment)

    return finish


def final_sentences(doc: SourceDoc, ledger: EditLedger, text: str) -> list[Sentence]:
    """The aligned English sentences, mapped onto the final text."""
    paragraph_starts = [p.start for p in split_paragraphs(text)]
    out = []
    for i, (a, b) in enumerate(doc.en_original_spans):
        start, end = ledger.to_current(a), ledger.to_current(b)
        # A space a repair inserted at a sentence boundary belongs to neither.
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        paragraph = max(0, bisect.bisect_right(paragraph_starts, start) - 1)
        out.append(Sentence(i, start, end, text[start:end], paragraph=paragraph))
    return out
