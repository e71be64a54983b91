"""Validation of gold records in doccano JSONL (the corpus format).

    {"id": "<article>-<n>", "text": "...", "label": [[start, end, "LABEL"], ...],
     "meta": {"article": "<article>", "source": "..."}}

Every check returns plain reasons; callers prefix them with `file:line`.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Tuple

from jsonl_io import InputError, read_jsonl

LABELS = ("PROVINCE", "INDUSTRIAL_PARK", "COMPANY", "AGENCY", "PERSON", "MONEY")

# meta.annotation of a record that a model labelled and no person reviewed yet (never gold) ...
PRE_ANNOTATED = "pre-annotated"
# ... and of one that a person confirmed or corrected in doccano
REVIEWED = "doccano-reviewed"
NFC_ERROR = "text is not Unicode NFC"


def _is_punct(char: str) -> bool:
    return unicodedata.category(char)[0] in "PS"


def record_errors(record: object) -> List[str]:
    """Every reason why `record` is not a valid gold record (empty if valid)."""
    if not isinstance(record, dict):
        return ["record is not a JSON object"]
    errors = []
    rid, text, spans, meta = record.get("id"), record.get("text"), record.get("label"), record.get("meta")
    if not isinstance(rid, str) or not rid:
        errors.append("missing or non-string 'id'")
    if not isinstance(text, str) or not text.strip():
        return errors + ["missing or empty 'text'"]
    if unicodedata.normalize("NFC", text) != text:
        errors.append(NFC_ERROR)
    if not isinstance(meta, dict) or not isinstance(meta.get("article"), str):
        errors.append("'meta.article' is missing")
    if not isinstance(spans, list):
        return errors + ["'label' must be a list of [start, end, label]"]
    valid = []
    for span in spans:
        if not (
            isinstance(span, list)
            and len(span) == 3
            and all(isinstance(x, int) and not isinstance(x, bool) for x in span[:2])
            and isinstance(span[2], str)
        ):
            errors.append(f"span {span!r} is not [start, end, label]")
            continue
        start, end, label = span
        if not 0 <= start < end <= len(text):
            errors.append(f"span {span!r} is outside the text (length {len(text)})")
            continue
        if label not in LABELS:
            errors.append(f"span {span!r} has unknown label {label!r}")
        surface = text[start:end]
        if surface[0].isspace() or surface[-1].isspace():
            errors.append(f"span {span!r} {surface!r} starts or ends with whitespace")
        elif _is_punct(surface[0]) or _is_punct(surface[-1]):
            errors.append(f"span {span!r} {surface!r} starts or ends with punctuation")
        valid.append((start, end, label))
    valid.sort()
    for (s1, e1, l1), (s2, e2, l2) in zip(valid, valid[1:]):
        if s2 < e1:
            errors.append(f"spans [{s1}, {e1}, {l1!r}] and [{s2}, {e2}, {l2!r}] overlap")
    return errors


def read_gold(
    paths: Iterable[Path], prepare: Optional[Callable[[Any, str], Any]] = None
) -> Iterator[Tuple[str, dict]]:
    """Yield (`file:line`, record) for every valid record; raise on the first bad one.

    Ids must be unique over all files: a sentence annotated twice in the merged
    corpus would otherwise count double. `prepare(record, where)`, if given, may
    rewrite each record before it is validated (annotate_push composes NFD text).
    """
    seen: Dict[str, str] = {}
    for path in paths:
        for lineno, record in read_jsonl(path):
            where = f"{path}:{lineno}"
            if prepare is not None:
                record = prepare(record, where)
            errors = record_errors(record)
            if errors:
                raise InputError(f"{where}: {'; '.join(errors)}")
            if record["id"] in seen:
                raise InputError(f"{where}: id {record['id']!r} already used at {seen[record['id']]}")
            seen[record["id"]] = where
            yield where, record


def gold_files(gold_dir: Path) -> List[Path]:
    files = sorted(Path(gold_dir).glob("*.jsonl"))
    if not files:
        raise InputError(f"{gold_dir}: no *.jsonl gold files found")
    return files
