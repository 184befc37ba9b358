"""``mtfix check``: list what ``fix`` would change or flag, compiler style."""

from __future__ import annotations

import bisect
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import typer

from mtfix.cli.common import (
    EXIT_ERROR,
    EXIT_FOUND,
    EXIT_INTERRUPTED,
    CandidatesOpt,
    DisableOpt,
    EngineOpt,
    FlagThresholdOpt,
    GlossaryOpt,
    Inputs,
    JsonlOpt,
    ModelOpt,
    SourceDirOpt,
    SourceOpt,
    ThresholdOpt,
    app,
    display,
    make_config,
    plan,
    read_candidates,
    refuse_sources_with_jsonl,
    say,
)
from mtfix.registry import SEVERITIES, Severity


class FailOn(StrEnum):
    error = "error"
    warning = "warning"
    info = "info"


if TYPE_CHECKING:
    from mtfix.batch.files import FileOutcome
    from mtfix.formats.documents import Positions
    from mtfix.io.jsonl import JsonlRecord
    from mtfix.result import RepairResult


@app.command()
def check(
    inputs: Inputs,
    glossary: GlossaryOpt = None,
    threshold: ThresholdOpt = None,
    flag_threshold: FlagThresholdOpt = None,
    source: SourceOpt = None,
    source_dir: SourceDirOpt = None,
    candidates: CandidatesOpt = None,
    jsonl: JsonlOpt = False,
    model: ModelOpt = None,
    engine: EngineOpt = None,
    disable: DisableOpt = None,
    fail_on: Annotated[
        FailOn,
        typer.Option(
            "--fail-on",
            help="exit 1 when a finding is at least this severe",
        ),
    ] = FailOn.warning,
) -> None:
    """Report what fix would change or flag, with each rule's severity.

    Exit 1 if a finding is at least as severe as --fail-on (default: warning),
    0 otherwise, 2 on bad input.  Folders are walked recursively; Word, XLIFF,
    Markdown and HTML files are read as such (only their prose is checked).
    """
    config = make_config(glossary, threshold, model, engine, disable, flag_threshold)
    others = read_candidates(candidates, source, inputs, jsonl)
    found = 0
    failing = 0
    bar = SEVERITIES.index(fail_on.value)

    def report(where: str, result: RepairResult, positions: Positions | None) -> int:
        nonlocal failing
        severities = report_edits(where, result, positions)
        failing += sum(1 for sev in severities if SEVERITIES.index(sev) <= bar)
        return len(severities)

    if jsonl:
        from mtfix.cli.jsonl import run_jsonl

        refuse_sources_with_jsonl(source, source_dir)

        def report_record(path: str, rec: JsonlRecord) -> None:
            nonlocal found
            if rec.result is not None:
                rid = rec.record.get("id")
                where = f"{display(path)}:{rec.line}" + (f"[{rid}]" if rid is not None else "")
                found += report(where, rec.result, None)

        errors, interrupted = run_jsonl(inputs, config, write=False, on_record=report_record)
    else:
        from mtfix.batch import RunOptions, run_files
        from mtfix.batch.progress import progress_bar
        from mtfix.formats.documents import document_format

        jobs = plan(inputs, source, source_dir, note_skipped=False)
        with progress_bar(len(jobs), "checking") as advance:

            def show(outcome: FileOutcome) -> None:
                nonlocal found
                if outcome.error:
                    say("error", outcome.error)
                for w in outcome.warnings:
                    say("warning", f"{display(outcome.input)}: {w}")
                if outcome.result is not None:
                    positions = document_format(outcome.input).positions
                    found += report(display(outcome.input), outcome.result, positions)
                advance()

            summary = run_files(
                jobs, RunOptions(config, keep_result=True, candidates=others), on_outcome=show
            )
        errors, interrupted = summary.failed, summary.interrupted
    if found:
        say("check", f"{found} problem(s) found, {failing} at or above {fail_on.value}")
    if interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_ERROR if errors else EXIT_FOUND if failing else 0)


def report_edits(
    where: str, result: RepairResult, positions: Positions | None
) -> list[Severity]:
    """Print one line per edit, compiler style; returns their rules' severities.

    ``positions``: ``line`` (``FILE:LINE:COL``), ``paragraph`` (``FILE:PARA:COL``,
    the paragraph of a Word or XLIFF file's prose) or ``None`` (no position).
    """
    from mtfix import registry

    starts = _starts(result.original, positions) if positions else []
    severities: list[Severity] = []
    for e in result.edits:
        loc = where
        if positions:
            n = max(1, bisect.bisect_right(starts, e.start))
            loc = f"{where}:{n}:{e.start - starts[n - 1] + 1}"
        mark = "fix " if e.applied else "flag"
        severity = registry.severity_of(e.rule)
        severities.append(severity)
        change = repr(e.before) if e.before == e.after else f"{e.before!r} -> {e.after!r}"
        typer.echo(f"{loc}: {mark} {severity:<7} {e.rule}: {change} ({e.reason})")
    return severities


def _starts(text: str, positions: Positions) -> list[int]:
    """Where each line (or paragraph) of ``text`` starts."""
    if positions == "paragraph":
        from mtfix.document import split_paragraphs

        return [0] + [p.start for p in split_paragraphs(text) if p.start > 0]
    return [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
