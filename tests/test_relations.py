"""Relations (../shared/RELATION_SPEC.md): record validation, gold docs, the training reader, the
audit, agreement, the relation_extractor component and its evaluation."""

from __future__ import annotations

import json
import random

import pytest
import spacy
from spacy.training import Example

from vi_corpus.agreement import relation_agreement
from vi_corpus.audit import relation_rule_violations
from vi_corpus.jsonl import InputError
from vi_corpus.records import attach_relations, candidate_pairs, numbered_relations, read_gold, record_errors
from vi_industrial.evaluation import check_thresholds, score_relations_both_ways, write_relation_html
from vi_industrial.gold import record_to_doc
from vi_industrial.readers import chunk_docs
from vi_industrial.relations import drop_implied_places, relation_keys, set_relations

TEXT = "Công ty Alpha đầu tư 5 triệu USD vào Khu công nghiệp Yên Phong, tỉnh Bắc Ninh"


def _record(relations=None, **extra):
    spans = [[0, 13, "COMPANY"], [21, 32, "MONEY"], [37, 62, "INDUSTRIAL_PARK"], [69, 77, "PROVINCE"]]
    rec = {"id": "a-1", "text": TEXT, "label": spans, "meta": {"article": "a", "source": "seeds/x"}, **extra}
    if relations is not None:
        rec["relations"] = relations
    return rec


INVESTS = {"head": [0, 13], "tail": [21, 32], "type": "INVESTS"}
IN_PARK = {"head": [0, 13], "tail": [37, 62], "type": "LOCATED_IN"}
PARK_IN_PROVINCE = {"head": [37, 62], "tail": [69, 77], "type": "LOCATED_IN"}


def test_spans_of_the_test_sentence_are_what_the_tests_mean():
    assert [TEXT[s:e] for s, e, _ in _record()["label"]] == ["Công ty Alpha", "5 triệu USD", "Khu công nghiệp Yên Phong", "Bắc Ninh"]


def test_valid_relations_pass_the_validator():
    assert record_errors(_record([INVESTS, IN_PARK, PARK_IN_PROVINCE])) == []


@pytest.mark.parametrize("relation, reason", [
    ({"head": [0, 12], "tail": [21, 32], "type": "INVESTS"}, "head is not an entity span"),
    ({"head": [21, 32], "tail": [0, 13], "type": "INVESTS"}, "INVESTS goes from COMPANY to MONEY, not MONEY -> COMPANY"),
    ({"head": [0, 13], "tail": [21, 32], "type": "OWNS"}, "unknown type 'OWNS'"),
    ({"head": [0, 13], "tail": [21, 32]}, "is not {head: [start, end], tail: [start, end], type}"),
])
def test_a_bad_relation_is_reported_with_its_reason(relation, reason):
    errors = record_errors(_record([relation]))
    assert len(errors) == 1 and reason in errors[0]


def test_a_relation_given_twice_is_an_error():
    assert any("given twice" in e for e in record_errors(_record([INVESTS, INVESTS])))


def test_a_gold_file_with_a_relation_to_a_missing_entity_fails_with_file_and_line(tmp_path):
    path = tmp_path / "gold.jsonl"
    lines = [_record([INVESTS]), {**_record([{"head": [1, 5], "tail": [21, 32], "type": "INVESTS"}]), "id": "a-2"}]
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"{path}:2: .*head is not an entity span"):
        list(read_gold([path]))


def test_candidate_pairs_follow_the_label_pairs_of_the_spec():
    pairs = {(TEXT[h[0]:h[1]], TEXT[t[0]:t[1]], rtype) for h, t, rtype in candidate_pairs(_record()["label"])}
    assert pairs == {("Công ty Alpha", "5 triệu USD", "INVESTS"), ("Công ty Alpha", "Khu công nghiệp Yên Phong", "LOCATED_IN"),
                     ("Công ty Alpha", "Bắc Ninh", "LOCATED_IN"), ("Khu công nghiệp Yên Phong", "Bắc Ninh", "LOCATED_IN")}


