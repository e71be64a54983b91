"""The study runner (vi_industrial.studies, scripts/study.py): variants as `spacy train` overrides, runs
`jobs` at a time under a budget, scores, the mean ± stdev table and the plot; and, through the real
`spacy train` and `spacy pretrain` CLI with the project's --code file, that a seed makes training
repeatable and that pretrained tok2vec weights are where training starts."""

import json
import os
import subprocess
import sys
import time

import pytest
import spacy
import srsly
from spacy.tokens import DocBin

from vi_corpus.lexicon import LABELS
from vi_industrial.studies import markdown_table, parse_variant, plot, run_all, score_model, summarize, train_command, write_results

CODE = "src/vi_industrial/registration.py"  # the --code file of every spaCy command of the workflow
NO_VECTORS = ["--paths.vectors", "null", "--components.tok2vec.model.embed.include_static_vectors", "false"]


# ---- variants ---------------------------------------------------------------------------------------
def test_a_variant_is_a_name_and_its_spacy_train_overrides():
    assert parse_variant("w2: components.tok2vec.model.encode.window_size=2; training.dropout=0.2") == (
        "w2", ["--components.tok2vec.model.encode.window_size", "2", "--training.dropout", "0.2"])
    assert parse_variant("no-vectors: paths.vectors=null;components.tok2vec.model.embed.include_static_vectors=false") == (
        "no-vectors", ["--paths.vectors", "null", "--components.tok2vec.model.embed.include_static_vectors", "false"])
    # values go as written: the config parses them; an "=" or ":" inside a value stays in it
    assert parse_variant("25%: corpora.train.share=0.25") == ("25%", ["--corpora.train.share", "0.25"])
    assert parse_variant("x: paths.train=C:/a=b.spacy") == ("x", ["--paths.train", "C:/a=b.spacy"])
    assert parse_variant("base") == ("base", []) == parse_variant("base:") == parse_variant("base: ; ")
    assert parse_variant("chunks3: corpora.train.@readers=vi_industrial.ArticleChunks.v1") == (
        "chunks3", ["--corpora.train.@readers", "vi_industrial.ArticleChunks.v1"])


@pytest.mark.parametrize("text,message", [
    ("w2: window_size", "override 'window_size' is not KEY=VALUE"),
    ("w2: =2", "is not KEY=VALUE"),
    ("w2=components.tok2vec.model.encode.window_size=2", "a name of letters"),  # the old NAME=KEY=VALUE form
    (": training.dropout=0.2", "a name of letters"),
    ("two words: training.dropout=0.2", "a name of letters"),
])
def test_a_malformed_variant_is_rejected_with_its_text(text, message):
    with pytest.raises(ValueError, match=message):
        parse_variant(text)


def test_train_command_is_the_train_commands_spacy_train(root, tmp_path):
    cmd = train_command(root / "configs" / "cpu.cfg", tmp_path / "a_s7", root / CODE, 7, ["--training.dropout", "0.2"])
    assert cmd == [sys.executable, "-m", "spacy", "train", str(root / "configs" / "cpu.cfg"), "--output", str(tmp_path / "a_s7"),
                   "--code", str(root / CODE), "--system.seed", "7", "--training.dropout", "0.2"]


# ---- running ----------------------------------------------------------------------------------------
def _fake_run(code: str):
    return [sys.executable, "-c", code]


def test_runs_go_jobs_at_a_time_log_their_output_and_are_stopped_at_the_budget(tmp_path):
    table = "import os; print('E    #  LOSS'); print('  0       0  1.0'); print('  0     50  0.5', flush=True); print(os.environ['OMP_NUM_THREADS'])"
    commands = {
        "done": (_fake_run(table), tmp_path / "done"),
        "silent": (_fake_run("pass"), tmp_path / "silent"),
        "slow": (_fake_run("import time; print('  1    120  0.2', flush=True); time.sleep(120)"), tmp_path / "slow"),
    }
    lines = []
    start = time.time()
    steps = run_all(commands, jobs=3, budget=6, log=lines.append)
    assert time.time() - start < 30  # the slow run was stopped, not waited for
    assert steps == {"done": 50, "silent": None, "slow": 120}  # the last training step each run logged
    assert (tmp_path / "done" / "log.txt").read_text().splitlines()[-1] == "1"  # one thread each when runs share the CPU
    assert "stopped slow after the 6 s budget" in lines and any(line.startswith("finished done (exit 0") for line in lines)


