"""Sentence confidence against the Chinese original (the ``confidence`` stage).

Imported only when a source is given; importing it registers ``confidence.sentences``.
The features (:mod:`mtfix.confidence.features`) and the logistic model
(:mod:`mtfix.confidence.model`) are shared with ``bench/calibrate_confidence.py``.
"""

from __future__ import annotations

from mtfix.confidence import stage  # noqa: F401
