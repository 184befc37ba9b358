"""Special files, links out of the tree, backups, --jobs: nothing hangs, leaks or is lost."""

from __future__ import annotations

import os
from pathlib import Path

from typer.testing import CliRunner

from mtfix.cli import app


def test_a_fifo_input_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    res = CliRunner().invoke(app, ["fix", str(fifo)])
    assert res.exit_code == 2 and "not a regular file" in res.stderr


def test_a_folder_run_skips_fifos_and_links_out_of_the_tree(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text("John · Rawls spoke.\n", encoding="utf-8")
    os.mkfifo(src / "pipe.txt")
    secret = tmp_path / "secret.txt"
    secret.write_text("private\n", encoding="utf-8")
    (src / "leak.txt").symlink_to(secret)
    (src / "inside.txt").symlink_to(src / "a.txt")
    res = CliRunner().invoke(app, ["fix", str(src), "--out-dir", str(out)])
    assert res.exit_code == 0, res.stderr
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "a.txt",
        "inside.txt",
    ]


def test_in_place_keeps_an_earlier_backup(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text("John · Rawls spoke.\n", encoding="utf-8")
    (tmp_path / "a.txt.bak").write_text("an older backup\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["fix", "-i", str(a)])
    assert res.exit_code == 0, res.stderr
    assert (tmp_path / "a.txt.bak").read_text("utf-8") == "an older backup\n"
    assert (tmp_path / "a.txt.bak.1").read_text("utf-8") == "John · Rawls spoke.\n"
    assert a.read_text("utf-8") == "John Rawls spoke.\n"


def test_jobs_are_capped_at_the_cores(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text("A line.\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["fix", str(src), "--out-dir", str(out), "--jobs", "500"])
    assert res.exit_code == 0, res.stderr
    assert "more than the" in res.stderr


def test_jsonl_outputs_that_would_collide_are_refused(tmp_path: Path) -> None:
    for folder in ("d1", "d2"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.jsonl").write_text('{"text": "A line."}\n', encoding="utf-8")
    out = tmp_path / "jo"
    args = ["fix", "--jsonl", str(tmp_path / "d1/x.jsonl"), str(tmp_path / "d2/x.jsonl")]
    res = CliRunner().invoke(app, [*args, "--out-dir", str(out)])
    assert res.exit_code == 2 and "would both be written" in res.stderr
    assert not out.exists() or not any(out.iterdir())


def test_unwritable_outputs_are_clear_errors(tmp_path: Path) -> None:
    src = tmp_path / "x.jsonl"
    src.write_text('{"text": "A line."}\n', encoding="utf-8")
    blocked = tmp_path / "file"
    blocked.write_text("not a folder\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["fix", "--jsonl", str(src), "-o", str(blocked / "out.jsonl")])
    assert res.exit_code == 2 and "cannot write" in res.stderr
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("A line.\n", encoding="utf-8")
    args = ["fix", str(folder), "--out-dir", str(tmp_path / "out")]
    res = CliRunner().invoke(app, [*args, "--manifest", str(blocked / "m.jsonl")])
    assert res.exit_code == 2 and "cannot write the manifest" in res.stderr
