"""Split articles into unique, NFC-normalized sentences with stable ids.

Inputs are seed articles (`*.txt`, first line the title, one paragraph a line)
and, optionally, JSONL articles with `id`, `title`, `abstract`, `body`.
Each sentence gets the id `<article>-<n>`, where n counts every sentence of the
article, the dropped duplicates included, so that ids stay put when the
deduplication changes. A sentence identical to one seen before (in any article)
is dropped: the first occurrence is kept.
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path
from typing import Dict, Iterator, List, Optional, Tuple

import typer
from wasabi import msg

from jsonl_io import InputError, fail, read_jsonl, write_jsonl
from sentence_splitter import iter_paragraphs, split_sentences

Article = Tuple[str, str, str]  # (article id, source, text)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def read_seed_articles(seeds_dir: Path) -> Iterator[Article]:
    files = sorted(seeds_dir.glob("*.txt"))
    if not files:
        raise InputError(f"{seeds_dir}: no *.txt seed articles found")
    for path in files:
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError as e:
            raise InputError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None
        yield path.stem, f"seeds/{path.name}", text


def read_jsonl_articles(path: Path) -> Iterator[Article]:
    for lineno, record in read_jsonl(path):
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            raise InputError(f"{path}:{lineno}: article needs a string 'id'")
        parts = [record.get(key) or "" for key in ("title", "abstract", "body")]
        if not all(isinstance(p, str) for p in parts):
            raise InputError(f"{path}:{lineno}: 'title', 'abstract' and 'body' must be strings")
        source = record.get("source") or path.name
        yield record["id"], source, "\n".join(p for p in parts if p)


def sentence_records(articles: Iterator[Article], stats: Dict[str, int]) -> Iterator[dict]:
    seen = set()
    for article_id, source, text in articles:
        stats["articles"] += 1
        n = 0
        for paragraph_no, paragraph in enumerate(iter_paragraphs(nfc(text))):
            for sentence in split_sentences(paragraph):
                n += 1
                stats["sentences"] += 1
                if sentence in seen:
                    stats["duplicates"] += 1
                    continue
                seen.add(sentence)
                yield {
                    "id": f"{article_id}-{n}",
                    "text": sentence,
                    "meta": {"article": article_id, "source": source, "paragraph": paragraph_no},
                }


def main(
    seeds_dir: Path = typer.Argument(..., help="Folder of seed articles (*.txt)"),
    output: Path = typer.Argument(..., help="Sentences JSONL to write"),
    articles: Optional[List[Path]] = typer.Option(
        None, "--articles", "-a", help="JSONL articles (id, title, abstract, body); repeatable"
    ),
):
    """Split seed and JSONL articles into unique NFC sentences with stable ids."""

    def all_articles() -> Iterator[Article]:
        yield from read_seed_articles(seeds_dir)
        for path in articles or []:
            yield from read_jsonl_articles(path)

    stats = {"articles": 0, "sentences": 0, "duplicates": 0}
    try:
        written = write_jsonl(output, sentence_records(all_articles(), stats))
    except InputError as e:
        fail(str(e))
    msg.good(
        f"{stats['articles']} articles, {stats['sentences']} sentences, "
        f"{stats['duplicates']} exact duplicates dropped, {written} written to {output}"
    )


if __name__ == "__main__":
    typer.run(main)
