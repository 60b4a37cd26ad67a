"""Places and organisations resolved in context (divisions.resolve_mentions, body_level, locate_body) and the
graph ids built from them. Every sentence here is synthetic; codes are hand-checked against the MCA list."""

from __future__ import annotations

import json

import pytest

from zhnews_ie import divisions
from zhnews_ie.divisions import Mention
from zhnews_ie.evaluation import gold_provinces
from zhnews_ie.graph.build import build_graph, reachable_up, up_index
from zhnews_ie.records import Article, Entity, Metadata, Paragraph


def mentions_of(text: str, spans: list[tuple[str, str]]) -> list[Mention]:
    """Mentions from (surface, kind) pairs found left to right in a one-paragraph text."""
    out, pos = [], 0
    for surface, kind in spans:
        start = text.index(surface, pos)
        out.append(Mention(start, start + len(surface), surface, kind, 0))
        pos = start + len(surface)
    return out


def code(res: divisions.Resolution) -> str | None:
    return res.division.code if res.division is not None else None


# (sentence, mentions as (surface, kind), surface whose code is checked, expected code or None)
CONTEXT_TABLE = [
    # an explicit province before an ambiguous county: Gansu's 东乡族自治县, not Jiangxi's former 东乡县
    ("甘肃省东乡县的学生返校。", [("甘肃省", "place"), ("东乡县", "place")], "东乡县", "622926"),
    ("江西省东乡县的学生返校。", [("江西省", "place"), ("东乡县", "place")], "东乡县", "361003"),
    ("甘肃省东乡县的学生返校。", [("甘肃省东乡县", "place")], "甘肃省东乡县", "622926"),
    # without any context 东乡县 stays unresolved
    ("东乡县的学生返校。", [("东乡县", "place")], "东乡县", None),
    # the article's other places decide
    ("临夏州和东乡县的学生返校。", [("临夏州", "place"), ("东乡县", "place")], "东乡县", "622926"),
    # a county name split by a wrong span: 云南省镇 + 雄县 is read as 镇雄县 (Yunnan), never Hebei's 雄县
    ("云南省镇雄县教育局组织培训。", [("云南省镇", "place"), ("雄县", "place")], "雄县", "530627"),
    # a chain inside an organisation name
    ("云南省镇雄县教育局组织培训。", [("云南省镇雄县教育局", "org")], "云南省镇雄县教育局", "530627"),
    # a bare county short name inside another word, in an article about another province: no code
    ("云南省昭通市建成安置点12个。", [("云南省", "place"), ("昭通市", "place"), ("成安", "place")], "成安", None),
    ("湖南省花垣县干群同心修路。", [("湖南省", "place"), ("花垣县", "place"), ("同心", "place")], "同心", None),
    # ... but supported by its province or prefecture, it resolves
    ("河北省邯郸市成安县和成安的企业。", [("河北省", "place"), ("邯郸市", "place"), ("成安", "place")], "成安",
     "130424"),
    ("四川罗江设立扶贫专柜。", [("四川", "place"), ("罗江", "place")], "罗江", "510604"),
    # a conflicting chain gives no code: the chamber of Zhejiang merchants in Henan is not in Zhejiang
    ("河南省浙江商会资助学生。", [("河南省", "place"), ("浙江商会", "org")], "浙江商会", None),
    # renamed and merged divisions resolve to their successors
    ("山西省长治县的农民。", [("山西省", "place"), ("长治县", "place")], "长治县", "140404"),
    ("西藏那曲地区的牧民。", [("西藏", "place"), ("那曲地区", "place")], "那曲地区", "540600"),
    ("西藏那曲市的牧民。", [("西藏", "place"), ("那曲", "place")], "那曲", "540600"),
    ("西藏那曲县的牧民。", [("西藏", "place"), ("那曲县", "place")], "那曲县", "540602"),
    ("长治市上党区的农民。", [("长治市", "place"), ("上党区", "place")], "上党区", "140404"),
    # a local medium after a bare county name is located there
    ("来源：饶河电视台", [("饶河电视台", "org")], "饶河电视台", "230524"),
    # a bank named like a county is not located there without context
    ("兴业银行发放贷款。", [("兴业银行", "org")], "兴业银行", None),
    ("广西钦州市的兴业银行发放贷款。", [("广西", "place"), ("钦州市", "place"), ("兴业银行", "org")], "兴业银行", None),
    # ... while a company of a county the article names is located there
    ("洪湖市引进洪湖威弘鞋业公司。", [("洪湖市", "place"), ("洪湖威弘鞋业公司", "org")], "洪湖威弘鞋业公司", "421083"),
    # 公安 after a division is a word, not 公安县
    ("湖北省公安厅通报。", [("湖北省公安厅", "org")], "湖北省公安厅", "420000"),
    # 朝阳区: Beijing's or Changchun's, by the article's other places
    ("长春市朝阳区的社区。", [("长春市", "place"), ("朝阳区", "place")], "朝阳区", "220104"),
    ("朝阳区的社区。", [("朝阳区", "place")], "朝阳区", None),
    # a bare stem naming a prefecture and counties: the prefecture, unless the county's prefecture is named
    ("古城西安迎来游客。", [("西安", "place")], "西安", None),
    ("陕西省古城西安迎来游客。", [("陕西省", "place"), ("西安", "place")], "西安", "610100"),
    ("辽源市西安的矿工。", [("辽源市", "place"), ("西安", "place")], "西安", "220403"),
    ("北京市东城区和朝阳的居民。", [("北京市", "place"), ("东城区", "place"), ("朝阳", "place")], "朝阳", None),
    ("北京朝阳的居民。", [("北京", "place"), ("朝阳", "place")], "朝阳", "110105"),
    ("湖南湘乡、醴陵两市", [("湖南", "place"), ("湘乡", "place"), ("醴陵", "place")], "醴陵", "430281"),
    ("重庆市彭水的学校。", [("重庆市", "place"), ("彭水", "place")], "彭水", "500243"),
    ("天津、河北两地", [("天津", "place"), ("河北", "place")], "河北", "130000"),
    ("广东南部、海南和青海东部", [("广东", "place"), ("海南", "place"), ("青海", "place")], "海南", "460000"),
    ("美国马里兰州盖茨堡镇", [("马里兰州", "place"), ("盖茨堡镇", "place")], "马里兰州", None),
    ("位于河南的企业。", [("河南", "place")], "河南", "410000"),
    # a list written without separators keeps the outer division; a conflict gives no code
    ("新疆吐鲁番乌鲁木齐公路", [("新疆", "place"), ("吐鲁番", "place"), ("乌鲁木齐", "place")], "乌鲁木齐", "650100"),
    ("吐鲁番乌鲁木齐公路", [("吐鲁番", "place"), ("乌鲁木齐", "place")], "乌鲁木齐", "650100"),
    # a current short name wins over a former division's short name
    ("广西南宁的冬泳爱好者。", [("广西", "place"), ("南宁", "place")], "南宁", "450100"),
    ("南宁的冬泳爱好者。", [("南宁", "place")], "南宁", "450100"),
    ("直达香港九龙的客车", [("香港", "place"), ("九龙", "place")], "九龙", None),
    # generic full names only through the chain
    ("长治市整治城区交通。", [("长治市", "place"), ("城区", "place")], "城区", None),
    ("阳泉市城区的居民。", [("阳泉市", "place"), ("城区", "place")], "城区", "140302"),
]


