"""Glossaries of known garbles (placeholder until the rule layer lands)."""

from __future__ import annotations

from dataclasses import dataclass, field

from mtfix.config import RepairConfig


@dataclass(frozen=True)
class Glossary:
    entries: tuple[object, ...] = field(default=())


def load_glossary(config: RepairConfig) -> Glossary:
    return Glossary()
