"""park_normalizer: INDUSTRIAL_PARK entities -> ent._.park_key (shipped with the model).

One key per park whatever the written form: "KCN Đông Mai", "Khu công nghiệp Đông Mai" and
"khu công nghiệp (KCN) Đông Mai" all give "KCN đông mai". The type word becomes its standard
abbreviation (KCN, CCN, KCX, KKT, KCNC), the name is lower-cased in the old tone-mark style ("hòa", not "hoà").
"""

from __future__ import annotations

import re
import unicodedata

from spacy.language import Language

from vi_corpus.lexicon import PARK_TYPES
from vi_corpus.text import name_key
from vi_industrial.entity_attributes import EntityAttributes

# type word or abbreviation -> standard abbreviation, longest first ("khu kinh tế mở" before "khu kinh tế")
_ABBREVIATION = {w.lower(): abbr for abbr, words in PARK_TYPES.items() for w in [*words, abbr]}
_FORMS = sorted(_ABBREVIATION, key=len, reverse=True)
# type word, an optional bracketed abbreviation, and "mở" of "khu kinh tế (KKT) mở Chu Lai"
_TYPE = re.compile(r"^(" + "|".join(map(re.escape, _FORMS)) + r")\b\s*(?:\((?:" + "|".join(PARK_TYPES).lower()
                   + r")\)\s*)?(?:mở\s+)?", re.I)


def park_key(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip()
    m = _TYPE.match(text)
    if not m:
        return name_key(text)
    return f"{_ABBREVIATION[m.group(1).lower()]} {name_key(text[m.end():])}".strip()


def _park_attributes(text: str) -> tuple:
    return (park_key(text),)


class ParkNormalizer(EntityAttributes):
    def __init__(self, label: str = "INDUSTRIAL_PARK"):
        super().__init__(label, ("park_key",), _park_attributes)


@Language.factory("park_normalizer", default_config={"label": "INDUSTRIAL_PARK"})
def make_park_normalizer(nlp: Language, name: str, label: str) -> ParkNormalizer:
    return ParkNormalizer(label)