@pytest.mark.parametrize("text,spans,surface,expected", CONTEXT_TABLE)
def test_resolve_in_context(text, spans, surface, expected):
    ms = mentions_of(text, spans)
    resolved = divisions.resolve_mentions(ms)
    i = [m.text for m in ms].index(surface)
    assert code(resolved[i]) == expected
    # the same answer when the whole text is known
    assert code(divisions.resolve_mentions(ms, text=text)[i]) == expected


@pytest.mark.parametrize("text,spans,surface,parent", [
    ("钦州市浦北县官垌镇垌口村", [("钦州市", "place"), ("浦北县", "place"), ("官垌镇", "place"), ("垌口村", "place")],
     "官垌镇", "450722"),
    ("钦州市浦北县官垌镇垌口村", [("钦州市", "place"), ("浦北县", "place"), ("官垌镇", "place"), ("垌口村", "place")],
     "垌口村", "450722"),
    ("浦北县官垌镇的鱼塘", [("浦北县官垌镇", "place")], "浦北县官垌镇", "450722"),
    ("青山村的贫困户", [("青山村", "place")], "青山村", None),
    # 兰州 at the end of 马里兰州 is no division
    ("美国马里兰州盖茨堡镇", [("马里兰州", "place"), ("盖茨堡镇", "place")], "盖茨堡镇", None),
])
def test_towns_and_villages_take_the_division_written_before_them(text, spans, surface, parent):
    ms = mentions_of(text, spans)
    res = divisions.resolve_mentions(ms)[[m.text for m in ms].index(surface)]
    assert res.division is None
    assert (res.parent.code if res.parent else None) == parent


