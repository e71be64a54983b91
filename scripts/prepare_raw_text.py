"""Turn the raw vietnews articles into text for the unsupervised steps.

`--format text` (for the floret vectors): one paragraph a line, tokens as the pipeline's tokenizer segments them
(syllables, punctuation split off) joined by single spaces, each written as its
NORM (`token_norm`: NFC, old tone-mark style, case kept). The vectors are keyed
by NORM (`spacy init vectors --attr NORM`), so their keys are the strings the
pipeline looks up, whatever the tone-mark style or Unicode form of the input.
`--format jsonl` (for `spacy pretrain`): one paragraph a line as {"text": ...}, NFC and
otherwise as written, since the pipeline's own tokenizer reads it.
The input is gzipped or plain JSONL with `title`, optional `abstract`, and `body`; `--extra` adds
more such files (the industrial articles that were not annotated: in-domain text). Articles whose id
is in the gold corpus are skipped so that no evaluation text leaks into the vectors.
"""

from __future__ import annotations

import functools
import gzip
import json
import unicodedata
from pathlib import Path
from typing import Annotated, Iterator, List, Optional

import typer
from spacy.util import import_file
from wasabi import msg

from jsonl_io import fail


def open_text(path: Path):
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")


def _records(paths: List[Path]) -> Iterator[dict]:
    """The articles of each file in turn; a line that is not JSON fails with its file and line."""
    for path in paths:
        with open_text(path) as f:
            for lineno, line in enumerate(f, start=1):
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as e:
                    fail(f"{path}:{lineno}: invalid JSON ({e.msg})")


def main(
    raw: Path = typer.Argument(..., help="Raw articles, JSONL or JSONL.gz (id, title, body)"),
    output: Path = typer.Argument(..., help="Tokenized text to write, one paragraph a line"),
    code: Path = typer.Option(Path("scripts/components/vi_tokenizer.py"), help="Tokenizer module"),
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
    for path in (raw, *extra):
        if not path.exists():
            fail(f"{path}: file not found (see the assets section of project.yml)")
    tokenizer = import_file(code.stem, code)
    segment = tokenizer.segment
    norm = functools.lru_cache(maxsize=None)(tokenizer.token_norm)  # tens of thousands of distinct tokens
    skip = set()
    if exclude:
        for path in sorted(exclude.glob("*.jsonl")):
            skip.update(json.loads(line)["meta"]["article"] for line in path.open(encoding="utf-8") if line.strip())
    output.parent.mkdir(parents=True, exist_ok=True)
    n_articles = n_lines = n_tokens = skipped = 0
    with output.open("w", encoding="utf-8") as out:
        for record in _records([raw, *extra]):
            if limit and n_articles >= limit:
                break
            if record.get("id") in skip:
                skipped += 1
                continue
            parts = (record.get(field) for field in ("title", "abstract", "body"))
            text = unicodedata.normalize("NFC", "\n".join(part for part in parts if part))
            for paragraph in text.splitlines():
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
    msg.good(f"{n_articles} articles ({skipped} skipped), {n_lines} lines, {n_tokens:,} tokens -> {output}")


if __name__ == "__main__":
    typer.run(main)
