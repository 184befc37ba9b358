"""Batch processing: ordered process pools, JSONL streaming, resumable folder runs."""

from mtfix.batch.files import BatchSummary, FileOutcome, RunOptions, run_files, run_job
from mtfix.batch.manifest import MANIFEST_NAME, Manifest, content_key
from mtfix.batch.pool import map_ordered
from mtfix.batch.records import repair_lines, repair_records
from mtfix.io.pairing import Job, plan_jobs

__all__ = [
    "MANIFEST_NAME",
    "BatchSummary",
    "FileOutcome",
    "Job",
    "Manifest",
    "RunOptions",
    "content_key",
    "map_ordered",
    "plan_jobs",
    "repair_lines",
    "repair_records",
    "run_files",
    "run_job",
]
