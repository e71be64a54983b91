import pytest

from vi_corpus.jsonl import InputError
from vi_corpus.records import read_gold, record_errors

TEXT = "Công ty TNHH Ohsung Vina tại tỉnh Hưng Yên."


def record(spans, text=TEXT, **extra):
    return {"id": "a-1", "text": text, "label": spans, "meta": {"article": "a"}, **extra}


def test_valid_record_has_no_errors():
    assert record_errors(record([[0, 24, "COMPANY"], [34, 42, "PROVINCE"]])) == []


@pytest.mark.parametrize(
    "bad,reason",
    [
        (record([[34, 60, "PROVINCE"]]), "outside the text"),
        (record([[-1, 3, "PROVINCE"]]), "outside the text"),
        (record([[5, 5, "PROVINCE"]]), "outside the text"),
        (record([[34, 42, "CITY"]]), "unknown label 'CITY'"),
        (record([[0, 24, "COMPANY"], [20, 30, "PROVINCE"]]), "overlap"),
        (record([[33, 42, "PROVINCE"]]), "starts or ends with whitespace"),
        (record([[34, 43, "PROVINCE"]]), "starts or ends with punctuation"),
        (record([["0", 24, "COMPANY"]]), "is not [start, end, label]"),
        (record([[0, 24]]), "is not [start, end, label]"),
        (record([], text="Khu cong nghie\u0323p"), "not Unicode NFC"),
        (record([], text="   "), "empty 'text'"),
        ({"id": "a-1", "text": TEXT, "label": []}, "'meta.article' is missing"),
        ({"text": TEXT, "label": [], "meta": {"article": "a"}}, "'id'"),
        (record("0-24"), "must be a list"),
        ([1, 2], "not a JSON object"),
    ],
)
def test_each_bad_record_kind_gives_its_reason(bad, reason):
    errors = record_errors(bad)
    assert any(reason in e for e in errors), errors


def test_bad_record_in_file_reports_file_and_line(jsonl):
    path = jsonl("gold.jsonl", record([]), record([[34, 42, "CITY"]], id="a-2"))
    with pytest.raises(InputError, match=r"gold\.jsonl:2: .*unknown label 'CITY'"):
        list(read_gold([path]))


def test_duplicate_id_across_files_is_rejected(jsonl):
    first, second = jsonl("a.jsonl", record([])), jsonl("b.jsonl", record([]))
    with pytest.raises(InputError, match=r"b\.jsonl:1: id 'a-1' already used at .*a\.jsonl:1"):
        list(read_gold([first, second]))


def test_invalid_json_reports_file_and_line(jsonl):
    path = jsonl("gold.jsonl", record([]), "{broken")
    with pytest.raises(InputError, match=r"gold\.jsonl:2: invalid JSON"):
        list(read_gold([path]))
