"""The confidence step: how far each English sentence can be trusted.

For every link of the source analysis with both sides, the signals of
:func:`mtfix.confidence.features.pair_features` are computed on the current text and
combined by the shipped logistic model (:mod:`mtfix.confidence.logistic`) into
confidence = 1 − P(major error).  With ``config.model`` set, the seq2seq model's score
joins them (the ``with_model`` coefficients).

It is an analysis step, not a rule: it proposes no edits, and it fills
:class:`~mtfix.source.analysis.SourceAnalysis`'s ``confidence``, ``signals``,
``confidence_context`` and ``scorer``.  Flagging the sentences below
``config.sentence_threshold`` is the ``retranslate.sentences`` rule's job.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from mtfix.confidence.features import (
    MODEL_FEATURE,
    NAME_EVIDENCE,
    CheckCounts,
    DocumentContext,
    Glosses,
    check_counts,
    counts_number_finding,
    lexical_coverage,
    pair_features,
    untranslated_chars,
)
from mtfix.confidence.logistic import WITH_MODEL, WITHOUT_MODEL, LogisticModel, load_model
from mtfix.edits import Edit
from mtfix.registry import FixContext, Resource
from mtfix.source.analysis import WORDS, AlignedPair, SourceAnalysis
from mtfix.source.calibration import rule_probability
from mtfix.zh.text import normalize

#: Source-stage rules whose unresolved (flagged) findings count against a sentence.
NUMBER_RULES = ("source.numbers",)
#: The name rule whose findings the model was fitted on (features.count_name_problems).
NAME_RULES = ("source.names",)


def _unaligned_nearby(analysis: SourceAnalysis, index: int) -> int:
    """Sentences of the 1-0 and 0-1 links right before and after link ``index``."""
    total = 0
    for k in (index - 1, index + 1):
        if 0 <= k < len(analysis.alignment):
            zh_ids, en_ids = analysis.alignment[k]
            if not zh_ids or not en_ids:
                total += len(zh_ids) + len(en_ids)
    return total


def _counts_against(edit: Edit) -> bool:
    """An unresolved source finding that the confidence model counts: the number and name
    findings of a kind right at least :data:`NAME_EVIDENCE` of the time, as
    :func:`~mtfix.confidence.features.count_name_problems` counts them when the model is
    fitted (noisier kinds fire on correct translations as often as on wrong ones)."""
    if edit.applied or edit.stage != "source" or edit.data.get("convention"):
        return False  # a romanisation convention (Taiwan) is advice, not a finding
    if edit.rule in NUMBER_RULES:
        return counts_number_finding(str(edit.data.get("kind", "")))
    if edit.rule not in NAME_RULES:
        return False
    found = rule_probability(edit.rule, edit.data)
    return found is not None and found >= NAME_EVIDENCE


class _Findings:
    """Unresolved number and name findings of the source stage, by start (for spans)."""

    def __init__(self, edits: Sequence[Edit]) -> None:
        found = sorted((e.start, e.end, e.rule) for e in edits if _counts_against(e))
        self._found = found
        self._starts = [f[0] for f in found]
        self._reach = max((end - start for start, end, _ in found), default=0)

    def counts(self, span: tuple[int, int]) -> tuple[int, int]:
        """How many number and name findings lie inside an original span."""
        a, b = span
        numbers = names = 0
        lo = bisect.bisect_left(self._starts, a - self._reach)
        hi = bisect.bisect_right(self._starts, b)
        for start, end, rule in self._found[lo:hi]:
            inside = (start < b and end > a) if end > start else a <= start <= b
            if not inside:
                continue
            if rule in NUMBER_RULES:
                numbers += 1
            else:
                names += 1
        return numbers, names


def _model_scores(ctx: FixContext, pairs: list[tuple[str, str]]) -> list[float] | None:
    """The seq2seq model's scores of the pairs, or ``None`` without a model."""
    if not ctx.config.model:
        return None
    from mtfix.retranslate import ENGINE, model_scores

    engine = ctx.resource(ENGINE)
    if engine is None or not engine.can_score:
        return None
    return model_scores(ctx, pairs)


#: The gloss tables of the confidence features, built once per repairer.
GLOSSES: Resource[Glosses] = Resource("confidence.glosses", lambda config, glossary: Glosses())


def _original_span(analysis: SourceAnalysis, pair: AlignedPair) -> tuple[int, int]:
    return analysis.en_spans[pair.en_ids[0]][0], analysis.en_spans[pair.en_ids[-1]][1]


def _zh_words(ctx: FixContext, zh: str) -> list[tuple[str, str]]:
    return [(w.text, w.tag) for w in ctx.resource(WORDS).words(zh)]


