"""Span-level agreement between two annotations of the same sentences (vi_corpus.agreement): per
label, with every disagreement listed for adjudication by the spec. Runs in either environment."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from wasabi import msg

from vi_corpus.agreement import agreement, load
from vi_corpus.jsonl import InputError, fail


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
