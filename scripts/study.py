"""Run a study: train each variant of a config with each seed (`spacy train`, as the `train` command
does), score every model-best on dev and test (as the `evaluate` command does), and print and write
mean ± stdev per variant and label (vi_industrial.studies). Each study is a list of variants in
project.yml (`spacy project run studies` runs them all).

Example:
  python scripts/study.py vectors --variant "with-vectors" \\
      --variant "no-vectors: paths.vectors=null; components.tok2vec.model.embed.include_static_vectors=false"
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from wasabi import msg

from vi_corpus.jsonl import fail
from vi_industrial.studies import parse_variant, plot, run_all, score_model, summarize, train_command, write_results


def main(
    name: str = typer.Argument(..., help="Study name (its folder under --output-dir)"),
    variant: List[str] = typer.Option(..., help="NAME or 'NAME: KEY=VALUE; KEY=VALUE' (repeatable)"),
    seed: List[int] = typer.Option([0], help="Seeds (repeatable)"),
    config: Path = typer.Option(Path("configs/cpu.cfg"), help="Training config"),
    corpus: Path = typer.Option(Path("corpus/spacy"), help="Folder with train.spacy, dev.spacy and test.spacy"),
    code: Path = typer.Option(Path("src/vi_industrial/registration.py"), help="The --code file of spacy train"),
    output_dir: Path = typer.Option(Path("training/studies"), help="Studies folder"),
    set_: List[str] = typer.Option([], "--set", help="KEY=VALUE override of every variant (repeatable)"),
    jobs: int = typer.Option(1, help="Training runs at once (one thread each when more than 1)"),
    budget: float = typer.Option(6 * 3600, help="Seconds after which unfinished runs are stopped (model-best so far is scored)"),
    plot_path: Optional[Path] = typer.Option(None, "--plot", help="PNG of the mean test F per variant, in order"),
):
    """Train variants x seeds and compare their dev and test F."""
    for path in (config, code, corpus / "train.spacy", corpus / "dev.spacy", corpus / "test.spacy"):
        if not path.exists():
            fail(f"{path}: file not found")
    try:
        variants = dict(parse_variant(v) for v in variant)
        _, common = parse_variant("all: " + "; ".join(set_))
    except ValueError as e:
        fail(str(e))
    folder = output_dir / name
    data = ["--paths.train", str(corpus / "train.spacy"), "--paths.dev", str(corpus / "dev.spacy")]
    commands = {f"{v}_s{s}": (train_command(config, folder / f"{v}_s{s}", code, s, [*data, *common, *args]), folder / f"{v}_s{s}")
                for v, args in variants.items() for s in seed}
    steps = run_all(commands, jobs, budget, log=msg.text)
    results = {}
    for key, (_, run) in commands.items():
        results[key] = {"last_step": steps[key]}
        if (run / "model-best").exists():
            results[key].update(score_model(run / "model-best", {s: corpus / f"{s}.spacy" for s in ("dev", "test")}))
        else:
            msg.warn(f"{key}: no model-best (see {run / 'log.txt'})")
    title = f"Study {name}: {len(variants)} variants x {len(seed)} seeds, F (mean ± stdev over seeds)"
    parts = sorted({key for run in results.values() for key in run if ":" in key})
    table = summarize(results, list(variants), seed, ("dev", "test", *parts))
    write_results(folder, title, table, results)
    if plot_path:
        plot(plot_path, results, list(variants), seed)
    msg.divider(title)
    print(table)
    msg.good(f"Wrote {folder / 'results.md'}, {folder / 'results.json'}" + (f", {plot_path}" if plot_path else ""))


if __name__ == "__main__":
    typer.run(main)
