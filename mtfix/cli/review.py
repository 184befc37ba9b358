"""``mtfix review``: one HTML page where an editor accepts or rejects each edit."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from mtfix.cli.common import (
    EXIT_ERROR,
    CandidatesOpt,
    DisableOpt,
    EngineOpt,
    FlagThresholdOpt,
    GlossaryOpt,
    Inputs,
    ModelOpt,
    SourceDirOpt,
    SourceOpt,
    ThresholdOpt,
    app,
    display,
    fail,
    make_config,
    plan,
    read_candidates,
    say,
    write_stdout,
)

if TYPE_CHECKING:
    from mtfix.batch.files import FileOutcome
    from mtfix.result import RepairResult


@app.command()
def review(
    inputs: Inputs,
    output: Annotated[
        str,
        typer.Option(
            "--output", "-o", metavar="FILE", help="The page to write ('-': standard output)."
        ),
    ],
    glossary: GlossaryOpt = None,
    threshold: ThresholdOpt = None,
    flag_threshold: FlagThresholdOpt = None,
    source: SourceOpt = None,
    source_dir: SourceDirOpt = None,
    candidates: CandidatesOpt = None,
    model: ModelOpt = None,
    engine: EngineOpt = None,
    disable: DisableOpt = None,
) -> None:
    """Repair documents into one HTML page where an editor accepts or rejects each edit."""
    from mtfix.batch import RunOptions, run_files
    from mtfix.batch.progress import progress_bar
    from mtfix.io.writing import same_file, write_atomic, write_error
    from mtfix.review import render_html

    config = make_config(glossary, threshold, model, engine, disable, flag_threshold)
    others = read_candidates(candidates, source, inputs, False)
    jobs = plan(inputs, source, source_dir)
    for job in jobs:
        if output != "-" and job.input != "-" and same_file(output, job.input):
            fail(f"refusing to overwrite the input {job.input}")
    results: list[RepairResult] = []
    names: list[str | None] = []
    with progress_bar(len(jobs), "repairing") as advance:

        def collect(outcome: FileOutcome) -> None:
            if outcome.error:
                say("error", outcome.error)
            for w in outcome.warnings:
                say("warning", f"{display(outcome.input)}: {w}")
            if outcome.result is not None:
                results.append(outcome.result)
                names.append(display(outcome.input))
            advance()

        options = RunOptions(config, keep_result=True, candidates=others)
        summary = run_files(jobs, options, on_outcome=collect)
    if not results:
        fail("no document could be repaired; no page written")
    page = render_html(results, names=names, low_confidence=config.sentence_flag_threshold)
    if output == "-":
        write_stdout(page)
    else:
        try:
            write_atomic(output, page)
        except OSError as exc:
            fail(f"cannot write {output}: {write_error(exc)}")
        n_edits = sum(len(r.edits) for r in results)
        say("done", f"{len(results)} document(s), {n_edits} edit(s) to review: {output}")
    raise typer.Exit(EXIT_ERROR if summary.failed else 0)
