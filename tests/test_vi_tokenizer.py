import time
import unicodedata

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import NORM, PREFIX, SHAPE, SUFFIX
from spacy.util import get_words_and_spaces, registry

from vi_corpus.text import normalize, to_new_style, to_old_style
from vi_industrial.pipeline import TOKENIZER, blank_pipeline
from vi_industrial.tokenizer import segment, words_and_spaces


@pytest.mark.parametrize("segmenter", ["syllable", "pyvi"])
def test_sentence_final_period_is_split_from_upper_case_words(segmenter):
    doc = blank_pipeline(segmenter)("Dự án của VSIP. Vốn đạt 1,4 tỷ USD.")
    words = [t.text for t in doc]
    assert words[-2:] == ["USD", "."]
    assert "VSIP" in words and "VSIP." not in words


def test_numbers_and_dates_stay_whole(nlp):
    words = [t.text for t in nlp("Ngày 10/3 vốn 2.300 tỷ đồng, tăng 1,4 lần.")]
    assert {"10/3", "2.300", "1,4"} <= set(words)


@pytest.mark.parametrize("segmenter", ["syllable", "pyvi", "whitespace"])
@pytest.mark.parametrize("text", ["", "   ", "a\n\nb", "😀 Bắc Ninh 😀", "  Hà Nội -Lạng Sơn  "])
def test_doc_text_is_always_the_input(segmenter, text):
    assert blank_pipeline(segmenter)(text).text == text


def test_pyvi_segmenter_joins_syllables_into_words():
    words = [t.text for t in blank_pipeline("pyvi")("Công ty đầu tư vào khu công nghiệp.")]
    assert "Công ty" in words and "đầu tư" in words


def test_decomposed_diacritics_stay_inside_one_syllable():
    nfd = unicodedata.normalize("NFD", "Hưng Yên")
    assert [nfd[s:e] for s, e in segment(nfd, "syllable")] == nfd.split()


def test_unknown_segmenter_is_rejected(nlp):
    with pytest.raises(ValueError, match="unknown segmenter"):
        blank_pipeline("bogus")
    with pytest.raises(ValueError, match="unknown segmenter"):  # the tokenizer itself, as a config would create it
        registry.tokenizers.get(TOKENIZER)(segmenter="bogus")(nlp)


# ---- Tone-mark styles and normalization ------------------------------------------------------------

@pytest.mark.parametrize(
    "old,new",
    [
        ("Hòa", "Hoà"), ("Thủy", "Thuỷ"), ("khỏe", "khoẻ"), ("HÒA", "HOÀ"), ("THỦY", "THUỶ"), ("Ủy ban", "Uỷ ban"),
        ("Khánh Hòa", "Khánh Hoà"), ("góa", "goá"), ("hòa-bình", "hoà-bình"), ("lũy.", "luỹ."), ("Thụy Điển", "Thuỵ Điển"),
        # the same in both styles: a final consonant or a third vowel, "qu", no tone mark
        ("hoàn", "hoàn"), ("thuyền", "thuyền"), ("khuỷu", "khuỷu"), ("hoài", "hoài"), ("xoáy", "xoáy"),
        ("Quý", "Quý"), ("quý", "quý"), ("QUÝ", "QUÝ"), ("quỳ", "quỳ"), ("hoa", "hoa"), ("Toyota", "Toyota"), ("Guy", "Guy"),
    ],
)
def test_tone_mark_styles_of_real_words(old, new):
    assert to_old_style(new) == old and to_old_style(old) == old
    assert to_new_style(old) == new and to_new_style(new) == new


def test_normalized_form_is_nfc_in_the_old_style():
    assert normalize(unicodedata.normalize("NFD", "Khánh Hoà, Thuỷ sản, quý")) == "Khánh Hòa, Thủy sản, quý"


SYLLABLES = ["Hòa", "hoà", "HOÀ", "thủy", "Thuỷ", "khỏe", "khoẻ", "quý", "Quý", "hoàn", "thuyền", "Ủy", "uỷ", "Bình",
             "Công", "ty", "TNHH", "2.300", "1,4", "tỷ", "USD", "🏭", "💰", "“x”", "Samsung", "KCN", "Đắk", "Lắk", "a"]
texts = st.lists(st.tuples(st.sampled_from(SYLLABLES), st.sampled_from(["", ".", ",", "-", ";"]),
                           st.sampled_from([" ", "  ", "\n", "", " \t "])), max_size=30).map(
    lambda items: "".join(w + p + s for w, p, s in items))


@given(texts)
def test_restyling_keeps_the_length_and_round_trips(text):
    old, new = to_old_style(text), to_new_style(text)
    assert len(old) == len(new) == len(text)
    assert to_old_style(new) == old and to_new_style(old) == new


@given(texts)
def test_words_and_spaces_match_spacy(text):
    spans = segment(text, "syllable")
    assert words_and_spaces(text, spans) == get_words_and_spaces([text[s:e] for s, e in spans], text)


def variants(text):
    return [text, to_old_style(text), to_new_style(text), unicodedata.normalize("NFD", text)]


FEATURES = [NORM, PREFIX, SUFFIX, SHAPE]


def features(doc):
    return [[doc.vocab.strings[v] for v in row] for row in doc.to_array(FEATURES).tolist()]


