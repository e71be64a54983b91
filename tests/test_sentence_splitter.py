import pytest

from vi_corpus.sentences import iter_paragraphs, split_sentences


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
