"""Span-level agreement between two annotations of the same sentences.

Both inputs are doccano JSONL. Only sentences present in both are compared;
a span agrees when start, end and label are all equal. F1 between the two
annotators is symmetric (precision of one is the recall of the other). Every
disagreement is listed, so that it can be adjudicated by the spec. Standard library only.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

from vi_corpus.jsonl import InputError
from vi_corpus.lexicon import LABELS, RELATION_TYPES
from vi_corpus.records import read_gold

Span = Tuple[int, int, str]


def load(path: Path) -> Dict[str, dict]:
    return {rec["id"]: rec for _, rec in read_gold([path])}


def agreement(a: Dict[str, dict], b: Dict[str, dict]) -> Tuple[dict, List[dict]]:
    """Per-label and overall {'a','b','both','f1'} counts, and the disagreements."""
    both_ids = [i for i in a if i in b]
    counts = {label: Counter() for label in (*LABELS, "ALL")}
    disagreements = []
    for sid in both_ids:
        if a[sid]["text"] != b[sid]["text"]:
            raise InputError(f"sentence {sid!r} has different texts in the two files")
        spans_a = {tuple(s) for s in a[sid]["label"]}
        spans_b = {tuple(s) for s in b[sid]["label"]}
        for spans, key in ((spans_a, "a"), (spans_b, "b"), (spans_a & spans_b, "both")):
            for _, _, label in spans:
                counts[label][key] += 1
                counts["ALL"][key] += 1
        if spans_a != spans_b:
            text = a[sid]["text"]
            show = lambda spans: sorted((s, e, label, text[s:e]) for s, e, label in spans)  # noqa: E731
            disagreements.append(
                {"id": sid, "text": text, "only_a": show(spans_a - spans_b), "only_b": show(spans_b - spans_a)}
            )
    for c in counts.values():
        c["f1"] = 2 * c["both"] / (c["a"] + c["b"]) if c["a"] + c["b"] else 1.0
    return {"sentences": len(both_ids), "per_label": counts}, disagreements


def relation_agreement(a: Dict[str, List[dict]], b: Dict[str, List[dict]]) -> Tuple[dict, List[dict]]:
    """Per-type and overall {'a','b','both','f1'} counts of two annotators' relations (id -> relations in
    the record format) over the sentences both annotated, and the sentences where they differ."""
    both_ids = [i for i in a if i in b]
    counts = {rtype: Counter() for rtype in (*RELATION_TYPES, "ALL")}
    differ = []
    for sid in both_ids:
        rel_a = {(tuple(r["head"]), tuple(r["tail"]), r["type"]) for r in a[sid]}
        rel_b = {(tuple(r["head"]), tuple(r["tail"]), r["type"]) for r in b[sid]}
        for rels, key in ((rel_a, "a"), (rel_b, "b"), (rel_a & rel_b, "both")):
            for *_, rtype in rels:
                counts[rtype][key] += 1
                counts["ALL"][key] += 1
        if rel_a != rel_b:
            differ.append({"id": sid, "only_a": sorted(rel_a - rel_b), "only_b": sorted(rel_b - rel_a)})
    for c in counts.values():
        c["f1"] = 2 * c["both"] / (c["a"] + c["b"]) if c["a"] + c["b"] else 1.0
    return {"sentences": len(both_ids), "per_type": counts}, differ
