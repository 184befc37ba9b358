"""``mtfix apply``: an editor's decisions from a review page, turned into the final text."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from mtfix.cli.common import app, display, fail, say, write_stdout


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
    from mtfix.io.writing import write_atomic, write_error
    from mtfix.review import DecisionsError, apply_decisions_all

    if output is not None and out_dir is not None:
        fail("use only one of -o/--output and --out-dir")
    try:
        raw = sys.stdin.buffer.read() if decisions == "-" else Path(decisions).read_bytes()
        docs = apply_decisions_all(raw.decode("utf-8-sig"))
    except OSError as exc:
        fail(f"{decisions}: cannot read ({exc.strerror or exc})")
    except (UnicodeDecodeError, DecisionsError) as exc:
        fail(f"{display(decisions)}: {exc}")
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        fail(f"{display(decisions)}: cannot read the decisions: {exc}")
    except RecursionError:
        fail(f"{display(decisions)}: nested too deeply to be a decisions file")
    if out_dir is None:
        if len(docs) != 1:
            fail(f"{decisions} holds {len(docs)} documents; use --out-dir")
        if output in (None, "-"):
            write_stdout(docs[0].text)
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
            fail("two documents have the same name; write them one by one with -o")
        out_dir.mkdir(parents=True, exist_ok=True)
    for target, doc in zip(targets, docs, strict=True):
        try:
            write_atomic(target, doc.text)
        except OSError as exc:
            fail(f"cannot write {target}: {write_error(exc)}")
        say("done", f"{target}: {doc.accepted} edit(s) accepted, {doc.rejected} rejected")
