"""The project's Vietnamese knowledge, written once: labels, currencies and number words, legal
forms, industrial-park type words, titles, abbreviations, and the province-level units before and
after the 2025 merger.

Every module that needs one of these imports it from here (the shipped components, the audit, the
sentence splitter, the article selection, the rules study), so that they cannot drift apart.
Standard library only: it runs in the annotation environment too.
"""

from __future__ import annotations

import re
from typing import Dict, List, Optional, Tuple

from vi_corpus.text import name_key, nfc, to_new_style

# ---- Labels --------------------------------------------------------------------------------------
LABELS = ("PROVINCE", "INDUSTRIAL_PARK", "COMPANY", "AGENCY", "PERSON", "MONEY")
# colour (doccano editor and displaCy pages) and doccano shortcut key of each label
LABEL_STYLE: Dict[str, Tuple[str, str]] = {
    "PROVINCE": ("#2ca02c", "p"),
    "INDUSTRIAL_PARK": ("#1f77b4", "i"),
    "COMPANY": ("#d62728", "c"),
    "AGENCY": ("#9467bd", "a"),
    "PERSON": ("#ff7f0e", "n"),
    "MONEY": ("#8c564b", "m"),
}
# Where a gold sentence comes from decides the part of the corpus it is scored in: the industrial
# articles, the broad (all-topic) articles, or the seeds (2024-2026 news, newer than both).
SOURCE_PARTS = {"vietnews_industrial.jsonl": "industrial", "vietnews_raw_40k.jsonl.gz": "broad"}


def source_part(source: str) -> str:
    """"industrial", "broad", "seeds" or "other" for a record's meta.source."""
    return "seeds" if source.startswith("seeds/") else SOURCE_PARTS.get(source, "other")


LABEL_COLORS = {label: color for label, (color, _) in LABEL_STYLE.items()}
assert set(LABEL_STYLE) == set(LABELS)

# ---- Relations (../shared/RELATION_SPEC.md) ------------------------------------------------------
# Each type with the labels its head and its tail may have. No two types share a (head, tail) label
# pair, so the labels of a candidate pair name the one type it can have.
RELATION_TYPES: Dict[str, Tuple[Tuple[str, ...], Tuple[str, ...]]] = {
    "ROLE": (("PERSON",), ("AGENCY", "COMPANY")),
    "INVESTS": (("COMPANY",), ("MONEY",)),
    "LOCATED_IN": (("COMPANY", "INDUSTRIAL_PARK"), ("INDUSTRIAL_PARK", "PROVINCE")),
}
PAIR_TYPE: Dict[Tuple[str, str], str] = {
    (head, tail): rel for rel, (heads, tails) in RELATION_TYPES.items() for head in heads for tail in tails
}
assert len(PAIR_TYPE) == sum(len(h) * len(t) for h, t in RELATION_TYPES.values())

# ---- Money ---------------------------------------------------------------------------------------
# Currency words and symbols with their ISO 4217 code, longest first: "đô la Mỹ" before "đô la"
# before "đô".
CURRENCIES: List[Tuple[str, str]] = sorted(
    [
        ("đồng", "VND"), ("vnđ", "VND"), ("vnd", "VND"), ("đ", "VND"),
        ("usd", "USD"), ("us$", "USD"), ("$", "USD"), ("đô la mỹ", "USD"), ("đô la", "USD"), ("đôla", "USD"),
        ("đô", "USD"), ("cent", "USD"),
        ("euro", "EUR"), ("eur", "EUR"), ("€", "EUR"),
        ("yên nhật", "JPY"), ("yên", "JPY"), ("jpy", "JPY"),
        ("won", "KRW"), ("krw", "KRW"),
        ("nhân dân tệ", "CNY"), ("ndt", "CNY"), ("tệ", "CNY"), ("cny", "CNY"),
        ("bảng anh", "GBP"), ("bảng", "GBP"), ("gbp", "GBP"), ("£", "GBP"),
        ("đô la singapore", "SGD"), ("sgd", "SGD"), ("baht", "THB"), ("rúp", "RUB"), ("rupee", "INR"),
        ("ringgit", "MYR"), ("aud", "AUD"),
    ],
    key=lambda kv: -len(kv[0]),
)
SUBUNIT = {"cent": 0.01}  # subunit currency words and their value in the main unit
SCALES = {"nghìn": 1e3, "ngàn": 1e3, "triệu": 1e6, "tỷ": 1e9, "tỉ": 1e9, "vạn": 1e4, "trăm": 1e2, "chục": 1e1}
NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "sáu": 6, "bảy": 7, "tám": 8, "chín": 9,
                "mười": 10, "nửa": 0.5, "rưỡi": 0.5}
