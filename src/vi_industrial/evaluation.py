"""Evaluation of a pipeline on gold docs: scores, error analysis, report and displaCy page.

Used by the evaluate command (scripts/evaluate.py), the robustness command and the studies, so that
all of them score the same way. What the evaluate command writes:
- metrics JSON: micro P/R/F and per-label P/R/F (spaCy's scorer), plus error counts; under
  "linked" the scores after company names are linked across the sentences of each article (what
  scripts/extract.py writes), and under "by_article" the scores when each article reaches the
  pipeline as one text;
- Markdown report: the per-label table, boundary versus type errors, the most frequent
  confusions and examples of errors;
- HTML page: gold and predicted entities of every sentence with an error, side by side;
- with a relation_extractor in the pipeline: relation P/R/F per type under "relations", end to end
  and on the gold entities, and a displaCy page of the relation errors.
"""

from __future__ import annotations

import html
import warnings
from collections import Counter
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from spacy import displacy
from spacy.scorer import Scorer
from spacy.tokens import Doc
from spacy.training import Example

from vi_corpus.lexicon import LABEL_COLORS, LABELS
from vi_industrial.relations import relation_key, relation_keys, score_relations

Span = Tuple[int, int, str]


def classify_errors(gold: List[Span], pred: List[Span]) -> Counter:
    """Count each prediction error once: type (same span, wrong label), boundary
    (overlapping span, same label), boundary+type, spurious, and missed gold spans."""
    errors = Counter()
    gold_set, pred_set = set(gold), set(pred)
    for p in pred_set - gold_set:
        overlapping = [g for g in gold if g[0] < p[1] and p[0] < g[1]]
        if any(g[:2] == p[:2] for g in overlapping):
            errors["type"] += 1
        elif any(g[2] == p[2] for g in overlapping):
            errors["boundary"] += 1
        elif overlapping:
            errors["boundary+type"] += 1
        else:
            errors["spurious"] += 1
    for g in gold_set - pred_set:
        if not any(p[0] < g[1] and g[0] < p[1] for p in pred):
            errors["missed"] += 1
    return errors


def _spans(doc: Doc) -> List[Span]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


def confusions(gold: List[Span], pred: List[Span]) -> Counter:
    """(gold label, predicted label) pairs for overlapping spans with different labels or boundaries."""
    out = Counter()
    for g in gold:
        matches = [p for p in pred if p[0] < g[1] and g[0] < p[1]]
        if not matches:
            out[(g[2], "-")] += 1
        for p in matches:
            if p != g:
                out[(g[2], p[2] + ("" if p[:2] == g[:2] else " (boundary)"))] += 1
    for p in pred:
        if not any(g[0] < p[1] and p[0] < g[1] for g in gold):
            out[("-", p[2])] += 1
    return out


def _span_scores(examples: List[Example], n_docs: int) -> dict:
    scores = Scorer.score_spans(examples, "ents")
    return {"ents_p": scores["ents_p"], "ents_r": scores["ents_r"], "ents_f": scores["ents_f"],
            "ents_per_type": scores["ents_per_type"], "n_docs": n_docs}


def evaluate(nlp, docs: List[Doc]) -> Tuple[dict, List[Tuple[Doc, Doc]]]:
    examples, pairs = [], []
    predicted = list(nlp.pipe(d.text for d in docs))
    for gold, pred in zip(docs, predicted):
        examples.append(Example(pred, gold))
        pairs.append((gold, pred))
    errors, confusion = Counter(), Counter()
    for gold, pred in pairs:
        errors.update(classify_errors(_spans(gold), _spans(pred)))
        confusion.update(confusions(_spans(gold), _spans(pred)))
    metrics = {
        **_span_scores(examples, len(docs)),
        "n_gold_ents": sum(len(g.ents) for g, _ in pairs),
        "errors": dict(errors),
        "confusions": [{"gold": g, "predicted": p, "count": n} for (g, p), n in confusion.most_common()],
    }
    return metrics, pairs


def _by_article(docs: List[Doc]) -> List[List[int]]:
    """Indices of the docs of each article, in corpus order; a doc without an article id is its own."""
    groups: Dict[str, List[int]] = {}
    for n, doc in enumerate(docs):
        groups.setdefault(doc.user_data.get("article", f"#{n}"), []).append(n)
    return list(groups.values())


def article_docs(docs: List[Doc]) -> List[Doc]:
    """One gold doc per article: its sentences in corpus order, joined by a space (the gold spans
    move with them). Sentences without an article id stay on their own."""
    # per-sentence user data (ids) has no meaning for the joined doc: leave it out, as the ArticleChunks reader does
    return [Doc.from_docs([docs[n] for n in members], ensure_whitespace=True, exclude=["user_data"])
            for members in _by_article(docs)]


