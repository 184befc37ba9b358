"""Fixtures for the CLI tests: marker rules that make edits predictable."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from typer.testing import CliRunner

from mtfix import registry
from mtfix.edits import Edit
from mtfix.registry import FixContext, Fixer

# Words no real rule touches, so the CLI's behaviour is tested on its own.
FIX_WORD = "Qzxv"
FLAG_WORD = "Wqpk"
WEAK_WORD = "Vbnm"


def _fix_marker(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Test rule: turn the fix marker into 'Fixed'."""
    for m in re.finditer(FIX_WORD, text):
        yield ctx.edit(m.start(), m.end(), "Fixed", "test marker")


def _flag_marker(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Test rule: flag the flag marker."""
    for m in re.finditer(FLAG_WORD, text):
        yield ctx.edit(m.start(), m.end(), "Flagged", "test flag")


def _weak_marker(text: str, ctx: FixContext) -> Iterator[Edit]:
    """Test rule: a 0.6-confidence edit (flagged under the default threshold)."""
    for m in re.finditer(WEAK_WORD, text):
        yield ctx.edit(m.start(), m.end(), "Weak", "test weak", confidence=0.6)


@pytest.fixture
def marker_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    registry.fixers()  # load the built-in rules first
    for rule_id, func, order in (
        ("rules.test_fix_marker", _fix_marker, 1),
        ("rules.test_flag_marker", _flag_marker, 2),
        ("rules.test_weak_marker", _weak_marker, 3),
    ):
        fx = Fixer(
            id=rule_id,
            stage="rules",
            func=func,
            order=order,
            severity="warning",
            description=(func.__doc__ or "").strip(),
            applies=rule_id != "rules.test_flag_marker",  # a rule that only points
        )
        monkeypatch.setitem(registry._REGISTRY, rule_id, fx)


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
