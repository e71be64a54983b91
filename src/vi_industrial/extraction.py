"""Extraction: articles cut into sentences, entities as flat records, and the summary over them.

Used by scripts/extract.py. A "sentence" longer than max_chars (text without sentence ends) is cut
at whitespace into pieces, each a sentence of its own, so offsets always index the sentence text.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from itertools import groupby
from typing import Iterable, Iterator, List, Tuple

from vi_corpus.articles import Article
from vi_corpus.sentences import article_sentences
from vi_corpus.text import nfc


def cut(text: str, max_chars: int) -> Iterator[str]:
    """`text` in pieces of at most `max_chars`, cut at the last whitespace of each window
    (a hard cut only where a window has none). A text with no sentence ends (a table, a
    run-on paste) would otherwise reach the model as one huge "sentence", over
    nlp.max_length. An entity that straddles a cut is lost; news sentences never come near it."""
    start = 0
    while len(text) - start > max_chars:
        end = max(text.rfind(" ", start + 1, start + max_chars + 1), text.rfind("\n", start + 1, start + max_chars + 1))
        if end <= start:
            end = start + max_chars
        yield text[start:end].strip()
        start = end
        while start < len(text) and text[start].isspace():
            start += 1
    if start < len(text):
        yield text[start:]


def iter_sentences(articles: Iterable[Article], max_chars: int = 5000) -> Iterator[Tuple[str, dict]]:
    """(sentence, context) for every sentence of every article; offsets are within the sentence."""
    for article_id, _, text in articles:
        n = 0
        # the corpus's sentences: a name cut by a line break after "TP." is one sentence
        for _, _, sentence in article_sentences(nfc(text)):
            for piece in cut(sentence, max_chars):
                if piece:
                    n += 1
                    yield piece, {"article": article_id, "sentence": n}


def extract(nlp, articles: Iterable[Article], max_chars: int = 5000, batch_size: int = 256,
            n_process: int = 1) -> Iterator[Tuple[str, List[dict]]]:
    """(sentence text, entity records) for every sentence of every article, in order. When the
    pipeline has `company_aliases`, a company's short name is also tagged in the other sentences of
    the article that named it in full. The one loop of scripts/extract.py and of each Dask partition."""
    linker = nlp.get_pipe("company_aliases") if "company_aliases" in nlp.pipe_names else None
    docs = nlp.pipe(iter_sentences(articles, max_chars), as_tuples=True, batch_size=batch_size, n_process=n_process)
    for _, group in groupby(docs, key=lambda pair: pair[1]["article"]):
        group = list(group)
        if linker is not None:
            group = list(zip(linker.link([doc for doc, _ in group]), (context for _, context in group)))
        for doc, context in group:
            text = doc.text  # rebuilt from the tokens on every access: read once
            yield text, entity_records(doc, context, text)


def entity_records(doc, context: dict, sentence_text: str) -> List[dict]:
    """One flat record per entity of a sentence doc: the context (article, sentence number), the
    sentence text (`doc.text`, which spaCy rebuilds from the tokens on every access: the caller
    reads it once per doc), label, text, offsets in the sentence and the normalized values that are set."""
    return [entity_record(ent, context, sentence_text) for ent in doc.ents]


def entity_record(ent, context: dict, sentence_text: str) -> dict:
    record = {**context, "sentence_text": sentence_text, "label": ent.label_, "text": ent.text,
              "start": ent.start_char, "end": ent.end_char}
    for attr in ("amount", "amount_max", "currency", "province", "province_before_2025", "park_key"):
        if ent.has_extension(attr) and getattr(ent._, attr) is not None:
            record[attr] = getattr(ent._, attr)
    return record


class Summary:
    def __init__(self):
        self.money_by_province = defaultdict(Counter)
        self.money_by_park = defaultdict(Counter)
        self.companies_by_park = defaultdict(Counter)
        self.labels = Counter()

    def add(self, records: List[dict]) -> None:
        provinces = {r["province"] for r in records if r.get("province")}
        parks = {r["park_key"] for r in records if r.get("park_key")}
        companies = {r["text"] for r in records if r["label"] == "COMPANY"}
        for r in records:
            self.labels[r["label"]] += 1
            if r["label"] == "MONEY" and r.get("amount") is not None:
                for province in provinces:
                    self.money_by_province[province][r["currency"]] += r["amount"]
                for park in parks:
                    self.money_by_park[park][r["currency"]] += r["amount"]
        for park in parks:
            self.companies_by_park[park].update(companies)

    def merge(self, other: dict) -> None:
        """Add the totals of another summary (`as_dict` form): the reduce step of a partitioned run."""
        self.labels.update(other["entities_per_label"])
        for mine, theirs in ((self.money_by_province, other["money_by_province"]), (self.money_by_park, other["money_by_park"]),
                             (self.companies_by_park, other["companies_by_park"])):
            for key, counts in theirs.items():
                mine[key].update(counts)

    def as_dict(self) -> dict:
        return {
            "entities_per_label": dict(self.labels),
            "money_by_province": {k: dict(v) for k, v in sorted(self.money_by_province.items())},
            "money_by_park": {k: dict(v) for k, v in sorted(self.money_by_park.items())},
            "companies_by_park": {k: dict(v.most_common()) for k, v in sorted(self.companies_by_park.items())},
        }

    def markdown(self) -> str:
        lines = ["# Extraction summary", "", "## Money by province (current unit; amounts in the same sentence)", "",
                 "| province | currency | total |", "| --- | --- | ---: |"]
        for province, money in sorted(self.money_by_province.items()):
            lines += [f"| {province} | {cur} | {amount:,.0f} |" for cur, amount in sorted(money.items())]
        lines += ["", "## Money by industrial park", "", "| park | currency | total |", "| --- | --- | ---: |"]
        for park, money in sorted(self.money_by_park.items()):
            lines += [f"| {park} | {cur} | {amount:,.0f} |" for cur, amount in sorted(money.items())]
        lines += ["", "## Companies by industrial park", "", "| park | companies (mentions) |", "| --- | --- |"]
        for park, companies in sorted(self.companies_by_park.items()):
            lines.append(f"| {park} | " + ", ".join(f"{c} ({n})" for c, n in companies.most_common()) + " |")
        return "\n".join(lines) + "\n"
