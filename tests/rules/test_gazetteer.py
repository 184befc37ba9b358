"""Gazetteer consistency of "City, Province" pairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtfix import RepairConfig, apply_edits, repair
from mtfix.rules.gazetteer import gazetteer, sound_similarity

RULES_ONLY = RepairConfig(stages=("rules",))
DATA = Path(__file__).resolve().parents[2] / "mtfix" / "rules" / "data" / "gazetteer.json"


def gaz_edits(text: str, config: RepairConfig = RULES_ONLY) -> list:  # type: ignore[type-arg]
    result = repair(text, config=config)
    assert apply_edits(text, result.edits) == result.text
    return [e for e in result.edits if e.rule == "rules.gazetteer"]


def test_data_is_small_and_the_provinces_come_from_the_toolkit() -> None:
    from mtfix.zh.provinces import all_provinces

    assert DATA.stat().st_size < 1_000_000
    data = json.loads(DATA.read_text(encoding="utf-8"))
    assert "provinces" not in data  # held once, in mtfix/zh/data/provinces.toml
    assert ["漳州", "zhang zhou", "Fujian", "p"] in data["places"]["Zhangzhou"]
    assert len(all_provinces()) == 34
    gaz = gazetteer()
    assert gaz.province_zh["Hainan"] == "海南"
    assert gaz.provinces["Xizang"] == gaz.provinces["Tibet"] == "Tibet"


def test_wrong_pair_is_flagged_with_danzhou() -> None:
    text = "His childhood was in Zhangzhou, Hainan. He liked the stars."
    result = repair(text, config=RULES_ONLY)
    assert result.text == text  # a guess stays below the default threshold
    (edit,) = gaz_edits(text)
    assert edit.status == "flagged"
    assert (edit.before, edit.after) == ("Zhangzhou", "Danzhou")
    assert edit.confidence < 0.8
    assert "Fujian" in edit.reason and "儋州" in edit.reason
    assert edit.data["alternative"] == "the province should be Fujian"
    assert edit.data["suggestion"]["zh"] == "儋州"


def test_low_threshold_applies_the_suggestion() -> None:
    config = RULES_ONLY.replace(edit_threshold=0.5)
    assert repair("born in Zhangzhou, Hainan.", config=config).text == "born in Danzhou, Hainan."


@pytest.mark.parametrize(
    "text",
    [
        "Ma Huateng was born in Shantou, Guangdong Province in October 1971.",
        "He settled in Shenzhen, Guangdong.",
        "Shantou City, Guangdong Province is a port.",
        "Guangdong's Shenzhen grew fast.",
        "a factory in Suzhou in Jiangsu",
        "Xi'an, Shaanxi Province",
        "Hohhot, Inner Mongolia",
        "Taizhou, Zhejiang and Taizhou, Jiangsu are different cities.",  # ambiguous name
        "Nanjing, Fujian",  # Nanjing county in Zhangzhou, Fujian
        "Suzhou, Anhui",  # 宿州
        "offices in Beijing, Guangdong and Fujian",  # a list of regions
        "offices in Hangzhou, Guangdong and Fujian",  # a list
        "Tencent, Guangdong",  # not a place
        "Springfield, Hainan",  # unknown and not near any city
        "According to Taiwan's Central News Agency, the talks ended.",  # a longer name
    ],
)
def test_right_or_unknown_pairs_are_untouched(text: str) -> None:
    assert gaz_edits(text) == []


@pytest.mark.parametrize(
    "text, province",
    [
        ("Xi'an, Shanxi Province", "Shanxi"),
        ("He moved to Zhangzhou in Hainan.", "Hainan"),
        ("Hainan's Zhangzhou is warm.", "Hainan"),
        ("Shenzhen City, Fujian Province", "Fujian"),
    ],
)
def test_wrong_pairs_in_every_form_are_flagged(text: str, province: str) -> None:
    (edit,) = gaz_edits(text)
    assert edit.status == "flagged" and edit.data["stated_province"] == province


def test_misspelt_city_of_the_province_is_corrected() -> None:
    (edit,) = gaz_edits("He lives in Shenzen, Guangdong.")
    assert edit.status == "applied" and edit.after == "Shenzhen"


def test_no_suggestion_when_nothing_sounds_alike() -> None:
    (edit,) = gaz_edits("Harbin, Hainan")
    assert edit.status == "flagged" and edit.after == "Harbin" and "suggestion" not in edit.data


def test_sound_similarity() -> None:
    assert sound_similarity(("zhang", "zhou"), ("dan", "zhou")) == pytest.approx(0.625)
    assert sound_similarity(("zhang", "zhou"), ("hai", "kou")) == 0.0
    assert sound_similarity(("zhang", "zhou"), ("wu", "zhi", "shan")) == 0.0


def test_lookup_is_diacritic_insensitive() -> None:
    g = gazetteer()
    assert {p.province for p in g.lookup("Ürümqi")} == {"Xinjiang"}
    assert g.lookup("Urumqi") == g.lookup("Ürümqi")


@pytest.mark.parametrize(
    "text",
    [
        # The city's word ends a longer name ("Pudong New District", "Zhao Yijun").
        "Thirty projects landed in Pudong New District, Shanghai, last week.",
        "Zhao Yijun, Taiwan correspondent, reported from the scene.",
        # The province's word starts a longer name, or a list item ("Guizhou Zunyi").
        "The bureau of Golmud City, Hainan Mongolian Tibetan Autonomous Prefecture, said so.",
        "Guests came from Zhejiang Jiaxing, Guizhou Zunyi and Shaanxi Yan'an.",
        # A list of cities and provinces, each its own item.
        "The line runs through Pingdingshan City, Nanyang City, Hubei Province, Xiangyang City.",
        # The province says whose team it is, not where the city lies.
        "Guangzhou sent aid to Wuhan, Guangdong's medical team arrived soon after.",
    ],
)
def test_no_city_province_pair_where_the_words_belong_to_other_names(text: str) -> None:
    assert gaz_edits(text) == []


@pytest.mark.parametrize(
    "text",
    ["In Zhangzhou, Hainan, it rained.", "From Zhangzhou City, Hainan Province, they came."],
)
def test_an_ordinary_word_before_the_city_keeps_the_pair(text: str) -> None:
    assert [e.before for e in gaz_edits(text)] == ["Zhangzhou"]
