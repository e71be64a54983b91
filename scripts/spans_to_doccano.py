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

import sys
from pathlib import Path
from typing import Dict, List

import typer
from wasabi import msg

from gold_records import LABELS
from jsonl_io import InputError, fail, read_jsonl, write_jsonl


def locate(text: str, entities: List[list], where: str) -> List[list]:
    spans, cursor = [], 0
    for item in entities:
        if not (
            isinstance(item, list)
            and len(item) in (2, 3)
            and all(isinstance(x, str) for x in item[:2])
            and (len(item) == 2 or (isinstance(item[2], int) and item[2] >= 0))
        ):
            raise InputError(f"{where}: entity must be [text, label] or [text, label, skip], got {item!r}")
        surface, label = item[:2]
        if label not in LABELS:
            raise InputError(f"{where}: unknown label {label!r} for {surface!r}")
        start = text.find(surface, cursor)
        for _ in range(item[2] if len(item) == 3 else 0):
            start = text.find(surface, start + len(surface)) if start >= 0 else -1
        if start < 0:
            raise InputError(f"{where}: {surface!r} not found in the sentence after offset {cursor}")
        spans.append([start, start + len(surface), label])
        cursor = start + len(surface)
    return spans


def convert(annotations: Path, sentences: Path, meta_extra: Dict[str, str]) -> List[dict]:
    by_id = {rec["id"]: rec for _, rec in read_jsonl(sentences)}
    out = []
    for lineno, rec in read_jsonl(annotations):
        where = f"{annotations}:{lineno}"
        sid = rec.get("id")
        if sid not in by_id:
            raise InputError(f"{where}: unknown sentence id {sid!r}")
        sentence = by_id[sid]
        spans = locate(sentence["text"], rec.get("entities", []), where)
        meta = {**sentence["meta"], **meta_extra}
        out.append({"id": sid, "text": sentence["text"], "label": spans, "meta": meta})
    return out


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
        records = convert(annotations, sentences, extra)
    except InputError as e:
        fail(str(e))
    n = write_jsonl(output, records)
    msg.good(f"{n} records, {sum(len(r['label']) for r in records)} spans written to {output}")


if __name__ == "__main__":
    typer.run(main)
