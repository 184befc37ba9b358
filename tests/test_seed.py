"""The real damaged article in ../shared/seed, repaired with no source."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import mtfix
from mtfix.edits import apply_edits

SEED_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "seed"
SEEDS = sorted(SEED_DIR.glob("*.txt")) if SEED_DIR.is_dir() else []

pytestmark = pytest.mark.skipif(not SEEDS, reason="../shared/seed is not present")

# What counts as damage, written independently of the fixers.
ENTITY_RESIDUE = re.compile(r"&\s?#?[A-Za-z0-9]+;|&(?:amp|mdash|ndash|rdquo|ldquo|rsquo|lsquo)\b")
LATIN_MIDDLE_DOT = re.compile(r"[A-Za-z]\s*[·・•･]\s*[A-Za-z]")
LOST_SPACE = re.compile(r"[a-z][.,;:!?][A-Z][a-z]|[a-z]{3}[A-Z][a-z]{2}")
QUOTE_DAMAGE = re.compile(r'“[ \t]+\w|\w[.!?,]?[ \t]+”|(?<=\w)(?:"[ \t]*”|”[ \t]*"|””)')
DAMAGE = [
    ENTITY_RESIDUE,
    LATIN_MIDDLE_DOT,
    LOST_SPACE,
    QUOTE_DAMAGE,
    re.compile(r"——|\. \.|[，。：；！？（）]"),
    re.compile(
        r"Tonys|Neuss|Gaochun|Qin Yu|small program|Tencent's Shadow|Tencent Vision|"
        r"Zhangzhou, Hainan"
    ),
]


@pytest.fixture(scope="module", params=SEEDS, ids=lambda p: p.name)
def seed(request: pytest.FixtureRequest) -> tuple[str, mtfix.RepairResult]:
    text = request.param.read_text(encoding="utf-8")
    return text, mtfix.repair(text)


def test_edits_reproduce_output(seed: tuple[str, mtfix.RepairResult]) -> None:
    text, r = seed
    assert apply_edits(text, r.edits) == r.text


def test_idempotent(seed: tuple[str, mtfix.RepairResult]) -> None:
    _, r = seed
    assert mtfix.repair(r.text).text == r.text


def test_no_entity_residue_or_chinese_dashes(seed: tuple[str, mtfix.RepairResult]) -> None:
    _, r = seed
    assert not ENTITY_RESIDUE.findall(r.text)
    assert "——" not in r.text
    assert not LATIN_MIDDLE_DOT.findall(r.text)


def test_names_are_right(seed: tuple[str, mtfix.RepairResult]) -> None:
    text, r = seed
    expected = {
        "John · Rawls": "John Rawls",
        "Bill · Gates": "Bill Gates",
        "Amartya · Sen": "Amartya Sen",
        "Tonys": "Tönnies",
        "Robert · Neuss": "Robert Noyce",
        "Gaochun Capital": "Hillhouse Capital",
    }
    for damaged, fixed in expected.items():
        if damaged in text:
            assert fixed in r.text, fixed
            assert damaged not in r.text, damaged


def test_wrong_province_is_fixed_or_flagged(seed: tuple[str, mtfix.RepairResult]) -> None:
    text, r = seed
    if "Zhangzhou, Hainan" not in text:
        pytest.skip("no wrong province pair in this seed")
    start = text.index("Zhangzhou, Hainan")
    touching = [e for e in r.edits if e.start <= start < e.end or start <= e.start < start + 17]
    assert touching, "Zhangzhou, Hainan was neither fixed nor flagged"


def test_lost_spaces_and_doubled_period(seed: tuple[str, mtfix.RepairResult]) -> None:
    text, r = seed
    lost = [m.group() for m in LOST_SPACE.finditer(text)]
    assert lost, "the seed shows lost spaces"
    assert not [x for x in lost if x in r.text]
    assert not re.search(r"\w\s*\.\s+\.(?!\.)", r.text)


def test_quotation_marks(seed: tuple[str, mtfix.RepairResult]) -> None:
    """Spaces just inside curly quotes, and closing quotes written twice, are gone."""
    text, r = seed
    decoded = re.sub(r"& ?rdquo;?", "”", text)  # how the entities read once fixed
    assert QUOTE_DAMAGE.search(decoded), "the seed shows quote damage"
    assert not QUOTE_DAMAGE.search(r.text), QUOTE_DAMAGE.findall(r.text)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?”])\s+|\n+", text) if s.strip()]


def test_undamaged_sentences_are_untouched(seed: tuple[str, mtfix.RepairResult]) -> None:
    text, r = seed
    clean = [s for s in _sentences(text) if not any(p.search(s) for p in DAMAGE)]
    assert len(clean) > 20
    changed = [s for s in clean if s not in r.text]
    assert not changed, changed[:5]


@pytest.mark.xfail(
    strict=True,
    reason="known failure: the straight quotes on that line do not pair up, so which side "
    "of '\"' lost its space is ambiguous; a strict xfail so that a fix is noticed",
)
def test_known_failure_space_before_an_unpaired_quote(
    seed: tuple[str, mtfix.RepairResult],
) -> None:
    text, r = seed
    if 'life."Digital' not in text:
        pytest.skip("not in this seed")
    assert 'life. "Digital' in r.text
