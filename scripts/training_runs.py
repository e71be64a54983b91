"""Shared helpers for the experiment commands: train a config with overrides and score it.

Used by tokenization_study.py, compare_variants.py, train_seeds.py and learning_curve.py,
so that every study trains and evaluates the same way as the `train` and
`evaluate` commands.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence

import spacy
from spacy.cli.train import train as spacy_train
from spacy.tokens import DocBin
from spacy.util import import_file
from wasabi import msg

from evaluate import evaluate
from gold_records import LABELS  # noqa: F401  (re-exported for the study scripts)
from jsonl_io import fail


def require_files(*paths: Path) -> None:
    """Fail with one line for the first input that does not exist (before minutes of training)."""
    for path in paths:
        if path is not None and not Path(path).exists():
            fail(f"{path}: file not found")


def load_code(code: Path):
    """Import a module file (registers its functions); returns the module."""
    return import_file(code.stem, code)


def parse_overrides(items: Sequence[str]) -> Dict[str, object]:
    """`key=value` strings to config overrides; values are read as JSON where they parse
    (numbers, true/false, null), else kept as strings (paths)."""
    out: Dict[str, object] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"override {item!r} is not key=value")
        try:
            out[key] = json.loads(value)
        except json.JSONDecodeError:
            out[key] = value
    return out


def train_and_score(
    config: Path,
    output: Path,
    overrides: Dict[str, object],
    eval_data: Path,
) -> dict:
    """Train (model-best kept), then evaluate it on `eval_data`; returns metrics plus timing."""
    start = time.perf_counter()
    spacy_train(config, output, use_gpu=-1, overrides=overrides)
    train_seconds = time.perf_counter() - start
    nlp = spacy.load(output / "model-best")
    docs = list(DocBin().from_disk(eval_data).get_docs(nlp.vocab))
    start = time.perf_counter()
    metrics, _ = evaluate(nlp, docs)
    seconds = time.perf_counter() - start
    metrics["words_per_second"] = sum(len(d.text.split()) for d in docs) / seconds
    metrics["train_seconds"] = train_seconds
    return metrics


def subsample(data: Path, output: Path, fraction: float, seed: int) -> int:
    """Write a random share of the articles of a DocBin (split by article, like the corpus)."""
    nlp = spacy.blank("vi")
    docs = list(DocBin().from_disk(data).get_docs(nlp.vocab))
    articles = sorted({d.user_data["article"] for d in docs})
    random.Random(seed).shuffle(articles)
    keep = set(articles[: max(1, round(fraction * len(articles)))])
    chosen = [d for d in docs if d.user_data["article"] in keep]
    DocBin(docs=chosen, store_user_data=True).to_disk(output)
    return len(chosen)


def f_row(name: str, metrics: dict, labels: Sequence[str] = LABELS) -> List[str]:
    per_type = metrics["ents_per_type"]
    return [name, f"{metrics['ents_f']:.3f}"] + [f"{per_type.get(label, {}).get('f', 0.0):.3f}" for label in labels]


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" if i == 0 else "---:" for i in range(len(header))) + " |"]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in rows]
    return "\n".join(lines)


def write_and_print(path: Optional[Path], title: str, table: str) -> None:
    msg.divider(title)
    print(table)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"# {title}\n\n{table}\n", encoding="utf-8")
        msg.good(f"Wrote {path}")
