"""Split articles into unique, NFC-normalized sentences with stable ids.

Inputs are seed articles (`*.txt`, first line the title, one paragraph a line) and, optionally,
JSONL articles with `id`, `title`, `abstract`, `body` (vi_corpus.articles). Each sentence gets the
id `<article>-<n>`, where n counts every sentence of the article, the dropped duplicates included,
so that ids stay put when the deduplication changes. A sentence identical to one seen before (in
any article) is dropped: the first occurrence is kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer
from wasabi import msg

from vi_corpus.articles import read_articles
from vi_corpus.jsonl import InputError, fail, write_jsonl
from vi_corpus.sentences import sentence_records


def main(
    seeds_dir: Path = typer.Argument(..., help="Folder of seed articles (*.txt)"),
    output: Path = typer.Argument(..., help="Sentences JSONL to write"),
    articles: Optional[List[Path]] = typer.Option(
        None, "--articles", "-a", help="JSONL articles (id, title, abstract, body); repeatable"
    ),
):
    """Split seed and JSONL articles into unique NFC sentences with stable ids."""
    seeds = sorted(seeds_dir.glob("*.txt"))
    if not seeds:
        fail(f"{seeds_dir}: no *.txt seed articles found")
    stats = {"articles": 0, "sentences": 0, "duplicates": 0}
    try:
        written = write_jsonl(output, sentence_records(read_articles([*seeds, *(articles or [])]), stats))
    except InputError as e:
        fail(str(e))
    msg.good(
        f"{stats['articles']} articles, {stats['sentences']} sentences, "
        f"{stats['duplicates']} exact duplicates dropped, {written} written to {output}"
    )


if __name__ == "__main__":
    typer.run(main)
