"""Throughput of the Dask extraction with 1 and with 2 workers on the same raw articles, and the peak
memory of each worker: `spacy project run benchmark-cluster`.

The first `--articles` raw articles are written once to a JSONL file; for each worker count the
extraction (vi_industrial.cluster, one LocalCluster of N worker processes with one thread each) runs
into a fresh folder, timed from the first partition submitted to the summary reduced. The peak
resident memory of every worker process (ru_maxrss) is read from the workers at the end: it must
stay flat as the input grows, since a worker holds one partition at a time. Writes a Markdown table
and a JSON file.
"""

from __future__ import annotations

import json
import resource
import shutil
import time
from itertools import islice
from pathlib import Path
from typing import List

import typer
from wasabi import msg

from vi_corpus.articles import read_articles
from vi_corpus.jsonl import InputError, fail, read_jsonl, write_jsonl
from vi_industrial import cluster


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(
    model: str = typer.Argument(..., help="Pipeline folder or installed package"),
    raw: Path = typer.Argument(..., help="Raw articles, JSONL or JSONL.gz"),
    output: Path = typer.Option(Path("training/benchmark-cluster"), help="Folder for the texts, partitions and results"),
    n_articles: int = typer.Option(5000, "--articles", help="Raw articles to extract (0: all)"),
    workers: List[int] = typer.Option([1, 2], help="Worker counts to measure (repeatable)"),
    partition_size: int = typer.Option(200, help="Articles per partition"),
):
    """Words/s of extract.py --scheduler local:N for each N, and each worker's peak memory."""
    if not raw.exists():
        fail(f"{raw}: file not found (see the assets section of project.yml)")
    output.mkdir(parents=True, exist_ok=True)
    texts = output / "articles.jsonl"
    records = (rec for _, rec in read_jsonl(raw))
    try:
        written = write_jsonl(texts, islice(records, n_articles) if n_articles else records)
    except InputError as e:
        fail(str(e))
    rows, results = [], {}
    for n in workers:
        folder = output / f"parts-{n}"
        shutil.rmtree(folder, ignore_errors=True)
        client = cluster.make_client(f"local:{n}")
        try:
            start = time.perf_counter()
            done = cluster.run(client, read_articles([texts]), model, folder, partition_size)
            seconds = time.perf_counter() - start
            peaks = sorted(client.run(peak_rss_mb).values())
        finally:
            client.close()
        results[n] = {"seconds": seconds, "words": done["words"], "words_per_second": done["words"] / seconds,
                      "partitions": done["partitions"], "worker_peak_rss_mb": peaks}
        msg.text(f"{n} worker(s): {done['words']:,} words in {seconds:.0f} s, {done['words'] / seconds:,.0f} words/s, "
                 f"peak MB per worker {', '.join(f'{p:,.0f}' for p in peaks)}")
        rows.append(f"| {n} | {done['words']:,} | {seconds:,.0f} | {done['words'] / seconds:,.0f} | "
                    f"{results[n]['words_per_second'] / results[workers[0]]['words_per_second']:.2f}x | "
                    + ", ".join(f"{p:,.0f}" for p in peaks) + " |")
    table = "\n".join(["| workers | words | seconds | words/s | vs first row | peak MB per worker |",
                       "| ---: | ---: | ---: | ---: | ---: | --- |", *rows])
    summary = f"{written:,} raw articles, partitions of {partition_size}; one thread per worker."
    (output / "benchmark.md").write_text(f"{table}\n\n{summary}\n", encoding="utf-8")
    (output / "benchmark.json").write_text(json.dumps({"articles": written, "results": results}, indent=1) + "\n", encoding="utf-8")
    print(table)
    print(summary)
    msg.good(f"Wrote {output / 'benchmark.md'}, {output / 'benchmark.json'}")


if __name__ == "__main__":
    typer.run(main)
