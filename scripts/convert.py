"""Convert validated doccano JSONL gold files into one spaCy DocBin.

Every record is validated first (vi_corpus.records) and must carry the exact text of the
preprocessed sentence with its id; the first bad record stops the step with its file, line and
reason. Each span is then aligned to the tokens of the pipeline's own tokenizer; a span that does
not fall on token boundaries would be lost in training, so the step fails when more than
`--max-lost` spans (default 0) cannot be aligned, and lists them.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import typer
from spacy.tokens import DocBin
from wasabi import msg

from vi_corpus.jsonl import InputError, fail, read_jsonl
from vi_corpus.records import check_against_sentences, gold_files, read_gold
from vi_industrial.gold import record_to_doc
from vi_industrial.pipeline import blank_pipeline


def main(
    gold_dir: Path = typer.Argument(..., help="Folder of doccano JSONL gold files"),
    sentences: Path = typer.Argument(..., help="Sentences JSONL from preprocess"),
    output: Path = typer.Argument(..., help="DocBin (.spacy) to write"),
    segmenter: str = typer.Option("syllable", help="Tokenizer segmenter: pyvi, syllable or whitespace"),
    max_lost: int = typer.Option(0, help="Fail when more spans than this cannot be aligned"),
):
    """Validate gold JSONL and convert it to a .spacy DocBin."""
    try:
        nlp = blank_pipeline(segmenter)
    except ValueError as e:
        fail(str(e))
    docbin = DocBin(store_user_data=True)
    labels, lost = Counter(), []
    try:
        texts = {rec["id"]: rec["text"] for _, rec in read_jsonl(sentences)}
        for where, record in read_gold(gold_files(gold_dir)):
            check_against_sentences(where, record, texts)
            doc, doc_lost = record_to_doc(nlp, record, where)
            docbin.add(doc)
            labels.update(ent.label_ for ent in doc.ents)
            lost.extend(doc_lost)
    except InputError as e:
        fail(str(e))
    for line in lost:
        msg.warn(line)
    total = sum(labels.values()) + len(lost)
    msg.info(f"{len(docbin)} sentences, {total} spans, {len(lost)} could not be aligned to tokens")
    msg.table(sorted(labels.items()), header=("label", "spans"))
    if len(lost) > max_lost:
        fail(f"{len(lost)} spans lost (at most {max_lost} allowed): fix the tokenizer or the data")
    output.parent.mkdir(parents=True, exist_ok=True)
    docbin.to_disk(output)
    msg.good(f"Wrote {output}")


if __name__ == "__main__":
    typer.run(main)
