"""What a repair returns."""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mtfix.document import Sentence, Span, split_sentences
from mtfix.edits import Edit, apply_edits, output_span

if TYPE_CHECKING:
    from mtfix.edits import EditLedger
    from mtfix.source.analysis import SourceAnalysis


@dataclass
class RepairResult:
    """The repaired text and every edit that explains it.

    ``apply_edits(result.original, result.edits) == result.text`` always holds.
    """

    original: str
    text: str
    edits: list[Edit]
    signature: str
    source: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: Set when a source was given: sentences of ``text`` and of ``source``.
    _sentences: list[Sentence] | None = None
    source_sentences: list[Span] = field(default_factory=list)
    #: ``(zh_sentence_ids, en_sentence_ids)`` links, when a source was given.
    alignment: list[tuple[tuple[int, ...], tuple[int, ...]]] = field(default_factory=list)
    #: Flags against the source not shown: measured to be right less often than
    #: ``RepairConfig.flag_threshold`` (for tuning; ``to_dict(verbose=True)`` lists them).
    suppressed: list[Edit] = field(default_factory=list)
    #: What the repair knew of the source (``None`` without one).
    analysis: SourceAnalysis | None = field(default=None, repr=False)

    def set_analysis(self, analysis: SourceAnalysis, ledger: EditLedger) -> None:
        """Fill the sentences, their confidences and the alignment from the analysis."""
        from mtfix.confidence.scoring import sentence_confidences

        self.analysis = analysis
        self.source_sentences = list(analysis.zh_sentences)
        self.alignment = list(analysis.alignment)
        sentences = analysis.final_sentences(ledger)
        for sentence_id, (value, signals) in sentence_confidences(analysis, self.edits).items():
            sentences[sentence_id].confidence = value
            sentences[sentence_id].signals = signals
        self._sentences = sentences

    @property
    def sentences(self) -> list[Sentence]:
        """Sentences of the repaired text (offsets index ``text``)."""
        if self._sentences is None:
            self._sentences = split_sentences(self.text)
        return self._sentences

    @property
    def applied(self) -> list[Edit]:
        return [e for e in self.edits if e.applied]

    @property
    def flagged(self) -> list[Edit]:
        return [e for e in self.edits if not e.applied]

    @property
    def changed(self) -> bool:
        return self.text != self.original

    @property
    def retranslated(self) -> list[Edit]:
        """Whole sentences replaced by a re-translation, for editors to see first."""
        return [e for e in self.edits if e.stage == "retranslate" and e.applied]

    @property
    def low_confidence(self) -> list[Edit]:
        """Sentences flagged for low confidence against the source (not replaced)."""
        return [e for e in self.edits if e.stage == "retranslate" and not e.applied]

    def output_span(self, edit: Edit) -> tuple[int, int]:
        """Where an edit lands in ``text``."""
        return output_span(self.edits, edit)

    def check(self) -> None:
        """Raise if the edits do not reproduce the text."""
        if apply_edits(self.original, self.edits) != self.text:
            raise AssertionError("edits do not reproduce the repaired text")

    def summary(self) -> dict[str, Any]:
        by_rule: dict[str, int] = {}
        for e in self.edits:
            by_rule[e.rule] = by_rule.get(e.rule, 0) + 1
        return {
            "applied": len(self.applied),
            "flagged": len(self.flagged),
            "retranslated": len(self.retranslated),
            "low_confidence": len(self.low_confidence),
            "rules": dict(sorted(by_rule.items())),
        }

    def to_dict(self, *, include_text: bool = True, verbose: bool = False) -> dict[str, Any]:
        d: dict[str, Any] = {"signature": self.signature}
        if include_text:
            d["text"] = self.text
        d["summary"] = self.summary()
        d["edits"] = [e.to_dict() for e in self.edits]
        if self.retranslated:
            d["retranslated"] = [e.to_dict() for e in self.retranslated]
        if self.warnings:
            d["warnings"] = list(self.warnings)
        if verbose:
            d["suppressed"] = [e.to_dict() for e in self.suppressed]
        if self.source is not None:
            d["sentences"] = [s.to_dict() for s in self.sentences]
            d["source_sentences"] = [
                {"id": i, "start": s.start, "end": s.end, "text": s.text}
                for i, s in enumerate(self.source_sentences)
            ]
            d["alignment"] = [[list(zh), list(en)] for zh, en in self.alignment]
        return d

    def to_json(
        self, *, indent: int | None = 2, include_text: bool = True, verbose: bool = False
    ) -> str:
        return json.dumps(
            self.to_dict(include_text=include_text, verbose=verbose),
            ensure_ascii=False,
            indent=indent,
        )

    def diff(
        self, *, context: int = 1, fromfile: str = "original", tofile: str = "repaired"
    ) -> str:
        """A unified, line-based diff of the original and the repaired text."""
        lines = difflib.unified_diff(
            self.original.splitlines(keepends=True),
            self.text.splitlines(keepends=True),
            fromfile=fromfile,
            tofile=tofile,
            n=context,
        )
        return "".join(line if line.endswith("\n") else line + "\n" for line in lines)

    def explain(self) -> str:
        """One line per edit: what changed, where, and why."""
        out = []
        for e in self.edits:
            mark = "fixed" if e.applied else "FLAG "
            out.append(
                f"{mark} {e.start}:{e.end} {e.rule}: {e.before!r} -> {e.after!r} ({e.reason})"
            )
        return "\n".join(out)
