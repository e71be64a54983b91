"""Score a trained pipeline on the test sentences as written, restyled to each tone-mark style and
in NFD (gold spans mapped; vi_industrial.robustness); fail when a variant's micro F is more than
--max-drop below the original's."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from wasabi import msg

from vi_corpus.jsonl import fail
from vi_industrial.pipeline import load_pipeline, read_docs
from vi_industrial.robustness import VARIANTS, failures, markdown, score_variants, table_rows


def main(
    model: Path = typer.Argument(Path("training/model-final"), help="Trained pipeline directory"),
    data: Path = typer.Argument(Path("corpus/spacy/test.spacy"), help="Gold DocBin (.spacy), NFC text"),
    output: Path = typer.Option(Path("training/robustness.md"), help="Markdown table to write"),
    json_path: Path = typer.Option(Path("training/robustness.json"), "--json", help="Scores to write (JSON)"),
    max_drop: float = typer.Option(0.01, help="Largest allowed drop of micro F below the text as written"),
):
    """Micro and per-label F on the text as written, in each tone-mark style and in NFD."""
    if not model.exists():
        fail(f"{model}: not found")
    nlp = load_pipeline(model)
    golds = read_docs(data, nlp)
    try:
        scores = score_variants(nlp, golds)
    except ValueError as e:
        fail(str(e))
    msg.table(table_rows(scores), header=["label", *VARIANTS, "max drop"], aligns=("l", "r", "r", "r", "r", "r"))
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(markdown(scores, f"Test F of `{model}` on `{data}` ({len(golds)} sentences) as written, "
                                       "restyled and in NFD."), encoding="utf-8")
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps({"model": str(model), "data": str(data), "n_docs": len(golds), "variants": scores},
                                    indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    msg.good(f"Wrote {output}, {json_path}")
    failed = failures(scores, max_drop)
    for line in failed:
        msg.fail(line)
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    typer.run(main)
