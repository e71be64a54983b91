"""Extract entities and facts from articles with the packaged model, streaming.

Inputs: .txt files (one article each), .jsonl files (one article a line: id plus title/abstract/body
or text), or folders of them. Each article is split into sentences (the project's splitter) and
run through `nlp.pipe` in batches (`--n-process` for several processes). Output:
- one JSONL record per entity: article id, sentence number and text, label, entity text, character
  offsets in the sentence, and the normalized values (amount, amount_max, currency, province,
  province_before_2025, park_key). When the pipeline has `company_aliases`, a company's short name
  is also tagged in the other sentences of the article that named it in full ("Tập đoàn UAC" ...
  "UAC sẽ tuyển dụng");
- a summary JSON and Markdown table: money by province and by industrial park (amounts in the
  same sentence as the province or park, per currency), and companies by park.
Memory stays flat: articles are read lazily and only the summary counters are kept.
A bad line (invalid JSON) or an unreadable file is reported with file and line and skipped.
Empty or whitespace-only articles give no sentences; a "sentence" longer than --max-chars
(text without sentence ends) is cut at whitespace into pieces, each a sentence of its own.
"""

from __future__ import annotations

import json
import sys
import unicodedata
from collections import Counter, defaultdict
from itertools import groupby
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import typer
from tqdm import tqdm
from wasabi import msg

from jsonl_io import fail
from pipeline_loading import load_pipeline

from sentence_splitter import iter_paragraphs, split_sentences

Article = Tuple[str, str]  # (article id, text)


def iter_files(paths: List[Path]) -> Iterator[Path]:
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in (".txt", ".jsonl") and p.is_file())
        else:
            yield path


def iter_articles(paths: List[Path], problems: List[str]) -> Iterator[Article]:
    for path in iter_files(paths):
        if not path.exists():
            problems.append(f"{path}: file not found")
            continue
        try:
            if path.suffix == ".jsonl":
                with path.open(encoding="utf-8") as f:
                    for lineno, line in enumerate(f, start=1):
                        if not line.strip():
                            continue
                        try:
                            record = json.loads(line)
                        except json.JSONDecodeError as e:
                            problems.append(f"{path}:{lineno}: invalid JSON ({e.msg}), skipped")
                            continue
                        if not isinstance(record, dict):
                            problems.append(f"{path}:{lineno}: not a JSON object, skipped")
                            continue
                        parts = [record.get(k) for k in ("title", "abstract", "body", "text")]
                        text = "\n".join(p for p in parts if isinstance(p, str) and p)
                        yield str(record.get("id", f"{path.name}:{lineno}")), text
            else:
                yield path.stem, path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            problems.append(f"{path}: not UTF-8 text ({e.reason} at byte {e.start}), skipped")


def cut(text: str, max_chars: int) -> Iterator[str]:
    """`text` in pieces of at most `max_chars`, cut at the last whitespace of each window
    (a hard cut only where a window has none). A text with no sentence ends (a table, a
    run-on paste) would otherwise reach the model as one huge "sentence", over
    nlp.max_length. An entity that straddles a cut is lost; news sentences never come near it."""
    start = 0
    while len(text) - start > max_chars:
        end = max(text.rfind(" ", start + 1, start + max_chars + 1), text.rfind("\n", start + 1, start + max_chars + 1))
        if end <= start:
            end = start + max_chars
        yield text[start:end].strip()
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        yield text[start:]


def iter_sentences(articles: Iterator[Article], max_chars: int = 5000) -> Iterator[Tuple[str, dict]]:
    """(sentence, context) for every sentence of every article; offsets are within the sentence."""
    for article_id, text in articles:
        n = 0
        for paragraph in iter_paragraphs(unicodedata.normalize("NFC", text)):
            for sentence in split_sentences(paragraph):
                for piece in cut(sentence, max_chars):
                    if piece:
                        n += 1
                        yield piece, {"article": article_id, "sentence": n}


def entity_record(ent, context: dict) -> dict:
    record = {**context, "sentence_text": ent.doc.text, "label": ent.label_, "text": ent.text,
              "start": ent.start_char, "end": ent.end_char}
    for attr in ("amount", "amount_max", "currency", "province", "province_before_2025", "park_key"):
        if ent.has_extension(attr) and getattr(ent._, attr) is not None:
            record[attr] = getattr(ent._, attr)
    return record


