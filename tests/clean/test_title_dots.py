"""Middle dots and bullets inside titles and product names, and real separators."""

from __future__ import annotations

import pytest

import mtfix


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Visit the Official · Flagship Store on Tmall.",
            "Visit the Official Flagship Store on Tmall.",
        ),
        (
            "The Provincial • Tea Expo opened on Monday.",
            "The Provincial Tea Expo opened on Monday.",
        ),
        ("She runs a Photography·Studio in Beijing.", "She runs a Photography Studio in Beijing."),
    ],
)
def test_a_dot_inside_one_title_goes(text: str, expected: str) -> None:
    result = mtfix.repair(text)
    assert result.text == expected
    assert [e.rule for e in result.applied] == ["clean.names.middledot"]


@pytest.mark.parametrize(
    "text",
    [
        "Home · News · Sport",
        "Home · News · Sport · Weather\nThe market rose on Monday.",
        'E-commerce "Looking for Companions·High-quality Content Sharing"',
    ],
)
def test_separators_stay_and_are_only_flagged(text: str) -> None:
    result = mtfix.repair(text)
    assert result.text == text
    assert result.flagged and {e.rule for e in result.flagged} == {"clean.names.middledot"}
