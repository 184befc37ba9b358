"""``mtfix fix``: repair documents into standard output, a file, a folder or in place."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from mtfix.cli.common import (
    EXIT_ERROR,
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
    create_dir,
    display,
    fail,
    make_config,
    plan,
    read_candidates,
    refuse_sources_with_jsonl,
    say,
    stdout_color,
    write_stdout,
)

if TYPE_CHECKING:
    from mtfix.batch.files import BatchSummary, FileOutcome
    from mtfix.batch.manifest import Manifest
    from mtfix.config import RepairConfig
    from mtfix.formats.xliff import NotesIn
    from mtfix.io.pairing import Job
    from mtfix.retranslate.candidates import Candidate


class XliffNotes(StrEnum):
    unit = "unit"
    segment = "segment"


@app.command()
def fix(
    inputs: Inputs,
    output: Annotated[
        str | None,
        typer.Option(
            "--output", "-o", metavar="FILE", help="Write to this file ('-' for standard output)."
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir", metavar="DIR", help="Write each result into this folder.", file_okay=False
        ),
    ] = None,
    in_place: Annotated[
        bool, typer.Option("--in-place", "-i", help="Rewrite the inputs, keeping INPUT.bak.")
    ] = False,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text, json, diff, html, docx, or a format a plugin registers "
            "(default: each document in its own format).",
            show_default=False,
        ),
    ] = None,
    glossary: GlossaryOpt = None,
    threshold: ThresholdOpt = None,
    flag_threshold: FlagThresholdOpt = None,
    verbose: Annotated[
        bool,
        typer.Option("--verbose", help="JSON output also lists the flags not shown (for tuning)."),
    ] = False,
    source: SourceOpt = None,
    source_dir: SourceDirOpt = None,
    candidates: CandidatesOpt = None,
    jsonl: JsonlOpt = False,
    model: ModelOpt = None,
    engine: EngineOpt = None,
    disable: DisableOpt = None,
    n_jobs: Annotated[
        int,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            min=1,
            help="Worker processes for folders/--out-dir and --jsonl (models load once each).",
        ),
    ] = 1,
    manifest: Annotated[
        Path | None,
        typer.Option(
            "--manifest",
            metavar="FILE",
            help="Resume log for folder runs (default: OUT/.mtfix-manifest.jsonl).",
            dir_okay=False,
        ),
    ] = None,
    xliff2_notes: Annotated[
        XliffNotes,
        typer.Option(
            "--xliff2-notes",
            help="Where XLIFF 2 notes go: on the unit (the XLIFF 2.0 schema's place) or in "
            "each segment, where translate-toolkit / Weblate read them ('segment' is not "
            "valid against the XLIFF 2.0 schema).",
        ),
    ] = XliffNotes.unit,
) -> None:
    """Repair documents; output goes to standard output unless -o/--out-dir/--in-place.

    Folders are walked recursively (*.txt and the document formats) and mirrored
    in --out-dir; a re-run skips what its manifest records as done.
    """
    from mtfix.io.output import get_format

    if sum([output is not None, out_dir is not None, in_place]) > 1:
        fail("use only one of -o/--output, --out-dir and --in-place")
    if fmt is not None:
        try:
            get_format(fmt)
        except ValueError as exc:
            fail(str(exc))
    if in_place and fmt not in (None, "text"):
        fail("--in-place rewrites the inputs with repaired text; it takes no --format")
    if in_place and "-" in inputs:
        fail("--in-place cannot rewrite standard input")
    config = make_config(glossary, threshold, model, engine, disable, flag_threshold)
    cores = os.cpu_count() or 1
    if n_jobs > cores and not os.environ.get("MTFIX_ALLOW_MORE_JOBS"):
        say("note", f"--jobs {n_jobs} is more than the {cores} cores; using {cores}")
        n_jobs = cores
    others = read_candidates(candidates, source, inputs, jsonl)

    if jsonl:
        from mtfix.cli.jsonl import run_jsonl

        refuse_sources_with_jsonl(source, source_dir)
        if fmt not in (None, "text") or in_place:
            fail("--jsonl writes JSON Lines; it takes no --format or --in-place")
        failed, interrupted = run_jsonl(inputs, config, jobs=n_jobs, output=output, out_dir=out_dir)
        raise typer.Exit(EXIT_INTERRUPTED if interrupted else EXIT_ERROR if failed else 0)

    folders = [i for i in inputs if i != "-" and Path(i).is_dir()]
    if folders and out_dir is None:
        fail(f"{folders[0]} is a directory: write its repairs with --out-dir DIR")
    jobs = plan(inputs, source, source_dir, out_dir=out_dir, fmt=None if in_place else fmt)
    to_stdout = output in (None, "-") and out_dir is None and not in_place
    if output not in (None, "-"):
        jobs = _to_file(jobs, output)
    if to_stdout:
        _check_stdout(jobs, fmt)
    if out_dir is not None:
        create_dir(out_dir)
    with_manifest = out_dir is not None and bool(folders or n_jobs > 1 or manifest)
    if n_jobs > 1 and out_dir is None:
        say("note", "--jobs is used with --out-dir and --jsonl; repairing in one process")
        n_jobs = 1
    json_list = to_stdout and fmt == "json" and len(jobs) > 1
    log = _manifest(out_dir, manifest) if with_manifest else None
    summary = _run(
        jobs,
        config,
        fmt,
        in_place,
        n_jobs,
        log,
        to_stdout,
        json_list,
        verbose,
        others,
        xliff2_notes=xliff2_notes.value,
    )
    if with_manifest:
        assert out_dir is not None
        _report_batch(summary, fmt, out_dir, manifest)
    elif summary.interrupted:
        say("interrupted", f"{summary.done} file(s) repaired before Ctrl-C")
    elif not to_stdout and not (summary.failed and len(jobs) == 1):
        say(
            "stopped" if summary.stopped else "done",
            f"{summary.done} file(s) read, {summary.fixed} changed, "
            f"{summary.applied_edits} edit(s) applied, "
            f"{summary.flagged_edits} flagged"
            + (f", {summary.failed} failed" if summary.failed else ""),
        )
    if summary.stopped and summary.total > 1:
        resume = "the manifest names only complete outputs, so it resumes" if with_manifest else ""
        say(
            "error",
            f"stopped early: {summary.stopped}; {summary.done} of {summary.total} file(s) "
            f"done. Free some space and run the same command again"
            + (f" ({resume})" if resume else ""),
        )
    if summary.interrupted:
        raise typer.Exit(EXIT_INTERRUPTED)
    raise typer.Exit(EXIT_ERROR if summary.failed or summary.stopped else 0)


def _to_file(jobs: list[Job], output: str) -> list[Job]:
    """The single job, written to ``output`` (never over an input)."""
    from mtfix.io.writing import same_file

    if len(jobs) != 1:
        fail("-o/--output takes one input; use --out-dir for several")
    for path in (jobs[0].input, jobs[0].source):
        if path not in (None, "-") and same_file(output, path):
            fail(f"refusing to overwrite the input {path} (use --in-place to rewrite inputs)")
    return [dataclasses.replace(jobs[0], output=output)]


def _check_stdout(jobs: list[Job], fmt: str | None) -> None:
    """Standard output takes one document, or several as JSON or diffs, and no binary on a tty."""
    import sys

    from mtfix.formats.documents import document_format
    from mtfix.io.output import get_format

    if len(jobs) > 1 and fmt not in ("json", "diff"):
        fail("several inputs need --out-dir or --in-place (or --format json/diff to stdout)")
    if not sys.stdout.isatty():
        return
    for job in jobs:
        kind = document_format(job.input)
        native = fmt is None or fmt == kind.native_output
        if kind.binary if native else get_format(fmt or "text").binary:
            what = "a Word document" if native else f"--format {fmt}"
            fail(f"{display(job.input)}: {what} is binary; write it with -o FILE")


def _run(
    jobs: list[Job],
    config: RepairConfig,
    fmt: str | None,
    in_place: bool,
    n_jobs: int,
    log: Manifest | None,
    to_stdout: bool,
    json_list: bool,
    verbose: bool = False,
    candidates: tuple[Candidate, ...] = (),
    xliff2_notes: NotesIn = "unit",
) -> BatchSummary:
    """Run the jobs through :func:`mtfix.batch.run_files`, showing each outcome as it comes."""
    from mtfix.batch import RunOptions, run_files
    from mtfix.batch.progress import progress_bar

    options = RunOptions(
        config,
        fmt=None if in_place else fmt,
        in_place=in_place,
        keep_result=json_list,
        color=to_stdout and stdout_color(),
        verbose=verbose,
        candidates=candidates,
        xliff2_notes=xliff2_notes,
    )
    emit = _json_list_writer(verbose) if json_list else _payload_writer
    with progress_bar(len(jobs), "repairing") as advance, log or contextlib.nullcontext():

        def show(outcome: FileOutcome) -> None:
            if outcome.error:
                say("error", outcome.error)
            for w in outcome.warnings:
                say("warning", f"{display(outcome.input)}: {w}")
            if to_stdout and outcome.error is None:
                emit(outcome)
            advance()

        summary = run_files(jobs, options, jobs=n_jobs, manifest=log, on_outcome=show)
    if json_list:
        emit(None)
    return summary


def _manifest(out_dir: Path | None, path: Path | None) -> Manifest:
    from mtfix.batch import MANIFEST_NAME, Manifest

    assert out_dir is not None
    where = path or out_dir / MANIFEST_NAME
    try:  # a manifest that cannot be written is an error before any work, not after
        where.parent.mkdir(parents=True, exist_ok=True)
        with where.open("ab"):
            pass
    except OSError as exc:
        fail(f"{where}: cannot write the manifest: {exc.strerror or exc}")
    return Manifest(where)


def _payload_writer(outcome: FileOutcome | None) -> None:
    if outcome is not None and outcome.payload is not None:
        write_stdout(outcome.payload)


def _json_list_writer(verbose: bool) -> Callable[[FileOutcome | None], None]:
    """Several results as one JSON list on standard output, written as they come."""
    state = {"first": True}

    def write(outcome: FileOutcome | None) -> None:
        if outcome is None:  # the end
            write_stdout("[]\n" if state["first"] else "\n]\n")
            return
        if outcome.result is None:
            return
        item = {"input": display(outcome.input), **outcome.result.to_dict(verbose=verbose)}
        body = json.dumps(item, ensure_ascii=False, indent=2)
        write_stdout(("[\n" if state["first"] else ",\n") + body)
        state["first"] = False

    return write


def _report_batch(
    summary: BatchSummary, fmt: str | None, out_dir: Path, manifest: Path | None
) -> None:
    from mtfix.batch import MANIFEST_NAME

    say(
        "interrupted" if summary.interrupted else "stopped" if summary.stopped else "done",
        f"{summary.fixed} fixed, {summary.flagged} flagged, {summary.clean} unchanged, "
        f"{summary.failed} failed, {summary.skipped} skipped (done before) "
        f"of {summary.total} file(s) in {summary.seconds:.1f}s; "
        f"{summary.applied_edits} edit(s) applied, {summary.flagged_edits} flagged",
    )
    if fmt == "json":
        path = manifest or out_dir / MANIFEST_NAME
        report = {"summary": summary.to_dict(), "out_dir": str(out_dir), "manifest": str(path)}
        write_stdout(json.dumps(report, ensure_ascii=False) + "\n")
