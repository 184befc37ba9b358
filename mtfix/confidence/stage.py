"""The ``confidence.sentences`` stage: how far each English sentence can be trusted.

For every link of the alignment (``ctx.state["source_doc"]``) with both sides, the signals
of :func:`mtfix.confidence.features.pair_features` are computed on the current text and
combined by the shipped logistic model (:mod:`mtfix.confidence.model`) into
confidence = 1 − P(major error).  With ``config.model`` set, the seq2seq model's score
joins them (the ``with_model`` coefficients).

It proposes no edits.  It leaves in ``ctx.state``:

- ``"sentence_confidence"``: ``{english sentence id: confidence}``;
- ``"sentence_signals"``: ``{english sentence id: {signal: value}}``;
- ``"confidence_scorer"``: ``(zh, en) -> confidence`` for re-translation candidates;

and chains a ``finish_result`` hook that puts them on ``result.sentences``.  Flagging the
sentences below ``config.confidence_threshold`` is the ``retranslate.sentences`` stage's job.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mtfix.confidence.features import (
    MODEL_FEATURE,
    CheckCounts,
    DocumentContext,
    Glosses,
    check_counts,
    pair_features,
    untranslated_chars,
)
from mtfix.confidence.model import WITH_MODEL, WITHOUT_MODEL, LogisticModel, load_model
from mtfix.edits import Edit
from mtfix.registry import FixContext, fixer
from mtfix.result import RepairResult

if TYPE_CHECKING:
    from mtfix.source.model import SourceDoc

#: Source-stage rules whose unresolved (flagged) findings count against a sentence.
NUMBER_RULES = ("source.numbers",)
NAME_RULES = ("source.names", "source.places", "source.consistency")


@dataclass
class _Link:
    """One aligned link with both sides, on the current text."""

    index: int  # position in the alignment
    zh: str
    en: str
    en_ids: tuple[int, ...]
    original: tuple[int, int]  # the English span on the original text


def _links(doc: SourceDoc, text: str, ledger: Any) -> list[_Link]:
    out = []
    for k, (zh_ids, en_ids) in enumerate(doc.alignment):
        if not zh_ids or not en_ids:
            continue
        zh = "".join(doc.zh_sentences[i].text for i in zh_ids)
        a = doc.en_span(en_ids[0], ledger)[0]
        b = doc.en_span(en_ids[-1], ledger)[1]
        original = (doc.en_original_spans[en_ids[0]][0], doc.en_original_spans[en_ids[-1]][1])
        if zh.strip() and text[a:b].strip():
            out.append(_Link(k, zh, text[a:b], tuple(en_ids), original))
    return out


def _unaligned_nearby(doc: SourceDoc, index: int) -> int:
    """Sentences of the 1-0 and 0-1 links right before and after link ``index``."""
    total = 0
    for k in (index - 1, index + 1):
        if 0 <= k < len(doc.alignment):
            zh_ids, en_ids = doc.alignment[k]
            if not zh_ids or not en_ids:
                total += len(zh_ids) + len(en_ids)
    return total


def _flag_counts(edits: Sequence[Edit], span: tuple[int, int]) -> tuple[int, int]:
    """Unresolved number and name findings of the source stage inside an original span."""
    a, b = span
    numbers = names = 0
    for e in edits:
        if e.applied or e.stage != "source" or e.data.get("convention"):
            continue  # a romanisation convention (Taiwan) is advice, not a finding
        inside = (e.start < b and e.end > a) if e.end > e.start else a <= e.start <= b
        if not inside:
            continue
        if e.rule in NUMBER_RULES:
            numbers += 1
        elif e.rule in NAME_RULES:
            names += 1
    return numbers, names


def _model_scores(ctx: FixContext, pairs: list[tuple[str, str]]) -> list[float] | None:
    """The seq2seq model's scores of the pairs, or ``None`` without a model."""
    if not ctx.config.model:
        return None
    from mtfix.retranslate import engine_for, model_scores

    if engine_for(ctx) is None:
        return None
    return model_scores(ctx, pairs)


def _resource(ctx: FixContext, key: str, factory: Callable[[], Any]) -> Any:
    repairer = ctx.state.get("repairer")
    if repairer is not None and hasattr(repairer, "resource"):
        return repairer.resource(key, factory)
    return factory()


