"""Pairing English inputs with their Chinese originals.

- ``--source FILE``: the source of a single input.
- ``--source-dir DIR``: ``NAME.en.txt`` ↔ ``DIR/NAME.zh.txt``, ``DIR/NAME.txt``
  (or any ``DIR/NAME.zh.*``); a plain ``NAME.txt`` ↔ ``DIR/NAME.zh.txt`` or
  ``DIR/NAME.txt``.
- otherwise ``NAME.en.*`` is paired with ``NAME.zh.*`` in its own folder, when
  one exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from mtfix.io.reading import STDIN

_LANG_TAGGED = re.compile(r"^(?P<base>.+)\.(?P<lang>en|zh)(?P<ext>\.[^.]+)?$", re.IGNORECASE)


@dataclass(frozen=True)
class Job:
    """One document to repair, and where its source is (if anywhere)."""

    input: str
    source: str | None = None
    #: Why there is no source although one was asked for (reported as an error).
    source_error: str | None = None


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
    inputs: list[str], *, source: str | None = None, source_dir: str | None = None
) -> tuple[list[Job], list[str]]:
    """Pair inputs with sources.

    Returns the jobs and the inputs skipped because they are the Chinese
    source of another input (``a.zh.txt`` next to ``a.en.txt`` in a glob).
    """
    if source is not None:
        if len(inputs) != 1:
            raise ValueError("--source takes one input; use --source-dir for several")
        return [Job(inputs[0], source)], []
    jobs: list[Job] = []
    used_as_source: set[Path] = set()
    for path in inputs:
        if source_dir is not None:
            if path == STDIN:
                jobs.append(Job(path, None, "standard input has no name to pair with a source"))
                continue
            found = source_in_dir(path, Path(source_dir))
            if found is None:
                base, _, ext = split_name(Path(path).name)
                jobs.append(
                    Job(
                        path,
                        None,
                        f"no source in {source_dir} (looked for {base}.zh{ext}, "
                        f"{base}{ext}, {base}.zh.*)",
                    )
                )
                continue
            jobs.append(Job(path, str(found)))
        else:
            sibling = sibling_source(path)
            jobs.append(Job(path, str(sibling) if sibling else None))
            if sibling is not None:
                used_as_source.add(sibling.resolve())
    skipped = [
        j.input for j in jobs if j.input != STDIN and Path(j.input).resolve() in used_as_source
    ]
    return [j for j in jobs if j.input not in skipped], skipped
