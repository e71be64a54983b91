"""Span-level agreement between two annotations of the same sentences.

Both inputs are doccano JSONL. Only sentences present in both are compared;
a span agrees when start, end and label are all equal. F1 between the two
annotators is symmetric (precision of one is the recall of the other). Every
disagreement is listed, so that it can be adjudicated by the spec.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import typer
from wasabi import msg

from gold_records import LABELS, read_gold
from jsonl_io import InputError, fail

Span = Tuple[int, int, str]


def load(path: Path) -> Dict[str, dict]:
    return {rec["id"]: rec for _, rec in read_gold([path])}


def agreement(a: Dict[str, dict], b: Dict[str, dict]) -> Tuple[dict, List[dict]]:
    """Per-label and overall {'a','b','both','f1'} counts, and the disagreements."""
    both_ids = [i for i in a if i in b]
    counts = {label: Counter() for label in (*LABELS, "ALL")}
    disagreements = []
    for sid in both_ids:
        if a[sid]["text"] != b[sid]["text"]:
            raise InputError(f"sentence {sid!r} has different texts in the two files")
        spans_a = {tuple(s) for s in a[sid]["label"]}
        spans_b = {tuple(s) for s in b[sid]["label"]}
        for spans, key in ((spans_a, "a"), (spans_b, "b"), (spans_a & spans_b, "both")):
            for _, _, label in spans:
                counts[label][key] += 1
                counts["ALL"][key] += 1
        if spans_a != spans_b:
            text = a[sid]["text"]
            show = lambda spans: sorted((s, e, l, text[s:e]) for s, e, l in spans)  # noqa: E731
            disagreements.append(
                {"id": sid, "text": text, "only_a": show(spans_a - spans_b), "only_b": show(spans_b - spans_a)}
            )
    for c in counts.values():
        c["f1"] = 2 * c["both"] / (c["a"] + c["b"]) if c["a"] + c["b"] else 1.0
    return {"sentences": len(both_ids), "per_label": counts}, disagreements


def main(
    first: Path = typer.Argument(..., help="doccano JSONL of annotator A"),
    second: Path = typer.Argument(..., help="doccano JSONL of annotator B"),
    report: Optional[Path] = typer.Option(None, help="Write the disagreements as Markdown here"),
):
    """Span-level F1 between two annotators, per label, with the disagreements."""
    try:
        summary, disagreements = agreement(load(first), load(second))
    except InputError as e:
        fail(str(e))
    rows = [(label, c["a"], c["b"], c["both"], f"{c['f1']:.3f}") for label, c in summary["per_label"].items()]
    msg.info(f"{summary['sentences']} sentences in both files, {len(disagreements)} with a disagreement")
    msg.table(rows, header=("label", "A", "B", "agree", "F1"))
    if report:
        lines = [f"# Disagreements: {first.name} (A) vs {second.name} (B)", ""]
        for d in disagreements:
            lines += [f"## {d['id']}", "", d["text"], ""]
            lines += [f"- only A: {s}" for s in d["only_a"]] + [f"- only B: {s}" for s in d["only_b"]] + [""]
        report.write_text("\n".join(lines), encoding="utf-8")
        msg.good(f"Wrote {report}")


if __name__ == "__main__":
    typer.run(main)