@fixer("confidence.sentences", stage="confidence", order=0, severity="info", needs_source=True)
def score_sentences(text: str, ctx: FixContext) -> list[Edit]:
    """Score each English sentence against its Chinese original (confidence in [0, 1])."""
    doc: SourceDoc | None = ctx.state.get("source_doc")
    if doc is None or ctx.ledger is None or ctx.state.get("source_mismatch"):
        return []
    links = _links(doc, text, ctx.ledger)
    if not links:
        return []
    from mtfix.source import zh as zhmod
    from mtfix.source.embed import encoder_for

    vectors = encoder_for(ctx).encode([lk.zh for lk in links] + [lk.en for lk in links])
    zh_vecs, en_vecs = vectors[: len(links)], vectors[len(links) :]
    glosses: Glosses = _resource(ctx, "confidence.glosses", Glosses)
    segmenter = zhmod.segmenter(zhmod.glossary_terms(ctx.glossary))
    scores = _model_scores(ctx, [(lk.zh, lk.en) for lk in links])
    model = load_model(WITH_MODEL if scores is not None else WITHOUT_MODEL)
    edits = ctx.ledger.edits
    similarities = [float(zh_vecs[k] @ en_vecs[k]) for k in range(len(links))]
    document = DocumentContext.of(similarities, [lk.zh for lk in links])
    ctx.state["confidence_document"] = document

    confidence: dict[int, float] = {}
    signals: dict[int, dict[str, float]] = {}
    for k, lk in enumerate(links):
        numbers, names = _flag_counts(edits, lk.original)
        checks = CheckCounts(numbers, names, untranslated_chars(lk.en))
        words = [(w.text, w.tag) for w in segmenter.words(lk.zh)]
        feats = pair_features(
            lk.zh,
            lk.en,
            similarity=similarities[k],
            checks=checks,
            zh_words=words,
            glosses=glosses,
            unaligned_nearby=_unaligned_nearby(doc, lk.index),
            model_score=scores[k] if scores is not None else None,
            document=document,
        )
        conf = model.confidence(feats)
        for i in lk.en_ids:
            confidence[i] = conf
            signals[i] = dict(feats)
    ctx.state["sentence_confidence"] = confidence
    ctx.state["sentence_signals"] = signals
    ctx.state["confidence_scorer"] = _candidate_scorer(ctx, model, links)
    ctx.state["finish_result"] = _finisher(confidence, signals, ctx.state.get("finish_result"))
    return []


def _candidate_scorer(
    ctx: FixContext, model: LogisticModel, links: list[_Link]
) -> Callable[[str, str], float]:
    """Confidence of a new English rendering of a source text, in this document's context."""
    from mtfix.source import zh as zhmod
    from mtfix.source.embed import encoder_for

    by_zh = {lk.zh: k for k, lk in enumerate(links)}
    doc: SourceDoc = ctx.state["source_doc"]

    def score(zh: str, en: str) -> float:
        from mtfix.source.checks.entities import entities_for

        k = by_zh.get(zh)
        zv, ev = encoder_for(ctx).encode([zh, en])
        glosses: Glosses = _resource(ctx, "confidence.glosses", Glosses)
        segmenter = zhmod.segmenter(zhmod.glossary_terms(ctx.glossary))
        words = [(w.text, w.tag) for w in segmenter.words(zh)]
        scores = _model_scores(ctx, [(zh, en)]) if MODEL_FEATURE in model.features else None
        feats = pair_features(
            zh,
            en,
            similarity=float(zv @ ev),
            checks=check_counts(zh, en, entities_for(ctx, zh)),
            zh_words=words,
            glosses=glosses,
            unaligned_nearby=_unaligned_nearby(doc, links[k].index) if k is not None else 0,
            model_score=scores[0] if scores else None,
            document=ctx.state.get("confidence_document"),
        )
        return model.confidence(feats)

    return score


def _finisher(
    confidence: dict[int, float], signals: dict[int, dict[str, float]], previous: Any
) -> Callable[[RepairResult], None]:
    """Put the confidences on ``result.sentences`` (after the source stage's finisher)."""

    def finish(result: RepairResult) -> None:
        if callable(previous):
            previous(result)
        replaced = _retranslated(result)
        for sentence in result.sentences:
            if sentence.id in replaced:
                new, old = replaced[sentence.id]
                sentence.confidence = new
                sentence.signals = {"retranslated": 1.0, "previous_confidence": old}
            elif sentence.id in confidence:
                sentence.confidence = confidence[sentence.id]
                sentence.signals = dict(signals[sentence.id])

    return finish


def _retranslated(result: RepairResult) -> dict[int, tuple[float, float]]:
    """Sentences a re-translation replaced: ``{id: (new confidence, old confidence)}``."""
    out: dict[int, tuple[float, float]] = {}
    for e in result.edits:
        if e.stage != "retranslate" or not e.applied:
            continue
        new, old = e.data.get("new_confidence"), e.data.get("old_confidence")
        if new is None or old is None:
            continue
        for i in e.data.get("en_ids", ()):
            out[int(i)] = (float(new), float(old))
    return out
