"""Documents with over-long lines are repaired window by window."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

import mtfix
from mtfix import windows as w
from mtfix.edits import apply_edits

SAMPLE = Path(__file__).resolve().parent.parent / "corpora" / "sample.en.txt"


def tiles(text: str, spans: list[tuple[int, int]], size: int) -> None:
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    for (_, b), (c, _) in itertools.pairwise(spans):
        assert b == c
    assert all(0 < b - a <= size for a, b in spans)


def test_has_long_line() -> None:
    assert not w.has_long_line("short\n" * 10_000, 100)
    assert w.has_long_line("short\n" + "x" * 101 + "\nshort", 100)
    assert not w.has_long_line("x" * 100, 100)


@pytest.mark.parametrize(
    ("text", "after_cut"),
    [
        ("Line one.\n" + "He said so. " * 50, "He said so."),  # a line break first
        ("He said so. " * 60, "He said so."),  # between sentences
        ("word " * 200, "word"),  # between words
        ("x\u00a0" * 300, "x"),  # any white space
    ],
)
def test_windows_cut_at_safe_places(text: str, after_cut: str) -> None:
    spans = w.windows(text, 100)
    tiles(text, spans, 100)
    for _, b in spans[:-1]:
        assert text[b:].startswith(after_cut)


def test_windows_without_white_space_keep_marks_with_their_letters() -> None:
    text = "e\u0301" * 200
    spans = w.windows(text, 101)
    tiles(text, spans, 101)
    assert all(text[b] == "e" for _, b in spans[:-1])


def one_line_article(copies: int) -> str:
    paragraphs = [p.strip() for p in SAMPLE.read_text(encoding="utf-8").split("\n") if p.strip()]
    return " ".join(paragraphs * copies)


def test_windowed_repair_matches_whole_repair(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows change nothing but rules that look at the whole document."""
    text = one_line_article(6)
    monkeypatch.setattr(w, "MAX_LINE_CHARS", 10**9)
    whole = mtfix.repair(text)
    monkeypatch.setattr(w, "MAX_LINE_CHARS", 3000)
    monkeypatch.setattr(w, "WINDOW_CHARS", 3000)
    assert len(w.windows(text)) > 6
    windowed = mtfix.repair(text)
    assert apply_edits(text, windowed.edits) == windowed.text
    assert mtfix.repair(windowed.text).text == windowed.text  # still idempotent

    def key(e: mtfix.Edit) -> tuple[int, int, str, str, str]:
        return e.start, e.end, e.after, e.status, e.rule

    a, b = {key(e) for e in whole.edits}, {key(e) for e in windowed.edits}
    assert len(a & b) > 100
    assert {k[4] for k in a ^ b} <= {"rules.consistency"}


def test_merged_edits_keep_their_parts_across_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(w, "MAX_LINE_CHARS", 200)
    monkeypatch.setattr(w, "WINDOW_CHARS", 200)
    text = "He said so. " * 40 + "Robert · Neuss and John · Rawls said so.At last. " * 5
    result = mtfix.repair(text)
    assert apply_edits(text, result.edits) == result.text
    assert all(text[e.start : e.end] == e.before for e in result.edits)
    merged = [e for e in result.edits if e.parts]
    assert len(merged) == 5  # the middle dot, then the glossary: in every window
    assert all(e.start >= 480 and {p.rule for p in e.parts} >= {"rules.glossary"} for e in merged)
    assert "Robert Noyce and John Rawls said so. At last." in result.text
