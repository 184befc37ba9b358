"""English spacing rules apply to English prose only: not to identifiers, brands or French."""

from __future__ import annotations

import pytest

import mtfix

UNCHANGED = [
    "Mice (HLA-DR4.RagKO.IL2RγcKO.NOD) were used in the study.",
    "The strain DR4.RagKO was bred for the test.",
    "Install version v1.2.Beta before the update.",
    "Je ne sais pas ce que vous.Pardonnez-moi, monsieur.",
    "Povedzte nám ! Ďakujeme vám za pomoc.",
    "Quelle belle journée ! Vous venez avec nous ?",
    "The artists of teamLab showed their work in Tokyo.",
    "She bought an iPhone on eBay and a teaLab kettle.",
    "It cost 1,000 dollars at 10:30 and grew 3:1, see John 3:16.",
    "Try http:example or mailto:someone for the record.",
    "The colours were red,green,blue and USA,UK,EU signed.",
]

FIXED = [
    ("The market rose.The end came later.", "The market rose. The end came later."),
    ("He was born on the 16th,and he left.", "He was born on the 16th, and he left."),
    (
        "The oil is labelled Extra Virgin:is that true?",
        "The oil is labelled Extra Virgin: is that true?",
    ),
    (
        "The method has two parts:inductive and deductive.",
        "The method has two parts: inductive and deductive.",
    ),
    ("Exports went to Portugal,USA and Spain.", "Exports went to Portugal, USA and Spain."),
    (
        "Meet at the spot,i.e. the corner of the street.",
        "Meet at the spot, i.e. the corner of the street.",
    ),
    ("The source of the video:YouTube was cited.", "The source of the video: YouTube was cited."),
    ("He is stillWhat a day it was.", "He is still What a day it was."),
]


@pytest.mark.parametrize("text", UNCHANGED)
def test_not_english_prose_is_left_alone(text: str) -> None:
    result = mtfix.repair(text)
    assert result.text == text, [(e.rule, e.before, e.after) for e in result.edits]


@pytest.mark.parametrize(("text", "expected"), FIXED)
def test_lost_spaces_in_english_are_restored(text: str, expected: str) -> None:
    assert mtfix.repair(text).text == expected
