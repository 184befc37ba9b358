"""How often each kind of source finding is right, measured on the WMT dev data.

``bench/findings.py --calibrate`` judges every finding of every dev system against the
human references and the MQM error spans, and writes, per rule and kind of evidence
(``data["kind"]``, with the name's origin), the share of its flags that point at a real
problem (``data/finding_precision.json``).  A flag carries that share as its probability
of being right (``data["probability"]``); the pipeline shows it only when the probability
reaches ``RepairConfig.flag_threshold`` and keeps the others in ``result.suppressed``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from importlib.resources import files
from typing import Any

from mtfix.edits import Edit


def finding_kind(edit: Edit) -> str:
    """The calibration key of a finding: its kind of evidence and the name's origin."""
    return _kind(edit.data)


def _kind(data: Mapping[str, Any]) -> str:
    kind = str(data.get("kind", ""))
    origin = data.get("origin")
    return f"{kind}/{origin}" if kind and origin else kind


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, Any]]:
    text = files("mtfix.source").joinpath("data/finding_precision.json").read_text("utf-8")
    rules: dict[str, dict[str, Any]] = json.loads(text)["rules"]
    return rules


def probability(edit: Edit) -> float | None:
    """The measured share of findings like ``edit`` that are right, or ``None`` if unmeasured
    (``*`` is the rule's findings that have no kind)."""
    return rule_probability(edit.rule, edit.data)


def rule_probability(rule_id: str, data: Mapping[str, Any]) -> float | None:
    """:func:`probability` of a finding of ``rule_id`` with this ``data``, before it is an edit."""
    rule = _table().get(rule_id)
    if rule is None:
        return None
    found = rule.get(_kind(data) or "*")
    return None if found is None else float(found["precision"])
