"""The re-translation stage: replace or flag sentences the source does not support.

For each aligned (Chinese, English) pair of a trusted source analysis whose confidence
(:attr:`SourceAnalysis.confidence`, from :mod:`mtfix.confidence.scoring`) is below
``config.sentence_threshold``:

- with a model (``config.model``, engine ``config.engine``): translate the Chinese with
  the names the source checks know masked (:mod:`mtfix.retranslate.masking`); the
  candidate replaces the English when both its model confidence and its sentence
  confidence beat the original's by ``config.retranslate_margin``, else it is shown in a
  flagged edit;
- without a model: the sentence is flagged for review.

Model scores are kept in :attr:`SourceAnalysis.model_scores`, so the confidence step and
this one score each pair once.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from mtfix.config import RepairConfig
from mtfix.edits import Edit
from mtfix.registry import FixContext, Resource, fixer
from mtfix.retranslate.masking import mask, protected_terms, restore
from mtfix.source.analysis import AlignedPair

if TYPE_CHECKING:
    from mtfix.retranslate.engines import Engine
    from mtfix.rules.glossary import Glossary

#: engine_options keys this stage reads (the rest configure the engine).
STAGE_OPTIONS = ("score_midpoint", "score_scale")
#: Default calibration of mean token log-probability into [0, 1].
SCORE_MIDPOINT = -1.5
SCORE_SCALE = 2.0


def _load_engine(config: RepairConfig, glossary: Glossary) -> Engine | None:
    if not config.model:
        return None
    from mtfix.retranslate.engines import EngineOptions, load_engine

    options = EngineOptions.from_mapping(dict(config.engine_options), ignore=STAGE_OPTIONS)
    return load_engine(config.model, config.engine, options)


#: The configured engine, loaded once per repairer; ``None`` without a model.
ENGINE: Resource[Engine | None] = Resource("retranslate.engine", _load_engine)


def score_to_confidence(score: float, config: RepairConfig | None = None) -> float:
    """Map a mean token log-probability to [0, 1] with a logistic curve.

    The defaults (midpoint -1.5, scale 2) put a typical fluent opus-mt
    translation (about -0.5) near 0.88 and a poor one (-3) near 0.05; set
    ``engine_options`` ``score_midpoint``/``score_scale`` to recalibrate.
    """
    opts = dict(config.engine_options) if config is not None else {}
    midpoint = float(opts.get("score_midpoint", SCORE_MIDPOINT))
    scale = float(opts.get("score_scale", SCORE_SCALE))
    z = scale * (score - midpoint)
    return 1.0 / (1.0 + math.exp(-z)) if z > -700 else 0.0


def model_scores(ctx: FixContext, pairs: Sequence[tuple[str, str]]) -> list[float]:
    """Model scores (mean token log-probability) of (zh, en) pairs, cached in the analysis.

    Raises when no model is configured; check ``ctx.resource(ENGINE)`` first.
    """
    engine = ctx.resource(ENGINE)
    if engine is None:
        raise RuntimeError("no model configured (RepairConfig.model)")
    cache = ctx.analysis.model_scores if ctx.analysis is not None else {}
    todo = sorted({p for p in pairs if p not in cache})
    if todo:
        scores = engine.score_batch([z for z, _ in todo], [e for _, e in todo])
        cache.update(zip(todo, scores, strict=True))
    return [cache[p] for p in pairs]


def _sentence_confidence(confidences: dict[int, float], en_ids: Sequence[int]) -> float | None:
    known = [confidences[i] for i in en_ids if i in confidences]
    return min(known) if known else None


@fixer("retranslate.sentences", stage="retranslate", order=100, severity="info")
def retranslate_sentences(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Re-translate (or flag) sentences whose confidence against the source is low."""
    analysis = ctx.analysis
    if analysis is None or not analysis.trusted or ctx.ledger is None:
        return
    config = ctx.config
    confidences = analysis.confidence
    engine = ctx.resource(ENGINE)
    pairs = analysis.links(ctx.ledger)
    own: dict[int, float] = {}
    if engine is not None:
        unscored = [
            k for k, p in enumerate(pairs) if _sentence_confidence(confidences, p.en_ids) is None
        ]
        scores = model_scores(ctx, [(pairs[k].zh, pairs[k].en) for k in unscored])
        own = {k: score_to_confidence(s, config) for k, s in zip(unscored, scores, strict=True)}
    low: list[tuple[AlignedPair, float]] = []
    for k, pair in enumerate(pairs):
        conf = _sentence_confidence(confidences, pair.en_ids)
        conf = own.get(k) if conf is None else conf
        if conf is not None and conf < config.sentence_threshold:
            low.append((pair, conf))
    if not low:
        return
    if engine is None:
        for pair, conf in low:
            yield ctx.edit(
                pair.start,
                pair.end,
                pair.en,
                f"low confidence against the source ({conf:.2f} < "
                f"{config.sentence_threshold:.2f}); review, or configure a model to "
                "re-translate",
                flag=True,
                confidence=conf,
                data={"confidence": conf, "en_ids": list(pair.en_ids)},
            )
        return
    yield from _retranslate(ctx, engine, low)


