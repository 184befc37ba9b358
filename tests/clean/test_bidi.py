"""Bidirectional controls in the article ("Trojan Source" spoofing): clean.bidi."""

from __future__ import annotations

import pytest

import mtfix


@pytest.mark.parametrize(
    "control", [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
)
def test_bidi_controls_are_removed_from_english(control: str) -> None:
    text = f"Transfer the funds to account {control}1234 today."
    result = mtfix.repair(text)
    assert result.text == "Transfer the funds to account 1234 today."
    (edit,) = result.edits
    assert edit.rule == "clean.bidi" and edit.applied
    assert f"U+{ord(control):04X}" in edit.reason and "spoofing" in edit.reason


def test_an_override_that_reverses_a_word_is_removed() -> None:
    result = mtfix.repair("The fee is \u202e0001\u202c yuan.")
    assert result.text == "The fee is 0001 yuan."
    assert "RIGHT-TO-LEFT OVERRIDE" in result.edits[0].reason


def test_direction_marks_stay_in_right_to_left_text() -> None:
    text = "The sign read \u200fשלום\u200f and \u061cمرحبا today."
    assert mtfix.repair(text).text == text


def test_direction_marks_go_from_english() -> None:
    result = mtfix.repair("He said\u200e hello\u200f.")
    assert result.text == "He said hello."
    assert {e.rule for e in result.edits} == {"clean.bidi"}


def test_bidi_controls_in_right_to_left_text_are_only_flagged() -> None:
    text = "עברית \u202bקטע\u202c end"
    result = mtfix.repair(text)
    assert result.text == text
    assert [e.status for e in result.edits] == ["flagged", "flagged"]


def test_the_rule_can_be_disabled() -> None:
    text = "account \u202e1234"
    config = mtfix.RepairConfig(disabled_rules=("clean.bidi",))
    assert mtfix.repair(text, config=config).text == text
