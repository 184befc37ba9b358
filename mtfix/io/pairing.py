"""Pairing English inputs with their Chinese originals.

- ``--source FILE``: the source of a single input.
- ``--source-dir DIR``: ``NAME.en.txt`` ↔ ``DIR/NAME.zh.txt``, ``DIR/NAME.txt``
  (or any ``DIR/NAME.zh.*``); a plain ``NAME.txt`` ↔ ``DIR/NAME.zh.txt`` or
  ``DIR/NAME.txt``.
- otherwise ``NAME.en.*`` is paired with ``NAME.zh.*`` in its own folder, when
  one exists.

:func:`plan_jobs` turns the inputs (files and folders) into jobs (:class:`Job`),
the one unit of work of every run: single files, folders, pool workers.
"""

from __future__ import annotations

import dataclasses
import os
import re
from dataclasses import dataclass
from pathlib import Path

from mtfix.io.reading import STDIN

_LANG_TAGGED = re.compile(r"^(?P<base>.+)\.(?P<lang>en|zh)(?P<ext>\.[^.]+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Job:
    """One document: where it is, its source (if any), and where its repair goes."""

    input: str
    source: str | None = None
    #: Why there is no source although one was asked for (reported as an error).
    source_error: str | None = None
    #: The file the repair is written to; ``None`` when the caller takes the result.
    output: str | None = None


class PlanError(ValueError):
    """The run cannot start (two inputs would share an output, an output is an input)."""


def split_name(name: str) -> tuple[str, str | None, str]:
    """``a.en.txt`` → ``("a", "en", ".txt")``; ``a.txt`` → ``("a", None, ".txt")``."""
    m = _LANG_TAGGED.match(name)
    if m:
        return m["base"], m["lang"].lower(), m["ext"] or ""
    p = Path(name)
    return p.stem, None, p.suffix


def sibling_source(path: str) -> Path | None:
    """``NAME.zh.*`` beside an input named ``NAME.en.*``."""
    if path == STDIN:
        return None
    p = Path(path)
    base, lang, ext = split_name(p.name)
    if lang != "en":
        return None
    return _first_existing(p.parent, base, ext, allow_untagged=False)


def source_in_dir(path: str, folder: Path) -> Path | None:
    """The input's source in ``folder`` (see the module doc)."""
    base, _, ext = split_name(Path(path).name)
    return _first_existing(folder, base, ext, allow_untagged=True)


def _first_existing(folder: Path, base: str, ext: str, *, allow_untagged: bool) -> Path | None:
    candidates = [folder / f"{base}.zh{ext}"]
    if allow_untagged:
        candidates.append(folder / f"{base}{ext}")
    candidates += sorted(folder.glob(f"{_glob_escape(base)}.zh.*"))
    for c in candidates:
        if c.is_file():
            return c
    return None


def _glob_escape(s: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", s)


def plan_jobs(
    inputs: list[str],
    *,
    source: str | None = None,
    source_dir: str | None = None,
    out_dir: str | os.PathLike[str] | None = None,
    fmt: str | None = None,
) -> tuple[list[Job], list[str]]:
    """Pair inputs with their sources; folders are walked recursively.

    With ``out_dir``, each job's output is planned there (a folder's tree is
    mirrored), named for the output format ``fmt`` (``None``: each document
    in its own format).  Returns the jobs and the inputs skipped because they
    are the Chinese source of another input (``a.zh.txt`` next to
    ``a.en.txt`` in a glob).  Raises :class:`PlanError` for bad pairings and
    for outputs that clash or would replace an input.
    """
    if source is not None and (len(inputs) != 1 or Path(inputs[0]).is_dir()):
        raise PlanError("--source takes one input; use --source-dir for several or a folder")
    out = Path(out_dir) if out_dir is not None else None
    if out is not None and STDIN in inputs:
        raise PlanError("standard input has no name to write into --out-dir; use -o")
    found: list[tuple[str, Path]] = []  # (file, its folder relative to the input named)
    for item in inputs:
        p = Path(item)
        if item != STDIN and p.is_dir():
            found += [(str(f), f.parent.relative_to(p)) for f in walk(p, exclude=out)]
        else:
            found.append((item, Path()))

    jobs: list[Job] = []
    used_as_source: set[Path] = set()
    for path, rel in found:
        job = _pair(path, rel, source, source_dir)
        if job.source is not None:
            used_as_source.add(_resolve(Path(job.source)))
        if out is not None:
            job = dataclasses.replace(job, output=str(out / rel / output_name(path, fmt)))
        jobs.append(job)
    skipped = [
        j.input for j in jobs if j.input != STDIN and _resolve(Path(j.input)) in used_as_source
    ]
    jobs = [j for j in jobs if j.input not in skipped]
    if out is not None:
        _check_outputs(jobs)
    return jobs, skipped


def _pair(path: str, rel: Path, source: str | None, source_dir: str | None) -> Job:
    if source is not None:
        return Job(path, source)
    if source_dir is None:
        sibling = sibling_source(path)
        return Job(path, str(sibling) if sibling else None)
    if path == STDIN:
        return Job(path, None, "standard input has no name to pair with a source")
    folder = Path(source_dir) / rel
    found = source_in_dir(path, folder)
    if found is None:
        base, _, ext = split_name(Path(path).name)
        where = str(folder) if rel != Path() else source_dir
        looked = f"{base}.zh{ext}, {base}{ext}, {base}.zh.*"
        return Job(path, None, f"no source in {where} (looked for {looked})")
    return Job(path, str(found))


def output_name(path: str, fmt: str | None) -> str:
    """The name of an input's repair in ``--out-dir``: its own for its own format,
    else with the output format's extension (``a.en.txt`` → ``a.en.json``)."""
    from mtfix.formats.documents import document_format
    from mtfix.io.output import output_name as named_for

    name = Path(path).name
    kind = document_format(path)
    if fmt is None or fmt == kind.native_output:
        return name
    if fmt == "text":  # the prose of a Word or XLIFF file
        stem, dot, _ = name.rpartition(".")
        return f"{stem if dot else name}.txt"
    return named_for(name, fmt)


def _check_outputs(jobs: list[Job]) -> None:
    seen: dict[str, str] = {}
    for j in jobs:
        assert j.output is not None
        if j.output in seen:
            raise PlanError(f"{j.input} and {seen[j.output]} would both be written to {j.output}")
        seen[j.output] = j.input
        if _is_same_file(j.output, j.input):
            raise PlanError(f"refusing to overwrite the input {j.input}")


def _is_same_file(a: str, b: str) -> bool:
    # One stat for a fresh output (resolving every path costs a syscall per component).
    try:
        return os.path.samestat(os.stat(a), os.stat(b))
    except OSError:
        return False


def walk(root: Path, *, exclude: Path | None = None) -> list[Path]:
    """Documents under ``root``, sorted; hidden entries and ``exclude`` are left out."""
    from mtfix.formats.documents import document_extensions

    exts = document_extensions()
    top = _resolve(root)
    skip = _resolve(exclude) if exclude is not None else None
    found: list[Path] = []
    for folder, dirs, files in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d
            for d in dirs
            if not d.startswith(".") and (skip is None or _resolve(here / d) != skip)
        )
        for name in sorted(files):
            path = here / name
            if name.startswith(".") or path.suffix.lower() not in exts:
                continue
            if _regular_inside(path, top):
                found.append(path)
    return found


def _regular_inside(path: Path, top: Path) -> bool:
    """A regular file (not a FIFO or device), not a link that leads out of the walked tree."""
    import stat

    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return False
        return not path.is_symlink() or path.resolve().is_relative_to(top)
    except OSError:
        return False


def _resolve(p: Path) -> Path:
    try:
        return p.resolve()
    except OSError:
        return p
