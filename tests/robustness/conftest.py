"""Hypothesis profiles: ``ci`` (default, seconds) and ``long``.

Pick one with ``pytest --hypothesis-profile=long`` or ``MTFIX_HYPOTHESIS_PROFILE=long``.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples every run: CI never flakes
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=list(HealthCheck)
)
settings.load_profile(os.environ.get("MTFIX_HYPOTHESIS_PROFILE", "ci"))
