"""Training reader that joins consecutive sentences of an article into one example, optionally on a
share of the articles.

The gold corpus is stored one sentence a doc, but users also pass whole paragraphs and articles.
A model trained on single sentences never sees a sentence boundary inside its input; training on
chunks of a few consecutive sentences of the same article shows it those joins while keeping the
examples short. `sentences = 1` gives exactly the examples of `spacy.Corpus.v1`. `share` keeps a
random share of the articles (whole articles, like the corpus split): the learning curve's variants.

Used in the training config as

    [corpora.train]
    @readers = "vi_industrial.ArticleChunks.v1"
    path = ${paths.train}
    sentences = 3

It is needed only for training (the shipped pipeline never reads a corpus).
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Callable, Iterable, Iterator, List, Optional, Set

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example
from spacy.util import registry


def chunk_docs(docs: Iterable[Doc], sentences: int) -> Iterator[Doc]:
    """Consecutive docs of the same article (user_data["article"]) joined in chunks of `sentences`.

    Docs without an article id are their own chunk. Order is kept, so the result is deterministic.
    """
    if sentences < 1:
        raise ValueError(f"sentences must be >= 1, not {sentences}")
    chunk: List[Doc] = []
    for doc in docs:
        article = doc.user_data.get("article")
        if chunk and (article is None or article != chunk[0].user_data.get("article") or len(chunk) == sentences):
            yield _join(chunk)
            chunk = []
        chunk.append(doc)
    if chunk:
        yield _join(chunk)


def article_share(docs: Iterable[Doc], share: float, seed: int) -> Set[str]:
    """The ids of a random share of the articles of `docs` (at least one), the same for a fixed seed."""
    docs = list(docs)
    missing = [n for n, doc in enumerate(docs) if "article" not in doc.user_data]
    if missing:
        raise ValueError(f"doc {missing[0]} has no article id (user_data 'article'): a share is taken by article; "
                         "convert the corpus again")
    articles = sorted({doc.user_data["article"] for doc in docs})
    random.Random(seed).shuffle(articles)
    return set(articles[: max(1, round(share * len(articles)))])


def _join(docs: List[Doc]) -> Doc:
    if len(docs) == 1:
        return docs[0]
    joined = Doc.from_docs(docs, ensure_whitespace=True, exclude=["user_data"])
    joined.user_data["article"] = docs[0].user_data.get("article")
    relations, offset = [], 0
    for doc in docs:  # vi_industrial.relations keeps token offsets: shift them into the chunk
        relations += [[hs + offset, he + offset, ts + offset, te + offset, *rest]
                      for hs, he, ts, te, *rest in doc.user_data.get("relations", [])]
        offset += len(doc)
    if relations:
        joined.user_data["relations"] = relations
    return joined


@registry.readers("vi_industrial.ArticleChunks.v1")
def create_article_chunks(
    path: Path,
    sentences: int = 3,
    max_length: int = 0,
    gold_preproc: bool = False,
    limit: int = 0,
    augmenter: Optional[Callable] = None,
    share: float = 1.0,
    seed: int = 0,
) -> Callable[[Language], Iterable[Example]]:
    """Examples of up to `sentences` consecutive sentences of one article, from a DocBin at `path`.

    Takes spacy.Corpus.v1's settings, so a config switches readers by changing `@readers` and
    adding `sentences`: `max_length` skips longer chunks (0: no limit), `limit` caps the number of
    chunks (0: all), `augmenter` is applied to every example. `gold_preproc` must stay false: the
    gold tokens are the pipeline's own tokenizer's. `share` < 1 keeps that share of the articles
    (`seed` chooses them).
    """
    path = Path(path)
    if not path.exists():
        raise ValueError(f"{path}: training corpus not found")
    if gold_preproc:
        raise ValueError("vi_industrial.ArticleChunks.v1 does not support gold_preproc = true")
    if not 0 < share <= 1:
        raise ValueError(f"share must be in (0, 1], not {share}")

    def read(nlp: Language) -> Iterator[Example]:
        docs = DocBin().from_disk(path).get_docs(nlp.vocab)
        if share < 1:
            docs = list(docs)
            keep = article_share(docs, share, seed)
            docs = [doc for doc in docs if doc.user_data["article"] in keep]
        for n, reference in enumerate(chunk_docs(docs, sentences)):
            if limit and n >= limit:
                break
            if max_length and len(reference) > max_length:
                continue
            example = Example(nlp.make_doc(reference.text), reference)
            if augmenter is None:
                yield example
            else:
                yield from augmenter(nlp, example)

    return read
