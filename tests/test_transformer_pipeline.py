"""The transformer config trains, packages and loads, with a tiny BERT built here.

No weights can be downloaded, so the test writes a 2-layer BERT with a vocabulary of
corpus syllables to a local folder and passes that folder as the model name: the
loading code is spacy-transformers' own (AutoModel/AutoTokenizer.from_pretrained).
"""

import json
import subprocess
import sys
from collections import Counter

import pytest
from spacy.tokens import DocBin

from vi_corpus.lexicon import LABELS
from vi_industrial.gold import record_to_doc


@pytest.fixture(scope="module")
def tiny_bert(tmp_path_factory, gold):
    from transformers import BertConfig, BertModel, BertTokenizerFast

    folder = tmp_path_factory.mktemp("tiny-bert")
    counts = Counter()
    for _, rec in gold:
        counts.update(rec["text"].split())
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + [w for w, _ in counts.most_common(3000)]
    (folder / "vocab.txt").write_text("\n".join(dict.fromkeys(vocab)) + "\n", encoding="utf-8")
    tokenizer = BertTokenizerFast(vocab_file=str(folder / "vocab.txt"), do_lower_case=False, strip_accents=False)
    config = BertConfig(vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=2, num_attention_heads=2,
                        intermediate_size=64, max_position_embeddings=256)
    BertModel(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


@pytest.fixture(scope="module")
def tiny_corpus(tmp_path_factory, nlp, gold):
    folder = tmp_path_factory.mktemp("trf-corpus")
    # the first 60 sentences of the industrial batches hold every label (the broad ones have no park)
    industrial = [(where, rec) for where, rec in gold if "/vietnews-" in where]
    docs = [record_to_doc(nlp, rec, where)[0] for where, rec in industrial[:60]]
    DocBin(docs=docs[:40]).to_disk(folder / "train.spacy")
    DocBin(docs=docs[40:]).to_disk(folder / "dev.spacy")
    return folder


def run(args, cwd):
    result = subprocess.run([sys.executable, "-m", *args], capture_output=True, text=True, cwd=cwd)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result


def test_transformer_config_trains_packages_and_loads(root, tiny_bert, tiny_corpus, tmp_path):
    code = str(root / "src" / "vi_industrial" / "registration.py")
    run(["spacy", "train", str(root / "configs" / "transformer.cfg"), "--output", str(tmp_path / "model"),
         "--paths.train", str(tiny_corpus / "train.spacy"), "--paths.dev", str(tiny_corpus / "dev.spacy"),
         "--components.transformer.model.name", str(tiny_bert), "--training.max_steps", "6",
         "--training.eval_frequency", "3", "--code", code, "--gpu-id", "-1"], root)
    (tmp_path / "packages").mkdir()
    run(["spacy", "package", str(tmp_path / "model" / "model-last"), str(tmp_path / "packages"), "--name", "industrial_ner_trf",
         "--version", "0.0.1", "--code", code, "--build", "wheel", "--force"], root)
    wheel = next((tmp_path / "packages").glob("*/dist/*.whl"))
    target = tmp_path / "site"
    run(["pip", "install", "-q", "--no-deps", "--target", str(target), str(wheel)], root)
    probe = (
        "import json, sys, spacy; nlp = spacy.load('vi_industrial_ner_trf');"
        "doc = nlp('Công ty TNHH Ohsung Vina tại tỉnh Hưng Yên đầu tư 1,4 tỷ USD.');"
        "print(json.dumps({'pipe': nlp.pipe_names, 'labels': list(nlp.get_pipe('ner').labels),"
        " 'width': doc._.trf_data.tensors[0].shape[-1], 'reqs': nlp.meta['requirements'],"
        " 'registered_by_package': 'vi_industrial' in sys.modules, 'tokenizer': type(nlp.tokenizer).__module__}))"
    )
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    info = json.loads(result.stdout.strip().splitlines()[-1])
    assert info["pipe"] == ["transformer", "ner"]
    assert set(info["labels"]) == set(LABELS)
    # the package's copy of registration.py imported vi_industrial, whose tokenizer the pipeline uses
    assert info["registered_by_package"] and info["tokenizer"] == "vi_industrial.tokenizer"
    assert info["width"] == 32
    assert any(r.startswith("spacy-transformers") for r in info["reqs"])