class Summary:
    def __init__(self):
        self.money_by_province = defaultdict(Counter)
        self.money_by_park = defaultdict(Counter)
        self.companies_by_park = defaultdict(Counter)
        self.labels = Counter()

    def add(self, records: List[dict]) -> None:
        provinces = {r["province"] for r in records if r.get("province")}
        parks = {r["park_key"] for r in records if r.get("park_key")}
        companies = {r["text"] for r in records if r["label"] == "COMPANY"}
        for r in records:
            self.labels[r["label"]] += 1
            if r["label"] == "MONEY" and r.get("amount") is not None:
                for province in provinces:
                    self.money_by_province[province][r["currency"]] += r["amount"]
                for park in parks:
                    self.money_by_park[park][r["currency"]] += r["amount"]
        for park in parks:
            self.companies_by_park[park].update(companies)

    def as_dict(self) -> dict:
        return {
            "entities_per_label": dict(self.labels),
            "money_by_province": {k: dict(v) for k, v in sorted(self.money_by_province.items())},
            "money_by_park": {k: dict(v) for k, v in sorted(self.money_by_park.items())},
            "companies_by_park": {k: dict(v.most_common()) for k, v in sorted(self.companies_by_park.items())},
        }

    def markdown(self) -> str:
        lines = ["# Extraction summary", "", "## Money by province (current unit; amounts in the same sentence)", "",
                 "| province | currency | total |", "| --- | --- | ---: |"]
        for province, money in sorted(self.money_by_province.items()):
            lines += [f"| {province} | {cur} | {amount:,.0f} |" for cur, amount in sorted(money.items())]
        lines += ["", "## Money by industrial park", "", "| park | currency | total |", "| --- | --- | ---: |"]
        for park, money in sorted(self.money_by_park.items()):
            lines += [f"| {park} | {cur} | {amount:,.0f} |" for cur, amount in sorted(money.items())]
        lines += ["", "## Companies by industrial park", "", "| park | companies (mentions) |", "| --- | --- |"]
        for park, companies in sorted(self.companies_by_park.items()):
            lines.append(f"| {park} | " + ", ".join(f"{c} ({n})" for c, n in companies.most_common()) + " |")
        return "\n".join(lines) + "\n"


def main(
    inputs: List[Path] = typer.Argument(..., help="Text files, JSONL article files or folders"),
    output: Path = typer.Option(..., "--output", "-o", help="Entities JSONL to write"),
    model: str = typer.Option("vi_industrial_ner", help="Installed package name or pipeline folder"),
    code: Optional[Path] = typer.Option(None, help="For a pipeline folder: scripts/components/register_all.py"),
    summary: Optional[Path] = typer.Option(None, help="Summary JSON (a Markdown table is written beside it)"),
    batch_size: int = typer.Option(256, help="Sentences per nlp.pipe batch"),
    n_process: int = typer.Option(1, "--n-process", help="Processes for nlp.pipe"),
    max_chars: int = typer.Option(5000, help="Longer sentences are cut at whitespace into pieces of this size"),
):
    """Run the model over articles; write one JSONL record per entity and a summary."""
    nlp = load_pipeline(model, code)
    linker = nlp.get_pipe("company_aliases") if "company_aliases" in nlp.pipe_names else None
    problems: List[str] = []
    totals = Summary()
    output.parent.mkdir(parents=True, exist_ok=True)
    n_sentences = n_entities = 0
    stream = iter_sentences(iter_articles(inputs, problems), max_chars)
    with output.open("w", encoding="utf-8") as out:
        docs = nlp.pipe(stream, as_tuples=True, batch_size=batch_size, n_process=n_process)
        docs = tqdm(docs, desc="sentences", unit=" sent", disable=not sys.stderr.isatty())
        for _, group in groupby(docs, key=lambda pair: pair[1]["article"]):
            group = list(group)
            if linker is not None:  # a company's short name in one sentence, its full name in another
                group = list(zip(linker.link([doc for doc, _ in group]), (context for _, context in group)))
            for doc, context in group:
                n_sentences += 1
                records = [entity_record(ent, context) for ent in doc.ents]
                for record in records:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
                n_entities += len(records)
                totals.add(records)
    for problem in problems:
        msg.warn(problem)
    if summary:
        summary.parent.mkdir(parents=True, exist_ok=True)
        summary.write_text(json.dumps(totals.as_dict(), ensure_ascii=False, indent=1), encoding="utf-8")
        summary.with_suffix(".md").write_text(totals.markdown(), encoding="utf-8")
    msg.good(f"{n_sentences} sentences, {n_entities} entities -> {output}" + (f"; summary {summary}" if summary else "")
             + (f"; {len(problems)} problems skipped" if problems else ""))


if __name__ == "__main__":
    typer.run(main)
