"""Relations between the entities of a sentence (../shared/RELATION_SPEC.md): ROLE, INVESTS, LOCATED_IN.

`doc._.relations` is a list of `Relation(head, tail, type, score)` with the head and tail as entity
spans. It is stored in `doc.user_data["relations"]` as token offsets ([head start, head end, tail
start, tail end, type, score]), so that it survives DocBin, `nlp.pipe(n_process=...)` and pickling.

The `relation_extractor` component (explosion/projects tutorials/rel_component is the reference)
scores every candidate pair of the sentence's entities whose labels allow a relation (the labels
name the one type a pair can have, vi_corpus.lexicon.PAIR_TYPE): the mean token vectors of the head,
the tail and the words between them from the shared tok2vec (a listener, so no second encoder
runs), with a few cue features the sentence gives (a title before a name, "đầu tư" or "doanh thu"
before an amount, "tại" between a company and a place; vi_corpus.lexicon), into a small classifier.
It trains on the gold entities of each example, with the tok2vec and ner frozen.
"""

from __future__ import annotations

import re
from itertools import islice
from typing import Callable, Dict, Iterable, List, NamedTuple, Optional, Sequence, Tuple

import numpy
from spacy.language import Language
from spacy.pipeline import TrainablePipe
from spacy.tokens import Doc, Span
from spacy.training import Example, validate_examples
from spacy.util import registry
from thinc.api import Linear, Logistic, Model, Optimizer, Relu, chain, set_dropout_rate
from thinc.types import Floats2d

from vi_corpus.lexicon import INVEST_CUES, NEGATION_CUES, NOT_INVEST_CUES, PAIR_TYPE, PLACE_CUES, RELATION_TYPES, ROLE_CUES

TYPES = tuple(RELATION_TYPES)
KEY = "relations"


class Relation(NamedTuple):
    head: Span
    tail: Span
    type: str
    score: float = 1.0


def get_relations(doc: Doc) -> List[Relation]:
    """The relations of `doc` with its entity spans (labelled) as head and tail."""
    stored = doc.user_data.get(KEY, [])
    if not stored:
        return []
    ents = {(e.start, e.end): e for e in doc.ents}
    span = lambda start, end: ents.get((start, end), doc[start:end])  # noqa: E731
    return [Relation(span(hs, he), span(ts, te), rtype, score) for hs, he, ts, te, rtype, score in stored]


def set_relations(doc: Doc, relations: Iterable[Tuple[Span, Span, str, float]]) -> None:
    doc.user_data[KEY] = [[h.start, h.end, t.start, t.end, rtype, float(score)] for h, t, rtype, score in relations]


if not Doc.has_extension("relations"):
    Doc.set_extension("relations", getter=get_relations)


def relation_key(rel: Relation) -> tuple:
    """(head start char, head end char, tail start char, tail end char, type): comparable across docs."""
    return rel.head.start_char, rel.head.end_char, rel.tail.start_char, rel.tail.end_char, rel.type


def relation_keys(doc: Doc) -> set:
    return {relation_key(r) for r in doc._.relations}


def candidates(doc: Doc, ents: Optional[Sequence[Span]] = None, max_gap: int = 60) -> List[Tuple[Span, Span]]:
    """Ordered pairs of entities of one sentence that a relation could link, at most `max_gap` tokens apart."""
    ents = list(doc.ents if ents is None else ents)
    by_sentence = doc.has_annotation("SENT_START")
    return [(h, t) for h in ents for t in ents
            if h is not t and (h.label_, t.label_) in PAIR_TYPE and _gap(h, t) <= max_gap
            and (not by_sentence or h.sent.start == t.sent.start)]


def _gap(a: Span, b: Span) -> int:
    return max(b.start - a.end, a.start - b.end, 0)


# ---- Cue features --------------------------------------------------------------------------------
def _cue(words: Sequence[str]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")(?!\w)", re.IGNORECASE)


CUES = {"invest": _cue(INVEST_CUES), "not_invest": _cue(NOT_INVEST_CUES), "place": _cue(PLACE_CUES),
        "role": _cue(ROLE_CUES), "negation": _cue(NEGATION_CUES)}
GAP_BUCKETS = (0, 2, 5, 10, 20, 40)  # upper bounds; the last bucket is everything above
WINDOW = 5  # tokens before an entity that its cue features read
FEATURES = (len(TYPES) + 1 + len(GAP_BUCKETS) + 1 + 3 + 7 + 6 + 4)


