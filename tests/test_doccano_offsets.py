"""Offsets between the corpus (Python code points, NFC) and doccano's editor (UTF-16), and
pre-annotation for doccano. The server round trip is in test_doccano_loop.py."""

import unicodedata

import pytest
import spacy
from conftest import read_jsonl_lines
from hypothesis import given
from hypothesis import strategies as st

from vi_corpus.offsets import OffsetError, from_utf16, spans_from_nfc, spans_to_nfc, to_utf16


def test_emoji_counts_twice_in_utf16_and_converts_back():
    text = "🏭 Công ty ABC tại 😀 Hà Nội"
    start = text.index("Hà Nội")
    (utf16,) = to_utf16(text, [(start, start + 6, "PROVINCE")])
    assert utf16 == (start + 2, start + 8, "PROVINCE")  # two emoji before it, one extra unit each
    assert text.encode("utf-16-le")[2 * utf16[0] : 2 * utf16[1]].decode("utf-16-le") == "Hà Nội"
    assert from_utf16(text, [utf16]) == [(start, start + 6, "PROVINCE")]


def test_offset_inside_a_surrogate_pair_is_an_error():
    with pytest.raises(OffsetError, match="outside the BMP"):
        from_utf16("🏭 Hà Nội", [(1, 5, "PROVINCE")])


def test_nfd_spans_move_onto_nfc_and_back():
    nfc = "Ông Vũ Quốc Nghị ở Hưng Yên"
    nfd = unicodedata.normalize("NFD", nfc)
    spans = [(nfd.index(unicodedata.normalize("NFD", w)), nfd.index(unicodedata.normalize("NFD", w))
              + len(unicodedata.normalize("NFD", w)), label) for w, label in (("Vũ Quốc Nghị", "PERSON"),
                                                                               ("Hưng Yên", "PROVINCE"))]
    text, moved = spans_to_nfc(nfd, spans)
    assert text == nfc
    assert [text[s:e] for s, e, _ in moved] == ["Vũ Quốc Nghị", "Hưng Yên"]
    assert spans_from_nfc(nfd, moved) == spans


def test_span_between_letter_and_its_diacritic_is_an_error():
    nfd = unicodedata.normalize("NFD", "Hà Nội")
    with pytest.raises(OffsetError, match="diacritic"):
        spans_to_nfc(nfd, [(0, 2, "PROVINCE")])  # "H" + "a", without the grave accent


@given(st.lists(st.sampled_from(["Hà", "Nội", "🏭", " ", "ủy", "😀", "A", unicodedata.normalize("NFD", "Quốc")]),
                min_size=1, max_size=12))
def test_utf16_and_nfc_conversions_round_trip(pieces):
    text = "".join(pieces)
    bounds = [0]
    for p in pieces:
        bounds.append(bounds[-1] + len(p))
    spans = [(s, e, "PROVINCE") for s, e in zip(bounds, bounds[1:])]
    assert from_utf16(text, to_utf16(text, spans)) == spans
    nfc, moved = spans_to_nfc(text, spans)
    assert [nfc[s:e] for s, e, _ in moved] == [unicodedata.normalize("NFC", p) for p in pieces]
    assert spans_from_nfc(text, moved) == spans


def test_preannotate_writes_model_entities_for_sentences_not_yet_gold(script, jsonl, tmp_path):
    nlp = spacy.blank("xx")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "PROVINCE", "pattern": "Bắc Ninh"}])
    nlp.meta["name"] = "tiny"
    nlp.to_disk(tmp_path / "model")
    sentences = jsonl("sentences.jsonl", *({"id": f"a-{i}", "text": t, "meta": {"article": "a"}}
                                           for i, t in enumerate(["Tỉnh Bắc Ninh mở KCN.", "Không có gì."])))
    gold = tmp_path / "gold"
    jsonl("gold/g.jsonl", {"id": "a-1", "text": "Không có gì.", "label": [], "meta": {"article": "a"}})
    out = tmp_path / "push.jsonl"
    done = script("preannotate", sentences, out, "--model", tmp_path / "model", "--gold-dir", gold)
    assert done.returncode == 0, done.stdout + done.stderr
    (record,) = read_jsonl_lines(out)
    assert record["id"] == "a-0" and record["label"] == [[5, 13, "PROVINCE"]]
    assert record["meta"] == {"article": "a", "annotation": "pre-annotated", "pre_annotation_model": "xx_tiny-0.0.0"}
