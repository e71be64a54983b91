import unicodedata

import pytest

from vi_industrial.company_aliases import aliases
from vi_industrial.pipeline import blank_pipeline


@pytest.fixture(scope="module", params=["syllable", "pyvi"])
def nlp(request):
    """The component on both segmenters: a pyvi token holds several syllables."""
    nlp = blank_pipeline(request.param)
    nlp.add_pipe("company_aliases")
    return nlp


def tagged(nlp, text, ents):
    """Run company_aliases on `text` whose NER entities are `ents` [(text, label, occurrence)]."""
    doc = nlp.make_doc(text)
    spans = []
    for ent_text, label, nth in ents:
        start = -1
        for _ in range(nth + 1):
            start = text.index(ent_text, start + 1)
        spans.append(doc.char_span(start, start + len(ent_text), label))
    doc.ents = spans
    doc = nlp.get_pipe("company_aliases")(doc)
    return [(e.text, e.label_) for e in doc.ents]


@pytest.mark.parametrize("name,expected", [
    ("công ty TNHH An Quý Hưng", ["công ty TNHH An Quý Hưng", "An Quý Hưng"]),
    ("Tập đoàn UAC", ["Tập đoàn UAC", "UAC"]),
    ("CTCP Xi măng Hà Tiên 1", ["CTCP Xi măng Hà Tiên 1", "Xi măng Hà Tiên 1"]),
    ("Công ty cổ phần thiết bị điện Thái Bình", ["Công ty cổ phần thiết bị điện Thái Bình"]),
    ("Samsung", ["Samsung"]),
    ("Công ty CP Nhà máy nước mặt sông Đuống", ["Công ty CP Nhà máy nước mặt sông Đuống"]),
])
def test_aliases_are_the_name_and_the_name_after_the_legal_form(name, expected):
    assert aliases(name) == expected


def test_a_repeated_short_name_of_a_found_company_is_tagged(nlp):
    text = "Tập đoàn UAC khởi công nhà máy. Dự kiến UAC sẽ tuyển dụng 1.200 người; UAC cũng hợp tác."
    assert tagged(nlp, text, [("Tập đoàn UAC", "COMPANY", 0)]) == [
        ("Tập đoàn UAC", "COMPANY"), ("UAC", "COMPANY"), ("UAC", "COMPANY")]


def test_places_products_and_longer_names_are_left_alone(nlp):
    text = ("Công ty CP Bắc Ái làm dự án ở huyện Bắc Ái. Công ty TNHH FLC lập khu FLC Sầm Sơn. "
            "Cổ phiếu HPG của Công ty HPG tăng. Bắc Ái được giao đất.")
    found = tagged(nlp, text, [("Công ty CP Bắc Ái", "COMPANY", 0), ("Công ty TNHH FLC", "COMPANY", 0),
                               ("Công ty HPG", "COMPANY", 0)])
    # only the sentence-initial "Bắc Ái" is taken; "huyện Bắc Ái", "FLC Sầm Sơn", "phiếu HPG" are not
    assert found.count(("Bắc Ái", "COMPANY")) == 1 and ("FLC", "COMPANY") not in found and ("HPG", "COMPANY") not in found


def test_a_single_bare_guess_a_province_or_a_name_with_another_label_spreads_nowhere(nlp):
    text = "Hội nghị ở Sochi. Sochi đón khách. Công ty Bắc Ninh mở rộng ở Bắc Ninh. Công ty TNHH Hoa Sen và Hoa Sen."
    found = tagged(nlp, text, [("Sochi", "COMPANY", 0), ("Công ty Bắc Ninh", "COMPANY", 0),
                               ("Công ty TNHH Hoa Sen", "COMPANY", 0), ("Hoa Sen", "PERSON", 1)])
    assert found == [("Sochi", "COMPANY"), ("Công ty Bắc Ninh", "COMPANY"), ("Công ty TNHH Hoa Sen", "COMPANY"), ("Hoa Sen", "PERSON")]


def test_a_bare_name_tagged_twice_spreads_and_existing_entities_stay(nlp):
    text = "Vinaconex thắng thầu. Vinaconex báo lãi. Cổ đông của Vinaconex họp ở Hà Nội."
    found = tagged(nlp, text, [("Vinaconex", "COMPANY", 0), ("Vinaconex", "COMPANY", 1), ("Hà Nội", "PROVINCE", 0)])
    assert found == [("Vinaconex", "COMPANY")] * 3 + [("Hà Nội", "PROVINCE")]


def test_decomposed_text_gives_the_same_aliases_and_guards(nlp):
    text = "Công ty TNHH An Quý Hưng ở huyện An Quý Hưng. An Quý Hưng tuyển người."
    nfc = tagged(nlp, text, [("Công ty TNHH An Quý Hưng", "COMPANY", 0)])
    nfd = tagged(nlp, unicodedata.normalize("NFD", text), [(unicodedata.normalize("NFD", "Công ty TNHH An Quý Hưng"), "COMPANY", 0)])
    assert nfc == [("Công ty TNHH An Quý Hưng", "COMPANY"), ("An Quý Hưng", "COMPANY")]
    assert [(unicodedata.normalize("NFC", t), label) for t, label in nfd] == nfc
