"""The corpus and annotation side of vi-industrial-ner: records and their validation, JSONL and
article reading, sentence splitting, offsets between text forms, annotator agreement, the doccano
record format, and the project's Vietnamese knowledge (`lexicon`, `text`).

Standard library only, so that the annotation environment (doccano-client, pydantic<2) imports it
without spaCy; tests/test_packages.py checks that in that environment.
"""
