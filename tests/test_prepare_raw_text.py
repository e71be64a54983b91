import gzip
import json
import unicodedata

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
    prepare_raw_text(raw, out, root / "scripts" / "components" / "vi_tokenizer.py", "syllable", gold, 0)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines == ['Công ty Thủy sản Khánh Hòa đầu tư " 2.300 tỷ đồng " .', "Ủy ban nhân dân"] * 2 + [lines[0]]
