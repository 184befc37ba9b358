"""The seed article through the whole pipeline: every rules-stage edit, offsets, idempotence."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtfix import apply_edits, repair

SEED = Path(__file__).resolve().parents[2].parent / "shared" / "seed" / "000_f4709ed333adbb5b.txt"


@pytest.fixture(scope="module")
def seed() -> str:
    if not SEED.exists():
        pytest.skip(f"seed article not found at {SEED}")
    return SEED.read_text(encoding="utf-8")


def test_seed_rules_edits(seed: str) -> None:
    result = repair(seed)
    assert apply_edits(seed, result.edits) == result.text
    rules = [
        (e.rule, e.status, e.after)
        for e in result.edits
        if e.stage == "rules" or any(p.stage == "rules" for p in e.parts)
    ]
    text = result.text
    for name in ("Tönnies", "Robert Noyce", "Hillhouse Capital", "Qin Shuo Friends Circle"):
        assert name in text
    assert "Tonys" not in text and "Neuss" not in text and "Gaochun" not in text
    assert text.count("mini program") == 2 and "small program" not in text
    assert "Tencent's Shadow" not in text and "Tencent Vision" not in text
    assert text.count("Tencent Miying") == 2
    assert ("rules.gazetteer", "flagged", "Danzhou") in rules
    assert "Shantou, Guangdong Province" in text and "Zhangzhou, Hainan" in text


def test_seed_is_idempotent(seed: str) -> None:
    once = repair(seed).text
    again = repair(once)
    assert [e for e in again.edits if e.applied and e.stage == "rules"] == []
