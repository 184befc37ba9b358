"""The ``mtfix`` command line.

Only typer is imported at start-up; the pipeline, the readers and rich are
imported inside the commands, so ``mtfix --help`` answers at once.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, NoReturn

import typer

if TYPE_CHECKING:
    from mtfix.config import RepairConfig
    from mtfix.io.output import OutputFormat
    from mtfix.io.pairing import Job
    from mtfix.pipeline import Repairer
    from mtfix.result import RepairResult

app = typer.Typer(
    name="mtfix",
    help="Repair machine-translated English (from Chinese), with every edit explained.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
glossary_app = typer.Typer(help="Glossary tools.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(glossary_app, name="glossary")

try:  # ``mtfix models``: list, pull and convert seq2seq models (light to import)
    from mtfix.retranslate.cli import models_app
except ImportError:  # pragma: no cover - a trimmed install without the stage
    pass
else:
    app.add_typer(models_app, name="models")

#: Exit codes: 0 ok; 1 ``check`` found something; 2 bad input or usage.
EXIT_FOUND = 1
EXIT_ERROR = 2
#: Stopped by Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130


class Engine(StrEnum):
    transformers = "transformers"
    ctranslate2 = "ctranslate2"


# -- options shared by fix and check -------------------------------------------
Inputs = Annotated[
    list[str],
    typer.Argument(
        help="Files to repair; '-' reads standard input.", metavar="INPUT", show_default=False
    ),
]
SourceOpt = Annotated[
    Path | None,
    typer.Option(
        "--source", "-s", metavar="FILE", help="The Chinese original of the (single) input."
    ),
]
SourceDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--source-dir",
        metavar="DIR",
        help="Folder of Chinese originals: NAME.en.txt pairs with NAME.zh.txt or NAME.txt.",
        file_okay=False,
    ),
]
JsonlOpt = Annotated[
    bool,
    typer.Option("--jsonl", help='Inputs are JSON Lines records {"id"?, "text", "source"?, ...}.'),
]
GlossaryOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--glossary",
        "-g",
        metavar="FILE",
        help="Extra glossary (CSV, TSV or TOML); repeatable.",
        exists=True,
        dir_okay=False,
    ),
]
ThresholdOpt = Annotated[
    float | None,
    typer.Option(
        "--threshold",
        metavar="X",
        min=0.0,
        max=1.0,
        help="Edits less confident than this are only flagged.",
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        metavar="NAME",
        help="Seq2seq model for re-translation: hub id, short name or folder.",
    ),
]
EngineOpt = Annotated[Engine | None, typer.Option("--engine", help="Inference engine for --model.")]
DisableOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--disable",
        metavar="RULE",
        help="Rule id or prefix to skip (see 'mtfix rules'); repeatable.",
    ),
]


# -- messages ------------------------------------------------------------------
def _say(kind: str, message: str) -> None:
    typer.echo(f"mtfix: {kind}: {message}", err=True)


def _fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    _say("error", message)
    raise typer.Exit(code)


def _write_stdout(data: str | bytes) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``mtfix fix big.txt | head``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(1) from None


def _stdout_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


@contextlib.contextmanager
def _progress(total: int | None, label: str) -> Iterator[Callable[[], None]]:
    """A rich progress bar on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty() or (total is not None and total < 2):
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


# -- configuration -------------------------------------------------------------
def _make_config(
    glossary: list[Path] | None,
    threshold: float | None,
    model: str | None,
    engine: Engine | None,
    disable: list[str] | None,
) -> RepairConfig:
    from mtfix.config import RepairConfig

    changes: dict[str, Any] = {}
    if glossary:
        changes["glossaries"] = tuple(glossary)
    if threshold is not None:
        changes["threshold"] = threshold
    if model:
        changes["model"] = model
    if engine is not None:
        changes["engine"] = engine.value
    if disable:
        changes["disabled_rules"] = tuple(disable)
        _warn_unknown_rules(disable)
    try:
        return RepairConfig(**changes)
    except ValueError as exc:
        _fail(str(exc))


