"""``mtfix glossary check``: validate a glossary file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from mtfix.cli.common import EXIT_FOUND, app, fail

glossary_app = typer.Typer(help="Glossary tools.", no_args_is_help=True, rich_markup_mode=None)
app.add_typer(glossary_app, name="glossary")


@glossary_app.command("check")
def glossary_check(
    file: Annotated[Path, typer.Argument(help="Glossary file to validate.", show_default=False)],
) -> None:
    """Validate a glossary file: print its problems by line; exit 1 on errors."""
    from mtfix.rules import glossary

    validate = getattr(glossary, "validate_glossary", None)
    if validate is None:
        fail("glossary validation is not available in this version")
    if not file.is_file():
        fail(f"{file}: no such file")
    try:
        issues = list(validate(file))
    except (OSError, ValueError) as exc:
        fail(f"{file}: {exc}")
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
