import json

from conftest import read_jsonl_lines
from hypothesis import given
from hypothesis import strategies as st

from vi_industrial.extraction import cut


def test_extraction_writes_entities_and_summary_and_skips_bad_input(script, jsonl, model, tmp_path):
    folder = tmp_path / "articles"
    jsonl("articles/more.jsonl", {"id": "a2", "title": "T", "body": "Khu công nghiệp Đại An ở Hải Dương thu hút 500 tỷ đồng."},
          "{not json", {"id": "a3", "text": "Bắc Giang."})
    (folder / "a1.txt").write_text("Tiêu đề\nCông ty ABC đầu tư 1,4 tỷ USD vào KCN Đại An, tỉnh Hải Dương. Câu khác. ABC tuyển 500 người.", encoding="utf-8")
    (folder / "latin1.txt").write_bytes("Hải Dương".encode("utf-16"))
    out, summary = tmp_path / "entities.jsonl", tmp_path / "summary.json"
    result = script("extract", folder, "-o", out, "--model", model, "--summary", summary)
    assert result.returncode == 0, result.stdout + result.stderr
    flat = " ".join(result.stdout.split())
    assert "more.jsonl:2: invalid JSON" in flat and "latin1.txt: not UTF-8" in flat
    records = read_jsonl_lines(out)
    money = [r for r in records if r["label"] == "MONEY"]
    assert {(r["article"], r["amount"], r["currency"]) for r in money} == {("a1", 1.4e9, "USD"), ("a2", 5e11, "VND")}
    first = next(r for r in records if r["article"] == "a1" and r["label"] == "PROVINCE")
    assert (first["province"], first["province_before_2025"], first["sentence"]) == ("Hải Phòng", "Hải Dương", 2)
    assert first["sentence_text"][first["start"]:first["end"]] == "Hải Dương"
    assert any(r["article"] == "a3" and r["province"] == "Bắc Ninh" for r in records)
    totals = json.loads(summary.read_text(encoding="utf-8"))
    assert totals["money_by_province"]["Hải Phòng"] == {"USD": 1.4e9, "VND": 5e11}
    assert totals["money_by_park"]["KCN đại an"] == {"USD": 1.4e9, "VND": 5e11}
    assert totals["companies_by_park"]["KCN đại an"] == {"Công ty ABC": 1}
    # the short name in a later sentence of the same article is linked to "Công ty ABC"; not in another article
    assert [(r["article"], r["sentence"]) for r in records if r["text"] == "ABC"] == [("a1", 4)]
    assert "| Hải Phòng | USD |" in summary.with_suffix(".md").read_text(encoding="utf-8")


def test_extraction_of_a_missing_model_fails_in_one_line(script, tmp_path):
    result = script("extract", tmp_path, "-o", tmp_path / "o.jsonl", "--model", tmp_path / "nope")
    assert result.returncode == 1 and "cannot load the model" in result.stderr and "Traceback" not in result.stderr


@given(st.text(alphabet=st.sampled_from("ab Hà\nđ🏭,"), max_size=400), st.integers(min_value=1, max_value=50))
def test_cut_keeps_every_character_and_the_size_limit(text, max_chars):
    pieces = list(cut(text, max_chars))
    assert all(len(p) <= max_chars for p in pieces)
    assert "".join("".join(pieces).split()) == "".join(text.split())


def test_extraction_survives_empty_emoji_latin_and_million_character_documents(script, jsonl, model, tmp_path):
    unit = "Hải Dương thu hút vốn 🏭 vào KCN Đại An rồi "
    long_text = unit * (1_000_000 // len(unit) + 1)  # over 1,000,000 characters and no sentence end
    articles = [{"id": "empty", "text": ""}, {"id": "blank", "text": "  \n\t "}, {"id": "emoji", "text": "🏭💰🇻🇳"},
                {"id": "latin", "text": "Samsung Electronics invests USD 2 billion in Bac Ninh."},
                {"id": "long", "text": long_text}]
    path = jsonl("articles.jsonl", *articles)
    out = tmp_path / "entities.jsonl"
    result = script("extract", path, "-o", out, "--model", model)
    assert result.returncode == 0, result.stdout + result.stderr
    records = read_jsonl_lines(out)
    assert {r["article"] for r in records} == {"long"}
    assert all(r["sentence_text"][r["start"]:r["end"]] == r["text"] for r in records)
    assert max(len(r["sentence_text"]) for r in records) <= 5000
    provinces = [r for r in records if r["label"] == "PROVINCE"]
    n_cuts = len({r["sentence"] for r in records})
    # every occurrence is found except at most one per cut (an entity that straddles a cut)
    assert long_text.count("Hải Dương") - n_cuts <= len(provinces) <= long_text.count("Hải Dương")
