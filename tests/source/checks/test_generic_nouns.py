"""Generic administrative and organisational words are never names of their own."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import run_check

from mtfix.source.checks.entities import GENERIC_NOUNS, find_entities
from mtfix.source.checks.lexicon import Lexicon
from mtfix.source.checks.names import check_names

pytest.importorskip("jieba")
pytest.importorskip("pypinyin")


def _entities(zh: str) -> list[str]:
    return [e.zh for e in find_entities(zh, Lexicon())]


@pytest.mark.parametrize(
    "zh",
    [
        "新图书馆在滨江新区正式向公众开放。",
        "该项目落户高新区和开发区。",
        "公司与集团签署协议，大学和医院参加。",
        "他在新城工作。",
        "据毛卫生部长介绍，马拉维卫生部长说。",
    ],
)
def test_generic_words_are_not_entities(zh: str) -> None:
    assert not set(_entities(zh)) & GENERIC_NOUNS


def test_name_before_a_place_ending_is_not_a_person() -> None:
    # 张家 / 镇政府: jieba takes 张家 for a person; it starts a town's name.
    assert "张家" not in _entities("张家镇政府发布通知。")
    # A title after a name is no place ending: 李明 / 市长.
    assert "李明" in _entities("李明市长表示欢迎。")


def test_compound_surname_before_a_verb_is_no_name() -> None:
    # 东方 / 度过: "spent (his childhood) in Dongfang", not a person Dongfang Duguo.
    assert not any(len(e) == 4 for e in _entities("他的童年在海南东方度过。"))
    # A compound surname and a given name stay one person.
    assert "欧阳瑜" in _entities("欧阳瑜说")
    assert "司马南" in _entities("司马南认为")


def test_fragment_across_a_place_ending_is_not_checked() -> None:
    words = [("滨江新区", "ns", 0, 4)]
    from mtfix.source.checks.han_names import _inside_place

    assert _inside_place("江新", 1, words)
    assert not _inside_place("滨江", 0, words)


def test_real_places_next_to_generic_words_stay() -> None:
    found = _entities("福建漳州的开发区和上海的公司")
    assert {"福建", "漳州", "上海"} <= set(found)


def test_new_district_is_not_flagged() -> None:
    zh = ["3月18日上午，临江市新图书馆在滨江新区正式向公众开放。"]
    en = [
        "On the morning of March 18, the new Linjiang library opened in the Binjiang New District."
    ]
    _text, edits = run_check(check_names, "source.names", zh, en)
    assert edits == []
