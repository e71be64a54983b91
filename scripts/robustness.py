"""Score a trained pipeline on the same gold sentences written four ways.

Real text arrives in two tone-mark styles (old, kiểu cũ: "Khánh Hòa"; new, kiểu mới: "Khánh Hoà")
and sometimes decomposed (Unicode NFD). Each gold sentence is scored as written, restyled to the old
and to the new style, and in NFD; the gold spans are mapped onto each variant's character offsets
(restyling keeps the length of NFC text, NFD makes it longer). Writes a Markdown table (F per label
and micro, per variant, and the largest drop below the text as written) and a JSON file with P/R/F
and the number of sentences whose entities differ from those found in the text as written; exits
with status 1 when a variant's micro F is more than --max-drop below the original's.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import typer
from spacy.scorer import Scorer
from spacy.tokens import Doc, DocBin, Span
from spacy.training import Example
from spacy.util import import_file
from wasabi import msg

from jsonl_io import fail
from pipeline_loading import load_pipeline

# The restyling functions come from the project's tokenizer module, imported under a name of its own:
# a model built with another version of the tokenizer (--code) must still register and use its own.
_TEXT = import_file("vi_text_variants", Path(__file__).resolve().parent / "components" / "vi_tokenizer.py")

VARIANTS = ("original", "old style", "new style", "NFD")


def _nfd(text: str) -> Tuple[str, List[int]]:
    pieces = [unicodedata.normalize("NFD", c) for c in text]
    offsets = [0]
    for piece in pieces:
        offsets.append(offsets[-1] + len(piece))
    return "".join(pieces), offsets


def make_variant(text: str, variant: str) -> Tuple[str, List[int]]:
    """The variant's text and, for each offset 0..len(text) of `text`, the matching offset in it."""
    if variant == "NFD":
        out, offsets = _nfd(text)
        if out != unicodedata.normalize("NFD", text):  # marks of neighbouring characters reordered
            raise ValueError(f"cannot map offsets of the NFD form of {text!r}")
        return out, offsets
    if not unicodedata.is_normalized("NFC", text):
        raise ValueError(f"gold text is not NFC: {text!r}")
    restyle: Callable[[str], str] = {"original": str, "old style": _TEXT.to_old_style, "new style": _TEXT.to_new_style}[variant]
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


def failures(scores: Dict[str, dict], max_drop: float) -> List[str]:
    f0 = scores["original"]["f"]
    return [f"{v}: micro F {s['f']:.3f} is {f0 - s['f']:.3f} below the original ({f0:.3f})"
            for v, s in scores.items() if f0 - s["f"] > max_drop]


def main(
    model: Path = typer.Argument(Path("training/model-final"), help="Trained pipeline directory"),
    data: Path = typer.Argument(Path("corpus/spacy/test.spacy"), help="Gold DocBin (.spacy), NFC text"),
    output: Path = typer.Option(Path("training/robustness.md"), help="Markdown table to write"),
    json_path: Path = typer.Option(Path("training/robustness.json"), "--json", help="Scores to write (JSON)"),
    code: Path = typer.Option(Path("scripts/components/register_all.py"), help="Python file that registers the pipeline's code"),
    max_drop: float = typer.Option(0.01, help="Largest allowed drop of micro F below the text as written"),
):
    """Micro and per-label F on the text as written, in each tone-mark style and in NFD."""
    for path in (model, data):
        if not path.exists():
            fail(f"{path}: not found")
    nlp = load_pipeline(model, code)  # fails in one line when `code` is missing
    golds = list(DocBin().from_disk(data).get_docs(nlp.vocab))
    try:
        scores = score_variants(nlp, golds)
    except ValueError as e:
        fail(str(e))
    header = ["label", *VARIANTS, "max drop"]
    rows = table_rows(scores)
    msg.table(rows, header=header, aligns=("l", "r", "r", "r", "r", "r"))
    lines = [f"Test F of `{model}` on `{data}` ({len(golds)} sentences) as written, restyled and in NFD.", "",
             "| " + " | ".join(header) + " |", "| --- |" + " ---: |" * (len(header) - 1)]
    lines += ["| " + " | ".join(f"**{c}**" if row[0] == "ALL" and c else c for c in row) + " |" for row in rows]
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text("\n".join(lines) + "\n", encoding="utf-8")
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
