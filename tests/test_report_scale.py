"""The report reads facts written at insert time (linear in corpus size), and the README's query patterns total
each amount once. Synthetic articles only (records built by hand, graphs by ``graph/build.py``)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from zhnews_ie.graph.build import build_graph
from zhnews_ie.graph.rdf import PROVINCE_CODE, PROVINCE_NAME, SUMMED, report_facts
from zhnews_ie.graph.store import GraphStore
from zhnews_ie.records import Amount, Article, Entity, Metadata, Paragraph
from zhnews_ie.report import agent_label, corpus_report

ORG = "https://zhnews-ie.org/org/"
README = Path(__file__).resolve().parents[1] / "README.md"


def _article(doc_id: str, paragraphs: list[dict]) -> Article:
    """paragraphs: [{"role", "places": [...], "orgs": [...], "amounts": [(value, kind, unit, qualifier, agent)]}]."""
    paras, ents, amounts = [], [], []
    pos = 0
    for k, p in enumerate(paragraphs):
        paras.append(Paragraph(index=k, start=pos, end=pos + 50, category="industry", category_label="产业扶贫",
                               role=p.get("role", "body")))
        for i, name in enumerate(p.get("places", [])):
            ents.append(Entity(text=name, label="LOC", start=pos + 4 * i, end=pos + 4 * i + len(name), paragraph=k))
        for i, name in enumerate(p.get("orgs", [])):
            ents.append(Entity(text=name, label="ORG", start=pos + 10 + 8 * i, end=pos + 10 + 8 * i + len(name),
                               paragraph=k))
        for i, (value, kind, unit, qual, agent) in enumerate(p.get("amounts", [])):
            amounts.append(Amount(text=f"{value}", start=pos + 20 + 3 * i, end=pos + 22 + 3 * i, paragraph=k,
                                  kind=kind, value=value, unit=unit, base_value=value, base_unit=unit,
                                  qualifier=qual, category="industry", agent=agent))
        pos += 51
    art = Article(doc_id=doc_id, metadata=Metadata(title="t"), paragraphs=paras, entities=ents, amounts=amounts,
                  dates=[], graph=None)  # type: ignore[arg-type]
    art.graph = build_graph(art)
    return art


def _store() -> GraphStore:
    store = GraphStore(None)
    store.put_article(_article("a", [
        {"role": "title", "amounts": [(452_800, "money", "CNY", None, None)]},
        {"orgs": ["国家开发银行"], "amounts": [(452_800, "money", "CNY", "total", "国家开发银行")]},
        {"places": ["成都市"], "amounts": [(1_000, "money", "CNY", None, None), (30, "count", "household", None, None)]},
        {"places": ["贵阳市"], "amounts": [(2_500, "money", "CNY", "per_capita", "贵阳市扶贫办")]},
    ]))
    store.put_article(_article("b", [
        {"orgs": ["国家开发银行"], "places": ["昆明市"], "amounts": [(7_000, "money", "CNY", None, "昆明市财政局")]},
        {"places": ["贵阳市", "成都市"], "amounts": [(500, "money", "CNY", None, None)]},
    ]))
    # two bodies that share a name (县教育局 of two counties) and a length that must not be added to money
    store.put_article(_article("c", [
        {"places": ["沿河土家族自治县"], "orgs": ["县教育局"],
         "amounts": [(400_000, "money", "CNY", None, "县教育局"), (23_600, "quantity", "m", None, "县教育局")]},
    ]))
    store.put_article(_article("d", [
        {"places": ["博白县"], "orgs": ["县教育局"], "amounts": [(26_000, "money", "CNY", None, "县教育局")]},
    ]))
    return store


@pytest.mark.parametrize("paragraphs,expected", [
    # agent located in a place: the agent's province
    ([{"amounts": [(1, "money", "CNY", None, "贵阳市扶贫办")]}], ("520000", "贵州省")),
    # no agent: the one province of the paragraph (a prefecture names its province)
    ([{"places": ["成都市"], "amounts": [(1, "money", "CNY", None, None)]}], ("510000", "四川省")),
    # paragraph with two provinces: none (the article's provinces are not consulted past an ambiguity)
    ([{"places": ["成都市", "昆明市"], "amounts": [(1, "money", "CNY", None, None)]}], None),
    # nothing in the paragraph: the one province of the article
    ([{"places": ["遵义市"]}, {"amounts": [(1, "money", "CNY", None, None)]}], ("520000", "贵州省")),
    # an agent with no place and no place anywhere: none
    ([{"amounts": [(1, "money", "CNY", None, "某某合作社")]}], None),
])
def test_province_fact(paragraphs, expected):
    facts = report_facts(_article("x", paragraphs))
    (fact,) = facts.values()
    got = (fact[PROVINCE_CODE], fact[PROVINCE_NAME]) if PROVINCE_CODE in fact else None
    assert got == expected


@pytest.mark.parametrize("para,summed", [
    ({"role": "title", "amounts": [(5, "money", "CNY", None, None)]}, False),
    ({"amounts": [(5, "money", "CNY", "per_capita", None)]}, False),
    ({"amounts": [(5, "money", "CNY", "average", None)]}, False),
    ({"amounts": [(5, "money", "CNY", "total", None)]}, True),
    ({"amounts": [(5, "count", "household", None, None)]}, True),
])
def test_summed_fact(para, summed):
    (fact,) = report_facts(_article("x", [para])).values()
    assert fact[SUMMED] is summed


def test_report_totals():
    r = corpus_report(_store())
    assert r["articles"] == 4 and r["amounts"] == 10
    assert r["excluded"] == {"title": 1, "rate": 1, "no_value": 0}
    assert {x["organization"]: (x["total"], x["articles"]) for x in r["money_by_agent"]} == {
        "国家开发银行": (452_800, 1), "昆明市财政局": (7_000, 1),
        "县教育局 (沿河土家族自治县, 520627)": (400_000, 1), "县教育局 (博白县, 450923)": (26_000, 1)}
    assert {x["province"]: (x["total"], x["articles"]) for x in r["money_by_province"]} == {
        "(unattributed)": (452_800 + 500, 2), "四川省": (1_000, 1), "云南省": (7_000, 1),
        "贵州省": (400_000, 1), "广西壮族自治区": (26_000, 1)}
    assert [(x["category"], x["unit"], x["total"]) for x in r["counts_by_category"]] == [
        ("industry", "household", 30)]


@pytest.mark.parametrize("node_id,name,label", [
    ("org:国家开发银行", "国家开发银行", "国家开发银行"),
    ("org:520627:县教育局", "县教育局", "县教育局 (沿河土家族自治县, 520627)"),
    ("org:450923:县教育局", None, "县教育局 (博白县, 450923)"),
    ("org:@doc7:县教育局", "县教育局", "县教育局 (article doc7)"),
])
def test_agent_label(node_id, name, label):
    assert agent_label(node_id, name) == label


def test_report_reads_facts_not_paths_nor_union_joins():
    """The report's queries run inside GRAPH ?g (sets) and use no property path: linear in corpus size."""
    store = _store()
    seen: list[tuple[str, bool]] = []
    select = store.select

    def spy(q, union=True):
        seen.append((q, union))
        return select(q, union=union)

    store.select = spy  # type: ignore[method-assign]
    corpus_report(store)
    assert seen
    for q, union in seen:
        assert not re.search(r"\)\s*[*+]", q), q
        assert union is False, q


