"""Ordered process pools, records streaming and the manifest."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mtfix
from mtfix.batch import Manifest, map_ordered, repair_records
from mtfix.batch.manifest import content_key

from .docs import make_docs


def test_map_ordered_keeps_order_across_processes() -> None:
    # A builtin: workers may be spawned (when threads run), and test modules
    # loaded by pytest's importlib mode cannot be imported by name there.
    assert list(map_ordered(abs, range(-100, 0), jobs=2, chunksize=3)) == list(range(100, 0, -1))
    assert list(map_ordered(abs, iter([]), jobs=2)) == []
    with pytest.raises(ValueError):
        list(map_ordered(abs, [1], jobs=0))


def test_repair_records_parallel_equals_serial() -> None:
    docs = make_docs(60)
    serial = list(repair_records(docs, jobs=1))
    parallel = list(repair_records(docs, jobs=2))
    assert serial == parallel
    assert [r["id"] for r in parallel] == [d["id"] for d in docs]
    for rec, doc in zip(parallel, docs, strict=True):
        assert rec["lang"] == "en" and rec["id"] == doc["id"]
        assert rec["text"] == mtfix.repair(str(doc["text"])).text
        assert rec["signature"] == mtfix.RepairConfig().signature()


def test_bad_records_are_reported_not_fatal() -> None:
    out = list(repair_records([{"id": 1}, {"id": 2, "text": 5}, {"id": 3, "text": "ok"}]))
    assert "error" in out[0] and "error" in out[1] and out[2]["text"] == "ok"


def test_repair_iter_in_order() -> None:
    rep = mtfix.Repairer()
    docs = [str(d["text"]) for d in make_docs(30)]
    got = [r.text for r in rep.repair_iterable(docs, jobs=2)]
    assert got == [rep.repair(d).text for d in docs]


def test_manifest_survives_torn_lines(tmp_path: Path) -> None:
    path = tmp_path / "manifest.jsonl"
    out = tmp_path / "a.txt"
    out.write_text("x")
    m = Manifest(path)
    key = content_key(b"abc", None, "sig")
    assert not m.is_done(key)
    m.record(key, out, status="fixed")
    m.close()
    with path.open("a") as fh:
        fh.write('{"key": "torn')  # an interrupted write
    m2 = Manifest(path)
    assert m2.is_done(key) and m2.is_done(key, out) and len(m2) == 1
    assert not m2.is_done(key, tmp_path / "elsewhere.txt")  # same content, other output
    m2.record(key, tmp_path / "b.txt", status="clean", bytes=0)  # appended after the torn line
    m2.close()
    assert len(Manifest(path)) == 2
    out.write_text("xy")
    assert not Manifest(path).is_done(key, out)  # output changed size: redo
    out.unlink()
    assert not Manifest(path).is_done(key)  # output gone: redo
    assert content_key(b"abc", None, "sig") != content_key(b"abc", b"", "sig2")
    for line in path.read_text().splitlines():
        if not line.startswith('{"key": "torn'):
            json.loads(line)


def test_repair_lines_matches_records_and_reports_bad_lines() -> None:
    from mtfix.batch import repair_lines

    docs = make_docs(40)
    lines = [(n, json.dumps(d).encode() + b"\n") for n, d in enumerate(docs, 1)]
    lines.insert(5, (99, b'{"text": broken\n'))
    got = list(repair_lines(lines, jobs=2, chunksize=3))
    assert len(got) == len(lines)
    assert got[5].error is not None and got[5].error.startswith("line 99: invalid JSON")
    del got[5]
    assert [json.loads(rec.data) for rec in got] == list(repair_records(docs))
    assert all(rec.error is None for rec in got)


def test_closing_early_stops_the_pool() -> None:
    it = map_ordered(abs, range(10_000), jobs=2, chunksize=2)
    assert next(it) == 0
    it.close()  # cancels what is pending; must not hang
