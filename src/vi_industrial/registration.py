"""Registers the project's spaCy code (tokenizer, components, reader): the one `--code` file of the
workflow's spaCy commands (train, assemble, package, pretrain, debug data).

`spacy package --code` copies this file into the model package, whose `__init__.py` imports it, so
the installed model imports vi_industrial (a requirement of the model wheel) before it is loaded.
"""

import vi_industrial  # noqa: F401  (importing the package registers its functions)
