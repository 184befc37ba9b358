"""The judge of bench/findings.py on a tiny made-up document (not the evaluation data)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from benchload import load_bench

from mtfix.edits import Edit

findings = load_bench("findings")

SEGMENTS = [
    "Mr. Zhang Wei visited the Beijing zoo .",
    "The company sold 3 million cups in 2020.",
    "He said it was fine.",
]
DOC: dict[str, Any] = {
    "doc_id": "made-up/1",
    "testset": "wmt23-generaltest2023.zh-en",
    "domain": "news",
    "source": ["张伟先生参观了北京动物园。", "公司在2020年卖出了300万个杯子。", "他说没问题。"],
    "reference": [
        "Mr. Zhang Wei visited the Beijing Zoo.",
        "The company sold 3 million cups in 2020.",
        "He said it was no problem.",
    ],
    "references": {"A": ["Zhang Wei went to the Beijing Zoo.", None, None]},
    "systems": {"sys": SEGMENTS},
    "mqm": [
        {
            "system": "sys",
            "seg": 0,
            "category": "Fluency/Spelling",
            "severity": "Minor",
            "side": "target",
            "start": 34,
            "end": 37,
        },
        {
            "system": "sys",
            "seg": 2,
            "category": "Accuracy/Mistranslation",
            "severity": "Major",
            "side": "target",
            "start": 11,
            "end": 19,
        },
    ],
    "mqm_rated": {"sys": {"0": ["r1"], "1": ["r1"], "2": ["r1"]}},
}
OFFSETS = findings.segment_offsets(SEGMENTS)


def _edit(seg: int, before: str, after: str, rule: str, *, applied: bool = True) -> Edit:
    at = SEGMENTS[seg].index(before) + OFFSETS[seg][0]
    return Edit(
        at,
        at + len(before),
        before,
        after,
        rule.split(".")[0],
        rule,
        "test",
        status="applied" if applied else "flagged",
    )


def _judge(edit: Edit) -> Any:
    (found,) = findings.judge_document(DOC, "sys", [edit])
    return found


def test_contains_is_case_sensitive_and_word_bounded() -> None:
    assert findings.contains("Mr. Zhang Wei left.", "Zhang Wei")
    assert not findings.contains("Mr. Zhang Weiming left.", "Zhang Wei")
    assert not findings.contains("mr. zhang wei left.", "Zhang Wei")
    assert findings.contains("in 2020.", "2020.")
    assert not findings.contains("anything", "")


def test_locate_maps_joined_offsets_to_segments() -> None:
    start = OFFSETS[1][0] + 4
    assert findings.locate(start, start + 7, OFFSETS) == (1, 4, 11)
    assert findings.locate(OFFSETS[0][1], OFFSETS[0][1] + 1, OFFSETS) is None  # the newline


def test_applied_right_wrong_undecided() -> None:
    right = _judge(_edit(0, "zoo", "Zoo", "rules.case"))
    assert (right.verdict, right.seg) == ("right", 0)
    assert right.mqm == ["Fluency/Spelling/Minor"] and not right.suspicious
    wrong = _judge(_edit(1, "3 million", "three million", "source.numbers"))
    assert wrong.verdict == "wrong"
    assert wrong.suspicious  # a rated segment, no error span there, a word changed
    undecided = _judge(_edit(2, "fine", "good", "rules.style"))
    assert undecided.verdict == "undecided"


def test_clean_edits_are_judged_on_the_token_window() -> None:
    found = _judge(_edit(0, " .", ".", "clean.spacing.before_punct"))
    assert (found.window_before, found.window_after) == ("zoo .", "zoo.")
    assert found.verdict == "undecided"  # the reference has 'Zoo.', not 'zoo.'
    assert findings.token_window("saw cat", 4, 4, "the ") == ("saw cat", "saw the cat")
    assert findings.token_window("a  b", 1, 3, " ") == ("a  b", "a b")


def test_flags_hit_noise_undecided() -> None:
    by_reference = _judge(_edit(0, "zoo", "Zoo", "source.names", applied=False))
    assert by_reference.verdict == "hit"
    noise = _judge(_edit(0, "Zhang Wei", "Chang Wei", "source.names", applied=False))
    assert (noise.verdict, noise.ref_verdict) == ("noise", "noise")
    on_error = _judge(_edit(2, "was fine", "was no problem", "source.names", applied=False))
    assert on_error.verdict == "hit" and on_error.mqm == ["Accuracy/Mistranslation/Major"]
    unknown = _judge(_edit(2, "He", "She", "source.names", applied=False))
    assert unknown.verdict == "noise"  # the references say 'He'


def test_sentence_flags_are_judged_against_major_errors() -> None:
    major = _judge(_edit(2, SEGMENTS[2], SEGMENTS[2], "retranslate.sentences", applied=False))
    clean = _judge(_edit(1, SEGMENTS[1], SEGMENTS[1], "retranslate.sentences", applied=False))
    assert (major.verdict, clean.verdict) == ("hit", "noise")
    assert findings.judge_sentence_flag(False, True) == "undecided"


def test_report_counts_precision_and_hand_verdicts(tmp_path: Path) -> None:
    found = [
        _judge(_edit(0, "zoo", "Zoo", "rules.case")),
        _judge(_edit(1, "3 million", "three million", "source.numbers")),
        _judge(_edit(0, "Zhang Wei", "Chang Wei", "source.names", applied=False)),
    ]
    run = findings.Run(words=20, sentences=3, low_confidence=1, rated_segments=3)
    report = findings.build_report(found, {("sys", "WMT23"): run}, {})
    assert report["by_group"]["rules"]["applied_precision"] == 1.0
    assert report["by_group"]["source"]["applied_precision"] == 0.0
    assert report["by_rule"]["source.names"]["flags_per_1k_words"] == 50.0
    assert report["by_testset"]["WMT23"]["low_confidence_share"] == pytest.approx(1 / 3, 1e-3)
    verdicts = tmp_path / "v.jsonl"
    lines = [
        {k: getattr(f, k) for k in ("doc_id", "system", "start", "end", "rule")} | {"verdict": v}
        for f, v in zip(found, ("right", "right", "noise"), strict=True)
    ]
    verdicts.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    judged = findings.judged_report(found, findings.load_verdicts(verdicts))
    assert judged["matched"] == 3
    assert judged["by_rule"]["source.numbers"]["applied_right_share"] == 1.0
    assert judged["by_rule"]["source.names"]["flag_hit_share"] == 0.0
    verdicts.write_text(json.dumps(lines[0] | {"text": "copied"}) + "\n")
    with pytest.raises(ValueError, match="unknown fields"):
        findings.load_verdicts(verdicts)


def test_skips_cleanly_without_the_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MTFIX_EVALDATA", str(tmp_path))
    assert findings.main([]) == 0
    assert "not found" in capsys.readouterr().out


def test_runs_end_to_end_on_a_made_up_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pytest.importorskip("jieba")
    (tmp_path / "dev.jsonl").write_text(json.dumps(DOC, ensure_ascii=False) + "\n", "utf-8")
    monkeypatch.setenv("MTFIX_EVALDATA", str(tmp_path))
    assert findings.main(["--json", "--sample", "2"]) == 0
    out = capsys.readouterr()
    report = json.loads(out.out)
    assert report["meta"]["repairs"] == 1
    assert report["totals"]["sentences"] == 3 and report["totals"]["words"] == 21
    # The space before the full stop is repaired, and judged on its token window.
    assert report["by_rule"]["clean.spacing.before_punct"]["applied"] == 1
    assert '"doc_id": "made-up/1"' in out.err


def test_reason_templates_hold_no_text() -> None:
    reason = "source name 张伟 is 'Zhang Wei' (pinyin); the English has 'Chang Wei': close (0.80)"
    assert findings.reason_template(reason) == (
        "source name ZH is '…' (pinyin); the English has '…': close (n)"
    )
    for reason, template in [
        (
            "张伟 is introduced as a person of Singapore: check the person's own spelling of "
            "'Zhang Wei'",
            "ZH is introduced as a person of Singapore: check the person's own spelling of '…'",
        ),
        ("the surname of 张伟 is Zhang", "the surname of ZH is …"),
        (
            "a Chinese given name is written as one word (张伟 → Zhang Wei)",
            "a Chinese given name is written as one word (ZH → …)",
        ),
        ("untranslated Chinese '张'; source: 张伟说。", "untranslated Chinese '…'; source: …"),
    ]:
        assert findings.reason_template(reason) == template
