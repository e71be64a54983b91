"""Registers every component that ships with the model, and the training reader, for the workflow's
`--code` option.

`spacy train`/`evaluate` take one `--code` file; this one imports its sibling modules (which
register the tokenizer and the factories). The packaged model imports the modules itself
(`spacy package --code` lists each file), so this loader is not shipped.
"""

import sys
from pathlib import Path

_HERE = str(Path(__file__).resolve().parent)
if _HERE not in sys.path:
    sys.path.insert(0, _HERE)

import article_chunks  # noqa: E402,F401
import company_aliases  # noqa: E402,F401
import money_normalizer  # noqa: E402,F401
import park_normalizer  # noqa: E402,F401
import province_linker  # noqa: E402,F401
import vi_tokenizer  # noqa: E402,F401
