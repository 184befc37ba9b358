"""The checks inside mtfix.repair (with the real splitter and aligner)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import PAIRS_DIR

import mtfix

pytest.importorskip("jieba")

#: The stages up to the source checks (the model stages are tested elsewhere).
CONFIG = mtfix.RepairConfig(stages=("clean", "rules", "source"))


def _read(name: str) -> tuple[str, str]:
    return (PAIRS_DIR / f"{name}.zh").read_text("utf-8"), (PAIRS_DIR / f"{name}.en").read_text(
        "utf-8"
    )


def test_mismatched_source_makes_no_source_edits() -> None:
    zh, en = _read("check_mismatch")
    result = mtfix.repair(en, source=zh, config=CONFIG)
    assert result.warnings  # the mismatch is reported …
    assert not [e for e in result.edits if e.stage == "source"]  # … and nothing is touched
    result.check()


def test_checks_run_in_the_pipeline() -> None:
    zh, en = _read("check_names")
    result = mtfix.repair(en, source=zh, config=CONFIG)
    result.check()
    assert "Zhou Zhiheng" in result.text
    assert "Zhangzhou, Fujian" in result.text
    rules = {e.rule for e in result.edits}
    assert {"source.names", "source.places"} <= rules
