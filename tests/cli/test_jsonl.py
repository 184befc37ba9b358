"""--jsonl: streaming records that keep their fields."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.cli import app
from mtfix.io import jsonl
from mtfix.pipeline import Repairer

pytestmark = pytest.mark.usefixtures("marker_rules")

# The source-aware stages are tested elsewhere; here only the plumbing is.
NO_SOURCE_STAGES = ["--disable", "source", "--disable", "confidence", "--disable", "retranslate"]

RECORDS: list[dict[str, object]] = [
    {"id": 1, "text": "One Qzxv.", "meta": {"lang": "en"}, "tags": ["a"]},
    {"text": "Two, nothing.\r\n", "extra": None},
    {"id": "three", "text": "Three Wqpk", "source": "三"},
]


def _jsonl(records: list[dict[str, object]]) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode() + b"\n" for r in records)


def test_round_trip_keeps_fields(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(_jsonl(RECORDS))
    res = runner.invoke(app, ["fix", "--jsonl", str(src), *NO_SOURCE_STAGES])
    assert res.exit_code == 0, res.stderr
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert len(out) == 3
    for before, after in zip(RECORDS, out, strict=True):
        for key, value in before.items():
            if key != "text":
                assert after[key] == value
        assert {"edits", "summary"} <= after.keys()
    assert [o["text"] for o in out] == ["One Fixed.", "Two, nothing.\r\n", "Three Wqpk"]
    assert out[0]["edits"][0]["rule"] == "rules.test_fix_marker"
    assert out[2]["summary"]["flagged"] == 1


def test_bad_lines_become_error_records(runner: CliRunner) -> None:
    data = b'{"text": "ok Qzxv"}\n\nnot json\n{"id": 7}\n[1, 2]\n\xff\xfe\n{"text": "end"}\n'
    res = runner.invoke(app, ["fix", "--jsonl", "-"], input=data)
    assert res.exit_code == 2
    out = [json.loads(line) for line in res.stdout.splitlines()]
    assert out[0]["text"] == "ok Fixed"
    assert out[1]["error"].startswith("line 3: invalid JSON")
    assert out[2] == {"id": 7, "error": 'line 4: no "text" string in the record'}
    assert out[3]["error"] == "line 5: a record must be a JSON object"
    assert out[4]["error"] == "line 6: not UTF-8"
    assert out[5]["text"] == "end"
    assert "line 3: invalid JSON" in res.stderr


def test_jsonl_to_file_and_out_dir(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(b"\xef\xbb\xbf" + _jsonl(RECORDS[:2]))
    out = tmp_path / "o.jsonl"
    res = runner.invoke(app, ["fix", "--jsonl", str(src), "-o", str(out)])
    assert res.exit_code == 0, res.stderr
    assert [json.loads(x)["text"] for x in out.read_text("utf-8").splitlines()] == [
        "One Fixed.",
        "Two, nothing.\r\n",
    ]
    res = runner.invoke(app, ["fix", "--jsonl", str(src), "--out-dir", str(tmp_path / "d")])
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "d" / "in.jsonl").read_bytes() == out.read_bytes()
    res = runner.invoke(app, ["fix", "--jsonl", str(src), "-o", str(src)])
    assert res.exit_code == 2


def test_jsonl_refuses_text_options(runner: CliRunner, tmp_path: Path) -> None:
    src = tmp_path / "in.jsonl"
    src.write_bytes(_jsonl(RECORDS[:1]))
    assert runner.invoke(app, ["fix", "--jsonl", str(src), "--format", "diff"]).exit_code == 2
    assert runner.invoke(app, ["fix", "--jsonl", str(src), "--source", str(src)]).exit_code == 2


def test_processing_is_streamed() -> None:
    """Each record is answered before the next line is read."""
    repairer = Repairer()
    seen: list[int] = []

    def lines() -> Iterator[tuple[int, bytes]]:
        for n in range(1, 4):
            seen.append(n)
            yield n, json.dumps({"text": f"r{n} Qzxv"}).encode()

    def repair(text: str, source: str | None) -> object:
        return repairer.repair(text, source=source)

    stream = jsonl.process(lines(), repair)  # type: ignore[arg-type]
    first = next(stream)
    assert first.record["text"] == "r1 Fixed"
    assert seen == [1]
    assert [r.record["text"] for r in stream] == ["r2 Fixed", "r3 Fixed"]


def test_iter_lines_skips_blank_lines() -> None:
    got = list(jsonl.iter_lines(io.BytesIO(b"a\n\n  \nb\n")))
    assert got == [(1, b"a\n"), (4, b"b\n")]
