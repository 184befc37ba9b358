"""The Dask integration on a local cluster equals the single-process result."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mtfix.batch import repair_records

from .docs import make_docs

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def client():  # type: ignore[no-untyped-def]
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        worker_dashboard_address=None,
    )
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_jsonl_on_local_cluster(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from mtfix.integrations.dask import repair_jsonl

    docs = make_docs(300)
    src = tmp_path / "in"
    src.mkdir()
    for part in range(3):
        with (src / f"{part}.jsonl").open("w") as fh:
            for d in docs[part * 100 : (part + 1) * 100]:
                fh.write(json.dumps(d) + "\n")
    with (src / "3.jsonl").open("w") as fh:
        fh.write('{"id": "broken", "text": \n')
    written = repair_jsonl(str(src / "*.jsonl"), str(tmp_path / "out"))
    got = [json.loads(line) for f in written for line in Path(f).read_text().splitlines()]
    assert got[:-1] == list(repair_records(docs))  # what one process gives
    assert got[-1]["error"].startswith("line 1: invalid JSON")


def test_parquet_on_local_cluster(client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    from mtfix.integrations.dask import repair_parquet

    docs = make_docs(200)
    pd.DataFrame(docs).to_parquet(tmp_path / "in.parquet")
    repair_parquet(str(tmp_path / "in.parquet"), str(tmp_path / "out"))
    out = pd.read_parquet(tmp_path / "out").sort_values("id", key=lambda s: s.str[4:].astype(int))
    expected = {r["id"]: r["text"] for r in repair_records(docs)}
    assert dict(zip(out["id"], out["text"], strict=True)) == expected
    assert out["error"].isna().all()
