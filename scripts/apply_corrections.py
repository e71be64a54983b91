"""Apply review corrections to a gold doccano JSONL file, in place.

A corrections file holds, per sentence that needs a change, the complete
corrected entity list in span-text form (see spans_to_doccano.py) and a reason:

    {"id": "...", "entities": [["Hưng Yên", "PROVINCE"]], "why": "tỉnh outside the span"}

Every record of the gold file gets `meta.annotation` set to `--method` (the
whole file was reviewed); corrected records also get `meta.correction`. Unknown
ids and entity strings that are not found fail with file and line.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List

import typer
from wasabi import msg

from gold_records import read_gold
from jsonl_io import InputError, fail, read_jsonl, write_jsonl
from spans_to_doccano import locate


def apply(gold: Path, corrections: List[Path], method: str) -> tuple:
    records = [rec for _, rec in read_gold([gold])]
    by_id = {rec["id"]: rec for rec in records}
    changed = 0
    for path in corrections:
        for lineno, fix in read_jsonl(path):
            where = f"{path}:{lineno}"
            rec = by_id.get(fix.get("id"))
            if rec is None:
                raise InputError(f"{where}: id {fix.get('id')!r} is not in {gold}")
            spans = locate(rec["text"], fix.get("entities", []), where)
            if sorted(spans) != sorted(rec["label"]):
                rec["label"] = spans
                rec["meta"]["correction"] = fix.get("why", "")
                changed += 1
    if method:
        for rec in records:
            rec["meta"]["annotation"] = method
    return records, changed


def main(
    gold: Path = typer.Argument(..., help="Gold doccano JSONL to update in place"),
    corrections: List[Path] = typer.Argument(..., help="Corrections JSONL files"),
    method: str = typer.Option("", help="New meta.annotation for every record of the file"),
):
    """Apply span-text corrections to a gold file and record them in meta."""
    try:
        records, changed = apply(gold, corrections, method)
    except InputError as e:
        fail(str(e))
    write_jsonl(gold, records)
    msg.good(f"{changed} of {len(records)} records corrected in {gold}")


if __name__ == "__main__":
    typer.run(main)
