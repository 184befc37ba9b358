"""Seq2seq scoring and re-translation (the ``retranslate`` stage).

Importing this package registers the ``retranslate.sentences`` fixer; it does
not import torch, transformers or ctranslate2 (building an engine does).

The confidence step uses the same engine and cache::

    from mtfix.retranslate import ENGINE, model_scores, score_to_confidence

    if ctx.resource(ENGINE) is not None:
        scores = model_scores(ctx, [(zh, en), ...])  # mean token log-probabilities
        confidences = [score_to_confidence(s, ctx.config) for s in scores]
"""

from __future__ import annotations

from mtfix.retranslate.catalog import (
    KNOWN_MODELS,
    BrokenModelError,
    ModelError,
    ModelNotAvailableError,
)
from mtfix.retranslate.engines import (
    CTranslate2Engine,
    Engine,
    EngineOptions,
    Hypothesis,
    TransformersEngine,
    load_engine,
)
from mtfix.retranslate.stage import (
    ENGINE,
    model_scores,
    retranslate_sentences,
    score_to_confidence,
)

__all__ = [
    "ENGINE",
    "KNOWN_MODELS",
    "BrokenModelError",
    "CTranslate2Engine",
    "Engine",
    "EngineOptions",
    "Hypothesis",
    "ModelError",
    "ModelNotAvailableError",
    "TransformersEngine",
    "load_engine",
    "model_scores",
    "retranslate_sentences",
    "score_to_confidence",
]
