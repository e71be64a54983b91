"""Audit the gold corpus: rule checks, consistency, statistics, agreement.

1. Mechanical checks that follow from the spec. Any violation fails the audit:
   PROVINCE with a generic word ("tỉnh", "thành phố", "TP") other than the Hồ Chí
   Minh City forms, MONEY with a leading qualifier or without a currency, PERSON
   with a leading title, INDUSTRIAL_PARK without its type word, COMPANY with
   "nhà máy", and every validator error (punctuation or whitespace at a span
   edge, overlaps, offsets, labels).
2. Consistency: a surface string labelled differently in different sentences,
   or labelled in one sentence and left unlabelled in another. A case counts as
   explained when the string is listed in the "Context-dependent strings" section
   of corpus/GUIDELINES.md; `--strict` fails on unexplained cases.
3. Statistics per label, source and split, tone-mark styles, and the agreement
   between independent annotations (corpus/annotation/<batch>.<annotator>.entities.jsonl),
   written to corpus/STATS.md.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path
from typing import Dict, Iterable, List, Optional, Tuple

import typer
from wasabi import msg

from annotator_agreement import agreement
from gold_records import LABELS, gold_files, read_gold, record_errors
from jsonl_io import InputError, fail, read_jsonl
from spans_to_doccano import locate

HCM_FORMS = re.compile(r"^(?:TP\.?\s*HCM|TPHCM|TP\.?\s*Hồ Chí Minh|Thành phố Hồ Chí Minh)$", re.I)
PROVINCE_GENERIC = re.compile(r"^(?:tỉnh|thành phố|TP\.?)(?:\s|$)", re.I)
MONEY_QUALIFIER = re.compile(r"^(?:hơn|khoảng|gần|trên|dưới|tới|lên tới|lên đến|đến|xấp xỉ|chừng|ước|ước tính|tổng cộng)\s", re.I)
CURRENCY = re.compile(
    r"(?:đồng|VNĐ|VND|USD|US\$|\$|đô\s?la|đôla|đô|euro|EUR|€|yên|JPY|won|KRW|nhân dân tệ|NDT|tệ|CNY|bảng|GBP|£|cent|rupee|baht|ringgit|SGD|AUD|rúp)",
    re.I,
)
# Kinship words are matched in lower case only (and "Ông"/"Bà"): "Anh Tuấn" is a name.
PERSON_KINSHIP = re.compile(r"^(?:ông|Ông|bà|Bà|anh|chị|cô|chú|bác|cụ|em)\s")
PERSON_TITLE = re.compile(
    r"^(?:Chủ tịch|Phó Chủ tịch|Giám đốc|Phó Giám đốc|Tổng Giám đốc|Bí thư|Phó Bí thư|"
    r"Thủ tướng|Phó Thủ tướng|Bộ trưởng|Thứ trưởng|Trưởng ban|Trưởng|Đại tướng|Thượng tướng|Trung tướng|Thiếu tướng|Đại tá|"
    r"Thượng tá|Trung tá|Thiếu tá|Đại úy|Đại uý|TS\.?|ThS\.?|GS\.?|PGS\.?|Tiến sĩ|Giáo sư|Phó Giáo sư|Bác sĩ|Luật sư|Ngài|Tổng thống|Chủ nhiệm)\s",
    re.I,
)
PARK_TYPE = re.compile(
    r"^(?:khu công ngh\w+p|KCN|cụm công nghiệp|CCN|khu chế xuất|KCX|khu kinh tế|KKT|khu công nghệ cao|KCNC|"
    r"đặc khu|khu hành chính\s*[–-]\s*kinh tế|khu phức hợp|khu tổ hợp công nghiệp|phân khu|khu liên hợp|khu kỹ nghệ|khu công nghiệp - đô thị|"
    r"khu đô thị - công nghiệp)|^[A-Z]*(?:IP|EZ)\b|Industrial Park",  # VSIP = ... Industrial Park, SSEZ = ... Economic Zone
    re.I,
)
# Syllable-final oa/oe/uy: tone mark on the second vowel in the new style (kiểu mới, "hoà", "uỷ"), on the
# first in the old style (kiểu cũ, "hòa", "ủy"); "quý" is the same in both (u belongs to "qu").
NEW_STYLE = re.compile(r"(?<!q)(?:oà|oá|oả|oã|oạ|uỷ|uý|uỳ|uỹ|uỵ|oè|oé|oẻ|oẽ|oẹ)(?![a-zà-ỹ])", re.I)
OLD_STYLE = re.compile(r"(?<!q)(?:òa|óa|ỏa|õa|ọa|ủy|úy|ùy|ũy|ụy|òe|óe|ỏe|õe|ọe)(?![a-zà-ỹ])", re.I)

Violation = Tuple[str, str]  # (where, reason)


def rule_violations(where: str, record: dict) -> List[Violation]:
    """Validator errors; for a well-formed record, the spec's rule checks on its spans."""
    errors = record_errors(record)
    if errors:  # the span checks need well-formed spans
        return [(where, e) for e in errors]
    return span_rule_violations(where, record)


