"""Ctrl-C in the middle of ``mtfix fix DIR --out-dir OUT --jobs 2`` loses nothing."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import mtfix
from mtfix.batch import MANIFEST_NAME

from .docs import make_docs

N_FILES = 300


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_sigint_leaves_complete_outputs_and_a_consistent_manifest(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    expected: dict[str, str] = {}
    for i, doc in enumerate(make_docs(N_FILES, seed=3)):
        text = "\n\n".join([str(doc["text"])] * 8)  # a few KB each
        (src / f"d{i:04}.txt").write_text(text, encoding="utf-8")
        expected[f"d{i:04}.txt"] = mtfix.repair(text).text
    cmd = [sys.executable, "-m", "mtfix", "fix", str(src), "--out-dir", str(out), "--jobs", "2"]
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    manifest = out / MANIFEST_NAME
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        if manifest.exists() and manifest.read_bytes().count(b"\n") >= 20:
            break
        time.sleep(0.02)
    if proc.poll() is not None:
        pytest.skip("the run finished before it could be interrupted")
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err.decode()
    assert b"interrupted" in err

    written = {p.name for p in out.iterdir() if p.name != MANIFEST_NAME}
    assert not [n for n in written if n.endswith(".tmp") or n.startswith(".")]
    assert 0 < len(written) < N_FILES
    for name in written:  # only complete outputs
        assert (out / name).read_text(encoding="utf-8") == expected[name]
    records = [json.loads(line) for line in manifest.read_text(encoding="utf-8").splitlines()]
    for rec in records:  # every recorded output exists and is complete
        path = Path(rec["output"])
        assert path.stat().st_size == rec["bytes"]
        assert path.read_text(encoding="utf-8") == expected[path.name]

    res = subprocess.run(cmd, env=env, capture_output=True, timeout=120)
    assert res.returncode == 0, res.stderr.decode()
    assert f"{len(records)} skipped".encode() in res.stderr
    assert {p.name for p in out.iterdir() if p.name != MANIFEST_NAME} == set(expected)
    for name, text in expected.items():
        assert (out / name).read_text(encoding="utf-8") == text
