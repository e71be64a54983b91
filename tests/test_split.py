import json

from spacy.tokens import Doc, DocBin

from vi_industrial.pipeline import read_docs


def _corpus(nlp, path, articles, per_article=3):
    docs = []
    for a in articles:
        for i in range(per_article):
            doc = Doc(nlp.vocab, words=["câu", str(i)])
            doc.user_data["article"] = a
            docs.append(doc)
    DocBin(docs=docs, store_user_data=True).to_disk(path)


def _split(script, corpus, manifest, out_dir):
    done = script("split", corpus, manifest, out_dir, "--test-size", 0.15, "--dev-size", 0.15, "--seed", 0)
    assert done.returncode == 0, done.stdout + done.stderr
    return json.loads(manifest.read_text(encoding="utf-8"))["articles"]


def _split_articles(nlp, out_dir):
    return {split: {d.user_data["article"] for d in read_docs(out_dir / f"{split}.spacy", nlp)}
            for split in ("train", "dev", "test")}


def test_split_is_by_article_and_deterministic(nlp, script, tmp_path):
    """New articles get the same splits whatever their order in the corpus: 15% test, 15% dev."""
    articles = [f"art-{i:03d}" for i in range(40)]
    _corpus(nlp, tmp_path / "forward.spacy", articles, per_article=1)
    _corpus(nlp, tmp_path / "reversed.spacy", list(reversed(articles)), per_article=1)
    first = _split(script, tmp_path / "forward.spacy", tmp_path / "forward.json", tmp_path / "forward")
    assert first == _split(script, tmp_path / "reversed.spacy", tmp_path / "reversed.json", tmp_path / "reversed")
    assert set(first) == set(articles)
    counts = {s: sum(1 for v in first.values() if v == s) for s in ("train", "dev", "test")}
    assert counts["test"] == 6 and counts["dev"] == 6 and counts["train"] == 28


def test_adding_articles_never_moves_existing_ones(nlp, script, tmp_path):
    manifest = tmp_path / "splits.json"
    _corpus(nlp, tmp_path / "all.spacy", [f"a{i}" for i in range(20)])
    before = _split(script, tmp_path / "all.spacy", manifest, tmp_path / "out")
    parts = _split_articles(nlp, tmp_path / "out")
    assert not (parts["train"] & parts["test"]) and not (parts["train"] & parts["dev"]) and not (parts["dev"] & parts["test"])

    _corpus(nlp, tmp_path / "all.spacy", [f"a{i}" for i in range(20)] + [f"b{i}" for i in range(20)])
    after = _split(script, tmp_path / "all.spacy", manifest, tmp_path / "out")
    assert {a: after[a] for a in before} == before
    assert len(after) == 40 and "test" in {after[f"b{i}"] for i in range(20)}


def test_committed_manifest_covers_every_gold_article(root, gold):
    manifest = json.loads((root / "corpus" / "splits.json").read_text(encoding="utf-8"))["articles"]
    gold_articles = {rec["meta"]["article"] for _, rec in gold}
    assert gold_articles <= set(manifest)
    assert set(manifest.values()) == {"train", "dev", "test"}
