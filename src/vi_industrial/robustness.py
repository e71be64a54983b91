"""Score a trained pipeline on the same gold sentences written four ways.

Real text arrives in two tone-mark styles (old, kiểu cũ: "Khánh Hòa"; new, kiểu mới: "Khánh Hoà")
and sometimes decomposed (Unicode NFD). Each gold sentence is scored as written, restyled to the old
and to the new style, and in NFD; the gold spans are mapped onto each variant's character offsets
(restyling keeps the length of NFC text, NFD makes it longer). Writes a Markdown table (F per label
and micro, per variant, and the largest drop below the text as written) and a JSON file with P/R/F
and the number of sentences whose entities differ from those found in the text as written; the
robustness command (scripts/robustness.py) fails when a variant's micro F is more than --max-drop
below the original's.
"""

from __future__ import annotations

import unicodedata
from typing import Callable, Dict, List, Tuple

from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example

from vi_corpus.text import nfd_offsets, to_new_style, to_old_style

VARIANTS = ("original", "old style", "new style", "NFD")


def make_variant(text: str, variant: str) -> Tuple[str, List[int]]:
    """The variant's text and, for each offset 0..len(text) of `text`, the matching offset in it."""
    if variant == "NFD":
        return nfd_offsets(text)
    if not unicodedata.is_normalized("NFC", text):
        raise ValueError(f"gold text is not NFC: {text!r}")
    restyle: Callable[[str], str] = {"original": str, "old style": to_old_style, "new style": to_new_style}[variant]
    return restyle(text), list(range(len(text) + 1))


def variant_reference(gold: Doc, variant: str) -> Doc:
    """The gold doc in the variant's spelling: same tokens, same entities, mapped offsets."""
    text, offsets = make_variant(gold.text, variant)
    words = [text[offsets[t.idx] : offsets[t.idx + len(t)]] for t in gold]
    doc = Doc(gold.vocab, words=words, spaces=[bool(t.whitespace_) for t in gold])
    doc.ents = [Span(doc, e.start, e.end, label=e.label_) for e in gold.ents]
    assert doc.text == text
    return doc


def _original_spans(doc: Doc, offsets: List[int]) -> List[Tuple[int, int, str]]:
    back = {v: i for i, v in enumerate(offsets)}
    return [(back.get(e.start_char, -1), back.get(e.end_char, -1), e.label_) for e in doc.ents]


def score_variants(nlp, golds: List[Doc]) -> Dict[str, dict]:
    scores, found = {}, {}
    for variant in VARIANTS:
        refs = [variant_reference(g, variant) for g in golds]
        preds = list(nlp.pipe(r.text for r in refs))
        s = Scorer.score_spans([Example(p, r) for p, r in zip(preds, refs)], "ents")
        found[variant] = [_original_spans(p, make_variant(g.text, variant)[1]) for p, g in zip(preds, golds)]
        changed = sum(a != b for a, b in zip(found[variant], found["original"]))
        per_type = {label: {k: v[k] for k in "prf"} for label, v in sorted((s["ents_per_type"] or {}).items())}
        scores[variant] = {"p": s["ents_p"], "r": s["ents_r"], "f": s["ents_f"], "per_type": per_type, "docs_with_other_ents": changed}
    return scores


def table_rows(scores: Dict[str, dict]) -> List[List[str]]:
    labels = sorted({label for s in scores.values() for label in s["per_type"]})
    rows = []
    for label in [*labels, "ALL"]:
        fs = [(s["f"] if label == "ALL" else s["per_type"].get(label, {"f": 0.0})["f"]) for s in scores.values()]
        rows.append([label, *(f"{f:.3f}" for f in fs), f"{max(fs[0] - f for f in fs):.3f}"])
    rows.append(["sentences with other entities", *(str(s["docs_with_other_ents"]) for s in scores.values()), ""])
    return rows


def markdown(scores: Dict[str, dict], title: str) -> str:
    """The table of `table_rows` in Markdown, the ALL row in bold."""
    header = ["label", *VARIANTS, "max drop"]
    lines = [title, "", "| " + " | ".join(header) + " |", "| --- |" + " ---: |" * (len(header) - 1)]
    lines += ["| " + " | ".join(f"**{c}**" if row[0] == "ALL" and c else c for c in row) + " |" for row in table_rows(scores)]
    return "\n".join(lines) + "\n"


def failures(scores: Dict[str, dict], max_drop: float) -> List[str]:
    f0 = scores["original"]["f"]
    return [f"{v}: micro F {s['f']:.3f} is {f0 - s['f']:.3f} below the original ({f0:.3f})"
            for v, s in scores.items() if f0 - s["f"] > max_drop]
