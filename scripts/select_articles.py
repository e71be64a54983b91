"""Choose the vietnews articles to annotate and copy the part we annotate.

Rule: a systematic sample over the relevance ranking (every `step`-th article,
starting at `offset`), so the sample covers the whole ranking instead of the
most relevant cluster only. Of each chosen article we keep the title, the
abstract and whole body paragraphs until at least `min_sentences` sentences,
the part that is annotated. The output is deterministic for fixed options.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from wasabi import msg

from jsonl_io import InputError, read_jsonl, write_jsonl
from sentence_splitter import iter_paragraphs, split_sentences


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
):
    """Systematically sample articles and keep their first paragraphs."""
    try:
        chosen = [
            lead(rec, min_sentences)
            for rank, (_, rec) in enumerate(read_jsonl(articles))
            if rank >= offset and (rank - offset) % step == 0
        ]
    except (InputError, KeyError) as e:
        msg.fail(f"{articles}: {e}")
        sys.exit(1)
    n = write_jsonl(output, chosen)
    msg.good(f"{n} articles written to {output}")


if __name__ == "__main__":
    typer.run(main)
