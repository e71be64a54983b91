"""Every script: `--help` works, and a missing file, a wrongly formatted input or an unknown
label ends the script with a non-zero status and a one-line message that names the file
(and the line, where there is one), never a traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
CLIENT_PY = ROOT / ".venv-doccano-client" / "bin" / "python"
SERVER_PY = ROOT / ".venv-doccano-server" / "bin" / "python"
CLIENT_SCRIPTS = {"annotate_push", "annotate_pull"}
LIBRARIES = {"doccano_offsets", "doccano_project", "gold_records", "jsonl_io", "pipeline_loading", "sentence_splitter", "training_runs"}

GOOD = {"id": "a-1", "text": "Tỉnh Bắc Ninh", "label": [[5, 13, "PROVINCE"]], "meta": {"article": "a"}}
CODE = ["--code", SCRIPTS / "components" / "vi_tokenizer.py"]
UNKNOWN_LABEL = dict(GOOD, id="a-2", label=[[5, 13, "CITY"]])


def python_for(script: str) -> Path:
    if script in CLIENT_SCRIPTS:
        return CLIENT_PY
    if script == "doccano_server":
        return SERVER_PY
    return Path(sys.executable)


def run(script: str, *args) -> subprocess.CompletedProcess:
    python = python_for(script)
    if not python.exists():
        pytest.skip(f"{python} is missing (spacy project run annotate-setup builds it)")
    return subprocess.run([str(python), str(SCRIPTS / f"{script}.py"), *map(str, args)], cwd=ROOT, text=True,
                          capture_output=True, timeout=300, env={**os.environ, "DOCCANO_PASSWORD": "x", "COLUMNS": "200"})


@pytest.fixture
def files(tmp_path):
    def jsonl(name, *lines):
        path = tmp_path / name
        path.write_text("".join((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False)) + "\n"
                                for line in lines), encoding="utf-8")
        return path

    bad_json = jsonl("bad.jsonl", GOOD, '{"id": "a-2", "text": ')
    unknown = jsonl("unknown.jsonl", GOOD, UNKNOWN_LABEL)
    gold_bad, gold_unknown = tmp_path / "gold_bad", tmp_path / "gold_unknown"
    gold_bad.mkdir()
    gold_unknown.mkdir()
    (gold_bad / "g.jsonl").write_bytes(bad_json.read_bytes())
    (gold_unknown / "g.jsonl").write_bytes(unknown.read_bytes())
    sentences = jsonl("sentences.jsonl", {"id": "a-1", "text": GOOD["text"], "meta": {"article": "a"}})
    article = {"id": "v-1", "title": "Tiêu đề", "abstract": "Tóm tắt.", "body": "Nội dung."}
    article_missing_body = jsonl("articles.jsonl", article, {k: v for k, v in article.items() if k != "body"})
    not_json = tmp_path / "metrics.json"
    not_json.write_text("{ not json", encoding="utf-8")
    return {"tmp": tmp_path, "missing": tmp_path / "missing.jsonl", "bad": bad_json, "unknown": unknown,
            "gold_bad": gold_bad, "gold_unknown": gold_unknown, "sentences": sentences, "not_json": not_json,
            "article_missing_body": article_missing_body}


# (script, arguments, what the message must name); f = the files fixture
CASES = {
    "preprocess: missing seeds": ("preprocess", lambda f: [f["missing"], f["tmp"] / "o.jsonl"], "missing.jsonl"),
    "preprocess: bad articles": ("preprocess", lambda f: [ROOT / "seeds", f["tmp"] / "o.jsonl", "--articles", f["bad"]],
                                 "bad.jsonl:2"),
    "convert: missing gold": ("convert", lambda f: [f["missing"], f["sentences"], f["tmp"] / "o.spacy", *CODE], "missing.jsonl"),
    "convert: bad json": ("convert", lambda f: [f["gold_bad"], f["sentences"], f["tmp"] / "o.spacy", *CODE], "g.jsonl:2"),
    "convert: unknown label": ("convert", lambda f: [f["gold_unknown"], f["sentences"], f["tmp"] / "o.spacy", *CODE],
                               "g.jsonl:2"),
    "split: missing corpus": ("split", lambda f: [f["tmp"] / "missing.spacy", f["tmp"] / "s.json", f["tmp"]],
                              "missing.spacy"),
    "audit: bad json": ("audit_corpus", lambda f: [f["gold_bad"], f["tmp"] / "s.json", f["tmp"] / "S.md", "--sentences", f["sentences"]], "g.jsonl:2"),
    "audit: unknown label": ("audit_corpus", lambda f: [f["gold_unknown"], f["tmp"] / "s.json", f["tmp"] / "S.md",
                                                            "--sentences", f["sentences"],
                                                            "--annotation-dir", f["tmp"] / "none"],
                             "g.jsonl:2"),
    "check_scores: missing metrics": ("check_scores", lambda f: [f["missing"], ROOT / "configs" / "score_thresholds.json"],
                                      "missing.jsonl"),
    "check_scores: bad metrics": ("check_scores", lambda f: [f["not_json"], ROOT / "configs" / "score_thresholds.json"],
                                  "metrics.json"),
    "evaluate: missing model": ("evaluate", lambda f: [f["tmp"] / "no-model", f["tmp"] / "t.spacy", f["tmp"] / "m.json"],
                                "no-model"),
    "robustness: missing model": ("robustness", lambda f: [f["tmp"] / "no-model", f["tmp"] / "t.spacy"], "no-model"),
    "evaluate_rules: missing model": ("evaluate_rules", lambda f: [f["tmp"] / "no-model", f["tmp"] / "d.spacy",
                                                                   f["tmp"] / "t.spacy"], "no-model"),
    "extract: missing input": ("extract", lambda f: [f["missing"], "-o", f["tmp"] / "e.jsonl", "--model",
                                                     f["tmp"] / "no-model"], "no-model"),
    "prepare_raw_text: missing raw": ("prepare_raw_text", lambda f: [f["missing"], f["tmp"] / "r.txt"], "missing.jsonl"),
    "prepare_raw_text: bad raw": ("prepare_raw_text", lambda f: [f["bad"], f["tmp"] / "r.txt"], "bad.jsonl:2"),
    "prepare_raw_text: unknown format": ("prepare_raw_text", lambda f: [f["bad"], f["tmp"] / "r.txt", "--format", "csv"], "--format"),
    "train_floret: missing text": ("train_floret", lambda f: [f["missing"], f["tmp"] / "v"], "missing.jsonl"),
    "select_articles: bad articles": ("select_articles", lambda f: [f["article_missing_body"], f["tmp"] / "a.jsonl"],
                                      "articles.jsonl:2"),
    "spans_to_doccano: bad json": ("spans_to_doccano", lambda f: [f["bad"], f["sentences"], f["tmp"] / "o.jsonl"],
                                   "bad.jsonl:2"),
    "apply_corrections: unknown label": ("apply_corrections", lambda f: [f["unknown"], f["bad"]], "unknown.jsonl:2"),
    "annotator_agreement: unknown label": ("annotator_agreement", lambda f: [f["unknown"], f["unknown"]],
                                           "unknown.jsonl:2"),
    "annotator_agreement: bad json": ("annotator_agreement", lambda f: [f["bad"], f["bad"]], "bad.jsonl:2"),
    "preannotate: bad sentences": ("preannotate", lambda f: [f["bad"], f["tmp"] / "p.jsonl", "--gold-dir", f["tmp"] / "none"],
                                   "bad.jsonl:2"),
    "tokenization_study: missing config": ("tokenization_study", lambda f: [f["missing"], f["gold_bad"], f["tmp"],
                                                                            f["tmp"], f["tmp"]], "missing.jsonl"),
    "compare_variants: missing config": ("compare_variants", lambda f: [f["missing"], f["tmp"], f["tmp"], f["tmp"],
                                                                        f["tmp"], "--variant", "a:"], "missing.jsonl"),
    "learning_curve: missing config": ("learning_curve", lambda f: [f["missing"], f["tmp"], f["tmp"], f["tmp"],
                                                                    f["tmp"], f["tmp"] / "c.png"], "missing.jsonl"),
    "config_sweep: missing config": ("config_sweep", lambda f: [f["missing"], f["tmp"], f["tmp"] / "sweep", "--variant", "a="],
                                     "missing.jsonl"),
    "train_seeds: missing config": ("train_seeds", lambda f: [f["missing"], f["tmp"], f["tmp"], f["tmp"], f["tmp"]],
                                    "missing.jsonl"),
    "annotate_push: unknown label": ("annotate_push", lambda f: [f["unknown"]], "unknown.jsonl:2"),
    "annotate_push: bad json": ("annotate_push", lambda f: [f["bad"]], "bad.jsonl:2"),
    "annotate_pull: bad gold": ("annotate_pull", lambda f: [f["gold_bad"]], "g.jsonl:2"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_gives_one_line_error_naming_file(case, files, request):
    script, args, names = CASES[case]
    if script in CLIENT_SCRIPTS:
        request.getfixturevalue("doccano_envs")
    done = run(script, *args(files))
    output = done.stdout + done.stderr
    assert done.returncode != 0, output
    assert "Traceback" not in output, output
    lines = [line for line in output.splitlines() if names in line]
    assert len(lines) == 1, f"expected one line naming {names!r}:\n{output}"


def test_every_script_has_help(request):
    scripts = sorted(p.stem for p in SCRIPTS.glob("*.py") if p.stem not in LIBRARIES)
    assert "convert" in scripts and "annotate_pull" in scripts
    try:
        request.getfixturevalue("doccano_envs")
    except pytest.skip.Exception:  # the spaCy-side scripts are still checked
        scripts = [s for s in scripts if s not in CLIENT_SCRIPTS and s != "doccano_server"]
    for script in scripts:
        done = run(script, "--help")
        assert done.returncode == 0 and "Usage" in done.stdout, f"{script}: {done.stdout}{done.stderr}"


def test_a_folder_that_is_no_pipeline_fails_in_one_line_naming_it(tmp_path, capsys):
    """evaluate, robustness, extract, preannotate and evaluate_rules load models through
    pipeline_loading: a folder without a pipeline is a one-line error, not a traceback."""
    from pipeline_loading import load_pipeline

    (tmp_path / "model").mkdir()
    with pytest.raises(SystemExit) as exit_info:
        load_pipeline(tmp_path / "model", ROOT / "scripts" / "components" / "register_all.py")
    assert exit_info.value.code == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and f"{tmp_path / 'model'}: cannot load the model" in err[0]