def test_numbered_relations_resolve_entity_numbers_in_text_order():
    assert numbered_relations(_record(), [[1, 2, "INVESTS"], [3, 4, "LOCATED_IN"]], "f:1") == [INVESTS, PARK_IN_PROVINCE]
    with pytest.raises(InputError, match="f:3: .*names an entity the sentence does not have"):
        numbered_relations(_record(), [[1, 5, "INVESTS"]], "f:3")


def test_attach_relations_sets_relations_and_meta_and_rejects_a_foreign_span(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps(_record(), ensure_ascii=False) + "\n", encoding="utf-8")
    final = tmp_path / "R01.relations.jsonl"
    final.write_text(json.dumps({"id": "a-1", "relations": [PARK_IN_PROVINCE, INVESTS]}) + "\n"
                     + json.dumps({"id": "other-1", "relations": []}) + "\n", encoding="utf-8")
    records, n = attach_relations(gold, [final], {"relation_annotation": "double-annotated-adjudicated"})
    assert n == 1 and records[0]["relations"] == [INVESTS, PARK_IN_PROVINCE]
    assert records[0]["meta"]["relation_annotation"] == "double-annotated-adjudicated"
    final.write_text(json.dumps({"id": "a-1", "relations": [{"head": [0, 3], "tail": [21, 32], "type": "INVESTS"}]}) + "\n")
    with pytest.raises(InputError, match=rf"{final}:1: "):
        attach_relations(gold, [final], {})


def test_audit_requires_relation_annotation_where_a_candidate_pair_exists():
    assert relation_rule_violations("f:1", _record()) == [("f:1", "a candidate pair without relation annotation ('relations' missing)")]
    assert relation_rule_violations("f:1", _record([])) == []
    lone = {"id": "b-1", "text": "Ông Nguyễn Văn A phát biểu", "label": [[4, 16, "PERSON"]], "meta": {"article": "b"}}
    assert relation_rule_violations("f:2", lone) == []


def test_audit_rejects_company_linked_to_the_province_of_its_park():
    company_province = {"head": [0, 13], "tail": [69, 77], "type": "LOCATED_IN"}
    found = relation_rule_violations("f:1", _record([IN_PARK, PARK_IN_PROVINCE, company_province]))
    assert len(found) == 1 and "link the park only" in found[0][1]
    assert relation_rule_violations("f:1", _record([company_province])) == []


def test_audit_rejects_a_relation_on_an_alias_in_brackets():
    text = "Công ty Samsung Display Vietnam (SDV) đầu tư 1 tỷ USD"
    rec = {"id": "c-1", "text": text, "meta": {"article": "c"},
           "label": [[0, 31, "COMPANY"], [33, 36, "COMPANY"], [45, 53, "MONEY"]],
           "relations": [{"head": [33, 36], "tail": [45, 53], "type": "INVESTS"}]}
    assert record_errors(rec) == []
    found = relation_rule_violations("f:1", rec)
    assert len(found) == 1 and "alias in brackets" in found[0][1]


def test_relation_agreement_counts_per_type_and_lists_differences():
    a = {"s1": [INVESTS, IN_PARK], "s2": []}
    b = {"s1": [INVESTS], "s2": [], "s3": [INVESTS]}
    summary, differ = relation_agreement(a, b)
    assert summary["sentences"] == 2
    assert summary["per_type"]["INVESTS"]["f1"] == 1.0
    assert summary["per_type"]["ALL"]["a"] == 2 and summary["per_type"]["ALL"]["both"] == 1
    assert summary["per_type"]["ALL"]["f1"] == pytest.approx(2 / 3)
    assert [d["id"] for d in differ] == ["s1"]


def test_gold_doc_carries_relations_between_its_entity_spans(nlp):
    doc, lost = record_to_doc(nlp, _record([INVESTS, PARK_IN_PROVINCE]), "f:1")
    assert lost == []
    assert [(r.head.text, r.tail.text, r.type) for r in doc._.relations] == [
        ("Công ty Alpha", "5 triệu USD", "INVESTS"), ("Khu công nghiệp Yên Phong", "Bắc Ninh", "LOCATED_IN")]
    assert all(r.head in doc.ents and r.tail in doc.ents for r in doc._.relations)


