from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import mtfix
from mtfix.edits import Edit, apply_edits
from mtfix.result import RepairResult
from mtfix.review import (
    DecisionsError,
    apply_decisions,
    apply_decisions_all,
    decisions_document,
)
from mtfix.review.decisions import Decision, ReviewEdit, edits_conflict, sha256_text


def index_of(result: RepairResult, rule: str, before: str) -> int:
    hits = [i for i, e in enumerate(result.edits) if e.rule == rule and e.before == before]
    assert len(hits) == 1, hits
    return hits[0]


def test_defaults_reproduce_the_repair(article: RepairResult) -> None:
    doc = decisions_document(article, name="a.txt")
    assert doc["original_sha256"] == sha256_text(article.original)
    assert [d["decision"] for d in doc["decisions"]] == [
        "accept" if e.applied else "reject" for e in article.edits
    ]
    assert apply_decisions(doc) == article.text
    # Through JSON text and a file, too.
    assert apply_decisions(json.dumps(doc)) == article.text


def test_defaults_reproduce_the_seed_repair(seed_text: str, tmp_path: Path) -> None:
    result = mtfix.repair(seed_text)
    path = tmp_path / "d.json"
    path.write_text(json.dumps(decisions_document(result)), encoding="utf-8")
    assert apply_decisions(path) == result.text


def test_rejecting_one_edit_keeps_its_original_text(article: RepairResult) -> None:
    i = index_of(article, "rules.glossary", "Tonys")
    text = apply_decisions(decisions_document(article, {i: "reject"}))
    assert "Tonys 🚀" in text and "Tönnies" not in text
    # Every other fix is still there, including those after the astral characters.
    assert text == article.text.replace("Tönnies", "Tonys")


def test_accepting_a_flagged_suggestion(article: RepairResult) -> None:
    i = index_of(article, "rules.gazetteer", "Zhangzhou")
    text = apply_decisions(decisions_document(article, {i: "accept"}))
    assert text == article.text.replace("Zhangzhou", "Danzhou")


def test_a_flag_without_suggestion_changes_nothing(article: RepairResult) -> None:
    i = index_of(article, "rules.names.unknown", "Gaochun Capital")
    fix = index_of(article, "rules.glossary", "Gaochun Capital")
    # Accepting the note over the same span as a fix: the note is a no-op, so no conflict.
    doc = decisions_document(article, {i: "accept"})
    assert apply_decisions(doc) == article.text
    doc = decisions_document(article, {i: "accept", fix: "reject"})
    assert apply_decisions(doc) == article.text.replace("Hillhouse", "Gaochun")


def test_overlapping_accepted_edits_are_refused(article: RepairResult) -> None:
    flag = index_of(article, "rules.consistency", "Tech")
    with pytest.raises(DecisionsError, match="overlap"):
        apply_decisions(decisions_document(article, {flag: "accept"}))
    fix = index_of(article, "clean.entities.spaced", "& mdash; 𝔘nity Tech & mdash;")
    text = apply_decisions(decisions_document(article, {flag: "accept", fix: "reject"}))
    assert "& mdash; 𝔘nity Technology & mdash;" in text


def test_an_insertion_at_the_start_of_a_replacement_applies_in_order(
    sourced: RepairResult,
) -> None:
    assert apply_decisions(decisions_document(sourced)) == sourced.text
    assert "Wuzhen. The theme is a community" in sourced.text


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.update(original=d["original"] + "x"), "original_sha256"),
        (lambda d: d["edits"][0].update(before="zzz"), "does not match the original"),
        (lambda d: d["edits"][0].update(end=10**6), "does not match the original"),
        (lambda d: d["edits"][0].update(start=-1), "bad span"),
        (lambda d: d["edits"][0].update(after="EVIL"), "do not match edits_sha256"),
        (lambda d: d["edits"][0].update(status="flagged"), "do not match edits_sha256"),
        (lambda d: d.pop("edits_sha256"), "cannot be verified"),
        (lambda d: d["decisions"][0].update(rule="other.rule"), "names another rule"),
        (lambda d: d["decisions"][0].update(start=3), "names another start"),
        (lambda d: d["decisions"][0].update(decision="maybe"), "accept or reject"),
        (lambda d: d["decisions"][0].update(edit=999), "unknown edit"),
        (lambda d: d["decisions"][0].update(edit=True), "integer 'edit'"),
        (lambda d: d["decisions"].append({**d["decisions"][0], "decision": "reject"}), "both"),
        (lambda d: d.update(version=2), "version"),
        (lambda d: d.update(format="other"), "format"),
        (lambda d: d.pop("original"), "original"),
        (lambda d: d.pop("edits"), "edits"),
    ],
)
def test_malformed_files_are_refused(article: RepairResult, mutate: Any, message: str) -> None:
    doc = copy.deepcopy(decisions_document(article))
    mutate(doc)
    with pytest.raises(DecisionsError, match=message):
        apply_decisions(doc)


