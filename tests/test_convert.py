import json
import subprocess
import sys

import pytest

from convert import make_nlp, record_to_doc
from gold_records import gold_files, read_gold
from jsonl_io import read_jsonl


def test_whole_corpus_converts_without_a_lost_span(root, sentences_file):
    nlp = make_nlp("syllable")
    texts = {rec["id"]: rec["text"] for _, rec in read_jsonl(sentences_file)}
    n_records = n_spans = 0
    for where, record in read_gold(gold_files(root / "corpus" / "gold")):
        assert texts.get(record["id"]) == record["text"], f"{where}: gold text differs from preprocess"
        doc, lost = record_to_doc(nlp, record, where)
        assert lost == []
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == sorted(map(tuple, record["label"]))
        n_records += 1
        n_spans += len(record["label"])
    assert n_records >= 150 and n_spans >= 150


def test_pyvi_words_that_cross_an_entity_boundary_are_reported_as_lost():
    record = {"id": "a-1", "text": "Theo Giám đốc Sở Công thương tỉnh Hưng Yên Vũ Thanh Vân, tỉnh phát triển.",
              "label": [[14, 42, "AGENCY"], [43, 55, "PERSON"]], "meta": {"article": "a"}}
    _, lost = record_to_doc(make_nlp("pyvi"), record, "x:1")
    _, lost_syllable = record_to_doc(make_nlp("syllable"), record, "x:1")
    assert lost and "does not align" in lost[0]
    assert lost_syllable == []


def run_convert(root, gold_dir, sentences, out):
    return subprocess.run(
        [sys.executable, str(root / "scripts" / "convert.py"), str(gold_dir), str(sentences), str(out),
         "--code", str(root / "scripts" / "components" / "vi_tokenizer.py")],
        capture_output=True, text=True, cwd=root,
    )


def _write(path, records):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


@pytest.fixture
def tiny(tmp_path):
    sentences = tmp_path / "sentences.jsonl"
    _write(sentences, [{"id": "a-1", "text": "Tỉnh Hưng Yên thu hút 1,4 tỷ USD.", "meta": {"article": "a"}}])
    return tmp_path, sentences


def test_convert_cli_writes_docbin_for_good_data(root, tiny):
    tmp_path, sentences = tiny
    _write(tmp_path / "gold" / "g.jsonl",
           [{"id": "a-1", "text": "Tỉnh Hưng Yên thu hút 1,4 tỷ USD.", "label": [[5, 13, "PROVINCE"], [22, 32, "MONEY"]], "meta": {"article": "a"}}])
    result = run_convert(root, tmp_path / "gold", sentences, tmp_path / "out.spacy")
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "out.spacy").exists()
    assert "0 could not be aligned" in result.stdout


@pytest.mark.parametrize(
    "record,reason",
    [
        ({"id": "a-1", "text": "Tỉnh Hưng Yên thu hút 1,4 tỷ USD.", "label": [[5, 13, "CITY"]], "meta": {"article": "a"}}, "unknown label"),
        ({"id": "a-1", "text": "Tỉnh Hưng Yên thu hút 1,4 tỷ USD!", "label": [], "meta": {"article": "a"}}, "differs from the preprocessed sentence"),
        ({"id": "b-9", "text": "Câu khác.", "label": [], "meta": {"article": "b"}}, "is not a sentence of the preprocessed corpus"),
    ],
)
def test_convert_cli_fails_with_file_line_and_reason(root, tiny, record, reason):
    tmp_path, sentences = tiny
    _write(tmp_path / "gold" / "g.jsonl", [record])
    result = run_convert(root, tmp_path / "gold", sentences, tmp_path / "out.spacy")
    assert result.returncode == 1
    (line,) = [line for line in result.stderr.splitlines() if "g.jsonl:1:" in line]
    assert reason in line
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.spacy").exists()
