"""Set the adjudicated relations of annotation batches on the gold records they name, in place.

A relations file holds one line per sentence of a batch, in the record format of vi_corpus.records:

    {"id": "...", "relations": [{"head": [0, 13], "tail": [21, 32], "type": "INVESTS"}]}

Every gold file of the folder is rewritten with the relations of its sentences and `meta` saying how
they were made (`--method`, `--annotators`); a relation whose head or tail is not an entity span of
the gold sentence, or whose labels do not fit its type, fails with file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer
from wasabi import msg

from vi_corpus.jsonl import InputError, fail, write_jsonl
from vi_corpus.records import attach_relations, gold_files


def main(
    gold_dir: Path = typer.Argument(..., help="Folder of gold doccano JSONL files, updated in place"),
    relations: List[Path] = typer.Argument(..., help="Adjudicated relations JSONL files (corpus/annotation/relations/<batch>.relations.jsonl)"),
    method: str = typer.Option("double-annotated-adjudicated", help="meta.relation_annotation of the sentences set"),
    annotators: str = typer.Option("", help="meta.relation_annotators of the sentences set"),
):
    """Set adjudicated relations on the gold records and record how in meta."""
    meta = {"relation_annotation": method, **({"relation_annotators": annotators} if annotators else {})}
    total = 0
    try:
        for gold in gold_files(gold_dir):
            records, attached = attach_relations(gold, relations, meta)
            if attached:
                write_jsonl(gold, records)
                total += attached
                msg.text(f"{gold}: relations on {attached} of {len(records)} sentences")
    except InputError as e:
        fail(str(e))
    msg.good(f"Relations set on {total} gold sentences from {len(relations)} file(s)")


if __name__ == "__main__":
    typer.run(main)
