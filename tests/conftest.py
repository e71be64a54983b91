"""Shared fixtures. The project's packages (vi_industrial, vi_corpus) are installed (`pip install -e .`,
requirements.txt); scripts are run as the project commands run them, in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Callable, Iterable, List, Optional

import pytest
from filelock import FileLock
from spacy.language import Language
from spacy.tokens import Doc

from vi_corpus.articles import read_articles
from vi_corpus.jsonl import write_jsonl
from vi_corpus.records import read_corpus
from vi_corpus.sentences import sentence_records
from vi_industrial.pipeline import blank_pipeline

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
SERVER_PY = ROOT / ".venv-doccano-server" / "bin" / "python"
CLIENT_PY = ROOT / ".venv-doccano-client" / "bin" / "python"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def nlp() -> Language:
    """A blank pipeline with the project's tokenizer (syllable segmenter, as shipped)."""
    return blank_pipeline("syllable")


@pytest.fixture(scope="session")
def gold() -> List[tuple]:
    """(`file:line`, record) of every committed gold record."""
    return read_corpus(ROOT / "corpus" / "gold")


@pytest.fixture(scope="session")
def gold_docs(nlp, gold) -> Callable[[int], List[Doc]]:
    """The first n gold sentences as Docs with their gold entities (shipped tokenizer)."""

    def make(n: int) -> List[Doc]:
        docs = []
        for _, rec in gold[:n]:
            doc = nlp.make_doc(rec["text"])
            doc.ents = [doc.char_span(s, e, label=label) for s, e, label in rec["label"]]
            doc.user_data["article"] = rec["meta"]["article"]
            docs.append(doc)
        return docs

    return make


@pytest.fixture(scope="session")
def sentences_file(tmp_path_factory) -> Path:
    """corpus/sentences.jsonl as the preprocess step builds it."""
    out = tmp_path_factory.mktemp("corpus") / "sentences.jsonl"
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    stats = {"articles": 0, "sentences": 0, "duplicates": 0}
    write_jsonl(out, sentence_records(read_articles([*seeds, ROOT / "corpus" / "articles.jsonl"]), stats))
    return out


@pytest.fixture
def jsonl(tmp_path) -> Callable[..., Path]:
    """jsonl(name, *records) writes records (dicts, or raw strings for broken lines) under tmp_path."""

    def write(name: str, *records) -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in records),
                        encoding="utf-8")
        return path

    return write


def run_script(script: str, *args, python: Optional[Path] = None, env: Optional[dict] = None,
               timeout: float = 600) -> subprocess.CompletedProcess:
    """scripts/<script>.py run with `args` from the repository root, as a project command runs it."""
    return subprocess.run([str(python or sys.executable), str(SCRIPTS / f"{script}.py"), *map(str, args)], cwd=ROOT,
                          text=True, capture_output=True, timeout=timeout,
                          env={**os.environ, "COLUMNS": "200", **(env or {})})


@pytest.fixture(scope="session")
def script() -> Callable[..., subprocess.CompletedProcess]:
    return run_script


def read_jsonl_lines(path: Path) -> Iterable[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()]


def _env_ok(python: Path, module: str) -> bool:
    return python.exists() and subprocess.run([str(python), "-c", f"import {module}"], capture_output=True).returncode == 0


@pytest.fixture(scope="session")
def doccano_envs():
    """The doccano server and client environments, built once by `spacy project run annotate-setup`
    (under a file lock: two pytest workers may ask at the same time)."""
    with FileLock(str(ROOT / ".venv-doccano.lock")):
        ready = _env_ok(SERVER_PY, "backend") and _env_ok(CLIENT_PY, "doccano_client") and _env_ok(CLIENT_PY, "vi_corpus")
        if not ready:
            done = subprocess.run([sys.executable, "-m", "spacy", "project", "run", "annotate-setup"], cwd=ROOT,
                                  capture_output=True, text=True, timeout=1200)
            if done.returncode != 0 or not (_env_ok(SERVER_PY, "backend") and _env_ok(CLIENT_PY, "doccano_client")):
                pytest.fail("the doccano environments could not be installed (annotate-setup): "
                            + (done.stdout + done.stderr)[-2000:])
    return SERVER_PY, CLIENT_PY


def pytest_collection_modifyitems(items):
    """The end-to-end workflow run first: with two workers it then overlaps everything else."""
    items.sort(key=lambda item: "test_workflow_e2e" not in item.nodeid)


def pytest_terminal_summary(terminalreporter):
    """Print the score tables that tests recorded (record_property "scores_table"): xdist does not
    show a passing test's own output, and CI's log must show the scores it gated."""
    for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", []):
        for name, value in getattr(report, "user_properties", []):
            if name == "scores_table":
                terminalreporter.write_sep("=", "scores")
                terminalreporter.write_line(value)


PATTERNS = [
    {"label": "PROVINCE", "pattern": "Hải Dương"}, {"label": "PROVINCE", "pattern": "Bắc Giang"},
    {"label": "MONEY", "pattern": "1,4 tỷ USD"}, {"label": "MONEY", "pattern": "500 tỷ đồng"},
    {"label": "INDUSTRIAL_PARK", "pattern": "KCN Đại An"}, {"label": "INDUSTRIAL_PARK", "pattern": "Khu công nghiệp Đại An"},
    {"label": "COMPANY", "pattern": "Công ty ABC"},
]


@pytest.fixture(scope="session")
def model(tmp_path_factory):
    """A pipeline with the shipped components, entities from an entity_ruler (no training needed): the model of the extraction tests."""
    nlp = blank_pipeline()
    nlp.add_pipe("entity_ruler").add_patterns(PATTERNS)
    for name in ("company_aliases", "money_normalizer", "province_linker", "park_normalizer"):
        nlp.add_pipe(name)
    path = tmp_path_factory.mktemp("model") / "pipeline"
    nlp.to_disk(path)
    return path
