import gzip
import json
import unicodedata

import pytest
from conftest import read_jsonl_lines


@pytest.fixture
def gold_dir(jsonl, tmp_path):
    """A gold folder whose one record belongs to the article `gold-article`."""
    jsonl("gold/a.jsonl", {"meta": {"article": "gold-article"}})
    return tmp_path / "gold"


def prepare(script, *args):
    done = script("prepare_raw_text", *args)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_vectors_text_is_written_as_token_norms_whatever_the_spelling(script, gold_dir, tmp_path):
    """The vectors are keyed by NORM, so their training text is NORMs: both tone-mark styles and NFD
    give the same line; articles of the gold corpus are left out."""
    text = "Công ty Thủy sản Khánh Hòa đầu tư “2.300 tỷ đồng”."
    articles = [
        {"id": "x1", "title": text, "body": "Ủy ban nhân dân"},
        {"id": "x2", "title": text.replace("Thủy", "Thuỷ").replace("Hòa", "Hoà"), "body": "Uỷ ban nhân dân"},
        {"id": "x3", "title": unicodedata.normalize("NFD", text), "body": ""},
        {"id": "gold-article", "title": "Không được dùng", "body": ""},
    ]
    raw = tmp_path / "raw.jsonl.gz"
    with gzip.open(raw, "wt", encoding="utf-8") as f:
        f.writelines(json.dumps(a, ensure_ascii=False) + "\n" for a in articles)
    out = tmp_path / "raw_text.txt"
    prepare(script, raw, out, "--segmenter", "syllable", "--exclude", gold_dir, "--limit", 0, "--format", "text")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == ['Công ty Thủy sản Khánh Hòa đầu tư " 2.300 tỷ đồng " .', "Ủy ban nhân dân"] * 2 + [lines[0]]


def test_pretraining_text_is_jsonl_of_paragraphs_as_written_with_gold_articles_left_out(script, jsonl, gold_dir, tmp_path):
    """spacy pretrain reads {"text"} lines through the pipeline's own tokenizer: paragraphs stay as
    written (NFC, no token spacing), blank ones are dropped, --limit counts the articles used."""
    raw = jsonl("raw.jsonl",
                {"id": "gold-article", "title": "Không được dùng", "body": ""},
                {"id": "x1", "title": unicodedata.normalize("NFD", "Khánh Hòa thu hút vốn."), "body": "Đoạn một.\n\n  \nĐoạn hai."},
                {"id": "x2", "title": "Bài thứ hai", "body": "Không được dùng vì --limit 1."})
    out = tmp_path / "pretrain.jsonl"
    prepare(script, raw, out, "--segmenter", "syllable", "--exclude", gold_dir, "--limit", 1, "--format", "jsonl")
    assert read_jsonl_lines(out) == [{"text": "Khánh Hòa thu hút vốn."}, {"text": "Đoạn một."}, {"text": "Đoạn hai."}]


def test_extra_files_add_their_articles_with_abstracts_and_gold_articles_still_left_out(script, jsonl, gold_dir, tmp_path):
    """--extra appends more article files (the unannotated industrial articles, which have an
    abstract); the gold exclusion applies to every file, and a bad line names its file and line."""
    raw = jsonl("raw.jsonl", {"id": "r1", "title": "Tin chung", "body": "Thân bài."})
    good = [{"id": "i1", "title": "KCN Yên Phong", "abstract": "Samsung mở rộng.", "body": "Vốn 2 tỷ USD."},
            {"id": "gold-article", "title": "Không được dùng", "abstract": "", "body": ""}]
    industrial = jsonl("industrial.jsonl", *good)
    out = tmp_path / "pretrain.jsonl"
    args = [raw, out, "--segmenter", "syllable", "--exclude", gold_dir, "--format", "jsonl", "--extra", industrial]
    prepare(script, *args)
    assert [r["text"] for r in read_jsonl_lines(out)] == ["Tin chung", "Thân bài.", "KCN Yên Phong", "Samsung mở rộng.", "Vốn 2 tỷ USD."]

    jsonl("industrial.jsonl", *good, "{not json")
    done = script("prepare_raw_text", *args)
    output = done.stdout + done.stderr
    assert done.returncode != 0 and "Traceback" not in output, output
    assert len([line for line in output.splitlines() if f"{industrial}:3: invalid JSON" in line]) == 1, output
