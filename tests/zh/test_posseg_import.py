"""mtfix imports jieba.posseg without reading its default dictionary; jieba's tagger still works."""

from __future__ import annotations

import pytest
from fresh_python import run_json

pytest.importorskip("jieba")

SENTENCE = "我爱北京天安门，李华说。"


def test_jieba_posseg_tags_as_before_after_mtfix_segments() -> None:
    after_mtfix = run_json(
        "import json\nfrom mtfix.zh.segment import segmenter\n"
        f"words = [(w.text, w.tag) for w in segmenter().words({SENTENCE!r})]\n"
        "import jieba.posseg\n"
        "loaded_before_use = '_word_tag_tab' in vars(jieba.posseg.dt)\n"
        f"tags = [list(p) for p in jieba.posseg.lcut({SENTENCE!r})]\n"
        "print(json.dumps([words, loaded_before_use, tags, len(jieba.posseg.dt.word_tag_tab)]))"
    )
    plain = run_json(
        "import json, jieba.posseg\n"
        f"tags = [list(p) for p in jieba.posseg.lcut({SENTENCE!r})]\n"
        "print(json.dumps([tags, len(jieba.posseg.dt.word_tag_tab)]))"
    )
    assert isinstance(after_mtfix, list) and isinstance(plain, list)
    words, loaded_before_use, tags, size = after_mtfix
    assert ["北京", "ns"] in words and ["李华", "nr"] in words
    assert loaded_before_use is False
    assert [tags, size] == plain
