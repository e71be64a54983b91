"""Make the workflow scripts and the shipped components importable by the tests."""

import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

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


SERVER_PY = ROOT / ".venv-doccano-server" / "bin" / "python"
CLIENT_PY = ROOT / ".venv-doccano-client" / "bin" / "python"


def _env_ok(python: Path, module: str) -> bool:
    return python.exists() and subprocess.run([str(python), "-c", f"import {module}"], capture_output=True).returncode == 0


@pytest.fixture(scope="session")
def doccano_envs():
    """The doccano server and client environments, built once by `spacy project run annotate-setup`
    (under a file lock: two pytest workers may ask at the same time)."""
    with FileLock(str(ROOT / ".venv-doccano.lock")):
        if not (_env_ok(SERVER_PY, "backend") and _env_ok(CLIENT_PY, "doccano_client")):
            done = subprocess.run([sys.executable, "-m", "spacy", "project", "run", "annotate-setup"], cwd=ROOT,
                                  capture_output=True, text=True, timeout=1200)
            if done.returncode != 0 or not (_env_ok(SERVER_PY, "backend") and _env_ok(CLIENT_PY, "doccano_client")):
                pytest.skip("the doccano environments could not be installed (annotate-setup): "
                            + (done.stdout + done.stderr)[-500:])
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
