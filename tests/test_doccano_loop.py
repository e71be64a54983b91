"""The annotation loop against a real doccano 1.8.4 server and doccano-client 1.2.8.

The two annotation environments are built by the project command `annotate-setup`
(once; reused while their requirements do not change). The server is started from
the test on a free loopback port with a throw-away home folder and stopped, with
every process it started, at the end. An annotator's work in the browser is
replayed through the REST API with doccano-client, as its own user.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import unicodedata
import urllib.request
from pathlib import Path

import pytest
from conftest import CLIENT_PY, ROOT, SCRIPTS, SERVER_PY, read_jsonl_lines, run_script

from vi_corpus.jsonl import write_jsonl

PASSWORD = "test-admin-pass-123"
PROJECT = "loop-test"


@pytest.fixture(scope="module")
def envs(doccano_envs):
    return doccano_envs


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(envs, tmp_path_factory):
    home = tmp_path_factory.mktemp("doccano-home")
    port = _free_port()
    log = (home / "server.log").open("w")
    proc = subprocess.Popen(
        [str(SERVER_PY), str(SCRIPTS / "doccano_server.py"), "--home", str(home), "--port", str(port)],
        env={**os.environ, "DOCCANO_PASSWORD": PASSWORD}, stdout=log, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180
        while True:
            assert proc.poll() is None, (home / "server.log").read_text()
            try:
                with urllib.request.urlopen(url + "/v1/health/", timeout=2):
                    break
            except OSError:
                assert time.monotonic() < deadline, "doccano did not start:\n" + (home / "server.log").read_text()
                time.sleep(1)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        time.sleep(1)
        try:  # gunicorn, its workers and the task worker are all in the server's process group
            os.killpg(proc.pid, 0)
            leftover = True
        except ProcessLookupError:
            leftover = False
        if leftover:
            os.killpg(proc.pid, signal.SIGKILL)
        log.close()
        assert not leftover, "processes of the doccano server were still running after it stopped"


def run_client(script: str, *args, check=True) -> subprocess.CompletedProcess:
    """scripts/<script>.py run in the doccano client environment, as the annotate-* commands run it."""
    done = run_script(script, *args, python=CLIENT_PY, env={"DOCCANO_PASSWORD": PASSWORD}, timeout=300)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


def as_annotator(url: str, code: str, username: str = "annotator1", project: str = PROJECT) -> None:
    """Run `code` with `client` logged in as `username` (created and added to the project
    as an annotator first), `project_id`, and `example(corpus_id)` -> doccano example."""
    script = f"""
import json
from doccano_client import DoccanoClient
admin = DoccanoClient({url!r}); admin.login("admin", {PASSWORD!r})
project_id = next(p.id for p in admin.list_projects() if p.name == {project!r})
if not admin.search_users({username!r}):
    admin.create_user({username!r}, "Kx9-tide-Lamp-42")
if {username!r} not in [m.username for m in admin.list_members(project_id)]:
    admin.add_member(project_id, {username!r}, "annotator")
