"""mtfix: repair machine-translated English, with every edit explained."""

from __future__ import annotations

from mtfix.config import RepairConfig
from mtfix.edits import Edit, apply_edits
from mtfix.pipeline import Repairer, repair
from mtfix.result import RepairResult
from mtfix.source.analysis import SourceAnalysis

__version__ = "0.1.0"

__all__ = [
    "Edit",
    "RepairConfig",
    "RepairResult",
    "Repairer",
    "SourceAnalysis",
    "__version__",
    "apply_edits",
    "repair",
]
