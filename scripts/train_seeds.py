"""Train the same config with several random seeds; report mean and spread per label on test."""

from __future__ import annotations

import json
import statistics
from pathlib import Path
from typing import List, Optional

import typer

from training_runs import LABELS, load_code, markdown_table, parse_overrides, require_files, train_and_score, write_and_print


def main(
    config: Path = typer.Argument(..., help="Training config"),
    train: Path = typer.Argument(..., help="Train DocBin"),
    dev: Path = typer.Argument(..., help="Dev DocBin"),
    test: Path = typer.Argument(..., help="Test DocBin (scored)"),
    output_dir: Path = typer.Argument(..., help="Folder for the models and seeds.json"),
    seeds: List[int] = typer.Option([0, 1, 2], "--seed", help="Seeds to train"),
    code: Path = typer.Option(Path("scripts/components/vi_tokenizer.py"), help="Tokenizer module"),
    override: List[str] = typer.Option([], help="Extra config overrides key=value (repeatable)"),
    table: Optional[Path] = typer.Option(None, help="Write the table (Markdown) here"),
):
    """Train one model per seed and print mean +- stdev of the test F per label."""
    require_files(config, train, dev, test, code)
    load_code(code)
    extra = parse_overrides(override)
    results = {}
    for seed in seeds:
        overrides = {"paths.train": str(train), "paths.dev": str(dev), "system.seed": seed, **extra}
        results[seed] = train_and_score(config, output_dir / f"seed{seed}", overrides, test)
    (output_dir / "seeds.json").write_text(json.dumps(results, indent=1), encoding="utf-8")
    rows = []
    for label in (*LABELS, "ALL (micro)"):
        values = [r["ents_f"] if label.startswith("ALL") else r["ents_per_type"].get(label, {}).get("f", 0.0) for r in results.values()]
        spread = statistics.stdev(values) if len(values) > 1 else 0.0
        rows.append([label] + [f"{v:.3f}" for v in values] + [f"{statistics.mean(values):.3f} ± {spread:.3f}", f"{min(values):.3f}-{max(values):.3f}"])
    header = ["label"] + [f"seed {s}" for s in seeds] + ["mean ± stdev", "range"]
    write_and_print(table, f"Test F per label over {len(seeds)} seeds", markdown_table(header, rows))


if __name__ == "__main__":
    typer.run(main)
