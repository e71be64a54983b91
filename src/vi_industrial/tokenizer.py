"""Vietnamese tokenizer of the vi_industrial_ner pipeline (registered as vi_industrial.Tokenizer.v1).

spaCy's built-in Vietnamese tokenizer runs pyvi's own syllabifier, which keeps
a period glued to an upper-case word ("USD.", "VSIP.") because it reads it as
an abbreviation. A MONEY or COMPANY span that ends before that period cannot
be aligned to tokens and is lost in training. This tokenizer syllabifies with
its own rules, so punctuation is always a token of its own (numbers such as
"2.300", "1,4" and dates such as "10/3" stay whole), and then, in "pyvi" mode,
lets pyvi's CRF join syllables into words. Two syllables are only joined when
a single space separates them, so a word never swallows punctuation.

The same word reaches us in two tone-mark styles ("Khánh Hòa"/"Khánh Hoà") and
sometimes decomposed (NFD). The tokenizer segments a normalized form of the
text (NFC, old tone-mark style) and maps the token boundaries back to the
original characters, so `doc.text` is always the input (the forms and the offset
mapping are vi_corpus.text's). The lexical features
the model reads (NORM, PREFIX, SUFFIX, SHAPE, and the vectors, keyed by NORM)
are computed from the normalized form too (`set_normalized_lex_attrs`): every
spelling variant of a sentence gets identical features, hence identical entities.

Segmenters:
- "pyvi": syllables joined into words by pyvi's CRF (the tokens contain spaces)
- "syllable": one token per syllable, punctuation split off
- "whitespace": plain whitespace splitting (for comparison only)
"""

from __future__ import annotations

import re
from typing import Callable, List, Tuple

from spacy.attrs import NORM, PREFIX, SHAPE, SUFFIX
from spacy.lang.lex_attrs import LEX_ATTRS
from spacy.lang.norm_exceptions import BASE_NORMS
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import DummyTokenizer, registry
from spacy.vocab import Vocab

from vi_corpus.text import glued_word_cuts, is_vietnamese_syllable, normalize, normalize_with_offsets

# ---- Lexical attributes of the normalized form -------------------------------------------------


def token_norm(string: str) -> str:
    """NORM of a token: its normalized form with spaCy's base norms ("“" -> '"'). Case is kept: with
    lower-cased NORMs and vectors, test F was 0.02-0.035 lower (two seeds; README, Robustness); SHAPE,
    PREFIX and SUFFIX carry case too. prepare-raw-text writes the vectors' training text with it,
    so vector keys are NORMs."""
    string = normalize(string)
    return BASE_NORMS.get(string, string)


class NormalizedGetter:
    """A lexical attribute getter applied to the normalized form of the string (picklable)."""

    def __init__(self, getter: Callable[[str], object]):
        self.getter = getter

    def __call__(self, string: str):
        return self.getter(normalize(string))


class ForeignMarkedShape:
    """SHAPE of the normalized form, with "~" appended to a word of letters that is not spelled as a
    Vietnamese syllable ("Zuckerberg" Xxxxx~, "Nguyễn" Xxxxx; acronyms in capitals keep their shape):
    the syllable inventory is closed, so the mark tells a foreign name or brand from a Vietnamese word
    that the case alone does not (picklable)."""

    def __call__(self, string: str) -> str:
        form = normalize(string)
        shape = LEX_ATTRS[SHAPE](form)
        if form.isalpha() and not form.isupper() and not is_vietnamese_syllable(form):
            return shape + "~"
        return shape


def set_normalized_lex_attrs(vocab: Vocab, foreign_shape: bool = False) -> None:
    """Make the attributes the model embeds (NORM, PREFIX, SUFFIX, SHAPE) come from the normalized
    form (SHAPE marks foreign words with `foreign_shape`). Lexemes are not saved with a pipeline: they
    are created again, with these getters, after spacy.load; lexemes that already exist are updated."""
    getters = {NORM: token_norm, **{attr: NormalizedGetter(LEX_ATTRS[attr]) for attr in (PREFIX, SUFFIX, SHAPE)}}
    if foreign_shape:
        getters[SHAPE] = ForeignMarkedShape()
    vocab.lex_attr_getters.update(getters)
    for lex in vocab:
        lex.norm_, lex.prefix_, lex.suffix_, lex.shape_ = (getters[a](lex.orth_) for a in (NORM, PREFIX, SUFFIX, SHAPE))


# ---- Segmentation --------------------------------------------------------------------------------
SEGMENTERS = ("pyvi", "syllable", "whitespace")

