"""Sentence confidence against the Chinese original (the ``confidence`` step).

:func:`mtfix.confidence.scoring.score_sentences` fills the source analysis with a confidence
per English sentence.  The features (:mod:`mtfix.confidence.features`) and the logistic
model (:mod:`mtfix.confidence.logistic`) are shared with ``bench/calibrate_confidence.py``.
"""
