"""The one study runner: train config variants x seeds with `spacy train` (the `train` command's
own CLI, in a subprocess each), then score each model-best on dev and test with the `evaluate`
command's scoring, and summarize as mean ± stdev per variant and label.

A variant is written `NAME` (the config as it is) or `NAME: KEY=VALUE; KEY=VALUE` where each KEY is a
config path, as on the `spacy train` command line ("no-vectors: paths.vectors=null;
components.tok2vec.model.embed.include_static_vectors=false"). Values go to `spacy train` as
written; the config parses them (numbers, true/false, null, strings).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

from vi_corpus.lexicon import LABELS
from vi_industrial.evaluation import evaluate, score_parts
from vi_industrial.pipeline import load_pipeline, read_docs

STEP_LINE = re.compile(r"^\s*\d+\s+(\d+)\s", re.M)


def parse_variant(text: str) -> Tuple[str, List[str]]:
    """`NAME: KEY=VALUE; KEY=VALUE` -> (NAME, ["--KEY", "VALUE", ...]); `NAME` alone: no overrides."""
    name, _, rest = text.partition(":")
    name = name.strip()
    if not name or not re.fullmatch(r"[\w.%+-]+", name):
        raise ValueError(f"variant {text!r}: a name of letters, digits, '.', '%', '+', '-' comes first")
    args: List[str] = []
    for item in filter(None, (part.strip() for part in rest.split(";"))):
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ValueError(f"variant {name}: override {item!r} is not KEY=VALUE")
        args += [f"--{key.strip()}", value.strip()]
    return name, args


def train_command(config: Path, output: Path, code: Path, seed: int, overrides: Sequence[str]) -> List[str]:
    """The `spacy train` command line of one run (as project.yml's `train` runs it)."""
    return [sys.executable, "-m", "spacy", "train", str(config), "--output", str(output), "--code", str(code),
            "--system.seed", str(seed), *overrides]


def run_all(commands: Dict[str, Tuple[List[str], Path]], jobs: int, budget: float, log=print) -> Dict[str, Optional[int]]:
    """Run the training commands, `jobs` at a time (one thread each when jobs > 1), each logging to
    `<run>/log.txt`; runs still going after `budget` seconds are stopped. Returns the last training
    step each run reached (None if it logged none)."""
    env = dict(os.environ)
    if jobs > 1:
        env.update(OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    pending = list(commands.items())
    running: Dict[str, subprocess.Popen] = {}
    start = time.time()
    while pending or running:
        while pending and len(running) < jobs:
            key, (cmd, run) = pending.pop(0)
            run.mkdir(parents=True, exist_ok=True)
            with (run / "log.txt").open("w") as out:
                running[key] = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=env)
            log(f"started {key} ({len(commands) - len(pending)}/{len(commands)})")
        time.sleep(2)
        for key, proc in list(running.items()):
            if proc.poll() is not None:
                log(f"finished {key} (exit {proc.returncode}, {time.time() - start:.0f} s)")
                del running[key]
        if time.time() - start > budget:
            for key, proc in running.items():
                proc.kill()
                log(f"stopped {key} after the {budget:.0f} s budget")
            running.clear()
            pending.clear()
    steps = {}
    for key, (_, run) in commands.items():
        seen = [int(m) for m in STEP_LINE.findall((run / "log.txt").read_text(encoding="utf-8", errors="replace"))]
        steps[key] = max(seen, default=None)
    return steps


def score_model(model: Path, splits: Dict[str, Path]) -> dict:
    """F (micro and per label) of `model` on each split, with the evaluate command's scoring; the
    words/s of the test split; the gold spans that do not fall on the model's token boundaries. Each
    part of the corpus that a split holds (industrial, broad, seeds) is scored too, as "split:part"."""
    nlp = load_pipeline(model)
    out: dict = {}
    for split, path in splits.items():
        docs = read_docs(path, nlp)
        start = time.perf_counter()
        metrics, pairs = evaluate(nlp, docs)
        seconds = time.perf_counter() - start
        for part, scores in score_parts(pairs).items():
            out[f"{split}:{part}"] = {"f": scores["ents_f"], "per_type": {k: v["f"] for k, v in (scores["ents_per_type"] or {}).items()},
                                      "words_per_second": 0.0, "misaligned_spans": 0, "gold_spans": scores["n_gold_ents"]}
        misaligned = sum(nlp.make_doc(d.text).char_span(e.start_char, e.end_char) is None for d in docs for e in d.ents)
        out[split] = {"f": metrics["ents_f"], "per_type": {k: v["f"] for k, v in metrics["ents_per_type"].items()},
                      "words_per_second": sum(len(d.text.split()) for d in docs) / seconds,
                      "misaligned_spans": misaligned, "gold_spans": sum(len(d.ents) for d in docs)}
    return out


def _cell(values: List[float], digits: int = 3) -> str:
    if len(values) == 1:
        return f"{values[0]:.{digits}f}"
    return f"{statistics.mean(values):.{digits}f} ± {statistics.stdev(values):.{digits}f}"


def summarize(results: Dict[str, dict], variants: Sequence[str], seeds: Sequence[int], splits: Sequence[str]) -> str:
    """Markdown: per split and variant, mean ± stdev over the seeds of micro F and each label's F, the
    words/s and the gold spans off token boundaries. A variant with no scored run has no row."""
    rows = []
    for split in splits:
        for name in variants:
            runs = [results[f"{name}_s{s}"][split] for s in seeds if split in results.get(f"{name}_s{s}", {})]
            if not runs:
                continue
            rows.append([split, name, str(len(runs)), _cell([r["f"] for r in runs])]
                        + [_cell([r["per_type"].get(label, 0.0) for r in runs]) for label in LABELS]
                        + [f"{statistics.median(r['words_per_second'] for r in runs):,.0f}",
                           f"{runs[0]['misaligned_spans']} / {runs[0]['gold_spans']}"])
    return markdown_table(["split", "variant", "seeds", "ALL", *LABELS, "words/s (median)", "spans off tokens"], rows)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" if i == 0 else "---:" for i in range(len(header))) + " |"]
    lines += ["| " + " | ".join(map(str, row)) + " |" for row in rows]
    return "\n".join(lines)


def plot(path: Path, results: Dict[str, dict], variants: Sequence[str], seeds: Sequence[int], split: str = "test") -> None:
    """Mean F per variant, in the order given (a learning curve when the variants are growing shares)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    def mean(name: str, label: Optional[str]) -> float:
        runs = [results[f"{name}_s{s}"][split] for s in seeds if split in results.get(f"{name}_s{s}", {})]
        return statistics.mean((r["f"] if label is None else r["per_type"].get(label, 0.0)) for r in runs) if runs else 0.0

    fig, ax = plt.subplots(figsize=(7, 4.5))
    ax.plot(list(variants), [mean(v, None) for v in variants], marker="o", linewidth=2.5, color="black", label="ALL (micro)")
    for label in LABELS:
        ax.plot(list(variants), [mean(v, label) for v in variants], marker=".", linewidth=1, label=label)
    ax.set_xlabel("variant")
    ax.set_ylabel(f"{split} F1")
    ax.set_ylim(0, 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def write_results(output_dir: Path, title: str, table: str, results: Dict[str, dict]) -> None:
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "results.json").write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    (output_dir / "results.md").write_text(f"# {title}\n\n{table}\n", encoding="utf-8")
