import json

import spacy
from spacy.tokens import Doc, DocBin

from split import assign_new, main as split_main


def _corpus(path, articles, per_article=3):
    vocab = spacy.blank("vi").vocab
    docs = []
    for a in articles:
        for i in range(per_article):
            doc = Doc(vocab, words=["câu", str(i)])
            doc.user_data["article"] = a
            docs.append(doc)
    DocBin(docs=docs, store_user_data=True).to_disk(path)


def _split_articles(out_dir):
    vocab = spacy.blank("vi").vocab
    return {
        split: {d.user_data["article"] for d in DocBin().from_disk(out_dir / f"{split}.spacy").get_docs(vocab)}
        for split in ("train", "dev", "test")
    }


def test_split_is_by_article_and_deterministic():
    articles = [f"art-{i:03d}" for i in range(40)]
    first = assign_new(articles, 0.15, 0.15, seed=0)
    assert first == assign_new(list(reversed(articles)), 0.15, 0.15, seed=0)
    counts = {s: sum(1 for v in first.values() if v == s) for s in ("train", "dev", "test")}
    assert counts["test"] == 6 and counts["dev"] == 6 and counts["train"] == 28


def test_adding_articles_never_moves_existing_ones(tmp_path):
    manifest = tmp_path / "splits.json"
    _corpus(tmp_path / "all.spacy", [f"a{i}" for i in range(20)])
    split_main(tmp_path / "all.spacy", manifest, tmp_path / "out", 0.15, 0.15, 0)
    before = json.loads(manifest.read_text())["articles"]
    parts = _split_articles(tmp_path / "out")
    assert not (parts["train"] & parts["test"]) and not (parts["train"] & parts["dev"]) and not (parts["dev"] & parts["test"])

    _corpus(tmp_path / "all.spacy", [f"a{i}" for i in range(20)] + [f"b{i}" for i in range(20)])
    split_main(tmp_path / "all.spacy", manifest, tmp_path / "out", 0.15, 0.15, 0)
    after = json.loads(manifest.read_text())["articles"]
    assert {a: after[a] for a in before} == before
    assert len(after) == 40 and "test" in {after[f"b{i}"] for i in range(20)}


def test_committed_manifest_covers_every_gold_article(root):
    from gold_records import gold_files, read_gold

    manifest = json.loads((root / "corpus" / "splits.json").read_text(encoding="utf-8"))["articles"]
    gold_articles = {rec["meta"]["article"] for _, rec in read_gold(gold_files(root / "corpus" / "gold"))}
    assert gold_articles <= set(manifest)
    assert set(manifest.values()) == {"train", "dev", "test"}
