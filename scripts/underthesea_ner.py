"""The speed peer: underthesea's CRF NER (underthesea.ner) over JSONL texts, one measurement.

Runs in its own environment (.venv-underthesea, built by the benchmark-setup command: underthesea
pins its own dependencies), so it uses argparse and the standard library, not the project's
packages. Prints one JSON line: words (whitespace words of the input), seconds, words/s, entities
(B- tags), peak resident memory. The first text is tagged once before timing (model loading).
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts", type=Path, help="JSONL texts ({\"text\": ...} lines)")
    args = parser.parse_args()
    if not args.texts.exists():
        sys.exit(f"\u2718 {args.texts}: file not found")
    texts = []
    with args.texts.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, start=1):
            try:
                texts.append(json.loads(line)["text"])
            except (json.JSONDecodeError, KeyError, TypeError) as e:
                sys.exit(f"\u2718 {args.texts}:{lineno}: not a {{\"text\": ...}} line ({e})")
    try:
        from underthesea import ner
    except ImportError:
        sys.exit("\u2718 underthesea is not installed in this environment: run it with .venv-underthesea "
                 "(spacy project run benchmark-setup)")
    if texts:
        ner(texts[0])
    start = time.perf_counter()
    n_ents = sum(sum(tags[-1].startswith("B-") for tags in ner(text)) for text in texts)
    seconds = time.perf_counter() - start
    words = sum(len(text.split()) for text in texts)
    print(json.dumps({"words": words, "seconds": seconds, "words_per_second": words / seconds, "entities": n_ents,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


if __name__ == "__main__":
    main()
