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
