"""Rule-based sentence splitter for Vietnamese news text.

A boundary is a sentence-final mark (. ! ? …) plus any closing quotes or
brackets, followed by whitespace and a character that can open a sentence.
The period of a known abbreviation ("TP.", "TS.", "PGS.", "Th.S.") or of a
single-letter initial never ends a sentence, and where a line ends with an abbreviation
that precedes a name ("TP.", "GS.") and the next line opens with a name, the sentence goes on across
the line break ("... Khen thưởng TP." + "Hà Nội đã thông qua ..."). Periods and commas inside numbers
("2.300", "1,4") and slashes in dates ("10/3") are never followed by
whitespace, so they never split.
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, Iterator, List, Tuple

from vi_corpus.lexicon import ABBREVIATIONS, NAME_ABBREVIATIONS, ORGANISATION_HEADS
from vi_corpus.text import nfc

_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘[«"
# Whitespace, then the first character of the next sentence: an upper-case
# letter, a digit or an opening quote. "(" is left out on purpose: photo
# credits such as "(Ảnh DUY LINH)" belong to the caption before them.
_BOUNDARY = re.compile(
    r"(?P<end>[.!?…]+[" + re.escape(_CLOSERS) + r"]*)(?P<ws>\s+)(?=[" + re.escape(_OPENERS) + r"]*[\w])"
)


def _is_sentence_start(char: str) -> bool:
    return char.isupper() or char.isdigit()


def _word_before(text: str, end: int) -> str:
    """The whitespace-delimited word that ends at `end` (exclusive)."""
    start = end
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    return text[start:end]


def _is_abbreviation(word: str) -> bool:
    core = word.rstrip(".").lstrip(_OPENERS + "(")
    if not core:
        return False
    if core.lower() in ABBREVIATIONS:
        return True
    # A single letter ("Nguyễn V. A.") or dotted initials ("T.D.") are initials.
    return all(len(part) == 1 and part.isalpha() for part in core.split("."))


def split_spans(paragraph: str) -> List[Tuple[int, int]]:
    """Character spans (start, end) of the sentences in `paragraph`.

    The spans cover every non-whitespace character exactly once; only the
    whitespace between sentences and at the paragraph edges is left out.
    """
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(paragraph):
        end_mark = match.group("end")
        next_start = match.end("ws")
        rest = paragraph[next_start:].lstrip(_OPENERS)
        if not rest or not _is_sentence_start(rest[0]):
            continue
        if end_mark == "." and _is_abbreviation(_word_before(paragraph, match.end("end"))):
            continue
        spans.append((start, match.end("end")))
        start = next_start
    spans.append((start, len(paragraph)))
    return [_strip(paragraph, s, e) for s, e in spans if paragraph[s:e].strip()]


def _strip(text: str, start: int, end: int) -> Tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(paragraph: str) -> List[str]:
    """The sentences of one paragraph, stripped of surrounding whitespace."""
    return [paragraph[s:e] for s, e in split_spans(paragraph)]


def iter_paragraphs(text: str) -> Iterator[str]:
    """Non-empty lines of an article; every line is a paragraph."""
    for line in text.splitlines():
        line = line.strip()
        if line:
            yield line


def ends_with_name_abbreviation(sentence: str) -> bool:
    words = sentence.split()
    return bool(words) and words[-1].endswith(".") and words[-1].rstrip(".").lower() in NAME_ABBREVIATIONS


def opens_with_name(line: str) -> bool:
    """Whether a line opens with a place or person name: two capitalised words ("Hà Nội", "Thủ Dầu
    Một"), an acronym ("HCM"), or one capitalised word before punctuation ("Pleiku,"), unless the
    first word opens the name of a body ("Ban Quản lý ...")."""
    words = line.split()
    first = words[0].rstrip(",.;:)")
    if not first or not first[0].isupper() or first in ORGANISATION_HEADS:
        return False
    if first.isupper() or first != words[0]:
        return True
    return len(words) > 1 and words[1][0].isupper()


def article_sentences(text: str) -> Iterator[Tuple[int, int, str]]:
    """(paragraph number, sentence number, sentence) of an NFC article text. The sentence number counts
    the sentences of each line as `split_sentences` cuts them, from 1; a sentence continued on the
    next line keeps the number (and paragraph) of its first part, so the numbers of the others do
    not depend on the joins."""
    pending = None  # (paragraph, number, text) of a sentence that may go on on the next line
    n = 0
    for paragraph_no, paragraph in enumerate(iter_paragraphs(text)):
        sentences = split_sentences(paragraph)
        for i, sentence in enumerate(sentences):
            n += 1
            if pending is not None:
                if i == 0 and opens_with_name(sentence):
                    pending = (pending[0], pending[1], pending[2] + " " + sentence)
                    if len(sentences) > 1 or not ends_with_name_abbreviation(sentence):
                        yield pending
                        pending = None
                    continue
                yield pending
                pending = None
            if i == len(sentences) - 1 and ends_with_name_abbreviation(sentence):
                pending = (paragraph_no, n, sentence)
            else:
                yield paragraph_no, n, sentence
    if pending is not None:
        yield pending


def sentence_records(articles: Iterable[Tuple[str, str, str]], stats: Dict[str, int]) -> Iterator[dict]:
    """Sentence records {id, text, meta} of (article id, source, text) articles, exact duplicates of an
    earlier sentence dropped; `stats` counts articles, sentences and duplicates."""
    seen = set()
    for article_id, source, text in articles:
        stats["articles"] += 1
        for paragraph_no, n, sentence in article_sentences(nfc(text)):
            stats["sentences"] += 1
            if sentence in seen:
                stats["duplicates"] += 1
                continue
            seen.add(sentence)
            yield {
                "id": f"{article_id}-{n}",
                "text": sentence,
                "meta": {"article": article_id, "source": source, "paragraph": paragraph_no},
            }