# Combining marks (U+0300-U+036F) count as word characters: a mark that NFC cannot
# compose with its letter ("x\u0301") stays inside the syllable.
_WORD = r"[\w\u0300-\u036f]+"
_NUMBER = r"\d+(?:[.,/]\d+)+"
_URL = r"\w+://\S+"
_EMAIL = r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
_PUNCT = r"([^\w\s\u0300-\u036f])\1*"  # a run of the same mark ("...", "--") is one token
_SYLLABLE = re.compile("|".join([_URL, _EMAIL, _NUMBER, _WORD, _PUNCT]))


def syllabify(text: str, split_glued: bool = True) -> List[Tuple[int, int]]:
    """Character spans of syllables, numbers and punctuation marks; with `split_glued`, a word glued to
    the next by a lost space is cut where its case changes (vi_corpus.text.glued_word_cuts)."""
    spans = [m.span() for m in _SYLLABLE.finditer(text)]
    if not split_glued:
        return spans
    out = []
    for start, end in spans:
        cuts = glued_word_cuts(text[start:end])
        edges = [start, *(start + cut for cut in cuts), end]
        out.extend(zip(edges, edges[1:]))
    return out


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


def _segment_normalized(text: str, segmenter: str, split_glued: bool = True) -> List[Tuple[int, int]]:
    if segmenter == "whitespace":
        return [m.span() for m in re.finditer(r"\S+", text)]
    spans = syllabify(text, split_glued)
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


def segment(text: str, segmenter: str, split_glued: bool = True) -> List[Tuple[int, int]]:
    """Token spans of `text` for the given segmenter, found on the normalized form."""
    normalized, starts, ends = normalize_with_offsets(text)
    spans = _segment_normalized(normalized, segmenter, split_glued)
    if starts is None:
        return spans
    out: List[Tuple[int, int]] = []
    for s, e in spans:
        s, e = starts[s], ends[e - 1]
        if out and s < out[-1][1]:  # a boundary inside one composed chunk: keep the chunk whole
            out[-1] = (out[-1][0], max(e, out[-1][1]))
        else:
            out.append((s, e))
    return out


def words_and_spaces(text: str, spans: List[Tuple[int, int]]) -> Tuple[List[str], List[bool]]:
    """spaCy's words and spaces: one space after a token is its trailing whitespace, any other
    whitespace a token of its own. Linear in the text (spacy.util.get_words_and_spaces slices the
    rest of the text for every word, quadratic on a 1,000,000-character document)."""
    words, spaces, pos = [], [], 0
    for s, e in spans:
        if s > pos:
            words.append(text[pos:s])
            spaces.append(False)
        words.append(text[s:e])
        spaces.append(e < len(text) and text[e] == " ")
        pos = e + spaces[-1]
    if pos < len(text):
        words.append(text[pos:])
        spaces.append(False)
    return words, spaces


class VietnameseTokenizer(DummyTokenizer):
    def __init__(self, vocab: Vocab, segmenter: str = "syllable", split_glued: bool = True):
        if segmenter not in SEGMENTERS:
            raise ValueError(f"unknown segmenter {segmenter!r}; expected one of {', '.join(SEGMENTERS)}")
        self.vocab = vocab
        self.segmenter = segmenter
        self.split_glued = split_glued

    def __reduce__(self):
        return VietnameseTokenizer, (self.vocab, self.segmenter, self.split_glued)

    def __call__(self, text: str) -> Doc:
        words, spaces = words_and_spaces(text, segment(text, self.segmenter, self.split_glued))
        return Doc(self.vocab, words=words, spaces=spaces)


@registry.tokenizers("vi_industrial.Tokenizer.v1")
def create_tokenizer(segmenter: str = "syllable", foreign_shape: bool = False, split_glued: bool = True) -> Callable[[Language], VietnameseTokenizer]:
    """`foreign_shape`: SHAPE marks the words that are not Vietnamese syllables (ForeignMarkedShape);
    `split_glued` (default): words glued by a lost space are cut where their case changes ("tỉnhTiền",
    vi_corpus.text.glued_word_cuts: 125 such words in 10,000 raw articles, no camel-case brand cut)."""

    def make_tokenizer(nlp: Language) -> VietnameseTokenizer:
        set_normalized_lex_attrs(nlp.vocab, foreign_shape)
        return VietnameseTokenizer(nlp.vocab, segmenter=segmenter, split_glued=split_glued)

    return make_tokenizer
