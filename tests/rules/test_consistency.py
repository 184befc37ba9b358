"""In-article consistency: variant groups are unified."""

from __future__ import annotations

from pathlib import Path

from mtfix import RepairConfig, apply_edits, repair

RULES_ONLY = RepairConfig(stages=("rules",))
MEDICAL = "It is an AI medical imaging product for early screening."


def run(text: str, config: RepairConfig = RULES_ONLY) -> str:
    result = repair(text, config=config)
    assert apply_edits(text, result.edits) == result.text
    return result.text


def test_two_renderings_are_unified_and_quotes_kept() -> None:
    text = f"“Tencent's Shadow” — {MEDICAL} As of July, “Tencent Vision” read 100 million images."
    result = repair(text, config=RULES_ONLY)
    assert result.text == (
        f"“Tencent Miying” — {MEDICAL} As of July, “Tencent Miying” read 100 million images."
    )
    edits = [e for e in result.edits if e.rule == "rules.consistency"]
    assert len(edits) == 2 and all(e.status == "applied" for e in edits)
    assert "rendered 2 ways" in edits[0].reason and "腾讯觅影" in edits[0].reason


def test_curly_apostrophe_variant() -> None:
    text = f"Tencent’s Shadow and Tencent Vision. {MEDICAL}"
    assert run(text) == f"Tencent Miying and Tencent Miying. {MEDICAL}"


def test_variant_beside_canonical_is_unified() -> None:
    text = f"Tencent Miying, also called Tencent Vision. {MEDICAL}"
    assert run(text) == f"Tencent Miying, also called Tencent Miying. {MEDICAL}"


def test_single_variant_is_left_alone() -> None:
    text = f"“Tencent Vision” read 100 million images. {MEDICAL} Tencent Vision again."
    assert run(text) == text


def test_without_context_nothing_is_unified() -> None:
    text = "Tencent's Shadow and Tencent Vision were two slogans of the marketing team."
    assert run(text) == text


def test_user_group_and_single_entries(tmp_path: Path) -> None:
    path = tmp_path / "g.toml"
    path.write_text(
        "[[entry]]\n"
        'pattern = ["Alpha Star", "Alpha Stars"]\n'
        'replacement = "AlphaStar"\n'
        'group = "alphastar"\n'
        "single = false\n"
        'note = "one product"\n\n'
        "[[entry]]\n"
        'pattern = "Alfa Star"\n'
        'replacement = "AlphaStar"\n'
        'group = "alphastar"\n'
        'note = "a known garble on its own"\n',
        encoding="utf-8",
    )
    config = RULES_ONLY.replace(glossaries=(path,))
    assert run("Alpha Star won.", config) == "Alpha Star won."
    assert run("Alfa Star won.", config) == "AlphaStar won."
    assert run("Alpha Star won; Alpha Stars lost.", config) == "AlphaStar won; AlphaStar lost."