def source_coverage(ctx: FixContext, zh: str, en: str) -> float:
    """The share of the Chinese content words one of whose CC-CEDICT glosses is in the
    English (1.0 when there is none to count): how much of the source a rendering keeps."""
    return lexical_coverage(_zh_words(ctx, zh), en, ctx.resource(GLOSSES))[0]


def score_sentences(ctx: FixContext) -> None:
    """Score each English sentence against its Chinese original (confidence in [0, 1])."""
    analysis = ctx.analysis
    if analysis is None or not analysis.trusted or ctx.ledger is None:
        return
    links = analysis.links(ctx.ledger)
    if not links:
        return
    from mtfix.source.embed import ENCODER

    # Chinese is scored in its look-up form (simplified), as the aligner embeds it: a
    # Traditional source must score like its Simplified twin.
    zh_texts = [normalize(lk.zh) for lk in links]
    vectors = ctx.resource(ENCODER).encode(zh_texts + [lk.en for lk in links])
    zh_vecs, en_vecs = vectors[: len(links)], vectors[len(links) :]
    glosses = ctx.resource(GLOSSES)
    scores = _model_scores(ctx, [(lk.zh, lk.en) for lk in links])
    model = load_model(WITH_MODEL if scores is not None else WITHOUT_MODEL)
    # Shown or not, a finding counts as it did when the model was fitted.
    findings = _Findings([*ctx.ledger.edits, *ctx.suppressed])
    similarities = [float(zh_vecs[k] @ en_vecs[k]) for k in range(len(links))]
    document = DocumentContext.of(similarities, zh_texts)
    analysis.confidence_context = document

    for k, lk in enumerate(links):
        numbers, names = findings.counts(_original_span(analysis, lk))
        checks = CheckCounts(numbers, names, untranslated_chars(lk.en))
        feats = pair_features(
            zh_texts[k],
            lk.en,
            similarity=similarities[k],
            checks=checks,
            zh_words=_zh_words(ctx, lk.zh),
            glosses=glosses,
            unaligned_nearby=_unaligned_nearby(analysis, lk.link),
            model_score=scores[k] if scores is not None else None,
            document=document,
        )
        conf = model.confidence(feats)
        for i in lk.en_ids:
            analysis.confidence[i] = conf
            analysis.signals[i] = dict(feats)
    analysis.scorer = _candidate_scorer(ctx, model, links)


def _candidate_scorer(
    ctx: FixContext, model: LogisticModel, links: list[AlignedPair]
) -> Callable[[str, str], float]:
    """Confidence of a new English rendering of a source text, in this document's context."""
    from mtfix.source.checks.entities import entities_for
    from mtfix.source.embed import ENCODER

    by_zh = {lk.zh: lk for lk in links}
    analysis = ctx.analysis
    assert analysis is not None

    def score(zh: str, en: str) -> float:
        link = by_zh.get(zh)
        zv, ev = ctx.resource(ENCODER).encode([normalize(zh), en])
        scores = _model_scores(ctx, [(zh, en)]) if MODEL_FEATURE in model.features else None
        feats = pair_features(
            normalize(zh),
            en,
            similarity=float(zv @ ev),
            checks=check_counts(zh, en, entities_for(ctx, zh)),
            zh_words=_zh_words(ctx, zh),
            glosses=ctx.resource(GLOSSES),
            unaligned_nearby=_unaligned_nearby(analysis, link.link) if link else 0,
            model_score=scores[0] if scores else None,
            document=analysis.confidence_context,
        )
        return model.confidence(feats)

    return score


def sentence_confidences(
    analysis: SourceAnalysis, edits: Sequence[Edit]
) -> dict[int, tuple[float, dict[str, float]]]:
    """Each scored English sentence's confidence and signals, after re-translation."""
    out = {i: (c, dict(analysis.signals.get(i, {}))) for i, c in analysis.confidence.items()}
    for i, (new, old) in _retranslated(edits).items():
        out[i] = (new, {"retranslated": 1.0, "previous_confidence": old})
    return out


def _retranslated(edits: Sequence[Edit]) -> dict[int, tuple[float, float]]:
    """Sentences a re-translation replaced: ``{id: (new confidence, old confidence)}``."""
    out: dict[int, tuple[float, float]] = {}
    for e in edits:
        if e.stage != "retranslate" or not e.applied:
            continue
        new, old = e.data.get("new_confidence"), e.data.get("old_confidence")
        if new is None or old is None:
            continue
        for i in e.data.get("en_ids", ()):
            out[int(i)] = (float(new), float(old))
    return out
