import pytest
import spacy
from spacy.tokens import Doc, DocBin

from learning_curve import plot
from training_runs import markdown_table, parse_overrides, subsample


def test_overrides_are_read_as_json_where_they_parse():
    assert parse_overrides(["a=1", "b=false", "c=null", "d=training/vectors", "e=0.5"]) == {
        "a": 1, "b": False, "c": None, "d": "training/vectors", "e": 0.5}
    with pytest.raises(ValueError, match="not key=value"):
        parse_overrides(["oops"])


def test_subsample_keeps_whole_articles(tmp_path):
    vocab = spacy.blank("vi").vocab
    docs = []
    for a in range(8):
        for i in range(3):
            doc = Doc(vocab, words=["câu", str(i)])
            doc.user_data["article"] = f"a{a}"
            docs.append(doc)
    DocBin(docs=docs, store_user_data=True).to_disk(tmp_path / "train.spacy")
    n = subsample(tmp_path / "train.spacy", tmp_path / "half.spacy", 0.5, seed=0)
    kept = list(DocBin().from_disk(tmp_path / "half.spacy").get_docs(vocab))
    assert n == 12 == len(kept)
    per_article = {}
    for d in kept:
        per_article[d.user_data["article"]] = per_article.get(d.user_data["article"], 0) + 1
    assert len(per_article) == 4 and set(per_article.values()) == {3}
    assert n == subsample(tmp_path / "train.spacy", tmp_path / "again.spacy", 0.5, seed=0)


def test_learning_curve_plot_is_a_png(tmp_path):
    results = [{"ents_f": f, "ents_per_type": {"MONEY": {"f": f}}} for f in (0.5, 0.7)]
    plot(tmp_path / "curve.png", [0.5, 1.0], results)
    assert (tmp_path / "curve.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_markdown_table_has_header_rule_and_rows():
    assert markdown_table(["a", "b"], [["x", "1"]]).splitlines() == ["| a | b |", "| --- | ---: |", "| x | 1 |"]


def _gold_docs(root, n):
    """The first n gold sentences of the corpus as Docs (shipped syllable tokenizer, gold entities)."""
    from gold_records import gold_files, read_gold

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vi_industrial.Tokenizer.v1",
                                                          "segmenter": "syllable"}}})
    docs = []
    for _, rec in list(read_gold(gold_files(root / "corpus" / "gold")))[:n]:
        doc = nlp.make_doc(rec["text"])
        doc.ents = [doc.char_span(s, e, label=label) for s, e, label in rec["label"]]
        docs.append(doc)
    return docs


def test_training_twice_with_the_same_seed_gives_the_same_scores(root, tmp_path):
    """cpu.cfg on a slice of the real gold (no vectors, few steps): same seed, same scores and
    the same weights' predictions. The full workflow's determinism (floret with one thread)
    is what the README's repeated CI runs show."""
    from training_runs import train_and_score

    docs = _gold_docs(root, 160)
    DocBin(docs=docs[:120]).to_disk(tmp_path / "train.spacy")
    DocBin(docs=docs[120:]).to_disk(tmp_path / "dev.spacy")
    overrides = {"paths.train": str(tmp_path / "train.spacy"), "paths.dev": str(tmp_path / "dev.spacy"),
                 "paths.vectors": None, "components.tok2vec.model.embed.include_static_vectors": False,
                 "training.max_steps": 150, "training.eval_frequency": 50, "system.seed": 7}
    runs = [train_and_score(root / "configs" / "cpu.cfg", tmp_path / f"run{i}", overrides, tmp_path / "dev.spacy")
            for i in range(2)]
    assert runs[0]["ents_f"] > 0  # it learned something, so equal scores are not two zeros
    for key in ("ents_p", "ents_r", "ents_f", "ents_per_type"):
        assert runs[0][key] == runs[1][key]
    first, second = (spacy.load(tmp_path / f"run{i}" / "model-best") for i in range(2))
    texts = [d.text for d in docs[120:]]
    assert [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in first.pipe(texts)] == \
           [[(e.start_char, e.end_char, e.label_) for e in d.ents] for d in second.pipe(texts)]


def test_pretrain_command_writes_tok2vec_weights_that_training_starts_from(root, tmp_path):
    """The [pretraining] block of cpu.cfg runs under `spacy pretrain` (as the `pretrain` command
    calls it, here on 300 gold sentences, no vectors, one epoch), and `--paths.init_tok2vec` makes
    training start from exactly those weights."""
    import json
    import subprocess
    import sys

    from spacy.training.initialize import init_nlp
    from spacy.util import load_config

    from gold_records import gold_files, read_gold

    raw = tmp_path / "raw.jsonl"
    texts = [rec["text"] for _, rec in list(read_gold(gold_files(root / "corpus" / "gold")))[:300]]
    raw.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")
    no_vectors = ["--paths.vectors", "null", "--components.tok2vec.model.embed.include_static_vectors", "false"]
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "pretrain", str(root / "configs" / "cpu.cfg"), str(tmp_path / "pretrain"),
         "--code", str(root / "scripts" / "components" / "register_all.py"), "--paths.raw_text", str(raw),
         "--pretraining.max_epochs", "1", *no_vectors],
        capture_output=True, text=True, cwd=root,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    weights = tmp_path / "pretrain" / "model-last.bin"
    assert (tmp_path / "pretrain" / "model0.bin").exists() and weights.exists()

    DocBin(docs=_gold_docs(root, 40)).to_disk(tmp_path / "gold.spacy")

    def tok2vec_bytes(init_tok2vec):
        overrides = {"paths.train": str(tmp_path / "gold.spacy"), "paths.dev": str(tmp_path / "gold.spacy"),
                     "paths.vectors": None, "components.tok2vec.model.embed.include_static_vectors": False,
                     "paths.init_tok2vec": init_tok2vec}
        config = load_config(root / "configs" / "cpu.cfg", overrides=overrides, interpolate=False)
        return init_nlp(config).get_pipe("tok2vec").model.to_bytes()

    assert tok2vec_bytes(str(weights)) == weights.read_bytes()
    assert tok2vec_bytes(None) != weights.read_bytes()


def test_sweep_variants_become_spacy_train_overrides_and_a_mean_table():
    from config_sweep import parse_variant, summarize

    assert parse_variant("w2=components.tok2vec.model.encode.window_size=2;training.dropout=0.2") == (
        "w2", ["--components.tok2vec.model.encode.window_size", "2", "--training.dropout", "0.2"])
    assert parse_variant("base=") == ("base", [])
    with pytest.raises(Exception):
        parse_variant("w2=window_size")
    run = {"f": 0.9, "per_type": {"COMPANY": 0.8}}
    results = {"a_s0": {"dev": run, "test": run}, "a_s1": {"dev": dict(run, f=0.8), "test": run}, "b_s0": {"last_step": 0}}
    table = summarize(results, ["a", "b"], [0, 1])
    assert "| dev | a | 0.850 ± 0.071 |" in table and "| test | a | 0.900 ± 0.000 | 0.000 ± 0.000 | 0.000 ± 0.000 | 0.800 ± 0.000 |" in table
    assert "| b |" not in table  # a variant with no scored run has no row
