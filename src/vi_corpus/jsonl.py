"""Reading and writing JSONL (plain or gzipped) with errors that name the file and line."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path
from typing import IO, Any, Iterable, Iterator, NoReturn, Tuple


def fail(message: str) -> NoReturn:
    """End a script with status 1 and `message` on one line of stderr (wasabi wraps at 80 columns)."""
    print(f"\u2718 {message}", file=sys.stderr)
    sys.exit(1)


class InputError(Exception):
    """Bad input; the message starts with `file:line:` where there is a line."""


def read_json(path: Path) -> Any:
    """A JSON file's content; InputError naming the file (and line) when it is missing or not JSON."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}: invalid JSON ({e.msg}, column {e.colno})") from None


def open_text(path: Path) -> IO[str]:
    """A text file for reading, UTF-8, gunzipped when its name ends in .gz."""
    path = Path(path)
    return gzip.open(path, "rt", encoding="utf-8") if path.suffix == ".gz" else path.open(encoding="utf-8")


def read_jsonl(path: Path) -> Iterator[Tuple[int, Any]]:
    """Yield (line number, object) for each non-blank line of a JSONL file (.gz: gunzipped)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path}: file not found")
    try:
        with open_text(path) as f:
            for lineno, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    yield lineno, json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(f"{path}:{lineno}: invalid JSON: {e.msg} (column {e.colno})") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text ({e.reason} at byte {e.start})") from None


def write_jsonl(path: Path, records: Iterable[Any]) -> int:
    """Write records one per line (UTF-8, not ASCII-escaped); return the count."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with path.open("w", encoding="utf-8") as f:
        for record in records:
            f.write(json.dumps(record, ensure_ascii=False) + "\n")
            n += 1
    return n
