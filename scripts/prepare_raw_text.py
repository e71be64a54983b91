"""Turn the raw vietnews articles into text for the unsupervised steps.

`--format text` (for the floret vectors): one paragraph a line, tokens as the pipeline's tokenizer
segments them joined by single spaces, each written as its NORM (`token_norm`: NFC, old tone-mark
style, case kept). The vectors are keyed by NORM (`spacy init vectors --attr NORM`), so their keys
are the strings the pipeline looks up, whatever the tone-mark style or Unicode form of the input.
`--format jsonl` (for `spacy pretrain`): one paragraph a line as {"text": ...}, NFC and otherwise as
written, since the pipeline's own tokenizer reads it.
The input is gzipped or plain JSONL articles (vi_corpus.articles); `--extra` adds more such files
(the industrial articles that were not annotated: in-domain text). Articles whose id is in the
gold corpus are skipped so that no evaluation text leaks into the vectors.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Annotated, List, Optional

import typer
from wasabi import msg

from vi_corpus.articles import read_articles
from vi_corpus.jsonl import InputError, fail, read_jsonl
from vi_corpus.text import nfc
from vi_industrial.tokenizer import SEGMENTERS, segment, token_norm


def main(
    raw: Path = typer.Argument(..., help="Raw articles, JSONL or JSONL.gz (id, title, body)"),
    output: Path = typer.Argument(..., help="Tokenized text to write, one paragraph a line"),
    segmenter: str = typer.Option("syllable", help="Segmenter of the tokenizer"),
    exclude: Optional[Path] = typer.Option(None, help="Gold corpus folder: its articles are skipped"),
    limit: int = typer.Option(0, help="Stop after this many articles (0: all)"),
    output_format: str = typer.Option("text", "--format", help="text: tokenized NORMs (floret); jsonl: {\"text\"} lines (spacy pretrain)"),
    # Annotated, so that a direct call without it (the tests) gets None, not typer's OptionInfo
    extra: Annotated[Optional[List[Path]], typer.Option(help="More raw article files, read after RAW (repeatable)")] = None,
):
    """Write raw articles as tokenized text (floret) or as JSONL texts (spacy pretrain)."""
    extra = list(extra or [])
    if output_format not in ("text", "jsonl"):
        fail(f"--format must be text or jsonl, got {output_format!r}")
    if segmenter not in SEGMENTERS:
        fail(f"--segmenter must be one of {', '.join(SEGMENTERS)}, got {segmenter!r}")
    for path in (raw, *extra):
        if not path.exists():
            fail(f"{path}: file not found (see the assets section of project.yml)")
    norm = functools.lru_cache(maxsize=None)(token_norm)  # tens of thousands of distinct tokens
    skip = set()
    output.parent.mkdir(parents=True, exist_ok=True)
    n_articles = n_lines = n_tokens = skipped = 0
    try:
        for path in sorted(exclude.glob("*.jsonl")) if exclude else []:
            skip.update(record["meta"]["article"] for _, record in read_jsonl(path))
        with output.open("w", encoding="utf-8") as out:
            for article_id, _, text in read_articles([raw, *extra]):
                if limit and n_articles >= limit:
                    break
                if article_id in skip:
                    skipped += 1
                    continue
                for paragraph in nfc(text).splitlines():
                    if output_format == "jsonl":
                        if paragraph.strip():
                            out.write(json.dumps({"text": paragraph.strip()}, ensure_ascii=False) + "\n")
                            n_lines += 1
                            n_tokens += len(paragraph.split())
                        continue
                    tokens = [norm(paragraph[s:e]) for s, e in segment(paragraph, segmenter)]
                    if tokens:
                        out.write(" ".join(tokens) + "\n")
                        n_lines += 1
                        n_tokens += len(tokens)
                n_articles += 1
                if n_articles % 5000 == 0:
                    msg.text(f"{n_articles} articles, {n_tokens:,} tokens")
    except InputError as e:
        fail(str(e))
    msg.good(f"{n_articles} articles ({skipped} skipped), {n_lines} lines, {n_tokens:,} tokens -> {output}")


if __name__ == "__main__":
    typer.run(main)
