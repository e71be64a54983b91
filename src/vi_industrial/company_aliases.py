"""company_aliases: a company named once in a text is tagged where the text repeats its name.

News names a firm in full once ("công ty TNHH An Quý Hưng", "Tập đoàn UAC") and then by its short
name ("An Quý Hưng", "UAC sẽ tuyển dụng"). The statistical NER sees a few words either side and
misses many of these short mentions. This component reads the COMPANY entities that the NER found in
a doc, derives each one's aliases (the entity as written, and its name after the legal-form words),
and labels the other occurrences of an alias in the same doc that no entity covers. Names come from
entities with a legal-form word, or from a bare name that the NER tagged at least twice. It works within
one doc: give it a whole article, or call `link_aliases` with the sentence docs of one article (as
the extraction does), to link mentions across sentences.

An occurrence is left alone when it is part of a longer capitalized name ("FLC" in "FLC Sầm
Sơn"), when a word before it says it is a place, a street, a product or a
ticker ("huyện Bắc Ái", "đường Trần Phú", "cổ phiếu HPG"), when the alias is a province name, or
when the NER gave the same string another label somewhere in the doc.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from typing import Dict, Iterable, List, Sequence, Set

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from vi_corpus.lexicon import LEGAL_FORMS, NOT_A_FIRM_BEFORE, link_province


def aliases(text: str) -> List[str]:
    """The entity as written, and its name after leading legal-form words when that name starts
    with a capital letter or digit ("Công ty TNHH An Quý Hưng" -> "An Quý Hưng"). Not a name that
    starts with "nhà máy": that names the plant, and a plant is not the company (spec).
    The words are matched in NFC, so NFD text gives the same aliases."""
    nfc = unicodedata.normalize("NFC", text)
    rest = nfc
    while True:
        stripped = LEGAL_FORMS.sub("", rest, count=1)
        if stripped == rest:
            break
        rest = stripped
    n_stripped = len(nfc.split()) - len(rest.split())
    if n_stripped == 0 or rest.lower().startswith("nhà máy"):
        return [text]
    words = list(re.finditer(r"\S+", text))
    tail = text[words[n_stripped].start():]  # same words in the text as written (NFC or not)
    if len(tail) >= 2 and (tail[0].isupper() or tail[0].isdigit()):
        return [text, tail]
    return [text]


def _capitalized(text: str) -> bool:
    return text[:1].isupper()


def _inside_longer_name(doc: Doc, span: Span) -> bool:
    """True when a capitalized word continues the name ("FLC" in "FLC Sầm Sơn", "Thaco" in "Thaco
    Chu Lai"): that is another name, not the alias. A capitalized word before it only counts when
    it does not open a sentence ("Theo Vietnam Report")."""
    if span.end < len(doc) and _capitalized(doc[span.end].text):
        return True
    if span.start > 0 and _capitalized(doc[span.start - 1].text):
        before = span.start - 1
        return not (before == 0 or doc[before - 1].is_punct)
    return False


def trusted_names(docs: Sequence[Doc], label: str = "COMPANY") -> Set[str]:
    """The names to look for: aliases of the `label` entities of `docs` (one text or the sentences
    of one article). A name is trusted when the NER tagged it with a legal-form word, or tagged it
    bare at least twice: one bare tag is the kind of guess that is most often wrong ("Sochi"). A
    name that also has another label, or that is a province, is dropped."""
    ents = [ent for doc in docs for ent in doc.ents]
    labels: Dict[str, Set[str]] = {}
    for ent in ents:
        labels.setdefault(ent.text, set()).add(ent.label_)
    bare: Counter = Counter()
    names: Set[str] = set()
    for ent in ents:
        if ent.label_ == label:
            forms = aliases(ent.text)
            if len(forms) > 1:
                names.update(forms)
            else:
                bare[ent.text] += 1
    names.update(text for text, n in bare.items() if n >= 2)
    return {n for n in names if labels.get(n, {label}) == {label} and link_province(n)[0] is None}


def tag_names(doc: Doc, names: Iterable[str], label: str = "COMPANY") -> Doc:
    """Label the token-aligned occurrences of `names` in `doc` that no entity covers, except a
    place, product or ticker and a part of a longer name."""
    ents = list(doc.ents)
    covered = {i for ent in ents for i in range(ent.start, ent.end)}
    new: List[Span] = []
    for name in names:
        for match in re.finditer(re.escape(name), doc.text):
            span = doc.char_span(match.start(), match.end(), label=label)
            if span is None or covered.intersection(range(span.start, span.end)):
                continue
            # the last syllable of the word before (a token holds several with the pyvi segmenter)
            if span.start > 0 and unicodedata.normalize("NFC", doc[span.start - 1].lower_).split()[-1] in NOT_A_FIRM_BEFORE:
                continue
            if not _inside_longer_name(doc, span):
                new.append(span)
    if new:
        doc.ents = ents + filter_spans(new)
    return doc


def link_aliases(docs: Sequence[Doc], label: str = "COMPANY") -> List[Doc]:
    """Tag the names found anywhere in `docs` (the sentences of one article, in any order) in
    every one of them. The extraction calls this per article."""
    names = trusted_names(docs, label)
    return [tag_names(doc, names, label) if names else doc for doc in docs]


class CompanyAliases:
    """The pipeline component: links the names within one doc."""

    def __init__(self, label: str = "COMPANY"):
        self.label = label

    def __call__(self, doc: Doc) -> Doc:
        return link_aliases([doc], self.label)[0]

    def link(self, docs: Sequence[Doc]) -> List[Doc]:
        """Link names across the docs of one article (its sentences, already through the pipeline)."""
        return link_aliases(docs, self.label)


@Language.factory("company_aliases", default_config={"label": "COMPANY"})
def make_company_aliases(nlp: Language, name: str, label: str) -> CompanyAliases:
    return CompanyAliases(label)