def score_linked(nlp, pairs: List[Tuple[Doc, Doc]]) -> Optional[dict]:
    """Scores of the sentence predictions after `company_aliases` links names across the sentences
    of each article; None when the pipeline has no such component."""
    if "company_aliases" not in nlp.pipe_names:
        return None
    linker = nlp.get_pipe("company_aliases")
    linked = [pred.copy() for _, pred in pairs]
    for members in _by_article([gold for gold, _ in pairs]):
        for n, doc in zip(members, linker.link([linked[n] for n in members])):
            linked[n] = doc
    return _span_scores([Example(pred, gold) for (gold, _), pred in zip(pairs, linked)], len(pairs))


def score_articles(nlp, docs: List[Doc]) -> dict:
    """Micro and per-label P/R/F when whole articles are the input (what an analyst feeding
    articles gets; the model is trained on sentences)."""
    articles = article_docs(docs)
    examples = [Example(pred, gold) for gold, pred in zip(articles, nlp.pipe(d.text for d in articles))]
    return _span_scores(examples, len(articles))


def score_parts(pairs: List[Tuple[Doc, Doc]]) -> Dict[str, dict]:
    """Micro and per-label scores of each part of the corpus (user_data "part": industrial, broad,
    seeds), from the same predictions."""
    parts: Dict[str, List[Example]] = {}
    for gold, pred in pairs:
        parts.setdefault(gold.user_data.get("part", "other"), []).append(Example(pred, gold))
    return {part: {**_span_scores(examples, len(examples)), "n_gold_ents": sum(len(e.reference.ents) for e in examples)}
            for part, examples in sorted(parts.items())}


def full_evaluation(nlp, docs: List[Doc]) -> Tuple[dict, List[Tuple[Doc, Doc]]]:
    """`evaluate`, plus the scores of each part of the corpus ("parts"), with names linked across
    each article ("linked", when the pipeline has company_aliases) and with whole articles as input
    ("by_article")."""
    metrics, pairs = evaluate(nlp, docs)
    metrics["parts"] = score_parts(pairs)
    linked = score_linked(nlp, pairs)
    if linked is not None:
        metrics["linked"] = linked
    metrics["by_article"] = score_articles(nlp, docs)
    relations = score_relations_both_ways(nlp, pairs)
    if relations is not None:
        metrics["relations"] = relations
    return metrics, pairs


def score_relations_both_ways(nlp, pairs: List[Tuple[Doc, Doc]]) -> Optional[dict]:
    """Relation P/R/F per type (vi_industrial.relations) end to end (on the predicted entities of
    `pairs`) and on the gold entities (the relation_extractor alone: tok2vec, then the gold
    entities, then the relations); None when the pipeline has no relation_extractor."""
    if "relation_extractor" not in nlp.pipe_names:
        return None
    end_to_end = [Example(pred, gold) for gold, pred in pairs]
    n_gold = sum(len(gold._.relations) for gold, _ in pairs)
    return {"end_to_end": {**score_relations(end_to_end), "n_gold": n_gold},
            "gold_entities": {**score_relations([Example(pred, gold) for gold, pred in gold_entity_relations(nlp, pairs)]),
                              "n_gold": n_gold}}


def gold_entity_relations(nlp, pairs: List[Tuple[Doc, Doc]]) -> List[Tuple[Doc, Doc]]:
    """(gold, prediction) with the relations the relation_extractor finds between the gold entities."""
    docs = [nlp.make_doc(gold.text) for gold, _ in pairs]
    for name, proc in nlp.pipeline:
        if name == "relation_extractor":
            break
        if name == "tok2vec":
            docs = list(proc.pipe(docs))
    for doc, (gold, _) in zip(docs, pairs):
        doc.ents = [doc.char_span(e.start_char, e.end_char, label=e.label_) for e in gold.ents]
    return [(gold, doc) for (gold, _), doc in zip(pairs, nlp.get_pipe("relation_extractor").pipe(docs))]


def relation_rows(scores: dict) -> List[Tuple[str, str, str, str, str]]:
    rows = [(t, f"{v['p']:.3f}", f"{v['r']:.3f}", f"{v['f']:.3f}", str(v["tp"] + v["fn"])) for t, v in scores["rel_per_type"].items()]
    rows.append(("ALL (micro)", f"{scores['rel_micro_p']:.3f}", f"{scores['rel_micro_r']:.3f}", f"{scores['rel_micro_f']:.3f}",
                 str(scores["n_gold"])))
    return rows


