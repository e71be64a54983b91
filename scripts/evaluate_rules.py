"""Statistical-only vs rules-only vs combined, on the dev and test splits.

Rules are spaCy's entity_ruler with patterns for what is closed-class or
patterned: the 63 former province-level names (both tone-mark styles, "TP.HCM"
forms) and money amounts (number, scale words, currency). "Combined" adds the
ruler after the trained ner with overwrite_ents=False, so rules only fill gaps.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import spacy
import typer
from spacy.tokens import DocBin

from evaluate import evaluate
from jsonl_io import fail
from pipeline_loading import load_pipeline
from training_runs import LABELS, f_row, load_code, markdown_table, write_and_print

SCALES = ["nghìn", "ngàn", "triệu", "tỷ", "tỉ", "trăm", "chục", "vạn"]
CURRENCIES = ["đồng", "vnđ", "vnd", "usd", "euro", "eur", "yên", "won", "bảng"]


def patterns(provinces) -> List[dict]:
    """Patterns from the province module (province_linker.py) plus money token patterns."""
    out = [{"label": "PROVINCE", "pattern": form} for name in provinces.FORMER_TO_CURRENT for form in provinces.written_forms(name)]
    amount = [{"LIKE_NUM": True}, {"LOWER": {"IN": SCALES}, "OP": "*"}]
    out.append({"label": "MONEY", "pattern": amount + [{"LOWER": {"IN": CURRENCIES}}]})
    out.append({"label": "MONEY", "pattern": amount + [{"LOWER": "đô"}, {"LOWER": "la"}]})
    return out


def add_ruler(nlp, after: Optional[str], provinces) -> None:
    ruler = nlp.add_pipe("entity_ruler", name="rules", after=after, config={"overwrite_ents": False, "phrase_matcher_attr": "ORTH"})
    ruler.add_patterns(patterns(provinces))


def main(
    model: Path = typer.Argument(..., help="Trained pipeline (statistical ner)"),
    dev: Path = typer.Argument(..., help="Dev DocBin"),
    test: Path = typer.Argument(..., help="Test DocBin"),
    code: Path = typer.Option(Path("scripts/components/vi_tokenizer.py"), help="Tokenizer module"),
    table: Optional[Path] = typer.Option(None, help="Write the table (Markdown) here"),
):
    """Score the ner alone, the rules alone and both together."""
    if not model.exists():
        fail(f"{model}: model folder not found (run the train step first)")
    load_code(code)
    provinces = load_code(code.parent / "province_linker.py")
    statistical = load_pipeline(model)
    rules_only = spacy.blank("vi", config={"nlp": {"tokenizer": statistical.config["nlp"]["tokenizer"]}})
    add_ruler(rules_only, None, provinces)
    combined = load_pipeline(model)
    add_ruler(combined, "ner", provinces)
    rows = []
    for split, path in (("dev", dev), ("test", test)):
        docs = list(DocBin().from_disk(path).get_docs(statistical.vocab))
        for name, nlp in (("statistical only", statistical), ("rules only", rules_only), ("combined", combined)):
            metrics, _ = evaluate(nlp, docs)
            rows.append([split] + f_row(name, metrics))
    write_and_print(table, "Rules vs statistical NER (F1)", markdown_table(["split", "pipeline", "ALL", *LABELS], rows))


if __name__ == "__main__":
    typer.run(main)