def test_legacy_store_without_facts_gives_the_same_report():
    store = _store()
    new = corpus_report(store)
    store.raw().update("DELETE WHERE { GRAPH ?g { ?a <https://zhnews-ie.org/ontology#reportRow> ?s } }")
    assert corpus_report(store) == new


NAIVE_SUM = ("SELECT ?name (SUM(?v) AS ?total) WHERE { ?a zn:agent ?o ; zn:baseValue ?v . ?o schema:name ?name } "
             "GROUP BY ?name")
# (query as printed in the README, expected rows)
DOCUMENTED = [
    ("SELECT ?id ?name (SUM(?v) AS ?total) WHERE { ?a zn:summed true ; zn:sumValue ?v ; zn:sumUnit \"CNY\" ; "
     "zn:agentId ?id ; zn:agentName ?name } GROUP BY ?id ?name ORDER BY DESC(?total)",
     [["org:国家开发银行", "国家开发银行", 452_800], ["org:520627:县教育局", "县教育局", 400_000],
      ["org:450923:县教育局", "县教育局", 26_000], ["org:昆明市财政局", "昆明市财政局", 7_000]]),
    # every amount (the title's and the rate's too), per node and unit: the 23,600 m of road is not yuan
    ("SELECT ?o ?name ?unit (SUM(?v) AS ?total) WHERE { GRAPH ?g { ?a zn:agent ?o ; zn:baseValue ?v ; "
     "zn:baseUnit ?unit . ?o schema:name ?name } } GROUP BY ?o ?name ?unit ORDER BY DESC(?total)",
     [[ORG + "国家开发银行", "国家开发银行", "CNY", 452_800], [ORG + "520627%3A县教育局", "县教育局", "CNY", 400_000],
      [ORG + "450923%3A县教育局", "县教育局", "CNY", 26_000], [ORG + "520627%3A县教育局", "县教育局", "m", 23_600],
      [ORG + "昆明市财政局", "昆明市财政局", "CNY", 7_000], [ORG + "贵阳市扶贫办", "贵阳市扶贫办", "CNY", 2_500]]),
    ("SELECT ?province (SUM(?v) AS ?total) WHERE { ?a zn:summed true ; zn:sumValue ?v ; zn:sumUnit \"CNY\" ; "
     "zn:provinceName ?province } GROUP BY ?province ORDER BY DESC(?total)",
     [["贵州省", 400_000], ["广西壮族自治区", 26_000], ["云南省", 7_000], ["四川省", 1_000]]),
    ("SELECT (COUNT(DISTINCT ?g) AS ?articles) WHERE { GRAPH ?g { ?a zn:agent ?o . ?o schema:name \"贵阳海关\" } }",
     [[0]]),  # checked on the seed below, where the README's example is
]


