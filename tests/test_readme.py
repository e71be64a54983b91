"""README.md is for users: short, its command table generated from project.yml, its scores written
from the workflow's files by `spacy project run readme` (scripts/readme_scores.py)."""

import json
import re
import subprocess
import sys

from conftest import run_script

START, END = "<!-- SCORES START (spacy project run readme) -->", "<!-- SCORES END -->"
WEASEL = re.compile(r"<!-- WEASEL: AUTO-GENERATED DOCS START.*?<!-- WEASEL: AUTO-GENERATED DOCS END[^>]*-->", re.S)


def test_readme_is_short_outside_the_generated_command_table(root):
    """The README is for users: what it is, two commands, the model, current scores. The command table
    is `spacy project document`'s (one line a command); the rest stays under 130 lines."""
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert len(WEASEL.sub("", readme).splitlines()) < 130


def test_readme_command_table_is_what_spacy_project_document_writes(root, tmp_path):
    """A command added to or changed in project.yml without `spacy project run readme` fails here."""
    out = tmp_path / "generated.md"
    done = subprocess.run([sys.executable, "-m", "spacy", "project", "document", str(root), "--output", str(out)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    generated = WEASEL.search(out.read_text(encoding="utf-8")).group(0)
    assert WEASEL.search((root / "README.md").read_text(encoding="utf-8")).group(0) == generated


def _metrics(f: float) -> dict:
    per_type = {label: {"p": f, "r": f, "f": f} for label in ("PROVINCE", "INDUSTRIAL_PARK", "COMPANY", "AGENCY", "PERSON", "MONEY")}
    scores = {"ents_p": f, "ents_r": f, "ents_f": f, "ents_per_type": per_type}
    parts = {"industrial": {**scores, "n_docs": 2}, "broad": {**scores, "ents_f": 0.5, "n_docs": 1,
                                                              "ents_per_type": {"PERSON": {"p": 0.5, "r": 0.5, "f": 0.5}}}}
    rel = lambda p, r, f, n: {"p": p, "r": r, "f": f, "tp": 1, "fn": n - 1}  # noqa: E731
    relations = {"end_to_end": {"rel_micro_p": 0.6, "rel_micro_r": 0.3, "rel_micro_f": 0.4, "n_gold": 10,
                                "rel_per_type": {"INVESTS": rel(0.5, 0.25, 1 / 3, 4)}},
                 "gold_entities": {"rel_micro_f": 0.7, "rel_per_type": {"INVESTS": rel(0.8, 0.8, 0.8, 4)}}}
    return {**scores, "n_docs": 3, "n_gold_ents": 9, "linked": scores, "by_article": scores, "parts": parts,
            "relations": relations}


def test_readme_scores_are_rendered_from_the_metrics_files_between_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nbefore\n{START}\nold table\n{END}\nafter\n", encoding="utf-8")
    metrics, robustness = tmp_path / "metrics.json", tmp_path / "robustness.json"
    metrics.write_text(json.dumps(_metrics(0.9125)), encoding="utf-8")
    variants = {name: {"f": f} for name, f in (("original", 0.9125), ("old style", 0.9125), ("new style", 0.905), ("NFD", 0.9125))}
    robustness.write_text(json.dumps({"variants": variants}), encoding="utf-8")
    done = run_script("readme_scores", metrics, robustness, readme)
    assert done.returncode == 0, done.stderr
    text = readme.read_text(encoding="utf-8")
    assert text.startswith("# Title\n\nbefore\n" + START + "\n") and text.endswith(END + "\nafter\n")
    assert "old table" not in text
    # F of each part beside the whole: a label a part does not have is "-"
    assert "| COMPANY | 0.912 | 0.912 | 0.912 | 0.912 | - | 0.912 | 0.912 |" in text
    assert "| PERSON | 0.912 | 0.912 | 0.912 | 0.912 | 0.500 | 0.912 | 0.912 |" in text
    assert "| **ALL (micro)** | **0.912** | **0.912** | **0.912** | **0.912** | **0.500** | **0.912** | **0.912** |" in text
    assert "(industrial 2 sentences, broad 1 sentences)" in text
    assert "(largest drop 0.007)" in text
    assert "| INVESTS | 0.500 | 0.250 | 0.333 | 0.800 | 4 |" in text
    assert "| **ALL (micro)** | **0.600** | **0.300** | **0.400** | **0.700** | 10 |" in text
    # a README without the markers is an error naming the file, and is left as it was
    plain = tmp_path / "PLAIN.md"
    plain.write_text("# no markers\n", encoding="utf-8")
    done = run_script("readme_scores", metrics, robustness, plain)
    assert done.returncode == 1 and "PLAIN.md" in done.stderr and plain.read_text() == "# no markers\n"


def test_readme_scores_section_is_filled_in_the_render_format(root):
    """The committed README carries a rendered table (its numbers come from a run of the workflow)."""
    readme = (root / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(START) + len(START):readme.index(END)]
    rows = re.findall(r"^\| (\w+|\*\*ALL \(micro\)\*\*) \|((?: \**(?:\d\.\d{3}|-)\** \|){8})$", section, flags=re.M)
    assert [name for name, _ in rows] == ["PROVINCE", "INDUSTRIAL_PARK", "COMPANY", "AGENCY", "PERSON", "MONEY",
                                          "**ALL (micro)**"]
    assert "largest drop" in section
