"""The repair pipeline: clean → rules → source → confidence → re-translation."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any

from mtfix import registry
from mtfix import windows as text_windows
from mtfix.config import RepairConfig
from mtfix.edits import FLAGGED, Edit, EditLedger, shift_edit
from mtfix.registry import FixContext
from mtfix.result import RepairResult
from mtfix.source.analysis import SourceAnalysis

if TYPE_CHECKING:
    from mtfix.retranslate.candidates import Candidate

#: Stages that need nothing but the text; they run to a fixed point.
LOCAL_STAGES = ("clean", "rules")
MAX_LOCAL_PASSES = 3


class Repairer:
    """A reusable repairer: loads glossaries (and models) once.

    Safe to share between threads: each call gets its own context.
    """

    def __init__(self, config: RepairConfig | None = None) -> None:
        from mtfix.rules.glossary import load_glossary

        self.config = config or RepairConfig()
        self.glossary = load_glossary(self.config)
        self.signature = self.config.signature()
        #: Models, encoders, lexicons: built on first use, shared by every repair.
        self.resources = registry.Resources(self.config, self.glossary)

    def _gate(
        self,
        edits: Iterable[Edit],
        suppressed: list[Edit],
        *,
        applies: bool = True,
    ) -> list[Edit]:
        """The one place that decides applied or flagged: an edit is applied when its rule
        ``applies``, it changes the text and its confidence reaches ``edit_threshold``
        (a confidence of 0 is never applied: the fixer does not recommend it).
        Flags against the source less likely to be right than ``flag_threshold``, and
        sentences flagged for low confidence at or above ``sentence_flag_threshold``, go to
        ``suppressed``."""
        out = []
        for e in edits:
            if e.applied and (
                not applies
                or e.after == e.before
                or e.confidence <= 0.0
                or e.confidence < self.config.edit_threshold
            ):
                e = e.with_status(FLAGGED)
            if not e.applied and self._quiet_sentence(e):
                suppressed.append(e)
                continue
            if not e.applied and e.stage == "source":
                from mtfix.source.calibration import probability

                p = probability(e)
                if p is not None:
                    e = dataclasses.replace(e, data={**e.data, "probability": round(p, 3)})
                # A kind never measured is held to its own confidence instead.
                if (e.confidence if p is None else p) < self.config.flag_threshold:
                    suppressed.append(e)
                    continue
            out.append(e)
        return out

    def _quiet_sentence(self, edit: Edit) -> bool:
        """A sentence left as it is, not low enough to flag (``sentence_flag_threshold``)."""
        conf = edit.data.get("sentence_confidence")
        return isinstance(conf, (int, float)) and conf >= self.config.sentence_flag_threshold

    def _context(self, ledger: EditLedger, source: str | None, warnings: list[str]) -> FixContext:
        return FixContext(
            config=self.config,
            glossary=self.glossary,
            source=source,
            ledger=ledger,
            resources=self.resources,
            warnings=warnings,
        )

    def repair(
        self,
        text: str,
        *,
        source: str | SourceAnalysis | None = None,
        candidates: Sequence[str | Candidate] = (),
    ) -> RepairResult:
        """Repair one document.

        ``source`` is its Chinese original, if known: a string, or a prepared
        :class:`~mtfix.source.analysis.SourceAnalysis` (a known alignment).
        ``candidates`` are other English translations of the source (strings or
        :class:`~mtfix.retranslate.candidates.Candidate`): low-confidence sentences
        may be replaced by theirs (the ``retranslate`` stage); they need a source.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be str, not {type(text).__name__}")
        others: tuple[Candidate, ...] = ()
        if candidates:
            from mtfix.retranslate.candidates import as_candidates

            others = as_candidates(candidates)
        if others and source is None:
            raise ValueError("candidates need the source (they are aligned to it)")
        prepared = None
        if isinstance(source, SourceAnalysis):
            prepared = source.fresh()
            prepared.check_fits(text)
            source = prepared.source
        elif source is not None and not isinstance(source, str):
            raise TypeError(f"source must be str or SourceAnalysis, not {type(source).__name__}")
        ledger = EditLedger(text)
        ctx = self._context(ledger, source, [])
        enabled = [
            fx
            for fx in registry.fixers()
            if fx.stage in self.config.stages and self.config.rule_enabled(fx.id)
        ]
        local = [fx for fx in enabled if fx.stage in LOCAL_STAGES]
        if text_windows.has_long_line(text):
            ledger = ctx.ledger = self._run_local_windows(local, text, ctx)
        else:
            self._run_local(local, ledger, ctx)
        analysis = None
        if source is not None and any(s in self.config.stages for s in registry.SOURCE_STAGES):
            analysis = self._analyse(source, prepared, ledger, ctx, others)
        result = RepairResult(
            original=text,
            text=ledger.text,
            edits=ledger.edits,
            signature=self.signature,
            source=source,
            warnings=ctx.warnings,
            suppressed=ctx.suppressed,
        )
        if analysis is not None:
            result.set_analysis(analysis, ledger)
        return result

    def _analyse(
        self,
        source: str,
        prepared: SourceAnalysis | None,
        ledger: EditLedger,
        ctx: FixContext,
        candidates: Sequence[Candidate] = (),
    ) -> SourceAnalysis:
        """Align the source, then run the source checks, confidence and re-translation."""
        from mtfix.source.analysis import analyse
        from mtfix.zh import prebuild

        prebuild.start()  # a first run's tables, built alongside when a core is free
        registry.load_source_fixers()
        analysis = prepared or analyse(source, ledger, self.resources)
        ctx.analysis = analysis
        if not analysis.trusted:
            ctx.warnings.append(
                "the source does not seem to be the original of this text "
                f"({analysis.mismatch}); source checks are skipped"
            )
            return analysis
        stages = self.config.stages
        enabled = [
            fx
            for fx in registry.fixers()
            if fx.stage in stages and fx.needs_source and self.config.rule_enabled(fx.id)
        ]
        self._run([fx for fx in enabled if fx.stage == "source"], ledger, ctx)
        if "confidence" in stages:
            from mtfix.confidence.scoring import score_sentences

            score_sentences(ctx)
        if candidates and "retranslate" in stages:
            from mtfix.retranslate.candidates import align_candidates

            analysis.candidates, notes = align_candidates(candidates, analysis, self.resources)
            ctx.warnings.extend(notes)
        self._run([fx for fx in enabled if fx.stage == "retranslate"], ledger, ctx)
        return analysis

    def _run_local(self, fixers: list[registry.Fixer], ledger: EditLedger, ctx: FixContext) -> None:
        # One fix can expose another ("Â& rdquo;"): the local stages run again
        # until nothing changes, so a repaired text repairs to itself.
        for _ in range(MAX_LOCAL_PASSES):
            if not self._run(fixers, ledger, ctx):
                break

    def _run_local_windows(
        self, fixers: list[registry.Fixer], text: str, ctx: FixContext
    ) -> EditLedger:
        """The local stages window by window (see :mod:`mtfix.windows`).

        Each window is repaired with :data:`~mtfix.windows.CONTEXT_CHARS` of
        text on either side and keeps the edits that start inside it, so a
        cut never splits what a fixer sees.
        """
        edits: list[Edit] = []
        reach = 0  # the end of the last applied edit kept
        context = text_windows.CONTEXT_CHARS
        for start, end in text_windows.windows(text):
            lo, hi = max(0, start - context), min(len(text), end + context)
            part = EditLedger(text[lo:hi])
            part_ctx = self._context(part, ctx.source, ctx.warnings)
            self._run_local(fixers, part, part_ctx)
            last = end == len(text)
            for e in part.edits:
                e = shift_edit(e, lo)
                if not (start <= e.start < end or (last and e.start == end)):
                    continue  # the neighbouring window's
                if e.applied:
                    if e.start < reach:
                        continue  # overlaps an edit kept from the window before
                    reach = e.end
                edits.append(e)
        return EditLedger.from_edits(text, edits)

    def _run(self, fixers: list[registry.Fixer], ledger: EditLedger, ctx: FixContext) -> bool:
        """Run fixers in order; True when any of them changed the text."""
        changed = False
        for fx in fixers:
            ctx.text, ctx.stage, ctx.rule = ledger.text, fx.stage, fx.id
            proposed = self._gate(fx.func(ledger.text, ctx), ctx.suppressed, applies=fx.applies)
            if proposed:
                before = ledger.text
                ledger.commit(proposed)
                changed = changed or ledger.text != before
        return changed

    def repair_batch(
        self,
        texts: Sequence[str],
        *,
        sources: Sequence[str | SourceAnalysis | None] | None = None,
        candidates: Sequence[Sequence[str | Candidate]] | None = None,
    ) -> list[RepairResult]:
        """Repair a list of texts (and their sources and candidates), in order."""
        srcs: Sequence[str | SourceAnalysis | None] = (
            [None] * len(texts) if sources is None else sources
        )
        cands: Sequence[Sequence[str | Candidate]] = (
            [()] * len(texts) if candidates is None else candidates
        )
        return [
            self._repair_job((text, source, tuple(c)))
            for text, source, c in zip(texts, srcs, cands, strict=True)
        ]

    def _repair_job(
        self, job: tuple[str, str | SourceAnalysis | None, tuple[str | Candidate, ...]]
    ) -> RepairResult:
        text, source, candidates = job
        if candidates:
            return self.repair(text, source=source, candidates=candidates)
        return self.repair(text, source=source)

    def repair_iterable(
        self, records: Iterable[str | tuple[str, str | None] | dict[str, Any]], *, jobs: int = 1
    ) -> Iterator[RepairResult]:
        """Repair texts, ``(text, source)`` pairs or ``{text, source, candidates?}`` dicts.

        Results come in input order.  With ``jobs > 1`` the work runs in worker processes,
        each holding its own :class:`Repairer` (models are loaded once per worker).
        """
        from mtfix.batch.pool import map_ordered

        pairs = (_as_pair(r) for r in records)
        if jobs == 1:
            for job in pairs:
                yield self._repair_job(job)
            return
        # Each worker process builds its own cached repairer (get_repairer).
        yield from map_ordered(
            partial(_repair_pair, self.config),
            pairs,
            jobs=jobs,
            initializer=get_repairer,
            initargs=(self.config,),
        )


#: A record of :meth:`Repairer.repair_iterable`: text, source, candidates.
_Job = tuple[str, "str | None", tuple[str, ...]]


def _as_pair(record: str | tuple[str, str | None] | dict[str, Any]) -> _Job:
    if isinstance(record, str):
        return record, None, ()
    if isinstance(record, dict):
        return record["text"], record.get("source"), tuple(record.get("candidates") or ())
    text, source = record
    return text, source, ()


def _repair_pair(config: RepairConfig, job: _Job) -> RepairResult:
    return get_repairer(config)._repair_job(job)


_default: dict[RepairConfig, Repairer] = {}
_default_lock = threading.Lock()


def get_repairer(config: RepairConfig | None = None) -> Repairer:
    """A cached :class:`Repairer` for a config."""
    config = config or RepairConfig()
    with _default_lock:
        if config not in _default:
            _default[config] = Repairer(config)
        return _default[config]


def repair(
    text: str, *, source: str | None = None, config: RepairConfig | None = None
) -> RepairResult:
    """Repair a machine-translated English text.

    >>> repair("John · Rawls believes").text
    'John Rawls believes'
    """
    return get_repairer(config).repair(text, source=source)
