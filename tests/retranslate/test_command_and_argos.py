"""Second translations from a command (``--engine command``) and from Argos packages."""

from __future__ import annotations

import json
import math
import shlex
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.cli import app
from mtfix.config import RepairConfig
from mtfix.pipeline import Repairer
from mtfix.retranslate.argos import ArgosEngine
from mtfix.retranslate.catalog import ModelError
from mtfix.retranslate.command import CommandEngine
from mtfix.retranslate.engines import load_engine
from mtfix.source.analysis import SourceAnalysis

ZH = ["腾讯在北京开设了新办公室。", "张伟认为这个问题很重要。"]
EN = ["Goose News opened a new office in Peking.", "Zhang Wei believes this issue is important."]
GOOD = "Tencent opened a new office in Beijing."

#: A translation "system": a table of known sentences, and a marker for the rest.
TRANSLATOR = """\
import sys
table = {"ZXAQ 在 ZXBQ 开设了新办公室。": "ZXAQ opened a new office in ZXBQ."}
mode = sys.argv[1] if len(sys.argv) > 1 else "ok"
lines = sys.stdin.read().splitlines()
if mode == "short":
    lines = lines[1:]
for line in lines:
    print(table.get(line, "untranslated: " + line))
if mode == "fail":
    print("the service is down", file=sys.stderr)
    sys.exit(3)
"""


@pytest.fixture
def translator(tmp_path: Path) -> str:
    script = tmp_path / "translate.py"
    script.write_text(TRANSLATOR, encoding="utf-8")
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


def _repair(config: RepairConfig) -> object:
    analysis = SourceAnalysis.from_segments(ZH, EN, separator=" ")
    return Repairer(config).repair(" ".join(EN), source=analysis)


def test_a_command_translates_low_sentences_judged_by_the_confidence_model(
    translator: str,
) -> None:
    config = RepairConfig(
        builtin_glossary=False,
        sentence_threshold=0.6,
        sentence_flag_threshold=0.6,
        model=translator,
        engine="command",
    )
    result = _repair(config)
    (e,) = [x for x in result.edits if x.rule == "retranslate.sentences"]  # type: ignore[attr-defined]
    assert e.applied and e.after == GOOD
    assert e.data["origin"] == "command:" + Path(sys.executable).name
    assert e.data["engine"] == "command" and "old_score" not in e.data  # it cannot score
    assert e.data["new_confidence"] >= e.data["old_confidence"] + config.retranslate_margin


def test_a_command_that_loses_lines_is_a_clear_error(translator: str) -> None:
    engine = load_engine(translator + " short", "command")
    assert isinstance(engine, CommandEngine) and not engine.can_score
    with pytest.raises(ModelError, match="wrote 1 line"):
        engine.translate_batch(["一。", "二。"])
    with pytest.raises(ModelError, match=r"failed \(exit 3\): the service is down"):
        load_engine(translator + " fail", "command").translate_batch(["一。"])
    with pytest.raises(ModelError, match="not found"):
        load_engine("no-such-translator-xyz --fast", "command")
    with pytest.raises(ModelError, match="cannot score"):
        engine.score_batch(["一。"], ["One."])


def test_cli_engine_command(translator: str, tmp_path: Path) -> None:
    (tmp_path / "a.en.txt").write_text(" ".join(EN), encoding="utf-8")
    (tmp_path / "a.zh.txt").write_text("".join(ZH), encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [
            "fix",
            str(tmp_path / "a.en.txt"),
            "--source",
            str(tmp_path / "a.zh.txt"),
            "--engine",
            "command",
            "--model",
            translator,
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    edits = json.loads(result.stdout)["edits"]
    assert any(e["data"].get("engine") == "command" for e in edits)


# -- Argos packages -----------------------------------------------------------------------
def _argos_package(toy_model: Path, toy_ct2: Path, folder: Path) -> Path:
    """An unpacked Argos package built from the test suite's tiny model."""
    shutil.copytree(toy_ct2, folder / "model")
    # The toy model's source pieces: Argos packages ship one sentencepiece model.
    shutil.copy(toy_model / "source.spm", folder / "sentencepiece.model")
    meta = {"package_version": "0.1", "from_code": "zh", "to_code": "en", "type": "translate"}
    (folder / "metadata.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder


@pytest.fixture
def argos(toy_model: Path, toy_ct2: Path, tmp_path: Path) -> Path:
    pytest.importorskip("sentencepiece")
    return _argos_package(toy_model, toy_ct2, tmp_path / "translate-zh_en-0_1")


def test_an_argos_package_translates_and_scores(argos: Path) -> None:
    engine = load_engine(str(argos), "ctranslate2")
    assert isinstance(engine, ArgosEngine) and engine.origin == "argos:translate-zh_en-0_1"
    (hyps,) = engine.translate_batch(["张伟在北京访问了腾讯。"], beam_size=2, max_length=8)
    assert hyps and isinstance(hyps[0].text, str) and "▁" not in hyps[0].text
    (score,) = engine.score_batch(["张伟在北京访问了腾讯。"], ["Zhang Wei visited Tencent."])
    assert math.isfinite(score) and score < 0


def test_an_argos_package_as_the_repairs_model(argos: Path) -> None:
    config = RepairConfig(
        builtin_glossary=False,
        stages=("retranslate",),
        model=str(argos),
        engine_options=(("max_length", 8), ("beam_size", 2)),
    )
    result = _repair(config)
    assert result.analysis is not None and result.analysis.model_scores  # type: ignore[attr-defined]


def test_models_list_shows_installed_argos_packages(
    toy_model: Path, toy_ct2: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("sentencepiece")
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    root = tmp_path / "data" / "argos-translate" / "packages"
    root.mkdir(parents=True)
    _argos_package(toy_model, toy_ct2, root / "translate-zh_en-0_1")
    result = CliRunner().invoke(app, ["models", "list", "--dir", str(tmp_path / "models")])
    assert result.exit_code == 0, result.output
    assert str(root) in result.output
    assert "translate-zh_en-0_1  zh→en  version 0.1" in result.output
    # An installed package is found by its folder name too.
    assert isinstance(load_engine("translate-zh_en-0_1", "ctranslate2"), ArgosEngine)


def test_a_broken_argos_package_is_not_taken_for_one(argos: Path) -> None:
    (argos / "sentencepiece.model").unlink()
    with pytest.raises(ModelError):
        load_engine(str(argos), "ctranslate2")