# Words that make an amount vague ("hàng trăm triệu USD"): no number can be given for it.
VAGUE_AMOUNT = {"hàng", "vài", "mấy", "nhiều", "cả", "dăm", "mươi", "hơn", "gần", "trên", "dưới", "khoảng", "chừng"}
# Qualifiers before an amount that stay outside a MONEY span (spec).
MONEY_QUALIFIERS = ("hơn", "khoảng", "gần", "trên", "dưới", "tới", "lên tới", "lên đến", "đến", "xấp xỉ", "chừng",
                    "ước", "ước tính", "tổng cộng")

_NOT_LETTER_BEFORE, _NOT_LETTER_AFTER = r"(?<![^\W\d_])", r"(?![^\W\d_])"
CURRENCY_WORD = re.compile(
    _NOT_LETTER_BEFORE + "(?:" + "|".join(re.escape(word).replace(r"\ ", r"\s?") for word, _ in CURRENCIES) + ")"
    + _NOT_LETTER_AFTER, re.I,
)


def has_currency(text: str) -> bool:
    """True when `text` has a currency word or symbol standing on its own ("5 tỷ đồng", "100.000đ")."""
    return CURRENCY_WORD.search(text) is not None


# ---- Companies -----------------------------------------------------------------------------------
# Legal-form and group words that precede a company's name (spec: they belong to the span).
LEGAL_FORMS = re.compile(
    r"^(?:(?:tổng\s+)?công\s+ty|tập\s+đoàn|ngân\s+hàng|ctcp|tnhh|mtv|một\s+thành\s+viên|cổ\s+phần|cp|"
    r"liên\s+doanh|trách\s+nhiệm\s+hữu\s+hạn|hữu\s+hạn|doanh\s+nghiệp|xí\s+nghiệp|hợp\s+danh|tư\s+nhân)\s+",
    re.I,
)
# Syllables right before a name that make it a place, a street, a product, a ticker or a person
# ("huyện Bắc Ái", "đường Trần Phú", "sản phẩm Asanzo", "cổ phiếu HPG", "mã chứng khoán PNC").
NOT_A_FIRM_BEFORE = {
    "huyện", "xã", "phường", "quận", "trấn", "tỉnh", "phố", "đường", "thôn", "ấp", "sông", "cầu", "núi",
    "phiếu", "khoán", "mã", "xe", "vàng", "phẩm", "hiệu", "ông", "bà", "anh", "chị",
}

# ---- Industrial parks ----------------------------------------------------------------------------
# Standard abbreviation -> the type words it stands for (spec: the span includes the type word).
PARK_TYPES: Dict[str, List[str]] = {
    "KCN": ["khu công nghiệp"],
    "CCN": ["cụm công nghiệp"],
    "KCX": ["khu chế xuất"],
    "KKT": ["đặc khu kinh tế", "khu kinh tế mở", "khu kinh tế"],
    "KCNC": ["khu công nghệ cao"],
}
# Other ways a park's name may begin (the audit accepts them): a misspelt "khu công nghiệp", special
# zones, combined industrial-urban areas; "VSIP" (... Industrial Park) and "SSEZ" (... Economic Zone).
_PARK_OPENERS = [r"khu công ngh\w+p", r"đặc khu", r"khu hành chính\s*[–-]\s*kinh tế", "khu phức hợp",
                 "khu tổ hợp công nghiệp", "phân khu", "khu liên hợp", "khu kỹ nghệ", "khu công nghiệp - đô thị",
                 "khu đô thị - công nghiệp"]
PARK_NAME_START = re.compile(
    "^(?:" + "|".join([*_PARK_OPENERS, *(w for words in PARK_TYPES.values() for w in words), *PARK_TYPES]) + ")"
    + r"|^[A-Z]*(?:IP|EZ)\b|Industrial Park",
    re.I,
)