def test_one_job_at_a_time_runs_in_order_with_the_threads_as_they_are(tmp_path):
    commands = {k: (_fake_run("import os; print(os.environ.get('OMP_NUM_THREADS', '-'))"), tmp_path / k) for k in ("a", "b")}
    lines = []
    assert run_all(commands, jobs=1, budget=60, log=lines.append) == {"a": None, "b": None}
    assert [line.split(" (")[0] for line in lines] == ["started a", "finished a", "started b", "finished b"]
    for k in commands:
        assert (tmp_path / k / "log.txt").read_text().strip() == os.environ.get("OMP_NUM_THREADS", "-")


# ---- summary ----------------------------------------------------------------------------------------
RUN = {"f": 0.9, "per_type": {"COMPANY": 0.8}, "words_per_second": 1000.0, "misaligned_spans": 2, "gold_spans": 50}


def test_summary_is_the_mean_and_stdev_over_seeds_per_split_variant_and_label():
    results = {"a_s0": {"last_step": 150, "dev": RUN, "test": RUN},
               "a_s1": {"last_step": 150, "dev": dict(RUN, f=0.8, words_per_second=3000.0), "test": RUN},
               "b_s0": {"last_step": 0}, "b_s1": {"last_step": None},
               "c_s0": {"last_step": 90, "dev": dict(RUN, f=0.7)}, "c_s1": {"last_step": None}}
    table = summarize(results, ["a", "b", "c"], [0, 1], ["dev", "test"])
    lines = table.splitlines()
    assert lines[0] == "| split | variant | seeds | ALL | " + " | ".join(LABELS) + " | words/s (median) | spans off tokens |"
    assert lines[1] == "| --- |" + " ---: |" * (len(LABELS) + 5)
    zero = "0.000 ± 0.000"
    assert "| dev | a | 2 | 0.850 ± 0.071 | " + " | ".join("0.800 ± 0.000" if label == "COMPANY" else zero for label in LABELS) \
        + " | 2,000 | 2 / 50 |" in lines
    assert "| test | a | 2 | 0.900 ± 0.000 | " + " | ".join("0.800 ± 0.000" if label == "COMPANY" else zero for label in LABELS) \
        + " | 1,000 | 2 / 50 |" in lines
    # one scored seed: its value, no spread; no scored run (training failed): no row
    assert "| dev | c | 1 | 0.700 | 0.000 | 0.000 | 0.800 |" in table and "| test | c |" not in table
    assert "| b |" not in table and len(lines) == 2 + 3


def test_markdown_table_has_header_rule_and_rows():
    assert markdown_table(["a", "b"], [["x", "1"]]).splitlines() == ["| a | b |", "| --- | ---: |", "| x | 1 |"]


