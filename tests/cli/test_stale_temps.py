"""Temporary files a killed run left beside its outputs are removed by the next run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.cli import app

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX process ids")


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_a_folder_run_removes_its_stale_temps_and_nothing_else(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    out.mkdir()
    (src / "a.txt").write_text("John · Rawls spoke.\n", encoding="utf-8")
    dead = _dead_pid()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = [out / f".a.txt.mtfix-{dead}-0badc0de.tmp"]
        reused = out / f".a.txt.mtfix-{live.pid}-00000001.tmp"  # older than its process
        reused.write_bytes(b"half")
        os.utime(reused, (1e9, 1e9))
        stale.append(reused)
        kept = [
            out / f".a.txt.mtfix-{live.pid}-00000002.tmp",  # a write in progress
            out / f".other.txt.mtfix-{dead}-0badc0de.tmp",  # not an output of this run
            out / ".a.txt.mtfix-notes.tmp",  # a user's file
            out / f"a.txt.mtfix-{dead}-0badc0de.tmp",
            out / ".a.txt.0badc0de.tmp",
        ]
        for path in stale[:1] + kept:
            path.write_bytes(b"half")
        res = CliRunner().invoke(app, ["fix", str(src), "--out-dir", str(out)])
    finally:
        live.kill()
        live.wait()
    assert res.exit_code == 0, res.stderr
    assert not any(p.exists() for p in stale)
    assert all(p.read_bytes() == b"half" for p in kept)
    assert (out / "a.txt").read_text(encoding="utf-8") == "John Rawls spoke.\n"


def test_in_place_and_jsonl_runs_remove_their_stale_temps(tmp_path: Path) -> None:
    dead = _dead_pid()
    a = tmp_path / "a.txt"
    a.write_text("John · Rawls spoke.\n", encoding="utf-8")
    records = tmp_path / "r.jsonl"
    records.write_text('{"text": "A line."}\n', encoding="utf-8")
    stale = [
        tmp_path / f".a.txt.mtfix-{dead}-0badc0de.tmp",
        tmp_path / f".a.txt.bak.mtfix-{dead}-0badc0de.tmp",
        tmp_path / f".o.jsonl.mtfix-{dead}-0badc0de.tmp",
    ]
    for path in stale:
        path.write_bytes(b"half")
    runner = CliRunner()
    assert runner.invoke(app, ["fix", "-i", str(a)]).exit_code == 0
    res = runner.invoke(app, ["fix", "--jsonl", str(records), "-o", str(tmp_path / "o.jsonl")])
    assert res.exit_code == 0, res.stderr
    assert not any(p.exists() for p in stale)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "a.txt",
        "a.txt.bak",
        "o.jsonl",
        "r.jsonl",
    ]
