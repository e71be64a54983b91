"""Gold records (doccano JSONL, vi_corpus.records) as spaCy docs, aligned to the project's tokens."""

from __future__ import annotations

from typing import List, Tuple

from spacy.language import Language
from spacy.tokens import Doc

from vi_corpus.lexicon import source_part


def record_to_doc(nlp: Language, record: dict, where: str) -> Tuple[Doc, List[str]]:
    """The Doc of a valid gold record with its entities, and a description of each span that does
    not fall on token boundaries (it would be lost in training)."""
    doc = nlp.make_doc(record["text"])
    ents, aligned, lost = [], [], []
    for start, end, label in record["label"]:
        span = doc.char_span(start, end, label=label, alignment_mode="strict")
        if span is None:
            tokens = [t.text for t in doc.char_span(start, end, alignment_mode="expand")]
            lost.append(f"{where}: {label} {record['text'][start:end]!r} does not align with tokens {tokens}")
        else:
            ents.append(span)
            aligned.append((start, end, label))
    doc.ents = ents
    token_span = {(start, end): (span.start, span.end) for (start, end, _), span in zip(aligned, ents)}
    relations = []
    for rel in record.get("relations", []):
        head, tail = token_span.get(tuple(rel["head"])), token_span.get(tuple(rel["tail"]))
        if head is None or tail is None:
            lost.append(f"{where}: relation {rel['type']} loses an entity that does not align with tokens")
        else:
            relations.append([*head, *tail, rel["type"], 1.0])
    if relations:
        doc.user_data["relations"] = relations  # vi_industrial.relations: token offsets, the doc._.relations store
    doc.user_data["id"] = record["id"]
    doc.user_data["article"] = record["meta"]["article"]
    doc.user_data["part"] = source_part(record["meta"].get("source", ""))
    return doc, lost
