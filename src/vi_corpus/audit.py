"""Audit the gold corpus: rule checks, consistency, statistics, agreement.

1. Mechanical checks that follow from the spec. Any violation fails the audit:
   PROVINCE with a generic word ("tỉnh", "thành phố", "TP") other than the Hồ Chí
   Minh City forms, MONEY with a leading qualifier or without a currency, PERSON
   with a leading title, INDUSTRIAL_PARK without its type word, COMPANY with
   "nhà máy", and every validator error (punctuation or whitespace at a span
   edge, overlaps, offsets, labels); the rules clarified on 2026-12-02 where a
   pattern finds them (a company named as its shares or behind a ticker word,
   "tỉnh này" left outside a body, a group of countries labelled as a body); and
   a gold span at a sentence edge where the sentence was cut after an
   abbreviation that precedes a name ("TP." | "Hà Nội ...": the splitter now
   joins these lines). Relations (RELATION_SPEC): every sentence with a candidate
   pair has them annotated, no alias in brackets carries one, no company is linked
   to the province of its park.
2. Consistency: a surface string labelled differently in different sentences,
   or labelled in one sentence and left unlabelled in another. A case counts as
   explained when the string is listed in the "Context-dependent strings" section
   of corpus/GUIDELINES.md; `--strict` fails on unexplained cases.
3. Statistics per label, source and split, tone-mark styles, relations per type, and the
   agreement between independent annotations (corpus/annotation/<batch>.<annotator>.entities.jsonl,
   corpus/annotation/relations/<batch>.<annotator>.relations.jsonl),
   written to corpus/STATS.md.

Standard library only; scripts/audit_corpus.py is the command.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

from vi_corpus.agreement import agreement, relation_agreement
from vi_corpus.jsonl import InputError, read_jsonl
from vi_corpus.lexicon import (
    HCM_CITY_FORMS,
    KINSHIP_WORDS,
    LABELS,
    MONEY_QUALIFIERS,
    PARK_NAME_START,
    PROVINCE_GENERIC_WORD,
    RELATION_TYPES,
    TITLES,
    has_currency,
)
from vi_corpus.records import candidate_pairs, locate, record_errors
from vi_corpus.sentences import ends_with_name_abbreviation, opens_with_name
from vi_corpus.text import styles_used

MONEY_QUALIFIER = re.compile(r"^(?:" + "|".join(MONEY_QUALIFIERS) + r")\s", re.I)
# Kinship words are matched as written (lower case, and "Ông"/"Bà"): "Anh Tuấn" is a name.
PERSON_KINSHIP = re.compile(r"^(?:" + "|".join(KINSHIP_WORDS) + r")\s")
PERSON_TITLE = re.compile(r"^(?:" + "|".join(TITLES) + r")\s", re.I)

Violation = Tuple[str, str]  # (where, reason)

# Clarified rules (2026-12-02) that a pattern on the words around a span can check.
SECURITY_BEFORE = re.compile(r"(?:cổ phiếu|chứng chỉ quỹ|mã chứng khoán|mã cổ phiếu|thị giá)\s*$", re.I)
TICKER_BEFORE = re.compile(r"\((?:mã|mã CK|HoSE|HOSE|HNX|UPCoM|OTC)\s*:\s*$", re.I)
PROVINCE_THIS_AFTER = re.compile(r"^ này\b")
GROUP_OF_COUNTRIES_BEFORE = re.compile(r"(?:các nước(?: thành viên| trong khu vực)?|sang|thị trường|khối)\s*$")
INTERNATIONAL_GROUPS = {"ASEAN", "EU", "APEC", "G7", "G20", "BRICS", "OECD", "Liên minh châu Âu", "CPTPP"}


def rule_violations(where: str, record: dict) -> List[Violation]:
    """Validator errors; for a well-formed record, the spec's rule checks on its spans."""
    errors = record_errors(record)
    if errors:  # the span checks need well-formed spans
        return [(where, e) for e in errors]
    return span_rule_violations(where, record) + relation_rule_violations(where, record)


