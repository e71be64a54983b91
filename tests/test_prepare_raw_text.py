import gzip
import json
import unicodedata

import pytest

from prepare_raw_text import main as prepare_raw_text


def test_vectors_text_is_written_as_token_norms_whatever_the_spelling(root, tmp_path):
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
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.jsonl").write_text(json.dumps({"meta": {"article": "gold-article"}}) + "\n", encoding="utf-8")
    out = tmp_path / "raw_text.txt"
    prepare_raw_text(raw, out, root / "scripts" / "components" / "vi_tokenizer.py", "syllable", gold, 0, "text")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == ['Công ty Thủy sản Khánh Hòa đầu tư " 2.300 tỷ đồng " .', "Ủy ban nhân dân"] * 2 + [lines[0]]


def test_pretraining_text_is_jsonl_of_paragraphs_as_written_with_gold_articles_left_out(root, tmp_path):
    """spacy pretrain reads {"text"} lines through the pipeline's own tokenizer: paragraphs stay as
    written (NFC, no token spacing), blank ones are dropped, --limit counts the articles used."""
    articles = [
        {"id": "gold-article", "title": "Không được dùng", "body": ""},
        {"id": "x1", "title": unicodedata.normalize("NFD", "Khánh Hòa thu hút vốn."), "body": "Đoạn một.\n\n  \nĐoạn hai."},
        {"id": "x2", "title": "Bài thứ hai", "body": "Không được dùng vì --limit 1."},
    ]
    raw = tmp_path / "raw.jsonl"
    raw.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.jsonl").write_text(json.dumps({"meta": {"article": "gold-article"}}) + "\n", encoding="utf-8")
    out = tmp_path / "pretrain.jsonl"
    prepare_raw_text(raw, out, root / "scripts" / "components" / "vi_tokenizer.py", "syllable", gold, 1, "jsonl")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert records == [{"text": "Khánh Hòa thu hút vốn."}, {"text": "Đoạn một."}, {"text": "Đoạn hai."}]


def test_extra_files_add_their_articles_with_abstracts_and_gold_articles_still_left_out(root, tmp_path):
    """--extra appends more article files (the unannotated industrial articles, which have an
    abstract); the gold exclusion applies to every file, and a bad line names its file and line."""
    raw = tmp_path / "raw.jsonl"
    raw.write_text(json.dumps({"id": "r1", "title": "Tin chung", "body": "Thân bài."}, ensure_ascii=False) + "\n", encoding="utf-8")
    industrial = tmp_path / "industrial.jsonl"
    industrial.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in [
        {"id": "i1", "title": "KCN Yên Phong", "abstract": "Samsung mở rộng.", "body": "Vốn 2 tỷ USD."},
        {"id": "gold-article", "title": "Không được dùng", "abstract": "", "body": ""},
    ]), encoding="utf-8")
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "a.jsonl").write_text(json.dumps({"meta": {"article": "gold-article"}}) + "\n", encoding="utf-8")
    out = tmp_path / "pretrain.jsonl"
    code = root / "scripts" / "components" / "vi_tokenizer.py"
    prepare_raw_text(raw, out, code, "syllable", gold, 0, "jsonl", [industrial])
    records = [json.loads(line)["text"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert records == ["Tin chung", "Thân bài.", "KCN Yên Phong", "Samsung mở rộng.", "Vốn 2 tỷ USD."]

    with industrial.open("a", encoding="utf-8") as f:
        f.write("{not json\n")
    with pytest.raises(SystemExit):
        prepare_raw_text(raw, out, code, "syllable", gold, 0, "jsonl", [industrial])
