"""Atomic writes: a failure leaves the target as it was and no temporary file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.cli import app
from mtfix.io import writing
from mtfix.io.output import RenderOptions, register_format


def test_atomic_write_replaces(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    target.write_bytes(b"old")
    target.chmod(0o600)
    writing.write_atomic(target, "new “text”\r\n")
    assert target.read_bytes() == "new “text”\r\n".encode()
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]


def test_new_file_gets_umask_permissions(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        writing.write_atomic(tmp_path / "n.txt", b"x")
    finally:
        os.umask(old)
    assert (tmp_path / "n.txt").stat().st_mode & 0o777 == 0o644


def test_failure_midway_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "t.txt"
    target.write_bytes(b"old")

    class Boom(Exception):
        pass

    with pytest.raises(Boom), writing.atomic_writer(target) as stream:
        stream.write(b"half of the")
        raise Boom
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.txt"]


def test_failed_fsync_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_fsync)
    with pytest.raises(OSError, match="No space"):
        writing.write_atomic(tmp_path / "new.txt", b"data")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.usefixtures("marker_rules")
def test_cli_write_failure_keeps_old_output(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    src = tmp_path / "a.txt"
    src.write_text("A Qzxv\n", encoding="utf-8")
    out = tmp_path / "o.txt"
    out.write_text("previous\n", encoding="utf-8")

    def no_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_fsync)
    res = runner.invoke(app, ["fix", str(src), "-o", str(out)])
    assert res.exit_code == 2
    assert "o.txt: cannot write: the disk is full (No space left on device)" in res.stderr
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "o.txt"]


@pytest.mark.usefixtures("marker_rules")
def test_registered_format_is_used(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mtfix.io import output

    monkeypatch.setattr(output, "_FORMATS", dict(output._FORMATS))

    def shout(result: object, options: RenderOptions) -> str:
        return f"{options.name}: {getattr(result, 'text', '').upper()}"

    register_format("shout", shout, extension="shout")
    src = tmp_path / "a.txt"
    src.write_text("a Qzxv", encoding="utf-8")
    res = runner.invoke(app, ["fix", str(src), "--format", "shout"])
    assert res.stdout == f"{src}: A FIXED"
    res = runner.invoke(app, ["fix", str(src), "-f", "shout", "--out-dir", str(tmp_path / "o")])
    assert (tmp_path / "o" / "a.shout").read_text(encoding="utf-8") == f"{src}: A FIXED"