def _warn_unknown_rules(patterns: list[str]) -> None:
    from mtfix import registry

    registry.load_source_fixers()
    ids = [f.id for f in registry.fixers()]
    for p in patterns:
        if not any(i == p or i.startswith(p + ".") for i in ids):
            _say("warning", f"--disable {p}: no rule has this id or prefix (see 'mtfix rules')")


def _make_repairer(config: RepairConfig) -> Repairer:
    from mtfix.pipeline import Repairer

    try:
        return Repairer(config)
    except (OSError, ValueError) as exc:
        hint = " (see 'mtfix glossary check FILE')" if config.glossaries else ""
        _fail(f"cannot load the configuration: {exc}{hint}")


# -- reading one job -----------------------------------------------------------
class _DocumentError(Exception):
    """A document that cannot be repaired; the batch goes on."""


def _display(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _load(job: Job) -> tuple[bytes, str, str | None]:
    """The input's bytes, its text and its source text; warns about empty files."""
    from mtfix.io.reading import InputError, decode_bytes, read_bytes, read_document

    if job.source_error:
        raise _DocumentError(f"{_display(job.input)}: {job.source_error}")
    try:
        raw = read_bytes(job.input)
        text = decode_bytes(raw, _display(job.input)).text
    except InputError as exc:
        raise _DocumentError(str(exc)) from exc
    source = None
    if job.source is not None:
        try:
            source = read_document(job.source).text
        except InputError as exc:
            raise _DocumentError(f"{exc} (the source of {_display(job.input)})") from exc
    if not text:
        _say("warning", f"{_display(job.input)}: empty file, nothing to repair")
    if source is not None and not source.strip():
        _say("warning", f"{_display(job.input)}: source {job.source} is empty; ignoring it")
        source = None
    return raw, text, source


def _markup_repairer(path: str) -> Callable[..., RepairResult] | None:
    """Markdown and HTML inputs: only their prose is repaired, markup is kept byte for byte."""
    from mtfix.formats import INPUT_EXTENSIONS

    kind = INPUT_EXTENSIONS.get(Path(path).suffix.lower()) if path != "-" else None
    if kind == "markdown":
        from mtfix.formats.markdown import repair_markdown

        return repair_markdown
    if kind == "html":
        from mtfix.formats.html import repair_html

        return repair_html
    return None


def _repair(repairer: Repairer, job: Job, text: str, source: str | None) -> RepairResult:
    try:
        markup = _markup_repairer(job.input)
        if markup is not None:

            def run(t: str, s: str | None) -> RepairResult:
                return repairer.repair(t, source=s)

            try:
                result = markup(text, source=source, repair=run)
            except ImportError as exc:
                raise _DocumentError(
                    f"{job.input}: this format needs the 'formats' extra "
                    f"(pip install 'mtfix[formats]'): {exc}"
                ) from exc
        else:
            result = repairer.repair(text, source=source)
    except _DocumentError:
        raise
    except Exception as exc:  # one bad document must not stop the batch
        raise _DocumentError(
            f"{_display(job.input)}: repair failed: {type(exc).__name__}: {exc}"
        ) from exc
    for w in result.warnings:
        _say("warning", f"{_display(job.input)}: {w}")
    return result


def _load_and_repair(repairer: Repairer, job: Job) -> tuple[bytes, RepairResult] | None:
    """The input's bytes and its repair; None (reported) when the document fails."""
    try:
        raw, text, source = _load(job)
        return raw, _repair(repairer, job, text, source)
    except _DocumentError as exc:
        _say("error", str(exc))
        return None


def _note_skipped(skipped: list[str]) -> None:
    for s in skipped:
        _say("note", f"skipping {s}: it is the Chinese source of another input")


def _plan_jobs(
    inputs: list[str], source: Path | None, source_dir: Path | None, *, note_skipped: bool = True
) -> list[Job]:
    """Pair the inputs with their sources; bad pairings are a usage error."""
    from mtfix.io.pairing import plan_jobs

    try:
        jobs, skipped = plan_jobs(
            inputs,
            source=str(source) if source is not None else None,
            source_dir=str(source_dir) if source_dir is not None else None,
        )
    except ValueError as exc:
        _fail(str(exc))
    if note_skipped:
        _note_skipped(skipped)
    return jobs


def _create_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(f"cannot create {folder}: {exc.strerror or exc}")


def _refuse_sources_with_jsonl(source: Path | None, source_dir: Path | None) -> None:
    if source is not None or source_dir is not None:
        _fail('with --jsonl, sources come from each record\'s "source" field')


def _open_input(path: str) -> BinaryIO | None:
    """A binary stream on the input ('-': standard input); None (reported) when unreadable."""
    try:
        return sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as exc:
        _say("error", f"{path}: cannot read ({exc.strerror or exc})")
        return None


# -- mtfix fix -----------------------------------------------------------------
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
        str,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="text, json, diff, or a format a plugin registers.",
        ),
    ] = "text",
    glossary: GlossaryOpt = None,
    threshold: ThresholdOpt = None,
    source: SourceOpt = None,
    source_dir: SourceDirOpt = None,
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
) -> None:
    """Repair documents; output goes to standard output unless -o/--out-dir/--in-place.

    Folders are walked recursively (*.txt and the document formats) and mirrored
    in --out-dir; a re-run skips what its manifest records as done.
    """
    from mtfix.io.output import get_format

    if sum([output is not None, out_dir is not None, in_place]) > 1:
        _fail("use only one of -o/--output, --out-dir and --in-place")
    try:
        out_format = get_format(fmt)
    except ValueError as exc:
        _fail(str(exc))
    if in_place and fmt != "text":
        _fail("--in-place rewrites the inputs with repaired text; it takes no --format")
    if in_place and "-" in inputs:
        _fail("--in-place cannot rewrite standard input")
    config = _make_config(glossary, threshold, model, engine, disable)

    if jsonl:
        _refuse_sources_with_jsonl(source, source_dir)
        if fmt != "text" or in_place:
            _fail("--jsonl writes JSON Lines; it takes no --format or --in-place")
        code = _fix_jsonl(inputs, output, out_dir, _make_repairer(config), n_jobs)
        raise typer.Exit(code)

    from mtfix.batch.files import input_kind

    folders = [i for i in inputs if i != "-" and Path(i).is_dir()]
    if folders and out_dir is None:
        _fail(f"{folders[0]} is a directory: write its repairs with --out-dir DIR")
    # Word and XLIFF files are read and written by their own format (mtfix.formats).
    documents = [i for i in inputs if i != "-" and input_kind(i) in ("docx", "xliff")]
    if out_dir is not None and (folders or n_jobs > 1 or documents):
        code = _fix_batch(inputs, out_dir, fmt, config, n_jobs, source, source_dir, manifest)
        raise typer.Exit(code)
    if documents:
        if in_place:
            _fail(f"--in-place does not rewrite {documents[0]}; use -o FILE or --out-dir")
        if len(inputs) != 1:
            _fail("several inputs with Word or XLIFF files need --out-dir")
        raise typer.Exit(_fix_document(inputs[0], output, fmt, config, source))
    if n_jobs > 1:
        _say("note", "--jobs is used with --out-dir and --jsonl; repairing in one process")

    jobs = _plan_jobs(inputs, source, source_dir)
    writer = _plan_output(jobs, output, out_dir, in_place, out_format)
    repairer = _make_repairer(config)
    failed = 0
    totals = {"applied": 0, "flagged": 0}
    with _progress(len(jobs), "repairing") as advance:
        for index, job in enumerate(jobs):
            repaired = _load_and_repair(repairer, job)
            if repaired is None:
                failed += 1
            else:
                raw, result = repaired
                try:
                    writer(index, job, raw, result)
                except OSError as exc:
                    failed += 1
                    _say("error", f"{_display(job.input)}: cannot write: {exc.strerror or exc}")
                else:
                    totals["applied"] += len(result.applied)
                    totals["flagged"] += len(result.flagged)
            advance()
    writer(-1, None, b"", None)  # lets a stream close (a JSON list's "]")
    to_files = output not in (None, "-") or out_dir is not None or in_place
    if to_files and not (failed and len(jobs) == 1):
        done = len(jobs) - failed
        _say(
            "done",
            f"{done} file(s) repaired, {totals['applied']} edit(s) applied, "
            f"{totals['flagged']} flagged" + (f", {failed} failed" if failed else ""),
        )
    raise typer.Exit(EXIT_ERROR if failed else 0)


