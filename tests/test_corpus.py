"""The committed corpus meets the bar the project sets for it (corpus issue)."""

import json
from collections import Counter

from vi_corpus.audit import explained_strings, inconsistencies, rule_violations
from vi_corpus.lexicon import LABELS


def test_corpus_has_no_spec_rule_violation(gold):
    violations = [v for where, rec in gold for v in rule_violations(where, rec)]
    assert violations == []


def test_every_inconsistency_is_explained_in_the_guidelines(root, gold):
    incons = inconsistencies(gold)
    explained = explained_strings(root / "corpus" / "GUIDELINES.md")
    assert sorted(set(incons) - explained) == []


def test_corpus_size_and_training_entities_per_label(root, gold):
    splits = json.loads((root / "corpus" / "splits.json").read_text(encoding="utf-8"))["articles"]
    vietnews = [rec for _, rec in gold if not rec["meta"]["source"].startswith("seeds/")]
    assert len(vietnews) >= 2000
    assert len({rec["meta"]["article"] for rec in vietnews}) >= 150
    train = Counter(label for _, rec in gold if splits[rec["meta"]["article"]] == "train" for _, _, label in rec["label"])
    assert {label: train[label] for label in LABELS if train[label] < 200} == {}


def test_every_gold_sentence_records_how_it_was_made(gold):
    methods = Counter(rec["meta"].get("annotation") for _, rec in gold)
    assert None not in methods
    assert set(methods) <= {"double-annotated-adjudicated", "double-annotated-adjudicated-reviewed", "single-annotated-reviewed"}


def test_select_articles_reproduces_the_committed_article_sample(root, script, tmp_path):
    """`spacy project run select-articles` (defaults) rebuilds corpus/articles.jsonl byte for byte,
    so the sample is reproducible and a new stage or batch appends without moving an article."""
    source = root.parent / "shared" / "data" / "vietnews_industrial.jsonl"
    raw = root.parent / "shared" / "data" / "vietnews_raw_40k.jsonl.gz"
    out = tmp_path / "articles.jsonl"
    result = script("select_articles", source, out, "--raw", raw)
    assert result.returncode == 0, result.stdout + result.stderr
    assert out.read_bytes() == (root / "corpus" / "articles.jsonl").read_bytes()


def test_broad_stage_takes_each_topics_quota_of_raw_articles(script, jsonl, tmp_path):
    industrial = jsonl("industrial.jsonl", {"id": "i1", "title": "KCN", "abstract": "", "body": "Một câu."})
    raw = jsonl("raw.jsonl",
                {"id": "r1", "title": "Cầu thủ ghi bàn", "body": "Đội tuyển thắng trận đấu. HLV Park Hang-seo vui."},
                {"id": "r2", "title": "Tổng thống Mỹ", "body": "Tổng thống Donald Trump tới Washington."},
                {"id": "r3", "title": "Bóng đá", "body": "Cầu thủ Quang Hải ghi bàn thắng trong trận đấu."})
    out = tmp_path / "articles.jsonl"
    result = script("select_articles", industrial, out, "--step", "1", "--raw", raw, "--broad", "world=1,sport=2", "--broad-sentences", "2")
    assert result.returncode == 0, result.stdout + result.stderr
    chosen = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert [a["id"] for a in chosen][0] == "i1"
    assert sorted((a["id"], a["topic"], a["source"]) for a in chosen[1:]) == [
        ("r1", "sport", "raw.jsonl"), ("r2", "world", "raw.jsonl"), ("r3", "sport", "raw.jsonl")]
    too_many = script("select_articles", industrial, out, "--raw", raw, "--broad", "world=2")
    assert too_many.returncode == 1 and "only 1 world articles" in too_many.stderr
    bad = script("select_articles", industrial, out, "--raw", raw, "--broad", "weather=2")
    assert bad.returncode == 1 and "expected TOPIC=N" in bad.stderr
