"""The training reader that joins consecutive sentences of an article (vi_industrial.ArticleChunks.v1)."""

import pytest
import spacy
from spacy.tokens import Doc, DocBin
from spacy.util import load_config, registry

import article_chunks  # noqa: F401  (registers the reader)
from article_chunks import chunk_docs


def _doc(nlp, text, article, ents=()):
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(text.index(s), text.index(s) + len(s), label=label) for s, label in ents]
    doc.user_data.update({"article": article, "id": f"{article}-{text[:3]}"})
    return doc


@pytest.fixture
def nlp():
    # the project's syllable tokenizer, as in training (spaCy's default Vietnamese one needs pyvi)
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vi_industrial.Tokenizer.v1"}}})


@pytest.fixture
def corpus(tmp_path, nlp):
    docs = [
        _doc(nlp, "Samsung đầu tư vào Bắc Ninh.", "a1", [("Samsung", "COMPANY"), ("Bắc Ninh", "PROVINCE")]),
        _doc(nlp, "Tổng vốn là 2 tỷ USD.", "a1", [("2 tỷ USD", "MONEY")]),
        _doc(nlp, "Ông Nguyễn Văn A phát biểu.", "a1", [("Nguyễn Văn A", "PERSON")]),
        _doc(nlp, "Khu công nghiệp Yên Phong mở rộng.", "a1", [("Khu công nghiệp Yên Phong", "INDUSTRIAL_PARK")]),
        _doc(nlp, "Bộ Công Thương họp.", "a2", [("Bộ Công Thương", "AGENCY")]),
    ]
    path = tmp_path / "train.spacy"
    DocBin(docs=docs, store_user_data=True).to_disk(path)
    return path, docs


def test_chunks_join_consecutive_sentences_of_one_article_only(corpus):
    _, docs = corpus
    chunks = list(chunk_docs(docs, 3))
    assert [c.text for c in chunks] == [
        "Samsung đầu tư vào Bắc Ninh. Tổng vốn là 2 tỷ USD. Ông Nguyễn Văn A phát biểu.",
        "Khu công nghiệp Yên Phong mở rộng.",  # the article's 4th sentence starts a new chunk
        "Bộ Công Thương họp.",  # another article is never joined to the previous one
    ]
    assert [(e.text, e.label_) for e in chunks[0].ents] == [
        ("Samsung", "COMPANY"), ("Bắc Ninh", "PROVINCE"), ("2 tỷ USD", "MONEY"), ("Nguyễn Văn A", "PERSON")]
    assert [c.user_data["article"] for c in chunks] == ["a1", "a1", "a2"]


def test_one_sentence_chunks_are_the_corpus_as_stored(corpus, nlp):
    path, docs = corpus
    examples = list(registry.readers.get("vi_industrial.ArticleChunks.v1")(path=path, sentences=1)(nlp))
    assert [e.reference.text for e in examples] == [d.text for d in docs]
    assert [[(s.start_char, s.end_char, s.label_) for s in e.reference.ents] for e in examples] == \
        [[(s.start_char, s.end_char, s.label_) for s in d.ents] for d in docs]


def test_reader_keeps_every_entity_and_honours_limit_and_max_length(corpus, nlp):
    path, docs = corpus
    read = registry.readers.get("vi_industrial.ArticleChunks.v1")
    examples = list(read(path=path, sentences=2)(nlp))
    assert len(examples) == 3
    assert sum(len(e.reference.ents) for e in examples) == sum(len(d.ents) for d in docs)
    # predicted docs are made by the pipeline's own tokenizer, aligned token for token
    assert all([t.text for t in e.predicted] == [t.text for t in e.reference] for e in examples)
    assert len(list(read(path=path, sentences=2, limit=1)(nlp))) == 1
    longest = max(len(e.reference) for e in examples)
    assert len(list(read(path=path, sentences=2, max_length=longest - 1)(nlp))) == 2


def test_reader_rejects_bad_settings(tmp_path, corpus, nlp):
    path, _ = corpus
    read = registry.readers.get("vi_industrial.ArticleChunks.v1")
    with pytest.raises(ValueError, match="not found"):
        read(path=tmp_path / "missing.spacy")
    with pytest.raises(ValueError, match="gold_preproc"):
        read(path=path, gold_preproc=True)
    with pytest.raises(ValueError, match=">= 1"):
        list(chunk_docs([Doc(nlp.vocab, words=["a"])], 0))


def test_training_config_can_switch_to_the_reader_by_override(root, corpus, nlp):
    path, docs = corpus
    config = load_config(root / "configs" / "cpu.cfg", interpolate=True, overrides={
        "paths.train": str(path), "corpora.train.@readers": "vi_industrial.ArticleChunks.v1", "corpora.train.sentences": 3})
    train = registry.resolve({"train": config["corpora"]["train"]})["train"]
    assert [e.reference.text for e in train(nlp)] == [c.text for c in chunk_docs(docs, 3)]
