"""Shared by every test: the tests folder is importable (``toymodel``, the tiny models)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