def relation_rule_violations(where: str, record: dict) -> List[Violation]:
    """RELATION_SPEC's checks on a well-formed record: every sentence with a candidate pair has its
    relations annotated; an alias in brackets right after a name carries none; a company linked to a
    park that is linked to a province is not also linked to that province."""
    text, spans = record["text"], [tuple(s) for s in record["label"]]
    if "relations" not in record:
        return [(where, "a candidate pair without relation annotation ('relations' missing)")] if candidate_pairs(spans) else []
    out = []
    starts = {(s, e): label for s, e, label in spans}
    aliases = {(s, e) for s, e, label in spans
               if text[:s].endswith("(") and text[e:].startswith(")") and any(e2 <= s - 1 and text[e2:s].strip() == "(" and l2 == label
                                                  for s2, e2, l2 in spans)}
    located = {(tuple(r["head"]), tuple(r["tail"])) for r in record["relations"] if r["type"] == "LOCATED_IN"}
    for rel in record["relations"]:
        head, tail = tuple(rel["head"]), tuple(rel["tail"])
        name = f"{rel['type']} {text[head[0]:head[1]]!r} -> {text[tail[0]:tail[1]]!r}"
        if head in aliases or tail in aliases:
            out.append((where, f"{name}: the alias in brackets after a name carries no relation"))
        if rel["type"] == "LOCATED_IN" and starts[head] == "COMPANY" and starts[tail] == "PROVINCE" and any(
            (head, park) in located and (park, tail) in located for park in starts if starts[park] == "INDUSTRIAL_PARK"
        ):
            out.append((where, f"{name}: the company is linked to a park of that province (link the park only)"))
    return out


def check_records(paths: Iterable[Path]) -> Tuple[List[Tuple[str, dict]], List[Violation]]:
    """The well-formed records of the gold files (with `file:line`) and every violation: validator
    errors of malformed records, the spec's rule checks of well-formed ones."""
    records, violations = [], []
    for path in paths:
        for lineno, rec in read_jsonl(path):
            where = f"{path}:{lineno}"
            found = rule_violations(where, rec)
            violations.extend(found)
            if not record_errors(rec):  # statistics and consistency only on well-formed records
                records.append((where, rec))
    return records, violations + abbreviation_cut_violations(records)


def abbreviation_cut_violations(records: List[Tuple[str, dict]]) -> List[Violation]:
    """A name cut in two where a sentence ends in an abbreviation that precedes a name ("TP.", "GS."):
    a span ends at the abbreviation and the article's next sentence opens with a span and with a name
    (the splitter joins such lines: a record like this is left from an older split)."""
    by_id = {rec["id"]: (where, rec) for where, rec in records}
    out = []
    for where, rec in records:
        text = rec["text"]
        if not ends_with_name_abbreviation(text):
            continue
        article, _, number = rec["id"].rpartition("-")
        following = by_id.get(f"{article}-{int(number) + 1}") if number.isdigit() else None
        last_word_start = len(text) - len(text.split()[-1])
        if (following and any(end > last_word_start for _, end, _ in rec["label"]) and opens_with_name(following[1]["text"])
                and any(start == 0 for start, _, _ in following[1]["label"])):
            out.append((where, f"a name is cut after {text.split()[-1]!r}: its pieces are labelled in two sentences ({following[0]})"))
    return out


