"""``python -m mtfix``."""

from mtfix.cli import app

app(prog_name="mtfix")
