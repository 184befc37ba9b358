"""--version, --help, rules, glossary check, the sample corpora, and real processes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mtfix
from mtfix.cli import app

REPO = Path(__file__).resolve().parents[2]
CORPORA = REPO / "corpora"


def _run(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "mtfix", *args], input=stdin, capture_output=True, check=False
    )


def test_version(runner: CliRunner) -> None:
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0
    assert res.stdout == f"mtfix {mtfix.__version__}\n"


def test_help_lists_the_commands(runner: CliRunner) -> None:
    res = runner.invoke(app, ["--help"])
    assert res.exit_code == 0
    for command in ("fix", "check", "rules", "glossary"):
        assert command in res.stdout
    assert runner.invoke(app, ["fix", "--help"]).exit_code == 0


def test_python_dash_m() -> None:
    proc = _run("--version")
    assert proc.returncode == 0
    assert proc.stdout.decode() == f"mtfix {mtfix.__version__}\n"
    assert _run("--help").returncode == 0


def test_real_pipes_keep_bytes() -> None:
    """Through a real process: CRLF and non-ASCII survive stdin → stdout."""
    text = "Caf\u00e9 “quoted” line.\r\nSecond line — ok.\r\n".encode()
    proc = _run("fix", "-", stdin=text)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == mtfix.repair(text.decode()).text.encode()


def test_real_process_binary_error(tmp_path: Path) -> None:
    binary = tmp_path / "x.txt"
    binary.write_bytes(b"\x00\x01\x02\x03")
    proc = _run("fix", str(binary))
    assert proc.returncode == 2
    assert proc.stderr.decode().strip() == f"mtfix: error: {binary}: looks like a binary file"
    assert proc.stdout == b""


@pytest.mark.usefixtures("marker_rules")
def test_rules_lists_ids(runner: CliRunner) -> None:
    res = runner.invoke(app, ["rules"])
    assert res.exit_code == 0
    line = next(x for x in res.stdout.splitlines() if x.startswith("rules.test_fix_marker"))
    assert "rules" in line and "warning" in line and "turn the fix marker" in line
    rows = json.loads(runner.invoke(app, ["rules", "--json"]).stdout)
    assert {"id", "stage", "severity", "description"} <= rows[0].keys()
    assert "rules.test_flag_marker" in {r["id"] for r in rows}


def test_glossary_check(runner: CliRunner, tmp_path: Path) -> None:
    good = tmp_path / "good.csv"
    good.write_text("pattern,replacement\nBlue Whale Lab,Blue Whale Labs\n", encoding="utf-8")
    res = runner.invoke(app, ["glossary", "check", str(good)])
    assert res.exit_code == 0, res.stdout
    assert res.stdout.strip() == f"{good}: ok"
    bad = tmp_path / "bad.csv"
    bad.write_text("pattern,replacement\nGood,Fine\n,Nothing\n", encoding="utf-8")
    res = runner.invoke(app, ["glossary", "check", str(bad)])
    assert res.exit_code == 1
    assert res.stdout.startswith(f"{bad}:3: error:")
    assert runner.invoke(app, ["glossary", "check", str(tmp_path / "none.csv")]).exit_code == 2


def test_sample_article_is_repaired_like_the_library(runner: CliRunner, tmp_path: Path) -> None:
    sample = CORPORA / "sample.en.txt"
    out = tmp_path / "sample.fixed.txt"
    res = runner.invoke(app, ["fix", str(sample), "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    expected = mtfix.repair(sample.read_text(encoding="utf-8")).text
    assert out.read_text(encoding="utf-8") == expected
    assert expected != sample.read_text(encoding="utf-8")


def test_clean_article_passes_check(runner: CliRunner) -> None:
    res = runner.invoke(app, ["check", str(CORPORA / "clean.en.txt")])
    assert res.exit_code == 0, res.stdout