# ---- Persons -------------------------------------------------------------------------------------
# Kinship words are matched in lower case only (and "Ông"/"Bà"): "Anh Tuấn" is a name.
KINSHIP_WORDS = ("ông", "Ông", "bà", "Bà", "anh", "chị", "cô", "chú", "bác", "cụ", "em")
TITLES = ("Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Tổng Giám đốc", "Bí thư", "Phó Bí thư",
          "Thủ tướng", "Phó Thủ tướng", "Bộ trưởng", "Thứ trưởng", "Trưởng ban", "Trưởng", "Đại tướng", "Thượng tướng",
          "Trung tướng", "Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá", "Đại úy", "Đại uý", r"TS\.?",
          r"ThS\.?", r"GS\.?", r"PGS\.?", "Tiến sĩ", "Giáo sư", "Phó Giáo sư", "Bác sĩ", "Luật sư", "Ngài", "Tổng thống",
          "Chủ nhiệm")

# ---- Relation cues (features of the relation_extractor, never rules on their own) -----------------
# What a sentence says around a pair: money a company puts in, money that is not an investment
# (RELATION_SPEC "Not INVESTS"), a place word, a position, a negation or condition.
INVEST_CUES = ("đầu tư", "rót", "giải ngân", "tổng vốn", "vốn đầu tư", "đăng ký", "tăng vốn", "bổ sung vốn", "cam kết",
               "dự án", "xây dựng", "nhà máy", "mở rộng", "chi", "bỏ ra", "góp vốn", "liên doanh")
NOT_INVEST_CUES = ("doanh thu", "lợi nhuận", "lãi", "lỗ", "xuất khẩu", "nhập khẩu", "kim ngạch", "thuế", "phạt", "lương",
                   "giá", "vốn hóa", "vốn hoá", "cổ tức", "vốn điều lệ", "vay", "tài trợ", "nợ", "doanh số", "thu nhập",
                   "mua lại", "thâu tóm", "giá trị", "bồi thường", "tiền thuê", "tiền sử dụng đất", "cổ phiếu", "thị giá")
PLACE_CUES = ("tại", "ở", "nằm", "thuộc", "vào", "của", "trên địa bàn", "đặt", "đóng")
ROLE_CUES = TITLES + ("đại diện", "nhân viên", "lãnh đạo", "nhà sáng lập", "người sáng lập", "sáng lập", "CEO", "chủ tịch",
                      "giám đốc", "trưởng", "phó", "cán bộ", "công nhân", "ông chủ", "thành viên", "người phát ngôn",
                      "phát ngôn viên", "chủ sở hữu", "cựu")
NEGATION_CUES = ("không", "chưa", "chẳng", "nếu", "giá như")

# ---- Abbreviations -------------------------------------------------------------------------------
# Lower-cased abbreviations whose trailing period does not end a sentence ("TP.", "TS.", "PGS.").
ABBREVIATIONS = frozenset(
    """
    tp tx tt q p h x ths th.s ts ts.bs ts.ks pgs pgs.ts gs gs.ts gs.tskh
    bs bsck bs.ckii ks ls ncs cn nxb vd v.v st mr mrs ms dr sr jr co ltd corp inc
    jsc no tr
    """.split()
)
# Of those, the ones written before a name ("TP. Hồ Chí Minh", "GS. Đặng Hùng Võ"): vietnews, rebuilt
# from segmented text, sometimes breaks the line after them, and the name goes on on the next line.
NAME_ABBREVIATIONS = frozenset("tp tx q p h x ths th.s ts pgs gs bs ks ls".split())
# Words that open the name of a body, not of a place or person: a line after "TP." that starts with
# one ("Ban Quản lý đường sắt đô thị ...") is a new sentence ("... vào trung tâm TP.").
ORGANISATION_HEADS = frozenset("Ban Sở Bộ Cục Ủy Uỷ UBND HĐND Công Tập Tổng Ngân Hội Trung Viện Phòng Văn Thành".split())

# ---- Article selection cues (select-articles) ----------------------------------------------------
# Frozen with the committed sample (corpus/articles.jsonl): changing them changes which articles
# select-articles picks. Park cues: every type word and the abbreviations KCN and CCN.
SELECTION_PARK_CUES = re.compile(
    "|".join([*(w for words in PARK_TYPES.values() for w in words), r"\bKCN\b", r"\bCCN\b"]), re.I
)
SELECTION_COMPANY_CUES = re.compile(
    r"\b(?:[Cc]ông ty|Tập đoàn|tập đoàn|Tổng công ty|TNHH|[Cc]ổ phần|JSC|Corp(?:oration)?|"
    r"Co\.,? ?Ltd|Group|Inc)\b(?=\s+[A-ZĐÂĂÊÔƠƯ0-9])"
)
SELECTION_MONEY_CUES = re.compile(r"\b(?:tỷ|tỉ|triệu|nghìn|ngàn)?\s*(?:đồng|USD|VNĐ|VND|euro|EUR|yên)\b")

