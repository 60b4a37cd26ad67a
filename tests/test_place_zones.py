"""Development zones and industrial parks named after a place are places (ANNOTATION.md, last section).

Rows are synthetic sentences of the shapes news uses; the expected entities were checked by hand.
"""

import pytest

ZONES = [
    # a short county name + zone type: one LOC, not the short name alone
    ("贷款专项用于建宁经济开发区一期建设。", [("建宁经济开发区", "LOC")]),
    ("项目落户在宁乡经济技术开发区。", [("宁乡经济技术开发区", "LOC")]),
    # a park after a place is a place, not an organisation (the org suffix 园区 loses to the zone)
    ("浦东新区和苏州工业园区吸引了外资。", [("浦东新区", "LOC"), ("苏州工业园区", "LOC")]),
    ("厦门经济特区成立多年。", [("厦门经济特区", "LOC")]),
    # a park named by a trade name stays an organisation
    ("顺丰物流园区开工。", [("顺丰物流园区", "ORG")]),
    # a zone type after no place is a common noun
    ("高新技术开发区的企业增多。", []),
    # a generic division word alone is no place (PD1998 never tags 新区/城区 alone as ns)
    ("据悉新区建设进展顺利。", []),
    ("城区居民增收。", []),
]


@pytest.mark.parametrize("text,expected", ZONES)
def test_zone_after_a_place_is_a_place(nlp, text, expected):
    doc = nlp(text)
    assert [(e.text, e.label_) for e in doc.ents] == expected


def test_zone_types_are_data(nlp):
    from zhnews_ie.components.entities import load_default_lexicons

    types = load_default_lexicons()["zone_types"]
    assert "经济开发区" in types and "工业园区" in types
    assert "示范区" not in types  # after a place it names a programme, not a zone


TOWNS_AND_GROUPS = [
    # a named villager group right after its village or town is a place
    ("在龙场镇黑石组，村民种上了茶叶。", [("龙场镇", "LOC"), ("黑石组", "LOC")]),
    ("大坪村石沟组有农户30户。", [("大坪村", "LOC"), ("石沟组", "LOC")]),
    # numbered groups, working groups and the verb 组织 are not
    ("石湾村三组有农户。", [("石湾村", "LOC")]),
    ("大坪村工作组进驻。", [("大坪村", "LOC")]),
    ("石湾村组织村民开会。", [("石湾村", "LOC")]),
    ("大坪村村民小组", [("大坪村", "LOC")]),  # 村民 and 小组 are common words
    # a town name may start with a numeral right after its place; a numeral + classifier is no name
    ("贵州省黔东南州凯里市三棵树镇南花村",
     [("贵州省", "LOC"), ("黔东南州", "LOC"), ("凯里市", "LOC"), ("三棵树镇", "LOC"), ("南花村", "LOC")]),
    ("凯里市十里铺村", [("凯里市", "LOC"), ("十里铺村", "LOC")]),
    ("他来到凯里市一个村", [("凯里市", "LOC")]),
    # a model place starting inside a verb the segmenter cut (修|建|通村) is no place
    ("县里投入资金修建通村公路20公里。", []),
    ("凯里市两个乡", [("凯里市", "LOC")]),
    ("黎平县三乡五镇", [("黎平县", "LOC")]),  # a count of towns
]


@pytest.mark.parametrize("text,expected", TOWNS_AND_GROUPS)
def test_villager_groups_and_numeral_towns(nlp, text, expected):
    assert [(e.text, e.label_) for e in nlp(text).ents] == expected
