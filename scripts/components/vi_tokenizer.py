"""Vietnamese tokenizer for the vi_industrial_ner pipeline (shipped with the model).

spaCy's built-in Vietnamese tokenizer runs pyvi's own syllabifier, which keeps
a period glued to an upper-case word ("USD.", "VSIP.") because it reads it as
an abbreviation. A MONEY or COMPANY span that ends before that period cannot
be aligned to tokens and is lost in training. This tokenizer syllabifies with
its own rules, so punctuation is always a token of its own (numbers such as
"2.300", "1,4" and dates such as "10/3" stay whole), and then, in "pyvi" mode,
lets pyvi's CRF join syllables into words. Two syllables are only joined when
a single space separates them, so a word never swallows punctuation.

Segmenters:
- "pyvi": syllables joined into words by pyvi's CRF (the tokens contain spaces)
- "syllable": one token per syllable, punctuation split off
- "whitespace": plain whitespace splitting (for comparison only)
"""

from __future__ import annotations

import re
from typing import Callable, List, Tuple

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, get_words_and_spaces, registry
from spacy.vocab import Vocab

SEGMENTERS = ("pyvi", "syllable", "whitespace")

# Combining marks (U+0300-U+036F) count as word characters so that text in
# decomposed form (NFD) still yields whole syllables.
_WORD = r"[\w\u0300-\u036f]+"
_NUMBER = r"\d+(?:[.,/]\d+)+"
_URL = r"\w+://\S+"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_PUNCT = r"([^\w\s\u0300-\u036f])\1*"  # a run of the same mark ("...", "--") is one token
_SYLLABLE = re.compile("|".join([_URL, _EMAIL, _NUMBER, _WORD, _PUNCT]))


def syllabify(text: str) -> List[Tuple[int, int]]:
    """Character spans of syllables, numbers and punctuation marks."""
    return [m.span() for m in _SYLLABLE.finditer(text)]


def _pyvi_word_starts(syllables: List[str]) -> List[bool]:
    from pyvi.ViTokenizer import ViTokenizer

    labels = ViTokenizer.model.predict([ViTokenizer.sent2features(syllables, False)])[0]
    return [label != "I_W" for label in labels]


def _joinable(text: str, left: Tuple[int, int], right: Tuple[int, int]) -> bool:
    """pyvi's own conditions, plus: exactly one space between two word syllables."""
    a, b = text[left[0] : left[1]], text[right[0] : right[1]]
    if right[0] != left[1] + 1 or text[left[1]] != " ":
        return False
    if not (a[0].isalpha() and b[0].isalpha()):
        return False
    # pyvi never joins a capitalised syllable onto a lower-case one
    return not (b[0].isupper() and not a[0].isupper())


def segment(text: str, segmenter: str) -> List[Tuple[int, int]]:
    """Token spans of `text` for the given segmenter."""
    if segmenter == "whitespace":
        return [m.span() for m in re.finditer(r"\S+", text)]
    spans = syllabify(text)
    if segmenter == "syllable" or len(spans) < 2:
        return spans
    starts = _pyvi_word_starts([text[s:e] for s, e in spans])
    words = [list(spans[0])]
    for i in range(1, len(spans)):
        if not starts[i] and _joinable(text, spans[i - 1], spans[i]):
            words[-1][1] = spans[i][1]
        else:
            words.append(list(spans[i]))
    return [(s, e) for s, e in words]


class VietnameseTokenizer(DummyTokenizer):
    def __init__(self, vocab: Vocab, segmenter: str = "pyvi"):
        if segmenter not in SEGMENTERS:
            raise ValueError(f"unknown segmenter {segmenter!r}; expected one of {', '.join(SEGMENTERS)}")
        self.vocab = vocab
        self.segmenter = segmenter

    def __reduce__(self):
        return VietnameseTokenizer, (self.vocab, self.segmenter)

    def __call__(self, text: str) -> Doc:
        words = [text[s:e] for s, e in segment(text, self.segmenter)]
        if not words:
            return Doc(self.vocab, words=[text], spaces=[False]) if text else Doc(self.vocab)
        words, spaces = get_words_and_spaces(words, text)
        return Doc(self.vocab, words=words, spaces=spaces)


@registry.tokenizers("vi_industrial.Tokenizer.v1")
def create_tokenizer(segmenter: str = "pyvi") -> Callable[[Language], VietnameseTokenizer]:
    def make_tokenizer(nlp: Language) -> VietnameseTokenizer:
        return VietnameseTokenizer(nlp.vocab, segmenter=segmenter)

    return make_tokenizer
