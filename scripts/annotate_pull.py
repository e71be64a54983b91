"""Download the confirmed annotations of a doccano project and merge them into the gold corpus.

Runs in the annotation environment. For each confirmed example (doccano's JSONL
export, offsets converted back from UTF-16):
- id not in the corpus: a new gold record, appended to --target (a pre-annotated
  record becomes "doccano-reviewed" in meta.annotation);
- id in the corpus with the same labels: nothing to do (pull is idempotent);
- id in the corpus with other labels: a conflict. It is written to --conflicts and
  the command fails, unless --on-conflict says which side wins;
- id in the corpus with another text, an unknown label, overlapping or
  out-of-range spans: an error, and nothing is written.
A sentence whose text is already gold under another id is a conflict, never a
duplicate. When several annotators labelled on their own (push --independent),
their span-level agreement is printed first, and only the examples on which they
all agree are merged; the others are conflicts to adjudicate.
"""

from __future__ import annotations

import itertools
import json
import os
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import typer

from vi_corpus.agreement import agreement
from vi_corpus.doccano import connect, find_project, iter_lines, server_record, surviving_relations
from vi_corpus.jsonl import InputError, fail, read_jsonl, write_jsonl
from vi_corpus.offsets import OffsetError, spans_from_nfc, spans_to_nfc
from vi_corpus.records import PRE_ANNOTATED, REVIEWED, gold_files, read_gold

POLICIES = ("report", "server", "local")


