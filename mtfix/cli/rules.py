"""``mtfix rules``: the registered rules (ids for ``--disable``)."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from mtfix.cli.common import app, write_stdout


@app.command()
def rules(
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List the registered rules (ids for --disable)."""
    from mtfix import registry

    registry.load_source_fixers()
    rows = [
        {
            "id": f.id,
            "stage": f.stage,
            "severity": f.severity,
            "needs_source": f.needs_source,
            "description": f.description,
        }
        for f in registry.fixers()
    ]
    if as_json:
        write_stdout(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
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
