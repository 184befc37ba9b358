"""The edit model: overlap resolution and the ledger's offset bookkeeping."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mtfix.edits import Edit, EditLedger, apply_edits, output_span, resolve_overlaps


def mk(
    start: int,
    end: int,
    text: str,
    after: str,
    *,
    rule: str = "t.r",
    conf: float = 1.0,
    status: str = "applied",
) -> Edit:
    return Edit(start, end, text[start:end], after, "test", rule, "test", conf, status)  # type: ignore[arg-type]


def test_apply_edits_basic() -> None:
    text = "abc def"
    edits = [mk(0, 3, text, "X"), mk(4, 4, text, "+"), mk(6, 7, text, "")]
    assert apply_edits(text, edits) == "X +de"


def test_apply_edits_rejects_wrong_before() -> None:
    with pytest.raises(ValueError, match="expects"):
        apply_edits("abc", [Edit(0, 1, "z", "y", "s", "r", "why")])


def test_resolve_overlaps_is_deterministic_and_flags_losers() -> None:
    text = "abcdef"
    low = mk(1, 4, text, "L", rule="a.low", conf=0.9)
    high = mk(1, 3, text, "H", rule="b.high", conf=1.0)
    later = mk(2, 5, text, "Z", rule="c.later")
    for order in ([low, high, later], [later, low, high], [high, later, low]):
        out = resolve_overlaps(order)
        applied = [e for e in out if e.applied]
        assert [e.rule for e in applied] == ["b.high"]
        assert {e.rule for e in out if not e.applied} == {"a.low", "c.later"}


def test_ledger_merges_an_edit_of_an_edit() -> None:
    text = "x & rdquo; y"
    ledger = EditLedger(text)
    ledger.commit([mk(2, 10, text, "”")])
    cur = ledger.text
    assert cur == "x ” y"
    ledger.commit([Edit(2, 3, "”", '"', "test", "t.second", "r")])
    assert ledger.text == 'x " y'
    (e,) = ledger.edits
    assert (e.start, e.end, e.before, e.after) == (2, 10, "& rdquo;", '"')
    assert [p.rule for p in e.parts] == ["t.r", "t.second"]


def test_ledger_maps_offsets() -> None:
    text = "aaa bbb ccc"
    ledger = EditLedger(text)
    ledger.commit([mk(0, 3, text, "A"), mk(8, 11, text, "CCCCC")])
    assert ledger.text == "A bbb CCCCC"
    assert ledger.to_original(2) == 4  # 'b'
    assert ledger.to_current(4) == 2
    assert ledger.to_original(ledger.text.index("CCCCC")) == 8


def test_output_span() -> None:
    text = "aa bb cc"
    e1, e2 = mk(0, 2, text, "A"), mk(6, 8, text, "CCC")
    out = apply_edits(text, [e1, e2])
    a, b = output_span([e1, e2], e2)
    assert out[a:b] == "CCC"


# -- property: any sequence of steps keeps the ledger consistent ---------------

edit_step = st.lists(
    st.tuples(st.integers(0, 40), st.integers(0, 5), st.text("XYZ", max_size=3), st.booleans()),
    max_size=5,
)


@settings(max_examples=400, deadline=None)
@given(text=st.text("ab c", max_size=40), steps=st.lists(edit_step, min_size=1, max_size=6))
def test_ledger_reproduces_text(text: str, steps: list[list[tuple[int, int, str, bool]]]) -> None:
    ledger = EditLedger(text)
    for step in steps:
        cur = ledger.text
        edits = []
        for s, n, after, flag in step:
            s = min(s, len(cur))
            e = min(len(cur), s + n)
            edits.append(mk(s, e, cur, after, status="flagged" if flag else "applied"))
        ledger.commit(edits)
        assert apply_edits(text, ledger.edits) == ledger.text
        for ed in ledger.edits:
            assert text[ed.start : ed.end] == ed.before
