"""Convert validated doccano JSONL gold files into one spaCy DocBin.

Every record is validated first (see gold_records.py) and must carry the
exact text of the preprocessed sentence with its id; the first bad record
stops the step with its file, line and reason. Each span is then aligned to
the tokens of the pipeline's own tokenizer; a span that does not fall on token
boundaries would be lost in training, so the step fails when more than
`--max-lost` spans (default 0) cannot be aligned, and lists them.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

import spacy
import typer
from spacy.tokens import Doc, DocBin
from spacy.util import import_file
from wasabi import msg

from gold_records import gold_files, read_gold
from jsonl_io import InputError, fail, read_jsonl

TOKENIZER = "vi_industrial.Tokenizer.v1"


def make_nlp(segmenter: str):
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER, "segmenter": segmenter}}})


def record_to_doc(nlp, record: dict, where: str) -> Tuple[Doc, List[str]]:
    """The Doc with the record's entities, and a description of each lost span."""
    doc = nlp.make_doc(record["text"])
    ents, lost = [], []
    for start, end, label in record["label"]:
        span = doc.char_span(start, end, label=label, alignment_mode="strict")
        if span is None:
            tokens = [t.text for t in doc.char_span(start, end, alignment_mode="expand")]
            lost.append(f"{where}: {label} {record['text'][start:end]!r} does not align with tokens {tokens}")
        else:
            ents.append(span)
    doc.ents = ents
    doc.user_data["id"] = record["id"]
    doc.user_data["article"] = record["meta"]["article"]
    return doc, lost


def check_against_sentences(where: str, record: dict, sentences: Dict[str, str]) -> None:
    """Gold must annotate the current preprocessed text, or offsets mean nothing."""
    if record["id"] not in sentences:
        raise InputError(f"{where}: id {record['id']!r} is not a sentence of the preprocessed corpus")
    if sentences[record["id"]] != record["text"]:
        raise InputError(f"{where}: text of {record['id']!r} differs from the preprocessed sentence")


def main(
    gold_dir: Path = typer.Argument(..., help="Folder of doccano JSONL gold files"),
    sentences: Path = typer.Argument(..., help="Sentences JSONL from preprocess"),
    output: Path = typer.Argument(..., help="DocBin (.spacy) to write"),
    code: Path = typer.Option(..., help="Python file that registers the tokenizer"),
    segmenter: str = typer.Option("syllable", help="Tokenizer segmenter: pyvi, syllable or whitespace"),
    max_lost: int = typer.Option(0, help="Fail when more spans than this cannot be aligned"),
):
    """Validate gold JSONL and convert it to a .spacy DocBin."""
    import_file(code.stem, code)
    nlp = make_nlp(segmenter)
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
