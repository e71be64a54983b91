"""Pre-annotate the sentences that still need annotation with the current model.

Reads corpus sentences (JSONL with id, text, meta), leaves out every id that is
already gold, runs the model and writes doccano JSONL whose labels are the
model's entities and whose meta.annotation is "pre-annotated" (with the model's
name and version), ready for annotate-push. Annotators then correct instead of
starting from zero; a record only becomes gold once a person confirms it in doccano.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer
from wasabi import msg

from vi_corpus.jsonl import InputError, fail, read_jsonl, write_jsonl
from vi_corpus.records import PRE_ANNOTATED, read_corpus
from vi_industrial.pipeline import load_pipeline


def main(
    sentences: Path = typer.Argument(..., help="Sentences JSONL (corpus/sentences.jsonl)"),
    output: Path = typer.Argument(..., help="doccano JSONL to write (input of annotate-push)"),
    model: str = typer.Option("training/model-final", help="Pipeline folder or installed package"),
    gold_dir: Path = typer.Option(Path("corpus/gold"), help="Sentences with a gold record here are left out"),
    limit: Optional[int] = typer.Option(None, help="At most this many sentences (in corpus order)"),
):
    """Write the model's predictions for the not-yet-gold sentences as doccano JSONL."""
    try:
        gold = {rec["id"] for _, rec in read_corpus(gold_dir)} if any(gold_dir.glob("*.jsonl")) else set()
        todo = []
        for lineno, rec in read_jsonl(sentences):
            if not (isinstance(rec, dict) and isinstance(rec.get("id"), str) and isinstance(rec.get("text"), str)
                    and isinstance(rec.get("meta"), dict)):
                raise InputError(f"{sentences}:{lineno}: expected an object with id, text and meta")
            if rec["id"] not in gold:
                todo.append(rec)
    except InputError as e:
        fail(str(e))
    todo = todo[:limit] if limit is not None else todo
    nlp = load_pipeline(model)
    name = f"{nlp.meta.get('lang')}_{nlp.meta.get('name')}-{nlp.meta.get('version')}"
    records = []
    for rec, doc in zip(todo, nlp.pipe((r["text"] for r in todo), batch_size=256)):
        spans = [[e.start_char, e.end_char, e.label_] for e in doc.ents]
        meta = dict(rec["meta"], annotation=PRE_ANNOTATED, pre_annotation_model=name)
        records.append({"id": rec["id"], "text": rec["text"], "label": spans, "meta": meta})
    write_jsonl(output, records)
    n_spans = sum(len(r["label"]) for r in records)
    msg.good(f"{len(records)} sentences to annotate ({len(gold)} already gold), {n_spans} pre-annotated "
             f"entities by {name} -> {output}")


if __name__ == "__main__":
    typer.run(main)
