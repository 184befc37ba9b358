"""A file whose name is not valid UTF-8 is repaired like any other in a folder run."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.batch import MANIFEST_NAME
from mtfix.cli import app

TEXT = "John · Rawls spoke.\n"


def _make(folder: Path, name: bytes, data: bytes) -> None:
    try:
        with open(os.path.join(os.fsencode(folder), name), "wb") as fh:
            fh.write(data)
    except (OSError, UnicodeError):
        pytest.skip("this file system takes only UTF-8 names")


def test_a_latin1_name_does_not_stop_the_folder_run(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    _make(src, b"caf\xe9.txt", TEXT.encode())
    _make(src, b"bin\xff.txt", b"\x7fELF\x00\x00\x01binary")
    (src / "ok.txt").write_text(TEXT, encoding="utf-8")
    args = ["fix", str(src), "--out-dir", str(out), "--jobs", "2"]
    res = CliRunner().invoke(app, args)
    assert res.exit_code == 2, res.stderr  # the binary file fails, reported by a readable name
    assert "bin\\xff.txt: looks like a binary file" in res.stderr
    assert "2 fixed" in res.stderr and "1 failed" in res.stderr
    made = sorted(os.listdir(os.fsencode(out)))
    assert made == [MANIFEST_NAME.encode(), b"caf\xe9.txt", b"ok.txt"]
    with open(os.path.join(os.fsencode(out), b"caf\xe9.txt"), "rb") as fh:
        assert fh.read() == b"John Rawls spoke.\n"

    manifest = (out / MANIFEST_NAME).read_bytes()
    records = [json.loads(line) for line in manifest.decode("utf-8").splitlines()]
    assert sorted(os.fsencode(r["output"]) for r in records) == sorted(
        os.path.join(os.fsencode(out), n) for n in (b"caf\xe9.txt", b"ok.txt")
    )

    res = CliRunner().invoke(app, args)  # a re-run finds both done
    assert "2 skipped" in res.stderr, res.stderr
