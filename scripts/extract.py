"""Extract entities and facts from articles with the packaged model, streaming.

Inputs: .txt files (one article each), .jsonl or .jsonl.gz files (one article a line: id plus
title/abstract/body or text), or folders of them (vi_corpus.articles). Each article is split into
sentences (the project's splitter) and run through `nlp.pipe` in batches (`--n-process` for
several processes). Output:
- one JSONL record per entity: article id, sentence number and text, label, entity text, character
  offsets in the sentence, and the normalized values (amount, amount_max, currency, province,
  province_before_2025, park_key). When the pipeline has `company_aliases`, a company's short name
  is also tagged in the other sentences of the article that named it in full ("Tập đoàn UAC" ...
  "UAC sẽ tuyển dụng");
- a summary JSON and Markdown table: money by province and by industrial park (amounts in the
  same sentence as the province or park, per currency), and companies by park.
Memory stays flat: articles are read lazily and only the summary counters are kept.
A bad line (invalid JSON) or an unreadable file is reported with file and line and skipped.
Empty or whitespace-only articles give no sentences; a "sentence" longer than --max-chars
(text without sentence ends) is cut at whitespace into pieces, each a sentence of its own.

With `--scheduler` (`tcp://host:8786`, or `local:N` for a LocalCluster of N worker processes) the
same extraction runs on Dask distributed (vi_industrial.cluster): `--output` is then a folder of
Parquet partitions (`part-NNNNN.parquet`, the JSONL records' columns; pandas, pyarrow and DuckDB
read the folder as one table), each written under a temporary name and renamed when complete; a
re-run into the same folder skips the complete partitions. The summary is reduced from the
partitions at the end.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import List, Optional

import typer
from tqdm import tqdm
from wasabi import msg

from vi_corpus.articles import read_articles
from vi_corpus.jsonl import fail
from vi_industrial.extraction import Summary, extract
from vi_industrial.pipeline import load_pipeline


def main(
    inputs: List[Path] = typer.Argument(..., help="Text files, JSONL article files or folders"),
    output: Path = typer.Option(..., "--output", "-o", help="Entities JSONL to write"),
    model: str = typer.Option("vi_industrial_ner", help="Installed package name or pipeline folder"),
    summary: Optional[Path] = typer.Option(None, help="Summary JSON (a Markdown table is written beside it)"),
    batch_size: int = typer.Option(256, help="Sentences per nlp.pipe batch"),
    n_process: int = typer.Option(1, "--n-process", help="Processes for nlp.pipe"),
    max_chars: int = typer.Option(5000, help="Longer sentences are cut at whitespace into pieces of this size"),
    scheduler: Optional[str] = typer.Option(None, help="Dask scheduler address (tcp://host:8786) or local:N; --output is then a folder"),
    partition_size: int = typer.Option(200, help="With --scheduler: articles per partition (one Parquet file each)"),
):
    """Run the model over articles; write one JSONL record per entity and a summary."""
    missing = [path for path in inputs if not path.exists()]
    if missing:
        fail(f"{missing[0]}: file not found" + (f" (and {len(missing) - 1} more inputs)" if len(missing) > 1 else ""))
    if scheduler is not None:
        run_on_cluster(inputs, output, model, summary, batch_size, max_chars, scheduler, partition_size)
        return
    nlp = load_pipeline(model)
    problems: List[str] = []
    totals = Summary()
    output.parent.mkdir(parents=True, exist_ok=True)
    n_sentences = n_entities = n_words = 0
    start = time.perf_counter()
    with output.open("w", encoding="utf-8") as out:
        sentences = extract(nlp, read_articles(inputs, problems), max_chars, batch_size, n_process)
        for text, records in tqdm(sentences, desc="sentences", unit=" sent", disable=not sys.stderr.isatty()):
            n_sentences += 1
            n_words += len(text.split())
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
            n_entities += len(records)
            totals.add(records)
    seconds = time.perf_counter() - start
    for problem in problems:
        msg.warn(problem)
    if summary:
        summary.parent.mkdir(parents=True, exist_ok=True)
        summary.write_text(json.dumps(totals.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        summary.with_suffix(".md").write_text(totals.markdown(), encoding="utf-8")
    msg.good(f"{n_sentences} sentences, {n_entities} entities -> {output}" + (f"; summary {summary}" if summary else "")
             + (f"; {len(problems)} problems skipped" if problems else ""))
    msg.info(f"{n_words:,} words in {seconds:.1f} s: {n_words / max(seconds, 1e-9):,.0f} words/s "
             f"({n_process} process{'es' if n_process > 1 else ''}, reading and writing included)")


def run_on_cluster(inputs: List[Path], output: Path, model: str, summary: Optional[Path], batch_size: int, max_chars: int,
                   scheduler: str, partition_size: int) -> None:
    from vi_industrial import cluster

    if output.suffix in (".jsonl", ".json", ".gz"):
        fail(f"{output}: with --scheduler, --output is a folder of Parquet partitions, not a file")
    if partition_size < 1:
        fail(f"--partition-size must be at least 1, got {partition_size}")
    try:
        cluster.check_manifest(output, {"inputs": [str(p) for p in inputs], "partition_size": partition_size,
                                        "max_chars": max_chars, "model": model})
        client = cluster.make_client(scheduler)
    except (ValueError, OSError) as e:
        fail(str(e))
    if client.dashboard_link:
        msg.info(f"Dask dashboard: {client.dashboard_link}")
    problems: List[str] = []
    start = time.perf_counter()
    with tqdm(desc="partitions", unit=" part", disable=not sys.stderr.isatty()) as bar:
        done = cluster.run(client, read_articles(inputs, problems), model, output, partition_size, max_chars, batch_size,
                           on_done=lambda _: bar.update())
    seconds = time.perf_counter() - start
    client.close()
    for problem in problems:
        msg.warn(problem)
    if summary:
        summary.parent.mkdir(parents=True, exist_ok=True)
        summary.write_text(json.dumps(done["summary"].as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        summary.with_suffix(".md").write_text(done["summary"].markdown(), encoding="utf-8")
    msg.good(f"{done['partitions']} partitions ({done['skipped']} complete before this run), {done['sentences']} sentences, "
             f"{done['entities']} entities -> {output}" + (f"; summary {summary}" if summary else "")
             + (f"; {len(problems)} problems skipped" if problems else ""))
    msg.info(f"{done['words']:,} words in {seconds:.1f} s: {done['words'] / max(seconds, 1e-9):,.0f} words/s ({scheduler})")


if __name__ == "__main__":
    typer.run(main)
