"""The whole workflow on a copy of the project: preprocess -> ... -> package, then a
fresh process installs nothing but the wheel and loads it with spacy.load."""

import json
import shutil
import subprocess
import sys

import pytest

LABELS = {"PROVINCE", "INDUSTRIAL_PARK", "COMPANY", "AGENCY", "PERSON", "MONEY"}
PROJECT_FILES = [
    "project.yml", "seeds", "configs", "scripts", "corpus/articles.jsonl", "corpus/gold", "corpus/splits.json",
    "corpus/annotation", "corpus/GUIDELINES.md",
]

LOAD_AND_TAG = """
import json, spacy, vi_industrial_ner
nlp = spacy.load("vi_industrial_ner")
text = "Công ty TNHH Ohsung Vina tại Khu công nghiệp Liên Hà Thái, tỉnh Hưng Yên đầu tư 1,4 tỷ USD."
doc = nlp(text)
print(json.dumps({
    "file": vi_industrial_ner.__file__,
    "pipeline": nlp.pipe_names,
    "labels": list(nlp.get_pipe("ner").labels),
    "requirements": nlp.meta["requirements"],
    "text_kept": doc.text == text,
    "tokens": [t.text for t in doc][-3:],
}))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory, root):
    project = tmp_path_factory.mktemp("project")
    for name in PROJECT_FILES:
        src, dst = root / name, project / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        (shutil.copytree if src.is_dir() else shutil.copy)(src, dst)
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "project", "run", "all", str(project),
         "--vars.max_steps=30", "--vars.eval_frequency=10"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return project


def test_workflow_writes_metrics_per_label(project):
    metrics = json.loads((project / "training" / "metrics.json").read_text())
    assert {"ents_p", "ents_r", "ents_f", "ents_per_type"} <= set(metrics)
    assert set(metrics["ents_per_type"]) <= LABELS


def test_split_manifest_is_unchanged_by_a_rerun(project, root):
    assert json.loads((project / "corpus" / "splits.json").read_text()) == json.loads((root / "corpus" / "splits.json").read_text())


def test_packaged_wheel_installs_and_loads_in_a_fresh_process(project, tmp_path):
    wheels = list((project / "packages").glob("vi_industrial_ner-*/dist/vi_industrial_ner-*.whl"))
    assert len(wheels) == 1
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), str(wheels[0])], check=True)
    result = subprocess.run(
        [sys.executable, "-c", LOAD_AND_TAG], capture_output=True, text=True, cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    info = json.loads(result.stdout.strip().splitlines()[-1])
    assert info["file"].startswith(str(target))
    assert info["pipeline"] == ["tok2vec", "ner"]
    assert set(info["labels"]) == LABELS
    assert any(req.startswith("pyvi") for req in info["requirements"])
    assert info["text_kept"] and info["tokens"] == ["tỷ", "USD", "."]


def test_committed_stats_are_what_the_audit_writes(project, root):
    assert (project / "corpus" / "STATS.md").read_text(encoding="utf-8") == (root / "corpus" / "STATS.md").read_text(encoding="utf-8")