_Writer = Callable[[int, "Job | None", bytes, "RepairResult | None"], None]


def _plan_output(
    jobs: list[Job],
    output: str | None,
    out_dir: Path | None,
    in_place: bool,
    out_format: OutputFormat,
) -> _Writer:
    """Check where results go, before anything is repaired; return the writer."""
    from mtfix.io.output import RenderOptions, output_name
    from mtfix.io.writing import replace_with_backup, same_file, write_atomic

    inputs = [j.input for j in jobs if j.input != "-"]

    def refuse_inputs(target: Path) -> None:
        for i in inputs:
            if same_file(target, i):
                _fail(f"refusing to overwrite the input {i} (use --in-place to rewrite inputs)")

    def render(job: Job, result: RepairResult, *, color: bool) -> str | bytes:
        options = RenderOptions(name=_display(job.input), color=color)
        return out_format.writer(result, options)

    if in_place:

        def write_in_place(
            index: int, job: Job | None, raw: bytes, result: RepairResult | None
        ) -> None:
            if job is None or result is None:
                return
            if result.changed:  # untouched files are left alone, without a backup
                replace_with_backup(job.input, raw, result.text)

        return write_in_place

    if out_dir is not None:
        if "-" in [j.input for j in jobs]:
            _fail("standard input has no name to write into --out-dir; use -o")
        targets = [out_dir / output_name(Path(j.input).name, out_format.name) for j in jobs]
        seen: dict[Path, str] = {}
        for job, target in zip(jobs, targets, strict=True):
            if target in seen:
                _fail(f"{job.input} and {seen[target]} would both be written to {target}")
            seen[target] = job.input
        _create_dir(out_dir)
        for target in targets:
            refuse_inputs(target)

        def write_dir(index: int, job: Job | None, raw: bytes, result: RepairResult | None) -> None:
            if job is not None and result is not None:
                write_atomic(targets[index], render(job, result, color=False))

        return write_dir

    if output not in (None, "-"):
        if len(jobs) != 1:
            _fail("-o/--output takes one input; use --out-dir for several")
        target = Path(output)
        refuse_inputs(target)

        def write_file(
            index: int, job: Job | None, raw: bytes, result: RepairResult | None
        ) -> None:
            if job is not None and result is not None:
                write_atomic(target, render(job, result, color=False))

        return write_file

    # Standard output.
    if len(jobs) > 1 and out_format.name == "json":
        return _json_list_writer()
    if len(jobs) > 1 and out_format.name != "diff":
        _fail("several inputs need --out-dir or --in-place (or --format json/diff to stdout)")

    def write_stdout(index: int, job: Job | None, raw: bytes, result: RepairResult | None) -> None:
        if job is not None and result is not None:
            _write_stdout(render(job, result, color=_stdout_color()))

    return write_stdout


