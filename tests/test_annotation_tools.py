import pytest

from vi_corpus.agreement import agreement
from vi_corpus.jsonl import InputError
from vi_corpus.records import apply_corrections, locate

TEXT = "TP Bắc Ninh, tỉnh Bắc Ninh có KCN Quế Võ và 2 tỷ USD."


def test_entity_strings_resolve_left_to_right_with_skips():
    assert locate(TEXT, [["Bắc Ninh", "PROVINCE", 1], ["KCN Quế Võ", "INDUSTRIAL_PARK"]], "x") == [
        [18, 26, "PROVINCE"], [30, 40, "INDUSTRIAL_PARK"]]
    assert locate(TEXT, [["Bắc Ninh", "PROVINCE"]], "x") == [[3, 11, "PROVINCE"]]


@pytest.mark.parametrize(
    "entities,reason",
    [
        ([["Hà Nội", "PROVINCE"]], "not found"),
        ([["Bắc Ninh", "CITY"]], "unknown label"),
        ([["Bắc Ninh", "PROVINCE", 2]], "not found"),
        ([["Bắc Ninh"]], r"must be \[text, label\]"),
        ([["KCN Quế Võ", "INDUSTRIAL_PARK"], ["Bắc Ninh", "PROVINCE"]], "not found"),  # order matters
    ],
)
def test_bad_entity_strings_fail_with_their_reason(entities, reason):
    with pytest.raises(InputError, match=reason):
        locate(TEXT, entities, "x:1")


def _gold(spans):
    return {"id": "a-1", "text": TEXT, "label": spans, "meta": {"article": "a"}}


def test_corrections_replace_the_spans_and_record_the_reason(jsonl):
    gold = jsonl("g.jsonl", _gold([[3, 11, "PROVINCE"], [18, 26, "PROVINCE"]]))
    fixes = jsonl("c.jsonl", {"id": "a-1", "entities": [["Bắc Ninh", "PROVINCE", 1]], "why": "city"})
    records, changed = apply_corrections(gold, [fixes], "single-annotated-reviewed")
    assert changed == 1
    assert records[0]["label"] == [[18, 26, "PROVINCE"]]
    assert records[0]["meta"] == {"article": "a", "correction": "city", "annotation": "single-annotated-reviewed"}


def test_correction_for_an_unknown_id_fails(jsonl):
    gold = jsonl("g.jsonl", _gold([]))
    fixes = jsonl("c.jsonl", {"id": "zz-9", "entities": []})
    with pytest.raises(InputError, match=r"c\.jsonl:1: id 'zz-9'"):
        apply_corrections(gold, [fixes], "")


def test_agreement_is_span_level_f1_per_label():
    a = {"s": {"text": TEXT, "label": [[18, 26, "PROVINCE"], [30, 40, "INDUSTRIAL_PARK"]]}}
    b = {"s": {"text": TEXT, "label": [[18, 26, "PROVINCE"], [30, 40, "COMPANY"]]}}
    summary, disagreements = agreement(a, b)
    assert summary["per_label"]["ALL"]["f1"] == pytest.approx(0.5)
    assert summary["per_label"]["PROVINCE"]["f1"] == 1.0
    assert summary["per_label"]["INDUSTRIAL_PARK"]["f1"] == 0.0
    assert disagreements[0]["only_a"] == [(30, 40, "INDUSTRIAL_PARK", "KCN Quế Võ")]