def _retranslate(
    ctx: FixContext, engine: Engine, low: list[tuple[AlignedPair, float]]
) -> Iterator[Edit]:
    from mtfix.source.checks.entities import entities_for

    config = ctx.config
    masked = [mask(p.zh, protected_terms(ctx.glossary, entities_for(ctx, p.zh))) for p, _ in low]
    hyps = engine.translate_batch([m.text for m in masked])
    candidates = [restore(h[0].text, m) if h else None for h, m in zip(hyps, masked, strict=True)]
    to_score = [(p.zh, cand) for (p, _), cand in zip(low, candidates, strict=True) if cand]
    old_scores = model_scores(ctx, [(p.zh, p.en) for p, _ in low])
    new_scores = dict(zip(to_score, model_scores(ctx, to_score), strict=True))
    scorer = ctx.analysis.scorer if ctx.analysis is not None else None
    margin = config.retranslate_margin
    for k, ((pair, old_conf), cand) in enumerate(zip(low, candidates, strict=True)):
        zh, en_text, a, b = pair.zh, pair.en, pair.start, pair.end
        data: dict[str, Any] = {
            "zh": zh,
            "en_ids": list(pair.en_ids),
            "model": config.model,
            "engine": engine.kind,
            "old_score": old_scores[k],
            "old_confidence": old_conf,
            "protected": [{"zh": t.zh, "en": t.en} for t in masked[k].terms],
        }
        if cand is None:
            data["candidate_raw"] = hyps[k][0].text if hyps[k] else ""
            yield ctx.edit(
                a,
                b,
                en_text,
                f"low confidence ({old_conf:.2f}); the re-translation lost a protected name "
                "or was empty, so it is not offered",
                flag=True,
                confidence=old_conf,
                data=data,
            )
            continue
        new_score = new_scores[(zh, cand)]
        old_model = score_to_confidence(old_scores[k], config)
        new_model = score_to_confidence(new_score, config)
        new_conf = float(scorer(zh, cand)) if callable(scorer) else new_model
        data.update(
            candidate=cand,
            new_score=new_score,
            old_model_confidence=old_model,
            new_model_confidence=new_model,
            new_confidence=new_conf,
        )
        if " ".join(cand.split()) == " ".join(en_text.split()):
            continue  # the model agrees with the existing English
        better = new_model >= old_model + margin and new_conf >= old_conf + margin
        if better:
            reason = (
                f"re-translated from the source: confidence {old_conf:.2f} → {new_conf:.2f}, "
                f"model {old_model:.2f} → {new_model:.2f}"
            )
        else:
            reason = (
                f"low confidence ({old_conf:.2f}); a re-translation is shown but does not "
                f"beat the original by {margin:.2f} (confidence {new_conf:.2f}, "
                f"model {old_model:.2f} → {new_model:.2f})"
            )
        yield ctx.edit(
            a,
            b,
            cand,
            reason,
            flag=not better,
            confidence=min(max(new_conf, 0.0), 1.0),
            data=data,
        )