def _json_list_writer() -> _Writer:
    """Several results as one JSON list on standard output, written as they come."""
    import json

    state = {"first": True}

    def write(index: int, job: Job | None, raw: bytes, result: RepairResult | None) -> None:
        if job is None:  # the end
            _write_stdout("[]\n" if state["first"] else "\n]\n")
            return
        if result is None:
            return
        item = {"input": _display(job.input), **result.to_dict()}
        body = json.dumps(item, ensure_ascii=False, indent=2)
        _write_stdout(("[\n" if state["first"] else ",\n") + body)
        state["first"] = False

    return write


def _fix_jsonl(
    inputs: list[str],
    output: str | None,
    out_dir: Path | None,
    repairer: Repairer,
    n_jobs: int = 1,
) -> int:
    """Stream JSON Lines files through the repairer; returns the exit code.

    With ``n_jobs > 1`` records are repaired by worker processes, in order and
    in constant memory (a bounded window of records is in flight).
    """
    from mtfix.batch.progress import progress_bar
    from mtfix.batch.records import repair_lines
    from mtfix.io import jsonl
    from mtfix.io.writing import atomic_writer, same_file

    if output not in (None, "-") and len(inputs) != 1:
        _fail("-o/--output takes one input; use --out-dir for several")
    if out_dir is not None and "-" in inputs:
        _fail("standard input has no name to write into --out-dir; use -o")

    failed_records = failed_files = 0
    try:
        with progress_bar(None, "records", unit="records") as advance:
            for path in inputs:
                if out_dir is not None:
                    out_dir.mkdir(parents=True, exist_ok=True)
                    target: Path | None = out_dir / f"{Path(path).stem}.jsonl"
                else:
                    target = Path(output) if output not in (None, "-") else None
                if target is not None and path != "-" and same_file(target, path):
                    _fail(f"refusing to overwrite the input {path}")
                stream = _open_input(path)
                if stream is None:
                    failed_files += 1
                    continue
                with stream, contextlib.ExitStack() as stack:
                    sink = stack.enter_context(atomic_writer(target)) if target else None
                    lines = repair_lines(
                        jsonl.iter_lines(stream),
                        config=repairer.config,
                        jobs=n_jobs,
                        repairer=repairer,
                    )
                    # Closing first stops the workers before a partial output is dropped.
                    stack.callback(getattr(lines, "close", lambda: None))
                    for line, error in lines:
                        if error:
                            failed_records += 1
                            _say("error", f"{_display(path)}: {error}")
                        if sink is not None:
                            sink.write(line)
                        else:
                            _write_stdout(line)
                        advance()
    except KeyboardInterrupt:
        _say("error", "interrupted; unfinished output files were not written")
        return EXIT_INTERRUPTED
    return EXIT_ERROR if failed_records or failed_files else 0


