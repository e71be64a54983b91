"""Train subword-aware floret vectors on tokenized raw text, in spaCy's floret format.

Import the result with `spacy init vectors vi <out>.floret <dir> --mode floret`.
"""

from __future__ import annotations

from pathlib import Path

import typer
from wasabi import msg

from vi_corpus.jsonl import fail


def main(
    text: Path = typer.Argument(..., help="Tokenized text, one paragraph a line"),
    output: Path = typer.Argument(..., help="Vectors to write (.floret)"),
    dim: int = typer.Option(100, help="Vector width"),
    epoch: int = typer.Option(5, help="Training epochs"),
    bucket: int = typer.Option(50000, help="Hash buckets (rows of the vector table)"),
    min_count: int = typer.Option(3, help="Minimum token count"),
    minn: int = typer.Option(3, help="Shortest character n-gram"),
    maxn: int = typer.Option(5, help="Longest character n-gram"),
    threads: int = typer.Option(2, help="Threads (floret is only deterministic with one thread)"),
):
    """Train floret vectors (CBOW, floret mode, 2 hashes per entry)."""
    import floret

    if not text.exists():
        fail(f"{text}: file not found; run prepare-raw-text first")
    model = floret.train_unsupervised(
        str(text), model="cbow", mode="floret", hashCount=2, bucket=bucket, minn=minn, maxn=maxn,
        minCount=min_count, dim=dim, epoch=epoch, thread=threads, verbose=1,
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    model.save_floret_vectors(str(output))
    msg.good(f"Wrote {output} ({bucket} x {dim})")


if __name__ == "__main__":
    typer.run(main)
