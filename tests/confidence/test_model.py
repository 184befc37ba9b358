"""The shipped coefficients and the logistic model."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from mtfix.confidence.features import BASE_FEATURES, MODEL_FEATURE
from mtfix.confidence.logistic import (
    WITH_MODEL,
    WITHOUT_MODEL,
    LogisticModel,
    default_path,
    load_coefficients,
    load_model,
)


def test_shipped_file_has_both_variants() -> None:
    data = load_coefficients()
    assert set(data["variants"]) >= {WITH_MODEL, WITHOUT_MODEL}
    without = load_model(WITHOUT_MODEL)
    with_model = load_model(WITH_MODEL)
    assert without.features == BASE_FEATURES
    assert with_model.features == (*BASE_FEATURES, MODEL_FEATURE)
    # A fitted variant carries its cross-validated metrics; a prior says it is one.
    for name in (WITHOUT_MODEL, WITH_MODEL):
        v = data["variants"][name]
        assert isinstance(v["fitted"], bool)
        if v["fitted"]:
            assert 0.5 < v["metrics"]["roc_auc"] <= 1.0
        else:
            assert v["note"]
    assert data["variants"][WITHOUT_MODEL]["fitted"]


def test_the_model_score_raises_confidence() -> None:
    model = load_model(WITH_MODEL)
    signals = dict(zip(model.features, model.mean, strict=True))
    low = model.confidence({**signals, MODEL_FEATURE: -3.0})
    high = model.confidence({**signals, MODEL_FEATURE: -0.3})
    assert high > low


def test_logistic_arithmetic() -> None:
    model = LogisticModel(("a", "b"), (1.0, 0.0), (2.0, 1.0), (1.0, -2.0), 0.5)
    signals = {"a": 3.0, "b": 0.25}
    z = 0.5 + 1.0 * (3.0 - 1.0) / 2.0 - 2.0 * 0.25
    assert model.error_probability(signals) == pytest.approx(1 / (1 + math.exp(-z)))
    assert model.confidence(signals) == pytest.approx(1 - 1 / (1 + math.exp(-z)))
    assert sum(model.contributions(signals).values()) + 0.5 == pytest.approx(z)
    assert model.confidence({"a": 1e6, "b": -1e6}) < 1e-6  # no overflow at the extremes
    assert model.confidence({"a": -1e6, "b": 1e6}) > 1 - 1e-6


def test_bad_files_are_refused(tmp_path: Path) -> None:
    data = json.loads(default_path().read_text("utf-8"))
    del data["variants"][WITH_MODEL]
    path = tmp_path / "c.json"
    path.write_text(json.dumps(data), "utf-8")
    with pytest.raises(ValueError, match="with_model"):
        load_coefficients(str(path))
    with pytest.raises(ValueError):
        LogisticModel.from_dict(
            {"features": ["a"], "mean": [0], "scale": [0], "coef": [1], "intercept": 0}
        )
    with pytest.raises(ValueError):
        load_model("nope")
