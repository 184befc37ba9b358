"""The one path of a document: read, pair, repair, render, write; one or many, resumably.

:func:`run_job` takes a :class:`~mtfix.io.pairing.Job` through every step,
for a single file, a folder run (``--out-dir``, ``--in-place``), ``check``,
``review`` and a pool worker alike: it reads the input and its source once,
repairs the prose through the document's format
(:mod:`mtfix.formats.documents`), renders the result and writes it
atomically.  It never raises for bad input: a failure is an outcome.

:func:`run_files` runs jobs over ``jobs`` worker processes (workers ignore
Ctrl-C, so a write always completes).  With a manifest, workers write
without waiting on the disk and the parent makes each output durable before
it appends the manifest line, so an interrupted run leaves only complete
outputs and a manifest that names a subset of them.  A worker skips a job
whose input, source and config hash to the key the manifest last recorded
for its (intact) output: each file is read once, by the worker.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtfix.batch.manifest import Manifest, content_key
from mtfix.batch.pool import map_ordered
from mtfix.config import RepairConfig
from mtfix.io.pairing import Job

if TYPE_CHECKING:
    from mtfix.formats.documents import DocumentFormat, RepairedDocument
    from mtfix.formats.xliff import NotesIn
    from mtfix.result import RepairResult
    from mtfix.retranslate.candidates import Candidate

FIXED, FLAGGED, CLEAN, FAILED, SKIPPED = "fixed", "flagged", "clean", "failed", "skipped"


@dataclass(frozen=True)
class RunOptions:
    """How every job of a run is repaired and written."""

    config: RepairConfig = field(default_factory=RepairConfig)
    #: The output format (``--format``); ``None``: each document in its own format.
    fmt: str | None = None
    #: Rewrite each input (keeping ``INPUT.bak``) when its repair changes it.
    in_place: bool = False
    #: Flush each output to the disk before renaming it; :func:`run_files` turns
    #: this off with a manifest (the parent makes outputs durable before logging).
    durable: bool = True
    #: Keep the repair in :attr:`FileOutcome.result` (in-process runs: check, review).
    keep_result: bool = False
    #: Colours for a terminal (rendered diffs).
    color: bool = False
    #: JSON output also lists the flags not shown (``--verbose``).
    verbose: bool = False
    #: Other translations of the source (``fix --candidates``), for a job with a source.
    candidates: tuple[Candidate, ...] = ()
    #: Where the notes of an XLIFF 2.x file go (``fix --xliff2-notes``): on the
    #: unit (the schema's place) or in each segment (translate-toolkit, Weblate).
    xliff2_notes: NotesIn = "unit"


@dataclass
class FileOutcome:
    """What happened to one document."""

    input: str
    output: str | None
    status: str
    #: The rendered repair, when it was not written to a file (standard output).
    payload: bytes | None = None
    #: The content key (input and source bytes, config, output kind), for the manifest.
    key: str = ""
    #: Bytes written to ``output``, or ``None``.
    written: int | None = None
    applied: int = 0
    flagged: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: The repair itself, with :attr:`RunOptions.keep_result`.
    result: RepairResult | None = None
    #: A write failed because the disk is full: the run stops.
    disk_full: bool = False


@dataclass
class BatchSummary:
    """Counts for a whole run."""

    total: int = 0
    fixed: int = 0
    flagged: int = 0
    clean: int = 0
    failed: int = 0
    skipped: int = 0
    applied_edits: int = 0
    flagged_edits: int = 0
    interrupted: bool = False
    #: Why the run stopped before the end (a full disk), or ``""``.
    stopped: str = ""
    seconds: float = 0.0
    failures: list[dict[str, str]] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.fixed + self.flagged + self.clean

    def add(self, outcome: FileOutcome) -> None:
        counts = {FIXED: "fixed", FLAGGED: "flagged", CLEAN: "clean"}
        if outcome.status in counts:
            name = counts[outcome.status]
            setattr(self, name, getattr(self, name) + 1)
        elif outcome.status == FAILED:
            self.failed += 1
            self.failures.append({"input": outcome.input, "error": outcome.error or ""})
        else:
            self.skipped += 1
        if outcome.status != FAILED:  # a failed write applied nothing
            self.applied_edits += outcome.applied
            self.flagged_edits += outcome.flagged

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["seconds"] = round(self.seconds, 3)
        return d


def display(path: str) -> str:
    """How messages name an input (``<stdin>`` for ``-``; bytes of a name that
    is not UTF-8 as ``\\xNN``)."""
    if path == "-":
        return "<stdin>"
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


# -- one document --------------------------------------------------------------
class DocumentError(Exception):
    """A document that cannot be repaired; the message is ready for users."""


def run_job(job: Job, options: RunOptions, done_key: str | None = None) -> FileOutcome:
    """Read, pair, repair, render and write one document; never raises for bad input.

    ``done_key`` is the key the manifest recorded for the job's output: when
    the input, source and config still hash to it, the job is skipped.
    """
    from mtfix.formats import FormatError
    from mtfix.io.reading import InputError

    name = display(job.input)
    try:
        return _run_job(job, options, done_key)
    except (DocumentError, InputError) as exc:
        message = str(exc)
    except FormatError as exc:
        message = f"{name}: {exc}"
    except ImportError as exc:
        from mtfix.extras import explain_import_error

        message = f"{name}: {explain_import_error(exc)}"
    except (RecursionError, MemoryError) as exc:
        message = f"{name}: too large or too deeply nested ({type(exc).__name__})"
    except Exception as exc:  # one bad document must not stop the batch
        message = f"{name}: repair failed: {type(exc).__name__}: {exc}"
    return FileOutcome(job.input, job.output, FAILED, error=message)


def _run_job(job: Job, options: RunOptions, done_key: str | None) -> FileOutcome:
    from mtfix.io.reading import read_bytes
    from mtfix.pipeline import get_repairer

    name = display(job.input)
    if job.source_error:
        raise DocumentError(f"{name}: {job.source_error}")
    kind, written_as = _document_format(job.input, options)
    raw = read_bytes(job.input)
    source_raw = _read_source(job) if job.source is not None else None
    repairer = get_repairer(options.config)
    key = ""
    if job.output is not None:
        salt = "|".join(
            [repairer.signature, Path(job.output).suffix]
            + [f"{c.origin}:{_digest(c.text)}" for c in options.candidates]
            + written_as
        )
        key = content_key(raw, source_raw, salt)
        if done_key and key == done_key:
            return FileOutcome(job.input, job.output, SKIPPED, key=key)
    warnings: list[str] = []
    source = _source_text(job, source_raw, warnings) if source_raw is not None else None

    def repair(text: str, src: str | None) -> RepairResult:
        if options.candidates and src is not None:
            return repairer.repair(text, source=src, candidates=options.candidates)
        return repairer.repair(text, source=src)

    doc = kind.repair(raw, name=name, source=source, repair=repair)
    result = doc.result
    rendered = _render(kind, doc, options, name)  # a writer may warn (Word: characters XML lacks)
    warnings += doc.warnings + result.warnings
    applied, flagged = len(result.applied), len(result.flagged)
    outcome = FileOutcome(
        job.input,
        job.output,
        FIXED if applied else FLAGGED if flagged else CLEAN,
        rendered,
        key=key,
        applied=applied,
        flagged=flagged,
        warnings=warnings,
        result=result if options.keep_result else None,
    )
    return _write(outcome, job, options, raw, doc)


def _document_format(path: str, options: RunOptions) -> tuple[DocumentFormat, list[str]]:
    """The format of ``path`` as the options write it, and what of them its manifest key names.

    Only options that differ from the default are named, so that the keys of a
    default run stay what they were.
    """
    from mtfix.formats.documents import Xliff, document_format

    kind = document_format(path)
    if not isinstance(kind, Xliff):
        return kind, []
    if kind.notes_in != options.xliff2_notes:
        kind = Xliff(notes_in=options.xliff2_notes)
    return kind, [] if kind.notes_in == "unit" else [f"xliff2-notes:{kind.notes_in}"]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _read_source(job: Job) -> bytes:
    from mtfix.io.reading import InputError, read_bytes

    assert job.source is not None
    try:
        return read_bytes(job.source)
    except InputError as exc:
        raise DocumentError(f"{exc} (the source of {display(job.input)})") from exc


def _source_text(job: Job, data: bytes, warnings: list[str]) -> str | None:
    """The source's prose (read by its own format); an empty one is ignored, with a warning."""
    from mtfix.formats import FormatError
    from mtfix.formats.documents import document_format
    from mtfix.io.reading import InputError

    assert job.source is not None
    try:
        text = document_format(job.source).prose(data, job.source)
    except InputError as exc:
        raise DocumentError(f"{exc} (the source of {display(job.input)})") from exc
    except FormatError as exc:
        raise DocumentError(f"{job.source}: {exc} (the source of {display(job.input)})") from exc
    if not text.strip():
        warnings.append(f"source {job.source} is empty; ignoring it")
        return None
    return text


