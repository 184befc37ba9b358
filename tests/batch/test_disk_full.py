"""A full disk during ``mtfix fix DIR --out-dir OUT --jobs 2``: a clear error, exit 2, a
consistent manifest, and a re-run (after space is freed) that resumes.

The disk is a real small tmpfs where it can be mounted (root on Linux); a
fault injected before the pool forks covers the workers everywhere else.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import mtfix
from mtfix.batch import Manifest

from .docs import make_docs

N_FILES = 12


def _inputs(src: Path) -> dict[str, str]:
    """Documents of about 6 KB (two pages of a tmpfs each) and their repairs."""
    src.mkdir()
    expected = {}
    for i, doc in enumerate(make_docs(N_FILES, seed=5)):
        text = "\n\n".join([str(doc["text"])] * 40)[:6000]
        (src / f"doc{i:02}.txt").write_text(text, encoding="utf-8")
        expected[f"doc{i:02}.txt"] = mtfix.repair(text).text
    return expected


@contextlib.contextmanager
def _tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    if sys.platform != "linux" or os.geteuid() != 0:
        pytest.skip("mounting a small tmpfs needs root on Linux")
    res = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
    )
    if res.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs: {res.stderr.decode(errors='replace').strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def _fix(*args: str) -> subprocess.CompletedProcess[str]:
    cmd = [sys.executable, "-m", "mtfix", "fix", *args, "--jobs", "2"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "MTFIX_ALLOW_MORE_JOBS": "1"}
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)


def _check_manifest(manifest: Path, expected: dict[str, str]) -> list[dict[str, object]]:
    """Every record names a complete output; no line is torn."""
    data = manifest.read_bytes()
    assert not data or data.endswith(b"\n")
    records = [json.loads(line) for line in data.decode("utf-8").splitlines()]
    for rec in records:
        path = Path(str(rec["output"]))
        assert path.stat().st_size == rec["bytes"]
        assert path.read_text(encoding="utf-8") == expected[path.name]
    return records


def _no_temps(folder: Path) -> None:
    assert not [p.name for p in folder.rglob("*") if ".mtfix-" in p.name and p.suffix == ".tmp"]


def test_outputs_on_a_full_disk(tmp_path: Path) -> None:
    """The workers' writes fail: the run stops with the file named, and resumes later."""
    expected = _inputs(tmp_path / "in")
    manifest = tmp_path / "m.jsonl"
    with _tmpfs(tmp_path / "disk", "32k") as disk:
        out = disk / "out"
        args = [str(tmp_path / "in"), "--out-dir", str(out), "--manifest", str(manifest)]
        res = _fix(*args)
        assert res.returncode == 2, res.stderr
        assert "cannot write: the disk is full (No space left on device)" in res.stderr
        assert f"{out}/doc" in res.stderr  # the file is named
        assert "stopped early: the disk is full" in res.stderr
        assert "Traceback" not in res.stderr
        records = _check_manifest(manifest, expected)
        assert 0 < len(records) < N_FILES
        _no_temps(out)

        subprocess.run(["mount", "-o", "remount,size=1m", str(disk)], check=True)
        res = _fix(*args)
        assert res.returncode == 0, res.stderr
        assert f"{len(records)} skipped" in res.stderr
        assert len(_check_manifest(manifest, expected)) == N_FILES
        for name, text in expected.items():
            assert (out / name).read_text(encoding="utf-8") == text
        _no_temps(out)


def test_the_manifest_on_a_full_disk(tmp_path: Path) -> None:
    """The parent cannot log: it says so, the manifest keeps no torn line, a re-run redoes."""
    expected = _inputs(tmp_path / "in")
    out = tmp_path / "out"
    with _tmpfs(tmp_path / "disk", "4k") as disk:
        filler = disk / "filler"
        with contextlib.suppress(OSError), filler.open("wb") as fh:
            fh.write(b"x" * 8192)  # takes every page there is
        manifest = disk / "m.jsonl"
        args = [str(tmp_path / "in"), "--out-dir", str(out), "--manifest", str(manifest)]
        res = _fix(*args)
        assert res.returncode == 2, res.stderr
        assert f"{manifest}: cannot write the manifest: the disk is full" in res.stderr
        assert "is written but not recorded" in res.stderr
        assert "stopped early: the disk is full" in res.stderr
        assert "Traceback" not in res.stderr
        assert manifest.read_bytes() == b""

        filler.unlink()
        res = _fix(*args)
        assert res.returncode == 0, res.stderr
        assert len(_check_manifest(manifest, expected)) == N_FILES
        for name, text in expected.items():
            assert (out / name).read_text(encoding="utf-8") == text


