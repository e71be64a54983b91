"""Evaluate a trained pipeline on a gold DocBin: metrics JSON, Markdown report, displaCy page.

The metrics hold micro and per-label P/R/F (spaCy's scorer) and error counts; under "linked" the
scores after company names are linked across the sentences of each article, under "by_article"
the scores with whole articles as input, under "relations" the relation scores end to end and on the
gold entities (vi_industrial.evaluation).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Optional

import typer
from wasabi import msg

from vi_corpus.jsonl import fail
from vi_industrial.evaluation import full_evaluation, per_label_rows, relation_rows, write_html, write_relation_html, write_report
from vi_industrial.pipeline import load_pipeline, read_docs


def main(
    model: Path = typer.Argument(..., help="Trained pipeline directory"),
    data: Path = typer.Argument(..., help="Gold DocBin (.spacy)"),
    metrics_path: Path = typer.Argument(..., help="Metrics JSON to write"),
    report: Optional[Path] = typer.Option(None, help="Markdown report to write"),
    html_path: Optional[Path] = typer.Option(None, "--html", help="displaCy page (gold vs predicted) to write"),
    relations_html: Optional[Path] = typer.Option(None, help="displaCy page of the relation errors to write"),
    examples: int = typer.Option(25, help="Error examples in the report"),
):
    """Evaluate on gold data; write per-label metrics, an error report and a displaCy page."""
    if not model.exists():
        fail(f"{model}: not found")
    nlp = load_pipeline(model)
    metrics, pairs = full_evaluation(nlp, read_docs(data, nlp))
    metrics_path.parent.mkdir(parents=True, exist_ok=True)
    # sorted keys: the same scores give the same bytes (ents_per_type's order followed the predictions)
    metrics_path.write_text(json.dumps(metrics, indent=2, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
    msg.table(per_label_rows(metrics), header=("label", "P", "R", "F"), aligns=("l", "r", "r", "r"))
    msg.info(f"errors: {metrics['errors']}")
    for part, m in metrics.get("parts", {}).items():
        msg.info(f"{part} ({m['n_docs']} sentences): P {m['ents_p']:.3f} R {m['ents_r']:.3f} F {m['ents_f']:.3f}")
    for key, what in (("linked", "names linked across each article's sentences"), ("by_article", "whole articles as input")):
        if key in metrics:
            m = metrics[key]
            msg.info(f"{what} ({m['n_docs']} docs): P {m['ents_p']:.3f} R {m['ents_r']:.3f} F {m['ents_f']:.3f}")
    for mode in ("end_to_end", "gold_entities"):
        if mode in metrics.get("relations", {}):
            msg.table(relation_rows(metrics["relations"][mode]), header=(f"relations, {mode}", "P", "R", "F", "gold"),
                      aligns=("l", "r", "r", "r", "r"))
    if report:
        write_report(report, metrics, pairs, str(model), str(data), examples)
    if html_path:
        write_html(html_path, pairs, f"{model} on {data}")
    if relations_html and "relations" in metrics:
        write_relation_html(relations_html, pairs, f"Relation errors of {model} on {data}")
    msg.good(f"Wrote {metrics_path}" + (f", {report}" if report else "") + (f", {html_path}" if html_path else ""))


if __name__ == "__main__":
    typer.run(main)