def _render(kind: DocumentFormat, doc: RepairedDocument, options: RunOptions, name: str) -> bytes:
    """The document itself, or its repair in the requested output format."""
    from mtfix.io.output import RenderOptions, get_format

    if options.in_place or options.fmt is None or options.fmt == kind.native_output:
        return doc.data
    render = RenderOptions(name=name, color=options.color, verbose=options.verbose)
    data = get_format(options.fmt).writer(doc.result, render)
    return data.encode("utf-8") if isinstance(data, str) else data


def _write(
    outcome: FileOutcome, job: Job, options: RunOptions, raw: bytes, doc: RepairedDocument
) -> FileOutcome:
    """Write the rendered output atomically (workers ignore Ctrl-C, so it completes)."""
    from mtfix.io.writing import disk_full, replace_with_backup, write_atomic, write_error

    payload = outcome.payload
    assert payload is not None
    target = job.input if options.in_place else job.output
    if target is None:  # the caller takes the payload
        return outcome
    try:
        if options.in_place:
            if doc.changed:  # untouched files are left alone, without a backup
                replace_with_backup(job.input, raw, payload)
            return dataclasses.replace(outcome, payload=None)
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(target, payload, durable=options.durable)
    except OSError as exc:
        return dataclasses.replace(
            outcome,
            status=FAILED,
            payload=None,
            result=None,
            error=f"{display(target)}: cannot write: {write_error(exc)}",
            disk_full=disk_full(exc),
        )
    return dataclasses.replace(outcome, payload=None, written=len(payload))


