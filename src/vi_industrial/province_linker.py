"""province_linker: PROVINCE entities -> ent._.province_before_2025 and ent._.province (shipped with the model).

`province_before_2025` is the province-level unit the name denotes among the 63 that existed before
1 July 2025 (e.g. "Hải Dương"); `province` is the current unit (of 34) that contains it (e.g. "Hải
Phòng"). Official names without "tỉnh"/"thành phố", old tone-mark style; "Hồ Chí Minh" for the
TP.HCM forms. Both tone-mark styles, hyphen variants and a leading generic word are accepted.

The mapping and the written forms are vi_corpus.lexicon's (MERGER_2025, from Nghị quyết số
202/2025/QH15 của Quốc hội, in force 1 July 2025: 63 province-level units became 34).
"""

from __future__ import annotations

from spacy.language import Language

from vi_corpus.lexicon import link_province
from vi_industrial.entity_attributes import EntityAttributes


class ProvinceLinker(EntityAttributes):
    def __init__(self, label: str = "PROVINCE"):
        super().__init__(label, ("province_before_2025", "province"), link_province)


@Language.factory("province_linker", default_config={"label": "PROVINCE"})
def make_province_linker(nlp: Language, name: str, label: str) -> ProvinceLinker:
    return ProvinceLinker(label)
