"""province_linker: PROVINCE entities -> ent._.province_before_2025 and ent._.province (shipped with the model).

`province_before_2025` is the province-level unit the name denotes among the 63 that existed before
1 July 2025 (e.g. "Hải Dương"); `province` is the current unit (of 34) that contains it (e.g. "Hải
Phòng"). Official names without "tỉnh"/"thành phố", old tone-mark style; "Hồ Chí Minh" for the
TP.HCM forms. Both tone-mark styles, hyphen variants and a leading generic word are accepted.

Source of the mapping: Nghị quyết số 202/2025/QH15 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh
(12 June 2025, in force 1 July 2025): 63 province-level units became 34. Names are the official
names without "tỉnh"/"thành phố", in the old tone-mark style (kiểu cũ: "Hòa", "Khánh Hòa"; the new
style, kiểu mới, writes "Hoà", "Khánh Hoà").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Dict, List, Optional, Tuple

from spacy.language import Language
from spacy.tokens import Doc, Span

# current unit (2025) -> former units it contains (the current one first where it kept its name)
MERGER_2025: Dict[str, List[str]] = {
    "Hà Nội": ["Hà Nội"],
    "Huế": ["Thừa Thiên Huế"],
    "Lai Châu": ["Lai Châu"],
    "Điện Biên": ["Điện Biên"],
    "Sơn La": ["Sơn La"],
    "Lạng Sơn": ["Lạng Sơn"],
    "Quảng Ninh": ["Quảng Ninh"],
    "Thanh Hóa": ["Thanh Hóa"],
    "Nghệ An": ["Nghệ An"],
    "Hà Tĩnh": ["Hà Tĩnh"],
    "Cao Bằng": ["Cao Bằng"],
    "Tuyên Quang": ["Tuyên Quang", "Hà Giang"],
    "Lào Cai": ["Lào Cai", "Yên Bái"],
    "Thái Nguyên": ["Thái Nguyên", "Bắc Kạn"],
    "Phú Thọ": ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"],
    "Bắc Ninh": ["Bắc Ninh", "Bắc Giang"],
    "Hưng Yên": ["Hưng Yên", "Thái Bình"],
    "Hải Phòng": ["Hải Phòng", "Hải Dương"],
    "Ninh Bình": ["Ninh Bình", "Hà Nam", "Nam Định"],
    "Quảng Trị": ["Quảng Trị", "Quảng Bình"],
    "Đà Nẵng": ["Đà Nẵng", "Quảng Nam"],
    "Quảng Ngãi": ["Quảng Ngãi", "Kon Tum"],
    "Gia Lai": ["Gia Lai", "Bình Định"],
    "Khánh Hòa": ["Khánh Hòa", "Ninh Thuận"],
    "Lâm Đồng": ["Lâm Đồng", "Đắk Nông", "Bình Thuận"],
    "Đắk Lắk": ["Đắk Lắk", "Phú Yên"],
    "Hồ Chí Minh": ["Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"],
    "Đồng Nai": ["Đồng Nai", "Bình Phước"],
    "Tây Ninh": ["Tây Ninh", "Long An"],
    "Cần Thơ": ["Cần Thơ", "Sóc Trăng", "Hậu Giang"],
    "Vĩnh Long": ["Vĩnh Long", "Bến Tre", "Trà Vinh"],
    "Đồng Tháp": ["Đồng Tháp", "Tiền Giang"],
    "Cà Mau": ["Cà Mau", "Bạc Liêu"],
    "An Giang": ["An Giang", "Kiên Giang"],
}

FORMER_TO_CURRENT: Dict[str, str] = {old: new for new, olds in MERGER_2025.items() for old in olds}

# Written forms that are not simply the official name in one of the two tone-mark styles.
EXTRA_FORMS: Dict[str, List[str]] = {
    "Hồ Chí Minh": ["TP.HCM", "TP. HCM", "TP HCM", "TPHCM", "TP.Hồ Chí Minh", "TP. Hồ Chí Minh", "TP Hồ Chí Minh",
                    "Thành phố Hồ Chí Minh", "thành phố Hồ Chí Minh", "Tp.HCM", "Tp. HCM", "Tp HCM", "Tp. Hồ Chí Minh",
                    "HCM", "Sài Gòn"],
    "Thừa Thiên Huế": ["Thừa Thiên - Huế", "Thừa Thiên-Huế", "Huế"],
    "Bà Rịa - Vũng Tàu": ["Bà Rịa-Vũng Tàu", "Bà Rịa – Vũng Tàu", "Bà Rịa Vũng Tàu"],
    "Đắk Lắk": ["Đắc Lắc", "Đăk Lăk", "Đắk Lăk"],
    "Đắk Nông": ["Đắc Nông", "Đăk Nông"],
    "Bắc Kạn": ["Bắc Cạn"],
    "Hà Nội": ["HN"],
}

_TO_NEW_STYLE = {"òa": "oà", "óa": "oá", "ỏa": "oả", "õa": "oã", "ọa": "oạ", "òe": "oè", "óe": "oé", "ỏe": "oẻ",
              "õe": "oẽ", "ọe": "oẹ", "ùy": "uỳ", "úy": "uý", "ủy": "uỷ", "ũy": "uỹ", "ụy": "uỵ"}


def new_style(text: str) -> str:
    """The new tone-mark placement, kiểu mới ("Hòa" -> "Hoà", "Thủy" -> "Thuỷ"), for syllable-final oa/oe/uy."""
    out = text
    for old, new in _TO_NEW_STYLE.items():
        for a, b in ((old, new), (old.capitalize(), new.capitalize())):
            out = out.replace(a + " ", b + " ").replace(a + "-", b + "-")
            if out.endswith(a):
                out = out[: -len(a)] + b
    return out


def written_forms(name: str) -> List[str]:
    """Every written form of a former unit that the project recognises, NFC, both tone-mark styles."""
    forms = [name, *EXTRA_FORMS.get(name, [])]
    forms += [new_style(f) for f in forms]
    return sorted({unicodedata.normalize("NFC", f) for f in forms})


_TO_OLD_STYLE = {new: old for old, new in _TO_NEW_STYLE.items()}
_GENERIC = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s+", re.I)


def name_key(text: str) -> str:
    """Lookup key: NFC, old tone-mark style, lower case, dashes and spaces folded."""
    text = unicodedata.normalize("NFC", text).strip()
    for new, old in _TO_OLD_STYLE.items():
        text = re.sub(re.escape(new) + r"(?=\W|$)", old, text)
        text = re.sub(re.escape(new.capitalize()) + r"(?=\W|$)", old.capitalize(), text)
    return re.sub(r"[\s\-–—.]+", " ", text.lower()).strip()


def _build_index() -> Dict[str, str]:
    index = {}
    for former in FORMER_TO_CURRENT:
        for form in written_forms(former):
            index[name_key(form)] = former
    return index


INDEX = _build_index()


def link(text: str) -> Tuple[Optional[str], Optional[str]]:
    """(former unit, current unit) for a PROVINCE mention, or (None, None) if unknown."""
    key = name_key(text)
    former = INDEX.get(key) or INDEX.get(name_key(_GENERIC.sub("", unicodedata.normalize("NFC", text).strip())))
    return (former, FORMER_TO_CURRENT[former]) if former else (None, None)


for _attr in ("province", "province_before_2025"):
    if not Span.has_extension(_attr):
        Span.set_extension(_attr, default=None)


class ProvinceLinker:
    def __init__(self, label: str = "PROVINCE"):
        self.label = label

    def __call__(self, doc: Doc) -> Doc:
        for ent in doc.ents:
            if ent.label_ == self.label:
                ent._.province_before_2025, ent._.province = link(ent.text)
        return doc


@Language.factory("province_linker", default_config={"label": "PROVINCE"})
def make_province_linker(nlp: Language, name: str, label: str) -> ProvinceLinker:
    return ProvinceLinker(label)
