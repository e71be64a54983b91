"""park_normalizer: INDUSTRIAL_PARK entities -> ent._.park_key (shipped with the model).

One key per park whatever the written form: "KCN Đông Mai", "Khu công nghiệp Đông Mai" and
"khu công nghiệp (KCN) Đông Mai" all give "KCN đông mai". The type word becomes its standard
abbreviation (KCN, CCN, KCX, KKT, KCNC), the name is lower-cased in the old tone-mark style ("hòa", not "hoà").
"""

from __future__ import annotations

import re
import sys
import unicodedata
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

try:  # inside the packaged model
    from .province_linker import name_key
except ImportError:  # loaded as a plain file (spacy --code, tests): import the sibling module
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from province_linker import name_key

TYPE_WORDS = [
    (r"khu công nghiệp|kcn", "KCN"),
    (r"cụm công nghiệp|ccn", "CCN"),
    (r"khu chế xuất|kcx", "KCX"),
    (r"đặc khu kinh tế|khu kinh tế mở|khu kinh tế|kkt", "KKT"),
    (r"khu công nghệ cao|kcnc", "KCNC"),
]
# type word, an optional bracketed abbreviation, and "mở" of "khu kinh tế (KKT) mở Chu Lai"
_TYPE = re.compile(r"^(" + "|".join(p for p, _ in TYPE_WORDS) + r")\b\s*(?:\((?:kcn|ccn|kcx|kkt|kcnc)\)\s*)?(?:mở\s+)?", re.I)


def park_key(text: str) -> str:
    text = unicodedata.normalize("NFC", text).strip()
    m = _TYPE.match(text)
    if not m:
        return name_key(text)
    found = m.group(1).lower()
    abbreviation = next(abbr for pattern, abbr in TYPE_WORDS if re.fullmatch(pattern, found))
    return f"{abbreviation} {name_key(text[m.end():])}".strip()


if not Span.has_extension("park_key"):
    Span.set_extension("park_key", default=None)


class ParkNormalizer:
    def __init__(self, label: str = "INDUSTRIAL_PARK"):
        self.label = label

    def __call__(self, doc: Doc) -> Doc:
        for ent in doc.ents:
            if ent.label_ == self.label:
                ent._.park_key = park_key(ent.text)
        return doc


@Language.factory("park_normalizer", default_config={"label": "INDUSTRIAL_PARK"})
def make_park_normalizer(nlp: Language, name: str, label: str) -> ParkNormalizer:
    return ParkNormalizer(label)
