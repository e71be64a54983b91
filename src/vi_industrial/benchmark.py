"""Speed measurements of a pipeline, each run in a fresh process so that its peak memory is its own.

`python -m vi_industrial.benchmark TEXTS MODEL [--n-process N] [--kernel K]` loads MODEL, tags every
text of TEXTS (JSONL, {"text": ...}) with nlp.pipe, raw text in and entities out, and prints one
JSON line: words (whitespace words of the input), seconds, words/s, entities, the peak resident
memory of the process (and of its worker processes), and the matrix kernel the models ran with.
scripts/benchmark.py runs it, and spacy benchmark speed and the underthesea peer, on the same texts.
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path
from typing import List, Optional

import spacy

import vi_industrial  # noqa: F401  (registers the pipeline's code)
from vi_corpus.jsonl import read_jsonl
from vi_industrial.ops import matrix_kernel


def read_texts(path: Path) -> List[str]:
    return [record["text"] for _, record in read_jsonl(path)]


def load(model: str, kernel: Optional[str] = None):
    """The pipeline; with `kernel`, its models multiply with that kernel whatever its config says."""
    if kernel is None:
        return spacy.load(model)
    callback = {"@callbacks": "vi_industrial.MatrixKernel.v1", "kernel": kernel}
    return spacy.load(model, config={"nlp": {"after_pipeline_creation": callback}})


def measure(texts: List[str], model: str, n_process: int = 1, batch_size: int = 256, kernel: Optional[str] = None,
            copies: int = 1) -> dict:
    """Words/s of nlp.pipe over `copies` passes of `texts`; the clock includes starting the worker
    processes, which more copies amortize as a long archive does."""
    texts = texts * copies
    nlp = load(model, kernel)
    words = sum(len(text.split()) for text in texts)
    start = time.perf_counter()
    n_ents = sum(len(doc.ents) for doc in nlp.pipe(texts, batch_size=batch_size, n_process=n_process))
    seconds = time.perf_counter() - start
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {"words": words, "seconds": seconds, "words_per_second": words / seconds, "entities": n_ents,
            "peak_rss_mb": peak / 1024, "kernel": matrix_kernel(nlp), "n_process": n_process, "copies": copies}


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description="Words/s of a pipeline on JSONL texts (one measurement, one process)")
    parser.add_argument("texts", type=Path, help="JSONL texts ({\"text\": ...} lines)")
    parser.add_argument("model", help="Pipeline folder or installed package")
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--copies", type=int, default=1, help="Passes over the texts (amortizes process start-up)")
    parser.add_argument("--kernel", choices=("auto", "numpy", "blis"), default=None,
                        help="Override the pipeline's matrix kernel (default: as its config says)")
    args = parser.parse_args(argv)
    print(json.dumps(measure(read_texts(args.texts), args.model, args.n_process, args.batch_size, args.kernel, args.copies)))


if __name__ == "__main__":
    main()
