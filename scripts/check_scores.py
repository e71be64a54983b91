"""Print the per-label scores of an evaluation and fail when one falls below its threshold.

Thresholds live in the repo (configs/score_thresholds.json) and are set a little
under what the default pipeline measures, so that CI catches a regression
without failing on noise.
"""

from __future__ import annotations

from pathlib import Path

import typer
from wasabi import msg

from vi_corpus.jsonl import InputError, fail, read_json
from vi_industrial.evaluation import check_thresholds


def main(
    metrics_path: Path = typer.Argument(..., help="Metrics JSON from evaluate"),
    thresholds_path: Path = typer.Argument(..., help="Thresholds JSON: ents_f and per_label_f"),
):
    """Print per-label P/R/F against committed thresholds; exit 1 below a threshold."""
    try:
        metrics, thresholds = read_json(metrics_path), read_json(thresholds_path)
    except InputError as e:
        fail(str(e))
    rows, failures = check_thresholds(metrics, thresholds)
    msg.table(rows, header=("label", "P", "R", "F", "threshold", ""), aligns=("l", "r", "r", "r", "r", "l"))
    if failures:
        fail("Scores below threshold: " + "; ".join(failures))
    msg.good("All scores at or above their thresholds")


if __name__ == "__main__":
    typer.run(main)