#: Runs the CLI with writes of outputs named FULL_FROM or later failing as on a full
#: disk; the patch is made on import, so it reaches forked and spawned workers alike.
FAULTY_CLI = """
import errno, os
from pathlib import Path
from mtfix.io import writing

_real = writing.write_atomic

def _full(path, data, *, durable=True):
    if Path(path).name >= os.environ["FULL_FROM"]:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
    _real(path, data, durable=durable)

writing.write_atomic = _full
if __name__ == "__main__":
    from mtfix.cli import app

    app(prog_name="mtfix")
"""


def test_full_disk_in_workers_by_fault_injection(tmp_path: Path) -> None:
    """The same without a tmpfs: writes of doc05 and later fail in the workers."""
    expected = _inputs(tmp_path / "in")
    driver = tmp_path / "faulty_cli.py"
    driver.write_text(FAULTY_CLI, encoding="utf-8")
    out = tmp_path / "out"
    args = ["fix", str(tmp_path / "in"), "--out-dir", str(out), "--jobs", "2"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "MTFIX_ALLOW_MORE_JOBS": "1"}
    res = subprocess.run(
        [sys.executable, str(driver), *args],
        env={**env, "FULL_FROM": "doc05.txt"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert res.returncode == 2, res.stderr
    assert f"{out / 'doc05.txt'}: cannot write: the disk is full" in res.stderr
    assert "stopped early: the disk is full" in res.stderr
    records = _check_manifest(out / ".mtfix-manifest.jsonl", expected)
    assert sorted(Path(str(r["output"])).name for r in records) == sorted(expected)[:5]

    res = _fix(*args[1:])
    assert res.returncode == 0, res.stderr
    assert "5 skipped" in res.stderr
    for name, text in expected.items():
        assert (out / name).read_text(encoding="utf-8") == text


def test_a_failed_manifest_line_is_cut_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    log = Manifest(tmp_path / "m.jsonl")
    log.record("k1", None, n=1)
    before = log.path.read_bytes()
    real_write = os.write

    def half_then_full(fd: int, data: bytes) -> int:
        real_write(fd, bytes(data[:10]))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", half_then_full)
    with pytest.raises(OSError):
        log.record("k2", None, n=2)
    monkeypatch.undo()
    assert log.path.read_bytes() == before
    log.record("k3", None, n=3)
    log.close()
    assert [r["key"] for r in Manifest(log.path).records()] == ["k1", "k3"]


@pytest.mark.parametrize("hard_link", [False, True])
def test_in_place_on_a_full_disk_leaves_the_file_as_it_was(
    tmp_path: Path, hard_link: bool
) -> None:
    """The backup fits, the repair does not: the file is unchanged and the backup removed."""
    original = ("The market.The " * 300)[:4096].encode()  # one page; the repair is longer
    with _tmpfs(tmp_path / "disk", "8k") as disk:
        a = disk / "a.txt"
        a.write_bytes(original)
        if hard_link:
            os.link(a, disk / "b.txt")
        res = subprocess.run(
            [sys.executable, "-m", "mtfix", "fix", "-i", str(a)],
            env={**os.environ, "HF_HUB_OFFLINE": "1"},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert res.returncode == 2, res.stderr
        assert f"{a}: cannot write: the disk is full" in res.stderr
        assert a.read_bytes() == original
        names = ["a.txt", "b.txt"] if hard_link else ["a.txt"]
        assert sorted(p.name for p in disk.iterdir()) == names
