"""mtfix imports jieba.posseg without reading its default dictionary; jieba's tagger still works."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("jieba")

ROOT = Path(__file__).resolve().parents[2]
SENTENCE = "我爱北京天安门，李华说。"


def _run(code: str) -> object:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.splitlines()[-1])


def test_jieba_posseg_tags_as_before_after_mtfix_segments() -> None:
    after_mtfix = _run(
        "import json\nfrom mtfix.zh.segment import segmenter\n"
        f"words = [(w.text, w.tag) for w in segmenter().words({SENTENCE!r})]\n"
        "import jieba.posseg\n"
        "loaded_before_use = '_word_tag_tab' in vars(jieba.posseg.dt)\n"
        f"tags = [list(p) for p in jieba.posseg.lcut({SENTENCE!r})]\n"
        "print(json.dumps([words, loaded_before_use, tags, len(jieba.posseg.dt.word_tag_tab)]))"
    )
    plain = _run(
        "import json, jieba.posseg\n"
        f"tags = [list(p) for p in jieba.posseg.lcut({SENTENCE!r})]\n"
        "print(json.dumps([tags, len(jieba.posseg.dt.word_tag_tab)]))"
    )
    assert isinstance(after_mtfix, list) and isinstance(plain, list)
    words, loaded_before_use, tags, size = after_mtfix
    assert ["北京", "ns"] in words and ["李华", "nr"] in words
    assert loaded_before_use is False
    assert [tags, size] == plain
