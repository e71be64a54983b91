import json
import subprocess
import sys

from check_scores import check
from evaluate import classify_errors, confusions


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
    rows, failures = check(METRICS, {"ents_f": 0.8, "per_label_f": {"MONEY": 0.9, "COMPANY": 0.7}})
    assert failures == ["COMPANY F 0.650 < 0.700"]
    assert [r[0] for r in rows] == ["COMPANY", "MONEY", "ALL (micro)"]


def test_check_scores_cli_exits_non_zero_below_threshold(root, tmp_path):
    (tmp_path / "m.json").write_text(json.dumps(METRICS))
    (tmp_path / "t.json").write_text(json.dumps({"ents_f": 0.9, "per_label_f": {}}))
    result = subprocess.run([sys.executable, str(root / "scripts" / "check_scores.py"), str(tmp_path / "m.json"), str(tmp_path / "t.json")],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "ALL (micro) F 0.850 < 0.900" in result.stderr
    (tmp_path / "t.json").write_text(json.dumps({"ents_f": 0.8, "per_label_f": {"MONEY": 0.9}}))
    result = subprocess.run([sys.executable, str(root / "scripts" / "check_scores.py"), str(tmp_path / "m.json"), str(tmp_path / "t.json")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_check_scores_cli_names_a_missing_file(root, tmp_path):
    result = subprocess.run([sys.executable, str(root / "scripts" / "check_scores.py"), str(tmp_path / "nope.json"), str(tmp_path / "t.json")],
                            capture_output=True, text=True)
    assert result.returncode == 1 and "nope.json: file not found" in result.stderr and "Traceback" not in result.stderr
