"""Split the converted corpus into train/dev/test by article, through a manifest.

The manifest (committed) maps every article id to its split. Articles already
in it keep their split, so adding data never moves a sentence between splits.
New articles are split with scikit-learn's GroupShuffleSplit (groups =
articles, fixed seed): first the test share, then the dev share of the rest.
A sentence therefore never shares its article with a sentence of another split.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List

import typer
from sklearn.model_selection import GroupShuffleSplit
from spacy.tokens import DocBin
from wasabi import msg

from vi_corpus.jsonl import fail
from vi_industrial.pipeline import blank_pipeline, read_docs

SPLITS = ("train", "dev", "test")


def _take_share(articles: List[str], share: float, seed: int) -> set:
    """A share of the articles (at least one when there are at least three)."""
    if len(articles) < 3 or share <= 0:
        return set()
    splitter = GroupShuffleSplit(n_splits=1, test_size=share, random_state=seed)
    _, held = next(splitter.split(articles, groups=articles))
    return {articles[i] for i in held}


def assign_new(articles: List[str], test_size: float, dev_size: float, seed: int) -> Dict[str, str]:
    """Split assignments for articles that the manifest does not have yet."""
    articles = sorted(articles)
    test = _take_share(articles, test_size, seed)
    rest = [a for a in articles if a not in test]
    dev = _take_share(rest, dev_size / (1 - test_size), seed)
    return {a: "test" if a in test else "dev" if a in dev else "train" for a in articles}


def load_manifest(path: Path) -> dict:
    if not path.exists():
        return {"articles": {}}
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        fail(f"{path}:{e.lineno}: invalid JSON: {e.msg}")
    bad = {a: s for a, s in manifest.get("articles", {}).items() if s not in SPLITS}
    if bad:
        fail(f"{path}: unknown split for {bad}")
    return manifest


def main(
    corpus: Path = typer.Argument(..., help="DocBin from convert (docs carry user_data 'article')"),
    manifest_path: Path = typer.Argument(..., help="Split manifest JSON (read, then updated)"),
    output_dir: Path = typer.Argument(..., help="Folder for train.spacy, dev.spacy, test.spacy"),
    test_size: float = typer.Option(0.15, help="Share of new articles for test"),
    dev_size: float = typer.Option(0.15, help="Share of new articles for dev"),
    seed: int = typer.Option(0, help="Random seed of the group split"),
):
    """Split by article into train/dev/test, keeping earlier assignments."""
    docs = read_docs(corpus, blank_pipeline())
    by_article = defaultdict(list)
    for i, doc in enumerate(docs):
        if "article" not in doc.user_data:
            fail(f"{corpus}: doc {i} has no 'article' in user_data; run convert again")
        by_article[doc.user_data["article"]].append(doc)

    manifest = load_manifest(manifest_path)
    known = manifest["articles"]
    new = [a for a in by_article if a not in known]
    if new:
        known.update(assign_new(new, test_size, dev_size, seed))
        msg.info(f"{len(new)} new articles assigned to splits")
    missing = sorted(set(known) - set(by_article))
    if missing:
        msg.warn(f"{len(missing)} articles in the manifest have no sentences in the corpus: {missing[:5]}")
    manifest = {"seed": seed, "test_size": test_size, "dev_size": dev_size, "articles": dict(sorted(known.items()))}
    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    output_dir.mkdir(parents=True, exist_ok=True)
    rows = []
    for split in SPLITS:
        chosen = [doc for a, ds in by_article.items() if known[a] == split for doc in ds]
        DocBin(docs=chosen, store_user_data=True).to_disk(output_dir / f"{split}.spacy")
        labels = Counter(ent.label_ for doc in chosen for ent in doc.ents)
        n_articles = sum(1 for a in by_article if known[a] == split)
        rows.append((split, n_articles, len(chosen), sum(labels.values())))
    msg.table(rows, header=("split", "articles", "sentences", "entities"))
    msg.good(f"Wrote {', '.join(s + '.spacy' for s in SPLITS)} to {output_dir}; manifest {manifest_path}")


if __name__ == "__main__":
    typer.run(main)
