"""``mtfix models``: list, pull and convert seq2seq models (:mod:`mtfix.retranslate.cli`)."""

from __future__ import annotations

from mtfix.cli.common import app

try:  # light to import: no torch, no transformers
    from mtfix.retranslate.cli import models_app
except ImportError:  # pragma: no cover - a trimmed install without the stage
    pass
else:
    app.add_typer(models_app, name="models")