# ---- Provinces -----------------------------------------------------------------------------------
# Nghị quyết số 202/2025/QH15 của Quốc hội về việc sắp xếp đơn vị hành chính cấp tỉnh (12 June 2025,
# in force 1 July 2025): 63 province-level units became 34. Current unit -> the former units it
# contains (the current one first where it kept its name). Official names without "tỉnh"/"thành
# phố", old tone-mark style; "Hồ Chí Minh" for Thành phố Hồ Chí Minh.
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
# The Hồ Chí Minh City forms keep their city word in a PROVINCE span (spec); other names do not.
HCM_CITY_FORMS = re.compile(r"^(?:TP\.?\s*HCM|TPHCM|TP\.?\s*Hồ Chí Minh|Thành phố Hồ Chí Minh)$", re.I)
PROVINCE_GENERIC_WORD = re.compile(r"^(?:tỉnh|thành phố|TP\.?)(?:\s|$)", re.I)


def written_forms(name: str) -> List[str]:
    """Every written form of a former unit that the project recognises, NFC, both tone-mark styles."""
    forms = [nfc(f) for f in [name, *EXTRA_FORMS.get(name, [])]]
    return sorted({*forms, *(to_new_style(f) for f in forms)})


_PROVINCE_INDEX = {name_key(form): former for former in FORMER_TO_CURRENT for form in written_forms(former)}
_GENERIC = re.compile(r"^(?:tỉnh|thành phố|tp\.?)\s+", re.I)


def link_province(text: str) -> Tuple[Optional[str], Optional[str]]:
    """(former unit, current unit) for a PROVINCE mention, or (None, None) if unknown. A leading
    generic word ("tỉnh", "thành phố", "TP") is ignored."""
    former = _PROVINCE_INDEX.get(name_key(text)) or _PROVINCE_INDEX.get(name_key(_GENERIC.sub("", nfc(text).strip())))
    return (former, FORMER_TO_CURRENT[former]) if former else (None, None)

# ---- Broad articles (select-articles stage 5) ----------------------------------------------------
# Topic cues for the raw vietnews articles, which carry no category: an article goes to the topic
# whose cues it matches most often (ties: the earlier topic). Frozen with the committed sample.
SELECTION_TOPIC_CUES: Dict[str, re.Pattern] = {
    "business": re.compile(r"\b(?:doanh nghiệp|doanh thu|lợi nhuận|cổ phiếu|chứng khoán|ngân hàng|tập đoàn|"
                           r"công ty|thương hiệu|thị trường|nhà đầu tư|xuất khẩu|bất động sản)\b", re.I),
    "world": re.compile(r"\b(?:Tổng thống|Ngoại trưởng|Liên Hợp Quốc|Nhà Trắng|Điện Kremlin|Bắc Kinh|"
                        r"Washington|Moscow|Tokyo|Seoul|London|Paris|Reuters|AFP|CNN|BBC|quân đội)\b"),
    "technology": re.compile(r"\b(?:công nghệ|smartphone|điện thoại|ứng dụng|mạng xã hội|Internet|phần mềm|"
                             r"Facebook|Google|Apple|iPhone|Microsoft|Amazon|YouTube|startup)\b", re.I),
    "society": re.compile(r"\b(?:công an|tai nạn|bệnh viện|học sinh|giáo viên|bị can|toà án|tòa án|"
                          r"cháy|người dân|trường học|cảnh sát)\b", re.I),
    "culture": re.compile(r"\b(?:ca sĩ|diễn viên|bộ phim|nghệ sĩ|đạo diễn|âm nhạc|album|hoa hậu|"
                          r"triển lãm|sân khấu|khán giả)\b", re.I),
    "sport": re.compile(r"\b(?:bóng đá|cầu thủ|HLV|đội tuyển|World Cup|V-League|Premier League|"
                        r"huy chương|vận động viên|trận đấu|bàn thắng)\b", re.I),
}
