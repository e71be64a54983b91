"""Speed of the shipped pipeline against its peer, side by side in one run on the same texts.

The texts are the first --paragraphs non-empty paragraphs of the raw vietnews articles (general news,
none of it gold). Each repeat measures, each in a fresh process (vi_industrial.benchmark):
- the shipped pipeline end to end (raw text in, entities out), as its config says, in one process;
  and on --copies passes over the texts (worker start-up amortized) in one process and with
  nlp.pipe(n_process=2), one BLAS thread a worker;
- the same pipeline with the blis matrix kernel (thinc's default, before vi_industrial.MatrixKernel.v1);
- `spacy benchmark speed` on the same texts (it leaves the tokenizer out);
- underthesea's CRF NER in its own environment (scripts/underthesea_ner.py).
The table gives the median words/s of the repeats (whitespace words of the input), their range,
the peak memory, and the ratios; it is printed and written to OUTPUT/benchmark.md and .json.
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Dict, List, Optional

import typer
from spacy.tokens import DocBin
from wasabi import msg

from vi_corpus.articles import read_articles
from vi_corpus.jsonl import InputError, fail, write_jsonl
from vi_industrial.pipeline import load_pipeline
from vi_industrial.studies import markdown_table

SPACY_SPEED = re.compile(r"Mean: ([\d.]+) words/s")


def paragraphs(raw: Path, n: int) -> List[str]:
    out: List[str] = []
    for _, _, text in read_articles([raw]):
        out += [line.strip() for line in text.splitlines() if line.strip()]
        if len(out) >= n:
            return out[:n]
    return out


ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def run_json(cmd: List[str], env: Optional[dict] = None) -> dict:
    done = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, **(env or {})})
    if done.returncode != 0:
        fail(f"{' '.join(cmd[:4])} ... failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def spacy_speed(model: str, docbin: Path, batch_size: int) -> dict:
    code = Path(__file__).resolve().parent.parent / "src" / "vi_industrial" / "registration.py"
    cmd = [sys.executable, "-m", "spacy", "benchmark", "speed", model, str(docbin), "--batch-size", str(batch_size),
           "--no-shuffle", "--batches", "30", "--warmup", "1", "--code", str(code)]
    done = subprocess.run(cmd, capture_output=True, text=True)
    found = SPACY_SPEED.search(done.stdout)
    if done.returncode != 0 or not found:
        fail(f"spacy benchmark speed failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")
    return {"words_per_second": float(found.group(1))}


def main(
    model: str = typer.Argument("training/model-final", help="The shipped pipeline (folder or package)"),
    raw: Path = typer.Argument(Path("../shared/data/vietnews_raw_40k.jsonl.gz"), help="Raw articles (JSONL or .gz)"),
    output: Path = typer.Option(Path("training/benchmark"), help="Folder for the texts and the results"),
    n_paragraphs: int = typer.Option(1500, "--paragraphs", help="Paragraphs to tag"),
    repeats: int = typer.Option(3, help="Repeats of every measurement (the table gives the median)"),
    batch_size: int = typer.Option(256, help="nlp.pipe batch size"),
    peer_python: Path = typer.Option(Path(".venv-underthesea/bin/python"), help="Python of the underthesea environment"),
    copies: int = typer.Option(4, help="Passes over the texts for the one-process/two-process comparison (amortizes start-up)"),
):
    """Words/s of the shipped pipeline, spacy benchmark speed and underthesea's NER on the same texts."""
    for path in (raw, peer_python):
        if not path.exists():
            fail(f"{path}: not found" + (" (spacy project run benchmark-setup builds it)" if path == peer_python else ""))
    if repeats < 1:
        fail("--repeats must be at least 1")
    try:
        texts = paragraphs(raw, n_paragraphs)
    except InputError as e:
        fail(str(e))
    output.mkdir(parents=True, exist_ok=True)
    texts_file, docbin = output / "texts.jsonl", output / "texts.spacy"
    write_jsonl(texts_file, ({"text": t} for t in texts))
    nlp = load_pipeline(model)
    DocBin(docs=[nlp.make_doc(t) for t in texts]).to_disk(docbin)
    words = sum(len(t.split()) for t in texts)
    msg.info(f"{len(texts)} paragraphs, {words:,} words; {repeats} repeats")
    worker = [sys.executable, "-m", "vi_industrial.benchmark", str(texts_file), model, "--batch-size", str(batch_size)]
    runs: Dict[str, List[dict]] = {}
    many = ["--copies", str(copies)]
    measurements = {
        "pipeline, 1 process": lambda: run_json(worker),
        f"pipeline, 1 process, texts x{copies}": lambda: run_json(worker + many),
        # one BLAS thread: what each of two workers gets, so the n_process=2 ratio compares like with like
        f"pipeline, 1 process, 1 BLAS thread, texts x{copies}": lambda: run_json(worker + many, env=ONE_THREAD),
        # one BLAS thread a worker: two workers with two threads each would share the two cores four ways
        f"pipeline, nlp.pipe(n_process=2), texts x{copies}": lambda: run_json(worker + many + ["--n-process", "2"], env=ONE_THREAD),
        "pipeline, 1 process, blis kernel": lambda: run_json(worker + ["--kernel", "blis"]),
        "spacy benchmark speed (no tokenizer)": lambda: spacy_speed(model, docbin, batch_size),
        "underthesea NER (CRF)": lambda: run_json([str(peer_python), str(Path(__file__).parent / "underthesea_ner.py"), str(texts_file)]),
    }
    for repeat in range(repeats):
        for name, run in measurements.items():  # interleaved, so that a slow moment hits every row
            runs.setdefault(name, []).append(run())
            msg.text(f"repeat {repeat + 1}/{repeats}: {name}: {runs[name][-1]['words_per_second']:,.0f} words/s")
    median = {name: statistics.median(r["words_per_second"] for r in rs) for name, rs in runs.items()}
    peer = median["underthesea NER (CRF)"]
    rows = []
    for name, rs in runs.items():
        speeds = [r["words_per_second"] for r in rs]
        peak = max((r["peak_rss_mb"] for r in rs if "peak_rss_mb" in r), default=None)
        rows.append([name, f"{median[name]:,.0f}", f"{min(speeds):,.0f}-{max(speeds):,.0f}",
                     f"{median[name] / peer:.1f}x", f"{peak:,.0f}" if peak else "-", rs[0].get("kernel", "-")])
    table = markdown_table(["measurement", "words/s (median)", "range", "vs underthesea", "peak MB", "kernel"], rows)
    one, two = median[f"pipeline, 1 process, texts x{copies}"], median[f"pipeline, nlp.pipe(n_process=2), texts x{copies}"]
    one_thread = median[f"pipeline, 1 process, 1 BLAS thread, texts x{copies}"]
    configured, blis = median["pipeline, 1 process"], median["pipeline, 1 process, blis kernel"]
    summary = (f"{len(texts)} paragraphs, {words:,} words, {repeats} repeats. n_process=2 (one BLAS thread each): "
               f"{two / one_thread:.2f}x one process with one BLAS thread, {two / one:.2f}x one process with the default threads; "
               f"the configured kernel {configured / blis:.2f}x the blis kernel.")
    (output / "benchmark.json").write_text(json.dumps({"words": words, "paragraphs": len(texts), "runs": runs, "median": median},
                                                      indent=1) + "\n", encoding="utf-8")
    (output / "benchmark.md").write_text(f"{table}\n\n{summary}\n", encoding="utf-8")
    msg.divider("Speed (words/s, raw text in, entities out)")
    print(table)
    print(summary)
    msg.good(f"Wrote {output / 'benchmark.md'}, {output / 'benchmark.json'}")


if __name__ == "__main__":
    typer.run(main)
