"""The spaCy side of vi-industrial-ner: the code that ships inside the model (the tokenizer
vi_industrial.Tokenizer.v1, the components company_aliases, money_normalizer, province_linker and
park_normalizer and relation_extractor, the training reader vi_industrial.ArticleChunks.v1, the matrix-kernel callback
vi_industrial.MatrixKernel.v1) and the workflow's helpers
(loading, evaluation, studies).

Importing the package registers everything; `registration.py` is the one file that
`spacy train/assemble/package --code` take.
"""

from vi_industrial import company_aliases, money_normalizer, ops, park_normalizer, province_linker, readers, relations, tokenizer

__all__ = ["company_aliases", "money_normalizer", "ops", "park_normalizer", "province_linker", "readers", "relations",
           "tokenizer"]
