"""With a seq2seq model configured, its score joins the signals (a tiny random Marian model)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from mtfix import RepairConfig, Repairer
from mtfix.confidence.features import MODEL_FEATURE, SIGNALS
from mtfix.confidence.logistic import WITH_MODEL, load_model

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")

ZH = "华为今年的收入增长了12%。腾讯在深圳开设了新办公室。"
EN = "Huawei's revenue grew by 12% this year. Tencent opened a new office in Shenzhen."


@pytest.fixture(scope="module")
def toy_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    from toymodel import build_toy_marian

    return build_toy_marian(tmp_path_factory.mktemp("models") / "toy-marian")


def test_model_score_is_a_signal(toy_model: Path, encoder: Any) -> None:
    pytest.importorskip("jieba")
    config = RepairConfig(
        stages=("source", "confidence"), model=str(toy_model), engine="transformers"
    )
    result = Repairer(config).repair(EN, source=ZH)
    model = load_model(WITH_MODEL)
    assert len(result.sentences) == 2
    for s in result.sentences:
        assert set(s.signals) == {*SIGNALS, MODEL_FEATURE}
        assert s.signals[MODEL_FEATURE] < 0  # a mean token log-probability
        assert s.confidence == pytest.approx(model.confidence(s.signals))
