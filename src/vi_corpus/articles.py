"""Articles: their text, and reading them from .txt files, JSONL (plain or .gz) files and folders.

An article record is a JSON object with an `id` and any of `title`, `abstract`, `body` (paragraphs
separated by newlines) or `text`; its text is those fields, in that order, one paragraph a line.
A seed article is a .txt file: its name is its id, its first line the title.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable, Iterator, List, Optional, Tuple

from vi_corpus.jsonl import InputError, open_text

TEXT_FIELDS = ("title", "abstract", "body", "text")
ARTICLE_SUFFIXES = (".txt", ".jsonl", ".gz")

Article = Tuple[str, str, str]  # (article id, source, text)


def article_text(record: dict) -> str:
    """The text of an article record: its non-empty text fields joined by newlines."""
    return "\n".join(part for part in (record.get(key) for key in TEXT_FIELDS) if isinstance(part, str) and part)


def iter_files(paths: Iterable[Path]) -> Iterator[Path]:
    """The given files, and the article files (.txt, .jsonl, .jsonl.gz) under the given folders, sorted."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix in ARTICLE_SUFFIXES and p.is_file())
        else:
            yield path


def read_articles(paths: Iterable[Path], problems: Optional[List[str]] = None) -> Iterator[Article]:
    """(id, source, text) of every article in `paths`, read lazily.

    With `problems` (a list), a bad line (invalid JSON, not an object, text fields that are not
    strings) or an unreadable file is appended there as `file:line: reason` and skipped, and a record
    without an id is named `<file>:<line>`; without it, the first problem raises InputError."""

    def problem(message: str) -> None:
        if problems is None:
            raise InputError(message)
        problems.append(f"{message}, skipped")

    for path in iter_files(paths):
        if not path.exists():
            problem(f"{path}: file not found")
            continue
        try:
            if path.suffix == ".txt":
                yield path.stem, f"{path.parent.name}/{path.name}", path.read_text(encoding="utf-8")
                continue
            with open_text(path) as f:
                for lineno, line in enumerate(f, start=1):
                    if not line.strip():
                        continue
                    try:
                        record = json.loads(line)
                    except json.JSONDecodeError as e:
                        problem(f"{path}:{lineno}: invalid JSON ({e.msg})")
                        continue
                    if not isinstance(record, dict):
                        problem(f"{path}:{lineno}: not a JSON object")
                        continue
                    if any(key in record and not isinstance(record[key], (str, type(None))) for key in TEXT_FIELDS):
                        problem(f"{path}:{lineno}: {', '.join(TEXT_FIELDS)} must be strings")
                        continue
                    article_id = record.get("id")
                    if not isinstance(article_id, str) and problems is None:
                        raise InputError(f"{path}:{lineno}: article needs a string 'id'")
                    yield (str(article_id) if article_id is not None else f"{path.name}:{lineno}",
                           record.get("source") or path.name, article_text(record))
        except UnicodeDecodeError as e:
            problem(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})")
