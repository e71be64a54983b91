"""Vietnamese text forms: Unicode normalization, tone-mark styles, and offsets between forms.

The same word reaches the project in two tone-mark styles and sometimes decomposed (NFD):
- syllable-final oa, oe and uy take the tone mark on the first vowel in the old style (kiểu cũ:
  "hòa", "khỏe", "thủy") and on the second in the new style (kiểu mới, UniKey's "oà, uý": "hoà",
  "khoẻ", "thuỷ"). Everything else is spelled the same in both: "hoàn", "thuyền", "khuỷu", and
  "quý", where u belongs to the consonant "qu";
- NFD writes "à" as "a" + U+0300; the corpus, the spec and the model work on NFC.

Every module that restyles, normalizes or maps offsets between these forms uses this one.
Standard library only: it runs in the annotation environment too.
"""

from __future__ import annotations

import re
import unicodedata
from typing import List, Optional, Tuple

# ---- Tone-mark styles ----------------------------------------------------------------------------
_TONES = "\u0300\u0301\u0309\u0303\u0323"  # huyền, sắc, hỏi, ngã, nặng
_SPLIT = {unicodedata.normalize("NFC", base + tone): (base, tone) for base in "aeouyAEOUY" for tone in ["", *_TONES]}
_JOIN = {parts: char for char, parts in _SPLIT.items()}


def _letters(bases: str) -> str:
    return "[" + "".join(char for char, (base, _) in _SPLIT.items() if base in bases) + "]"


# Not after q ("quý"), not followed by a letter, digit or combining mark (syllable-final only).
_FINAL_PAIR = re.compile(
    f"(?<![qQ])(?:{_letters('oO')}{_letters('aAeE')}|{_letters('uU')}{_letters('yY')})(?![\\w\\u0300-\\u036f])"
)


def _restyle(text: str, on_second: bool) -> str:
    def move(m: re.Match) -> str:
        (b1, t1), (b2, t2) = _SPLIT[m[0][0]], _SPLIT[m[0][1]]
        if bool(t1) == bool(t2):  # no tone, or two (not a Vietnamese spelling): leave it
            return m[0]
        tone = t1 or t2
        return _JOIN[b1, "" if on_second else tone] + _JOIN[b2, tone if on_second else ""]

    return _FINAL_PAIR.sub(move, text)


def to_old_style(text: str) -> str:
    """Old tone-mark style, kiểu cũ ("Hoà" -> "Hòa", "THUỶ" -> "THỦY"). Expects NFC; keeps the length."""
    return _restyle(text, on_second=False)


def to_new_style(text: str) -> str:
    """New tone-mark style, kiểu mới ("Hòa" -> "Hoà", "THỦY" -> "THUỶ"). Expects NFC; keeps the length."""
    return _restyle(text, on_second=True)


def styles_used(text: str) -> Tuple[bool, bool]:
    """(has a syllable written in the new style, has one written in the old style)."""
    new = old = False
    for m in _FINAL_PAIR.finditer(text):
        (_, t1), (_, t2) = _SPLIT[m[0][0]], _SPLIT[m[0][1]]
        new, old = new or bool(t2 and not t1), old or bool(t1 and not t2)
    return new, old


# ---- The normalized form -------------------------------------------------------------------------
def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def normalize(text: str) -> str:
    """The form the tokenizer segments and featurizes: NFC, old tone-mark style."""
    return to_old_style(nfc(text))


def normalize_with_offsets(text: str) -> Tuple[str, Optional[List[int]], Optional[List[int]]]:
    """normalize(text), plus for each of its characters the start and end of the original characters
    it comes from (None when the text is NFC already: restyling keeps the length). NFC is applied to
    each base character with its combining marks, so every chunk maps back as a whole."""
    if unicodedata.is_normalized("NFC", text):
        return to_old_style(text), None, None
    pieces, starts, ends = [], [], []
    begin = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or not unicodedata.combining(text[i]):
            piece = nfc(text[begin:i])
            pieces.append(piece)
            starts += [begin] * len(piece)
            ends += [i] * len(piece)
            begin = i
    return to_old_style("".join(pieces)), starts, ends


def name_key(text: str) -> str:
    """Lookup key of a name: NFC, old tone-mark style, lower case, dashes, dots and spaces folded."""
    return re.sub(r"[\s\-–—.]+", " ", normalize(text.strip()).lower()).strip()