def test_readme_totals_example_on_the_seed(nlp, seed_text):
    """The README's example is the seed's: 贵阳海关 is the agent of 45.28万元 (452,800), counted twice by a union
    join once a second article names 贵阳海关, once by the documented patterns (1 article, 5,569,330 CNY)."""
    import zhnews_ie

    store = GraphStore(None)
    store.put_article(zhnews_ie.extract(seed_text, doc_id="seed", nlp=nlp).to_dict())
    store.put_article(zhnews_ie.extract("贵阳海关派出工作队，到沿河县开展帮扶。", doc_id="b", nlp=nlp).to_dict())
    amount = ("SELECT ?name (SUM(?v) AS ?total) WHERE { ?a zn:text \"45.28万元\" ; zn:agent ?o ; zn:baseValue ?v . "
              "?o schema:name ?name } GROUP BY ?name")
    assert store.select(amount)[1] == [["贵阳海关", 905_600]]  # the bag: once per article describing 贵阳海关
    assert store.select(DOCUMENTED[0][0])[1] == [["org:贵阳海关", "贵阳海关", 5_569_330]]
    rows = store.select(DOCUMENTED[1][0])[1]
    assert [r for r in rows if r[2] == "CNY"] == [[ORG + "贵阳海关", "贵阳海关", "CNY", 5_569_330]]
    assert store.select(DOCUMENTED[3][0])[1] == [[1]]


def test_naive_union_join_double_counts_a_shared_node():
    """Why the README's patterns exist: over the union, 国家开发银行 is described by two graphs."""
    _, rows = _store().select(NAIVE_SUM)
    assert dict(map(tuple, rows))["国家开发银行"] == 905_600


@pytest.mark.parametrize("query,expected", DOCUMENTED)
def test_documented_query_patterns_total_each_amount_once(query, expected):
    """Each query the README documents (every ``SELECT`` line of its store section is listed here)."""
    assert query in README.read_text("utf-8")
    _, rows = _store().select(query)
    assert rows == expected


def test_every_documented_total_query_is_checked():
    documented = {line.strip() for line in README.read_text("utf-8").splitlines()
                  if line.startswith("   SELECT")}
    assert documented == {q for q, _ in DOCUMENTED}
