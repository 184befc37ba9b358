"""A mark twice in two widths, a doubled stop after a path-like list, quotes across lines."""

from __future__ import annotations

import pytest

import mtfix


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Why not? ？ He asked again.", "Why not? He asked again."),
        ("Is it true?？ Nobody knew.", "Is it true? Nobody knew."),
        ("Is it true ？? Nobody knew.", "Is it true? Nobody knew."),
        ("What a result! ！ They won.", "What a result! They won."),
        ("It ended. 。 Then it began.", "It ended. Then it began."),
        (
            "We sell apples/oranges/pears. . Then we left.",
            "We sell apples/oranges/pears. Then we left.",
        ),
        ("Read it at www.example.com. . Then reply.", "Read it at www.example.com. Then reply."),
    ],
)
def test_a_mark_twice_becomes_one(text: str, expected: str) -> None:
    assert mtfix.repair(text).text == expected


def test_paths_keep_their_dots() -> None:
    text = "Open ../docs/a.txt and C:\\data\\b..c now."
    assert mtfix.repair(text).text == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "“We must stay at home,\nand keep our isolation.  ”\nHe left.",
            "“We must stay at home,\nand keep our isolation.”\nHe left.",
        ),
        ('"We must keep our isolation.  ” he said.', '"We must keep our isolation.” he said.'),
        ("He said “fine ” and left.", "He said “fine” and left."),
    ],
)
def test_space_before_a_closing_quote_opened_earlier(text: str, expected: str) -> None:
    assert mtfix.repair(text).text == expected


def test_a_closing_quote_without_an_opening_one_keeps_its_space() -> None:
    text = "The ratio was 5 ” by the old measure.\nNothing opened it."
    assert mtfix.repair(text).text == text
