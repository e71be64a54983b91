"""Choose the vietnews articles to annotate and copy the part we annotate.

Two stages, both deterministic for fixed options:
1. a systematic sample over the relevance ranking (every `step`-th article,
   starting at `offset`), so the sample covers the whole ranking instead of the
   most relevant cluster only;
2. a targeted batch: of the other articles, in rank order, the first `targeted`
   whose annotated part mentions industrial zones at least `park_mentions`
   times and amounts with a currency at least `money_mentions` times. Stage 1
   alone gives too few INDUSTRIAL_PARK and MONEY entities to train on.
Of each chosen article we keep the title, the abstract and whole body
paragraphs until at least `min_sentences` sentences: the part that is
annotated. Stage-1 articles come first, so adding stage 2 moves no sentence id.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import typer
from wasabi import msg

from jsonl_io import InputError, fail, read_jsonl, write_jsonl
from sentence_splitter import iter_paragraphs, split_sentences


PARK_CUES = re.compile(r"khu công nghiệp|\bKCN\b|khu kinh tế|khu chế xuất|cụm công nghiệp|\bCCN\b|khu công nghệ cao", re.I)
MONEY_CUES = re.compile(r"\b(?:tỷ|tỉ|triệu|nghìn|ngàn)?\s*(?:đồng|USD|VNĐ|VND|euro|EUR|yên)\b")


def full_text(record: dict) -> str:
    return "\n".join([record["title"], record["abstract"], record["body"]])


FIELDS = ("id", "title", "abstract", "body")


def lead(record: dict, min_sentences: int) -> dict:
    count = sum(len(split_sentences(p)) for p in iter_paragraphs(record["title"] + "\n" + record["abstract"]))
    kept = []
    for paragraph in iter_paragraphs(record["body"]):
        if count >= min_sentences:
            break
        kept.append(paragraph)
        count += len(split_sentences(paragraph))
    return {
        "id": record["id"],
        "source": "vietnews_industrial.jsonl",
        "title": record["title"],
        "abstract": record["abstract"],
        "body": "\n".join(kept),
    }


def main(
    articles: Path = typer.Argument(..., help="vietnews_industrial.jsonl (ranked by relevance)"),
    output: Path = typer.Argument(..., help="JSONL of the chosen articles' annotated part"),
    step: int = typer.Option(12, help="Take every step-th article of the ranking"),
    offset: int = typer.Option(0, help="Rank of the first article taken"),
    min_sentences: int = typer.Option(12, help="Keep paragraphs until this many sentences"),
    targeted: int = typer.Option(55, help="Number of articles in the targeted batch (stage 2)"),
    park_mentions: int = typer.Option(4, help="Stage 2: minimum industrial-zone mentions"),
    money_mentions: int = typer.Option(2, help="Stage 2: minimum amounts with a currency"),
):
    """Sample articles (systematic + targeted batch) and keep their first paragraphs."""
    systematic, extra = [], []
    try:
        for rank, (lineno, rec) in enumerate(read_jsonl(articles)):
            if not isinstance(rec, dict) or not all(isinstance(rec.get(k), str) for k in FIELDS):
                raise InputError(f"{articles}:{lineno}: expected an article with string {', '.join(FIELDS)}")
            part = lead(rec, min_sentences)
            if rank >= offset and (rank - offset) % step == 0:
                systematic.append(part)
            elif len(extra) < targeted:
                text = full_text(part)
                if len(PARK_CUES.findall(text)) >= park_mentions and len(MONEY_CUES.findall(text)) >= money_mentions:
                    extra.append(part)
    except InputError as e:
        fail(str(e))
    n = write_jsonl(output, systematic + extra)
    msg.good(f"{n} articles written to {output} ({len(systematic)} systematic, {len(extra)} targeted)")


if __name__ == "__main__":
    typer.run(main)