def per_label_rows(metrics: dict) -> List[Tuple[str, str, str, str]]:
    rows = [(label, f"{v['p']:.3f}", f"{v['r']:.3f}", f"{v['f']:.3f}") for label, v in sorted(metrics["ents_per_type"].items())]
    rows.append(("ALL (micro)", f"{metrics['ents_p']:.3f}", f"{metrics['ents_r']:.3f}", f"{metrics['ents_f']:.3f}"))
    return rows


def _mark(doc: Doc) -> str:
    out, cursor = [], 0
    for e in doc.ents:
        out.append(doc.text[cursor : e.start_char] + f"[{e.text}]{e.label_}")
        cursor = e.end_char
    return "".join(out) + doc.text[cursor:]


def write_report(path: Path, metrics: dict, pairs, model: str, data: str, n_examples: int) -> None:
    lines = [f"# Evaluation of `{model}` on `{data}`", "", f"{metrics['n_docs']} sentences, {metrics['n_gold_ents']} gold entities.", ""]
    lines += ["| label | P | R | F |", "| --- | ---: | ---: | ---: |"]
    lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in per_label_rows(metrics)]
    sections = {
        "linked": ("Company names linked across each article", "The sentence predictions above, after `company_aliases` tags a "
                   "company's short name in every sentence of the article that named it (what the extraction writes)."),
        "by_article": ("Whole articles as input", "Each article given to the pipeline as one text (its sentences joined by a "
                       "space). The model is trained on sentences."),
    }
    parts = metrics.get("parts", {})
    if parts:
        lines += ["", "## Parts of the corpus", "", "The same predictions, scored per part: industrial articles, broad (all-topic) "
                  "articles and the seeds.", "", "| part | sentences | entities | P | R | F | " + " | ".join(LABELS) + " |",
                  "| --- | ---: | ---: | ---: | ---: | ---: | " + " | ".join("---:" for _ in LABELS) + " |"]
        for part, m in parts.items():
            per_type = m["ents_per_type"] or {}
            cells = [f"{per_type[label]['f']:.3f}" if label in per_type else "-" for label in LABELS]
            lines.append(f"| {part} | {m['n_docs']} | {m['n_gold_ents']} | {m['ents_p']:.3f} | {m['ents_r']:.3f} | {m['ents_f']:.3f} | "
                         + " | ".join(cells) + " |")
    for key, (title, text) in sections.items():
        if key in metrics:
            lines += ["", f"## {title}", "", f"{text} {metrics[key]['n_docs']} docs.", "", "| label | P | R | F |", "| --- | ---: | ---: | ---: |"]
            lines += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in per_label_rows(metrics[key])]
    if "relations" in metrics:
        lines += ["", "## Relations", "", "RELATION_SPEC's relations, right when head span, tail span and type equal a gold "
                  "relation's: end to end (on the predicted entities) and on the gold entities.", ""]
        for mode, title in (("end_to_end", "end to end"), ("gold_entities", "gold entities")):
            lines += [f"| {title} | P | R | F | gold |", "| --- | ---: | ---: | ---: | ---: |"]
            lines += [f"| {' | '.join(row)} |" for row in relation_rows(metrics["relations"][mode])] + [""]
    lines += ["", "## Errors", "", "Each wrong prediction counted once: *type* = right span, wrong label; *boundary* = overlaps a gold",
              "span of the same label; *boundary+type* = overlaps a gold span of another label; *spurious* = overlaps none;",
              "*missed* = a gold span that no prediction overlaps.", "", "| kind | count |", "| --- | ---: |"]
    lines += [f"| {k} | {v} |" for k, v in sorted(metrics["errors"].items(), key=lambda kv: -kv[1])]
    lines += ["", "## Most frequent confusions", "", "| gold | predicted | count |", "| --- | --- | ---: |"]
    lines += [f"| {c['gold']} | {c['predicted']} | {c['count']} |" for c in metrics["confusions"][:15]]
    lines += ["", "## Examples of errors", ""]
    shown = 0
    for gold, pred in pairs:
        if _spans(gold) != _spans(pred) and shown < n_examples:
            lines += [f"- gold: {_mark(gold)}", f"  pred: {_mark(pred)}"]
            shown += 1
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def write_html(path: Path, pairs, title: str) -> None:
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             "<style>table{border-collapse:collapse}td{vertical-align:top;border-bottom:1px solid #ccc;padding:4px;width:50%}</style>",
             f"</head><body><h1>{html.escape(title)}</h1><p>Sentences with at least one error: gold left, predicted right.</p><table>",
             "<tr><th>gold</th><th>predicted</th></tr>"]
    warnings.filterwarnings("ignore", message=r"\[W006\]")  # a side without entities is expected here
    for gold, pred in pairs:
        if _spans(gold) != _spans(pred):
            g, p = (displacy.render(doc, style="ent", page=False, jupyter=False, options={"colors": LABEL_COLORS})
                    for doc in (gold, pred))
            parts.append(f"<tr><td>{g}</td><td>{p}</td></tr>")
    parts.append("</table></body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


def _relation_text(rel) -> str:
    return f"{html.escape(rel.head.text)} &rarr; {html.escape(rel.tail.text)} <b>{rel.type}</b>"


def write_relation_html(path: Path, pairs, title: str) -> None:
    """displaCy page of the relation errors: each sentence whose predicted relations differ from the
    gold ones, its gold entities rendered, and the relations that were right, missed or spurious."""
    parts = [f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>",
             "<style>li.missed{color:#b00}li.spurious{color:#a60}li.right{color:#070}</style>",
             f"</head><body><h1>{html.escape(title)}</h1><p>Sentences with a relation error (end to end): right, "
             "<span style='color:#b00'>missed</span>, <span style='color:#a60'>spurious</span>.</p>"]
    warnings.filterwarnings("ignore", message=r"\[W006\]")
    for gold, pred in pairs:
        gold_keys, pred_keys = relation_keys(gold), relation_keys(pred)
        if gold_keys == pred_keys:
            continue
        items = []
        for rel in gold._.relations:
            kind = "right" if relation_key(rel) in pred_keys else "missed"
            items.append(f"<li class='{kind}'>{kind}: {_relation_text(rel)}</li>")
        for rel in pred._.relations:
            if relation_key(rel) not in gold_keys:
                items.append(f"<li class='spurious'>spurious: {_relation_text(rel)} ({rel.score:.2f})</li>")
        rendered = displacy.render(gold, style="ent", page=False, jupyter=False, options={"colors": LABEL_COLORS})
        parts.append(f"<div>{rendered}<ul>{''.join(items)}</ul></div><hr>")
    parts.append("</body></html>")
    path.write_text("\n".join(parts), encoding="utf-8")


def check_thresholds(metrics: dict, thresholds: dict) -> tuple:
    """(rows of label, P, R, F, threshold, ok/BELOW; failure messages) of metrics against thresholds
    ({"ents_f": micro, "per_label_f": {label: F}, "parts": {part: {"ents_f", "per_label_f"}}}); a label
    or part missing from the metrics scores 0."""
    rows, failures = _check(metrics, thresholds, "")
    for part, part_thresholds in sorted(thresholds.get("parts", {}).items()):
        part_rows, part_failures = _check(metrics.get("parts", {}).get(part, {}), part_thresholds, f"{part}: ")
        rows += part_rows
        failures += part_failures
    for mode, rel_thresholds in sorted(thresholds.get("relations", {}).items()):
        scores = metrics.get("relations", {}).get(mode, {})
        per_type = scores.get("rel_per_type", {})
        items = [(t, per_type.get(t, {}), f) for t, f in sorted(rel_thresholds.get("per_type_f", {}).items())]
        items.append(("ALL (micro)", {"p": scores.get("rel_micro_p", 0.0), "r": scores.get("rel_micro_r", 0.0),
                                      "f": scores.get("rel_micro_f", 0.0)}, rel_thresholds.get("rel_micro_f", 0.0)))
        for name, v, t in items:
            f = v.get("f", 0.0)
            rows.append((f"relations {mode}: {name}", f"{v.get('p', 0.0):.3f}", f"{v.get('r', 0.0):.3f}", f"{f:.3f}", f"{t:.3f}",
                         "ok" if f >= t else "BELOW"))
            if f < t:
                failures.append(f"relations {mode}: {name} F {f:.3f} < {t:.3f}")
    return rows, failures


def _check(metrics: dict, thresholds: dict, prefix: str) -> tuple:
    rows, failures = [], []
    per_type = metrics.get("ents_per_type", {})
    items = [(label, per_type.get(label, {}).get("f", 0.0), t) for label, t in sorted(thresholds.get("per_label_f", {}).items())]
    items.append(("ALL (micro)", metrics.get("ents_f", 0.0), thresholds.get("ents_f", 0.0)))
    for label, f, t in items:
        p = per_type.get(label, {}).get("p", metrics.get("ents_p", 0.0) if label.startswith("ALL") else 0.0)
        r = per_type.get(label, {}).get("r", metrics.get("ents_r", 0.0) if label.startswith("ALL") else 0.0)
        ok = f >= t
        rows.append((prefix + label, f"{p:.3f}", f"{r:.3f}", f"{f:.3f}", f"{t:.3f}", "ok" if ok else "BELOW"))
        if not ok:
            failures.append(f"{prefix}{label} F {f:.3f} < {t:.3f}")
    return rows, failures
