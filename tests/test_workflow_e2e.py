"""The whole workflow on a copy of the project, as CI reviews it: preprocess -> convert -> split ->
audit -> vectors -> train (the default pipeline, full step count) -> evaluate -> robustness ->
check-scores -> package; then a fresh process installs nothing but the two wheels (the model and its
code) and loads the model with spacy.load.

`all` itself fails on a score below configs/score_thresholds.json (check-scores) and on a robustness
drop; the tests here check what the steps do not: the printed score table for CI's log, the files
the steps write, and the installed wheel."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from vi_corpus.lexicon import LABEL_COLORS

LABELS = {"PROVINCE", "INDUSTRIAL_PARK", "COMPANY", "AGENCY", "PERSON", "MONEY"}
PROJECT_FILES = [
    "project.yml", "pyproject.toml", "src", "seeds", "configs", "scripts", "corpus/articles.jsonl", "corpus/gold",
    "corpus/splits.json", "corpus/annotation", "corpus/GUIDELINES.md",
]
RAW = "data/vietnews_raw_40k.jsonl.gz"
NEW_TEXT = (
    "Ông Nguyễn Văn Hùng, Giám đốc Sở Công thương tỉnh Bắc Giang, cho biết Công ty TNHH Foxconn "
    "đã đầu tư thêm 500 triệu USD vào Khu công nghiệp Quang Châu, tỉnh Bắc Giang."
)
STYLED_TEXT = "Ủy ban nhân dân tỉnh Khánh Hòa cho biết Công ty CP Thủy sản Hòa Bình đầu tư 2.300 tỷ đồng vào KCN Hòa Khánh."

LOAD_AND_TAG = """
import json, sys, unicodedata, spacy, vi_industrial_ner
from spacy.attrs import NORM
import vi_industrial
from vi_corpus.text import to_new_style, to_old_style
nlp = spacy.load("vi_industrial_ner")
text = sys.argv[1]
doc = nlp(text)
# the same entities in both tone-mark styles and in NFD
styled = sys.argv[2]
def found(doc):
    return [(to_old_style(unicodedata.normalize("NFC", e.text)), e.label_) for e in doc.ents]
variants = [to_old_style(styled), to_new_style(styled), unicodedata.normalize("NFD", styled)]
styled_ents = found(nlp(styled))
same_in_variants = all(found(nlp(v)) == styled_ents for v in variants)
# the components also work on entities set by hand
by_hand = nlp.make_doc("Tỉnh Hải Dương thu hút 1,4 tỷ USD.")
by_hand.ents = [by_hand.char_span(5, 14, "PROVINCE"), by_hand.char_span(23, 33, "MONEY")]
by_hand = nlp.get_pipe("money_normalizer")(nlp.get_pipe("province_linker")(by_hand))
# company short names linked across the sentences of one article by the packaged component; the
# full name is set by hand and the ner's COMPANY tags of the second sentence are dropped, so that
# the check does not depend on what the trained ner finds
first = nlp.make_doc("Tập đoàn Trico khởi công nhà máy.")
first.ents = [first.char_span(0, 14, "COMPANY")]
second = nlp("Trico tuyển thêm 2.000 lao động.")
second.ents = [e for e in second.ents if e.label_ != "COMPANY"]
linked = nlp.get_pipe("company_aliases").link([first, second])[1]
print(json.dumps({
    "file": vi_industrial_ner.__file__,
    "code_file": vi_industrial.__file__,
    "segmenter": nlp.tokenizer.segmenter,
    "pipeline": nlp.pipe_names,
    "labels": list(nlp.get_pipe("ner").labels),
    "requirements": nlp.meta["requirements"],
    "text_kept": doc.text == text,
    "vectors_by_norm": nlp.vocab.vectors.attr == NORM,
    "same_in_variants": same_in_variants,
    "styled_ents": styled_ents,
    "ents": [[e.text, e.label_] for e in doc.ents],
    "values": [[e.text, e._.amount, e._.currency, e._.province, e._.province_before_2025, e._.park_key] for e in doc.ents],
    "by_hand": [by_hand.ents[0]._.province, by_hand.ents[1]._.amount, by_hand.ents[1]._.currency],
    "linked": [[e.text, e.label_] for e in linked.ents if e.label_ == "COMPANY"],
    "relations": [[r.head.text, r.tail.text, r.type, r.head in doc.ents and r.tail in doc.ents] for r in doc._.relations],
}))
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory, root):
    raw = root.parent / "shared" / RAW
    if not raw.exists():
        pytest.fail(f"{raw} is missing: the vectors step needs ../shared beside the repo (project.yml assets)")
    project = tmp_path_factory.mktemp("project")
    for name in PROJECT_FILES:
        src, dst = root / name, project / name
        dst.parent.mkdir(parents=True, exist_ok=True)
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy(src, dst)
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "project", "run", "all", str(project), f"--vars.raw_articles={raw}"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-3000:]
    return project


