"""A tiny random MarianMT model (and its CTranslate2 conversion), built once per session."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["HF_HUB_OFFLINE"] = "1"
os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")


@pytest.fixture(scope="session")
def toy_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pytest.importorskip("torch")
    pytest.importorskip("transformers")
    pytest.importorskip("sentencepiece")
    from toymodel import build_toy_marian

    return build_toy_marian(tmp_path_factory.mktemp("models") / "toy-marian")


@pytest.fixture(scope="session")
def toy_ct2(toy_model: Path) -> Path:
    pytest.importorskip("ctranslate2")
    from mtfix.retranslate.cli import convert_folder

    return convert_folder(
        toy_model, toy_model.with_name(toy_model.name + "-ct2"), quantization="float32"
    )


@pytest.fixture
def empty_model_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No models anywhere: an empty models dir and HF cache, offline, cwd elsewhere."""
    models = tmp_path / "models"
    models.mkdir()
    monkeypatch.setenv("MTFIX_MODELS_DIR", str(models))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HUB_CACHE", str(tmp_path / "hf-cache"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("mtfix.retranslate.catalog._source_checkout_models_dir", lambda: None)
    return models
