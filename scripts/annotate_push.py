"""Upload corpus records (doccano JSONL) to a doccano project, creating it if needed.

Runs in the annotation environment. Records that are already gold (their
meta.annotation is anything but "pre-annotated") are uploaded as confirmed, so that
pull takes them back as they are; pre-annotated records (annotate-preannotate: the
current model's predictions) wait until an annotator confirms them. Texts are NFC
and offsets are converted to doccano's UTF-16 units. Pushing again uploads only
the records whose id the project does not have yet; a record whose id is on the
server with other text or labels is reported, never overwritten.
"""

from __future__ import annotations

import json
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import Dict, List

import typer

from vi_corpus.doccano import connect, ensure_project, iter_lines, upload_line
from vi_corpus.jsonl import InputError, fail
from vi_corpus.offsets import OffsetError, spans_to_nfc, to_utf16
from vi_corpus.records import NFC_ERROR, PRE_ANNOTATED, read_gold, record_errors


def compose(record, where: str):
    """Decomposed (NFD) text is allowed in: a record that is valid but for its Unicode form is
    composed (NFC) with its spans moved; anything else is left for read_gold to reject."""
    if [e for e in record_errors(record) if e != NFC_ERROR] or unicodedata.normalize("NFC", record["text"]) == record["text"]:
        return record
    try:
        text, spans = spans_to_nfc(record["text"], [tuple(s) for s in record["label"]])
    except OffsetError as e:
        raise InputError(f"{where}: {e}")
    return {**record, "text": text, "label": [list(s) for s in spans]}


def load_records(paths: List[Path]) -> List[dict]:
    """Valid records in NFC; the first problem raises InputError with file:line."""
    return [record for _, record in read_gold(paths, prepare=compose)]


def upload(client, project_id: int, records: List[dict]) -> None:
    """doccano's JSONL import (run by the task worker), with the encoding stated: the
    server's encoding guess turns Vietnamese into mojibake."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "push.jsonl"
        with path.open("w", encoding="utf-8") as f:
            for r in records:
                spans = [list(s) for s in to_utf16(r["text"], [tuple(s) for s in r["label"]])]
                line = upload_line(r, spans)
                f.write(json.dumps(line, ensure_ascii=False) + "\n")
        repository = client.data_import._data_upload_repository
        upload_id = repository.upload(str(path))
        task_id = repository.ingest(project_id, [upload_id], "SequenceLabeling", "JSONL",
                                    column_data="text", column_label="label", encoding="utf_8")
        status = client.data_import._task_status_repository.wait(task_id)
    problems = (status.result or {}).get("error") or status.error
    if problems:
        raise InputError(f"doccano rejected the upload: {problems}")


def server_versions(client, project_id: int) -> Dict[str, List[dict]]:
    """corpus id -> the project's exported versions of that record (one per annotator file)."""
    versions: Dict[str, List[dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        archive = client.download(project_id, "JSONL", only_approved=False, dir_name=tmp)
        with zipfile.ZipFile(archive) as z:
            for name in z.namelist():
                for _, line in iter_lines(z.read(name), name):
                    versions.setdefault(line.get("id"), []).append(line)
    return versions


def differs(record: dict, versions: List[dict]) -> bool:
    """True when the server has this id with another text or other (non-empty) labels."""
    spans = sorted(list(s) for s in to_utf16(record["text"], [tuple(s) for s in record["label"]]))
    return any(v.get("text") != record["text"] or (v.get("label") and sorted(map(list, v["label"])) != spans)
               for v in versions)


def main(
    records: List[Path] = typer.Argument(..., help="doccano JSONL files to upload (gold or pre-annotated)"),
    project: str = typer.Option("vi-industrial-ner", help="doccano project name (created if missing)"),
    url: str = typer.Option("http://127.0.0.1:8000", help="doccano server"),
    username: str = typer.Option("admin", help="doccano user that uploads"),
    password: str = typer.Option(..., envvar="DOCCANO_PASSWORD", help="Password (or $DOCCANO_PASSWORD)"),
    independent: bool = typer.Option(
        False, help="Each annotator labels on their own (agreement is reported on pull); by default "
                    "annotators share and correct the pre-annotations"),
):
    """Create or reuse the doccano project and upload the records it does not have yet."""
    try:
        local = load_records(records)
        client = connect(url, username, password)
        proj = ensure_project(client, project, collaborative=not independent)
        on_server = server_versions(client, proj.id)
        new = [r for r in local if r["id"] not in on_server]
        differ = [r["id"] for r in local if r["id"] in on_server and differs(r, on_server[r["id"]])]
        if new:
            upload(client, proj.id, new)
        # gold records are confirmed on upload: they were reviewed before they left the corpus
        examples = {e.meta.get("id"): e for e in client.list_examples(proj.id)}
        confirmed = 0
        for r in new:
            if r["meta"].get("annotation") != PRE_ANNOTATED and not examples[r["id"]].is_confirmed:
                client.update_example_state(proj.id, examples[r["id"]].id)
                confirmed += 1
    except InputError as e:
        fail(str(e))
    print(f"✔ doccano project {project!r} (id {proj.id}) at {url}: {len(new)} records uploaded "
          f"({confirmed} gold, confirmed; {len(new) - confirmed} to review), "
          f"{len(local) - len(new)} already there")
    if differ:
        print(f"⚠ {len(differ)} records are on the server with other text or labels; they were not touched "
              f"(pull to see them as conflicts): {differ[:5]}")
    print(f"  Open {url}/projects/{proj.id} to annotate.")


if __name__ == "__main__":
    typer.run(main)