def test_workflow_scores_are_printed_for_ci_with_every_label(project, record_property):
    """check-scores gated these scores inside `all`; here they are printed for CI's log (pytest's
    terminal summary, conftest.py) and the metrics file is checked: every label scored, keys sorted."""
    text = (project / "training" / "metrics.json").read_text()
    metrics = json.loads(text)
    # written with sorted keys, so that equal scores give byte-identical files
    assert text == json.dumps(metrics, indent=2, ensure_ascii=False, sort_keys=True) + "\n"
    assert set(metrics["ents_per_type"]) == LABELS
    # the industrial and the broad parts of the test split are scored (and gated) on their own
    assert {"industrial", "broad"} <= set(metrics["parts"])
    assert set(json.loads((project / "configs" / "score_thresholds.json").read_text())["parts"]) >= {"industrial", "broad"}
    assert "parts" in json.loads((project / "training" / "metrics-dev.json").read_text())
    gated = subprocess.run([sys.executable, "scripts/check_scores.py", "training/metrics.json", "configs/score_thresholds.json"],
                           cwd=project, capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    lines = ["Test split scores of the default pipeline (trained in this run), as check-scores printed them:",
             gated.stdout.strip()]
    for key, what in (("linked", "company names linked across each article"), ("by_article", "whole articles as input")):
        m = metrics[key]
        lines.append(f"{what}: P {m['ents_p']:.3f} R {m['ents_r']:.3f} F {m['ents_f']:.3f}, "
                     f"COMPANY F {m['ents_per_type']['COMPANY']['f']:.3f} (not gated)")
    record_property("scores_table", "\n".join(lines))
    assert gated.returncode == 0, gated.stdout + gated.stderr


def test_robustness_table_has_every_variant_and_label(project):
    scores = json.loads((project / "training" / "robustness.json").read_text())["variants"]
    assert list(scores) == ["original", "old style", "new style", "NFD"]
    assert all(set(s["per_type"]) == LABELS for s in scores.values())
    assert "| **ALL** |" in (project / "training" / "robustness.md").read_text(encoding="utf-8")


def test_evaluation_report_and_displacy_page_are_written_with_label_colours(project):
    report = (project / "training" / "report.md").read_text(encoding="utf-8")
    assert "| ALL (micro) |" in report and "## Most frequent confusions" in report
    page = (project / "training" / "errors.html").read_text(encoding="utf-8")
    assert page.count("<tr><td>") >= 1 and "entities" in page
    assert all(color in page for color in LABEL_COLORS.values())


def test_split_manifest_is_unchanged_by_a_rerun(project, root):
    assert json.loads((project / "corpus" / "splits.json").read_text()) == json.loads((root / "corpus" / "splits.json").read_text())


def test_committed_stats_are_what_the_audit_writes(project, root):
    assert (project / "corpus" / "STATS.md").read_text(encoding="utf-8") == (root / "corpus" / "STATS.md").read_text(encoding="utf-8")


def test_packaged_wheels_install_load_and_tag_new_text(project, tmp_path):
    """The model wheel and the wheel of its code, installed into an empty folder, are all it takes."""
    wheels = sorted((project / "packages").glob("vi_industrial_ner-*/dist/*.whl"))
    assert [w.name.split("-")[0] for w in wheels] == ["vi_industrial", "vi_industrial_ner"]
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target), *map(str, wheels)],
                   check=True)
    result = subprocess.run(
        [sys.executable, "-c", LOAD_AND_TAG, NEW_TEXT, STYLED_TEXT], capture_output=True, text=True, cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    info = json.loads(result.stdout.strip().splitlines()[-1])
    assert info["file"].startswith(str(target)) and info["code_file"].startswith(str(target))
    assert info["segmenter"] == "syllable"
    assert info["pipeline"] == ["tok2vec", "ner", "company_aliases", "relation_extractor", "money_normalizer", "province_linker",
                                "park_normalizer"]
    # the shipped relation_extractor sets doc._.relations between the doc's own entities
    assert all(between_ents for *_, between_ents in info["relations"]), info["relations"]
    found_relations = {tuple(r[:3]) for r in info["relations"]}
    assert ("Nguyễn Văn Hùng", "Sở Công thương tỉnh Bắc Giang", "ROLE") in found_relations, info["relations"]
    assert ("Khu công nghiệp Quang Châu", "Bắc Giang", "LOCATED_IN") in found_relations, info["relations"]
    assert set(info["labels"]) == LABELS
    assert any(req.startswith("vi-industrial") for req in info["requirements"])
    assert info["text_kept"] and info["vectors_by_norm"]
    assert info["same_in_variants"] and len(info["styled_ents"]) >= 3, info["styled_ents"]
    found = {label for _, label in info["ents"]}
    assert ["500 triệu USD", "MONEY"] in info["ents"], info["ents"]
    assert len(found) >= 4, info["ents"]
    assert info["linked"] == [["Trico", "COMPANY"]]
    values = {text: rest for text, *rest in info["values"]}
    assert values["500 triệu USD"][:2] == [5e8, "USD"]
    provinces = [v for v in info["values"] if v[3] is not None]
    assert provinces and all(v[3:5] == ["Bắc Ninh", "Bắc Giang"] for v in provinces), info["values"]
    assert info["by_hand"] == ["Hải Phòng", 1.4e9, "USD"]


def test_spacy_debug_data_finds_no_problem_in_the_training_data(project):
    """`spacy debug data` (the debug-data command) on the corpus `all` converted: no warning, no error."""
    done = subprocess.run([sys.executable, "-m", "spacy", "project", "run", "debug-data", str(project)],
                          capture_output=True, text=True, env={**os.environ, "COLUMNS": "200"})
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "checks passed" in done.stdout
    assert "\u26a0" not in done.stdout and "\u2718" not in done.stdout, done.stdout[-3000:]
