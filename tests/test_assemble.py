"""The `assemble` command ships the tokenizer the model was trained with: a model trained on pyvi
words (`--vars.segmenter pyvi`) must not be shipped behind a syllable tokenizer."""

import shutil
import subprocess
import sys

import spacy
from spacy.tokens import DocBin

from vi_industrial.pipeline import blank_pipeline


def test_a_pyvi_trained_model_is_assembled_with_a_pyvi_tokenizer(root, gold_docs, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("project.yml", "configs", "src"):
        src = root / name
        (shutil.copytree(src, project / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
         if src.is_dir() else shutil.copy(src, project / name))
    data = tmp_path / "data.spacy"
    DocBin(docs=gold_docs(40)).to_disk(data)
    training = project / "training"
    # a tiny pyvi-tokenized model where `train` would put it, and an (empty) vectors table
    trained = subprocess.run(
        [sys.executable, "-m", "spacy", "train", str(root / "configs" / "cpu.cfg"), "--output", str(training),
         "--code", str(root / "src" / "vi_industrial" / "registration.py"), "--paths.train", str(data),
         "--paths.dev", str(data), "--paths.vectors", "null", "--components.tok2vec.model.embed.include_static_vectors",
         "false", "--nlp.tokenizer.segmenter", "pyvi", "--training.max_steps", "2", "--training.eval_frequency", "1"],
        capture_output=True, text=True, cwd=root,
    )
    assert trained.returncode == 0, trained.stdout[-2000:] + trained.stderr[-2000:]
    # the relation_extractor on top of it, where `train-relations` would put it
    related = subprocess.run(
        [sys.executable, "-m", "spacy", "train", str(root / "configs" / "relations.cfg"), "--output", str(training / "relations"),
         "--code", str(root / "src" / "vi_industrial" / "registration.py"), "--paths.model", str(training / "model-best"),
         "--paths.train", str(data), "--paths.dev", str(data), "--paths.vectors", "null", "--nlp.tokenizer.segmenter", "pyvi",
         "--training.max_steps", "2", "--training.eval_frequency", "1"],
        capture_output=True, text=True, cwd=root,
    )
    assert related.returncode == 0, related.stdout[-2000:] + related.stderr[-2000:]
    blank_pipeline().to_disk(training / "vectors")

    done = subprocess.run([sys.executable, "-m", "spacy", "project", "run", "assemble", str(project),
                           "--vars.segmenter=pyvi"], capture_output=True, text=True, cwd=root)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    shipped = spacy.load(training / "model-final")
    assert shipped.tokenizer.segmenter == "pyvi"
    assert shipped.pipe_names == ["tok2vec", "ner", "company_aliases", "relation_extractor", "money_normalizer",
                                  "province_linker", "park_normalizer"]
    # pyvi joins syllables into words: "công nghiệp" is one token
    assert "công nghiệp" in [t.text for t in shipped("Khu công nghiệp Đông Mai")]
