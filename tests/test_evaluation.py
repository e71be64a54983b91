import json

import pytest

from vi_industrial.evaluation import (
    article_docs,
    check_thresholds,
    classify_errors,
    confusions,
    evaluate,
    full_evaluation,
    score_articles,
    score_linked,
)
from vi_industrial.pipeline import blank_pipeline


def _sentence(nlp, text, article, ents):
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(text.index(t), text.index(t) + len(t), label) for t, label in ents]
    doc.user_data["article"] = article
    return doc


def test_each_prediction_error_is_classified_once():
    gold = [(0, 8, "PROVINCE"), (10, 20, "COMPANY"), (30, 40, "MONEY"), (50, 60, "PERSON")]
    pred = [(0, 8, "AGENCY"), (10, 18, "COMPANY"), (30, 35, "PROVINCE"), (70, 75, "AGENCY")]
    assert classify_errors(gold, pred) == {"type": 1, "boundary": 1, "boundary+type": 1, "spurious": 1, "missed": 1}


def test_confusions_pair_gold_and_predicted_labels():
    c = confusions([(0, 8, "PROVINCE"), (10, 20, "COMPANY")], [(0, 8, "AGENCY"), (10, 18, "COMPANY"), (30, 32, "MONEY")])
    assert c == {("PROVINCE", "AGENCY"): 1, ("COMPANY", "COMPANY (boundary)"): 1, ("-", "MONEY"): 1}


METRICS = {"ents_p": 0.9, "ents_r": 0.8, "ents_f": 0.85,
           "ents_per_type": {"MONEY": {"p": 0.95, "r": 0.95, "f": 0.95}, "COMPANY": {"p": 0.7, "r": 0.6, "f": 0.65}}}


def test_scores_below_a_threshold_are_reported():
    rows, failures = check_thresholds(METRICS, {"ents_f": 0.8, "per_label_f": {"MONEY": 0.9, "COMPANY": 0.7}})
    assert failures == ["COMPANY F 0.650 < 0.700"]
    assert [r[0] for r in rows] == ["COMPANY", "MONEY", "ALL (micro)"]


def test_a_label_missing_from_the_metrics_scores_zero():
    rows, failures = check_thresholds(METRICS, {"ents_f": 0.8, "per_label_f": {"PERSON": 0.5}})
    assert failures == ["PERSON F 0.000 < 0.500"] and rows[0] == ("PERSON", "0.000", "0.000", "0.000", "0.500", "BELOW")


def test_check_scores_cli_exits_non_zero_below_threshold(script, tmp_path):
    (tmp_path / "m.json").write_text(json.dumps(METRICS))
    (tmp_path / "t.json").write_text(json.dumps({"ents_f": 0.9, "per_label_f": {}}))
    result = script("check_scores", tmp_path / "m.json", tmp_path / "t.json")
    assert result.returncode == 1 and "ALL (micro) F 0.850 < 0.900" in result.stderr
    (tmp_path / "t.json").write_text(json.dumps({"ents_f": 0.8, "per_label_f": {"MONEY": 0.9}}))
    result = script("check_scores", tmp_path / "m.json", tmp_path / "t.json")
    assert result.returncode == 0, result.stdout


def test_check_scores_cli_names_a_missing_file(script, tmp_path):
    result = script("check_scores", tmp_path / "nope.json", tmp_path / "t.json")
    assert result.returncode == 1 and "nope.json: file not found" in result.stderr and "Traceback" not in result.stderr


def test_check_scores_cli_names_a_file_that_is_not_json(script, tmp_path):
    (tmp_path / "m.json").write_text("{\n  oops\n}")
    result = script("check_scores", tmp_path / "m.json", tmp_path / "t.json")
    assert result.returncode == 1 and "m.json:2: invalid JSON" in result.stderr and "Traceback" not in result.stderr


