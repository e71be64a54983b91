"""Load a trained pipeline for the workflow scripts, with one-line errors.

A pipeline folder needs the project's registered code (tokenizer, components) imported
before `spacy.load`; an installed package carries its own. Used by evaluate, robustness,
extract, preannotate and evaluate_rules, so that all of them load and fail the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union

import spacy
from spacy.language import Language
from spacy.util import import_file

from jsonl_io import fail


def load_pipeline(model: Union[str, Path], code: Optional[Path] = None) -> Language:
    """Import `code` (if given), then load `model` (a folder or an installed package name)."""
    if code is not None:
        if not Path(code).exists():
            fail(f"{code}: file not found")
        import_file(Path(code).stem, code)
    try:
        return spacy.load(model)
    except (OSError, IOError) as e:
        fail(f"{model}: cannot load the model ({str(e).splitlines()[0]})")
