import pytest
from hypothesis import given
from hypothesis import strategies as st
from spacy.tokens import Span

from vi_corpus.lexicon import FORMER_TO_CURRENT, MERGER_2025, link_province, written_forms
from vi_corpus.text import to_new_style
from vi_industrial.money_normalizer import normalize
from vi_industrial.park_normalizer import park_key


@pytest.mark.parametrize(
    "text,amount,amount_max,currency",
    [
        ("2.300 tỷ đồng", 2.3e12, None, "VND"),
        ("1,4 tỷ USD", 1.4e9, None, "USD"),
        ("25.751 tỷ đồng", 25.751e12, None, "VND"),
        ("4,7 tỷ USD", 4.7e9, None, "USD"),
        ("3.392 tỉ đồng", 3.392e12, None, "VND"),
        ("nghìn tỷ đồng", 1e12, None, "VND"),
        ("3 nghìn tỷ đồng", 3e12, None, "VND"),
        ("1 tỷ 200 triệu đồng", 1.2e9, None, "VND"),
        ("5 đến 10 tỷ đồng", 5e9, 10e9, "VND"),
        ("220 - 500 triệu đồng", 220e6, 500e6, "VND"),
        ("300 đến 500 triệu đồng", 300e6, 500e6, "VND"),
        ("hàng trăm triệu USD", None, None, "USD"),
        ("vài chục triệu USD", None, None, "USD"),
        ("hàng nghìn tỷ đồng", None, None, "VND"),
        ("cả triệu đồng", None, None, "VND"),
        ("50.000 đồng", 5e4, None, "VND"),
        ("một tỷ đồng", 1e9, None, "VND"),
        ("nửa triệu USD", 5e5, None, "USD"),
        ("8 cent", 0.08, None, "USD"),
        ("1.000 tỷ VNĐ", 1e12, None, "VND"),
        ("100 tỷ VND", 1e11, None, "VND"),
        ("10 triệu đô la Mỹ", 1e7, None, "USD"),
        ("2 tỷ euro", 2e9, None, "EUR"),
        ("100 triệu yên", 1e8, None, "JPY"),
        ("500 tỷ won", 5e11, None, "KRW"),
        ("3 tỷ nhân dân tệ", 3e9, None, "CNY"),
        ("$5 triệu", 5e6, None, "USD"),
        ("36 itr USD", None, None, "USD"),
    ],
)
def test_money_written_forms(text, amount, amount_max, currency):
    got = normalize(text)
    assert got[2] == currency
    assert got[0] == pytest.approx(amount) if amount is not None else got[0] is None
    assert got[1] == pytest.approx(amount_max) if amount_max is not None else got[1] is None


def vietnamese(n: int) -> str:
    return f"{n:,}".replace(",", ".")


@given(st.integers(min_value=1, max_value=999_999), st.sampled_from([("", 1), (" triệu", 1e6), (" tỷ", 1e9), (" nghìn tỷ", 1e12)]),
       st.sampled_from([("đồng", "VND"), ("USD", "USD"), ("euro", "EUR")]))
def test_amounts_written_the_vietnamese_way_parse_back(n, scale, currency):
    text = f"{vietnamese(n)}{scale[0]} {currency[0]}"
    assert normalize(text)[0] == pytest.approx(n * scale[1])
    assert normalize(text)[2] == currency[1]


@given(st.integers(min_value=1, max_value=999), st.integers(min_value=1, max_value=9))
def test_decimal_comma_parses_back(whole, decimal):
    assert normalize(f"{whole},{decimal} tỷ USD")[0] == pytest.approx((whole + decimal / 10) * 1e9)


def test_every_former_province_resolves_in_both_tone_mark_styles_and_with_its_generic_word():
    assert len(FORMER_TO_CURRENT) == 63 and len(MERGER_2025) == 34
    for former, current in FORMER_TO_CURRENT.items():
        for form in written_forms(former):
            assert link_province(form) == (former, current), form
        assert link_province(to_new_style(former)) == (former, current)
        assert link_province(f"tỉnh {former}") == (former, current)


@pytest.mark.parametrize(
    "text,former,current",
    [
        ("Hải Dương", "Hải Dương", "Hải Phòng"), ("Thái Bình", "Thái Bình", "Hưng Yên"),
        ("TP.HCM", "Hồ Chí Minh", "Hồ Chí Minh"), ("TP. HCM", "Hồ Chí Minh", "Hồ Chí Minh"),
        ("TPHCM", "Hồ Chí Minh", "Hồ Chí Minh"), ("Thành phố Hồ Chí Minh", "Hồ Chí Minh", "Hồ Chí Minh"),
        ("Hoà Bình", "Hòa Bình", "Phú Thọ"), ("Khánh Hoà", "Khánh Hòa", "Khánh Hòa"),
        ("Bà Rịa - Vũng Tàu", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"), ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu", "Hồ Chí Minh"),
        ("Thừa Thiên - Huế", "Thừa Thiên Huế", "Huế"), ("Bình Dương", "Bình Dương", "Hồ Chí Minh"),
        ("Paris", None, None),
    ],
)
def test_province_linker_examples(text, former, current):
    assert link_province(text) == (former, current)


def test_every_gold_province_span_links(gold):
    provinces = [rec["text"][s:e] for _, rec in gold for s, e, label in rec["label"] if label == "PROVINCE"]
    assert provinces  # the corpus has PROVINCE spans: an empty list of unlinked ones means something
    assert [text for text in provinces if link_province(text)[0] is None] == []


@pytest.mark.parametrize(
    "forms,key",
    [
        (["KCN Đông Mai", "Khu công nghiệp Đông Mai", "khu công nghiệp (KCN) Đông Mai"], "KCN đông mai"),
        (["Khu kinh tế mở Chu Lai", "Khu kinh tế (KKT) mở Chu Lai", "KKT Chu Lai"], "KKT chu lai"),
        (["Khu công nghệ cao Hoà Lạc", "Khu công nghệ cao Hòa Lạc"], "KCNC hòa lạc"),
        (["Cụm công nghiệp Phú Lãm", "CCN Phú Lãm"], "CCN phú lãm"),
    ],
)
def test_park_forms_share_one_key(forms, key):
    assert {park_key(f) for f in forms} == {key}


def test_components_work_on_entities_set_by_hand(nlp):
    doc = nlp.make_doc("Tỉnh Hải Dương thu hút 1,4 tỷ USD vào KCN Đại An.")
    doc.ents = [doc.char_span(5, 14, "PROVINCE"), doc.char_span(23, 33, "MONEY"), doc.char_span(38, 48, "INDUSTRIAL_PARK")]
    for name in ("money_normalizer", "province_linker", "park_normalizer"):
        doc = nlp.create_pipe(name)(doc)  # the registered factory's component (the shared pipeline is left as it is)
    province, money, park = doc.ents
    assert (province._.province_before_2025, province._.province) == ("Hải Dương", "Hải Phòng")
    assert (money._.amount, money._.currency, money._.amount_max) == (1.4e9, "USD", None)
    assert park._.park_key == "KCN đại an"
    assert isinstance(province, Span) and province._.amount is None
