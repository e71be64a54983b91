import pytest
from conftest import read_jsonl_lines

from vi_corpus.jsonl import read_jsonl
from vi_industrial.gold import record_to_doc
from vi_industrial.pipeline import blank_pipeline


def test_whole_corpus_converts_without_a_lost_span(root, nlp, gold, sentences_file):
    """Every committed gold record is read (none dropped on the way), matches its preprocessed
    sentence and converts with every span on token boundaries."""
    on_disk = [rec for path in sorted((root / "corpus" / "gold").glob("*.jsonl")) for rec in read_jsonl_lines(path)]
    texts = {rec["id"]: rec["text"] for _, rec in read_jsonl(sentences_file)}
    n_records = n_spans = 0
    for where, record in gold:
        assert texts.get(record["id"]) == record["text"], f"{where}: gold text differs from preprocess"
        doc, lost = record_to_doc(nlp, record, where)
        assert lost == [], lost
        assert [(e.start_char, e.end_char, e.label_) for e in doc.ents] == sorted(map(tuple, record["label"]))
        n_records += 1
        n_spans += len(record["label"])
    assert n_records == len(on_disk) and n_spans == sum(len(rec["label"]) for rec in on_disk)
    assert [rec["id"] for _, rec in gold] == [rec["id"] for rec in on_disk]


def test_pyvi_words_that_cross_an_entity_boundary_are_reported_as_lost(nlp):
    record = {"id": "a-1", "text": "Theo Giám đốc Sở Công thương tỉnh Hưng Yên Vũ Thanh Vân, tỉnh phát triển.",
              "label": [[14, 42, "AGENCY"], [43, 55, "PERSON"]], "meta": {"article": "a"}}
    _, lost = record_to_doc(blank_pipeline("pyvi"), record, "x:1")
    _, lost_syllable = record_to_doc(nlp, record, "x:1")
    assert lost and "does not align" in lost[0]
    assert lost_syllable == []


SENTENCE = {"id": "a-1", "text": "Tỉnh Hưng Yên thu hút 1,4 tỷ USD.", "meta": {"article": "a"}}


@pytest.fixture
def tiny(tmp_path, jsonl):
    return tmp_path, jsonl("sentences.jsonl", SENTENCE)


def test_convert_cli_writes_docbin_for_good_data(script, jsonl, tiny):
    tmp_path, sentences = tiny
    jsonl("gold/g.jsonl", dict(SENTENCE, label=[[5, 13, "PROVINCE"], [22, 32, "MONEY"]]))
    result = script("convert", tmp_path / "gold", sentences, tmp_path / "out.spacy")
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
def test_convert_cli_fails_with_file_line_and_reason(script, jsonl, tiny, record, reason):
    tmp_path, sentences = tiny
    jsonl("gold/g.jsonl", record)
    result = script("convert", tmp_path / "gold", sentences, tmp_path / "out.spacy")
    assert result.returncode == 1
    (line,) = [line for line in result.stderr.splitlines() if "g.jsonl:1:" in line]
    assert reason in line
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out.spacy").exists()