def span_rule_violations(where: str, record: dict) -> List[Violation]:
    """The spec's rule checks on the spans of a well-formed record."""
    out = []
    text = record["text"]
    for start, end, label in record["label"]:
        surface = text[start:end]
        reason = None
        if label == "PROVINCE" and PROVINCE_GENERIC.match(surface) and not HCM_FORMS.match(surface):
            reason = "PROVINCE starts with a generic word"
        elif label == "MONEY" and MONEY_QUALIFIER.match(surface):
            reason = "MONEY starts with a qualifier"
        elif label == "MONEY" and not CURRENCY.search(surface):
            reason = "MONEY has no currency"
        elif label == "PERSON" and (PERSON_KINSHIP.match(surface) or PERSON_TITLE.match(surface)):
            reason = "PERSON starts with a title"
        elif label == "INDUSTRIAL_PARK" and not PARK_TYPE.search(surface):
            reason = "INDUSTRIAL_PARK has no type word"
        elif label == "COMPANY" and surface.lower().startswith("nhà máy"):
            reason = "COMPANY includes 'nhà máy'"
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
        c["new (hoà, uỷ)"] += bool(NEW_STYLE.search(t))
        c["old (hòa, ủy)"] += bool(OLD_STYLE.search(t))
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


def write_stats(path: Path, records, splits: Dict[str, str], agreements, n_violations: int, incons: dict, explained: set):
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
    lines.append(f"| **all** | {sum(len(a) for a in articles_split.values())} | {sum(sentences_split.values())} | " + " | ".join(map(str, total)) + f" | {sum(total)} |")
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
    unexplained = sorted(s for s in incons if s not in explained)
    lines += ["", "## Audit", "", f"- mechanical rule violations: {n_violations}",
              f"- context-dependent strings (labelled differently, or labelled in some sentences only): {len(incons)}, "
              f"of which explained in GUIDELINES.md: {len(incons) - len(unexplained)}, unexplained: {len(unexplained)}", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def main(
    gold_dir: Path = typer.Argument(..., help="Folder of doccano JSONL gold files"),
    splits_path: Path = typer.Argument(..., help="Split manifest (corpus/splits.json)"),
    stats: Path = typer.Argument(..., help="Markdown statistics to write (corpus/STATS.md)"),
    sentences: Path = typer.Option(Path("corpus/sentences.jsonl"), help="Sentences JSONL (for agreement)"),
    annotation_dir: Path = typer.Option(Path("corpus/annotation"), help="Independent annotations"),
    guidelines: Path = typer.Option(Path("corpus/GUIDELINES.md"), help="Guidelines with the explained strings"),
    report: Optional[Path] = typer.Option(None, help="Write every inconsistency as JSON here"),
    strict: bool = typer.Option(False, help="Also fail on unexplained inconsistencies"),
):
    """Audit the gold corpus; fail on rule violations."""
    records, violations = [], []
    try:
        for path in gold_files(gold_dir):
            for lineno, rec in read_jsonl(path):
                where = f"{path}:{lineno}"
                errors = record_errors(rec)
                if errors:  # statistics and consistency only on well-formed records
                    violations.extend((where, e) for e in errors)
                else:
                    violations.extend(span_rule_violations(where, rec))
                    records.append((where, rec))
        splits = json.loads(splits_path.read_text(encoding="utf-8"))["articles"] if splits_path.exists() else {}
        agreements = annotation_agreement(annotation_dir, sentences) if annotation_dir.exists() else []
    except InputError as e:
        fail(str(e))
    incons = inconsistencies(records)
    explained = explained_strings(guidelines)
    write_stats(stats, records, splits, agreements, len(violations), incons, explained)
    unexplained = {s: v for s, v in incons.items() if s not in explained}
    for surface, info in sorted(unexplained.items(), key=lambda kv: -sum(kv[1]["labels"].values())):
        msg.warn(f"inconsistent {surface!r}: labels {info['labels']}, unlabelled {info['unlabelled']}x e.g. {info['examples'][:2]}")
    if report:
        report.write_text(json.dumps(incons, ensure_ascii=False, indent=1), encoding="utf-8")
    msg.info(f"{len(records)} sentences; {len(incons)} context-dependent strings, {len(unexplained)} unexplained; wrote {stats}")
    for where, reason in violations:
        print(f"\u2718 {where}: {reason}", file=sys.stderr)
    if violations:
        fail(f"{len(violations)} rule violations")
    if strict and unexplained:
        fail(f"{len(unexplained)} unexplained inconsistencies (fix them or list them in {guidelines})")
    msg.good("Audit passed")


if __name__ == "__main__":
    typer.run(main)
