"""Flags against the source carry a measured probability; the unlikely ones are not shown."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from mtfix import RepairConfig, Repairer, SourceAnalysis
from mtfix.source.calibration import probability

pytest.importorskip("jieba")

ZH, EN = "记者王建国报道。", "Reporter Baoluo reports."


def _repair(**config: float) -> tuple[list[str], list[str]]:
    repairer = Repairer(RepairConfig(stages=("source",), **config))
    result = repairer.repair(EN, source=SourceAnalysis.from_segments([ZH], [EN]))
    return [e.before for e in result.edits], [e.before for e in result.suppressed]


def test_each_flag_has_its_measured_probability() -> None:
    shown, _ = _repair(flag_threshold=0.0)
    assert shown == ["Baoluo"]
    repairer = Repairer(RepairConfig(stages=("source",), flag_threshold=0.0))
    (edit,) = repairer.repair(EN, source=SourceAnalysis.from_segments([ZH], [EN])).edits
    assert edit.data["kind"] == "alone"
    assert edit.data["probability"] == pytest.approx(probability(edit) or -1, abs=1e-3)


def test_a_flag_below_the_threshold_is_kept_aside() -> None:
    p = probability(
        Repairer(RepairConfig(stages=("source",), flag_threshold=0.0))
        .repair(EN, source=SourceAnalysis.from_segments([ZH], [EN]))
        .edits[0]
    )
    assert p is not None
    assert _repair(flag_threshold=min(1.0, p + 0.01)) == ([], ["Baoluo"])
    assert _repair(flag_threshold=max(0.0, p - 0.01)) == (["Baoluo"], [])


def test_the_cli_lists_suppressed_flags_with_verbose(tmp_path: Path) -> None:
    en, zh = tmp_path / "a.en.txt", tmp_path / "a.zh.txt"
    en.write_text(EN + "\n", encoding="utf-8")
    zh.write_text(ZH + "\n", encoding="utf-8")
    base = [sys.executable, "-m", "mtfix", "fix", str(en), "--format", "json"]
    quiet = subprocess.run([*base, "--flag-threshold", "1"], capture_output=True, text=True)
    verbose = subprocess.run(
        [*base, "--flag-threshold", "1", "--verbose"], capture_output=True, text=True
    )
    assert quiet.returncode == verbose.returncode == 0, quiet.stderr + verbose.stderr
    assert "suppressed" not in json.loads(quiet.stdout)
    data = json.loads(verbose.stdout)
    assert [e["rule"] for e in data["edits"] if e["stage"] == "source"] == []
    assert [e["before"] for e in data["suppressed"]] == ["Baoluo"]


def test_a_names_table_with_a_bidi_control_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtfix.source.checks.lexicon import NamesTableError, name_table

    table = tmp_path / "names.toml"
    table.write_text('[person]\n"张三" = "Zhang\u202eSan"\n', encoding="utf-8")
    with pytest.raises(NamesTableError, match="bidirectional"):
        name_table((table,))