@pytest.fixture
def ruler_pipeline():
    """The project's blank pipeline with an entity_ruler that finds the full name, then company_aliases."""
    nlp = blank_pipeline()
    nlp.add_pipe("entity_ruler").add_patterns([{"label": "COMPANY", "pattern": "Công ty TNHH Trico"}])
    nlp.add_pipe("company_aliases")
    return nlp


def test_article_docs_join_each_articles_sentences_with_their_gold_spans(nlp):
    docs = [_sentence(nlp, "Công ty TNHH Trico góp vốn.", "a", [("Công ty TNHH Trico", "COMPANY")]),
            _sentence(nlp, "Tỉnh Bắc Ninh cấp phép.", "b", [("Bắc Ninh", "PROVINCE")]),
            _sentence(nlp, "Trico đầu tư 5 triệu USD.", "a", [("Trico", "COMPANY"), ("5 triệu USD", "MONEY")])]
    articles = article_docs(docs)
    assert [d.text for d in articles] == ["Công ty TNHH Trico góp vốn. Trico đầu tư 5 triệu USD.", "Tỉnh Bắc Ninh cấp phép."]
    assert [(e.text, e.label_) for e in articles[0].ents] == [("Công ty TNHH Trico", "COMPANY"), ("Trico", "COMPANY"), ("5 triệu USD", "MONEY")]


def test_article_scores_come_from_whole_articles_given_to_the_pipeline(ruler_pipeline):
    nlp = ruler_pipeline
    docs = [_sentence(nlp, "Công ty TNHH Trico góp vốn.", "a", [("Công ty TNHH Trico", "COMPANY")]),
            _sentence(nlp, "Trico đầu tư thêm.", "a", [("Trico", "COMPANY")])]
    scores = score_articles(nlp, docs)
    # "Trico" in the second sentence is only found when both sentences are one text
    assert scores["n_docs"] == 1 and scores["ents_r"] == 1.0 and scores["ents_p"] == 1.0


def test_linked_scores_tag_short_names_named_in_another_sentence_of_the_article(ruler_pipeline):
    nlp = ruler_pipeline
    docs = [_sentence(nlp, "Công ty TNHH Trico góp vốn.", "a", [("Công ty TNHH Trico", "COMPANY")]),
            _sentence(nlp, "Trico đầu tư thêm.", "a", [("Trico", "COMPANY")]),
            _sentence(nlp, "Trico ở bài khác.", "b", [])]
    metrics, pairs = evaluate(nlp, docs)
    linked = score_linked(nlp, pairs)
    assert metrics["ents_r"] == 0.5  # sentence by sentence, the second "Trico" is missed
    assert (linked["ents_r"], linked["ents_p"]) == (1.0, 1.0)  # linked within article "a" only
    assert [len(pred.ents) for _, pred in pairs] == [1, 0, 0]  # the sentence predictions are left as they were


def test_each_part_of_the_corpus_is_scored_on_its_own(ruler_pipeline):
    nlp = ruler_pipeline
    industrial = _sentence(nlp, "Công ty TNHH Trico góp vốn.", "a", [("Công ty TNHH Trico", "COMPANY")])
    broad = _sentence(nlp, "Facebook mở văn phòng.", "b", [("Facebook", "COMPANY")])
    industrial.user_data["part"], broad.user_data["part"] = "industrial", "broad"
    metrics, _ = full_evaluation(nlp, [industrial, broad])
    assert metrics["parts"]["industrial"]["ents_f"] == 1.0 and metrics["parts"]["broad"]["ents_r"] == 0.0
    assert metrics["ents_r"] == 0.5
    rows, failures = check_thresholds(metrics, {"ents_f": 0.5, "parts": {"industrial": {"ents_f": 0.9}, "broad": {"ents_f": 0.5}}})
    assert failures == ["broad: ALL (micro) F 0.000 < 0.500"]
    assert [row[0] for row in rows] == ["ALL (micro)", "broad: ALL (micro)", "industrial: ALL (micro)"]
