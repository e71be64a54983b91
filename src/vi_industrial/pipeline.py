"""Pipelines for the workflow scripts and the tests: load a trained one with one-line errors, or
make a blank one with the project's tokenizer.

Importing vi_industrial registers the tokenizer and the components, so a pipeline folder loads
as it is; an installed model package imports them itself.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Union

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin

import vi_industrial  # noqa: F401  (registers the tokenizer and the components)
from vi_corpus.jsonl import fail
from vi_industrial.tokenizer import SEGMENTERS

TOKENIZER = "vi_industrial.Tokenizer.v1"


def blank_pipeline(segmenter: str = "syllable") -> Language:
    """A blank Vietnamese pipeline with the project's tokenizer."""
    if segmenter not in SEGMENTERS:
        raise ValueError(f"unknown segmenter {segmenter!r}; expected one of {', '.join(SEGMENTERS)}")
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": TOKENIZER, "segmenter": segmenter}}})


def load_pipeline(model: Union[str, Path]) -> Language:
    """Load `model` (a folder or an installed package name); one line on stderr if it cannot be loaded."""
    try:
        return spacy.load(model)
    except (OSError, IOError) as e:
        fail(f"{model}: cannot load the model ({str(e).splitlines()[0]})")


def read_docs(path: Union[str, Path], nlp: Language) -> List[Doc]:
    """The docs of a DocBin (.spacy); one line on stderr if the file is missing."""
    if not Path(path).exists():
        fail(f"{path}: file not found")
    return list(DocBin().from_disk(path).get_docs(nlp.vocab))
