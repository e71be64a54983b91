"""Print the per-label scores of an evaluation and fail when one falls below its threshold.

Thresholds live in the repo (configs/score_thresholds.json) and are set a little
under what the default pipeline measures, so that CI catches a regression
without failing on noise.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer
from wasabi import msg

from vi_corpus.jsonl import fail


def check(metrics: dict, thresholds: dict) -> tuple:
    rows, failures = [], []
    per_type = metrics.get("ents_per_type", {})
    items = [(label, per_type.get(label, {}).get("f", 0.0), t) for label, t in sorted(thresholds.get("per_label_f", {}).items())]
    items.append(("ALL (micro)", metrics.get("ents_f", 0.0), thresholds.get("ents_f", 0.0)))
    for label, f, t in items:
        p = per_type.get(label, {}).get("p", metrics.get("ents_p", 0.0) if label.startswith("ALL") else 0.0)
        r = per_type.get(label, {}).get("r", metrics.get("ents_r", 0.0) if label.startswith("ALL") else 0.0)
        ok = f >= t
        rows.append((label, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", f"{t:.3f}", "ok" if ok else "BELOW"))
        if not ok:
            failures.append(f"{label} F {f:.3f} < {t:.3f}")
    return rows, failures


def read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        fail(f"{path}:{e.lineno}: invalid JSON ({e.msg}, column {e.colno})")


def main(
    metrics_path: Path = typer.Argument(..., help="Metrics JSON from evaluate"),
    thresholds_path: Path = typer.Argument(..., help="Thresholds JSON: ents_f and per_label_f"),
):
    """Print per-label P/R/F against committed thresholds; exit 1 below a threshold."""
    for path in (metrics_path, thresholds_path):
        if not path.exists():
            fail(f"{path}: file not found")
    metrics, thresholds = (read_json(path) for path in (metrics_path, thresholds_path))
    rows, failures = check(metrics, thresholds)
    msg.table(rows, header=("label", "P", "R", "F", "threshold", ""), aligns=("l", "r", "r", "r", "r", "l"))
    if failures:
        fail("Scores below threshold: " + "; ".join(failures))
    msg.good("All scores at or above their thresholds")


if __name__ == "__main__":
    typer.run(main)
