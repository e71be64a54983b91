import pytest

from vi_corpus.audit import abbreviation_cut_violations, explained_strings, inconsistencies, rule_violations, tone_styles


def rec(text, spans, rid="a-1"):
    return {"id": rid, "text": text, "label": spans, "meta": {"article": "a"}}


def span(text, surface, label):
    start = text.index(surface)
    return [start, start + len(surface), label]


@pytest.mark.parametrize(
    "text,surface,label,reason",
    [
        ("Đầu tư vào tỉnh Hưng Yên.", "tỉnh Hưng Yên", "PROVINCE", "PROVINCE starts with a generic word"),
        ("Đầu tư vào thành phố Hải Phòng.", "thành phố Hải Phòng", "PROVINCE", "PROVINCE starts with a generic word"),
        ("Vốn hơn 2 tỷ USD.", "hơn 2 tỷ USD", "MONEY", "MONEY starts with a qualifier"),
        ("Vốn khoảng 4,7 tỷ USD.", "khoảng 4,7 tỷ USD", "MONEY", "MONEY starts with a qualifier"),
        ("Vốn 2.300 tỷ.", "2.300 tỷ", "MONEY", "MONEY has no currency"),
        ("Theo ông Vũ Quốc Nghị.", "ông Vũ Quốc Nghị", "PERSON", "PERSON starts with a title"),
        ("Theo Chủ tịch Phạm Đức Ấn.", "Chủ tịch Phạm Đức Ấn", "PERSON", "PERSON starts with a title"),
        ("Tại Đông Mai có nhà máy.", "Đông Mai", "INDUSTRIAL_PARK", "INDUSTRIAL_PARK has no type word"),
        ("Nhà máy Amkor khánh thành.", "Nhà máy Amkor", "COMPANY", "COMPANY includes 'nhà máy'"),
        ("Tại (KCN Đông Mai) có.", "(KCN Đông Mai)", "INDUSTRIAL_PARK", "punctuation"),
        # rules clarified on 2026-12-02
        ("Sai phạm BOT, cổ phiếu Xi măng Hà Tiên 1 lao dốc.", "Xi măng Hà Tiên 1", "COMPANY", "a security"),
        ("Hãng Tesla (mã: TSLA) tăng.", "TSLA", "COMPANY", "ticker word"),
        ("Công ty Kinh Bắc (HoSE: KBC) tăng.", "KBC", "COMPANY", "ticker word"),
        ("Văn bản gửi UBND tỉnh này.", "UBND tỉnh", "AGENCY", "'này'"),
        ("Xuất khẩu sang các nước ASEAN.", "ASEAN", "AGENCY", "group of countries"),
    ],
)
def test_each_spec_rule_violation_is_reported(text, surface, label, reason):
    problems = rule_violations("g.jsonl:7", rec(text, [span(text, surface, label)]))
    assert any(where == "g.jsonl:7" and reason in why for where, why in problems), problems


@pytest.mark.parametrize(
    "text,surface,label",
    [
        ("Tại TP.HCM có nhiều KCN.", "TP.HCM", "PROVINCE"),
        ("Tại TP. HCM có nhiều KCN.", "TP. HCM", "PROVINCE"),
        ("Tại Thành phố Hồ Chí Minh có.", "Thành phố Hồ Chí Minh", "PROVINCE"),
        ("Vốn hàng nghìn tỷ đồng.", "hàng nghìn tỷ đồng", "MONEY"),
        ("Ảnh: Anh Tuấn.", "Anh Tuấn", "PERSON"),
        ("Tại KCN Đông Mai có.", "KCN Đông Mai", "INDUSTRIAL_PARK"),
        ("Xây dựng khu hành chính – kinh tế đặc biệt Vân Đồn.", "khu hành chính – kinh tế đặc biệt Vân Đồn",
         "INDUSTRIAL_PARK"),
        ("Công ty CP Sữa Việt Nam.", "Công ty CP Sữa Việt Nam", "COMPANY"),
        ("Quan điểm chung của ASEAN về luật.", "ASEAN", "AGENCY"),
        ("Văn bản gửi UBND tỉnh này.", "UBND tỉnh này", "AGENCY"),
        ("Tổng công ty IDICO (IDC) lãi lớn.", "IDC", "COMPANY"),
    ],
)
def test_spans_that_follow_the_spec_pass(text, surface, label):
    assert rule_violations("g:1", rec(text, [span(text, surface, label)])) == []


def test_malformed_spans_are_reported_not_crashed_on():
    problems = rule_violations("g:3", rec("Tại Hưng Yên.", [[4, 12]]))
    assert problems == [("g:3", "span [4, 12] is not [start, end, label]")]


def test_consistency_finds_strings_labelled_in_one_sentence_only():
    a = "Vinamilk tăng vốn."
    b = "Cổ đông của Vinamilk họp."
    c = "Việt Nam và Quảng Nam."  # "Nam" inside longer names is not an unlabelled mention
    records = [("g:1", rec(a, [span(a, "Vinamilk", "COMPANY")])), ("g:2", rec(b, [], "a-2")),
               ("g:3", rec("Ông Nam nói.", [[4, 7, "PERSON"]], "a-3")), ("g:4", rec(c, [], "a-4"))]
    report = inconsistencies(records)
    assert report["Vinamilk"]["unlabelled"] == 1 and report["Vinamilk"]["examples"] == ["g:2"]
    assert "Nam" not in report


def test_consistency_finds_strings_with_two_labels():
    a, b = "Tại Formosa có.", "Formosa Hà Tĩnh."
    report = inconsistencies([("g:1", rec(a, [span(a, "Formosa", "COMPANY")])),
                              ("g:2", rec(b, [span(b, "Formosa", "INDUSTRIAL_PARK")], "a-2"))])
    assert report["Formosa"]["labels"] == {"COMPANY": 1, "INDUSTRIAL_PARK": 1}


def test_explained_strings_come_from_the_guidelines_section(tmp_path):
    path = tmp_path / "GUIDELINES.md"
    path.write_text("# G\n\n## Context-dependent strings\n- `Đông`: a name and a direction\n\n## Other\n- `X`\n", encoding="utf-8")
    assert explained_strings(path) == {"Đông"}


def test_tone_mark_styles_are_counted():
    styles = tone_styles(["Khánh Hoà và Thành uỷ", "Khánh Hòa", "không dấu", "quý I, Quý II"])
    assert styles["new (hoà, uỷ)"] == 1 and styles["old (hòa, ủy)"] == 1


def test_a_span_at_a_cut_after_an_abbreviation_is_reported():
    cut = rec("Hội đồng Thi đua TP.", [[0, 19, "AGENCY"]], "a-3")
    after = rec("Hà Nội đã thông qua.", [[0, 6, "AGENCY"]], "a-4")
    problems = abbreviation_cut_violations([("g:3", cut), ("g:4", after)])
    assert [where for where, _ in problems] == ["g:3"] and "g:4" in problems[0][1]
    # a new sentence after a sentence-final "TP." (a body's name) is no cut
    body = rec("Ban Quản lý đường sắt cho biết.", [[0, 21, "AGENCY"]], "a-4")
    assert abbreviation_cut_violations([("g:3", cut), ("g:4", body)]) == []
    joined = rec("Hội đồng Thi đua TP. Hà Nội đã thông qua.", [[0, 27, "AGENCY"]], "a-3")
    assert abbreviation_cut_violations([("g:3", joined)]) == []
