"""Learning curve: test F at shares of the training articles, as a table and a PNG plot."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from training_runs import LABELS, load_code, markdown_table, parse_overrides, require_files, subsample, train_and_score, write_and_print


def plot(path: Path, shares: List[float], results: List[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(7, 4.5))
    xs = [int(s * 100) for s in shares]
    ax.plot(xs, [r["ents_f"] for r in results], marker="o", linewidth=2.5, color="black", label="ALL (micro)")
    for label in LABELS:
        ax.plot(xs, [r["ents_per_type"].get(label, {}).get("f", 0.0) for r in results], marker=".", linewidth=1, label=label)
    ax.set_xlabel("% of training articles")
    ax.set_ylabel("test F1")
    ax.set_xticks(xs)
    ax.set_ylim(0, 1)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=8, loc="lower right")
    ax.set_title("Learning curve (test split)")
    fig.tight_layout()
    fig.savefig(path, dpi=120)


def main(
    config: Path = typer.Argument(..., help="Training config"),
    train: Path = typer.Argument(..., help="Train DocBin"),
    dev: Path = typer.Argument(..., help="Dev DocBin"),
    test: Path = typer.Argument(..., help="Test DocBin (scored)"),
    output_dir: Path = typer.Argument(..., help="Folder for the models"),
    png: Path = typer.Argument(..., help="Plot to write"),
    shares: List[float] = typer.Option([0.25, 0.5, 0.75, 1.0], "--share", help="Shares of the training articles"),
    seed: int = typer.Option(0, help="Seed of the article sampling and of training"),
    code: Path = typer.Option(Path("scripts/components/vi_tokenizer.py"), help="Tokenizer module"),
    override: List[str] = typer.Option([], help="Extra config overrides key=value (repeatable)"),
    table: Optional[Path] = typer.Option(None, help="Write the table (Markdown) here"),
):
    """Train on growing shares of the training articles and plot test F."""
    require_files(config, train, dev, test, code)
    load_code(code)
    extra = parse_overrides(override)
    output_dir.mkdir(parents=True, exist_ok=True)
    results, rows = [], []
    for share in shares:
        part = output_dir / f"train_{int(share * 100)}.spacy"
        n = subsample(train, part, share, seed)
        overrides = {"paths.train": str(part), "paths.dev": str(dev), "system.seed": seed, **extra}
        metrics = train_and_score(config, output_dir / f"share{int(share * 100)}", overrides, test)
        results.append(metrics)
        rows.append([f"{int(share * 100)}%", str(n), f"{metrics['ents_f']:.3f}"]
                    + [f"{metrics['ents_per_type'].get(label, {}).get('f', 0.0):.3f}" for label in LABELS])
    plot(png, shares, results)
    write_and_print(table, "Learning curve (test F)", markdown_table(["train share", "sentences", "ALL", *LABELS], rows))


if __name__ == "__main__":
    typer.run(main)