@pytest.mark.parametrize("name,expected", [
    ("县教育局", ("县", "县教育局")),
    ("该县人社局", ("县", "县人社局")),
    ("市扶贫办", ("市", "市扶贫办")),
    ("团县委", ("县", "团县委")),
    ("区农广校", ("区", "区农广校")),
    ("自治区交通厅", ("自治区", "自治区交通厅")),
    ("乡社保所", ("乡", "乡社保所")),
    ("市民政局", ("市", "市民政局")),
    ("市场监管局", None),
    ("市中区人民法院", None),  # 市中区 is a district, not the level word 市
    ("贵阳海关", None),
    ("兴业银行", None),
])
def test_body_level(name, expected):
    assert divisions.body_level(name) == expected


# (sentence, mentions, body surface, expected division code)
BODY_TABLE = [
    ("甘肃省东乡县召开会议，县教育局发放补助。", [("甘肃省", "place"), ("东乡县", "place"), ("县教育局", "org")],
     "县教育局", "622926"),
    ("云南省镇雄县召开会议，该县人社局组织招聘。",
     [("云南省", "place"), ("镇雄县", "place"), ("县人社局", "org")], "县人社局", "530627"),
    ("洪湖市召开会议，市人社局组织招聘。", [("洪湖市", "place"), ("市人社局", "org")], "市人社局", "421083"),
    # two counties in the paragraph: the nearest one before the body
    ("唐县和涞源县召开会议，涞源县县人社局组织招聘。",
     [("唐县", "place"), ("涞源县", "place"), ("涞源县", "place"), ("县人社局", "org")], "县人社局", "130630"),
    # no county named: none
    ("保定市召开会议，县人社局组织招聘。", [("保定市", "place"), ("县人社局", "org")], "县人社局", None),
    # a town-level body is never located by a county
    ("唐县召开会议，乡社保所登记。", [("唐县", "place"), ("乡社保所", "org")], "乡社保所", None),
]


@pytest.mark.parametrize("text,spans,surface,expected", BODY_TABLE)
def test_locate_body(text, spans, surface, expected):
    ms = mentions_of(text, spans)
    resolved = divisions.resolve_mentions(ms)
    at = ms[[m.text for m in ms].index(surface)]
    level, _ = divisions.body_level(surface)
    div = divisions.locate_body(level, at, ms, resolved)
    assert (div.code if div else None) == expected


def _article(doc_id: str, text: str, spans: list[tuple[str, str]]) -> Article:
    ents, pos = [], 0
    for surface, label in spans:
        start = text.index(surface, pos)
        ents.append(Entity(surface, label, start, start + len(surface), 0))
        pos = start + len(surface)
    para = Paragraph(index=0, start=0, end=len(text), category="other", category_label="其他")
    return Article(doc_id=doc_id, metadata=Metadata(), paragraphs=[para], entities=ents, amounts=[], dates=[],
                   graph=None, warnings=[])  # type: ignore[arg-type]


def _ids(article: Article) -> set[str]:
    return {n.id for n in build_graph(article).nodes}


def _province(article: Article, node_id: str) -> set[str]:
    g = build_graph(article)
    level = {n.id: n.props.get("level") for n in g.nodes}
    return {x for x in reachable_up(up_index(g.edges), [node_id]) if level.get(x) == "province"}


def test_bodies_of_different_counties_are_different_nodes():
    gansu = _article("a", "甘肃省东乡县召开会议，该县教育局发放补助。",
                     [("甘肃省", "LOC"), ("东乡县", "LOC"), ("该县教育局", "ORG")])
    yunnan = _article("b", "云南省镇雄县召开会议，县教育局发放补助。",
                      [("云南省", "LOC"), ("镇雄县", "LOC"), ("县教育局", "ORG")])
    assert "org:622926:县教育局" in _ids(gansu)
    assert "org:530627:县教育局" in _ids(yunnan)
    assert _province(gansu, "org:622926:县教育局") == {"place:620000"}
    assert _province(yunnan, "org:530627:县教育局") == {"place:530000"}


def test_unlocated_body_is_local_to_its_article():
    art = _article("c", "会上，县教育局发放补助。", [("县教育局", "ORG")])
    assert "org:@c:县教育局" in _ids(art)


def test_word_fragment_gets_no_province():
    # 成安 inside 建成安置点 in a Yunnan article: no Hebei node at all
    art = _article("d", "云南省昭通市建成安置点12个。", [("云南省", "LOC"), ("昭通市", "LOC"), ("成安", "LOC")])
    ids = _ids(art)
    assert "place:130000" not in ids and "place:130424" not in ids
    assert "place:成安" in ids


def test_org_with_ambiguous_prefix_carries_its_division():
    art = _article("e", "甘肃省东乡县教育局发放补助。", [("甘肃省", "LOC"), ("东乡县教育局", "ORG")])
    assert "org:622926:东乡县教育局" in _ids(art)
    alone = _article("f", "东乡县教育局发放补助。", [("东乡县教育局", "ORG")])
    assert "org:@f:东乡县教育局" in _ids(alone)


