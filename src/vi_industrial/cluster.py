"""Extraction over an archive on Dask distributed: partitions of articles, one Parquet file each.

The client reads the inputs lazily and cuts them into partitions of `partition_size` articles; it
keeps at most `in_flight` partitions submitted at a time, so neither it nor any worker holds the
whole input. A worker loads the model once (a cache per worker process), runs the same loop as the
single-process path (`vi_industrial.extraction.extract`: sentences, `nlp.pipe`, company names linked
across each article's sentences) and writes `part-NNNNN.parquet` with the columns of the JSONL
records, plus the partition's summary beside it. Both are written under a temporary name and
renamed when complete; the Parquet file is renamed last, so its presence marks a complete
partition. A re-run into the same folder skips complete partitions (resume); the folder's
`_manifest.json` (partition size, inputs) makes a re-run with other settings an error instead of a
silent mix. A worker that dies mid-partition leaves only a temporary file; the scheduler runs the
task again elsewhere, which writes the same partition under the same final name: no record is lost
or written twice. The summary is reduced from the partitions' summaries at the end.
"""

from __future__ import annotations

import json
import os
import uuid
from pathlib import Path
from typing import Callable, Dict, Iterable, Iterator, List, Optional, Tuple

import pyarrow as pa
import pyarrow.parquet as pq

from vi_corpus.articles import Article
from vi_industrial.extraction import Summary, extract

# The columns of the JSONL entity records (vi_industrial.extraction.entity_record); the normalized
# values are null where a label has none.
RECORD_SCHEMA = pa.schema([
    ("article", pa.string()), ("sentence", pa.int64()), ("sentence_text", pa.string()), ("label", pa.string()),
    ("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("amount", pa.float64()),
    ("amount_max", pa.float64()), ("currency", pa.string()), ("province", pa.string()),
    ("province_before_2025", pa.string()), ("park_key", pa.string()),
])
MANIFEST = "_manifest.json"

_MODELS: Dict[str, object] = {}  # per worker process: the model is loaded once, not per partition


def _model(name: str):
    if name not in _MODELS:
        from vi_industrial.pipeline import load_pipeline

        _MODELS[name] = load_pipeline(name)
    return _MODELS[name]


def partition_paths(output: Path, index: int) -> Tuple[Path, Path]:
    return output / f"part-{index:05d}.parquet", output / f"part-{index:05d}.summary.json"


def partitions(articles: Iterable[Article], size: int) -> Iterator[Tuple[int, List[Article]]]:
    """(index, articles) of consecutive partitions of `size` articles, read lazily."""
    batch: List[Article] = []
    index = 0
    for article in articles:
        batch.append(article)
        if len(batch) == size:
            yield index, batch
            index, batch = index + 1, []
    if batch:
        yield index, batch


def _write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    tmp = path.with_name(f"{path.name}.{uuid.uuid4().hex}.tmp")  # unique: two attempts never share a file
    write(tmp)
    os.replace(tmp, path)


def extract_partition(index: int, articles: List[Article], model: str, output: str, max_chars: int = 5000,
                      batch_size: int = 256) -> dict:
    """Run on a worker: the partition's records to Parquet, its summary to JSON; returns the summary."""
    parquet, summary_path = partition_paths(Path(output), index)
    if parquet.exists() and summary_path.exists():
        return json.loads(summary_path.read_text(encoding="utf-8"))
    rows: List[dict] = []
    totals = Summary()
    n_sentences = n_words = 0
    for text, records in extract(_model(model), articles, max_chars, batch_size):
        n_sentences += 1
        n_words += len(text.split())
        rows.extend(records)
        totals.add(records)
    result = {"index": index, "articles": len(articles), "sentences": n_sentences, "words": n_words,
              "entities": len(rows), "summary": totals.as_dict()}
    _write_atomically(summary_path, lambda p: p.write_text(json.dumps(result, ensure_ascii=False), encoding="utf-8"))
    table = pa.Table.from_pylist(rows, schema=RECORD_SCHEMA)
    _write_atomically(parquet, lambda p: pq.write_table(table, p))
    return result


def check_manifest(output: Path, settings: dict) -> None:
    """Write the folder's manifest, or fail when the folder was written with other settings."""
    path = output / MANIFEST
    if path.exists():
        previous = json.loads(path.read_text(encoding="utf-8"))
        if previous != settings:
            raise ValueError(f"{output} holds partitions written with {previous}, not {settings}: "
                             "use another output folder or the same inputs and --partition-size")
    else:
        output.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(settings, ensure_ascii=False, indent=1), encoding="utf-8")


def make_client(scheduler: str):
    """A Dask client: `local:N` starts a LocalCluster of N worker processes (one thread each: spaCy
    and the BLAS kernel use one core per process), anything else is a scheduler address."""
    from distributed import Client, LocalCluster

    if scheduler.startswith("local:"):
        n = scheduler.split(":", 1)[1]
        if not n.isdigit() or int(n) < 1:
            raise ValueError(f"--scheduler local:N needs a number of workers, got {scheduler!r}")
        cluster = LocalCluster(n_workers=int(n), threads_per_worker=1, processes=True, dashboard_address=":0",
                               env={"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"})
        return Client(cluster)
    return Client(scheduler)


def run(client, articles: Iterable[Article], model: str, output: Path, partition_size: int = 200,
        max_chars: int = 5000, batch_size: int = 256, in_flight: Optional[int] = None,
        on_done: Optional[Callable[[dict], None]] = None) -> dict:
    """Extract every partition on the cluster; return the reduced summary and the counts. Complete
    partitions in `output` are not run again. `on_done` is called with each partition's result."""
    from distributed import as_completed

    output.mkdir(parents=True, exist_ok=True)
    workers = max(1, len(client.scheduler_info().get("workers", {})))
    in_flight = in_flight or 2 * workers
    totals = Summary()
    counts = {"partitions": 0, "skipped": 0, "articles": 0, "sentences": 0, "words": 0, "entities": 0}

    def collect(result: dict) -> None:
        totals.merge(result["summary"])
        counts["partitions"] += 1
        for key in ("articles", "sentences", "words", "entities"):
            counts[key] += result[key]
        if on_done:
            on_done(result)

    pending = as_completed()
    for index, batch in partitions(articles, partition_size):
        parquet, summary_path = partition_paths(output, index)
        if parquet.exists() and summary_path.exists():  # resume: complete before this run
            counts["skipped"] += 1
            collect(json.loads(summary_path.read_text(encoding="utf-8")))
            continue
        pending.add(client.submit(extract_partition, index, batch, model, str(output), max_chars, batch_size,
                                  key=f"extract-partition-{index}-{uuid.uuid4().hex[:8]}", pure=False))
        while pending.count() >= in_flight:
            collect(next(pending).result())
    for future in pending:
        collect(future.result())
    # every partition is complete: what is left under a temporary name is an attempt that died
    for stale in output.glob("*.tmp"):
        stale.unlink()
    return {"summary": totals, **counts}


def read_records(output: Path) -> List[dict]:
    """Every record of a partition folder, in partition order, without the null columns."""
    rows = []
    for path in sorted(output.glob("part-*.parquet")):
        rows += [{k: v for k, v in row.items() if v is not None} for row in pq.read_table(path).to_pylist()]
    return rows