def pair_features(doc: Doc, head: Span, tail: Span, ents: Sequence[Span]) -> List[float]:
    """The cue features of a candidate pair (FEATURES values, all 0 or 1)."""
    first, second = (head, tail) if head.start < tail.start else (tail, head)
    between = doc[first.end:second.start]
    between_text = between.text
    gap = len(between)
    inside = [e for e in ents if e.start >= first.end and e.end <= second.start]
    f = [float(PAIR_TYPE[(head.label_, tail.label_)] == t) for t in TYPES]
    f.append(float(head.start < tail.start))
    bucket = next((i for i, bound in enumerate(GAP_BUCKETS) if gap <= bound), len(GAP_BUCKETS))
    f += [float(i == bucket) for i in range(len(GAP_BUCKETS) + 1)]
    f += [float(len(inside) == n) for n in (0, 1)] + [float(len(inside) >= 2)]
    f += [float(bool(CUES[k].search(between_text))) for k in ("invest", "not_invest", "place", "role", "negation")]
    f += [float("," in between_text), float("(" in between_text)]
    before_head, before_tail = _before(doc, head), _before(doc, tail)
    f += [float(bool(CUES[k].search(before_head))) for k in ("role", "invest")]
    f += [float(bool(CUES[k].search(before_tail))) for k in ("invest", "not_invest", "place", "role")]
    f += [float(_is_bracket_alias(doc, head, ents)), float(_is_bracket_alias(doc, tail, ents)),
          float(any(e.label_ == head.label_ for e in inside)), float(any(e.label_ == tail.label_ for e in inside))]
    return f


def _before(doc: Doc, ent: Span) -> str:
    return doc[max(ent.start - WINDOW, 0):ent.start].text


def _is_bracket_alias(doc: Doc, ent: Span, ents: Sequence[Span]) -> bool:
    """"[Samsung Display Vietnam] ([SDV])": the alias in brackets right after a name of its label."""
    if ent.start < 2 or doc[ent.start - 1].text != "(":
        return False
    return any(e.end == ent.start - 1 and e.label_ == ent.label_ for e in ents)


# ---- Model ---------------------------------------------------------------------------------------
Instances = List[List[Tuple[Span, Span]]]


@registry.architectures("vi_industrial.RelationModel.v1")
def relation_model(tok2vec: Model, hidden_width: int = 64, dropout: float = 0.1) -> Model[Tuple[List[Doc], Instances], Floats2d]:
    """(docs, candidate pairs per doc) -> P(relation) per pair and type (one column per type of TYPES;
    a pair is read in the column of its type): pooled head, tail and between vectors with the cue
    features, then a hidden layer and a logistic output per type, so that the rare INVESTS does not
    share its output with the frequent ROLE."""
    width = tok2vec.get_dim("nO") if tok2vec.has_dim("nO") else None
    pairs = Model("relation_pairs", _pairs_forward, layers=[tok2vec], refs={"tok2vec": tok2vec}, init=_pairs_init,
                  dims={"nO": 3 * width + FEATURES if width else None})
    return chain(pairs, Relu(nO=hidden_width, dropout=dropout), Linear(nO=len(TYPES)), Logistic())


def _pairs_init(model: Model, X=None, Y=None) -> Model:
    tok2vec = model.get_ref("tok2vec")
    if X is not None:
        tok2vec.initialize(X[0])
    model.set_dim("nO", 3 * tok2vec.get_dim("nO") + FEATURES)
    return model


def _pairs_forward(model: Model, inputs: Tuple[List[Doc], Instances], is_train: bool):
    docs, instances = inputs
    tokvecs, bp_tokvecs = model.get_ref("tok2vec")(docs, is_train)
    width = model.get_ref("tok2vec").get_dim("nO")
    rows, spans = [], []
    for doc, vectors, pairs in zip(docs, tokvecs, instances):
        vectors = model.ops.to_numpy(vectors)
        ents = doc.ents  # a new tuple on every access: read once per doc, not per pair
        for head, tail in pairs:
            first, second = (head, tail) if head.start < tail.start else (tail, head)
            parts = [(head.start, head.end), (tail.start, tail.end), (first.end, second.start)]
            pooled = [vectors[a:b].mean(axis=0) if b > a else numpy.zeros(width, dtype="float32") for a, b in parts]
            rows.append(numpy.concatenate(pooled + [numpy.asarray(pair_features(doc, head, tail, ents), dtype="float32")]))
            spans.append(parts)
    X = model.ops.asarray2f(numpy.vstack(rows)) if rows else model.ops.alloc2f(0, 3 * width + FEATURES)

    def backprop(dX: Floats2d) -> List[Doc]:
        dX = model.ops.to_numpy(dX)
        d_tokvecs, row = [], 0
        for vectors, pairs in zip(tokvecs, instances):
            d = numpy.zeros(vectors.shape, dtype="float32")
            for _ in pairs:
                for k, (a, b) in enumerate(spans[row]):
                    if b > a:
                        d[a:b] += dX[row, k * width:(k + 1) * width] / (b - a)
                row += 1
            d_tokvecs.append(model.ops.asarray2f(d))
        return bp_tokvecs(d_tokvecs)

    return X, backprop