def test_not_json_is_refused() -> None:
    with pytest.raises(DecisionsError):
        apply_decisions("{not json")
    with pytest.raises(DecisionsError):
        apply_decisions("[1, 2]")


def test_several_documents(article: RepairResult, sourced: RepairResult) -> None:
    a = decisions_document(article, name="a.txt")
    b = decisions_document(sourced, {0: "reject"}, name="b.txt")
    both = {"format": a["format"], "version": 1, "documents": [a, b]}
    docs = apply_decisions_all(both)
    assert [d.name for d in docs] == ["a.txt", "b.txt"]
    assert docs[0].text == article.text
    assert docs[1].text == apply_decisions(b)
    assert (docs[1].accepted, docs[1].rejected) == (1, 2)  # the flag is rejected by default
    with pytest.raises(DecisionsError, match="2 documents"):
        apply_decisions(both)


def test_conflict_rule() -> None:
    def e(a: int, b: int) -> ReviewEdit:
        return ReviewEdit(a, b, "", "x", "r", "applied")

    assert edits_conflict(e(2, 5), e(4, 6))
    assert not edits_conflict(e(2, 4), e(4, 6))  # touching spans
    assert edits_conflict(e(3, 3), e(3, 3))  # two insertions at one point
    assert edits_conflict(e(3, 3), e(2, 5))  # an insertion inside a replacement
    assert not edits_conflict(e(2, 2), e(2, 5))  # at its start: inserted before it
    assert not edits_conflict(e(5, 5), e(2, 5))  # at its end: inserted after it


TEXT = "ab🚀c𠀋d e\nf😀g"


@st.composite
def edit_sets(draw: st.DrawFn) -> tuple[list[Edit], list[bool]]:
    """Random disjoint edits of TEXT (replacements, insertions, deletions), each
    with a random accept/reject."""
    n = len(TEXT)
    cuts = sorted(draw(st.lists(st.integers(0, n), min_size=0, max_size=8)))
    edits: list[Edit] = []
    last_end, last_point = -1, -1
    for a, b in zip(cuts[::2], cuts[1::2], strict=False):
        if a < last_end or (a == b and a == last_point):
            continue
        after = draw(st.text(alphabet="xy 😀\n", max_size=3))
        if after == TEXT[a:b]:
            continue
        edits.append(Edit(a, b, TEXT[a:b], after, "clean", f"r{len(edits)}", "why"))
        last_end, last_point = b, (a if a == b else -1)
    accept = draw(st.lists(st.booleans(), min_size=len(edits), max_size=len(edits)))
    return edits, accept


@settings(max_examples=150, deadline=None)
@given(edit_sets())
def test_apply_decisions_matches_apply_edits(case: tuple[list[Edit], list[bool]]) -> None:
    edits, accept = case
    result = RepairResult(TEXT, apply_edits(TEXT, edits), edits, "sig")
    chosen: dict[int, Decision] = {i: ("accept" if ok else "reject") for i, ok in enumerate(accept)}
    kept = [e for e, ok in zip(edits, accept, strict=True) if ok]
    assert apply_decisions(decisions_document(result, chosen)) == apply_edits(TEXT, kept)
