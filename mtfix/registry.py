"""The fixer registry: small named functions that propose edits.

A fixer takes the current text and a :class:`FixContext` and yields edits
made with :meth:`FixContext.edit`.  It never rewrites the string itself.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from mtfix.config import STAGES, RepairConfig
from mtfix.edits import APPLIED, Edit

if TYPE_CHECKING:
    from mtfix.edits import EditLedger
    from mtfix.rules.glossary import Glossary
    from mtfix.source.analysis import SourceAnalysis

Severity = Literal["error", "warning", "info"]
#: Severities, most severe first: ``mtfix check --fail-on`` exits 1 at or above one.
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
T = TypeVar("T")


@dataclass(frozen=True)
class Resource(Generic[T]):
    """Something built once per :class:`~mtfix.Repairer` on first use: a model, an
    encoder, a lexicon.  ``build`` gets the repairer's config and glossary."""

    key: str
    build: Callable[[RepairConfig, Glossary], T]


class Resources:
    """The resources of one repairer; safe to share between threads."""

    def __init__(self, config: RepairConfig, glossary: Glossary) -> None:
        self.config = config
        self.glossary = glossary
        self._built: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, resource: Resource[T]) -> T:
        with self._lock:
            if resource.key not in self._built:
                self._built[resource.key] = resource.build(self.config, self.glossary)
            value: T = self._built[resource.key]
            return value


@dataclass
class FixContext:
    """What a fixer may look at besides the text."""

    config: RepairConfig
    glossary: Glossary
    #: The Chinese original, when given.
    source: str | None = None
    #: What is known of the source: sentences, alignment, trust, entities, confidences.
    #: Set by the pipeline before the source stage runs.
    analysis: SourceAnalysis | None = None
    #: The repairer's shared resources (a private set when the context stands alone).
    resources: Resources | None = None
    #: Messages for the whole document (e.g. "source does not match").
    warnings: list[str] = field(default_factory=list)
    #: Flags not shown: less likely to be right than ``config.flag_threshold``.
    suppressed: list[Edit] = field(default_factory=list)
    #: The ledger of edits so far: maps offsets between original and current text.
    ledger: EditLedger | None = None
    # Set by the pipeline before each fixer runs.
    text: str = ""
    stage: str = ""
    rule: str = ""

    def resource(self, resource: Resource[T]) -> T:
        """A per-repairer resource, built on first use."""
        if self.resources is None:
            self.resources = Resources(self.config, self.glossary)
        return self.resources.get(resource)

    def edit(
        self,
        start: int,
        end: int,
        after: str,
        reason: str,
        *,
        confidence: float = 1.0,
        rule: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> Edit:
        """An edit of ``text[start:end]`` into ``after`` by the running fixer.

        ``confidence`` is how likely the edit is right.  Whether it is applied or only
        flagged is decided in one place, the pipeline's gate: applied when the rule
        applies at all, the edit changes something, and ``confidence`` reaches
        ``RepairConfig.edit_threshold``.
        """
        return Edit(
            start=start,
            end=end,
            before=self.text[start:end],
            after=after,
            stage=self.stage,
            rule=rule or self.rule,
            reason=reason,
            confidence=confidence,
            status=APPLIED,
            data=data or {},
        )


FixerFunc = Callable[[str, FixContext], Iterable[Edit]]


@dataclass(frozen=True)
class Fixer:
    id: str
    stage: str
    func: FixerFunc
    order: int
    severity: Severity
    description: str
    needs_source: bool = False
    #: Whether the rule's findings may be applied; a rule that only points at problems
    #: (a number to check, Chinese left in) says False.
    applies: bool = True


_REGISTRY: dict[str, Fixer] = {}


#: Stages whose rules read the source analysis.
SOURCE_STAGES = ("source", "confidence", "retranslate")


def fixer(
    rule_id: str,
    *,
    stage: str | None = None,
    order: int = 100,
    severity: Severity = "warning",
    needs_source: bool | None = None,
    applies: bool = True,
) -> Callable[[FixerFunc], FixerFunc]:
    """Register a fixer under a stable rule id.  Its docstring is its description.

    The id's first part is the rule's stage (``clean.spacing.quotes`` runs in ``clean``);
    ``stage``, when given, must agree.  Rules of the source stages need a source.
    """
    id_stage = rule_id.split(".", 1)[0]
    if id_stage not in STAGES:
        raise ValueError(f"rule id {rule_id!r} does not start with a stage: {', '.join(STAGES)}")
    if stage is not None and stage != id_stage:
        raise ValueError(f"rule {rule_id!r} is declared in stage {stage!r}; its id says otherwise")
    stage = id_stage
    if needs_source is None:
        needs_source = stage in SOURCE_STAGES

    def register(func: FixerFunc) -> FixerFunc:
        if rule_id in _REGISTRY and _REGISTRY[rule_id].func is not func:
            raise ValueError(f"rule id {rule_id!r} is registered twice")
        doc = (func.__doc__ or "").strip().splitlines()
        _REGISTRY[rule_id] = Fixer(
            id=rule_id,
            stage=stage,
            func=func,
            order=order,
            severity=severity,
            description=doc[0] if doc else rule_id,
            needs_source=needs_source,
            applies=applies,
        )
        return func

    return register


def _load_builtin_fixers() -> None:
    # Importing the stage packages registers their fixers.
    import mtfix.clean
    import mtfix.rules  # noqa: F401


def load_source_fixers() -> None:
    """Register the source-aware stages (imported only when a source is given)."""
    import importlib

    for name in ("mtfix.source", "mtfix.confidence", "mtfix.retranslate"):
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:  # a stage package not installed
            if exc.name != name:
                raise


def fixers(stage: str | None = None) -> list[Fixer]:
    """Registered fixers, in pipeline order."""
    _load_builtin_fixers()
    found = [f for f in _REGISTRY.values() if stage is None or f.stage == stage]
    return sorted(found, key=lambda f: (STAGES.index(f.stage), f.order, f.id))


def severity_of(rule_id: str) -> Severity:
    """A rule's severity; ``warning`` for a rule that is not registered (a test double)."""
    _load_builtin_fixers()
    found = _REGISTRY.get(rule_id)
    return found.severity if found is not None else "warning"


def get(rule_id: str) -> Fixer:
    _load_builtin_fixers()
    return _REGISTRY[rule_id]