# ---- Component -----------------------------------------------------------------------------------
@Language.factory(
    "relation_extractor",
    assigns=["doc._.relations"],
    requires=["doc.ents"],
    default_config={"threshold": 0.5, "max_gap": 60, "positive_weight": {"ROLE": 1.0, "INVESTS": 4.0, "LOCATED_IN": 1.0},
                    "scorer": {"@scorers": "vi_industrial.relation_scorer.v1"}},
    default_score_weights={"rel_micro_f": 1.0, "rel_micro_p": 0.0, "rel_micro_r": 0.0},
)
def make_relation_extractor(nlp: Language, name: str, model: Model, threshold: float, max_gap: int,
                            positive_weight: Dict[str, float], scorer: Optional[Callable]) -> "RelationExtractor":
    return RelationExtractor(nlp.vocab, model, name, threshold=threshold, max_gap=max_gap,
                             positive_weight=positive_weight, scorer=scorer)


class RelationExtractor(TrainablePipe):
    def __init__(self, vocab, model: Model, name: str = "relation_extractor", *, threshold: float = 0.5,
                 max_gap: int = 60, positive_weight: Optional[Dict[str, float]] = None, scorer: Optional[Callable] = None):
        self.vocab, self.model, self.name = vocab, model, name
        # positive_weight: per type, how many times a true pair's error counts (INVESTS has few true
        # pairs among many false ones: unweighted it was never predicted); measured on dev, docs/experiments.md
        weights = {t: 1.0 for t in TYPES} if positive_weight is None else dict(positive_weight)
        if set(weights) != set(TYPES):
            raise ValueError(f"positive_weight needs a weight for each of {', '.join(TYPES)}, got {sorted(weights)}")
        self.cfg = {"threshold": threshold, "max_gap": max_gap, "positive_weight": weights}
        self.scorer = scorer

    def _instances(self, docs: Sequence[Doc]) -> Instances:
        return [candidates(doc, max_gap=self.cfg["max_gap"]) for doc in docs]

    def predict(self, docs: Iterable[Doc]):
        docs = list(docs)
        instances = self._instances(docs)
        if not any(instances):
            return instances, numpy.zeros((0, len(TYPES)), dtype="float32")
        return instances, self.model.ops.to_numpy(self.model.predict((docs, instances)))

    def set_annotations(self, docs: Iterable[Doc], predictions) -> None:
        instances, scores = predictions
        row = 0
        for doc, pairs in zip(docs, instances):
            found = []
            for head, tail in pairs:
                score = float(scores[row, TYPES.index(PAIR_TYPE[(head.label_, tail.label_)])])
                row += 1
                if score >= self.cfg["threshold"]:
                    found.append((head, tail, PAIR_TYPE[(head.label_, tail.label_)], score))
            set_relations(doc, drop_implied_places(found))

    def _examples(self, examples: Iterable[Example]):
        """Docs, candidate pairs from the gold entities (on the predicted doc's tokens) and their truth."""
        docs, instances, truths = [], [], []
        for eg in examples:
            doc = eg.predicted
            if len(doc) != len(eg.reference) or [t.text for t in doc] != [t.text for t in eg.reference]:
                continue  # the project's gold docs share the pipeline's tokenizer; anything else is skipped
            ents = [Span(doc, e.start, e.end, label=e.label_) for e in eg.reference.ents]
            gold = {(r.head.start, r.head.end, r.tail.start, r.tail.end) for r in eg.reference._.relations}
            pairs = candidates(doc, ents, self.cfg["max_gap"])
            docs.append(_with_ents(doc, ents))
            instances.append(pairs)
            truths += [(TYPES.index(PAIR_TYPE[(h.label_, t.label_)]), float((h.start, h.end, t.start, t.end) in gold))
                       for h, t in pairs]
        return docs, instances, truths

    def _gradient(self, scores: Floats2d, truths: List[Tuple[int, float]]) -> Floats2d:
        """d(loss)/d(scores): the error in each pair's own type column only, a true pair's weighted."""
        scores = self.model.ops.to_numpy(scores)
        gradient = numpy.zeros(scores.shape, dtype="float32")
        for row, (column, truth) in enumerate(truths):
            weight = self.cfg["positive_weight"][TYPES[column]] if truth else 1.0
            gradient[row, column] = (scores[row, column] - truth) * weight
        return self.model.ops.asarray2f(gradient)

    def update(self, examples: Iterable[Example], *, drop: float = 0.0, sgd: Optional[Optimizer] = None,
               losses: Optional[Dict[str, float]] = None) -> Dict[str, float]:
        losses = {} if losses is None else losses
        losses.setdefault(self.name, 0.0)
        examples = list(examples)
        validate_examples(examples, "RelationExtractor.update")
        docs, instances, truths = self._examples(examples)
        if not len(truths):
            return losses
        set_dropout_rate(self.model, drop)
        scores, backprop = self.model.begin_update((docs, instances))
        gradient = self._gradient(scores, truths)
        backprop(gradient)
        if sgd is not None:
            self.finish_update(sgd)
        losses[self.name] += float((gradient ** 2).sum())
        return losses

    def get_loss(self, examples: Iterable[Example], scores) -> Tuple[float, Floats2d]:
        _, _, truths = self._examples(examples)
        gradient = self._gradient(scores, truths)
        return float((gradient ** 2).sum()), gradient

    def initialize(self, get_examples: Callable[[], Iterable[Example]], *, nlp: Optional[Language] = None) -> None:
        validate_examples(list(islice(get_examples(), 1)), "RelationExtractor.initialize")
        docs, instances, truths = self._examples(islice(get_examples(), 50))
        self.model.initialize(X=(docs, instances), Y=self.model.ops.alloc2f(len(truths), len(TYPES)))

    def add_label(self, label: str) -> int:
        raise NotImplementedError("the relation types are fixed by RELATION_SPEC (vi_corpus.lexicon.RELATION_TYPES)")

    @property
    def labels(self) -> Tuple[str, ...]:
        return TYPES


