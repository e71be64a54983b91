"""Turn span-text annotations into doccano JSONL with character offsets.

Annotators (people or helpers working in a text editor) write, per sentence,
the entity strings in reading order:

    {"id": "001_x-5", "entities": [["Công ty TNHH Ohsung Vina", "COMPANY"], ["Hưng Yên", "PROVINCE"]]}

Each string is searched left to right, starting after the previous entity, so
repeated strings resolve to the right occurrence. An optional third element
skips that many earlier occurrences: ["Bắc Ninh", "PROVINCE", 1] in
"TP Bắc Ninh, tỉnh Bắc Ninh" labels the second one only. The sentence text comes from
the sentences file (by id), never from the annotation, so a typo in an entity
string fails loudly instead of creating a wrong span.
"""

from __future__ import annotations

from pathlib import Path

import typer
from wasabi import msg

from vi_corpus.jsonl import InputError, fail, write_jsonl
from vi_corpus.records import records_from_spans


def main(
    annotations: Path = typer.Argument(..., help="JSONL with id and entities [[text, label], ...]"),
    sentences: Path = typer.Argument(..., help="Sentences JSONL from preprocess (id, text, meta)"),
    output: Path = typer.Argument(..., help="doccano JSONL to write"),
    annotator: str = typer.Option("", help="Recorded as meta.annotator"),
    method: str = typer.Option("manual", help="Recorded as meta.annotation"),
):
    """Resolve entity strings to character offsets and write doccano JSONL."""
    extra = {"annotation": method}
    if annotator:
        extra["annotator"] = annotator
    try:
        records = records_from_spans(annotations, sentences, extra)
    except InputError as e:
        fail(str(e))
    n = write_jsonl(output, records)
    msg.good(f"{n} records, {sum(len(r['label']) for r in records)} spans written to {output}")


if __name__ == "__main__":
    typer.run(main)