def _fix_document(
    path: str, output: str | None, fmt: str, config: RepairConfig, source: Path | None
) -> int:
    """One Word or XLIFF file to -o FILE or standard output; returns the exit code."""
    from mtfix.batch.files import FileTask, init_in_process, repair_file
    from mtfix.io.pairing import sibling_source
    from mtfix.io.writing import same_file, write_atomic

    to_stdout = output in (None, "-")
    if output is not None and not to_stdout and same_file(output, path):
        _fail(f"refusing to overwrite the input {path} (write the repair elsewhere with -o)")
    if (
        to_stdout
        and fmt in ("text", "docx")
        and path.lower().endswith(".docx")
        and sys.stdout.isatty()
    ):
        _fail(f"{path}: a Word document is binary; write it with -o FILE")
    src = source or sibling_source(path)
    init_in_process(_make_repairer(config), fmt)
    task = FileTask(path, output or "-", str(src) if src else None)
    outcome = repair_file(task, write=False)
    for w in outcome.warnings:
        _say("warning", f"{path}: {w}")
    if outcome.payload is None:
        _say("error", outcome.error or f"{path}: not repaired")
        return EXIT_ERROR
    if to_stdout:
        _write_stdout(outcome.payload)
        return 0
    assert output is not None
    try:
        write_atomic(output, outcome.payload)
    except OSError as exc:
        _fail(f"cannot write {output}: {exc.strerror or exc}")
    _say("done", f"{path}: {outcome.applied} edit(s) applied, {outcome.flagged} flagged")
    return 0


