"""What the commands share: the app, options, messages, configuration, planning.

Only typer is imported here; the pipeline, the readers and rich are imported
inside the functions, so ``mtfix --help`` answers at once.
"""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, BinaryIO, NoReturn

import typer

if TYPE_CHECKING:
    from mtfix.config import RepairConfig
    from mtfix.io.pairing import Job
    from mtfix.pipeline import Repairer
    from mtfix.retranslate.candidates import Candidate

app = typer.Typer(
    name="mtfix",
    help="Repair machine-translated English (from Chinese), with every edit explained.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

#: Exit codes: 0 ok; 1 ``check`` found something; 2 bad input or usage.
EXIT_FOUND = 1
EXIT_ERROR = 2
#: Stopped by Ctrl-C (128 + SIGINT).
EXIT_INTERRUPTED = 130


class Engine(StrEnum):
    transformers = "transformers"
    ctranslate2 = "ctranslate2"
    command = "command"


# -- options shared by fix, check and review ------------------------------------
Inputs = Annotated[
    list[str],
    typer.Argument(
        help="Files or folders to repair; '-' reads standard input.",
        metavar="INPUT",
        show_default=False,
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
FlagThresholdOpt = Annotated[
    float | None,
    typer.Option(
        "--flag-threshold",
        metavar="P",
        min=0.0,
        max=1.0,
        help="Flags against the source measured to be right less often than this are not "
        "shown (default 0.6; 0 shows every finding).",
    ),
]
ModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model",
        metavar="NAME",
        help="Seq2seq model for re-translation: hub id, short name, folder, an Argos "
        "package folder, or with --engine command a translation command.",
    ),
]
EngineOpt = Annotated[Engine | None, typer.Option("--engine", help="Inference engine for --model.")]
CandidatesOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--candidates",
        metavar="FILE",
        help="Another English translation of --source (repeatable): a low-confidence "
        "sentence takes its sentence when that one scores better.",
        dir_okay=False,
    ),
]
DisableOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--disable",
        metavar="RULE",
        help="Rule id or prefix to skip (see 'mtfix rules'); repeatable.",
    ),
]


# -- messages ------------------------------------------------------------------
def say(kind: str, message: str) -> None:
    typer.echo(f"mtfix: {kind}: {printable(message)}", err=True)


def printable(text: str) -> str:
    """``text`` with the bytes of a file name that is not UTF-8 shown as ``\\xNN``."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    say("error", message)
    raise typer.Exit(code)


def write_stdout(data: str | bytes) -> None:
    payload = data.encode("utf-8") if isinstance(data, str) else data
    try:
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (``mtfix fix big.txt | head``): stop quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        raise typer.Exit(1) from None


def stdout_color() -> bool:
    return sys.stdout.isatty() and "NO_COLOR" not in os.environ


def display(path: str) -> str:
    return "<stdin>" if path == "-" else printable(path)


# -- configuration -------------------------------------------------------------
def make_config(
    glossary: list[Path] | None,
    threshold: float | None,
    model: str | None,
    engine: Engine | None,
    disable: list[str] | None,
    flag_threshold: float | None = None,
) -> RepairConfig:
    """The configuration the options describe; its repairer is built (and checked) at once."""
    from mtfix.config import RepairConfig

    changes: dict[str, Any] = {}
    if glossary:
        changes["glossaries"] = tuple(glossary)
    if threshold is not None:
        changes["edit_threshold"] = threshold
    if flag_threshold is not None:
        changes["flag_threshold"] = flag_threshold
    if model:
        changes["model"] = model
    if engine is not None:
        changes["engine"] = engine.value
    if disable:
        changes["disabled_rules"] = tuple(disable)
        _warn_unknown_rules(disable)
    try:
        config = RepairConfig(**changes)
    except ValueError as exc:
        fail(str(exc))
    make_repairer(config)  # a bad glossary fails here, before any work or worker
    return config


def _warn_unknown_rules(patterns: list[str]) -> None:
    from mtfix import registry

    registry.load_source_fixers()
    ids = [f.id for f in registry.fixers()]
    for p in patterns:
        if not any(i == p or i.startswith(p + ".") for i in ids):
            say("warning", f"--disable {p}: no rule has this id or prefix (see 'mtfix rules')")


def make_repairer(config: RepairConfig) -> Repairer:
    """This process's repairer for ``config`` (:func:`mtfix.pipeline.get_repairer`)."""
    from mtfix.pipeline import get_repairer

    try:
        return get_repairer(config)
    except (OSError, ValueError) as exc:
        hint = " (see 'mtfix glossary check FILE')" if config.glossaries else ""
        fail(f"cannot load the configuration: {exc}{hint}")


# -- planning ------------------------------------------------------------------
def plan(
    inputs: list[str],
    source: Path | None,
    source_dir: Path | None,
    *,
    out_dir: Path | None = None,
    fmt: str | None = None,
    note_skipped: bool = True,
) -> list[Job]:
    """Pair the inputs with their sources (and outputs); bad pairings are a usage error."""
    from mtfix.io.pairing import PlanError, plan_jobs

    try:
        jobs, skipped = plan_jobs(
            inputs,
            source=str(source) if source is not None else None,
            source_dir=str(source_dir) if source_dir is not None else None,
            out_dir=out_dir,
            fmt=fmt,
        )
    except PlanError as exc:
        fail(str(exc))
    if note_skipped:
        for s in skipped:
            say("note", f"skipping {s}: it is the Chinese source of another input")
    return jobs


def create_dir(folder: Path) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        fail(f"cannot create {folder}: {exc.strerror or exc}")


def read_candidates(
    paths: list[Path] | None, source: Path | None, inputs: list[str], jsonl: bool
) -> tuple[Candidate, ...]:
    """The --candidates files, read; they need --source and one input."""
    if not paths:
        return ()
    if jsonl:
        fail('with --jsonl, candidates come from each record\'s "candidates" field')
    if source is None or len(inputs) != 1:
        fail("--candidates translate the --source of a single input: give both")
    from mtfix.retranslate.candidates import Candidate

    out = []
    for path in paths:
        try:
            out.append(Candidate.from_file(path))
        except (OSError, UnicodeDecodeError) as exc:
            fail(f"cannot read the candidate {display(str(path))}: {exc}")
    return tuple(out)


def refuse_sources_with_jsonl(source: Path | None, source_dir: Path | None) -> None:
    if source is not None or source_dir is not None:
        fail('with --jsonl, sources come from each record\'s "source" field')


def open_input(path: str) -> BinaryIO | None:
    """A binary stream on the input ('-': standard input); None (reported) when unreadable."""
    try:
        return sys.stdin.buffer if path == "-" else open(path, "rb")
    except OSError as exc:
        say("error", f"{path}: cannot read ({exc.strerror or exc})")
        return None
