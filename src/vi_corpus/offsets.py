"""Character offsets between this corpus (Python, NFC) and doccano's browser editor.

Two things shift doccano offsets:
- doccano's editor counts UTF-16 code units (JavaScript strings) unless a project
  uses grapheme mode, so every character outside the Basic Multilingual Plane
  (emoji such as "🏭") counts twice in the browser and once in Python;
- decomposed diacritics (NFD, "a" + U+0300) are two code points where NFC has one.

Texts are NFC before they reach doccano and offsets are converted to UTF-16 on the
way in and back on the way out, so that what an annotator marks in the browser is
what Python slices. Pure standard library: it runs in the annotation environment.
"""

from __future__ import annotations

import unicodedata
from typing import Callable, List, Optional, Sequence, Tuple

from vi_corpus.text import nfc_offsets

Span = Tuple[int, int, str]


class OffsetError(ValueError):
    """An offset that falls inside a character (a surrogate pair or a combining sequence)."""


def has_astral(text: str) -> bool:
    """True when `text` has a character outside the Basic Multilingual Plane."""
    return any(ord(c) > 0xFFFF for c in text)


def _utf16_positions(text: str) -> List[int]:
    """UTF-16 offset of every code-point boundary 0..len(text)."""
    positions = [0]
    for char in text:
        positions.append(positions[-1] + (2 if ord(char) > 0xFFFF else 1))
    return positions


def to_utf16(text: str, spans: Sequence[Span]) -> List[Span]:
    """Code-point spans -> UTF-16 spans (what doccano's editor shows)."""
    if not has_astral(text):
        return [tuple(s) for s in spans]
    pos = _utf16_positions(text)
    return [(pos[s], pos[e], label) for s, e, label in spans]


def from_utf16(text: str, spans: Sequence[Span]) -> List[Span]:
    """UTF-16 spans -> code-point spans; an offset inside a surrogate pair is an error."""
    if not has_astral(text):
        return [tuple(s) for s in spans]
    back = {p: i for i, p in enumerate(_utf16_positions(text))}
    return _move(spans, back.get, "cuts a character outside the BMP in two")


def _move(spans: Sequence[Span], new_offset: Callable[[int], Optional[int]], problem: str) -> List[Span]:
    """Each span with its offsets mapped by `new_offset`; None (no boundary there) is an error."""
    out = []
    for s, e, label in spans:
        start, end = new_offset(s), new_offset(e)
        if start is None or end is None:
            raise OffsetError(f"span [{s}, {e}, {label!r}] {problem}")
        out.append((start, end, label))
    return out


def spans_to_nfc(text: str, spans: Sequence[Span]) -> Tuple[str, List[Span]]:
    """The NFC text and the spans moved onto it."""
    nfc, mapping = nfc_offsets(text)
    if nfc != unicodedata.normalize("NFC", text):  # composition across sequences: not expected in Vietnamese
        raise OffsetError("text does not normalize per combining sequence")
    return nfc, _move(spans, lambda p: mapping[p] if 0 <= p < len(mapping) else None, "splits a letter from its diacritic")


def spans_from_nfc(original: str, spans: Sequence[Span]) -> List[Span]:
    """Spans on NFC(original) moved back onto `original` (e.g. a local NFD record)."""
    _, mapping = nfc_offsets(original)
    back = {p: i for i, p in enumerate(mapping) if p is not None}
    return _move(spans, back.get, "has no boundary in the original text")
