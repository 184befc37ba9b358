"""jieba's word counts (source rarity) are read once, then come from a table in the cache folder."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("jieba")

ROOT = Path(__file__).resolve().parents[2]
PROBE = (
    "import json\nfrom mtfix.confidence.features import word_frequencies\n"
    "freq, total = word_frequencies()\n"
    "counts = dict(freq.items())\n"
    "print(json.dumps([len(counts), total, freq.get('北京'), sum(counts.values()),"
    " freq.get('不是一个词')]))"
)


def _run(cache: Path) -> object:
    env = dict(os.environ, PYTHONPATH=str(ROOT), MTFIX_CACHE_DIR=str(cache))
    out = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.splitlines()[-1])


def test_cached_counts_are_the_dictionary_counts(tmp_path: Path) -> None:
    first = _run(tmp_path)
    assert list(tmp_path.glob("jieba-words-*"))
    assert _run(tmp_path) == first
    assert isinstance(first, list) and first[1] == first[3] and first[2] > 0
    assert first[0] > 300_000 and first[4] is None
    for f in tmp_path.glob("jieba-words-*"):
        f.write_bytes(b"broken")
    assert _run(tmp_path) == first
