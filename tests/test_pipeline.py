"""The pipeline, config, registry and result surface."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

import mtfix
from mtfix import registry
from mtfix.config import RepairConfig
from mtfix.edits import Edit, apply_edits
from mtfix.registry import FixContext


def test_config_is_immutable_and_validated() -> None:
    cfg = RepairConfig()
    with pytest.raises(AttributeError):
        cfg.edit_threshold = 0.1  # type: ignore[misc]
    assert cfg.replace(edit_threshold=0.3).edit_threshold == 0.3
    with pytest.raises(ValueError, match="flag_threshold"):
        RepairConfig(flag_threshold=-0.1)
    with pytest.raises(ValueError, match="threshold"):
        RepairConfig(edit_threshold=2.0)
    with pytest.raises(ValueError, match="unknown stage"):
        RepairConfig(stages=("nope",))


def test_signature_is_reproducible_and_tracks_settings() -> None:
    a, b = RepairConfig(), RepairConfig()
    assert a.signature() == b.signature()
    assert a.signature() != RepairConfig(edit_threshold=0.5).signature()
    assert a.signature().startswith(f"mtfix:{mtfix.__version__}|")


def test_rule_selection_by_prefix() -> None:
    cfg = RepairConfig(disabled_rules=("clean.spacing",))
    assert not cfg.rule_enabled("clean.spacing")
    assert not cfg.rule_enabled("clean.spacing.lost_space")
    assert cfg.rule_enabled("clean.spacingx")
    only = RepairConfig(enabled_rules=("rules",))
    assert only.rule_enabled("rules.glossary") and not only.rule_enabled("clean.ftfy")


@pytest.fixture
def shouty_rule() -> Iterator[str]:
    """A temporary rule that uppercases 'shout' with a chosen confidence."""
    rule_id = "rules.test_shout"

    @registry.fixer(rule_id, stage="rules", order=999)
    def shout(text: str, ctx: FixContext) -> Iterator[Edit]:
        """Test rule."""
        start = text.find("shout")
        if start >= 0:
            yield ctx.edit(start, start + 5, "SHOUT", "test", confidence=0.7)

    yield rule_id
    registry._REGISTRY.pop(rule_id)


def test_low_confidence_edits_are_flagged(shouty_rule: str) -> None:
    cfg = RepairConfig(enabled_rules=(shouty_rule,))
    r = mtfix.Repairer(cfg).repair("we shout here")
    assert r.text == "we shout here"
    (e,) = r.edits
    assert e.status == "flagged" and e.after == "SHOUT" and e.rule == shouty_rule
    r2 = mtfix.Repairer(cfg.replace(edit_threshold=0.5)).repair("we shout here")
    assert r2.text == "we SHOUT here" and r2.edits[0].applied


def test_result_json_and_diff(shouty_rule: str) -> None:
    cfg = RepairConfig(enabled_rules=(shouty_rule,), edit_threshold=0.5)
    r = mtfix.repair("one\nwe shout\nthree\n", config=cfg)
    d = json.loads(r.to_json())
    assert d["text"] == r.text and d["edits"][0]["rule"] == shouty_rule
    assert d["summary"]["applied"] == 1
    assert "-we shout\n+we SHOUT\n" in r.diff()
    assert apply_edits(r.original, [Edit.from_dict(x) for x in d["edits"]]) == r.text


def test_repair_rejects_non_text() -> None:
    with pytest.raises(TypeError):
        mtfix.repair(b"bytes")  # type: ignore[arg-type]


def test_registry_lists_rules_in_order() -> None:
    fx = registry.fixers()
    stages = [f.stage for f in fx]
    from mtfix.config import STAGES

    assert stages == sorted(stages, key=STAGES.index)
    assert len({f.id for f in fx}) == len(fx)
    for f in fx:
        assert f.description


def test_batch_layers_agree() -> None:
    texts = ["a  b", "John · Rawls", ""]
    rep = mtfix.Repairer()
    batch = rep.repair_batch(texts)
    assert [r.text for r in batch] == [rep.repair(t).text for t in texts]
