"""Model resolution: offline messages, broken folders, the `mtfix models` CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.retranslate import catalog as registry
from mtfix.retranslate.catalog import BrokenModelError, ModelNotAvailableError
from mtfix.retranslate.cli import models_app


def test_offline_missing_model_says_how_to_get_it(empty_model_env: Path) -> None:
    with pytest.raises(ModelNotAvailableError) as err:
        registry.resolve_transformers("opus-mt-zh-en")
    message = str(err.value)
    assert "mtfix models pull opus-mt-zh-en" in message
    assert "models/opus-mt-zh-en" in message
    assert "models/README.md" in message


def test_offline_missing_ct2_model_says_pull_then_convert(empty_model_env: Path) -> None:
    pytest.importorskip("ctranslate2")
    from mtfix.retranslate.engines import CTranslate2Engine

    with pytest.raises(ModelNotAvailableError, match="mtfix models convert opus-mt-zh-en"):
        CTranslate2Engine("opus-mt-zh-en")


def test_engine_raises_the_offline_error(empty_model_env: Path) -> None:
    pytest.importorskip("torch")
    from mtfix.retranslate.engines import TransformersEngine

    with pytest.raises(ModelNotAvailableError, match="HF_HUB_OFFLINE"):
        TransformersEngine("Helsinki-NLP/opus-mt-zh-en")


def test_unknown_spec_is_explained(empty_model_env: Path) -> None:
    with pytest.raises(ModelNotAvailableError, match="neither a folder"):
        registry.resolve_transformers("no-such-model")


def test_broken_folder_names_what_is_missing(toy_model: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(toy_model, broken)
    (broken / "model.safetensors").unlink()
    (broken / "vocab.json").unlink()
    with pytest.raises(BrokenModelError) as err:
        registry.resolve_transformers(str(broken))
    assert "weights" in str(err.value) and "vocab.json" in str(err.value)
    assert "config.json" not in str(err.value)


def test_broken_ct2_folder(toy_ct2: Path, tmp_path: Path) -> None:
    broken = tmp_path / "x-ct2"
    shutil.copytree(toy_ct2, broken)
    (broken / "model.bin").unlink()
    with pytest.raises(BrokenModelError, match=r"model\.bin"):
        registry.resolve_ct2(str(broken))


def test_ct2_engine_on_a_transformers_folder_asks_for_conversion(
    toy_model: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(toy_model, plain)
    with pytest.raises(ModelNotAvailableError, match="mtfix models convert"):
        registry.resolve_ct2(str(plain))


def test_local_names_resolve_in_the_models_dir(empty_model_env: Path, toy_model: Path) -> None:
    shutil.copytree(toy_model, empty_model_env / "opus-mt-zh-en")
    assert registry.resolve_transformers("opus-mt-zh-en") == empty_model_env / "opus-mt-zh-en"
    assert registry.resolve_transformers("Helsinki-NLP/opus-mt-zh-en").name == "opus-mt-zh-en"


def test_cli_list_pull_convert(empty_model_env: Path, toy_model: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(models_app, ["list"])
    assert out.exit_code == 0
    assert "Helsinki-NLP/opus-mt-zh-en" in out.output and "CC-BY-4.0" in out.output

    pulled = runner.invoke(models_app, ["pull", "opus-mt-zh-en"])
    assert pulled.exit_code != 0
    assert "HF_HUB_OFFLINE" in pulled.output and "models/README.md" in pulled.output

    missing = runner.invoke(models_app, ["convert", "opus-mt-zh-en"])
    assert missing.exit_code != 0 and "mtfix models pull" in missing.output

    shutil.copytree(toy_model, empty_model_env / "opus-mt-zh-en")
    converted = runner.invoke(models_app, ["convert", "opus-mt-zh-en"])
    assert converted.exit_code == 0, converted.output
    ct2 = empty_model_env / "opus-mt-zh-en-ct2"
    assert (ct2 / "model.bin").is_file() and (ct2 / "source.spm").is_file()
    listed = runner.invoke(models_app, ["list"]).output
    row = next(line for line in listed.splitlines() if line.startswith("opus-mt-zh-en"))
    assert "transformers, ctranslate2" in row

    from mtfix.retranslate.engines import CTranslate2Engine

    engine = CTranslate2Engine("opus-mt-zh-en", max_length=6)  # int8, found by name
    assert engine.path == ct2
    assert len(engine.translate_batch(["张伟在北京。"], beam_size=1)[0]) == 1
