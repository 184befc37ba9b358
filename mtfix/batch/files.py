"""Repairing folders of documents over a process pool, resumably.

:func:`plan_files` walks the inputs (folders recursively) and decides where
each output goes, mirroring the tree; :func:`run_files` repairs them over
``jobs`` worker processes.  A worker reads, repairs, renders and writes its
output atomically (workers ignore Ctrl-C, so a write always completes); the
parent appends the manifest line once the output is complete.  An
interrupted run thus leaves only complete outputs and a manifest that names
a subset of them, and a re-run skips what the manifest records.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import tempfile
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mtfix.batch.manifest import Manifest, content_key
from mtfix.batch.pool import map_ordered
from mtfix.config import RepairConfig

if TYPE_CHECKING:
    from mtfix.pipeline import Repairer
    from mtfix.result import RepairResult

#: Plain-text extensions a folder walk picks up (besides the document formats).
TEXT_EXTENSIONS = frozenset({".txt"})

FIXED, FLAGGED, CLEAN, FAILED, SKIPPED = "fixed", "flagged", "clean", "failed", "skipped"


def input_kind(path: str | os.PathLike[str]) -> str:
    """``text``, or the document format its extension names (``docx``, ``xliff``, …)."""
    from mtfix.formats import INPUT_EXTENSIONS

    return INPUT_EXTENSIONS.get(Path(path).suffix.lower(), "text")


def batch_extensions() -> frozenset[str]:
    from mtfix.formats import INPUT_EXTENSIONS

    return TEXT_EXTENSIONS | frozenset(INPUT_EXTENSIONS)


@dataclass(frozen=True)
class FileTask:
    """One document: where it is, where its repair goes, and its source."""

    input: str
    output: str
    source: str | None = None
    #: Why the source asked for is missing (the document then fails).
    source_error: str | None = None
    #: The content key (input and source bytes, config); set by :func:`run_files`.
    key: str = ""


@dataclass
class FileOutcome:
    """What happened to one document."""

    input: str
    output: str
    status: str
    payload: bytes | None = None
    #: The task's content key, for the manifest.
    key: str = ""
    #: Bytes written to ``output`` (by the worker), or ``None``.
    written: int | None = None
    applied: int = 0
    flagged: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


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
        self.applied_edits += outcome.applied
        self.flagged_edits += outcome.flagged

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["seconds"] = round(self.seconds, 3)
        return d


# -- planning ------------------------------------------------------------------
class PlanError(ValueError):
    """The run cannot start (e.g. two inputs would be written to one file)."""


def walk(root: Path, *, exclude: Path | None = None) -> list[Path]:
    """Documents under ``root``, sorted; hidden entries and ``exclude`` are left out."""
    exts = batch_extensions()
    skip = exclude.resolve() if exclude is not None else None
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and (skip is None or _resolve(here / d) != skip)
        )
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in exts:
                found.append(here / name)
    return found


def _resolve(p: Path) -> Path:
    try:
        return p.resolve()
    except OSError:
        return p


def plan_files(
    inputs: Iterable[str],
    out_dir: str | os.PathLike[str],
    *,
    fmt: str = "text",
    source_dir: str | os.PathLike[str] | None = None,
) -> tuple[list[FileTask], list[str]]:
    """Tasks for files and folders (recursively; the tree is mirrored in ``out_dir``).

    Returns the tasks and the inputs skipped because they are the Chinese
    source of another input.  Raises :class:`PlanError` when two inputs would
    share an output or an output would replace an input.
    """
    from mtfix.io.output import output_name
    from mtfix.io.pairing import sibling_source, source_in_dir, split_name

    out = Path(out_dir)
    found: list[tuple[Path, Path]] = []  # (file, its folder relative to out)
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            found += [(f, f.parent.relative_to(p)) for f in walk(p, exclude=out)]
        else:
            found.append((p, Path()))

    tasks: list[FileTask] = []
    sources: set[Path] = set()
    for path, rel in found:
        src: Path | None
        error = None
        if source_dir is not None:
            src = source_in_dir(str(path), Path(source_dir) / rel)
            if src is None:
                base, _, ext = split_name(path.name)
                error = f"no source in {Path(source_dir) / rel} (looked for {base}.zh{ext}, ...)"
        else:
            src = sibling_source(str(path))
        if src is not None:
            sources.add(_resolve(src))
        target = out / rel / output_name(path.name, fmt)
        tasks.append(FileTask(str(path), str(target), str(src) if src else None, error))
    skipped = [t.input for t in tasks if sources and _resolve(Path(t.input)) in sources]
    tasks = [t for t in tasks if t.input not in skipped]

    seen: dict[str, str] = {}
    for t in tasks:
        if t.output in seen:
            raise PlanError(f"{t.input} and {seen[t.output]} would both be written to {t.output}")
        seen[t.output] = t.input
        if _is_same_file(t.output, t.input):
            raise PlanError(f"refusing to overwrite the input {t.input}")
    return tasks, skipped


def _is_same_file(a: str, b: str) -> bool:
    # One stat for a fresh output (resolving every path costs a syscall per component).
    try:
        return os.path.samestat(os.stat(a), os.stat(b))
    except OSError:
        return False


# -- the worker ----------------------------------------------------------------
_state: dict[str, Any] = {}


class _Failure(Exception):
    """A document that cannot be repaired; the message is ready for users."""


def _init_worker(config: RepairConfig, fmt: str) -> None:
    from mtfix.io.output import get_format
    from mtfix.pipeline import Repairer

    _state["repairer"] = Repairer(config)
    _state["format"] = get_format(fmt)


def init_in_process(repairer: Repairer, fmt: str) -> None:
    """Use an existing repairer for ``jobs=1`` runs."""
    from mtfix.io.output import get_format

    _state["repairer"] = repairer
    _state["format"] = get_format(fmt)


def repair_file(task: FileTask, *, write: bool = True) -> FileOutcome:
    """Read, repair, render and (with ``write``) write one document atomically.

    Runs in a worker; never raises for bad input.  Without ``write`` the
    rendered bytes come back in ``payload``.
    """
    from mtfix.formats import FormatError
    from mtfix.io.reading import InputError

    try:
        outcome = dataclasses.replace(_repair_file(task), key=task.key)
        return _write(outcome) if write else outcome
    except _Failure as exc:
        message = str(exc)
    except InputError as exc:
        message = str(exc)
    except FormatError as exc:
        message = f"{task.input}: {exc}"
    except ImportError as exc:
        message = f"{task.input}: {exc} (install mtfix[formats] for this format)"
    except (RecursionError, MemoryError) as exc:
        message = f"{task.input}: too large or too deeply nested ({type(exc).__name__})"
    except Exception as exc:  # one bad document must not stop the batch
        message = f"{task.input}: repair failed: {type(exc).__name__}: {exc}"
    return FileOutcome(task.input, task.output, FAILED, error=message)


def _repair_file(task: FileTask) -> FileOutcome:
    from mtfix.io.output import RenderOptions
    from mtfix.io.reading import decode_bytes, read_bytes

    if task.source_error:
        raise _Failure(f"{task.input}: {task.source_error}")
    repairer: Repairer = _state["repairer"]
    out_format = _state["format"]
    kind = input_kind(task.input)
    source = None
    if task.source is not None:
        try:
            source = decode_bytes(read_bytes(task.source), task.source).text
        except Exception as exc:
            raise _Failure(f"{exc} (the source of {task.input})") from exc
        if not source.strip():
            source = None
    counts = [0, 0]
    warnings: list[str] = []

    def run(text: str, src: str | None) -> RepairResult:
        result = repairer.repair(text, source=src)
        counts[0] += len(result.applied)
        counts[1] += len(result.flagged)
        return result

    def render(result: RepairResult) -> bytes:
        data = out_format.writer(result, RenderOptions(name=task.input))
        return data.encode("utf-8") if isinstance(data, str) else data

    raw = read_bytes(task.input)
    result: RepairResult | None = None
    if kind == "docx":
        from mtfix.formats import repair_docx

        with tempfile.TemporaryDirectory(prefix="mtfix-") as tmp:
            target = Path(tmp) / "out.docx"
            result = repair_docx(task.input, target, source=source, repair=run)
            payload = target.read_bytes() if out_format.name == "text" else render(result)
    elif kind == "xliff":
        from mtfix.formats import repair_xliff

        if out_format.name != "text":
            raise _Failure(f"{task.input}: XLIFF is written back as XLIFF; use --format text")
        payload = repair_xliff(raw, repair=run)
    else:
        text = decode_bytes(raw, task.input).text
        if not text:
            warnings.append("empty file, nothing to repair")
        if kind == "markdown":
            from mtfix.formats import repair_markdown

            result = repair_markdown(text, source=source, repair=run)
        elif kind == "html":
            from mtfix.formats import repair_html

            result = repair_html(text, source=source, repair=run)
        else:
            result = run(text, source)
        payload = render(result)
    if result is not None:  # the document's own counts (markup may turn edits to flags)
        counts = [len(result.applied), len(result.flagged)]
        warnings += result.warnings
    status = FIXED if counts[0] else FLAGGED if counts[1] else CLEAN
    return FileOutcome(
        task.input,
        task.output,
        status,
        payload,
        applied=counts[0],
        flagged=counts[1],
        warnings=warnings,
    )


# -- the run -------------------------------------------------------------------
def task_key(task: FileTask, signature: str) -> str:
    """The content key of a task ("" when a file cannot be read: it is never skipped)."""
    from mtfix.io.reading import InputError, read_bytes

    try:
        data = read_bytes(task.input)
        source = read_bytes(task.source) if task.source else None
    except (OSError, InputError):
        return ""
    return content_key(data, source, signature + "|" + Path(task.output).suffix)


def run_files(
    tasks: list[FileTask],
    *,
    config: RepairConfig | None = None,
    fmt: str = "text",
    jobs: int = 1,
    manifest: Manifest | None = None,
    on_outcome: Callable[[FileOutcome], None] | None = None,
    repairer: Repairer | None = None,
) -> BatchSummary:
    """Repair ``tasks`` over ``jobs`` processes; write outputs and the manifest.

    Tasks the manifest has finished (same content, config and output, output
    intact) are skipped.  Ctrl-C stops the run cleanly: pending work is
    cancelled, what is written stays written, and the summary says
    ``interrupted``.
    """
    config = config or (repairer.config if repairer is not None else RepairConfig())
    signature = config.signature()
    summary = BatchSummary(total=len(tasks))
    started = time.monotonic()

    def report(outcome: FileOutcome) -> None:
        summary.add(outcome)
        if on_outcome is not None:
            on_outcome(outcome)

    def todo() -> Iterator[FileTask]:
        for task in tasks:
            key = task_key(task, signature)
            if manifest is not None and key and manifest.is_done(key, task.output):
                report(FileOutcome(task.input, task.output, SKIPPED))
                continue
            yield dataclasses.replace(task, key=key)

    pending = todo()
    if jobs == 1:
        init_in_process(repairer or _make_repairer(config), fmt)
        results: Generator[FileOutcome, None, None] = (repair_file(t) for t in pending)
    else:
        results = map_ordered(
            repair_file,
            pending,
            jobs=jobs,
            initializer=_init_worker,
            initargs=(config, fmt),
            chunksize=4,
            window=jobs * 8,
        )
    try:
        with contextlib.closing(results):
            for outcome in results:
                report(_log(outcome, manifest))
    except KeyboardInterrupt:
        summary.interrupted = True
    summary.seconds = time.monotonic() - started
    return summary


def _write(outcome: FileOutcome) -> FileOutcome:
    """Write the rendered output atomically (workers ignore Ctrl-C, so it completes).

    The parent makes it durable (:func:`_log`), so workers never wait on the disk.
    """
    from mtfix.io.writing import write_atomic

    payload = outcome.payload
    if payload is None:
        return outcome
    try:
        Path(outcome.output).parent.mkdir(parents=True, exist_ok=True)
        write_atomic(outcome.output, payload, durable=False)
    except OSError as exc:
        return dataclasses.replace(
            outcome,
            status=FAILED,
            payload=None,
            error=f"{outcome.output}: cannot write: {exc.strerror or exc}",
        )
    return dataclasses.replace(outcome, payload=None, written=len(payload))


def _log(outcome: FileOutcome, manifest: Manifest | None) -> FileOutcome:
    """Make a written output durable, then log it (so the manifest names only complete files)."""
    from mtfix.io.writing import make_durable

    if outcome.written is None:
        return outcome
    try:
        make_durable(outcome.output)
    except OSError as exc:
        return dataclasses.replace(
            outcome, status=FAILED, error=f"{outcome.output}: cannot write: {exc.strerror or exc}"
        )
    if manifest is not None and outcome.key:
        manifest.record(
            outcome.key,
            outcome.output,
            input=outcome.input,
            status=outcome.status,
            applied=outcome.applied,
            flagged=outcome.flagged,
            bytes=outcome.written,
        )
    return outcome


def _make_repairer(config: RepairConfig) -> Repairer:
    from mtfix.pipeline import Repairer

    return Repairer(config)
