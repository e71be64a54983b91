"""Every script: `--help` works, and a missing file, a wrongly formatted input or an unknown
label ends the script with a non-zero status and a one-line message that names the file
(and the line, where there is one), never a traceback. Every file in scripts/ is a command."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from conftest import CLIENT_PY, ROOT, SCRIPTS, SERVER_PY, run_script

from vi_industrial.pipeline import load_pipeline

SCRIPT_NAMES = sorted(p.stem for p in SCRIPTS.glob("*.py"))
CLIENT_SCRIPTS = {"annotate_push", "annotate_pull"}
# scripts with no input file to get wrong (each with the reason); every other script has a case below
NO_INPUT_FILE = {"doccano_server": "it only starts the server, in a folder it creates"}

GOOD = {"id": "a-1", "text": "Tỉnh Bắc Ninh", "label": [[5, 13, "PROVINCE"]], "meta": {"article": "a"}}
BROKEN_LINE = '{"id": "a-2", "text": '
UNKNOWN_LABEL = dict(GOOD, id="a-2", label=[[5, 13, "CITY"]])


def python_for(script: str) -> Path:
    if script in CLIENT_SCRIPTS:
        return CLIENT_PY
    if script == "doccano_server":
        return SERVER_PY
    return Path(sys.executable)


def run(script: str, *args, request: pytest.FixtureRequest):
    """The script run with the Python of its environment (the doccano ones built when missing)."""
    if script in CLIENT_SCRIPTS or script == "doccano_server":
        request.getfixturevalue("doccano_envs")
    return run_script(script, *args, python=python_for(script), env={"DOCCANO_PASSWORD": "x"}, timeout=300)


@pytest.fixture
def files(tmp_path, jsonl):
    article = {"id": "v-1", "title": "Tiêu đề", "abstract": "Tóm tắt.", "body": "Nội dung."}
    not_json = tmp_path / "metrics.json"
    not_json.write_text("{ not json", encoding="utf-8")
    readme = tmp_path / "README.md"
    readme.write_text("# README without the score markers\n", encoding="utf-8")
    jsonl("gold_bad/g.jsonl", GOOD, BROKEN_LINE)
    jsonl("gold_unknown/g.jsonl", GOOD, UNKNOWN_LABEL)
    jsonl("gold_good/g.jsonl", GOOD)
    relation_to_no_entity = {"id": "a-1", "relations": [{"head": [0, 4], "tail": [5, 13], "type": "LOCATED_IN"}]}
    return {"tmp": tmp_path, "missing": tmp_path / "missing.jsonl",
            "bad": jsonl("bad.jsonl", GOOD, BROKEN_LINE), "unknown": jsonl("unknown.jsonl", GOOD, UNKNOWN_LABEL),
            "gold_bad": tmp_path / "gold_bad", "gold_unknown": tmp_path / "gold_unknown", "gold_good": tmp_path / "gold_good",
            "relations": jsonl("R01.relations.jsonl", {"id": "a-1", "relations": []}, relation_to_no_entity),
            "sentences": jsonl("sentences.jsonl", {"id": "a-1", "text": GOOD["text"], "meta": {"article": "a"}}),
            "not_json": not_json, "readme": readme,
            "article_missing_body": jsonl("articles.jsonl", article, {k: v for k, v in article.items() if k != "body"}),
            "corpus": tmp_path / "corpus"}


THRESHOLDS = ROOT / "configs" / "score_thresholds.json"
# (script, arguments, what the message must name); f = the files fixture
CASES = {
    "preprocess: missing seeds": ("preprocess", lambda f: [f["missing"], f["tmp"] / "o.jsonl"], "missing.jsonl"),
    "preprocess: bad articles": ("preprocess", lambda f: [ROOT / "seeds", f["tmp"] / "o.jsonl", "--articles", f["bad"]],
                                 "bad.jsonl:2"),
    "convert: missing gold": ("convert", lambda f: [f["missing"], f["sentences"], f["tmp"] / "o.spacy"], "missing.jsonl"),
    "convert: bad json": ("convert", lambda f: [f["gold_bad"], f["sentences"], f["tmp"] / "o.spacy"], "g.jsonl:2"),
    "convert: unknown label": ("convert", lambda f: [f["gold_unknown"], f["sentences"], f["tmp"] / "o.spacy"], "g.jsonl:2"),
    "split: missing corpus": ("split", lambda f: [f["tmp"] / "missing.spacy", f["tmp"] / "s.json", f["tmp"]],
                              "missing.spacy"),
    "audit: bad json": ("audit_corpus", lambda f: [f["gold_bad"], f["tmp"] / "s.json", f["tmp"] / "S.md", "--sentences", f["sentences"]],
                        "g.jsonl:2"),
    "audit: unknown label": ("audit_corpus", lambda f: [f["gold_unknown"], f["tmp"] / "s.json", f["tmp"] / "S.md",
                                                        "--sentences", f["sentences"], "--annotation-dir", f["tmp"] / "none"],
                             "g.jsonl:2"),
    "check_scores: missing metrics": ("check_scores", lambda f: [f["missing"], THRESHOLDS], "missing.jsonl"),
    "check_scores: bad metrics": ("check_scores", lambda f: [f["not_json"], THRESHOLDS], "metrics.json"),
    "readme_scores: missing metrics": ("readme_scores", lambda f: [f["missing"], f["not_json"], f["readme"]], "missing.jsonl"),
    "readme_scores: bad robustness": ("readme_scores", lambda f: [f["not_json"], f["not_json"], f["readme"]], "metrics.json:1"),
    "readme_scores: missing readme": ("readme_scores", lambda f: [f["not_json"], f["not_json"], f["tmp"] / "NO-README.md"],
                                      "NO-README.md"),
    "evaluate: missing model": ("evaluate", lambda f: [f["tmp"] / "no-model", f["tmp"] / "t.spacy", f["tmp"] / "m.json"],
                                "no-model"),
    "robustness: missing model": ("robustness", lambda f: [f["tmp"] / "no-model", f["tmp"] / "t.spacy"], "no-model"),
    "evaluate_rules: missing model": ("evaluate_rules", lambda f: [f["tmp"] / "no-model", f["tmp"] / "d.spacy",
                                                                   f["tmp"] / "t.spacy"], "no-model"),
    "extract: missing input": ("extract", lambda f: [f["missing"], "-o", f["tmp"] / "e.jsonl", "--model", f["tmp"] / "no-model"],
                               "missing.jsonl"),
    "extract: missing model": ("extract", lambda f: [f["sentences"], "-o", f["tmp"] / "e.jsonl", "--model", f["tmp"] / "no-model"],
                               "no-model"),
    "extract: a file as the output of a cluster run": ("extract", lambda f: [f["sentences"], "-o", f["tmp"] / "e.jsonl", "--model",
                                                                           f["tmp"] / "no-model", "--scheduler", "local:1"], "e.jsonl"),
    "benchmark_cluster: missing raw articles": ("benchmark_cluster", lambda f: ["no-model", f["missing"], "--output", f["tmp"] / "c"],
                                                "missing.jsonl"),
    "benchmark_cluster: bad raw articles": ("benchmark_cluster", lambda f: ["no-model", f["bad"], "--output", f["tmp"] / "c"],
                                            "bad.jsonl:2"),
    "prepare_raw_text: missing raw": ("prepare_raw_text", lambda f: [f["missing"], f["tmp"] / "r.txt"], "missing.jsonl"),
    "prepare_raw_text: bad raw": ("prepare_raw_text", lambda f: [f["bad"], f["tmp"] / "r.txt"], "bad.jsonl:2"),
    "prepare_raw_text: unknown format": ("prepare_raw_text", lambda f: [f["bad"], f["tmp"] / "r.txt", "--format", "csv"], "--format"),
    "train_floret: missing text": ("train_floret", lambda f: [f["missing"], f["tmp"] / "v"], "missing.jsonl"),
    "select_articles: bad articles": ("select_articles", lambda f: [f["article_missing_body"], f["tmp"] / "a.jsonl"],
                                      "articles.jsonl:2"),
    "spans_to_doccano: bad json": ("spans_to_doccano", lambda f: [f["bad"], f["sentences"], f["tmp"] / "o.jsonl"],
                                   "bad.jsonl:2"),
    "apply_corrections: unknown label": ("apply_corrections", lambda f: [f["unknown"], f["bad"]], "unknown.jsonl:2"),
    "apply_relations: relation to no entity": ("apply_relations", lambda f: [f["gold_good"], f["relations"]],
                                               "R01.relations.jsonl:2"),
    "annotator_agreement: unknown label": ("annotator_agreement", lambda f: [f["unknown"], f["unknown"]],
                                           "unknown.jsonl:2"),
    "annotator_agreement: bad json": ("annotator_agreement", lambda f: [f["bad"], f["bad"]], "bad.jsonl:2"),
    "preannotate: bad sentences": ("preannotate", lambda f: [f["bad"], f["tmp"] / "p.jsonl", "--gold-dir", f["tmp"] / "none"],
                                   "bad.jsonl:2"),
    "study: missing config": ("study", lambda f: ["s", "--variant", "a", "--config", f["missing"], "--corpus", f["corpus"],
                                                  "--output-dir", f["tmp"]], "missing.jsonl"),
    "study: missing corpus": ("study", lambda f: ["s", "--variant", "a", "--corpus", f["corpus"], "--output-dir", f["tmp"]],
                              "train.spacy"),
    "benchmark: missing raw articles": ("benchmark", lambda f: ["no-model", f["missing"], "--output", f["tmp"] / "b"],
                                        "missing.jsonl"),
    "benchmark: bad raw articles": ("benchmark", lambda f: ["no-model", f["bad"], "--output", f["tmp"] / "b",
                                                            "--peer-python", sys.executable], "bad.jsonl:2"),
    "underthesea_ner: missing texts": ("underthesea_ner", lambda f: [f["missing"]], "missing.jsonl"),
    "underthesea_ner: bad texts": ("underthesea_ner", lambda f: [f["bad"]], "bad.jsonl:2"),
    "annotate_push: unknown label": ("annotate_push", lambda f: [f["unknown"]], "unknown.jsonl:2"),
    "annotate_push: bad json": ("annotate_push", lambda f: [f["bad"]], "bad.jsonl:2"),
    "annotate_pull: bad gold": ("annotate_pull", lambda f: [f["gold_bad"]], "g.jsonl:2"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_gives_one_line_error_naming_file(case, files, request):
    script, args, names = CASES[case]
    done = run(script, *args(files), request=request)
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if names in line]
    assert len(lines) == 1, f"expected one line naming {names!r}:\n{output}"


def test_every_script_has_bad_input_cases():
    """A new script needs its failure cases here (or a reason in NO_INPUT_FILE)."""
    assert "convert" in SCRIPT_NAMES and "annotate_pull" in SCRIPT_NAMES
    covered = {script for script, _, _ in CASES.values()}
    assert covered <= set(SCRIPT_NAMES), sorted(covered - set(SCRIPT_NAMES))
    assert sorted(set(SCRIPT_NAMES) - covered - set(NO_INPUT_FILE)) == []
    assert set(NO_INPUT_FILE) <= set(SCRIPT_NAMES) and not set(NO_INPUT_FILE) & covered


@pytest.mark.parametrize("script", SCRIPT_NAMES)
def test_every_script_has_help(script, request):
    done = run(script, "--help", request=request)
    assert done.returncode == 0 and "usage" in done.stdout.lower(), f"{script}: {done.stdout}{done.stderr}"


def test_a_folder_that_is_no_pipeline_fails_in_one_line_naming_it(tmp_path, capsys):
    """evaluate, robustness, extract, preannotate and evaluate_rules load models through
    vi_industrial.pipeline.load_pipeline: a folder without a pipeline is a one-line error, not a traceback."""
    (tmp_path / "model").mkdir()
    with pytest.raises(SystemExit) as exit_info:
        load_pipeline(tmp_path / "model")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{tmp_path / 'model'}: cannot load the model" in err[0]