def _fix_batch(
    inputs: list[str],
    out_dir: Path,
    fmt: str,
    config: RepairConfig,
    n_jobs: int,
    source: Path | None,
    source_dir: Path | None,
    manifest_path: Path | None,
) -> int:
    """Folders (mirrored in ``out_dir``) or several processes: :mod:`mtfix.batch`.

    Outputs are written atomically, then logged in a manifest, so an
    interrupted run can be resumed; returns the exit code.
    """
    import json

    from mtfix.batch import MANIFEST_NAME, Manifest, plan_files, run_files
    from mtfix.batch.files import FileOutcome, PlanError
    from mtfix.batch.progress import progress_bar

    if "-" in inputs:
        _fail("standard input has no name to write into --out-dir; use -o")
    if source is not None:
        _fail("--source takes one file; use --source-dir with folders or --jobs")
    try:
        tasks, skipped = plan_files(
            inputs, out_dir, fmt=fmt, source_dir=str(source_dir) if source_dir else None
        )
    except PlanError as exc:
        _fail(str(exc))
    _note_skipped(skipped)
    _create_dir(out_dir)
    repairer = _make_repairer(config)  # a bad glossary fails here, before any worker starts
    log = Manifest(manifest_path or out_dir / MANIFEST_NAME)

    with progress_bar(len(tasks), "repairing") as advance:

        def show(outcome: FileOutcome) -> None:
            if outcome.error:
                _say("error", outcome.error)
            for w in outcome.warnings:
                _say("warning", f"{outcome.input}: {w}")
            advance()

        with log:
            summary = run_files(
                tasks,
                config=config,
                fmt=fmt,
                jobs=n_jobs,
                manifest=log,
                on_outcome=show,
                repairer=repairer,
            )
    _say(
        "interrupted" if summary.interrupted else "done",
        f"{summary.fixed} fixed, {summary.flagged} flagged, {summary.clean} unchanged, "
        f"{summary.failed} failed, {summary.skipped} skipped (done before) "
        f"of {summary.total} file(s) in {summary.seconds:.1f}s; "
        f"{summary.applied_edits} edit(s) applied, {summary.flagged_edits} flagged",
    )
    if fmt == "json":
        report = {"summary": summary.to_dict(), "out_dir": str(out_dir), "manifest": str(log.path)}
        _write_stdout(json.dumps(report, ensure_ascii=False) + "\n")
    if summary.interrupted:
        return EXIT_INTERRUPTED
    return EXIT_ERROR if summary.failed else 0


# -- mtfix check ---------------------------------------------------------------
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
    """Report what fix would change or flag; exit 1 if anything, 0 if clean, 2 on bad input."""
    config = _make_config(glossary, threshold, model, engine, disable)
    repairer = _make_repairer(config)
    found = errors = 0
    if jsonl:
        _refuse_sources_with_jsonl(source, source_dir)
        found, errors = _check_jsonl(inputs, repairer)
    else:
        jobs = _plan_jobs(inputs, source, source_dir, note_skipped=False)
        with _progress(len(jobs), "checking") as advance:
            for job in jobs:
                repaired = _load_and_repair(repairer, job)
                if repaired is None:
                    errors += 1
                else:
                    found += _report(_display(job.input), repaired[1])
                advance()
    if found:
        _say("check", f"{found} problem(s) found")
    raise typer.Exit(EXIT_ERROR if errors else EXIT_FOUND if found else 0)


