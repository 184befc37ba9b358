"""Every bad JSON Lines line becomes an error record; nothing crashes (fix, check, apply)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mtfix
from mtfix.cli import app

# Real rules, not the test markers: with --jobs 2 the workers may be spawned
# (when threads run) and do not see rules registered by a fixture.
GOOD = "John · Rawls said so."

DEEP = "[" * 100_000 + "]" * 100_000
BIG = "1" * 5000

# (line, what its error says)
BAD = [
    ('{"id": 1, "text": "a \\ud800 b"}', '"text" is not valid Unicode'),
    ('{"id": 2, "text": "ok", "source": "\\udfff"}', '"source" is not valid Unicode'),
    ('{"id": 3, "text": "ok", "n": ' + BIG + "}", "cannot read the record"),
    ('{"id": 4, "text": "ok", "deep": ' + DEEP + "}", "nested too deeply"),
]


def _input() -> bytes:
    lines = []
    for n, (line, _) in enumerate(BAD):
        lines += [json.dumps({"id": f"good{n}", "text": GOOD}, ensure_ascii=False), line]
    # A lone surrogate in another field is passed through (escaped), not an error.
    lines.append('{"id": "meta", "text": "' + GOOD + '", "meta": "x\\udc00"}')
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_fix_jsonl_answers_every_bad_line(runner: CliRunner, jobs: str) -> None:
    res = runner.invoke(app, ["fix", "--jsonl", "-", "--jobs", jobs], input=_input())
    assert res.exit_code == 2, res.stderr
    assert res.exception is None or isinstance(res.exception, SystemExit)
    out = [json.loads(line) for line in res.stdout_bytes.decode("utf-8").splitlines()]
    fixed = mtfix.repair(GOOD).text
    assert fixed != GOOD
    assert len(out) == 2 * len(BAD) + 1
    for n, (_, why) in enumerate(BAD):
        good, bad = out[2 * n], out[2 * n + 1]
        assert good == {**good, "id": f"good{n}", "text": fixed}
        assert bad["error"].startswith(f"line {2 * n + 2}: ") and why in bad["error"], bad
        assert why in res.stderr
    assert out[:-1][1]["id"] == 1 and out[3]["id"] == 2  # fields kept where they can be
    assert out[-1]["text"] == fixed and out[-1]["meta"] == "x\udc00"


def test_check_jsonl_reports_bad_lines(runner: CliRunner) -> None:
    res = runner.invoke(app, ["check", "--jsonl", "-"], input=_input())
    assert res.exit_code == 2, res.stderr
    assert res.exception is None or isinstance(res.exception, SystemExit)
    for _, why in BAD:
        assert why in res.stderr
    assert res.stdout.count("clean.names.middledot") == len(BAD) + 1


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ('{"version": 1, "documents": ' + BIG + "}", "cannot read"),
        ('{"version": 1, "documents": ' + DEEP + "}", "nested too deeply"),
    ],
    ids=["big-number", "deep"],
)
def test_apply_refuses_unreadable_decisions(
    runner: CliRunner, tmp_path: Path, body: str, why: str
) -> None:
    path = tmp_path / "decisions.json"
    path.write_text(body, encoding="utf-8")
    res = runner.invoke(app, ["apply", str(path)])
    assert res.exit_code == 2
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert f"mtfix: error: {path}: " in res.stderr and why in res.stderr
