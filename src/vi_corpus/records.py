"""Validation of gold records in doccano JSONL (the corpus format).

    {"id": "<article>-<n>", "text": "...", "label": [[start, end, "LABEL"], ...],
     "meta": {"article": "<article>", "source": "..."},
     "relations": [{"head": [start, end], "tail": [start, end], "type": "ROLE"}, ...]}

`relations` (../shared/RELATION_SPEC.md) links two of the record's spans, each named by its offsets;
a record without the key has no relation annotation (the audit requires one wherever a candidate
pair exists, see `candidate_pairs`).

Every check returns plain reasons; callers prefix them with `file:line`. Annotators write entities
as strings in reading order ("span-text form", see `locate`); `apply_corrections` applies a review's
corrections in that form. Standard library only: it runs in the annotation environment too.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any, Callable, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple

from vi_corpus.jsonl import InputError, read_jsonl
from vi_corpus.lexicon import LABELS, PAIR_TYPE, RELATION_TYPES

# meta.annotation of a record that a model labelled and no person reviewed yet (never gold) ...
PRE_ANNOTATED = "pre-annotated"
# ... and of one that a person confirmed or corrected in doccano
REVIEWED = "doccano-reviewed"
NFC_ERROR = "text is not Unicode NFC"


def _is_punct(char: str) -> bool:
    # a currency symbol (Sc) is part of an amount ("$ 1.000", "€5"), not punctuation
    category = unicodedata.category(char)
    return category[0] == "P" or (category[0] == "S" and category != "Sc")


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
    if "relations" in record:
        errors.extend(relation_errors(record["relations"], valid, text))
    return errors


def relation_errors(relations: object, spans: Sequence[Tuple[int, int, str]], text: str) -> List[str]:
    """Every reason why `relations` are not valid relations between `spans` of `text`."""
    if not isinstance(relations, list):
        return ["'relations' must be a list of {head, tail, type}"]
    label_of = {(start, end): label for start, end, label in spans}
    errors, seen = [], set()
    for rel in relations:
        if not (isinstance(rel, dict) and set(rel) == {"head", "tail", "type"}
                and all(_is_offsets(rel[k]) for k in ("head", "tail"))):
            errors.append(f"relation {rel!r} is not {{head: [start, end], tail: [start, end], type}}")
            continue
        head, tail, rtype = tuple(rel["head"]), tuple(rel["tail"]), rel["type"]
        missing = [k for k, offsets in (("head", head), ("tail", tail)) if offsets not in label_of]
        if missing:
            errors.append(f"relation {rel!r}: {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} "
                          "not an entity span of the record")
            continue
        if rtype not in RELATION_TYPES:
            errors.append(f"relation {rel!r} has unknown type {rtype!r}")
            continue
        pair = (label_of[head], label_of[tail])
        if PAIR_TYPE.get(pair) != rtype:
            heads, tails = RELATION_TYPES[rtype]
            errors.append(f"relation {rtype} {text[head[0]:head[1]]!r} -> {text[tail[0]:tail[1]]!r}: {rtype} goes "
                          f"from {'/'.join(heads)} to {'/'.join(tails)}, not {pair[0]} -> {pair[1]}")
            continue
        if (head, tail, rtype) in seen:
            errors.append(f"relation {rel!r} is given twice")
        seen.add((head, tail, rtype))
    return errors


def _is_offsets(value: object) -> bool:
    return (isinstance(value, list) and len(value) == 2
            and all(isinstance(x, int) and not isinstance(x, bool) for x in value))


def candidate_pairs(spans: Sequence[Sequence]) -> List[Tuple[tuple, tuple, str]]:
    """(head span, tail span, type) of every ordered pair of spans that could hold a relation."""
    spans = [tuple(s) for s in spans]
    return [(h, t, PAIR_TYPE[(h[2], t[2])]) for h in spans for t in spans
            if h != t and (h[2], t[2]) in PAIR_TYPE]


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


def check_against_sentences(where: str, record: dict, sentences: Dict[str, str]) -> None:
    """Gold must annotate the current preprocessed text (id -> text), or its offsets mean nothing."""
    if record["id"] not in sentences:
        raise InputError(f"{where}: id {record['id']!r} is not a sentence of the preprocessed corpus")
    if sentences[record["id"]] != record["text"]:
        raise InputError(f"{where}: text of {record['id']!r} differs from the preprocessed sentence")


def read_corpus(gold_dir: Path) -> List[Tuple[str, dict]]:
    """(`file:line`, record) of every gold record in the folder, validated."""
    return list(read_gold(gold_files(gold_dir)))


def locate(text: str, entities: Sequence[list], where: str) -> List[list]:
    """Character spans of entities written in span-text form: [[text, label], ...] in reading order.

    Each string is searched left to right, starting after the previous entity, so repeated strings
    resolve to the right occurrence. An optional third element skips that many earlier occurrences:
    ["Bắc Ninh", "PROVINCE", 1] in "TP Bắc Ninh, tỉnh Bắc Ninh" labels the second one only. A string
    that is not in the sentence fails with `where`, never creates a wrong span."""
    spans, cursor = [], 0
    for item in entities:
        if not (
            isinstance(item, list)
            and len(item) in (2, 3)
            and all(isinstance(x, str) for x in item[:2])
            and (len(item) == 2 or (isinstance(item[2], int) and item[2] >= 0))
        ):
            raise InputError(f"{where}: entity must be [text, label] or [text, label, skip], got {item!r}")
        surface, label = item[:2]
        if label not in LABELS:
            raise InputError(f"{where}: unknown label {label!r} for {surface!r}")
        start = text.find(surface, cursor)
        for _ in range(item[2] if len(item) == 3 else 0):
            start = text.find(surface, start + len(surface)) if start >= 0 else -1
        if start < 0:
            raise InputError(f"{where}: {surface!r} not found in the sentence after offset {cursor}")
        spans.append([start, start + len(surface), label])
        cursor = start + len(surface)
    return spans


def apply_corrections(gold: Path, corrections: Sequence[Path], method: str = "") -> Tuple[List[dict], int]:
    """The records of a gold file with a review's corrections applied, and how many changed.

    A corrections file holds, per sentence that needs a change, the complete corrected entity list in
    span-text form and a reason: {"id": "...", "entities": [["Hưng Yên", "PROVINCE"]], "why": "..."}.
    Corrected records get `meta.correction`; with `method`, every record gets `meta.annotation = method`
    (the whole file was reviewed). Unknown ids and strings that are not found fail with file and line."""
    records = [rec for _, rec in read_gold([gold])]
    by_id = {rec["id"]: rec for rec in records}
    changed = 0
    for path in corrections:
        for lineno, fix in read_jsonl(path):
            where = f"{path}:{lineno}"
            rec = by_id.get(fix.get("id")) if isinstance(fix, dict) else None
            if rec is None:
                raise InputError(f"{where}: id {fix.get('id') if isinstance(fix, dict) else fix!r} is not in {gold}")
            spans = locate(rec["text"], fix.get("entities", []), where)
            if sorted(spans) != sorted(rec["label"]):
                rec["label"] = spans
                rec["meta"]["correction"] = fix.get("why", "")
                changed += 1
    if method:
        for rec in records:
            rec["meta"]["annotation"] = method
    return records, changed


def records_from_spans(annotations: Path, sentences: Path, meta_extra: Dict[str, str]) -> List[dict]:
    """Gold records from annotations in span-text form ({"id", "entities": [[text, label], ...]}); the
    text and meta come from the sentences file (by id), never from the annotation."""
    by_id = {rec["id"]: rec for _, rec in read_jsonl(sentences)}
    out = []
    for lineno, rec in read_jsonl(annotations):
        where = f"{annotations}:{lineno}"
        sid = rec.get("id")
        if sid not in by_id:
            raise InputError(f"{where}: unknown sentence id {sid!r}")
        sentence = by_id[sid]
        spans = locate(sentence["text"], rec.get("entities", []), where)
        meta = {**sentence["meta"], **meta_extra}
        out.append({"id": sid, "text": sentence["text"], "label": spans, "meta": meta})
    return out


def numbered_relations(record: dict, numbered: Sequence[list], where: str) -> List[dict]:
    """Relations written by entity number ([[head n, tail n, type], ...], n counting the record's spans
    from 1 in text order, as the annotation task files show them) in the record format."""
    spans = sorted(record["label"])
    out = []
    for item in numbered:
        if not (isinstance(item, list) and len(item) == 3 and all(isinstance(n, int) for n in item[:2])):
            raise InputError(f"{where}: relation must be [head n, tail n, type], got {item!r}")
        head, tail, rtype = item
        if not (1 <= head <= len(spans) and 1 <= tail <= len(spans)):
            raise InputError(f"{where}: relation {item!r} names an entity the sentence does not have (1..{len(spans)})")
        out.append({"head": spans[head - 1][:2], "tail": spans[tail - 1][:2], "type": rtype})
    errors = relation_errors(out, [tuple(s) for s in spans], record["text"])
    if errors:
        raise InputError(f"{where}: {'; '.join(errors)}")
    return out


def attach_relations(gold: Path, relation_files: Sequence[Path], meta: Dict[str, str]) -> Tuple[List[dict], int]:
    """The records of a gold file with the relations of `relation_files` ({"id", "relations": [...]} in
    the record format) set on the sentences they name, and `meta` added to those; how many were set.
    A relation whose head or tail is not a span of the gold record fails with file and line."""
    records = [rec for _, rec in read_gold([gold])]
    by_id = {rec["id"]: rec for rec in records}
    attached = 0
    for path in relation_files:
        for lineno, item in read_jsonl(path):
            rec = by_id.get(item.get("id")) if isinstance(item, dict) else None
            if rec is None:
                continue  # a sentence of another gold file
            where = f"{path}:{lineno}"
            errors = relation_errors(item.get("relations"), [tuple(s) for s in rec["label"]], rec["text"])
            if errors:
                raise InputError(f"{where}: {'; '.join(errors)}")
            rec["relations"] = sorted(item["relations"], key=lambda r: (r["head"], r["tail"], r["type"]))
            rec["meta"].update(meta)
            attached += 1
    return records, attached
