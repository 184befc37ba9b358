"""``mtfix serve``: a long-lived worker answering JSON Lines on standard input and output.

For pipelines that repair article by article: the repairer and its resources (the
sentence encoder, jieba, the tables) load once, then each request line gets its
response line at once (flushed), in the schema of ``fix --jsonl``
(:func:`mtfix.io.jsonl.process_line`).  End of input ends the worker (exit 0).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from mtfix.cli.common import (
    EXIT_INTERRUPTED,
    DisableOpt,
    EngineOpt,
    GlossaryOpt,
    ModelOpt,
    ThresholdOpt,
    app,
    make_config,
    make_repairer,
    write_stdout,
)

if TYPE_CHECKING:
    pass

#: What the warm-up repairs, so that every resource a source needs is loaded.
_WARM_UP = ("The city said on Monday that 3 people were hurt.", "该市周一表示，有3人受伤。")


@app.command()
def serve(
    glossary: GlossaryOpt = None,
    threshold: ThresholdOpt = None,
    model: ModelOpt = None,
    engine: EngineOpt = None,
    disable: DisableOpt = None,
    warm_up: Annotated[
        bool,
        typer.Option(
            "--warm-up/--no-warm-up",
            help="Load everything a request with a source needs before reading the first.",
        ),
    ] = True,
) -> None:
    """Repair JSON Lines requests from standard input, one response line each, as they come.

    A request is {"id"?, "text", "source"?, ...}; its response is the record
    'fix --jsonl' writes (a bad line gets an "error" record).  Blank lines are
    skipped.  The worker ends when its input ends.
    """
    from mtfix.batch.records import repair_function
    from mtfix.io import jsonl

    config = make_config(glossary, threshold, model, engine, disable)
    repairer = make_repairer(config)
    if warm_up:
        repairer.repair(_WARM_UP[0], source=_WARM_UP[1])

    repair = repair_function(config)  # the same repairer: resources loaded once
    try:
        for number, raw in jsonl.iter_lines(sys.stdin.buffer):
            write_stdout(jsonl.process_line(number, raw, repair).data)  # flushes
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_INTERRUPTED) from None
