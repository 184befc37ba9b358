"""Batch processing: ordered process pools, JSONL streaming, resumable runs."""

from mtfix.batch.manifest import Manifest
from mtfix.batch.pool import map_ordered
from mtfix.batch.records import record_to_output, repair_records

__all__ = ["Manifest", "map_ordered", "record_to_output", "repair_records"]
