"""The shape of the three normalizing components: for every entity of one label, a function of the
entity's text gives the values of some Span extensions (money_normalizer, province_linker,
park_normalizer)."""

from __future__ import annotations

from typing import Callable, Sequence, Tuple

from spacy.tokens import Doc, Span


class EntityAttributes:
    """Sets `attrs` (Span extensions, registered with default None) on each `label` entity to
    `compute(entity text)`, a tuple with one value per attribute."""

    def __init__(self, label: str, attrs: Sequence[str], compute: Callable[[str], Tuple]):
        self.label, self.attrs, self.compute = label, tuple(attrs), compute
        for attr in self.attrs:
            if not Span.has_extension(attr):
                Span.set_extension(attr, default=None)

    def __call__(self, doc: Doc) -> Doc:
        for ent in doc.ents:
            if ent.label_ == self.label:
                for attr, value in zip(self.attrs, self.compute(ent.text), strict=True):
                    setattr(ent._, attr, value)
        return doc
