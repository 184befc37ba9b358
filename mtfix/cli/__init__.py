"""The ``mtfix`` command line: one module per command, all on one typer app.

Only typer is imported at start-up; the pipeline, the readers and rich are
imported inside the commands, so ``mtfix --help`` answers at once.  Every
document command runs its documents through :func:`mtfix.batch.run_job`.
"""

from __future__ import annotations

from typing import Annotated

import typer

# Each module registers its command(s) on ``app`` when imported.
from mtfix.cli import apply, check, fix, glossary, jsonl, models, review, rules, serve
from mtfix.cli.common import EXIT_ERROR, EXIT_FOUND, EXIT_INTERRUPTED, app, fail

__all__ = [
    "EXIT_ERROR",
    "EXIT_FOUND",
    "EXIT_INTERRUPTED",
    "app",
    "apply",
    "check",
    "fix",
    "glossary",
    "jsonl",
    "models",
    "review",
    "rules",
    "serve",
]


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
        fail(str(exc))
