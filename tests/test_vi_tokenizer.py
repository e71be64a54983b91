import unicodedata

import pytest
import spacy

from vi_tokenizer import segment


def make_nlp(segmenter="syllable"):
    return spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vi_industrial.Tokenizer.v1", "segmenter": segmenter}}})


@pytest.mark.parametrize("segmenter", ["syllable", "pyvi"])
def test_sentence_final_period_is_split_from_upper_case_words(segmenter):
    doc = make_nlp(segmenter)("Dự án của VSIP. Vốn đạt 1,4 tỷ USD.")
    words = [t.text for t in doc]
    assert words[-2:] == ["USD", "."]
    assert "VSIP" in words and "VSIP." not in words


def test_numbers_and_dates_stay_whole():
    words = [t.text for t in make_nlp()("Ngày 10/3 vốn 2.300 tỷ đồng, tăng 1,4 lần.")]
    assert {"10/3", "2.300", "1,4"} <= set(words)


@pytest.mark.parametrize("segmenter", ["syllable", "pyvi", "whitespace"])
@pytest.mark.parametrize("text", ["", "   ", "a\n\nb", "😀 Bắc Ninh 😀", "  Hà Nội -Lạng Sơn  "])
def test_doc_text_is_always_the_input(segmenter, text):
    assert make_nlp(segmenter)(text).text == text


def test_pyvi_segmenter_joins_syllables_into_words():
    words = [t.text for t in make_nlp("pyvi")("Công ty đầu tư vào khu công nghiệp.")]
    assert "Công ty" in words and "đầu tư" in words


def test_decomposed_diacritics_stay_inside_one_syllable():
    nfd = unicodedata.normalize("NFD", "Hưng Yên")
    assert [nfd[s:e] for s, e in segment(nfd, "syllable")] == nfd.split()


def test_unknown_segmenter_is_rejected():
    with pytest.raises(ValueError, match="unknown segmenter"):
        make_nlp("bogus")
