"""The training reader that joins consecutive sentences of an article (vi_industrial.ArticleChunks.v1)."""

from collections import Counter

import pytest
from spacy.tokens import Doc, DocBin
from spacy.util import load_config, registry

from vi_industrial.readers import chunk_docs

READER = "vi_industrial.ArticleChunks.v1"  # registered by importing vi_industrial


def _doc(nlp, text, article, ents=()):
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(text.index(s), text.index(s) + len(s), label=label) for s, label in ents]
    doc.user_data.update({"article": article, "id": f"{article}-{text[:3]}"})
    return doc


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


@pytest.fixture
def articles(tmp_path, nlp):
    """8 articles of 3 sentences each (a0-0 ... a7-2), stored as the corpus is."""
    docs = [_doc(nlp, f"Câu {i} của bài a{a}.", f"a{a}") for a in range(8) for i in range(3)]
    path = tmp_path / "articles.spacy"
    DocBin(docs=docs, store_user_data=True).to_disk(path)
    return path


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
    examples = list(registry.readers.get(READER)(path=path, sentences=1)(nlp))
    assert [e.reference.text for e in examples] == [d.text for d in docs]
    assert [[(s.start_char, s.end_char, s.label_) for s in e.reference.ents] for e in examples] == \
        [[(s.start_char, s.end_char, s.label_) for s in d.ents] for d in docs]


def test_reader_keeps_every_entity_and_honours_limit_and_max_length(corpus, nlp):
    path, docs = corpus
    read = registry.readers.get(READER)
    examples = list(read(path=path, sentences=2)(nlp))
    assert len(examples) == 3
    assert sum(len(e.reference.ents) for e in examples) == sum(len(d.ents) for d in docs)
    # predicted docs are made by the pipeline's own tokenizer, aligned token for token
    assert all([t.text for t in e.predicted] == [t.text for t in e.reference] for e in examples)
    assert len(list(read(path=path, sentences=2, limit=1)(nlp))) == 1
    longest = max(len(e.reference) for e in examples)
    assert len(list(read(path=path, sentences=2, max_length=longest - 1)(nlp))) == 2


def test_a_share_keeps_whole_articles_chosen_by_the_seed(articles, nlp):
    read = registry.readers.get(READER)

    def kept(**settings):
        return [e.reference.text for e in read(path=articles, sentences=1, **settings)(nlp)]

    half = kept(share=0.5, seed=0)
    per_article = Counter(text.split()[-1].rstrip(".") for text in half)
    assert len(half) == 12 and len(per_article) == 4 and set(per_article.values()) == {3}  # 4 of 8 articles, every sentence
    assert half == kept(share=0.5, seed=0)  # the same seed, the same articles
    assert any(kept(share=0.5, seed=s) != half for s in range(1, 6))  # the seed does choose them
    assert len(kept(share=0.25, seed=0)) == 6 and len(kept(share=0.01, seed=0)) == 3  # at least one article
    assert kept(share=1.0, seed=3) == kept()  # share 1: the whole corpus, in order, whatever the seed
    # chunks are made within the kept articles: 4 articles of 3 sentences, chunks of 2 -> 8
    assert len(list(read(path=articles, sentences=2, share=0.5, seed=0)(nlp))) == 8


@pytest.mark.parametrize("share", [0, -0.5, 1.5])
def test_a_share_outside_zero_to_one_is_rejected(articles, share):
    with pytest.raises(ValueError, match="share must be in"):
        registry.readers.get(READER)(path=articles, share=share)


def test_reader_rejects_bad_settings(tmp_path, corpus, nlp):
    path, _ = corpus
    read = registry.readers.get(READER)
    with pytest.raises(ValueError, match="not found"):
        read(path=tmp_path / "missing.spacy")
    with pytest.raises(ValueError, match="gold_preproc"):
        read(path=path, gold_preproc=True)
    with pytest.raises(ValueError, match=">= 1"):
        list(chunk_docs([Doc(nlp.vocab, words=["a"])], 0))


def test_training_config_can_switch_to_the_reader_by_override(root, corpus, nlp):
    path, docs = corpus
    config = load_config(root / "configs" / "cpu.cfg", interpolate=True, overrides={
        "paths.train": str(path), "corpora.train.@readers": READER, "corpora.train.sentences": 3})
    train = registry.resolve({"train": config["corpora"]["train"]})["train"]
    assert [e.reference.text for e in train(nlp)] == [c.text for c in chunk_docs(docs, 3)]


def test_learning_curve_overrides_keep_a_share_of_the_articles(root, articles, nlp):
    """The learning-curve study's variants: the reader by override, one sentence a chunk, a share."""
    config = load_config(root / "configs" / "cpu.cfg", interpolate=True, overrides={
        "paths.train": str(articles), "corpora.train.@readers": READER, "corpora.train.sentences": 1,
        "corpora.train.share": 0.25})
    train = registry.resolve({"train": config["corpora"]["train"]})["train"]
    texts = [e.reference.text for e in train(nlp)]
    assert len(texts) == 6 and len({t.split()[-1] for t in texts}) == 2
