"""Shared loading of the evaluation data (``<repo>/../shared/evaldata/dev.jsonl``).

The data belongs to others and is never copied into the repository: it is
read in place, and every benchmark falls back to built-in text without it.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent


def dev_path() -> Path:
    """Where dev.jsonl is expected (``MTFIX_EVALDATA`` overrides the folder)."""
    folder = os.environ.get("MTFIX_EVALDATA")
    base = Path(folder) if folder else REPO.parent / "shared" / "evaldata"
    return base / "dev.jsonl"


def load_docs() -> list[dict[str, Any]]:
    """All documents of dev.jsonl, or ``[]`` when it is absent."""
    path = dev_path()
    if not path.exists():
        return []
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def system_documents(docs: list[dict[str, Any]]) -> Iterator[str]:
    """Every system's output of every document, segments joined by newlines."""
    for doc in docs:
        for segments in doc.get("systems", {}).values():
            yield "\n".join(segments)


def news_references(docs: list[dict[str, Any]]) -> Iterator[list[str]]:
    """The reference segments of each news document."""
    for doc in docs:
        if doc.get("domain") == "news" and doc.get("reference"):
            yield list(doc["reference"])


def news_pairs(n_docs: int, n_systems: int) -> list[tuple[str, str]]:
    """(English, Chinese) article pairs: the first ``n_systems`` systems' outputs of the first
    ``n_docs`` news documents, segments joined by newlines."""
    docs = [d for d in load_docs() if d.get("domain") == "news"][:n_docs]
    return [
        ("\n".join(segments), "\n".join(doc["source"]))
        for doc in docs
        for segments in list(doc["systems"].values())[:n_systems]
    ]