def _check_jsonl(inputs: list[str], repairer: Repairer) -> tuple[int, int]:
    from mtfix.io import jsonl

    found = errors = 0

    def repair(text: str, source: str | None) -> RepairResult:
        return repairer.repair(text, source=source)

    for path in inputs:
        stream = _open_input(path)
        if stream is None:
            errors += 1
            continue
        with stream:
            for rec in jsonl.process(jsonl.iter_lines(stream), repair):
                if rec.error or rec.result is None:
                    errors += 1
                    _say("error", f"{_display(path)}: {rec.error}")
                    continue
                rid = rec.record.get("id")
                where = f"{_display(path)}:{rec.line}" + (f"[{rid}]" if rid is not None else "")
                found += _report(where, rec.result, positions=False)
    return found, errors


def _report(where: str, result: RepairResult, *, positions: bool = True) -> int:
    """Print one line per edit, compiler style; returns how many."""
    import bisect

    line_starts = [0] + [i + 1 for i, c in enumerate(result.original) if c == "\n"]
    for e in result.edits:
        loc = where
        if positions:
            line = bisect.bisect_right(line_starts, e.start)
            loc = f"{where}:{line}:{e.start - line_starts[line - 1] + 1}"
        mark = "fix " if e.applied else "flag"
        change = repr(e.before) if e.before == e.after else f"{e.before!r} -> {e.after!r}"
        typer.echo(f"{loc}: {mark} {e.rule}: {change} ({e.reason})")
    return len(result.edits)


# -- mtfix review / mtfix apply --------------------------------------------------
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
    source: SourceOpt = None,
    source_dir: SourceDirOpt = None,
    model: ModelOpt = None,
    engine: EngineOpt = None,
    disable: DisableOpt = None,
) -> None:
    """Repair documents into one HTML page where an editor accepts or rejects each edit."""
    from mtfix.io.writing import same_file, write_atomic
    from mtfix.review import render_html

    config = _make_config(glossary, threshold, model, engine, disable)
    jobs = _plan_jobs(inputs, source, source_dir)
    for job in jobs:
        if output != "-" and job.input != "-" and same_file(output, job.input):
            _fail(f"refusing to overwrite the input {job.input}")
    repairer = _make_repairer(config)
    results: list[RepairResult] = []
    names: list[str | None] = []
    failed = 0
    with _progress(len(jobs), "repairing") as advance:
        for job in jobs:
            repaired = _load_and_repair(repairer, job)
            if repaired is None:
                failed += 1
            else:
                results.append(repaired[1])
                names.append(_display(job.input))
            advance()
    if not results:
        _fail("no document could be repaired; no page written")
    page = render_html(results, names=names, low_confidence=config.confidence_threshold)
    if output == "-":
        _write_stdout(page)
    else:
        try:
            write_atomic(output, page)
        except OSError as exc:
            _fail(f"cannot write {output}: {exc.strerror or exc}")
        n_edits = sum(len(r.edits) for r in results)
        _say("done", f"{len(results)} document(s), {n_edits} edit(s) to review: {output}")
    raise typer.Exit(EXIT_ERROR if failed else 0)


