"""Paragraphs, roles and header metadata (hand-checked against the seed's header and ANNOTATION.md)."""

from __future__ import annotations

import pytest

from zhnews_ie.components.structure import StructureAnalyzer, iter_paragraphs, load_structure_patterns


@pytest.fixture(scope="module")
def analyzer() -> StructureAnalyzer:
    return StructureAnalyzer(load_structure_patterns())


def test_paragraphs_are_stripped_nonempty_lines():
    text = "标题\n\n\u2003\u2003正文一。  \n\n  正文二。"
    spans = list(iter_paragraphs(text))
    assert [text[s:e] for s, e in spans] == ["标题", "正文一。", "正文二。"]


def test_seed_metadata_exact(analyzer, seed_text, seed_gold):
    paras, meta = analyzer.analyse(seed_text)
    assert len(paras) == 19
    for key in ("title", "published", "source", "editors", "authors"):
        assert meta[key] == seed_gold["metadata"][key], key


def test_seed_roles(analyzer, seed_text):
    paras, _ = analyzer.analyse(seed_text)
    roles = [r for _, _, r in paras]
    assert roles[0] == "title"
    assert roles[1] == "meta"
    assert roles[2:11] == ["body"] * 9
    assert roles[11:] == ["boilerplate"] * 8


@pytest.mark.parametrize(
    "line,field,expected",
    [
        ("发布时间:2019-10-29 08:45:45", "published", "2019-10-29T08:45:45"),
        ("时间: 2010-02-04", "published", "2010-02-04"),
        ("2019年5月9日 来源:新华网 编辑:王小明", "source", "新华网"),
        ("2019年5月9日 来源:新华网 编辑:王小明", "editors", ["王小明"]),
        ("来源:大众财经网 作者:综合", "authors", []),
    ],
)
def test_header_fields(analyzer, line, field, expected):
    _, meta = analyzer.analyse("某地举行扶贫活动\n\n" + line + "\n\n正文。")
    assert meta[field] == expected


def test_byline_author(analyzer):
    _, meta = analyzer.analyse("标题\n\n华龙网9月28日讯(记者 赵紫东)重庆市举行活动。")
    assert meta["authors"] == ["赵紫东"]