# -- the run -------------------------------------------------------------------
def _run_item(options: RunOptions, item: tuple[Job, str | None]) -> FileOutcome:
    return run_job(item[0], options, item[1])


def run_files(
    tasks: list[Job],
    options: RunOptions | None = None,
    *,
    jobs: int = 1,
    manifest: Manifest | None = None,
    on_outcome: Callable[[FileOutcome], None] | None = None,
) -> BatchSummary:
    """Run ``tasks`` over ``jobs`` processes; write outputs and the manifest.

    Tasks the manifest has finished (same content, config and output, output
    intact) are skipped.  Ctrl-C stops the run cleanly: pending work is
    cancelled, what is written stays written, and the summary says
    ``interrupted``; a full disk stops it the same way (``stopped``).
    Temporary files a killed run left beside the outputs are removed first.
    Each process uses :func:`mtfix.pipeline.get_repairer`.
    """
    from mtfix.pipeline import get_repairer

    options = options or RunOptions()
    if manifest is not None:
        options = dataclasses.replace(options, durable=False)
    _remove_stale_temps(tasks, options)
    summary = BatchSummary(total=len(tasks))
    started = time.monotonic()

    def items() -> Iterator[tuple[Job, str | None]]:
        for task in tasks:
            done = manifest.finished(task.output) if manifest and task.output else None
            yield task, done

    work = partial(_run_item, options)
    if jobs == 1:
        results: Iterator[FileOutcome] = (work(item) for item in items())
    else:
        results = map_ordered(
            work,
            items(),
            jobs=jobs,
            initializer=get_repairer,
            initargs=(options.config,),
            chunksize=4,
            window=jobs * 8,
        )
    try:
        with contextlib.closing(results):  # type: ignore[type-var]
            for outcome in results:
                outcome = _log(outcome, manifest)
                summary.add(outcome)
                if on_outcome is not None:
                    on_outcome(outcome)
                if outcome.disk_full:  # every later write would fail too
                    summary.stopped = "the disk is full"
                    break
    except KeyboardInterrupt:
        summary.interrupted = True
    summary.seconds = time.monotonic() - started
    return summary


def _remove_stale_temps(tasks: list[Job], options: RunOptions) -> None:
    """Remove the temporary files a killed run left beside this run's outputs."""
    import os

    from mtfix.io.writing import remove_stale_temps

    if options.in_place:  # a link's target, and the backups beside the name given
        named = [t.input for t in tasks if t.input != "-"]
        targets = named + [os.path.realpath(t) for t in named]
    else:
        targets = [t.output for t in tasks if t.output is not None]
    remove_stale_temps(targets)


def _log(outcome: FileOutcome, manifest: Manifest | None) -> FileOutcome:
    """Make a written output durable, then log it (so the manifest names only complete files)."""
    from mtfix.io import writing

    if outcome.written is None or manifest is None or outcome.output is None:
        return outcome
    output = display(outcome.output)
    try:
        writing.make_durable(outcome.output)
    except OSError as exc:
        return dataclasses.replace(
            outcome,
            status=FAILED,
            error=f"{output}: cannot write: {writing.write_error(exc)}",
            disk_full=writing.disk_full(exc),
        )
    if outcome.key:
        try:
            manifest.record(
                outcome.key,
                outcome.output,
                input=outcome.input,
                status=outcome.status,
                applied=outcome.applied,
                flagged=outcome.flagged,
                bytes=outcome.written,
            )
        except OSError as exc:  # the line is not written: a re-run repairs it again
            where = display(str(manifest.path))
            return dataclasses.replace(
                outcome,
                status=FAILED,
                error=f"{where}: cannot write the manifest: {writing.write_error(exc)} "
                f"({output} is written but not recorded)",
                disk_full=writing.disk_full(exc),
            )
    return outcome
