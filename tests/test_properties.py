"""Property-based tests (hypothesis) for the splitter, the validator and the converter."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vi_corpus.lexicon import LABELS
from vi_corpus.records import record_errors
from vi_corpus.sentences import split_sentences
from vi_industrial.gold import record_to_doc

WORDS = ["Công", "ty", "TNHH", "Hưng", "Yên", "tỉnh", "TP.", "HCM", "2.300", "1,4", "tỷ", "USD", "đồng", "10/3",
         "KCN", "Đông", "Mai", "ông", "Nguyễn", "TS.", "“Tốt”", "(Ảnh", "DUY", "LINH)", "O&J", "hoà", "uỷ"]
PUNCT = [".", "!", "?", "...", ",", ";", ":", " -", ""]

paragraphs = st.lists(
    st.tuples(st.sampled_from(WORDS), st.sampled_from(PUNCT), st.sampled_from([" ", "  ", " "])), min_size=1, max_size=40,
).map(lambda items: "".join(w + p + s for w, p, s in items))

@given(paragraphs)
def test_splitter_loses_no_character(paragraph):
    sentences = split_sentences(paragraph)
    assert "".join("".join(sentences).split()) == "".join(paragraph.split())
    assert all(s == s.strip() and s for s in sentences)

@st.composite
def records(draw):
    """A valid record: words joined by spaces, entities on whole words, no overlap."""
    words = draw(st.lists(st.sampled_from([w for w in WORDS if w[0].isalnum() and w[-1].isalnum()]), min_size=1, max_size=25))
    text, starts = "", []
    for w in words:
        starts.append(len(text))
        text += w + " "
    text = text.rstrip()
    spans, i = [], 0
    while i < len(words):
        if draw(st.booleans()):
            j = draw(st.integers(min_value=i + 1, max_value=min(len(words), i + 4)))
            spans.append([starts[i], starts[j - 1] + len(words[j - 1]), draw(st.sampled_from(LABELS))])
            i = j
        else:
            i += 1
    return {"id": "a-1", "text": text, "label": spans, "meta": {"article": "a"}}


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(record=records())
def test_valid_records_convert_without_losing_a_span(nlp, record):
    assert record_errors(record) == []
    doc, lost = record_to_doc(nlp, record, "x:1")
    assert lost == []
    assert [[e.start_char, e.end_char, e.label_] for e in doc.ents] == record["label"]

@given(records(), st.sampled_from(["outside", "label", "overlap", "space", "punct"]))
def test_each_kind_of_corruption_is_rejected_with_its_reason(record, kind):
    text = record["text"]
    if kind == "outside":
        record["label"].append([len(text), len(text) + 3, "MONEY"])
        reason = "outside the text"
    elif kind == "label":
        record["label"].append([0, 1, "CITY"])
        reason = "unknown label"
    elif kind == "overlap":
        record["label"] = [[0, len(text), "COMPANY"], [0, len(text), "AGENCY"]]
        reason = "overlap"
    elif kind == "space":
        record["text"] = text + " x"
        record["label"] = [[len(text), len(text) + 2, "PERSON"]]
        reason = "whitespace"
    else:
        record["text"] = text + " (x)"
        record["label"] = [[len(text) + 1, len(text) + 3, "PERSON"]]
        reason = "punctuation"
    assert any(reason in e for e in record_errors(record)), record_errors(record)
