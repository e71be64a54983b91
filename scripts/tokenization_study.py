"""Compare the tokenizer's segmenters: lost spans, dev F1 and speed.

For each segmenter the gold is re-tokenized (spans that do not fall on token
boundaries are counted as lost: in training they become missing labels), the
default config is trained with that segmenter, and the model is scored on the
dev split; words per second is the whole pipeline's speed on the dev texts.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from wasabi import msg

from convert import make_nlp, record_to_doc
from gold_records import gold_files, read_gold
from jsonl_io import InputError, fail
from training_runs import load_code, markdown_table, require_files, train_and_score, write_and_print


def lost_spans(gold_dir: Path, segmenter: str) -> tuple:
    nlp = make_nlp(segmenter)
    total = lost = 0
    for where, record in read_gold(gold_files(gold_dir)):
        _, doc_lost = record_to_doc(nlp, record, where)
        total += len(record["label"])
        lost += len(doc_lost)
    return lost, total


def main(
    config: Path = typer.Argument(..., help="Training config"),
    gold_dir: Path = typer.Argument(..., help="Gold doccano JSONL folder"),
    train: Path = typer.Argument(..., help="Train DocBin"),
    dev: Path = typer.Argument(..., help="Dev DocBin"),
    output_dir: Path = typer.Argument(..., help="Folder for the trained models"),
    code: Path = typer.Option(Path("scripts/components/vi_tokenizer.py"), help="Tokenizer module"),
    segmenters: List[str] = typer.Option(["pyvi", "syllable", "whitespace"], "--segmenter", help="Segmenters to compare"),
    max_steps: int = typer.Option(2000, help="Training steps per model"),
    vectors: Optional[str] = typer.Option(None, help="Vectors for the config's paths.vectors"),
    table: Optional[Path] = typer.Option(None, help="Write the table (Markdown) here"),
):
    """Train one model per segmenter and print lost spans, dev F1 and words/second."""
    require_files(config, gold_dir, train, dev, code)
    load_code(code)
    rows = []
    for segmenter in segmenters:
        try:
            lost, total = lost_spans(gold_dir, segmenter)
        except InputError as e:
            fail(str(e))
        msg.info(f"{segmenter}: {lost} of {total} gold spans do not align with tokens; training")
        metrics = train_and_score(
            config, output_dir / segmenter,
            {"paths.train": str(train), "paths.dev": str(dev), "nlp.tokenizer.segmenter": segmenter,
             "training.max_steps": max_steps, "paths.vectors": vectors},
            dev,
        )
        rows.append([segmenter, f"{lost} / {total} ({lost / total:.1%})", f"{metrics['ents_f']:.3f}",
                     f"{metrics['words_per_second']:,.0f}"])
    write_and_print(table, "Tokenization study (dev split)",
                    markdown_table(["segmenter", "spans lost", "dev F1", "words/s"], rows))


if __name__ == "__main__":
    typer.run(main)