@settings(deadline=None)
@given(texts)
def test_variants_keep_their_text_and_get_the_same_tokens_and_features(nlp, text):
    docs = [nlp(v) for v in variants(text)]
    assert [d.text for d in docs] == variants(text)
    assert len({tuple(normalize(t.text) for t in d) for d in docs}) == 1
    assert all(features(d) == features(docs[0]) for d in docs)


@pytest.mark.parametrize("segmenter", ["syllable", "pyvi"])
def test_variants_of_a_sentence_get_the_same_features(segmenter):
    nlp = blank_pipeline(segmenter)
    text = "Công ty Thủy sản Hòa Bình đầu tư 2.300 tỷ đồng vào KCN Khánh Hòa; Ủy ban nhân dân tỉnh Thanh Hóa khỏe."
    docs = [nlp(v) for v in variants(text)]
    assert " ".join(t.norm_ for t in docs[2]).startswith("Công ty Thủy sản Hòa Bình")
    assert all(len(d) == len(docs[0]) and features(d) == features(docs[0]) for d in docs)


def test_features_are_normalized_after_save_and_load(tmp_path):
    blank_pipeline().to_disk(tmp_path / "nlp")
    nlp = spacy.load(tmp_path / "nlp")
    assert [t.norm_ for t in nlp("Khánh Hoà THUỶ “")] == ["Khánh", "Hòa", "THỦY", '"']
    assert [t.suffix_ for t in nlp(unicodedata.normalize("NFD", "Hoà"))] == ["Hòa"]


def test_lexemes_made_before_the_tokenizer_are_normalized_too():
    nlp = spacy.blank("vi")  # spaCy's own Vietnamese pipeline: default lexical attributes
    assert nlp.vocab["Hoà"].norm_ == "hoà"
    nlp.tokenizer = registry.tokenizers.get(TOKENIZER)(segmenter="syllable")(nlp)
    assert nlp.vocab["Hoà"].norm_ == "Hòa" and nlp.vocab["Hoà"].suffix_ == "Hòa"


# ---- Text that must not crash -----------------------------------------------------------------------
@pytest.mark.parametrize("segmenter", ["syllable", "pyvi", "whitespace"])
@pytest.mark.parametrize(
    "text",
    ["", "   \n", "🏭 Công ty ABC 💰", "Samsung Electronics invests USD 2 billion", "CÔNG TY TNHH OHSUNG VINA",
     "👨\u200d👩\u200d👧 ✔\ufe0f 𝐁𝐨𝐥𝐝", "\u0301\u0300 x\u0301", "ｈｏàｎ"],
)
def test_unusual_text_is_tokenized_and_kept(segmenter, text):
    doc = blank_pipeline(segmenter)(text)
    assert doc.text == text and (len(doc) > 0) == (text != "")
    nfd = unicodedata.normalize("NFD", text)
    assert blank_pipeline(segmenter)(nfd).text == nfd


def test_a_million_characters_are_tokenized_in_linear_time(nlp):
    text = ("Công ty TNHH Ohsung Vina tại KCN Liên Hà Thái, tỉnh Thái Bình, Khánh Hoà. 🏭\n" * 14000)[:1_000_000]
    assert len(text) == nlp.max_length
    start = time.time()
    for t in (text, unicodedata.normalize("NFD", text)[:1_000_000]):
        assert nlp(t).text == t
    assert time.time() - start < 30


def _tokenizer_pipeline(**options):
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vi_industrial.Tokenizer.v1", **options}}})


def test_foreign_shape_marks_words_that_are_not_vietnamese_syllables_only():
    shapes = {t.text: t.shape_ for t in _tokenizer_pipeline(foreign_shape=True)("Mark Zuckerberg gặp ông Nguyễn tại UBND, iPhone")}
    assert shapes["Zuckerberg"].endswith("~") and shapes["Mark"].endswith("~") and shapes["iPhone"].endswith("~")
    assert shapes["Nguyễn"] == "Xxxxx" and shapes["gặp"] == "xxx" and shapes["UBND"] == "XXXX"
    assert not any(t.shape_.endswith("~") for t in _tokenizer_pipeline()("Mark Zuckerberg gặp ông Nguyễn"))


def test_foreign_shape_survives_save_and_load(tmp_path):
    _tokenizer_pipeline(foreign_shape=True).to_disk(tmp_path / "nlp")
    assert spacy.load(tmp_path / "nlp")("Zuckerberg")[0].shape_ == "Xxxxx~"


def test_words_glued_by_a_lost_space_are_cut_where_the_case_changes():
    glued = _tokenizer_pipeline(split_glued=True)
    assert [t.text for t in glued("Ảnh: ĐOÀN CƯỜNGTuy nhiên ở tỉnhTiền Giang")] == ["Ảnh", ":", "ĐOÀN", "CƯỜNG", "Tuy", "nhiên", "ở", "tỉnh", "Tiền", "Giang"]
    # camel-case brands have no Vietnamese letter and stay whole; with split_glued=False nothing is cut
    assert [t.text for t in glued("VnExpress TPBank iPhone McCain")] == ["VnExpress", "TPBank", "iPhone", "McCain"]
    assert [t.text for t in _tokenizer_pipeline(split_glued=False)("tỉnhTiền")] == ["tỉnhTiền"]
    assert [t.text for t in _tokenizer_pipeline()("tỉnhTiền")] == ["tỉnh", "Tiền"]  # the default
