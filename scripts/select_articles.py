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
   times (batches 17 and 18, once stage 3 had no article left);
5. broad articles (`--raw`, the 40,000 vietnews articles of all topics): each goes to the topic
   whose cues it matches most (vi_corpus.lexicon.SELECTION_TOPIC_CUES); of each topic, in a fixed
   pseudo-random order (md5 of the id), `--broad` says how many. `foreign_share` of them name at
   least `foreign_words` distinct capitalised words that are not Vietnamese syllables (foreign
   persons, brands, places: the names the industrial articles lack), the rest are taken as they
   come (bare Vietnamese names, which no word-shape cue finds).
Of each chosen article we keep the title, the abstract and whole body
paragraphs until at least `min_sentences` sentences: the part that is
annotated. Stages are written in order, so adding a stage moves no sentence id.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Dict, List, Optional

import typer
from wasabi import msg

from vi_corpus.articles import article_text
from vi_corpus.jsonl import InputError, fail, read_jsonl, write_jsonl
from vi_corpus.lexicon import SELECTION_COMPANY_CUES, SELECTION_MONEY_CUES, SELECTION_PARK_CUES, SELECTION_TOPIC_CUES
from vi_corpus.sentences import iter_paragraphs, split_sentences
from vi_corpus.text import is_vietnamese_syllable

FIELDS = ("id", "title", "abstract", "body")
RAW_FIELDS = ("id", "title", "body")
_WORD = re.compile(r"\w+")


def lead(record: dict, min_sentences: int, source: str = "vietnews_industrial.jsonl") -> dict:
    count = sum(len(split_sentences(p)) for p in iter_paragraphs(record["title"] + "\n" + record.get("abstract", "")))
    kept = []
    for paragraph in iter_paragraphs(record["body"]):
        if count >= min_sentences:
            break
        kept.append(paragraph)
        count += len(split_sentences(paragraph))
    return {
        "id": record["id"],
        "source": source,
        "title": record["title"],
        "abstract": record.get("abstract", ""),
        "body": "\n".join(kept),
    }


def foreign_words(text: str) -> int:
    """Distinct capitalised words (not all capitals: acronyms are not names) that are not Vietnamese syllables."""
    return len({w for w in _WORD.findall(text) if w[0].isupper() and not w.isupper() and not is_vietnamese_syllable(w)})


def topic(text: str) -> str:
    counts = {name: len(cues.findall(text)) for name, cues in SELECTION_TOPIC_CUES.items()}
    return max(counts, key=counts.get)  # first topic wins a tie


def parse_quotas(spec: str) -> Dict[str, int]:
    quotas = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        name, _, number = item.partition("=")
        if name not in SELECTION_TOPIC_CUES or not number.isdigit():
            raise InputError(f"--broad: expected TOPIC=N with TOPIC one of {', '.join(SELECTION_TOPIC_CUES)}, got {item!r}")
        quotas[name] = int(number)
    return quotas


def broad_articles(raw: Path, quotas: Dict[str, int], min_sentences: int, foreign_share: float, min_foreign: int) -> List[dict]:
    """Stage 5: per topic, `quotas[topic]` raw articles, `foreign_share` of them with foreign names."""
    pools: Dict[str, List[tuple]] = {name: [] for name in quotas}
    for lineno, rec in read_jsonl(raw):
        if not isinstance(rec, dict) or not all(isinstance(rec.get(k), str) for k in RAW_FIELDS):
            raise InputError(f"{raw}:{lineno}: expected an article with string {', '.join(RAW_FIELDS)}")
        part = lead(rec, min_sentences, source=raw.name)
        text = article_text(part)
        name = topic(text)
        if name in pools:
            pools[name].append((hashlib.md5(rec["id"].encode()).hexdigest(), foreign_words(text) >= min_foreign, part))
    chosen = []
    for name, quota in quotas.items():
        ordered = sorted(pools[name], key=lambda item: item[0])
        with_foreign = [part for _, foreign, part in ordered if foreign][: round(quota * foreign_share)]
        rest = [part for _, foreign, part in ordered if not foreign][: quota - len(with_foreign)]
        if len(with_foreign) + len(rest) < quota:
            raise InputError(f"{raw}: only {len(with_foreign) + len(rest)} {name} articles for --broad {name}={quota}")
        # keep the topic's articles in the md5 order, whatever their kind
        keep = {id(part) for part in with_foreign + rest}
        chosen += [dict(part, topic=name) for _, _, part in ordered if id(part) in keep]
    return chosen


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
    raw: Optional[Path] = typer.Option(None, help="Stage 5: the raw vietnews articles of all topics (JSONL or .gz)"),
    broad: str = typer.Option("business=130,world=95,society=85,technology=60,culture=25,sport=25",
                              help="Stage 5: articles per topic, TOPIC=N,..."),
    broad_sentences: int = typer.Option(8, help="Stage 5: keep paragraphs until this many sentences"),
    foreign_share: float = typer.Option(0.67, help="Stage 5: share of each topic's articles with foreign names"),
    min_foreign: int = typer.Option(2, help="Stage 5: distinct foreign words that make an article one with foreign names"),
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
        broad_part = []
        if raw is not None:
            if not raw.exists():
                raise InputError(f"{raw}: file not found (see the assets section of project.yml)")
            broad_part = broad_articles(raw, parse_quotas(broad), broad_sentences, foreign_share, min_foreign)
    except InputError as e:
        fail(str(e))
    n = write_jsonl(output, systematic + extra + companies + fewer_companies + broad_part)
    msg.good(f"{n} articles written to {output} ({len(systematic)} systematic, {len(extra)} park/money, "
             f"{len(companies)} + {len(fewer_companies)} company, {len(broad_part)} broad)")


if __name__ == "__main__":
    typer.run(main)
