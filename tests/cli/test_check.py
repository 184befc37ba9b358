"""mtfix check: exit codes 0 (clean), 1 (something found), 2 (bad input)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.cli import app
from mtfix.edits import Edit
from mtfix.registry import FixContext

pytestmark = pytest.mark.usefixtures("marker_rules")


def test_clean_file_passes(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("Nothing to see here.\n", encoding="utf-8")
    res = runner.invoke(app, ["check", str(a)])
    assert res.exit_code == 0, res.stdout + res.stderr
    assert res.stdout == ""


def test_found_items_are_printed_with_positions(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("First line.\nSecond Qzxv and Wqpk.\n", encoding="utf-8")
    res = runner.invoke(app, ["check", str(a)])
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert f"{a}:2:8: fix  warning rules.test_fix_marker: 'Qzxv' -> 'Fixed' (test marker)" in lines
    assert any(line.startswith(f"{a}:2:17: flag warning rules.test_flag_marker") for line in lines)
    assert "2 problem(s) found" in res.stderr


def test_flag_only_is_found(runner: CliRunner) -> None:
    res = runner.invoke(app, ["check", "-"], input=b"only Wqpk here\n")
    assert res.exit_code == 1
    assert "<stdin>:1:6: flag" in res.stdout


def test_bad_input_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("Qzxv\n", encoding="utf-8")
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\x00\x01\x02")
    res = runner.invoke(app, ["check", str(a), str(binary)])
    assert res.exit_code == 2
    assert "looks like a binary file" in res.stderr
    assert "rules.test_fix_marker" in res.stdout  # the good file is still checked
    assert runner.invoke(app, ["check", str(tmp_path / "missing")]).exit_code == 2


def test_check_jsonl(runner: CliRunner, tmp_path: Path) -> None:
    data = tmp_path / "d.jsonl"
    data.write_text('{"id": "x1", "text": "ok"}\n{"id": "x2", "text": "a Qzxv"}\n', "utf-8")
    res = runner.invoke(app, ["check", "--jsonl", str(data)])
    assert res.exit_code == 1
    assert res.stdout.startswith(f"{data}:2[x2]: fix  warning rules.test_fix_marker")


def test_check_exits_by_severity(
    tmp_path: Path, runner: CliRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An info-level finding is reported but fails only with --fail-on info."""
    from mtfix import registry
    from mtfix.registry import Fixer

    def info_marker(text: str, ctx: FixContext) -> Iterator[Edit]:
        """Test rule: an advisory flag."""
        for m in re.finditer("Qinfo", text):
            yield ctx.edit(m.start(), m.end(), "Qinfo", "advice")

    registry.fixers()
    monkeypatch.setitem(
        registry._REGISTRY,
        "rules.test_info",
        Fixer("rules.test_info", "rules", info_marker, 1, "info", "advice", applies=False),
    )
    a = tmp_path / "a.txt"
    a.write_text("A Qinfo line.\n", encoding="utf-8")
    res = runner.invoke(app, ["check", str(a)])
    assert res.exit_code == 0, res.output
    assert f"{a}:1:3: flag info    rules.test_info: 'Qinfo' (advice)" in res.stdout
    assert runner.invoke(app, ["check", str(a), "--fail-on", "info"]).exit_code == 1
    assert runner.invoke(app, ["check", str(a), "--fail-on", "bad"]).exit_code == 2
