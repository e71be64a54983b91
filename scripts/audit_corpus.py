"""Audit the gold corpus (vi_corpus.audit): the spec's rule checks fail the step; consistency report
(each case fixed or explained in corpus/GUIDELINES.md); statistics, relations and annotator agreement (entities
and relations) in corpus/STATS.md."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from wasabi import msg

from vi_corpus.audit import annotation_agreement, check_records, explained_strings, inconsistencies, relation_annotation_agreement, write_stats
from vi_corpus.jsonl import InputError, fail
from vi_corpus.records import gold_files


def main(
    gold_dir: Path = typer.Argument(..., help="Folder of doccano JSONL gold files"),
    splits_path: Path = typer.Argument(..., help="Split manifest (corpus/splits.json)"),
    stats: Path = typer.Argument(..., help="Markdown statistics to write (corpus/STATS.md)"),
    sentences: Path = typer.Option(Path("corpus/sentences.jsonl"), help="Sentences JSONL (for agreement)"),
    annotation_dir: Path = typer.Option(Path("corpus/annotation"), help="Independent annotations"),
    guidelines: Path = typer.Option(Path("corpus/GUIDELINES.md"), help="Guidelines with the explained strings"),
    report: Optional[Path] = typer.Option(None, help="Write every inconsistency as JSON here"),
    strict: bool = typer.Option(False, help="Also fail on unexplained inconsistencies"),
):
    """Audit the gold corpus; fail on rule violations."""
    try:
        records, violations = check_records(gold_files(gold_dir))
        splits = json.loads(splits_path.read_text(encoding="utf-8"))["articles"] if splits_path.exists() else {}
        agreements = annotation_agreement(annotation_dir, sentences) if annotation_dir.exists() else []
        relation_dir = annotation_dir / "relations"
        relation_agreements = relation_annotation_agreement(relation_dir) if relation_dir.exists() else []
    except InputError as e:
        fail(str(e))
    incons = inconsistencies(records)
    explained = explained_strings(guidelines)
    write_stats(stats, records, splits, agreements, len(violations), incons, explained, relation_agreements)
    unexplained = {s: v for s, v in incons.items() if s not in explained}
    for surface, info in sorted(unexplained.items(), key=lambda kv: -sum(kv[1]["labels"].values())):
        msg.warn(f"inconsistent {surface!r}: labels {info['labels']}, unlabelled {info['unlabelled']}x "
                 f"e.g. {info['examples'][:2]}")
    if report:
        report.write_text(json.dumps(incons, ensure_ascii=False, indent=1), encoding="utf-8")
    msg.info(f"{len(records)} sentences; {len(incons)} context-dependent strings, {len(unexplained)} unexplained; "
             f"wrote {stats}")
    for where, reason in violations:
        print(f"\u2718 {where}: {reason}", file=sys.stderr)
    if violations:
        fail(f"{len(violations)} rule violations")
    if strict and unexplained:
        fail(f"{len(unexplained)} unexplained inconsistencies (fix them or list them in {guidelines})")
    msg.good("Audit passed")


if __name__ == "__main__":
    typer.run(main)
