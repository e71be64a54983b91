import pytest

from vi_corpus.sentences import article_sentences, iter_paragraphs, split_sentences
from vi_corpus.text import is_vietnamese_syllable


@pytest.mark.parametrize(
    "paragraph,expected",
    [
        ("Vốn là 2.300 tỷ đồng. Bắc Ninh thu hút 1,4 tỷ USD.", ["Vốn là 2.300 tỷ đồng.", "Bắc Ninh thu hút 1,4 tỷ USD."]),
        ("Ngày 10/3. Tỉnh họp.", ["Ngày 10/3.", "Tỉnh họp."]),
        ("Tại TP. HCM có nhiều KCN. Hà Nội cũng vậy.", ["Tại TP. HCM có nhiều KCN.", "Hà Nội cũng vậy."]),
        ("Theo TS. Nguyễn Văn A, vốn tăng.", ["Theo TS. Nguyễn Văn A, vốn tăng."]),
        ("PGS. Trần Văn B phát biểu.", ["PGS. Trần Văn B phát biểu."]),
        ("Th.S. Lê Thị C và ThS. Đỗ D dự họp.", ["Th.S. Lê Thị C và ThS. Đỗ D dự họp."]),
        ("Ông Nguyễn V. A. Bình phát biểu.", ["Ông Nguyễn V. A. Bình phát biểu."]),
        ("Đầu tư vào TP.HCM. Sau đó mở rộng.", ["Đầu tư vào TP.HCM.", "Sau đó mở rộng."]),
        ('Ông nói: "Rất tốt." Sau đó rời đi.', ['Ông nói: "Rất tốt."', "Sau đó rời đi."]),
        ("Thiết bị, năng lượng... nhằm nâng cao vị thế.", ["Thiết bị, năng lượng... nhằm nâng cao vị thế."]),
        ("Nhà máy tại tỉnh Hưng Yên. (Ảnh DUY LINH)", ["Nhà máy tại tỉnh Hưng Yên. (Ảnh DUY LINH)"]),
        ("Có thật không? Có!", ["Có thật không?", "Có!"]),
        ("Năm 2030. 25 khu công nghiệp được quy hoạch.", ["Năm 2030.", "25 khu công nghiệp được quy hoạch."]),
    ],
)
def test_splitter_knows_vietnamese_abbreviations_numbers_and_dates(paragraph, expected):
    assert split_sentences(paragraph) == expected


def test_splitter_loses_no_character():
    paragraph = "  Ngày 10/3, TP. HCM  công bố 2.300 tỷ đồng.   Ông A nói: “Tốt.”  Xong!  "
    joined = "".join(split_sentences(paragraph))
    assert "".join(joined.split()) == "".join(paragraph.split())


def test_paragraphs_are_non_empty_stripped_lines():
    assert list(iter_paragraphs("Tiêu đề\n\n  Đoạn một.  \n\t\nĐoạn hai.")) == ["Tiêu đề", "Đoạn một.", "Đoạn hai."]


@pytest.mark.parametrize(
    "text,expected",
    [
        # the name goes on on the next line: one sentence, with the number of its first part
        ("Hội đồng Thi đua TP.\nHà Nội đã thông qua danh sách.", [(0, 1, "Hội đồng Thi đua TP. Hà Nội đã thông qua danh sách.")]),
        ("Theo GS.\nĐặng Hùng Võ, cần xem lại. Sau đó họp.", [(0, 1, "Theo GS. Đặng Hùng Võ, cần xem lại."), (1, 3, "Sau đó họp.")]),
        ("Tại TP.\nHCM, ngân hàng thu giữ tài sản.", [(0, 1, "Tại TP. HCM, ngân hàng thu giữ tài sản.")]),
        ("Trụ sở ở TP.\nPleiku, Gia Lai.", [(0, 1, "Trụ sở ở TP. Pleiku, Gia Lai.")]),
        # a new sentence after the abbreviation: a body's name, or a sentence opener
        ("Tàu vào trung tâm TP.\nBan Quản lý đường sắt cho biết.", [(0, 1, "Tàu vào trung tâm TP."), (1, 2, "Ban Quản lý đường sắt cho biết.")]),
        ("Khu chế xuất trên địa bàn TP.\nTrong nhiệm kỳ tới, tăng.", [(0, 1, "Khu chế xuất trên địa bàn TP."), (1, 2, "Trong nhiệm kỳ tới, tăng.")]),
        ("Anh H.T. H.\n(30 tuổi) chạy xe.", [(0, 1, "Anh H.T. H."), (1, 2, "(30 tuổi) chạy xe.")]),
    ],
)
def test_a_name_cut_by_a_line_break_after_an_abbreviation_is_joined(text, expected):
    assert list(article_sentences(text)) == expected


def test_sentence_numbers_after_a_join_stay_those_of_the_lines():
    plain = list(article_sentences("Một.\nHai ở TP. Ba.\nBốn."))
    joined = list(article_sentences("Một.\nHai ở TP.\nHà Nội.\nBốn."))
    assert [n for _, n, _ in plain] == [1, 2, 3, 4] or [n for _, n, _ in plain] == [1, 2, 3]
    assert joined == [(0, 1, "Một."), (1, 2, "Hai ở TP. Hà Nội."), (3, 4, "Bốn.")]


@pytest.mark.parametrize("word", ["Nguyễn", "khuỷu", "quý", "gì", "Hoà", "hòa", "nghiêng", "Trường", "Kim", "ươu", "khuya"])
def test_vietnamese_syllables_parse(word):
    assert is_vietnamese_syllable(word)


@pytest.mark.parametrize("word", ["Zuckerberg", "Lee", "Kun", "iPhone", "Hyundai", "Samsung", "Google", "Trump", "Longđề", "gem", "Ngeo"])
def test_foreign_words_and_glued_syllables_do_not_parse(word):
    assert not is_vietnamese_syllable(word)
