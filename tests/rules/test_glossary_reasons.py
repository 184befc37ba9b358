"""Reasons of glossary edits are readable: an entry without a note never shows its regex."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from mtfix import RepairConfig, repair
from mtfix.cli import app

DESK = """\
[[entry]]
pattern = 'Gao(chun|ling) Capital'
regex = true
replacement = 'Hillhouse Capital'

[[entry]]
pattern = "Blue Whale Lab"
replacement = "Blue Whale Labs"
"""


def _glossary(tmp_path: Path) -> Path:
    path = tmp_path / "desk.toml"
    path.write_text(DESK, encoding="utf-8")
    return path


def test_a_regex_entry_without_a_note_names_the_text_and_the_file(tmp_path: Path) -> None:
    config = RepairConfig(stages=("rules",), glossaries=(str(_glossary(tmp_path)),))
    result = repair("Gaochun Capital invested in Blue Whale Lab.", config=config)
    assert result.text == "Hillhouse Capital invested in Blue Whale Labs."
    reasons = [e.reason for e in result.edits]
    assert reasons == [
        "known MT garble: replaced 'Gaochun Capital' with 'Hillhouse Capital' "
        "(glossary entry in desk.toml, line 1)",
        "known MT garble: replaced 'Blue Whale Lab' with 'Blue Whale Labs' "
        "(glossary entry in desk.toml, line 6)",
    ]
    assert not any("(chun|ling)" in r or str(tmp_path) in r for r in reasons)


def test_the_cli_shows_the_readable_reason(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Gaoling Capital grew.\n", encoding="utf-8")
    args = ["fix", str(article), "--glossary", str(_glossary(tmp_path)), "-f", "json"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 0, res.stderr
    (edit,) = json.loads(res.stdout)["edits"]
    assert edit["reason"] == (
        "known MT garble: replaced 'Gaoling Capital' with 'Hillhouse Capital' "
        "(glossary entry in desk.toml, line 1)"
    )