def test_the_plot_is_a_png_even_with_a_variant_without_runs(tmp_path):
    results = {f"{share}_s0": {"test": dict(RUN, f=f)} for share, f in (("25%", 0.5), ("100%", 0.7))}
    plot(tmp_path / "curve.png", results, ["25%", "50%", "100%"], [0])
    assert (tmp_path / "curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_results_are_written_as_json_and_markdown(tmp_path):
    results = {"b_s0": {"last_step": 3}, "a_s0": {"dev": RUN}}
    write_results(tmp_path / "study", "Study x", "| t |", results)
    assert json.loads((tmp_path / "study" / "results.json").read_text()) == results
    assert list(json.loads((tmp_path / "study" / "results.json").read_text())) == ["a_s0", "b_s0"]  # sorted keys
    assert (tmp_path / "study" / "results.md").read_text() == "# Study x\n\n| t |\n"


def test_study_command_rejects_missing_inputs_and_bad_variants_in_one_line(script, tmp_path):
    done = script("study", "x", "--variant", "base", "--corpus", tmp_path)
    assert done.returncode == 1 and "train.spacy: file not found" in done.stderr and "Traceback" not in done.stderr
    for split in ("train", "dev", "test"):
        (tmp_path / f"{split}.spacy").write_bytes(b"")
    done = script("study", "x", "--variant", "w2: window_size", "--corpus", tmp_path, "--output-dir", tmp_path / "out")
    assert done.returncode == 1 and "override 'window_size' is not KEY=VALUE" in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()  # nothing was trained


# ---- real training runs (slow) ----------------------------------------------------------------------
def _logs(runs) -> str:
    return "\n".join((run / "log.txt").read_text(errors="replace")[-2000:] for run in runs)


def _ents(nlp, texts):
    return [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in nlp.pipe(texts)]


def test_training_twice_with_the_same_seed_gives_the_same_scores(root, gold_docs, tmp_path):
    """cpu.cfg on a slice of the real gold (no vectors, 150 steps), trained twice by `spacy train` as the
    studies run it: same seed, same scores and the same weights' predictions. The full workflow's
    determinism (floret with one thread) is what the README's repeated CI runs show."""
    docs = gold_docs(160)
    DocBin(docs=docs[:120]).to_disk(tmp_path / "train.spacy")
    DocBin(docs=docs[120:]).to_disk(tmp_path / "dev.spacy")
    overrides = ["--paths.train", str(tmp_path / "train.spacy"), "--paths.dev", str(tmp_path / "dev.spacy"), *NO_VECTORS,
                 "--training.max_steps", "150", "--training.eval_frequency", "50"]
    runs = [tmp_path / f"run{i}" for i in range(2)]
    commands = {run.name: (train_command(root / "configs" / "cpu.cfg", run, root / CODE, 7, overrides), run) for run in runs}
    steps = run_all(commands, jobs=2, budget=900, log=lambda line: None)
    assert steps == {"run0": 150, "run1": 150}, _logs(runs)
    assert all((run / "model-best").exists() for run in runs), _logs(runs)

    scores = [score_model(run / "model-best", {"dev": tmp_path / "dev.spacy"})["dev"] for run in runs]
    assert scores[0]["f"] > 0  # it learned something, so equal scores are not two zeros
    for s in scores:
        del s["words_per_second"]  # a timing
    assert scores[0] == scores[1]
    # spaCy's own dev scores of model-best: P, R, F and per label
    performance = [json.loads((run / "model-best" / "meta.json").read_text())["performance"] for run in runs]
    for key in ("ents_p", "ents_r", "ents_f", "ents_per_type"):
        assert performance[0][key] == performance[1][key]
    first, second = (spacy.load(run / "model-best") for run in runs)
    texts = [d.text for d in docs[120:]]
    assert _ents(first, texts) == _ents(second, texts)


def _tok2vec(data: bytes) -> dict:
    """A serialized thinc model's layers, attributes and weights, comparable with ==. Leaves out each
    layer's dropout rate: `spacy pretrain` and `spacy train` set it from their own dropout setting."""
    msg = srsly.msgpack_loads(data)
    params = [{name: (a.dtype.str, a.shape, a.tobytes()) for name, a in sorted(layer.items())} for layer in msg["params"]]
    attrs = [{k: v for k, v in layer.items() if k != "dropout_rate"} for layer in msg["attrs"]]
    return {"nodes": msg["nodes"], "shims": msg["shims"], "attrs": attrs, "params": params}


def test_pretrain_command_writes_tok2vec_weights_that_training_starts_from(root, gold, gold_docs, jsonl, tmp_path):
    """The [pretraining] block of cpu.cfg runs under `spacy pretrain` (as the `pretrain` command calls it,
    here on 300 gold sentences, no vectors, one epoch), and `spacy train --paths.init_tok2vec` starts
    from exactly those weights: with a learning rate of 0 (and no averaging) the trained tok2vec has
    them bit for bit, and without --paths.init_tok2vec it has not."""
    raw = jsonl("raw.jsonl", *({"text": rec["text"]} for _, rec in gold[:300]))
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "pretrain", str(root / "configs" / "cpu.cfg"), str(tmp_path / "pretrain"),
         "--code", str(root / CODE), "--paths.raw_text", str(raw), "--pretraining.max_epochs", "1", *NO_VECTORS],
        capture_output=True, text=True, cwd=root,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    weights = tmp_path / "pretrain" / "model-last.bin"
    assert (tmp_path / "pretrain" / "model0.bin").exists() and weights.exists()

    DocBin(docs=gold_docs(40)).to_disk(tmp_path / "gold.spacy")
    frozen = ["--paths.train", str(tmp_path / "gold.spacy"), "--paths.dev", str(tmp_path / "gold.spacy"), *NO_VECTORS,
              "--training.max_steps", "1", "--training.optimizer.learn_rate", "0", "--training.optimizer.use_averages", "false"]
    runs = {"pretrained": [*frozen, "--paths.init_tok2vec", str(weights)], "scratch": frozen}
    commands = {name: (train_command(root / "configs" / "cpu.cfg", tmp_path / name, root / CODE, 0, args), tmp_path / name)
                for name, args in runs.items()}
    run_all(commands, jobs=2, budget=600, log=lambda line: None)
    trained = {name: tmp_path / name / "model-last" / "tok2vec" / "model" for name in runs}
    assert all(path.exists() for path in trained.values()), _logs(tmp_path / name for name in runs)
    pretrained = _tok2vec(weights.read_bytes())
    assert pretrained["params"] and _tok2vec(trained["pretrained"].read_bytes()) == pretrained
    scratch = _tok2vec(trained["scratch"].read_bytes())
    assert scratch["nodes"] == pretrained["nodes"] and scratch["params"] != pretrained["params"]
