"""Run mtfix on a Dask cluster: JSON Lines or Parquet datasets in, the same out.

Each worker process holds one :class:`~mtfix.Repairer` per config
(:func:`mtfix.pipeline.get_repairer`, built on first use and kept for the
worker's life), so models load once per worker.  Records, lines and
DataFrame rows all go through :mod:`mtfix.io.jsonl`, the path ``mtfix fix
--jsonl`` takes.

    from dask.distributed import Client
    from mtfix.integrations.dask import repair_jsonl
    client = Client("scheduler:8786")
    repair_jsonl("s3://bucket/in/*.jsonl", "s3://bucket/out/", config=RepairConfig())
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mtfix.config import RepairConfig

if TYPE_CHECKING:
    import dask.bag
    import dask.dataframe
    import pandas


def _repair_partition(
    records: Iterable[dict[str, Any]], config: RepairConfig
) -> list[dict[str, Any]]:
    from mtfix.batch.records import repair_one

    return [repair_one(rec, config) for rec in records]


def repair_bag(bag: dask.bag.Bag, *, config: RepairConfig | None = None) -> dask.bag.Bag:
    """Repair a bag of ``{id, text, source?, ...}`` records, keeping their order."""
    return bag.map_partitions(_repair_partition, config or RepairConfig())


def _repair_text_partition(lines: Iterable[str], config: RepairConfig) -> list[str]:
    from mtfix.batch.records import repair_line

    out = []
    for number, line in enumerate(lines, start=1):
        if line.strip():
            rec = repair_line(number, line.encode("utf-8"), config, keep=False)
            out.append(rec.data.decode("utf-8").rstrip("\n"))
    return out


def repair_jsonl(
    inputs: str | list[str],
    output_dir: str,
    *,
    config: RepairConfig | None = None,
    blocksize: str | int | None = "16MiB",
) -> list[str]:
    """Repair JSON Lines files into ``output_dir/NNN.jsonl`` part files.

    Output lines are exactly those of ``mtfix fix --jsonl``; a malformed line
    becomes an ``error`` record (its ``line N`` counts within its partition).
    """
    import dask.bag as db

    lines = db.read_text(inputs, blocksize=blocksize, encoding="utf-8")
    repaired = lines.map_partitions(_repair_text_partition, config or RepairConfig())
    written: list[str] = repaired.to_textfiles(f"{output_dir.rstrip('/')}/*.jsonl")
    return written


def _repair_frame(
    df: pandas.DataFrame, config: RepairConfig, text_column: str, source_column: str | None
) -> pandas.DataFrame:
    from mtfix.batch.records import repair_one

    texts: list[str] = []
    edits: list[str] = []
    summaries: list[str] = []
    errors: list[str | None] = []
    sources = df[source_column] if source_column and source_column in df else [None] * len(df)
    for text, source in zip(df[text_column], sources, strict=True):
        # The row as a record, through the one path records take (mtfix.io.jsonl).
        out = repair_one(
            {"text": text, "source": source if isinstance(source, str) else None}, config
        )
        texts.append(out.get("text", text))
        edits.append(json.dumps(out.get("edits", []), ensure_ascii=False))
        summaries.append(json.dumps(out.get("summary", {})))
        errors.append(out.get("error"))
    import pandas as pd

    out_df = df.copy()
    columns = {
        "original": list(df[text_column]),
        text_column: texts,
        "edits": edits,
        "summary": summaries,
        "error": errors,
    }
    for name, values in columns.items():  # string columns, so pyarrow knows their type
        out_df[name] = pd.Series(values, index=df.index, dtype="string")
    return out_df


def repair_dataframe(
    ddf: dask.dataframe.DataFrame,
    *,
    config: RepairConfig | None = None,
    text_column: str = "text",
    source_column: str | None = "source",
) -> dask.dataframe.DataFrame:
    """Repair a Dask DataFrame's text column (edits and summary as JSON strings)."""
    import pandas as pd

    cfg = config or RepairConfig()
    meta = ddf._meta.copy()
    for col in ("original", text_column, "edits", "summary", "error"):
        meta[col] = pd.Series(dtype="string")
    return ddf.map_partitions(_repair_frame, cfg, text_column, source_column, meta=meta)


def repair_parquet(
    inputs: str,
    output: str,
    *,
    config: RepairConfig | None = None,
    text_column: str = "text",
    source_column: str | None = "source",
) -> None:
    """Repair a Parquet dataset into another Parquet dataset."""
    import dask.dataframe as dd

    ddf = dd.read_parquet(inputs)
    repair_dataframe(
        ddf, config=config, text_column=text_column, source_column=source_column
    ).to_parquet(output, write_index=False)
