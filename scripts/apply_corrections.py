"""Apply review corrections to a gold doccano JSONL file, in place.

A corrections file holds, per sentence that needs a change, the complete
corrected entity list in span-text form (vi_corpus.records.locate) and a reason:

    {"id": "...", "entities": [["Hưng Yên", "PROVINCE"]], "why": "tỉnh outside the span"}

Every record of the gold file gets `meta.annotation` set to `--method` (the
whole file was reviewed); corrected records also get `meta.correction`. Unknown
ids and entity strings that are not found fail with file and line.
"""

from __future__ import annotations

from pathlib import Path
from typing import List

import typer
from wasabi import msg

from vi_corpus.jsonl import InputError, fail, write_jsonl
from vi_corpus.records import apply_corrections


def main(
    gold: Path = typer.Argument(..., help="Gold doccano JSONL to update in place"),
    corrections: List[Path] = typer.Argument(..., help="Corrections JSONL files"),
    method: str = typer.Option("", help="New meta.annotation for every record of the file"),
):
    """Apply span-text corrections to a gold file and record them in meta."""
    try:
        records, changed = apply_corrections(gold, corrections, method)
    except InputError as e:
        fail(str(e))
    write_jsonl(gold, records)
    msg.good(f"{changed} of {len(records)} records corrected in {gold}")


if __name__ == "__main__":
    typer.run(main)
