"""rules.untranslated: Chinese left in the English is flagged when there is no source."""

from __future__ import annotations

import pytest

import mtfix
from mtfix.config import RepairConfig


def flags(text: str) -> list[tuple[str, str, str]]:
    result = mtfix.repair(text)
    assert result.text == text  # flags only
    return [(e.before, e.after, e.reason) for e in result.flagged if e.rule == "rules.untranslated"]


def test_chinese_left_in_english_is_flagged() -> None:
    ((before, after, reason),) = flags("via:博客园     time:2018/11/14 11:32:39")
    assert before == after == "博客园" and reason == "untranslated Chinese '博客园'"


def test_a_known_name_is_suggested() -> None:
    ((before, after, reason),) = flags("The round was led by 高瓴资本 and others.")
    assert (before, after) == ("高瓴资本", "Hillhouse Capital")
    assert "known as 'Hillhouse Capital'" in reason


@pytest.mark.parametrize(
    "text",
    [
        "The round was led by Hillhouse Capital (高瓴资本).",
        "高瓴资本 (Hillhouse Capital) led the round.",
        "Clean English with “curly quotes” only.",
    ],
)
def test_glosses_and_english_are_left_alone(text: str) -> None:
    assert flags(text) == []


def test_with_a_source_the_source_check_does_it() -> None:
    config = RepairConfig(stages=("clean", "rules"))
    result = mtfix.repair("Led by 高瓴资本.", source="由高瓴资本领投。", config=config)
    assert not [e for e in result.flagged if e.rule == "rules.untranslated"]
