"""Batch processing: ordered process pools, JSONL streaming, resumable folder runs."""

from mtfix.batch.files import BatchSummary, FileOutcome, FileTask, plan_files, run_files
from mtfix.batch.manifest import MANIFEST_NAME, Manifest, content_key
from mtfix.batch.pool import map_ordered
from mtfix.batch.records import record_to_output, repair_lines, repair_records

__all__ = [
    "MANIFEST_NAME",
    "BatchSummary",
    "FileOutcome",
    "FileTask",
    "Manifest",
    "content_key",
    "map_ordered",
    "plan_files",
    "record_to_output",
    "repair_lines",
    "repair_records",
    "run_files",
]