def test_relations_survive_docbin_and_chunking(nlp):
    from spacy.tokens import DocBin

    first, _ = record_to_doc(nlp, _record([INVESTS]), "f:1")
    second, _ = record_to_doc(nlp, {**_record([PARK_IN_PROVINCE]), "id": "a-2"}, "f:2")
    docs = list(DocBin(docs=[first, second], store_user_data=True).get_docs(nlp.vocab))
    [joined] = list(chunk_docs(docs, 2))
    assert [(r.head.text, r.tail.text, r.type) for r in joined._.relations] == [
        ("Công ty Alpha", "5 triệu USD", "INVESTS"), ("Khu công nghiệp Yên Phong", "Bắc Ninh", "LOCATED_IN")]
    assert joined._.relations[1].head.start == len(first) + docs[1]._.relations[0].head.start


def test_drop_implied_places_keeps_the_park_path_only(nlp):
    doc, _ = record_to_doc(nlp, _record(), "f:1")
    company, _, park, province = doc.ents
    kept = drop_implied_places([(company, park, "LOCATED_IN", 0.9), (park, province, "LOCATED_IN", 0.9),
                                (company, province, "LOCATED_IN", 0.8)])
    assert [(h.text, t.text) for h, t, _, _ in kept] == [(company.text, park.text), (park.text, province.text)]
    assert len(drop_implied_places([(company, province, "LOCATED_IN", 0.8)])) == 1


# ---- The component ------------------------------------------------------------------------------
COMPANIES = ["Công ty Alpha", "Tập đoàn Beta", "Công ty Gamma", "Công ty TNHH Delta"]


def _example(nlp, rng):
    company, amount = rng.choice(COMPANIES), f"{rng.randint(2, 99)} triệu USD"
    invests = rng.random() < 0.5
    text = f"{company} {'đầu tư' if invests else 'báo doanh thu'} {amount} tại tỉnh Bắc Ninh"
    spans = [[0, len(company), "COMPANY"], [text.index(amount), text.index(amount) + len(amount), "MONEY"],
             [text.index("Bắc Ninh"), text.index("Bắc Ninh") + 8, "PROVINCE"]]
    relations = [{"head": spans[0][:2], "tail": spans[2][:2], "type": "LOCATED_IN"}]
    if invests:
        relations.append({"head": spans[0][:2], "tail": spans[1][:2], "type": "INVESTS"})
    record = {"id": f"x-{rng.random()}", "text": text, "label": spans, "meta": {"article": "x"}, "relations": relations}
    gold, _ = record_to_doc(nlp, record, "f")
    return Example(nlp.make_doc(text), gold)


@pytest.fixture(scope="module")
def trained(nlp):
    """tok2vec + relation_extractor trained on sentences where the verb decides INVESTS."""
    pipe = spacy.blank("vi", config={"nlp": {"tokenizer": nlp.config["nlp"]["tokenizer"]}})
    pipe.add_pipe("tok2vec")
    pipe.add_pipe("relation_extractor", config={"model": {
        "@architectures": "vi_industrial.RelationModel.v1", "hidden_width": 32, "dropout": 0.0,
        "tok2vec": {"@architectures": "spacy.Tok2VecListener.v1", "width": 96, "upstream": "tok2vec"}}})
    rng = random.Random(0)
    train = [_example(pipe, rng) for _ in range(40)]
    optimizer = pipe.initialize(lambda: train)
    for _ in range(25):
        rng.shuffle(train)
        for start in range(0, len(train), 8):
            pipe.update(train[start:start + 8], sgd=optimizer)
    return pipe, [_example(pipe, rng) for _ in range(20)]