client = DoccanoClient({url!r}); client.login({username!r}, "Kx9-tide-Lamp-42")
examples = {{e.meta["id"]: e for e in client.list_examples(project_id)}}
example = lambda corpus_id: examples[corpus_id]
label_id = {{t.text: t.id for t in client.list_label_types(project_id, "span")}}
{code}
"""
    done = subprocess.run([str(CLIENT_PY), "-c", script], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def utf16(text: str, index: int) -> int:
    """Offset in UTF-16 code units, as the browser editor counts."""
    return len(text[:index].encode("utf-16-le")) // 2


def write(path: Path, records: list) -> Path:
    """Records as a JSONL file (vi_corpus.jsonl's writer, as the scripts write them); the path."""
    write_jsonl(path, records)
    return path


EMOJI_TEXT = "🏭🏭 Công ty TNHH Ohsung Vina đầu tư vào Khu công nghiệp Đại An, tỉnh Hải Dương."
NFD_TEXT = unicodedata.normalize("NFD", "Ông Vũ Quốc Nghị làm việc tại Sở Công thương tỉnh Hưng Yên.")


def span(text: str, surface: str, label: str) -> list:
    start = text.index(surface)
    return [start, start + len(surface), label]


def pre_annotated(rid: str, text: str, spans: list) -> dict:
    meta = {"article": rid.rsplit("-", 1)[0], "source": "test", "annotation": "pre-annotated",
            "pre_annotation_model": "vi_industrial_ner-0.1.0"}
    return {"id": rid, "text": text, "label": spans, "meta": meta}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """A small gold corpus (three real gold records) and a push file: the gold records
    plus three pre-annotated sentences, one with emoji, one in NFD."""
    folder = tmp_path_factory.mktemp("loop")
    gold_dir = folder / "gold"
    gold_dir.mkdir()
    gold = [r for r in read_jsonl_lines(ROOT / "corpus" / "gold" / "vietnews-01.jsonl") if len(r["label"]) >= 2][:3]
    write(gold_dir / "batch.jsonl", gold)
    nfd_nfc = unicodedata.normalize("NFC", NFD_TEXT)
    pre = [
        # the model missed the park and mislabelled the province: the annotator fixes both
        pre_annotated("test-a-1", EMOJI_TEXT, [span(EMOJI_TEXT, "Công ty TNHH Ohsung Vina", "COMPANY"),
                                                span(EMOJI_TEXT, "Hải Dương", "AGENCY")]),
        # spans given on the NFD text: push moves them onto the NFC text
        pre_annotated("test-b-1", NFD_TEXT, [span(NFD_TEXT, unicodedata.normalize("NFD", "Vũ Quốc Nghị"), "PERSON")]),
        pre_annotated("test-c-1", "Tỉnh Bắc Ninh thu hút 1,4 tỷ USD.", [[5, 13, "PROVINCE"]]),
    ]
    assert nfd_nfc != NFD_TEXT
    push_file = write(folder / "push.jsonl", gold + pre)
    return {"folder": folder, "gold_dir": gold_dir, "gold": gold, "push": push_file}


def pull(server, corpus, *extra, check=True):
    return run_client("annotate_pull", corpus["gold_dir"], "--project", PROJECT, "--url", server,
                      "--target", corpus["gold_dir"] / "doccano.jsonl",
                      "--conflicts", corpus["folder"] / "conflicts.jsonl", *extra, check=check)


def push(server, path, *extra, check=True):
    return run_client("annotate_push", path, "--project", PROJECT, "--url", server, *extra,
                      check=check)


def snapshot(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.jsonl"))}


def test_push_validates_records_with_file_and_line(envs, jsonl):
    good = {"id": "x-1", "text": "Tỉnh Bắc Ninh", "label": [[5, 13, "PROVINCE"]], "meta": {"article": "x"}}
    cases = {
        "unknown label": dict(good, label=[[5, 13, "CITY"]]),
        "overlap": dict(good, label=[[5, 13, "PROVINCE"], [0, 9, "PROVINCE"]]),
        "outside the text": dict(good, label=[[5, 40, "PROVINCE"]]),
        "diacritic": dict(good, text=unicodedata.normalize("NFD", good["text"]), label=[[2, 5, "PROVINCE"]]),
    }
    for reason, bad in cases.items():
        path = jsonl("bad.jsonl", good, bad)
        done = push("http://127.0.0.1:9", path, check=False)  # fails before it connects
        assert done.returncode == 1
        assert f"{path}:2:" in done.stderr and reason in done.stderr, done.stderr
        assert "Traceback" not in done.stderr


def test_pull_without_server_is_a_one_line_error(envs, tmp_path):
    done = run_client("annotate_pull", tmp_path, "--url", "http://127.0.0.1:9", check=False)
    assert done.returncode == 1 and "no doccano server answers" in done.stderr and "Traceback" not in done.stderr


def test_push_then_pull_is_lossless(server, corpus):
    before = snapshot(corpus["gold_dir"])
    done = push(server, corpus["push"])
    assert "6 records uploaded (3 gold, confirmed; 3 to review)" in done.stdout, done.stdout
    export = corpus["folder"] / "pulled.jsonl"
    done = pull(server, corpus, "--export", export)
    # only the confirmed (gold) records come back, exactly as they went: ids, text, labels, meta, relations
    assert any(r.get("relations") for r in corpus["gold"])
    assert read_jsonl_lines(export) == corpus["gold"]
    assert snapshot(corpus["gold_dir"]) == before
    assert "0 new" in done.stdout and "3 unchanged" in done.stdout


def test_push_twice_uploads_nothing_new(server, corpus):
    done = push(server, corpus["push"])
    assert "0 records uploaded" in done.stdout and "6 already there" in done.stdout, done.stdout


def test_annotator_corrections_are_merged_with_offsets_right(server, corpus):
    # the browser counts UTF-16 units: each 🏭 is two of them
    text = EMOJI_TEXT
    park = span(text, "Khu công nghiệp Đại An", "INDUSTRIAL_PARK")
    province = span(text, "Hải Dương", "PROVINCE")
    as_annotator(server, f"""
ex = example("test-a-1")
for s in client.list_spans(project_id, ex.id):
    if label_id["AGENCY"] == s.label:
        client.update_span(project_id, ex.id, s.id, label=label_id["PROVINCE"])
client.create_span(project_id, ex.id, {utf16(text, park[0])}, {utf16(text, park[1])}, label_id["INDUSTRIAL_PARK"])
client.update_example_state(project_id, ex.id)
client.update_example_state(project_id, example("test-b-1").id)   # confirmed as pre-annotated
""")
    done = pull(server, corpus)
    assert "2 new" in done.stdout, done.stdout
    merged = {r["id"]: r for r in read_jsonl_lines(corpus["gold_dir"] / "doccano.jsonl")}
    assert set(merged) == {"test-a-1", "test-b-1"}  # test-c-1 was never confirmed
    a = merged["test-a-1"]
    assert sorted(a["label"]) == sorted([span(text, "Công ty TNHH Ohsung Vina", "COMPANY"), park, province])
    assert [a["text"][s:e] for s, e, _ in sorted(a["label"])] == ["Công ty TNHH Ohsung Vina",
                                                                   "Khu công nghiệp Đại An", "Hải Dương"]
    assert a["meta"]["annotation"] == "doccano-reviewed"
    assert a["meta"]["pre_annotation_model"] == "vi_industrial_ner-0.1.0"
    b = merged["test-b-1"]
    assert b["text"] == unicodedata.normalize("NFC", NFD_TEXT)
    assert [b["text"][s:e] for s, e, _ in b["label"]] == ["Vũ Quốc Nghị"]


def test_pull_is_idempotent(server, corpus):
    before = snapshot(corpus["gold_dir"])
    done = pull(server, corpus)
    assert "0 new" in done.stdout and "5 unchanged" in done.stdout, done.stdout
    assert snapshot(corpus["gold_dir"]) == before


def test_conflict_with_local_gold_is_reported_not_overwritten(server, corpus):
    gold = corpus["gold"][0]
    dropped = sorted(gold["label"])[0]
    as_annotator(server, f"""
ex = example({gold["id"]!r})
for s in client.list_spans(project_id, ex.id):
    if (s.start_offset, s.end_offset) == ({dropped[0]}, {dropped[1]}):
        client.delete_span(project_id, ex.id, s.id)
""")
    before = snapshot(corpus["gold_dir"])
    done = pull(server, corpus, check=False)
    assert done.returncode == 1 and "1 conflicts need a decision" in done.stderr, done.stdout + done.stderr
    assert snapshot(corpus["gold_dir"]) == before
    (conflict,) = read_jsonl_lines(corpus["folder"] / "conflicts.jsonl")
    assert conflict["id"] == gold["id"] and conflict["kind"] == "labels differ"
    assert len(conflict["local"]) == len(conflict["server"]) + 1

    pull(server, corpus, "--on-conflict", "server")
    updated = {r["id"]: r for r in read_jsonl_lines(corpus["gold_dir"] / "batch.jsonl")}[gold["id"]]
    assert dropped not in updated["label"] and len(updated["label"]) == len(gold["label"]) - 1
    assert updated["meta"]["annotation"] == "doccano-reviewed"
    assert not (corpus["folder"] / "conflicts.jsonl").exists()


def test_bad_data_on_the_server_is_a_clear_error(server, corpus):
    gold = corpus["gold"][1]
    before = snapshot(corpus["gold_dir"])
    as_annotator(server, f"""
ex = example({gold["id"]!r})
client.update_example(project_id, ex.id, text=ex.text + " (sửa)")
""")
    done = pull(server, corpus, check=False)
    assert done.returncode == 1 and "was changed on the server" in done.stderr and gold["id"] in done.stderr
    assert "Traceback" not in done.stderr
    assert snapshot(corpus["gold_dir"]) == before
    as_annotator(server, f"""
client.update_example(project_id, example({gold["id"]!r}).id, text={gold["text"]!r})
""")
    pull(server, corpus)


def test_independent_annotators_agreement_is_reported_before_merging(server, tmp_path):
    texts = ["Tỉnh Bắc Ninh thu hút vốn.", "Ông Nguyễn Văn A làm việc ở Hà Nội."]
    records = [{"id": f"ind-{i}", "text": t, "label": [], "meta": {"article": "ind", "annotation": "pre-annotated"}}
               for i, t in enumerate(texts)]
    project = "loop-independent"
    run_client("annotate_push", write(tmp_path / "push.jsonl", records), "--project", project,
               "--url", server, "--independent")
    label = lambda text, surface, name: (text.index(surface), text.index(surface) + len(surface), name)  # noqa: E731
    for user, second in (("ann-x", ("Hà Nội", "PROVINCE")), ("ann-y", ("Nguyễn Văn A", "PERSON"))):
        s0 = label(texts[0], "Bắc Ninh", "PROVINCE")
        s1 = label(texts[1], *second)
        as_annotator(server, f"""
for cid, (s, e, name) in (("ind-0", {s0!r}), ("ind-1", {s1!r})):
    client.create_span(project_id, example(cid).id, s, e, label_id[name])
    client.update_example_state(project_id, example(cid).id)
""", username=user, project=project)
    gold_dir = tmp_path / "gold"
    gold_dir.mkdir()
    done = run_client("annotate_pull", gold_dir, "--project", project, "--url", server,
                      "--target", gold_dir / "doccano.jsonl", "--conflicts", tmp_path / "conflicts.jsonl", check=False)
    assert "agreement ann-x vs ann-y: 2 sentences, span F1 0.500" in done.stdout, done.stdout + done.stderr
    assert done.returncode == 1
    (merged,) = read_jsonl_lines(gold_dir / "doccano.jsonl")  # only the sentence both annotated the same way
    assert merged["id"] == "ind-0" and merged["meta"]["annotator"] == "ann-x+ann-y"
    (conflict,) = read_jsonl_lines(tmp_path / "conflicts.jsonl")
    assert conflict["id"] == "ind-1" and conflict["kind"] == "annotators disagree"
