"""Train config variants x seeds as parallel `spacy train` processes (one core each); score each
model-best on dev and test; print mean +- stdev per variant and label.

Made for a machine with many cores (the 16-core GPU host trained 5 variants x 3 seeds at once, in
about 7 minutes for 2,000 steps). Each run is `python -m spacy train` in its own process with one
thread, like the `train` command; runs still going after --budget seconds are stopped, and their
model-best so far is scored (the JSON records the last step each run reached).

Example (the window-size study in the README):
  python scripts/config_sweep.py configs/cpu.cfg corpus/spacy training/studies/sweep
      --variant "window1=components.tok2vec.model.encode.window_size=1"
      --variant "window2=components.tok2vec.model.encode.window_size=2" --seed 0 --seed 1 --seed 2
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
from typing import Dict, List, Tuple

import typer

from training_runs import LABELS, markdown_table, require_files, write_and_print

ROOT = Path(__file__).resolve().parent.parent
STEP_LINE = re.compile(r"^\s*\d+\s+(\d+)\s", re.M)
# Scores one model in its own process (the runs are scored in parallel), with the `evaluate`
# command's loading and scoring.
SCORE = """
import json, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])
from spacy.tokens import DocBin
from evaluate import evaluate
from pipeline_loading import load_pipeline
nlp = load_pipeline(sys.argv[1], Path(sys.argv[3]) / "components" / "register_all.py")
out = {}
for split in ("dev", "test"):
    metrics, _ = evaluate(nlp, list(DocBin().from_disk(f"{sys.argv[2]}/{split}.spacy").get_docs(nlp.vocab)))
    out[split] = {"f": metrics["ents_f"], "per_type": {k: v["f"] for k, v in metrics["ents_per_type"].items()}}
print(json.dumps(out))
"""


def parse_variant(text: str) -> Tuple[str, List[str]]:
    """`name=key=value;key=value` -> (name, ["--key", "value", ...]); `name=` is the config as it is."""
    name, sep, rest = text.partition("=")
    if not sep or not name:
        raise typer.BadParameter(f"variant {text!r} is not name=key=value;...")
    args: List[str] = []
    for item in filter(None, rest.split(";")):
        key, sep, value = item.partition("=")
        if not sep:
            raise typer.BadParameter(f"variant {name}: override {item!r} is not key=value")
        args += [f"--{key}", value]
    return name, args


def summarize(results: Dict[str, dict], variants: List[str], seeds: List[int]) -> str:
    rows = []
    for split in ("dev", "test"):
        for name in variants:
            runs = [results[f"{name}_s{s}"][split] for s in seeds if split in results.get(f"{name}_s{s}", {})]
            if not runs:
                continue

            def cell(values):
                return f"{statistics.mean(values):.3f} ± {statistics.stdev(values):.3f}" if len(values) > 1 else f"{values[0]:.3f}"

            rows.append([split, name, cell([r["f"] for r in runs])] + [cell([r["per_type"].get(label, 0.0) for r in runs]) for label in LABELS])
    return markdown_table(["split", "variant", "ALL"] + list(LABELS), rows)


def main(
    config: Path = typer.Argument(..., help="Training config"),
    corpus: Path = typer.Argument(..., help="Folder with train.spacy, dev.spacy and test.spacy"),
    output_dir: Path = typer.Argument(..., help="Folder for the runs, sweep.json and sweep.md"),
    variant: List[str] = typer.Option(..., help="name=key=value;key=value (repeatable); overrides of the config"),
    seed: List[int] = typer.Option([0, 1, 2], help="Seeds (repeatable)"),
    vectors: Path = typer.Option(Path("training/vectors"), help="Vectors (--paths.vectors)"),
    steps: int = typer.Option(2000, help="training.max_steps of every run"),
    budget: float = typer.Option(3600.0, help="Seconds after which unfinished runs are stopped"),
):
    """Train every variant with every seed at once; score model-best on dev and test."""
    require_files(config, corpus / "train.spacy", corpus / "dev.spacy", corpus / "test.spacy", vectors)
    variants = dict(parse_variant(v) for v in variant)
    components = ROOT / "scripts" / "components"
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    procs = {}
    for name, args in variants.items():
        for s in seed:
            run = output_dir / f"{name}_s{s}"
            run.mkdir(parents=True, exist_ok=True)
            cmd = [sys.executable, "-m", "spacy", "train", str(config), "--output", str(run),
                   "--paths.train", str(corpus / "train.spacy"), "--paths.dev", str(corpus / "dev.spacy"),
                   "--paths.vectors", str(vectors), "--code", str(components / "register_all.py"),
                   "--training.max_steps", str(steps), "--system.seed", str(s), *args]
            log = (run / "log.txt").open("w")
            procs[run.name] = (subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env), run)
    typer.echo(f"{len(procs)} runs started", err=True)
    start = time.time()
    while time.time() - start < budget and any(p.poll() is None for p, _ in procs.values()):
        time.sleep(5)
    for p, _ in procs.values():
        if p.poll() is None:
            p.kill()
    typer.echo(f"training ended after {time.time() - start:.0f} s; scoring", err=True)
    scoring = {key: subprocess.Popen([sys.executable, "-c", SCORE, str(run / "model-best"), str(corpus), str(ROOT / "scripts")],
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
               for key, (_, run) in procs.items() if (run / "model-best").exists()}
    results: Dict[str, dict] = {}
    for key, (_, run) in procs.items():
        steps_seen = [int(m) for m in STEP_LINE.findall((run / "log.txt").read_text(encoding="utf-8"))]
        results[key] = {"last_step": max(steps_seen, default=None)}
        if key in scoring:
            out, err = scoring[key].communicate()
            if scoring[key].returncode == 0:
                results[key].update(json.loads(out.strip().splitlines()[-1]))
            else:
                results[key]["error"] = err.strip().splitlines()[-1:] or ["scoring failed"]
    (output_dir / "sweep.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    title = f"{len(variants)} variants x {len(seed)} seeds, {steps} steps, F (mean ± stdev)"
    write_and_print(output_dir / "sweep.md", title, summarize(results, list(variants), seed))


if __name__ == "__main__":
    typer.run(main)
