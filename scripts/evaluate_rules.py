"""Statistical-only vs rules-only vs combined, on the dev and test splits.

Rules are spaCy's entity_ruler with patterns for what is closed-class or patterned: the 63 former
province-level names in every written form vi_corpus.lexicon knows, and money amounts (number,
scale words, currency word). "Combined" adds the ruler after the trained ner with
overwrite_ents=False, so rules only fill gaps.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from wasabi import msg

from vi_corpus.jsonl import fail
from vi_corpus.lexicon import CURRENCIES, FORMER_TO_CURRENT, LABELS, SCALES, written_forms
from vi_industrial.evaluation import evaluate
from vi_industrial.pipeline import blank_pipeline, load_pipeline, read_docs
from vi_industrial.studies import markdown_table


def patterns() -> List[dict]:
    """Province name phrases, and money token patterns: a number, scale words, a currency word."""
    out = [{"label": "PROVINCE", "pattern": form} for name in FORMER_TO_CURRENT for form in written_forms(name)]
    amount = [{"LIKE_NUM": True}, {"LOWER": {"IN": sorted(SCALES)}, "OP": "*"}]
    for word, _ in CURRENCIES:
        if word.isalpha():  # one or more syllables, each a token of the syllable tokenizer
            out.append({"label": "MONEY", "pattern": amount + [{"LOWER": part} for part in word.split()]})
    return out


def add_ruler(nlp, after: Optional[str]) -> None:
    ruler = nlp.add_pipe("entity_ruler", name="rules", after=after, config={"overwrite_ents": False, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(patterns())


def f_row(name: str, metrics: dict) -> List[str]:
    return [name, f"{metrics['ents_f']:.3f}"] + [f"{metrics['ents_per_type'].get(label, {}).get('f', 0.0):.3f}" for label in LABELS]


def main(
    model: Path = typer.Argument(..., help="Trained pipeline (statistical ner)"),
    dev: Path = typer.Argument(..., help="Dev DocBin"),
    test: Path = typer.Argument(..., help="Test DocBin"),
    table: Optional[Path] = typer.Option(None, help="Write the table (Markdown) here"),
):
    """Score the ner alone, the rules alone and both together."""
    if not model.exists():
        fail(f"{model}: model folder not found (run the train step first)")
    statistical = load_pipeline(model)
    rules_only = blank_pipeline(statistical.tokenizer.segmenter)
    add_ruler(rules_only, None)
    combined = load_pipeline(model)
    add_ruler(combined, "ner")
    rows = []
    for split, path in (("dev", dev), ("test", test)):
        docs = read_docs(path, statistical)
        for name, nlp in (("statistical only", statistical), ("rules only", rules_only), ("combined", combined)):
            metrics, _ = evaluate(nlp, docs)
            rows.append([split, *f_row(name, metrics)])
    text = markdown_table(["split", "pipeline", "ALL", *LABELS], rows)
    msg.divider("Rules vs statistical NER (F1)")
    print(text)
    if table:
        table.parent.mkdir(parents=True, exist_ok=True)
        table.write_text(f"# Rules vs statistical NER (F1)\n\n{text}\n", encoding="utf-8")
        msg.good(f"Wrote {table}")


if __name__ == "__main__":
    typer.run(main)
