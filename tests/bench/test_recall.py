"""bench/recall.py's matching of edits to hand-listed error spans (made-up text only)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from benchload import load_bench

from mtfix.edits import FLAGGED, Edit

recall = load_bench("recall")

SEGMENTS = ["Mr Wang met Li Ming.", "He left on 3 May."]  # joined: second starts at 21


def _edit(start: int, end: int, rule: str, text: str) -> Edit:
    return Edit(start, end, text[start:end], "x", "source", rule, "", status=FLAGGED)


def _error(seg: int, start: int, end: int) -> object:
    return recall.Error("d", "s", seg, start, end, "name", "n")


def test_edit_in_the_second_segment_maps_to_its_local_offsets() -> None:
    text = "\n".join(SEGMENTS)
    offsets = recall.segment_offsets(SEGMENTS)
    e = _edit(21 + 11, 21 + 16, "source.numbers", text)  # "3 May"
    assert recall.hits([e], offsets, _error(1, 11, 16)) == ["source.numbers"]
    assert recall.hits([e], offsets, _error(0, 11, 16)) == []


def test_a_sentence_flag_over_two_segments_covers_both() -> None:
    text = "\n".join(SEGMENTS)
    offsets = recall.segment_offsets(SEGMENTS)
    e = _edit(0, len(text), "retranslate.sentences", text)
    assert recall.hits([e], offsets, _error(0, 12, 19)) == ["retranslate.sentences"]
    assert recall.hits([e], offsets, _error(1, 0, 2)) == ["retranslate.sentences"]


def test_rule_prefixes() -> None:
    assert recall.is_name_number_rule("source.names")
    assert recall.is_name_number_rule("rules.glossary")
    assert not recall.is_name_number_rule("retranslate.sentences")
    assert not recall.is_name_number_rule("source.untranslated")


def test_load_errors_rejects_unknown_fields(tmp_path: Path) -> None:
    good = {
        "doc_id": "d",
        "system": "s",
        "seg": 0,
        "start": 0,
        "end": 2,
        "kind": "name",
        "note": "",
    }
    path = tmp_path / "e.jsonl"
    path.write_text(json.dumps(good) + "\n", encoding="utf-8")
    assert recall.load_errors(path)[0].end == 2
    path.write_text(json.dumps({**good, "text": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(ValueError):
        recall.load_errors(path)


def test_the_shipped_error_list_is_well_formed() -> None:
    errors = recall.load_errors(recall.ERRORS)
    assert errors and {e.kind for e in errors} <= {"name", "number"}
    assert all(0 <= e.start < e.end for e in errors)
