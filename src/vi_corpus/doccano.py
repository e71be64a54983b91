"""The doccano side of the annotation loop: connection, project, labels, record format.

Runs in the annotation environment (requirements-doccano-client.txt: doccano-client
1.2.8, which needs pydantic<2 and so cannot live beside spaCy 3.8). It only moves
JSONL records; nothing here imports spaCy. The module itself imports the standard library
only; `connect` imports doccano-client, which only the annotation environment has.

On the server an example keeps the corpus record's id, meta and relations as doccano
meta columns ({"id": ..., "meta": {..., "corpus_relations": "[...]"}}), which doccano's JSONL
export spreads back into the record, so that a record survives push and pull unchanged.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Iterator

from vi_corpus.jsonl import InputError
from vi_corpus.lexicon import LABEL_STYLE, LABELS
from vi_corpus.offsets import OffsetError, from_utf16
from vi_corpus.records import record_errors

if TYPE_CHECKING:
    from doccano_client import DoccanoClient


def connect(url: str, username: str, password: str) -> DoccanoClient:
    import requests
    from doccano_client import DoccanoClient

    client = DoccanoClient(url)
    try:
        client.login(username=username, password=password)
    except requests.ConnectionError:
        raise InputError(f"{url}: no doccano server answers (start one with `spacy project run annotate-server`)")
    except requests.HTTPError as e:
        raise InputError(f"{url}: login as {username!r} failed ({e.response.status_code}): check the password")
    return client


def find_project(client: DoccanoClient, name: str):
    for project in client.list_projects():
        if project.name == name:
            return project
    return None


def ensure_project(client: DoccanoClient, name: str, collaborative: bool):
    """The sequence-labeling project `name` with the six labels, created where missing."""
    project = find_project(client, name)
    if project is None:
        project = client.create_project(
            name,
            project_type="SequenceLabeling",
            description="vi-industrial-ner: Vietnamese industrial news, six entity labels (corpus/GUIDELINES.md)",
            collaborative_annotation=collaborative,
            allow_overlapping=False,
            grapheme_mode=False,  # offsets in UTF-16 code units; vi_corpus.offsets converts
        )
    elif project.project_type != "SequenceLabeling":
        raise InputError(f"doccano project {name!r} exists but is a {project.project_type} project")
    existing = {t.text for t in client.list_label_types(project.id, "span")}
    unknown = existing - set(LABELS)
    if unknown:
        raise InputError(f"doccano project {name!r} has labels this corpus does not know: {sorted(unknown)}")
    for label in LABELS:
        if label not in existing:
            color, key = LABEL_STYLE[label]
            client.create_label_type(project.id, "span", label, prefix_key=None, suffix_key=key, color=color)
    return project


def server_record(exported: dict, where: str) -> dict:
    """A corpus record from one line of doccano's JSONL export; InputError naming `where` if it is bad."""
    text = exported.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: no text")
    if "id" not in exported or not isinstance(exported.get("meta"), dict):
        raise InputError(f"{where}: example has no corpus id/meta (was it uploaded by annotate-push?)")
    spans = exported.get("label", [])
    try:
        spans = [list(s) for s in from_utf16(text, [tuple(s) for s in spans])]
    except (OffsetError, TypeError, ValueError) as e:
        raise InputError(f"{where}: example {exported['id']!r}: {e}")
    meta = dict(exported["meta"])
    record = {"id": exported["id"], "text": text, "label": sorted(spans), "meta": meta}
    if RELATIONS_COLUMN in meta:  # inside the meta column (the project is not a relation project): see `upload_line`
        try:
            relations = json.loads(meta.pop(RELATIONS_COLUMN))
        except (TypeError, json.JSONDecodeError):
            raise InputError(f"{where}: example {exported['id']!r}: its {RELATIONS_COLUMN} column is not JSON")
        record["relations"] = surviving_relations(relations, record["label"])
    errors = record_errors(record)
    if errors:
        raise InputError(f"{where}: example {exported['id']!r}: {'; '.join(errors)}")
    return record


# doccano's importer rejects a top-level "relations" column (as a list and as a JSON string alike), so
# the corpus's relations travel as a JSON string inside the record's meta, under this key
RELATIONS_COLUMN = "corpus_relations"


def upload_line(record: dict, spans_utf16: list) -> dict:
    """The line annotate-push uploads for a record: text, labels in UTF-16 offsets, and the corpus
    id and meta (with the relations) as meta columns, which the export gives back unchanged (relation
    offsets stay the corpus's code-point offsets: doccano does not read them)."""
    meta = record["meta"]
    if "relations" in record:
        meta = {**meta, RELATIONS_COLUMN: json.dumps(record["relations"])}
    return {"text": record["text"], "label": spans_utf16, "id": record["id"], "meta": meta}


def surviving_relations(relations: object, spans: list) -> object:
    """The relations whose head and tail are still spans after an annotator's corrections on the
    server (a deleted or re-cut entity takes its relations with it); anything malformed is kept as it
    is, for the validator to report."""
    if not isinstance(relations, list):
        return relations
    offsets = {(s[0], s[1]) for s in spans}
    return [r for r in relations if not (isinstance(r, dict) and isinstance(r.get("head"), list) and isinstance(r.get("tail"), list))
            or (tuple(r["head"]) in offsets and tuple(r["tail"]) in offsets)]


def iter_lines(data: bytes, name: str) -> Iterator[tuple]:
    for lineno, line in enumerate(data.decode("utf-8").splitlines(), start=1):
        if line.strip():
            try:
                yield f"{name}:{lineno}", json.loads(line)
            except json.JSONDecodeError as e:
                raise InputError(f"{name}:{lineno}: invalid JSON in doccano's export: {e.msg}")
