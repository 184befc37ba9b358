"""Folder runs: ``mtfix fix DIR --out-dir OUT --jobs N``, the manifest, resuming."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import mtfix
from mtfix.batch import MANIFEST_NAME, Manifest, plan_jobs, run_files
from mtfix.cli import app

from .docs import make_docs


def make_tree(root: Path, n: int = 24) -> dict[Path, str]:
    """``n`` documents in nested folders, plus things a walk must leave out."""
    texts: dict[Path, str] = {}
    for i, doc in enumerate(make_docs(n)):
        rel = Path(f"part{i % 3}") / ("deep" if i % 2 else "") / f"doc{i}.txt"
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(str(doc["text"]), encoding="utf-8")
        texts[rel] = str(doc["text"])
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("hidden", encoding="utf-8")
    (root / "notes.csv").write_text("a,b", encoding="utf-8")
    return texts


def test_folder_is_mirrored_and_resumed(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    texts = make_tree(src)
    (src / "bad.txt").write_bytes(b"\x7fELF\x00\x00\x01binary")
    runner = CliRunner()
    res = runner.invoke(app, ["fix", str(src), "--out-dir", str(out), "--jobs", "2"])
    assert res.exit_code == 2, res.stderr  # one file failed
    assert "bad.txt: looks like a binary file" in res.stderr
    assert "failed" in res.stderr and "fixed" in res.stderr
    for rel, text in texts.items():
        assert (out / rel).read_text(encoding="utf-8") == mtfix.repair(text).text
    made = {p.relative_to(out) for p in out.rglob("*") if p.is_file()}
    assert made == set(texts) | {Path(MANIFEST_NAME)}
    log = Manifest(out / MANIFEST_NAME)
    assert len(log) == len(texts)

    # A re-run skips everything that is done; --format json gives a summary.
    (out / next(iter(texts))).unlink()  # a lost output is redone
    res = runner.invoke(
        app, ["fix", str(src), "--out-dir", str(out), "--jobs", "2", "--format", "text"]
    )
    assert f"{len(texts) - 1} skipped" in res.stderr
    res = runner.invoke(app, ["fix", str(src), "--out-dir", str(out), "-f", "json"])
    summary = json.loads(res.stdout)["summary"]
    assert summary["failed"] == 1 and summary["skipped"] == 0  # .json outputs are new
    assert summary["fixed"] + summary["flagged"] + summary["clean"] == len(texts)
    assert (out / next(iter(texts))).with_suffix(".json").exists()


def test_jobs_give_the_same_outputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    make_tree(src, 16)
    tasks1, _ = plan_jobs([str(src)], out_dir=tmp_path / "o1")
    tasks2, _ = plan_jobs([str(src)], out_dir=tmp_path / "o2")
    s1 = run_files(tasks1, jobs=1)
    s2 = run_files(tasks2, jobs=2)
    assert (s1.fixed, s1.clean, s1.failed) == (s2.fixed, s2.clean, s2.failed)
    for t1, t2 in zip(tasks1, tasks2, strict=True):
        assert t1.output and t2.output
        assert Path(t1.output).read_bytes() == Path(t2.output).read_bytes()


def test_out_dir_inside_the_input_folder_is_not_walked(tmp_path: Path) -> None:
    make_tree(tmp_path, 4)
    out = tmp_path / "fixed"
    res = CliRunner().invoke(app, ["fix", str(tmp_path), "--out-dir", str(out)])
    assert res.exit_code == 0, res.stderr
    res = CliRunner().invoke(app, ["fix", str(tmp_path), "--out-dir", str(out)])
    assert res.exit_code == 0 and "4 skipped" in res.stderr
    assert not (out / "fixed").exists()


def test_folder_needs_out_dir_and_never_overwrites_inputs(tmp_path: Path) -> None:
    make_tree(tmp_path, 2)
    before = {p: p.read_bytes() for p in tmp_path.rglob("*.txt")}
    res = CliRunner().invoke(app, ["fix", str(tmp_path)])
    assert res.exit_code == 2 and "--out-dir" in res.stderr
    res = CliRunner().invoke(app, ["fix", str(tmp_path), "--out-dir", str(tmp_path)])
    assert res.exit_code == 2 and "refusing to overwrite" in res.stderr
    assert {p: p.read_bytes() for p in tmp_path.rglob("*.txt")} == before


def test_formats_in_a_folder(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.md").write_text("# Title\n\nJohn · Rawls said *so*.The end.\n", encoding="utf-8")
    (src / "b.html").write_text("<p>Bill·Gates &amp; <b>co</b>.</p>\n", encoding="utf-8")
    (src / "c.xlf").write_text("<xliff><file><body>", encoding="utf-8")  # truncated
    res = CliRunner().invoke(app, ["fix", str(src), "--out-dir", str(tmp_path / "o")])
    assert res.exit_code == 2
    assert (tmp_path / "o" / "a.md").read_text(encoding="utf-8") == (
        "# Title\n\nJohn Rawls said *so*. The end.\n"
    )
    assert "<b>co</b>" in (tmp_path / "o" / "b.html").read_text(encoding="utf-8")
    assert "c.xlf" in res.stderr and not (tmp_path / "o" / "c.xlf").exists()


def test_jsonl_with_jobs_equals_one_process(tmp_path: Path) -> None:
    docs = make_docs(50)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(d) + "\n" for d in docs) + "{oops\n", encoding="utf-8")
    runner = CliRunner()
    one = runner.invoke(app, ["fix", "--jsonl", str(src), "-o", str(tmp_path / "1.jsonl")])
    two = runner.invoke(
        app, ["fix", "--jsonl", str(src), "-o", str(tmp_path / "2.jsonl"), "--jobs", "2"]
    )
    assert one.exit_code == two.exit_code == 2  # the malformed last line
    assert "line 51: invalid JSON" in two.stderr
    assert (tmp_path / "1.jsonl").read_bytes() == (tmp_path / "2.jsonl").read_bytes()
    out = [json.loads(line) for line in (tmp_path / "2.jsonl").read_text().splitlines()]
    assert [o.get("id") for o in out[:-1]] == [d["id"] for d in docs]
    assert out[-1]["error"].startswith("line 51")


def test_manifest_names_only_outputs_made_durable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Workers write without fsync; the parent fsyncs an output before logging it."""
    from mtfix.batch import files
    from mtfix.io import writing

    src = tmp_path / "in"
    texts = make_tree(src, 6)
    durable: list[str] = []
    logged: list[str] = []
    real_make_durable = writing.make_durable

    def make_durable(path: str) -> None:
        if Path(path).name == "doc3.txt":  # not a full disk, which stops the run
            raise OSError(5, "Input/output error")
        real_make_durable(path)
        durable.append(str(path))

    def record(self: Manifest, key: str, output: str, **fields: object) -> None:
        assert output in durable  # fsync'ed before the manifest names it
        logged.append(output)

    monkeypatch.setattr(writing, "make_durable", make_durable)
    monkeypatch.setattr(Manifest, "record", record)
    tasks, _ = plan_jobs([str(src)], out_dir=tmp_path / "out")
    summary = files.run_files(tasks, jobs=1, manifest=Manifest(tmp_path / "m.jsonl"))
    assert summary.failed == 1
    assert "doc3.txt: cannot write: Input/output error" in summary.failures[0]["error"]
    assert sorted(logged) == sorted(durable) and len(logged) == len(texts) - 1