def _with_gold_ents(pipe, eg):
    doc = pipe.make_doc(eg.reference.text)
    doc.ents = [doc.char_span(e.start_char, e.end_char, label=e.label_) for e in eg.reference.ents]
    return doc


def test_relation_extractor_learns_what_the_verb_says(trained):
    pipe, held_out = trained
    pairs = [(eg.reference, doc) for eg, doc in zip(held_out, pipe.pipe(_with_gold_ents(pipe, eg) for eg in held_out))]
    assert all(relation_keys(pred) == relation_keys(gold) for gold, pred in pairs)
    assert any(r.type == "INVESTS" for gold, _ in pairs for r in gold._.relations)
    assert any(not any(r.type == "INVESTS" for r in gold._.relations) for gold, _ in pairs)


def test_relation_extractor_gives_the_same_relations_after_to_disk(trained, tmp_path):
    pipe, held_out = trained
    pipe.to_disk(tmp_path / "m")
    loaded = spacy.load(tmp_path / "m")
    before = [relation_keys(d) for d in pipe.pipe(_with_gold_ents(pipe, eg) for eg in held_out)]
    after = [relation_keys(d) for d in loaded.pipe(_with_gold_ents(loaded, eg) for eg in held_out)]
    assert before == after and any(before)


def test_relation_scores_end_to_end_count_a_missed_entity_as_missed_relations(trained, tmp_path):
    pipe, held_out = trained
    right = [(eg.reference, doc) for eg, doc in zip(held_out, pipe.pipe(_with_gold_ents(pipe, eg) for eg in held_out))]
    # end to end without a ner: the predicted docs of `pairs` have no entities, so nothing is found
    empty = [(gold, pipe.make_doc(gold.text)) for gold, _ in right]
    scores = score_relations_both_ways(pipe, empty)
    assert scores["end_to_end"]["rel_micro_r"] == 0.0
    assert scores["gold_entities"]["rel_micro_f"] == 1.0
    assert scores["gold_entities"]["n_gold"] == sum(len(g._.relations) for g, _ in right)
    rows, failures = check_thresholds({"relations": scores}, {"relations": {"end_to_end": {"rel_micro_f": 0.5},
                                                                             "gold_entities": {"per_type_f": {"INVESTS": 0.9}}}})
    assert failures == ["relations end_to_end: ALL (micro) F 0.000 < 0.500"]
    write_relation_html(tmp_path / "rel.html", empty, "t")
    page = (tmp_path / "rel.html").read_text(encoding="utf-8")
    assert page.count("class='missed'") == scores["end_to_end"]["n_gold"]


def test_set_relations_round_trips_through_user_data(nlp):
    doc, _ = record_to_doc(nlp, _record(), "f:1")
    company, money, _, _ = doc.ents
    set_relations(doc, [(company, money, "INVESTS", 0.75)])
    assert doc.user_data["relations"] == [[company.start, company.end, money.start, money.end, "INVESTS", 0.75]]
    assert doc._.relations[0].score == 0.75


def test_positive_weight_needs_every_type(nlp):
    from vi_industrial.relations import RelationExtractor

    with pytest.raises(ValueError, match="positive_weight needs a weight for each of ROLE, INVESTS, LOCATED_IN"):
        RelationExtractor(nlp.vocab, model=None, positive_weight={"ROLE": 1.0})


def test_relations_travel_through_doccano_in_meta_and_lose_only_deleted_entities():
    from vi_corpus.doccano import server_record, upload_line

    record = _record([INVESTS, PARK_IN_PROVINCE])
    line = upload_line(record, record["label"])
    assert set(line) == {"text", "label", "id", "meta"} and "relations" not in line
    exported = {**line, "label": record["label"]}  # what doccano's export gives back (ASCII text: same offsets)
    assert server_record(exported, "export:1") == record
    # an annotator deleted the money span on the server: INVESTS goes with it, the rest stays
    edited = {**exported, "label": [s for s in record["label"] if s[2] != "MONEY"]}
    assert server_record(edited, "export:1")["relations"] == [PARK_IN_PROVINCE]