def test_shared_org_keeps_its_context_free_place():
    # the same name resolved alike everywhere is one node with its place
    art = _article("g", "贵阳海关协调资金。", [("贵阳海关", "ORG")])
    assert "org:贵阳海关" in _ids(art)
    assert _province(art, "org:贵阳海关") == {"place:520000"}
    # a park or company named like a county is located nowhere, in any article
    art = _article("h", "福建省政和县的同心工业园区。", [("福建省", "LOC"), ("政和县", "LOC"), ("同心工业园区", "ORG")])
    assert "org:同心工业园区" in _ids(art)
    assert _province(art, "org:同心工业园区") == set() and "place:640000" not in _ids(art)
    # a name whose place this article rules out gets its own node (the shared node's Zhejiang edge would leak)
    art = _article("k", "河南省浙江商会资助学生。", [("河南省", "LOC"), ("浙江商会", "ORG")])
    assert "org:@k:浙江商会" in _ids(art)
    assert "place:330000" not in _ids(art)


def test_villages_are_not_merged_across_counties():
    a = _article("i", "钦州市浦北县官垌镇青山村", [("钦州市", "LOC"), ("浦北县", "LOC"), ("官垌镇", "LOC"),
                                                 ("青山村", "LOC")])
    b = _article("j", "青山村的贫困户", [("青山村", "LOC")])
    assert "place:450722:青山村" in _ids(a) and "place:@j:青山村" in _ids(b)
    assert _province(a, "place:450722:青山村") == {"place:450000"}


def test_dev_articles_have_no_place_outside_their_provinces(dev_dir, nlp):
    from zhnews_ie.article import article_from_doc

    wrong = []
    graphs, allowed = {}, {}
    for gold_path in sorted(dev_dir.glob("*.gold.json")):
        doc_id = gold_path.name.split(".")[0]
        gold = json.loads(gold_path.read_text("utf-8"))
        allowed[doc_id] = {f"place:{c}" for c in gold_provinces(gold)}
        article = article_from_doc(nlp((dev_dir / f"{doc_id}.txt").read_text("utf-8")), doc_id=doc_id)
        graphs[doc_id] = article.graph
        for node in article.graph.nodes:
            if node.type == "Place" and node.props.get("level") == "province" and node.id not in allowed[doc_id]:
                wrong.append((doc_id, node.props.get("name")))
    assert wrong == []
    # the same over the union of all the graphs (as the store and `report` see them): a shared node carries no
    # edge from another article's context into this one
    up = up_index(e for g in graphs.values() for e in g.edges)
    for doc_id, g in graphs.items():
        seen = reachable_up(up, [e.target for e in g.edges if e.type in ("MENTIONS", "AGENT", "PUBLISHED_BY")])
        provinces = {x for x in seen if x.startswith("place:") and x[6:].isdigit() and x.endswith("0000")}
        assert provinces <= allowed[doc_id], (doc_id, provinces - allowed[doc_id])


def test_agents_take_the_body_of_their_own_paragraph():
    from zhnews_ie.records import Amount

    text = "甘肃省东乡县召开会议，县教育局发放补助120万元。\n云南省镇雄县召开会议，县教育局投入80万元。"
    second = text.index("\n") + 1
    spans = [("甘肃省", "LOC"), ("东乡县", "LOC"), ("县教育局", "ORG"), ("云南省", "LOC"), ("镇雄县", "LOC"),
             ("县教育局", "ORG")]
    ents, pos = [], 0
    for surface, label in spans:
        start = text.index(surface, pos)
        ents.append(Entity(surface, label, start, start + len(surface), 0 if start < second else 1))
        pos = start + len(surface)
    paras = [Paragraph(index=0, start=0, end=second - 1, category="other", category_label="其他"),
             Paragraph(index=1, start=second, end=len(text), category="other", category_label="其他")]
    amounts = []
    for surface, para in (("120万元", 0), ("80万元", 1)):
        start = text.index(surface)
        amounts.append(Amount(text=surface, start=start, end=start + len(surface), paragraph=para, kind="money",
                              value=0, unit="CNY", agent="县教育局"))
    art = Article(doc_id="m", metadata=Metadata(), paragraphs=paras, entities=ents, amounts=amounts, dates=[],
                  graph=None, warnings=[])  # type: ignore[arg-type]
    agents = {e.source: e.target for e in build_graph(art).edges if e.type == "AGENT"}
    assert sorted(agents.values()) == ["org:530627:县教育局", "org:622926:县教育局"]
    assert agents[f"amount:m:{amounts[0].start}-{amounts[0].end}"] == "org:622926:县教育局"