def span_rule_violations(where: str, record: dict) -> List[Violation]:
    """The spec's rule checks on the spans of a well-formed record."""
    out = []
    text = record["text"]
    for start, end, label in record["label"]:
        surface = text[start:end]
        reason = None
        if label == "PROVINCE" and PROVINCE_GENERIC_WORD.match(surface) and not HCM_CITY_FORMS.match(surface):
            reason = "PROVINCE starts with a generic word"
        elif label == "MONEY" and MONEY_QUALIFIER.match(surface):
            reason = "MONEY starts with a qualifier"
        elif label == "MONEY" and not has_currency(surface):
            reason = "MONEY has no currency"
        elif label == "PERSON" and (PERSON_KINSHIP.match(surface) or PERSON_TITLE.match(surface)):
            reason = "PERSON starts with a title"
        elif label == "INDUSTRIAL_PARK" and not PARK_NAME_START.search(surface):
            reason = "INDUSTRIAL_PARK has no type word"
        elif label == "COMPANY" and surface.lower().startswith("nhà máy"):
            reason = "COMPANY includes 'nhà máy'"
        elif label == "COMPANY" and SECURITY_BEFORE.search(text[:start]):
            reason = "COMPANY named as its shares (a security)"
        elif label == "COMPANY" and TICKER_BEFORE.search(text[:start]):
            reason = "COMPANY is a code after a ticker word or an exchange"
        elif label == "AGENCY" and re.search(r"\b(?:tỉnh|thành phố)$", surface) and PROVINCE_THIS_AFTER.match(text[end:]):
            reason = "AGENCY leaves 'này' (the province) outside"
        elif label == "AGENCY" and surface in INTERNATIONAL_GROUPS and GROUP_OF_COUNTRIES_BEFORE.search(text[:start]):
            reason = "AGENCY names a group of countries or a market"
        if reason:
            out.append((where, f"{reason}: {label} {surface!r}"))
    return out


