"""Fixtures for the format tests: a deterministic stand-in for the pipeline."""

from __future__ import annotations

import re

import pytest

from mtfix.edits import Edit, EditLedger
from mtfix.result import RepairResult

# (pattern, replacement, stage, flagged)
RULES: list[tuple[str, str, str, bool]] = [
    (r" · ", " ", "clean", False),
    (r"(?<=[a-z])\.(?=[A-Z])", ". ", "clean", False),
    (r"& rdquo;", "\u201d", "clean", False),
    (r"&rsquo;", "\u2019", "clean", False),
    (r"Robert Neuss", "Robert Noyce", "rules", False),
    (r"Gaochun", "Hillhouse", "rules", True),
    (r"Zhangzhou", "Danzhou", "rules", True),
    (r"The weather is bad\.", "The weather was poor.", "retranslate", False),
]


def fake_repair(text: str, source: str | None = None) -> RepairResult:
    ledger = EditLedger(text)
    for pattern, repl, stage, flag in RULES:
        cur = ledger.text
        edits = [
            Edit(
                m.start(),
                m.end(),
                m.group(0),
                repl,
                stage,
                f"{stage}.test",
                f"test rule {pattern}",
                status="flagged" if flag else "applied",
            )
            for m in re.finditer(pattern, cur)
        ]
        if edits:
            ledger.commit(edits)
    return RepairResult(text, ledger.text, ledger.edits, "test", source=source)


@pytest.fixture
def fake() -> object:
    """The stand-in pipeline: ``fake(text, source) -> RepairResult``."""
    return fake_repair
