"""money_normalizer: MONEY entities -> ent._.amount, ent._.amount_max, ent._.currency (shipped with the model).

Currency, scale and number words are vi_corpus.lexicon's.

Vietnamese number writing: "." groups thousands and "," is the decimal mark ("2.300 tỷ đồng" =
2.3e12 VND, "1,4 tỷ USD" = 1.4e9 USD). Scale words multiply (nghìn/ngàn 1e3, triệu 1e6, tỷ/tỉ 1e9,
combinations such as "nghìn tỷ" 1e12), groups add up ("1 tỷ 200 triệu đồng"). A range ("5 đến 10 tỷ
đồng", "220 - 500 triệu đồng") sets `amount` and `amount_max`, the lower end taking the scale of the
upper one. A vague amount ("hàng trăm triệu USD", "vài chục triệu USD") sets `amount` to None
rather than a guess; so does text that does not parse. The currency is an ISO 4217 code.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Optional, Tuple

from spacy.language import Language

from vi_corpus.lexicon import CURRENCIES, NUMBER_WORDS, SCALES, SUBUNIT, VAGUE_AMOUNT
from vi_industrial.entity_attributes import EntityAttributes

RANGE = re.compile(r"\s*(?:-|–|—|~|đến|tới|hoặc)\s*")
TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+", re.U)


def parse_number(text: str) -> Optional[float]:
    """A numeral written the Vietnamese way: '.' groups thousands, ',' is the decimal mark."""
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?", text):
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"\d+(?:,\d+)?", text):
        return float(text.replace(",", "."))
    if re.fullmatch(r"\d+\.\d{1,2}", text):  # English decimal point, "2.5"
        return float(text)
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):  # English thousands, "1,500,000"
        return float(text.replace(",", ""))
    return None


def split_currency(text: str) -> Tuple[str, Optional[str], float]:
    """(amount text, ISO code, subunit factor); currency words may stand before or after the amount."""
    lowered = text.lower()
    for word, code in CURRENCIES:
        for pattern in (rf"(?:^|\s){re.escape(word)}\s*$", rf"^{re.escape(word)}\s*(?=\d)"):
            m = re.search(pattern, lowered)
            if m:
                rest = (text[: m.start()] + text[m.end():]).strip()
                return rest, code, SUBUNIT.get(word, 1.0)
    return text, None, 1.0


def parse_amount(text: str) -> Tuple[Optional[float], bool]:
    """Value of an amount without currency, and whether it had its own scale word.
    (None, _) when it is vague or does not parse."""
    tokens = TOKEN.findall(text.lower())
    if not tokens or any(t in VAGUE_AMOUNT for t in tokens):
        return None, False
    total, current, had_scale, pending_scale = 0.0, None, False, False
    for tok in tokens:
        value = parse_number(tok) if tok[0].isdigit() else NUMBER_WORDS.get(tok)
        if value is not None:
            if current is not None and not pending_scale:
                return None, False  # two numbers in a row
            if current is not None:
                total += current
            current, pending_scale = value, False
        elif tok in SCALES:
            if current is None:
                current = 1.0  # "triệu USD" = one million
            current *= SCALES[tok]
            had_scale = pending_scale = True
        else:
            return None, False
    if current is None:
        return None, False
    return total + current, had_scale


def normalize(text: str) -> Tuple[Optional[float], Optional[float], Optional[str]]:
    """(amount, amount_max, currency) of a MONEY span's text."""
    text = unicodedata.normalize("NFC", text).strip()
    rest, currency, factor = split_currency(text)
    if currency is None:
        return None, None, None
    parts = [p for p in RANGE.split(rest) if p]
    if len(parts) == 2:
        low, low_scaled = parse_amount(parts[0])
        high, _ = parse_amount(parts[1])
        if low is None or high is None:
            return None, None, currency
        if not low_scaled:  # "5 đến 10 tỷ": the lower end takes the upper end's scale
            scale_words = [t for t in TOKEN.findall(parts[1].lower()) if t in SCALES]
            for word in scale_words:
                low *= SCALES[word]
        return low * factor, high * factor, currency
    amount, _ = parse_amount(rest)
    return (amount * factor if amount is not None else None), None, currency


class MoneyNormalizer(EntityAttributes):
    def __init__(self, label: str = "MONEY"):
        super().__init__(label, ("amount", "amount_max", "currency"), normalize)


@Language.factory("money_normalizer", default_config={"label": "MONEY"})
def make_money_normalizer(nlp: Language, name: str, label: str) -> MoneyNormalizer:
    return MoneyNormalizer(label)