# ---- Offsets between NFC and NFD -----------------------------------------------------------------
def nfc_offsets(text: str) -> Tuple[str, List[Optional[int]]]:
    """NFC of `text` and, for each offset 0..len(text), its offset in the NFC text.

    Normalization is applied per combining sequence (a starter and the marks after
    it), which is where NFC composes; an offset inside a sequence that composes
    into fewer characters maps to None (no character boundary there in NFC).
    """
    mapping: List[Optional[int]] = []
    parts: List[str] = []
    out_len = 0
    i = 0
    while i < len(text):
        j = i + 1
        while j < len(text) and unicodedata.combining(text[j]):
            j += 1
        chunk = text[i:j]
        composed = nfc(chunk)
        mapping.append(out_len)
        mapping.extend(out_len + k if len(composed) == len(chunk) else None for k in range(1, len(chunk)))
        parts.append(composed)
        out_len += len(composed)
        i = j
    mapping.append(out_len)
    return "".join(parts), mapping


def nfd_offsets(text: str) -> Tuple[str, List[int]]:
    """NFD of NFC `text` and, for each offset 0..len(text), the matching offset in the NFD text.
    ValueError when NFD reorders marks across characters (offsets would not map)."""
    pieces = [unicodedata.normalize("NFD", c) for c in text]
    offsets = [0]
    for piece in pieces:
        offsets.append(offsets[-1] + len(piece))
    decomposed = "".join(pieces)
    if decomposed != unicodedata.normalize("NFD", text):
        raise ValueError(f"cannot map offsets of the NFD form of {text!r}")
    return decomposed, offsets


# ---- Syllable structure --------------------------------------------------------------------------
# A Vietnamese syllable is (onset) (medial o/u) nucleus (final) + one of six tones; the inventory is
# closed, so a capitalised token that does not parse ("Zuckerberg", "Lee", "Kun" - k only before
# e, ê, i, y) is a foreign word or a code. Tone marks are stripped first; vowel quality marks
# (â, ă, ê, ô, ơ, ư) are kept.
_ONSET = "ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|b|c|d|đ|g|h|k|l|m|n|p|r|s|t|v|x"
_NUCLEUS = "iê|yê|uô|ươ|ia|ya|ua|ưa|a|ă|â|e|ê|i|o|ô|ơ|u|ư|y"
_FINAL = "ng|nh|ch|c|m|n|p|t|i|y|o|u"
_SYLLABLE = re.compile(f"(?P<onset>{_ONSET})?(?P<medial>[ou](?=[aăâeêiyơ]))?(?P<nucleus>{_NUCLEUS})(?P<final>{_FINAL})?")
_FRONT = "eêiy"


def _toneless(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.lower())
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if ch not in _TONES))


def is_vietnamese_syllable(word: str) -> bool:
    """Whether `word` (one token, any case, either tone-mark style) is spelled as a Vietnamese syllable:
    "Nguyễn", "khuỷu", "quý", "gì", "Hoà" are; "Zuckerberg", "Lee", "Kun", "iPhone", "Hyundai" are not."""
    bare = _toneless(word)
    m = _SYLLABLE.fullmatch(bare)
    if not m:
        return False
    onset, medial, nucleus, final = m["onset"] or "", m["medial"] or "", m["nucleus"], m["final"] or ""
    rhyme = medial + nucleus + final
    if onset in ("k", "gh", "ngh") and rhyme[0] not in _FRONT:
        return False
    if onset in ("c", "ng") and rhyme[0] in _FRONT or onset == "g" and rhyme[0] in "eêy":
        return False  # "g" before i is the onset "gi" of "gì", "gìn"
    if onset == "qu" and medial:
        return False
    if final in ("i", "y", "o", "u") and final == nucleus[-1]:  # "ii", "uu": not a spelling
        return False
    return True


def has_vietnamese_letter(word: str) -> bool:
    """Whether `word` has a letter that English writing lacks: đ, or a vowel with a diacritic."""
    return any(char in "đĐ" or (char.isalpha() and len(unicodedata.normalize("NFD", char)) > 1) for char in word)


def glued_word_cuts(word: str) -> List[int]:
    """Where a word of letters is two words glued by a lost space, found by the case change the glue
    leaves ("tỉnhTiền", "KHÁNHTổng", "CƯỜNGTuy"): offsets of a capital after a lower-case letter, or
    of a capital that opens a lower-case run after two capitals. Only in a word with a Vietnamese
    letter: brands written in camel case ("VnExpress", "TPBank", "McCain", "iPhone") have none. In
    10,000 raw vietnews articles: 125 such words with a Vietnamese letter, all glue; 2,306 without."""
    if not word.isalpha() or not has_vietnamese_letter(word):
        return []
    cuts = []
    for i in range(1, len(word)):
        lower_to_upper = word[i - 1].islower() and word[i].isupper()
        caps_to_word = i >= 2 and word[i - 2].isupper() and word[i - 1].isupper() and word[i].isupper() and i + 1 < len(word) and word[i + 1].islower()
        if lower_to_upper or caps_to_word:
            cuts.append(i)
    return cuts
