"""Write the score tables of README.md from the files the workflow writes: training/metrics.json
(evaluate) and training/robustness.json (robustness) between the markers <!-- SCORES START --> and
<!-- SCORES END -->, and with --benchmark the speed table (training/benchmark/benchmark.md) between
<!-- SPEED START --> and <!-- SPEED END -->; nothing else in the README changes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Optional

import typer
from wasabi import msg

from vi_corpus.jsonl import InputError, fail, read_json
from vi_corpus.lexicon import LABELS

START, END = "<!-- SCORES START (spacy project run readme) -->", "<!-- SCORES END -->"
SPEED_START, SPEED_END = "<!-- SPEED START (spacy project run readme) -->", "<!-- SPEED END -->"


PARTS = ("industrial", "broad", "seeds")


def render(metrics: dict, robustness: dict) -> str:
    """The README section: per-label P/R/F on the test split, F of each part of it (industrial, broad,
    seeds; "-" where a part has no such entity), F with names linked across each article and with
    whole articles as input, and the largest drop under restyling."""
    linked, articles, parts = metrics.get("linked"), metrics["by_article"], metrics.get("parts", {})

    def prf(m: dict, label: str) -> tuple:
        v = (m.get("ents_per_type") or {}).get(label, {"p": 0.0, "r": 0.0, "f": 0.0})
        return v["p"], v["r"], v["f"]

    def part_cell(part: str, label: Optional[str]) -> str:
        m = parts.get(part)
        if m is None or (label is not None and label not in (m.get("ents_per_type") or {})):
            return "-"
        return f"{m['ents_f'] if label is None else prf(m, label)[2]:.3f}"

    shown = [part for part in PARTS if part in parts]
    lines = ["| label | P | R | F | " + " | ".join(f"F {part}" for part in shown) + (" | " if shown else "")
             + "F, names linked across the article | F, whole articles as input |",
             "| --- | ---: | ---: | ---: | " + "".join("---: | " for _ in shown) + "---: | ---: |"]
    for label in LABELS:
        p, r, f = prf(metrics, label)
        lines.append(f"| {label} | {p:.3f} | {r:.3f} | {f:.3f} | " + "".join(f"{part_cell(x, label)} | " for x in shown)
                     + f"{prf(linked, label)[2] if linked else f:.3f} | {prf(articles, label)[2]:.3f} |")
    lines.append(f"| **ALL (micro)** | **{metrics['ents_p']:.3f}** | **{metrics['ents_r']:.3f}** | **{metrics['ents_f']:.3f}** | "
                 + "".join(f"**{part_cell(x, None)}** | " for x in shown)
                 + f"**{(linked or metrics)['ents_f']:.3f}** | **{articles['ents_f']:.3f}** |")
    variants = robustness["variants"]
    drop = max(variants["original"]["f"] - v["f"] for v in variants.values())
    sizes = ", ".join(f"{part} {parts[part]['n_docs']} sentences" for part in shown)
    lines += ["", f"{metrics['n_docs']} sentences ({sizes}), {metrics['n_gold_ents']} gold entities. " if shown else
              f"{metrics['n_docs']} sentences, {metrics['n_gold_ents']} gold entities. "]
    lines[-1] += ("Micro F as written, restyled and in NFD: " + ", ".join(f"{name} {v['f']:.3f}" for name, v in variants.items())
                  + f" (largest drop {drop:.3f}).")
    relations = metrics.get("relations")
    if relations:
        e2e, gold = relations["end_to_end"], relations["gold_entities"]
        lines += ["", "| relation (RELATION_SPEC) | P | R | F | F on gold entities | gold |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
        for rtype, v in e2e["rel_per_type"].items():
            lines.append(f"| {rtype} | {v['p']:.3f} | {v['r']:.3f} | {v['f']:.3f} | {gold['rel_per_type'][rtype]['f']:.3f} | "
                         f"{v['tp'] + v['fn']} |")
        lines.append(f"| **ALL (micro)** | **{e2e['rel_micro_p']:.3f}** | **{e2e['rel_micro_r']:.3f}** | **{e2e['rel_micro_f']:.3f}** | "
                     f"**{gold['rel_micro_f']:.3f}** | {e2e['n_gold']} |")
    return "\n".join(lines)


def replace_section(readme: str, section: str, start: str = START, end: str = END) -> str:
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if not pattern.search(readme):
        raise ValueError(f"the README has no {start} ... {end} section")
    return pattern.sub(lambda _: f"{start}\n{section}\n{end}", readme)


def main(
    metrics_path: Path = typer.Argument(..., help="training/metrics.json (evaluate)"),
    robustness_path: Path = typer.Argument(..., help="training/robustness.json (robustness)"),
    readme: Path = typer.Argument(..., help="README.md to update in place"),
    benchmark: Optional[Path] = typer.Option(None, help="training/benchmark/benchmark.md (benchmark): the speed section"),
):
    """Render the workflow's scores into README.md between its score markers."""
    if not readme.exists():
        fail(f"{readme}: file not found")
    try:
        metrics, robustness = read_json(metrics_path), read_json(robustness_path)
        section = render(metrics, robustness)
    except InputError as e:
        fail(str(e))
    except KeyError as e:
        fail(f"{metrics_path} or {robustness_path}: missing key {e} (written by an older evaluate?)")
    if benchmark is not None and not benchmark.exists():
        fail(f"{benchmark}: file not found (spacy project run benchmark writes it)")
    try:
        text = replace_section(readme.read_text(encoding="utf-8"), section)
        if benchmark is not None:
            text = replace_section(text, benchmark.read_text(encoding="utf-8").strip(), SPEED_START, SPEED_END)
    except ValueError as e:
        fail(f"{readme}: {e}")
    readme.write_text(text, encoding="utf-8")
    msg.good(f"Wrote the scores of {metrics_path} and {robustness_path} into {readme}")


if __name__ == "__main__":
    typer.run(main)
