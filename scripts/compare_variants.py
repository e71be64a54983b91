"""Train variants of a config (named sets of overrides) and compare their dev and test F1.

A variant is written `name:key=value,key=value`, for example
`no-vectors:components.tok2vec.model.embed.include_static_vectors=false,paths.vectors=null`.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import spacy
import typer
from spacy.tokens import DocBin

from evaluate import evaluate
from training_runs import LABELS, f_row, load_code, markdown_table, parse_overrides, require_files, train_and_score, write_and_print


def parse_variant(text: str) -> tuple:
    name, _, rest = text.partition(":")
    return name, parse_overrides(filter(None, rest.split(",")))


def main(
    config: Path = typer.Argument(..., help="Training config"),
    train: Path = typer.Argument(..., help="Train DocBin"),
    dev: Path = typer.Argument(..., help="Dev DocBin"),
    test: Path = typer.Argument(..., help="Test DocBin"),
    output_dir: Path = typer.Argument(..., help="Folder for the models"),
    variants: List[str] = typer.Option(..., "--variant", help="name:key=value,... (repeatable)"),
    code: Path = typer.Option(Path("scripts/components/vi_tokenizer.py"), help="Tokenizer module"),
    table: Optional[Path] = typer.Option(None, help="Write the table (Markdown) here"),
):
    """Train each variant; print dev and test F1 per label."""
    require_files(config, train, dev, test, code)
    load_code(code)
    rows = []
    for text in variants:
        name, overrides = parse_variant(text)
        overrides = {"paths.train": str(train), "paths.dev": str(dev), **overrides}
        test_metrics = train_and_score(config, output_dir / name, overrides, test)
        nlp = spacy.load(output_dir / name / "model-best")
        dev_metrics, _ = evaluate(nlp, list(DocBin().from_disk(dev).get_docs(nlp.vocab)))
        rows.append(["dev"] + f_row(name, dev_metrics))
        rows.append(["test"] + f_row(name, test_metrics))
    write_and_print(table, "Variants (F1)", markdown_table(["split", "variant", "ALL", *LABELS], rows))


if __name__ == "__main__":
    typer.run(main)