def _is_free_standing(text: str, start: int, end: int) -> bool:
    """Not part of a longer word, nor of a longer capitalised name ("Nam" in "Việt Nam")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    if before.isalnum() or after.isalnum():
        return False
    prev_word = re.search(r"(\w+) $", text[:start])
    next_word = re.match(r" (\w+)", text[end:])
    return not ((prev_word and prev_word.group(1)[0].isupper()) or (next_word and next_word.group(1)[0].isupper()))


def inconsistencies(records: List[Tuple[str, dict]]) -> Dict[str, dict]:
    """Surface strings labelled with several labels, or labelled in some sentences only."""
    labels_of = defaultdict(Counter)
    for _, rec in records:
        for s, e, label in rec["label"]:
            labels_of[rec["text"][s:e]][label] += 1
    # Unlabelled occurrences of multi-character labelled strings, at word boundaries,
    # not inside any span of that sentence.
    unlabelled = Counter()
    examples = defaultdict(list)
    surfaces = sorted(labels_of, key=len, reverse=True)
    for where, rec in records:
        text, covered = rec["text"], [(s, e) for s, e, _ in rec["label"]]
        for surface in surfaces:
            if len(surface) < 3 or surface not in text:
                continue
            for m in re.finditer(re.escape(surface), text):
                s, e = m.span()
                if _is_free_standing(text, s, e) and not any(cs <= s and e <= ce for cs, ce in covered):
                    unlabelled[surface] += 1
                    if len(examples[surface]) < 3:
                        examples[surface].append(where)
    report = {}
    for surface, counts in labels_of.items():
        if len(counts) > 1 or unlabelled[surface]:
            report[surface] = {"labels": dict(counts), "unlabelled": unlabelled[surface], "examples": examples[surface]}
    return report


def explained_strings(guidelines: Path) -> set:
    """Strings listed (in backticks) under the 'Context-dependent strings' heading."""
    if not guidelines.exists():
        return set()
    text = guidelines.read_text(encoding="utf-8")
    match = re.search(r"^## Context-dependent strings\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    return set(re.findall(r"`([^`]+)`", match.group(1))) if match else set()


def tone_styles(texts: Iterable[str]) -> Counter:
    c = Counter()
    for t in texts:
        new, old = styles_used(t)
        c["new (hoà, uỷ)"] += new
        c["old (hòa, ủy)"] += old
    return c


def annotation_agreement(annotation_dir: Path, sentences: Path) -> List[Tuple[str, str, str, dict]]:
    """Agreement of each pair of independent annotations of the same batch."""
    by_batch = defaultdict(dict)
    for path in sorted(annotation_dir.glob("*.entities.jsonl")):
        batch, annotator = path.name.split(".")[:2]
        by_batch[batch][annotator] = path
    sents = {r["id"]: r for _, r in read_jsonl(sentences)}
    results = []
    for batch, files in sorted(by_batch.items()):
        for (a, pa), (b, pb) in combinations(sorted(files.items()), 2):
            docs = []
            for path in (pa, pb):
                doc = {}
                for n, r in read_jsonl(path):
                    if r.get("id") not in sents:
                        raise InputError(f"{path}:{n}: sentence {r.get('id')!r} is not in {sentences}")
                    text = sents[r["id"]]["text"]
                    doc[r["id"]] = {"text": text, "label": locate(text, r["entities"], f"{path}:{n}")}
                docs.append(doc)
            summary, _ = agreement(*docs)
            results.append((batch, a, b, summary))
    return results


def relation_annotation_agreement(relation_dir: Path) -> List[Tuple[str, str, str, dict]]:
    """Agreement of each pair of independent relation annotations of the same batch
    (<batch>.<annotator>.relations.jsonl, record format; <batch>.relations.jsonl is the adjudicated one)."""
    by_batch = defaultdict(dict)
    for path in sorted(relation_dir.glob("*.*.relations.jsonl")):
        batch, annotator = path.name.split(".")[:2]
        by_batch[batch][annotator] = {r["id"]: r["relations"] for _, r in read_jsonl(path)}
    results = []
    for batch, files in sorted(by_batch.items()):
        for (a, ra), (b, rb) in combinations(sorted(files.items()), 2):
            summary, _ = relation_agreement(ra, rb)
            results.append((batch, a, b, summary))
    return results


def relation_stats(records, splits: Dict[str, str], agreements) -> List[str]:
    per_type_split = defaultdict(Counter)
    annotated, methods = Counter(), Counter()
    for _, rec in records:
        split = splits.get(rec["meta"]["article"], "unassigned")
        if "relations" in rec and candidate_pairs(rec["label"]):
            annotated[split] += 1
            methods[rec["meta"].get("relation_annotation", "?")] += 1
        for rel in rec.get("relations", []):
            per_type_split[rel["type"]][split] += 1
    splits_order = ["train", "dev", "test"] + (["unassigned"] if "unassigned" in annotated else [])
    types = list(RELATION_TYPES)
    lines = ["", "## Relations", "", "Sentences with a candidate pair (RELATION_SPEC), all annotated; relations per type.", "",
             "| split | sentences | " + " | ".join(types) + " | relations |", "| --- | ---: | " + " | ".join("---:" for _ in types) + " | ---: |"]
    for split in splits_order:
        counts = [per_type_split[t][split] for t in types]
        lines.append(f"| {split} | {annotated[split]} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
    total = [sum(per_type_split[t].values()) for t in types]
    lines.append(f"| **all** | {sum(annotated.values())} | " + " | ".join(map(str, total)) + f" | {sum(total)} |")
    lines += ["", "| meta.relation_annotation | sentences |", "| --- | ---: |"] + [f"| {m} | {n} |" for m, n in sorted(methods.items())]
    lines += ["", "Relation agreement: F1 over (head, tail, type) between two annotators of the same sentences "
              "(the gold entities given).", "",
              "| batch | annotators | sentences | " + " | ".join(f"{t} F1" for t in types) + " | relations A | relations B | agreed | F1 |",
              "| --- | --- | ---: | " + " | ".join("---:" for _ in types) + " | ---: | ---: | ---: | ---: |"]
    tot = Counter()
    for batch, a, b, summary in agreements:
        c = summary["per_type"]["ALL"]
        tot.update({"n": summary["sentences"], "a": c["a"], "b": c["b"], "both": c["both"]})
        per = " | ".join(f"{summary['per_type'][t]['f1']:.3f}" for t in types)
        lines.append(f"| {batch} | {a} / {b} | {summary['sentences']} | {per} | {c['a']} | {c['b']} | {c['both']} | {c['f1']:.3f} |")
    if tot["a"] + tot["b"]:
        f1 = 2 * tot["both"] / (tot["a"] + tot["b"])
        lines.append(f"| **all** | | {tot['n']} | " + " | ".join("" for _ in types) + f" | {tot['a']} | {tot['b']} | {tot['both']} | **{f1:.3f}** |")
    return lines


def write_stats(path: Path, records, splits: Dict[str, str], agreements, n_violations: int, incons: dict, explained: set,
                relation_agreements=()):
    per_label_split = defaultdict(Counter)
    per_source = defaultdict(Counter)
    sentences_split, articles_split = Counter(), defaultdict(set)
    for _, rec in records:
        split = splits.get(rec["meta"]["article"], "unassigned")
        sentences_split[split] += 1
        articles_split[split].add(rec["meta"]["article"])
        source = rec["meta"].get("source", "?").split("/")[0]
        per_source[source]["sentences"] += 1
        per_source[source]["articles:" + rec["meta"]["article"]] = 1
        for _, _, label in rec["label"]:
            per_label_split[label][split] += 1
            per_source[source][label] += 1
    splits_order = ["train", "dev", "test"] + (["unassigned"] if "unassigned" in sentences_split else [])
    lines = ["# Corpus statistics", "", "Written by `python -m spacy project run audit` (scripts/audit_corpus.py); do not edit.", ""]
    lines += ["## Per split", "", "| split | articles | sentences | " + " | ".join(LABELS) + " | entities |",
              "| --- | ---: | ---: | " + " | ".join("---:" for _ in LABELS) + " | ---: |"]
    for split in splits_order:
        counts = [per_label_split[label][split] for label in LABELS]
        lines.append(f"| {split} | {len(articles_split[split])} | {sentences_split[split]} | " + " | ".join(map(str, counts)) + f" | {sum(counts)} |")
    total = [sum(per_label_split[label].values()) for label in LABELS]
    all_articles = sum(len(a) for a in articles_split.values())
    lines.append(f"| **all** | {all_articles} | {sum(sentences_split.values())} | " + " | ".join(map(str, total)) + f" | {sum(total)} |")
    lines += ["", "## Per source", "", "| source | articles | sentences | " + " | ".join(LABELS) + " |",
              "| --- | ---: | ---: | " + " | ".join("---:" for _ in LABELS) + " |"]
    for source, c in sorted(per_source.items()):
        n_articles = sum(1 for k in c if k.startswith("articles:"))
        lines.append(f"| {source} | {n_articles} | {c['sentences']} | " + " | ".join(str(c[label]) for label in LABELS) + " |")
    methods = Counter(rec["meta"].get("annotation", "?") for _, rec in records)
    lines += ["", "## How the sentences were annotated", "", "| meta.annotation | sentences |", "| --- | ---: |"]
    lines += [f"| {m} | {n} |" for m, n in sorted(methods.items())]
    styles = tone_styles(rec["text"] for _, rec in records)
    lines += ["", "## Tone-mark styles", "", "| style | sentences |", "| --- | ---: |"]
    lines += [f"| {k} | {v} |" for k, v in sorted(styles.items())]
    lines += ["", "## Agreement between independent annotations", "",
              "Span-level F1 (exact start, end and label) between two annotators of the same sentences.", "",
              "| batch | annotators | sentences | spans A | spans B | agreed | F1 |", "| --- | --- | ---: | ---: | ---: | ---: | ---: |"]
    tot = Counter()
    for batch, a, b, summary in agreements:
        c = summary["per_label"]["ALL"]
        tot.update({"n": summary["sentences"], "a": c["a"], "b": c["b"], "both": c["both"]})
        lines.append(f"| {batch} | {a} / {b} | {summary['sentences']} | {c['a']} | {c['b']} | {c['both']} | {c['f1']:.3f} |")
    if tot["a"] + tot["b"]:
        f1 = 2 * tot["both"] / (tot["a"] + tot["b"])
        lines.append(f"| **all** | | {tot['n']} | {tot['a']} | {tot['b']} | {tot['both']} | **{f1:.3f}** |")
    lines += relation_stats(records, splits, relation_agreements)
    unexplained = sorted(s for s in incons if s not in explained)
    lines += ["", "## Audit", "", f"- mechanical rule violations: {n_violations}",
              f"- context-dependent strings (labelled differently, or labelled in some sentences only): {len(incons)}, "
              f"of which explained in GUIDELINES.md: {len(incons) - len(unexplained)}, unexplained: {len(unexplained)}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")
