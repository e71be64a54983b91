"""Make the workflow scripts and the shipped components importable by the tests."""

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
for folder in (ROOT / "scripts", ROOT / "scripts" / "components"):
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

import vi_tokenizer  # noqa: E402,F401  (registers vi_industrial.Tokenizer.v1 for every test)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def sentences_file(tmp_path_factory) -> Path:
    """corpus/sentences.jsonl as the preprocess step builds it."""
    from preprocess import main as preprocess

    out = tmp_path_factory.mktemp("corpus") / "sentences.jsonl"
    preprocess(ROOT / "seeds", out, [ROOT / "corpus" / "articles.jsonl"])
    return out
