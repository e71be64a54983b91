import unicodedata

import pytest
from conftest import read_jsonl_lines

from vi_corpus.articles import read_articles
from vi_corpus.jsonl import InputError
from vi_corpus.sentences import sentence_records


def _records(articles):
    stats = {"articles": 0, "sentences": 0, "duplicates": 0}
    return list(sentence_records(iter(articles), stats)), stats


def test_exact_duplicates_are_dropped_and_ids_stay_stable():
    records, stats = _records(
        [
            ("a", "s", "Tiêu đề A\nCâu một. Câu hai."),
            ("b", "s", "Tiêu đề B\nCâu một. Câu ba.\nCâu ba."),
        ]
    )
    assert [r["id"] for r in records] == ["a-1", "a-2", "a-3", "b-1", "b-3"]
    assert [r["text"] for r in records if r["meta"]["article"] == "b"] == ["Tiêu đề B", "Câu ba."]
    assert stats == {"articles": 2, "sentences": 7, "duplicates": 2}


def test_text_is_normalized_to_nfc():
    nfd = unicodedata.normalize("NFD", "Khu công nghiệp Hưng Phú.")
    records, _ = _records([("a", "s", nfd)])
    assert records[0]["text"] == "Khu công nghiệp Hưng Phú."


def test_seed_corpus_has_unique_ids_texts_and_keeps_teasers(sentences_file):
    records = read_jsonl_lines(sentences_file)
    ids = [r["id"] for r in records]
    texts = [r["text"] for r in records]
    assert len(ids) == len(set(ids)) and len(texts) == len(set(texts))
    # seed 000 is contained in 001: its sentences appear once, under 000's ids
    assert not any(r["meta"]["article"].startswith("001") and r["text"].startswith("Sản xuất linh phụ kiện") for r in records)
    # related-news teasers at the end of an article are kept
    assert "Cơ sở 2 Bệnh viện Bạch Mai sẵn sàng đi vào hoạt động." in texts


def test_invalid_json_article_names_file_and_line(jsonl):
    path = jsonl("articles.jsonl", {"id": "x", "title": "T", "body": "B"}, "{not json}")
    with pytest.raises(InputError, match=r"articles\.jsonl:2: invalid JSON"):
        list(read_articles([path]))


def test_article_without_id_is_rejected(jsonl):
    path = jsonl("articles.jsonl", {"title": "T", "body": "B"})
    with pytest.raises(InputError, match=r"articles\.jsonl:1: article needs a string 'id'"):
        list(read_articles([path]))
