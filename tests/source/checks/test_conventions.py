"""Names whose romanisation follows another tradition are shown, not changed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import run_check

from mtfix.source.checks._base import Pair
from mtfix.source.checks.consistency import check_consistency
from mtfix.source.checks.entities import Entity
from mtfix.source.checks.names import by_convention, check_names, pair_problems

pytest.importorskip("jieba")
pytest.importorskip("pypinyin")


def _entity(zh: str, english: tuple[str, ...], origin: str = "table") -> Entity:
    return Entity(zh, 0, len(zh), "person", english, origin)


def test_by_convention() -> None:
    assert by_convention(_entity("范明政", ("Pham Minh Chinh",)))
    assert by_convention(_entity("金正恩", ("Kim Jong-un",)))
    # A transliterated Western name, and a Chinese name in pinyin, are not.
    assert not by_convention(_entity("朔尔茨", ("Scholz",)))
    assert not by_convention(_entity("周志恒", ("Zhou Zhiheng",), origin="pinyin"))


def test_vietnamese_name_is_flagged_not_replaced() -> None:
    ent = Entity("范明政", 2, 5, "person", ("Pham Minh Chinh",), "table")
    en = "Prime Minister Pham Minh Triet spoke at the forum."
    pair = Pair("越南总理范明政在论坛上讲话。", en, 0, len(en), (0,), (0,), 0, 0)
    [(a, b, after, _reason, confidence, _data)] = list(pair_problems(pair, [ent]))
    assert (en[a:b], after) == ("Pham Minh Triet", "Pham Minh Chinh")
    assert confidence < 0.8  # below the default threshold: flagged


def test_taiwanese_person_gets_a_wade_giles_suggestion() -> None:
    zh = ["国民党副主席夏立言今天率团访问北京。", "夏立言与国台办主任宋涛会面。"]
    en = [
        "KMT vice chairman Xia Liyan led a delegation to Beijing today.",
        "Xia Liyan met Song Tao, director of the Taiwan Affairs Office.",
    ]
    _text, edits = run_check(check_names, "source.names", zh, en)
    assert [(e.before, e.after, e.applied) for e in edits] == [
        ("Xia Liyan", "Hsia Li-yen", False),
        ("Xia Liyan", "Hsia Li-yen", False),
    ]  # Song Tao, of the mainland's Taiwan Affairs Office, is left alone


def test_no_taiwan_suggestion_without_a_taiwanese_marker() -> None:
    zh = ["国务院副总理何立峰今天在北京会见代表团。"]
    en = ["Vice Premier He Lifeng met the delegation in Beijing today."]
    _text, edits = run_check(check_names, "source.names", zh, en)
    assert edits == []


def test_consistency_keeps_other_people_and_flags_other_romanisations() -> None:
    zh = ["朱丽兰教授获得荣誉博士学位。", "朱丽兰教授发表讲话。", "朱丽兰和蒋昭辉出席。"]
    en = [
        "Professor Zhu Lilan received an honorary doctorate.",
        "Professor Chu Lai-lan gave a speech.",
        "Zhaohui Jiang attended.",
    ]
    _text, edits = run_check(check_consistency, "source.consistency", zh, en)
    assert all(e.before != "Zhaohui Jiang" for e in edits)
    chu = [e for e in edits if e.before == "Chu Lai-lan"]
    assert chu and all(e.confidence < 0.8 for e in chu)  # below the threshold: flagged


def test_singapore_person_in_pinyin_is_pointed_out() -> None:
    zh = ["新加坡旅游局执行署长王凌丽说，游客越来越多。"]
    en = ["Wang Lingli, executive director of the Singapore Tourism Board, said tourists grew."]
    _text, edits = run_check(check_names, "source.names", zh, en)
    [edit] = edits
    assert (edit.before, edit.after, edit.applied) == ("Wang Lingli", "Wang Lingli", False)
    assert edit.data["convention"] == "singapore"


def test_region_marker_belongs_to_the_first_person_only() -> None:
    zh = ["国民党副主席夏立言访问大陆会见宋涛。"]
    en = ["KMT vice chairman Xia Liyan visited the mainland and met Song Tao."]
    _text, edits = run_check(check_names, "source.names", zh, en)
    assert [e.before for e in edits] == ["Xia Liyan"]