def _with_ents(doc: Doc, ents: List[Span]) -> Doc:
    """`doc` with `ents` as its entities, so that the cue features count the gold entities between a pair."""
    doc.ents = ents
    return doc


def drop_implied_places(relations: List[Tuple[Span, Span, str, float]]) -> List[Tuple[Span, Span, str, float]]:
    """RELATION_SPEC: a company is linked to its park and the park to its province, not the company
    to that province too. Drops company -> province where the company -> park -> province path exists."""
    located = [(h, t) for h, t, rtype, _ in relations if rtype == "LOCATED_IN"]
    park_of = {(h.start, h.end): [t for hh, t in located if hh == h and t.label_ == "INDUSTRIAL_PARK"] for h, _ in located}
    keep = []
    for head, tail, rtype, score in relations:
        if rtype == "LOCATED_IN" and tail.label_ == "PROVINCE" and head.label_ == "COMPANY" and any(
            (park, tail) in located for park in park_of.get((head.start, head.end), [])
        ):
            continue
        keep.append((head, tail, rtype, score))
    return keep


# ---- Scores --------------------------------------------------------------------------------------
def prf(tp: int, fp: int, fn: int) -> Dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "fp": fp, "fn": fn}


def relation_counts(examples: Iterable[Example]) -> Dict[str, List[int]]:
    """tp, fp, fn per type: a predicted relation is right when its head and tail spans (by characters)
    and its type equal a gold relation's."""
    counts = {t: [0, 0, 0] for t in TYPES}
    for eg in examples:
        gold, pred = relation_keys(eg.reference), relation_keys(eg.predicted)
        for key in pred & gold:
            counts[key[4]][0] += 1
        for key in pred - gold:
            counts[key[4]][1] += 1
        for key in gold - pred:
            counts[key[4]][2] += 1
    return counts


def score_relations(examples: Iterable[Example], **kwargs) -> Dict[str, object]:
    counts = relation_counts(examples)
    micro = prf(*(sum(c[i] for c in counts.values()) for i in range(3)))
    return {"rel_micro_p": micro["p"], "rel_micro_r": micro["r"], "rel_micro_f": micro["f"],
            "rel_per_type": {t: prf(*c) for t, c in counts.items()}}


@registry.scorers("vi_industrial.relation_scorer.v1")
def make_relation_scorer() -> Callable:
    return score_relations