@app.command("apply")
def apply_(
    decisions: Annotated[
        str,
        typer.Argument(
            metavar="DECISIONS.json",
            help="Decisions exported from a review page; '-' reads standard input.",
            show_default=False,
        ),
    ],
    output: Annotated[
        str | None,
        typer.Option("--output", "-o", metavar="FILE", help="Write the final text to this file."),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            metavar="DIR",
            help="For several documents: write each into this folder under its name.",
            file_okay=False,
        ),
    ] = None,
) -> None:
    """Apply an editor's decisions: the final text, exactly as the review page made it."""
    from mtfix.io.writing import write_atomic
    from mtfix.review import DecisionsError, apply_decisions_all

    if output is not None and out_dir is not None:
        _fail("use only one of -o/--output and --out-dir")
    try:
        raw = sys.stdin.buffer.read() if decisions == "-" else Path(decisions).read_bytes()
        docs = apply_decisions_all(raw.decode("utf-8-sig"))
    except OSError as exc:
        _fail(f"{decisions}: cannot read ({exc.strerror or exc})")
    except (UnicodeDecodeError, DecisionsError) as exc:
        _fail(f"{_display(decisions)}: {exc}")
    if out_dir is None:
        if len(docs) != 1:
            _fail(f"{decisions} holds {len(docs)} documents; use --out-dir")
        if output in (None, "-"):
            _write_stdout(docs[0].text)
            return
        targets = [Path(output)]
    else:
        targets = []
        for k, doc in enumerate(docs, 1):
            name = Path(doc.name or "").name
            if not name or name.startswith("<") or name in (".", ".."):
                name = f"document-{k}.txt"
            targets.append(out_dir / name)
        if len(set(targets)) != len(targets):
            _fail("two documents have the same name; write them one by one with -o")
        out_dir.mkdir(parents=True, exist_ok=True)
    for target, doc in zip(targets, docs, strict=True):
        try:
            write_atomic(target, doc.text)
        except OSError as exc:
            _fail(f"cannot write {target}: {exc.strerror or exc}")
        _say("done", f"{target}: {doc.accepted} edit(s) accepted, {doc.rejected} rejected")


# -- mtfix rules ---------------------------------------------------------------
@app.command()
def rules(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the registered rules (ids for --disable)."""
    from mtfix import registry

    registry.load_source_fixers()
    fixers = registry.fixers()
    rows = [
        {
            "id": f.id,
            "stage": f.stage,
            "severity": f.severity,
            "needs_source": f.needs_source,
            "description": f.description,
        }
        for f in fixers
    ]
    if as_json:
        import json

        _write_stdout(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return
    if not rows:
        typer.echo("no rules are registered")
        return
    width = {k: max(len(k), *(len(str(r[k])) for r in rows)) for k in ("id", "stage", "severity")}
    for r in rows:
        note = " (needs a source)" if r["needs_source"] else ""
        typer.echo(
            f"{r['id']:<{width['id']}}  {r['stage']:<{width['stage']}}  "
            f"{r['severity']:<{width['severity']}}  {r['description']}{note}"
        )


# -- mtfix glossary check ------------------------------------------------------
@glossary_app.command("check")
def glossary_check(
    file: Annotated[Path, typer.Argument(help="Glossary file to validate.", show_default=False)],
) -> None:
    """Validate a glossary file: print its problems by line; exit 1 on errors."""
    from mtfix.rules import glossary

    validate = getattr(glossary, "validate_glossary", None)
    if validate is None:
        _fail("glossary validation is not available in this version")
    if not file.is_file():
        _fail(f"{file}: no such file")
    try:
        issues = list(validate(file))
    except (OSError, ValueError) as exc:
        _fail(f"{file}: {exc}")
    errors = 0
    for issue in issues:
        severity = getattr(issue, "severity", "error")
        errors += severity == "error"
        line = getattr(issue, "line", None)
        message = getattr(issue, "message", None) or str(issue)
        where = f"{file}:{line}" if line else str(file)
        typer.echo(f"{where}: {severity}: {message}")
    if errors:
        raise typer.Exit(EXIT_FOUND)
    warnings = len(issues) - errors
    typer.echo(f"{file}: ok" + (f" ({warnings} warning(s))" if warnings else ""))


# -- mtfix --version -----------------------------------------------------------
def _version(value: bool) -> None:
    if value:
        from mtfix import __version__

        typer.echo(f"mtfix {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Repair machine-translated English (from Chinese), with every edit explained."""
    from mtfix.io.reading import InputError, max_document_bytes

    try:
        max_document_bytes()  # a bad MTFIX_MAX_DOCUMENT_MB is an error before any work
    except InputError as exc:
        _fail(str(exc))
