"""Traditional-character text gives the same graph as its simplified twin (issue: traditional places, orgs,
categories, qualifiers and objects): names are resolved and node ids built on the ``normalise_width`` copy, and
paragraph cues, amount qualifiers and linker cues match on that copy. Synthetic sentences only."""

from __future__ import annotations

import pytest

import zhnews_ie
from zhnews_ie.grammar.quantities import find_quantities
from zhnews_ie.grammar.text import normalise_width

SIMPLIFIED = (
    "云南省大理州宾川县农业农村局近日召开产业扶贫工作会议。\n"
    "县扶贫办联合中国农业银行宾川支行，为金牛镇320户贫困户发放小额信贷，共计1580万元。\n"
    "今年全县种植柑橘3.2万亩，带动贫困人口就业1200人。\n"
    "县教育局为贫困家庭学生发放助学金合计86万元。\n"
    "县民政局向敬老院捐赠价值12万元的过冬物资。\n")
TRADITIONAL = (
    "雲南省大理州賓川縣農業農村局近日召開產業扶貧工作會議。\n"
    "縣扶貧辦聯合中國農業銀行賓川支行，為金牛鎮320戶貧困戶發放小額信貸，共計1580萬元。\n"
    "今年全縣種植柑橘3.2萬畝，帶動貧困人口就業1200人。\n"
    "縣教育局為貧困家庭學生發放助學金合計86萬元。\n"
    "縣民政局向敬老院捐贈價值12萬元的過冬物資。\n")


@pytest.fixture(scope="module")
def both(nlp):
    return [zhnews_ie.extract(text, nlp=nlp) for text in (SIMPLIFIED, TRADITIONAL)]


def test_twins_are_the_same_text_after_normalisation():
    # the only other difference is the full-width comma, which normalise_width maps to ","
    assert normalise_width(TRADITIONAL) == normalise_width(SIMPLIFIED)


def test_same_place_codes_and_org_ids(both):
    ids = [sorted(n.id for n in a.graph.nodes if n.type in ("Place", "Organization")) for a in both]
    assert ids[0] == ids[1]
    for expected in ("org:532924:县扶贫办", "org:532924:县教育局", "org:532924:县民政局",
                     "org:云南省大理州宾川县农业农村局", "org:中国农业银行宾川支行",
                     "place:530000", "place:532900", "place:532924"):
        assert expected in ids[1]
    names = {n.id: n.props.get("name") for n in both[1].graph.nodes}
    assert names["org:532924:县扶贫办"] == "县扶贫办" and names["place:532924"] == "宾川县"


def test_records_keep_the_input(both):
    trad = both[1]
    assert ("縣扶貧辦", "ORG") in {(e.text, e.label) for e in trad.entities}
    for rec in trad.entities + trad.amounts:
        assert TRADITIONAL[rec.start:rec.end] == rec.text


def test_same_categories_qualifiers_objects(both):
    simp, trad = both
    assert [p.category for p in trad.paragraphs] == [p.category for p in simp.paragraphs]
    assert trad.paragraphs[0].category == "industry" and trad.paragraphs[3].category == "education"
    rows = [[(a.start, a.qualifier, normalise_width(a.object or ""), a.category) for a in x.amounts]
            for x in both]
    assert rows[0] == rows[1]
    got = {a.text: (a.qualifier, a.object) for a in trad.amounts}
    assert got["320戶"] == (None, "貧困戶")       # the object as written in the input
    assert got["1580萬元"][0] == "total"          # 共計
    assert got["86萬元"][0] == "total"            # 合計
    assert got["12萬元"] == (None, "過冬物資")


@pytest.mark.parametrize("text,qualifier", [
    ("累計發放5.6萬元", "total"),
    ("總計種植3萬畝", "total"),
    ("戶均增收2000元", "per_household"),
    ("人均補助800元", "per_capita"),
    ("平均每年投入30萬元", "per_year"),
])
def test_traditional_qualifiers(text, qualifier):
    assert [q.qualifier for q in find_quantities(text)] == [qualifier]
