"""Choose the vietnews articles to annotate and copy the part we annotate.

Four stages, all deterministic for fixed options:
1. a systematic sample over the relevance ranking (every `step`-th article,
   starting at `offset`), so the sample covers the whole ranking instead of the
   most relevant cluster only;
2. a targeted batch: of the other articles, in rank order, the first `targeted`
   whose annotated part mentions industrial zones at least `park_mentions`
   times and amounts with a currency at least `money_mentions` times. Stage 1
   alone gives too few INDUSTRIAL_PARK and MONEY entities to train on;
3. a company batch: of the articles left, in rank order, the first
   `company_targeted` whose annotated part names companies (a legal-form word
   followed by a capitalised name) at least `company_mentions` times. COMPANY
   was the weakest label and the learning curve still rose at 100% of the data
   (batches 12, 13, 14 and 15 are its first four 40 articles, batch 16 the last 13: no other
   article names companies often enough);
4. a second company batch: of the articles still left, in rank order, the first
   `company_low_targeted` that name companies at least `company_low_mentions`
   times (batches 17 and 18, once stage 3 had no article left).
Of each chosen article we keep the title, the abstract and whole body
paragraphs until at least `min_sentences` sentences: the part that is
annotated. Stages are written in order, so adding a stage moves no sentence id.
"""

from __future__ import annotations

from pathlib import Path

import typer
from wasabi import msg

from vi_corpus.articles import article_text
from vi_corpus.jsonl import InputError, fail, read_jsonl, write_jsonl
from vi_corpus.lexicon import SELECTION_COMPANY_CUES, SELECTION_MONEY_CUES, SELECTION_PARK_CUES
from vi_corpus.sentences import iter_paragraphs, split_sentences

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
    company_targeted: int = typer.Option(200, help="Number of articles in the company batches (stage 3: batches 12, 13, 14 and 15 "
                                         "are its first four 40, batch 16 the 13 left; only 173 articles have enough company names)"),
    company_mentions: int = typer.Option(5, help="Stage 3: minimum company names"),
    company_low_targeted: int = typer.Option(70, help="Number of articles in the second company batch (stage 4: batches 17 and 18; "
                                             "70 articles have 4 company names)"),
    company_low_mentions: int = typer.Option(4, help="Stage 4: minimum company names"),
):
    """Sample articles (systematic + targeted batches) and keep their first paragraphs."""
    systematic, extra, companies, fewer_companies = [], [], [], []
    try:
        for rank, (lineno, rec) in enumerate(read_jsonl(articles)):
            if not isinstance(rec, dict) or not all(isinstance(rec.get(k), str) for k in FIELDS):
                raise InputError(f"{articles}:{lineno}: expected an article with string {', '.join(FIELDS)}")
            part = lead(rec, min_sentences)
            if rank >= offset and (rank - offset) % step == 0:
                systematic.append(part)
                continue
            text = article_text(part)
            if len(extra) < targeted and (len(SELECTION_PARK_CUES.findall(text)) >= park_mentions
                                          and len(SELECTION_MONEY_CUES.findall(text)) >= money_mentions):
                extra.append(part)
                continue
            n_companies = len(SELECTION_COMPANY_CUES.findall(text))
            if len(companies) < company_targeted and n_companies >= company_mentions:
                companies.append(part)
            elif len(fewer_companies) < company_low_targeted and n_companies >= company_low_mentions:
                fewer_companies.append(part)
    except InputError as e:
        fail(str(e))
    n = write_jsonl(output, systematic + extra + companies + fewer_companies)
    msg.good(f"{n} articles written to {output} ({len(systematic)} systematic, {len(extra)} park/money, "
             f"{len(companies)} + {len(fewer_companies)} company)")


if __name__ == "__main__":
    typer.run(main)
