"""``mtfix check``: list what ``fix`` would change or flag, compiler style."""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING

import typer

from mtfix.cli.common import (
    EXIT_ERROR,
    EXIT_FOUND,
    EXIT_INTERRUPTED,
    DisableOpt,
    EngineOpt,
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
    refuse_sources_with_jsonl,
    say,
)

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
    source: SourceOpt = None,
    source_dir: SourceDirOpt = None,
    jsonl: JsonlOpt = False,
    model: ModelOpt = None,
    engine: EngineOpt = None,
    disable: DisableOpt = None,
) -> None:
    """Report what fix would change or flag; exit 1 if anything, 0 if clean, 2 on bad input.

    Folders are walked recursively; Word, XLIFF, Markdown and HTML files are
    read as such (only their prose is checked).
    """
    config = make_config(glossary, threshold, model, engine, disable)
    found = 0
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

            summary = run_files(jobs, RunOptions(config, keep_result=True), on_outcome=show)
        errors, interrupted = summary.failed, summary.interrupted
    if found:
        say("check", f"{found} problem(s) found")
    if interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_ERROR if errors else EXIT_FOUND if found else 0)


def report(where: str, result: RepairResult, positions: Positions | None) -> int:
    """Print one line per edit, compiler style; returns how many.

    ``positions``: ``line`` (``FILE:LINE:COL``), ``paragraph`` (``FILE:PARA:COL``,
    the paragraph of a Word or XLIFF file's prose) or ``None`` (no position).
    """
    starts = _starts(result.original, positions) if positions else []
    for e in result.edits:
        loc = where
        if positions:
            n = max(1, bisect.bisect_right(starts, e.start))
            loc = f"{where}:{n}:{e.start - starts[n - 1] + 1}"
        mark = "fix " if e.applied else "flag"
        change = repr(e.before) if e.before == e.after else f"{e.before!r} -> {e.after!r}"
        typer.echo(f"{loc}: {mark} {e.rule}: {change} ({e.reason})")
    return len(result.edits)


def _starts(text: str, positions: Positions) -> list[int]:
    """Where each line (or paragraph) of ``text`` starts."""
    if positions == "paragraph":
        from mtfix.document import split_paragraphs

        return [0] + [p.start for p in split_paragraphs(text) if p.start > 0]
    return [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]
