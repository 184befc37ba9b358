"""The logistic model that turns a pair's signals into a confidence.

Its coefficients are data (``mtfix/confidence/data/coefficients.json``, written by
``bench/calibrate_confidence.py``).  There are two variants: ``without_model`` uses the
signals that need only the sentence encoder and the source checks; ``with_model`` adds
the seq2seq model's score.  confidence = 1 − P(the sentence has a major error).
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

WITHOUT_MODEL = "without_model"
WITH_MODEL = "with_model"
VARIANTS = (WITHOUT_MODEL, WITH_MODEL)


@dataclass(frozen=True)
class LogisticModel:
    """P(major error) = sigmoid(intercept + Σ coef · (x − mean) / scale)."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    coef: tuple[float, ...]
    intercept: float
    #: False for a documented prior that no data has fitted yet.
    fitted: bool = True

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> LogisticModel:
        features = tuple(str(f) for f in d["features"])
        model = cls(
            features=features,
            mean=tuple(float(v) for v in d["mean"]),
            scale=tuple(float(v) for v in d["scale"]),
            coef=tuple(float(v) for v in d["coef"]),
            intercept=float(d["intercept"]),
            fitted=bool(d.get("fitted", True)),
        )
        if not len(model.mean) == len(model.scale) == len(model.coef) == len(features):
            raise ValueError("coefficients: features, mean, scale and coef differ in length")
        if any(s <= 0 for s in model.scale):
            raise ValueError("coefficients: every scale must be positive")
        return model

    def error_probability(self, signals: Mapping[str, float]) -> float:
        """P(major error) of a pair; every feature of the model must be in ``signals``."""
        z = self.intercept
        for name, mu, sd, w in zip(self.features, self.mean, self.scale, self.coef, strict=True):
            z += w * (float(signals[name]) - mu) / sd
        if z >= 0:
            return 1.0 / (1.0 + math.exp(-z))
        ez = math.exp(z)
        return ez / (1.0 + ez)

    def confidence(self, signals: Mapping[str, float]) -> float:
        """1 − P(major error)."""
        return 1.0 - self.error_probability(signals)

    def contributions(self, signals: Mapping[str, float]) -> dict[str, float]:
        """Each feature's share of the log-odds of an error (positive: towards an error)."""
        return {
            name: w * (float(signals[name]) - mu) / sd
            for name, mu, sd, w in zip(self.features, self.mean, self.scale, self.coef, strict=True)
        }


def default_path() -> Path:
    return Path(str(resources.files("mtfix.confidence") / "data" / "coefficients.json"))


@lru_cache(maxsize=4)
def load_coefficients(path: str | None = None) -> dict[str, Any]:
    """The coefficients file as a dict (the shipped one by default)."""
    p = Path(path) if path else default_path()
    data: dict[str, Any] = json.loads(p.read_text(encoding="utf-8"))
    missing = [v for v in VARIANTS if v not in data.get("variants", {})]
    if missing:
        raise ValueError(f"{p}: missing variant(s) {', '.join(missing)}")
    return data


def load_model(variant: str, path: str | None = None) -> LogisticModel:
    """One variant of the shipped (or given) coefficients."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; expected one of {VARIANTS}")
    return LogisticModel.from_dict(load_coefficients(path)["variants"][variant])
