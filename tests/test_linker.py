"""Amount linking rules on hand-checked sentences."""

from __future__ import annotations

import pytest

from zhnews_ie.components.linker import AmountLinker, load_linker_cues


@pytest.fixture(scope="module")
def linker() -> AmountLinker:
    return AmountLinker(load_linker_cues())


def _link(linker, text, surface, kind, orgs=()):
    start = text.index(surface)
    org_spans = [(text.index(o), text.index(o) + len(o), o) for o in orgs]
    return linker.link(text, {"start": start, "end": start + len(surface), "kind": kind}, org_spans,
                       (0, len(text)))


@pytest.mark.parametrize(
    "text,surface,kind,orgs,agent,obj",
    [
        ("近三年来,贵阳海关圆满完成7个定点扶贫村的扶贫任务。", "7个", "count", ["贵阳海关"], "贵阳海关", "定点扶贫村"),
        ("帮助562户贫困户共计2325人脱贫。", "562户", "count", [], None, "贫困户"),
        ("贵阳海关捐助图书等价值23.77万元的爱心物资。", "23.77万元", "money", ["贵阳海关"], "贵阳海关", "爱心物资"),
        ("此外,还协调项目资金4879.5万元,对96户危房进行改造。", "4879.5万元", "money", [], None, "项目资金"),
        ("此外,还协调项目资金4879.5万元,对96户危房进行改造。", "96户", "count", [], None, "危房"),
        ("前后共组织17个党支部、786人次党员干部开展帮扶活动。", "786人次", "count", [], None, "党员干部"),
    ],
)
def test_agent_and_object(linker, text, surface, kind, orgs, agent, obj):
    res = _link(linker, text, surface, kind, orgs)
    assert res["agent"] == agent
    assert res["object"] == obj


def test_agent_is_in_the_same_sentence_or_the_paragraph_subject(linker):
    text = "村里开展帮扶,贵阳海关参与。村里新建21个安全设施。"
    assert _link(linker, text, "21个", "count", ["贵阳海关"])["agent"] is None
    text = "贵阳海关开展帮扶。村里新建21个安全设施。"  # the paragraph opens with its subject
    assert _link(linker, text, "21个", "count", ["贵阳海关"])["agent"] == "贵阳海关"