def download(client, project_id: int, confirmed_only: bool) -> Dict[str, Dict[str, dict]]:
    """annotator file name ("all" when annotation is shared) -> {id: record}."""
    per_file: Dict[str, Dict[str, dict]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        archive = client.download(project_id, "JSONL", only_approved=confirmed_only, dir_name=tmp)
        with zipfile.ZipFile(archive) as z:
            for name in sorted(z.namelist()):
                records = per_file.setdefault(Path(name).stem, {})
                for where, line in iter_lines(z.read(name), name):
                    record = server_record(line, f"doccano export {where}")
                    records[record["id"]] = record
    return per_file


def report_agreement(per_file: Dict[str, Dict[str, dict]]) -> None:
    for a, b in itertools.combinations(sorted(per_file), 2):
        stats, disagreements = agreement(per_file[a], per_file[b])
        if stats["sentences"]:
            c = stats["per_label"]["ALL"]
            print(f"  agreement {a} vs {b}: {stats['sentences']} sentences, span F1 {c['f1']:.3f} "
                  f"({c['both']} agreed of {c['a']} / {c['b']}), {len(disagreements)} sentences differ")


def combine(per_file: Dict[str, Dict[str, dict]]) -> Tuple[List[dict], List[dict]]:
    """One record per id where all annotators agree; the rest as conflicts. A record's
    "_annotators" names the annotator files it came from (removed before writing)."""
    merged, conflicts = [], []
    ids = dict.fromkeys(i for records in per_file.values() for i in records)
    for sid in ids:
        versions = {name: records[sid] for name, records in per_file.items() if sid in records}
        labels = {json.dumps(sorted(v["label"])) for v in versions.values()}
        first = next(iter(versions.values()))
        if len(labels) > 1:
            conflicts.append({"id": sid, "kind": "annotators disagree", "text": first["text"],
                              "versions": {name: v["label"] for name, v in versions.items()}})
            continue
        merged.append(dict(first, _annotators="+".join(sorted(versions))))
    return merged, conflicts


def merge(pulled: List[dict], gold: Dict[str, Tuple[str, dict]], project: str) -> Tuple[list, list, list, list]:
    """Sort pulled records into (new, changed, unchanged ids, conflicts); raise on a changed text."""
    texts = {unicodedata.normalize("NFC", rec["text"]): sid for sid, (_, rec) in gold.items()}
    new, changed, unchanged, conflicts = [], [], [], []
    for rec in pulled:
        annotators = rec.pop("_annotators", "all")
        sid = rec["id"]
        if sid not in gold:
            if rec["text"] in texts:
                conflicts.append({"id": sid, "kind": "sentence already gold under another id",
                                  "text": rec["text"], "other_id": texts[rec["text"]]})
                continue
            texts[rec["text"]] = sid
            meta = dict(rec["meta"])
            if meta.get("annotation") == PRE_ANNOTATED:
                meta["annotation"] = REVIEWED
                meta["doccano_project"] = project
                if annotators != "all":  # shared annotation: doccano's export does not say who
                    meta["annotator"] = annotators
            new.append(dict(rec, meta=meta))
            continue
        where, local = gold[sid]
        local_nfc, local_spans = spans_to_nfc(local["text"], [tuple(s) for s in local["label"]])
        if local_nfc != rec["text"]:
            raise InputError(f"{where}: the text of {sid!r} was changed on the server "
                             f"(server: {rec['text'][:60]!r}); fix it there or in the corpus")
        if sorted(map(list, local_spans)) == rec["label"]:
            unchanged.append(sid)
            continue
        show = lambda text, spans: [[s, e, label, text[s:e]] for s, e, label in spans]  # noqa: E731
        conflicts.append({"id": sid, "kind": "labels differ", "where": where, "text": rec["text"],
                          "local": show(rec["text"], sorted(local_spans)), "server": show(rec["text"], rec["label"])})
        changed.append((where, local, rec))
    return new, changed, unchanged, conflicts


def rewrite_with_server_labels(changed: List[tuple]) -> None:
    """Replace the labels of conflicting records, in place, in their gold files."""
    by_file: Dict[str, Dict[str, dict]] = {}
    for where, local, rec in changed:
        spans = spans_from_nfc(local["text"], [tuple(s) for s in rec["label"]])
        meta = dict(local["meta"], annotation=REVIEWED)
        updated = dict(local, label=[list(s) for s in spans], meta=meta)
        if "relations" in local:  # relations whose entities the server's labels no longer have go with them
            updated["relations"] = surviving_relations(local["relations"], updated["label"])
        by_file.setdefault(where.rsplit(":", 1)[0], {})[local["id"]] = updated
    for path, updates in by_file.items():
        records = [updates.get(r["id"], r) for _, r in read_jsonl(Path(path))]
        atomic_write(Path(path), records)


def atomic_write(path: Path, records: List[dict]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    write_jsonl(tmp, records)
    os.replace(tmp, path)


def main(
    gold_dir: Path = typer.Argument(Path("corpus/gold"), help="Gold corpus folder (doccano JSONL files)"),
    target: Path = typer.Option(Path("corpus/gold/doccano.jsonl"), help="Gold file that receives new records"),
    conflicts_file: Path = typer.Option(Path("corpus/doccano-conflicts.jsonl"), "--conflicts",
                                        help="Where conflicts are written for a decision"),
    on_conflict: str = typer.Option("report", help="report (fail), server (take doccano's labels) or local"),
    project: str = typer.Option("vi-industrial-ner", help="doccano project name"),
    url: str = typer.Option("http://127.0.0.1:8000", help="doccano server"),
    username: str = typer.Option("admin", help="doccano user (project admin)"),
    password: str = typer.Option(..., envvar="DOCCANO_PASSWORD", help="Password (or $DOCCANO_PASSWORD)"),
    unconfirmed: bool = typer.Option(False, "--unconfirmed", help="Also take examples nobody confirmed yet"),
    export: Optional[Path] = typer.Option(None, help="Also write the pulled records (before merging) here"),
):
    """Pull the reviewed annotations from doccano and merge them into the gold corpus."""
    if on_conflict not in POLICIES:
        fail(f"--on-conflict must be one of {', '.join(POLICIES)}, not {on_conflict!r}")
    try:
        files = gold_files(gold_dir) if any(Path(gold_dir).glob("*.jsonl")) else []
        gold = {rec["id"]: (where, rec) for where, rec in read_gold(files)}
        client = connect(url, username, password)
        proj = find_project(client, project)
        if proj is None:
            raise InputError(f"{url}: no doccano project {project!r} (run annotate-push first)")
        per_file = download(client, proj.id, confirmed_only=not unconfirmed)
        if len(per_file) > 1:
            report_agreement(per_file)
        pulled, disagreements = combine(per_file)
        pulled_records = [{k: v for k, v in r.items() if k != "_annotators"} for r in pulled]
        new, changed, unchanged, conflicts = merge(pulled, gold, project)
    except (InputError, OffsetError) as e:
        fail(str(e))
    if export:
        write_jsonl(export, pulled_records)
    if new:
        existing = [r for _, r in read_jsonl(target)] if target.exists() else []
        atomic_write(target, existing + new)
    if changed and on_conflict == "server":
        rewrite_with_server_labels(changed)
    conflicts = disagreements + (conflicts if on_conflict == "report" else
                                 [c for c in conflicts if c["kind"] != "labels differ"])
    print(f"✔ {len(pulled_records)} confirmed records pulled from {project!r}: {len(new)} new -> {target}, "
          f"{len(unchanged)} unchanged, {len(changed)} with other labels than the corpus"
          + (f" (taken from the {on_conflict})" if changed and on_conflict != "report" else ""))
    if conflicts:
        write_jsonl(conflicts_file, conflicts)
        fail(f"{len(conflicts)} conflicts need a decision, see {conflicts_file}; nothing was overwritten "
             f"(rerun with --on-conflict server or local, or adjudicate in doccano)")
    elif conflicts_file.exists():
        conflicts_file.unlink()


if __name__ == "__main__":
    typer.run(main)
