"""The standard questions over a corpus in the graph store, each figure with the number of articles behind it.

    from zhnews_ie.graph.store import open_store
    from zhnews_ie.report import corpus_report, format_report

    report = corpus_report(open_store("out"))
    print(format_report(report))

Sections (rows sorted by figure, largest first):

- ``money_by_category``: money (base value, CNY) per policy category of the amount.
- ``money_by_agent``: money per organisation the linker named as the amount's agent, one row per graph node
  (``县教育局`` of two counties are two rows, labelled ``县教育局 (沿河土家族自治县, 520627)``; see
  :func:`agent_label`).
- ``money_by_province``: money per province (GB/T 2260). The province of an amount is the one its agent is
  located in (``LOCATED_IN`` then ``PART_OF`` up to the province); failing that, the one province the amount's
  paragraph mentions (places, and organisations located in a place); failing that, the one province the whole
  article mentions; else ``(unattributed)``.
- ``counts_by_category``: households and persons per category (units ``household``, ``person``).

What is summed: amounts in body paragraphs, not in a title (a headline restates a figure of the body) and not
rates (qualifier ``per_capita``, ``per_household``, ``average``: 人均收入 is not money spent). Money sums use
``base_value`` in ``base_unit`` CNY; other currencies are listed as their own rows of ``money_other_currency``.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal, localcontext
from typing import Any

from . import divisions
from .graph.rdf import BASE, EXCLUDED_ROLES, RATE_QUALIFIERS, doc_id_of, iri_unescape
from .records import finite_decimal, plain_number, to_decimal

COUNT_UNITS = ("household", "person")
UNATTRIBUTED = "(unattributed)"

_AMOUNTS_QUERY = """
SELECT ?g ?a ?kind ?v ?unit ?value ?u ?cat ?qual ?role ?agent ?agentName WHERE {
  GRAPH ?g {
    ?a zn:kind ?kind .
    OPTIONAL { ?a zn:baseValue ?v } OPTIONAL { ?a zn:baseUnit ?unit }
    OPTIONAL { ?a schema:value ?value } OPTIONAL { ?a schema:currency|schema:unitText ?u }
    OPTIONAL { ?a zn:inCategory/zn:categoryId ?cat }
    OPTIONAL { ?a zn:qualifier ?qual }
    OPTIONAL { ?para zn:mentions ?a ; zn:paragraphRole ?role }
    OPTIONAL { ?a zn:agent ?agent OPTIONAL { ?agent schema:name ?agentName } }
  }
}"""

# Inside GRAPH ?g: the union of the article graphs is a bag (a category is described once per article), so a
# join over the union would multiply rows by the number of articles per joined triple.
_CATEGORY_LABELS_QUERY = """
SELECT DISTINCT ?cat ?label WHERE { GRAPH ?g { ?c a zn:PolicyCategory ; zn:categoryId ?cat ; rdfs:label ?label } }"""

_PROVINCE_QUERY = """
SELECT DISTINCT ?x ?code ?name WHERE {
  { ?x a schema:Place } UNION { ?x a schema:Organization }
  ?x (zn:locatedIn|zn:partOf)* ?p .
  ?p zn:divisionLevel "province" ; zn:divisionCode ?code ; schema:name ?name .
}"""

_PARAGRAPH_MENTIONS_QUERY = """
SELECT DISTINCT ?g ?para ?x WHERE {
  GRAPH ?g { ?para a zn:Paragraph ; zn:mentions ?x . { ?x a schema:Place } UNION { ?x a schema:Organization } }
}"""

_ARTICLES_QUERY = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a schema:NewsArticle } }"


_ORG_IRI = BASE + "org/"


def agent_label(node_id: str, name: str | None = None) -> str:
    """A row label for an agent that tells apart bodies sharing a name.

    node_id (str): The agent's node id (``org:贵阳海关``, ``org:520627:县教育局``, ``org:@doc:县教育局``).
    name (str | None): The node's name. Defaults to None (taken from the id).
    RETURNS (str): ``name`` for a shared id; ``name (division name, code)`` for an id carrying a GB/T 2260 code;
        ``name (article doc)`` for an article-local id.
    """
    kind, _, rest = node_id.partition(":")
    if kind != "org":
        return name or node_id
    if rest.startswith("@"):
        doc, _, local = rest[1:].rpartition(":")
        return f"{name or local} (article {doc})" if doc else (name or rest)
    code, sep, local = rest.partition(":")
    if sep and len(code) == 6 and code.isdigit():
        div = divisions.get(code)
        return f"{name or local} ({div.name}, {code})" if div is not None else f"{name or local} ({code})"
    return name or rest


def _agent_id(agent: str) -> str:
    """The node id of an agent IRI (legacy stores: the IRI is all there is)."""
    return "org:" + iri_unescape(agent[len(_ORG_IRI):]) if agent.startswith(_ORG_IRI) else agent


class _Figure:
    __slots__ = ("total", "amounts", "articles")

    def __init__(self) -> None:
        self.total = Decimal(0)
        self.amounts = 0
        self.articles: set[str] = set()

    def add(self, value: Decimal, graph: str) -> None:
        with localcontext() as ctx:  # exact sums: enough digits for both operands, never the default 28
            ctx.prec = max(28, max(self.total.adjusted(), value.adjusted()) + 2
                           - min(self.total.as_tuple().exponent, value.as_tuple().exponent, 0))
            self.total += value
        self.amounts += 1
        self.articles.add(graph)


_LEGACY_CHECK_QUERY = """ASK { GRAPH ?g { ?a zn:kind ?k FILTER NOT EXISTS { ?a zn:reportRow ?r } } }"""


def corpus_report(store: Any) -> dict[str, Any]:
    """Answer the standard questions over every article in the store.

    The report scans the amount-local facts written at insert time (``zn:reportRow``, from
    ``graph.rdf.report_facts``: whether the amount is summed, its value, unit, category, agent name and
    province), one quad per amount, so its cost is linear in the number of amounts. A store written by an older version without those facts is read the slow way (a path query per
    province; re-run ``batch --force`` to write the facts).

    store (GraphStore): An open store (``graph/store.py``).
    RETURNS (dict): ``{"articles": n, "amounts": n, "excluded": {...}, "money_by_category": [...],
        "money_by_agent": [...], "money_by_province": [...], "counts_by_category": [...],
        "money_other_currency": [...]}``. Each row has the figure (``total``, an int when integral), the
        number of ``amounts`` summed and the number of ``articles`` behind it, plus its key fields
        (``category``/``label``, ``organization``, ``province``/``code``, ``unit``).
    """
    _, label_rows = store.select(_CATEGORY_LABELS_QUERY, union=False)
    labels: dict[str, str] = {}
    for cat, label in label_rows:
        labels.setdefault(cat, label)
    (_, [[n_articles]]) = store.select(_ARTICLES_QUERY, union=False)
    (_, [[legacy]]) = store.select(_LEGACY_CHECK_QUERY, union=False)
    if legacy:
        amounts = _legacy_amounts(store)
    else:
        amounts = {}
        for g, a, row in store.report_rows():
            if a in amounts:
                continue
            pcode = row.get("pc")
            amounts[a] = {"g": g, "kind": row.get("k"), "value": finite_decimal(row.get("v")), "unit": row.get("u"),
                          "category": row.get("c") or "other",
                          "excluded": None if row.get("s") is True else (row.get("x") or "no_value"),
                          "agent": (row.get("ai") or row.get("a"), row.get("a")) if row.get("a") else None,
                          "province": (str(pcode), row.get("pn") or str(pcode)) if pcode
                          else None}

    money_cat: dict[str, _Figure] = defaultdict(_Figure)
    money_agent: dict[tuple[str, str], _Figure] = defaultdict(_Figure)
    money_prov: dict[tuple[str, str], _Figure] = defaultdict(_Figure)
    money_other: dict[str, _Figure] = defaultdict(_Figure)
    counts: dict[tuple[str, str], _Figure] = defaultdict(_Figure)
    excluded = {"title": 0, "rate": 0, "no_value": 0}
    for rec in amounts.values():
        if rec["excluded"] is not None:
            excluded[rec["excluded"]] = excluded.get(rec["excluded"], 0) + 1
            continue
        g, value, cat = rec["g"], rec["value"], rec["category"]
        if rec["kind"] == "money":
            if rec["unit"] != "CNY":
                money_other[str(rec["unit"])].add(value, g)
                continue
            money_cat[cat].add(value, g)
            if rec["agent"]:
                money_agent[rec["agent"]].add(value, g)
            money_prov[rec["province"] or ("", UNATTRIBUTED)].add(value, g)
        elif rec["unit"] in COUNT_UNITS:
            counts[(cat, rec["unit"])].add(value, g)

    def row(fig: _Figure, **keys: Any) -> dict[str, Any]:
        return {**keys, "total": plain_number(fig.total), "amounts": fig.amounts, "articles": len(fig.articles)}

    def ordered(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(items, key=lambda r: (-to_decimal(r["total"]), str(r.get("category") or r.get("organization")
                                                             or r.get("province") or "")))

    return {
        "articles": n_articles,
        "amounts": len(amounts),
        "excluded": excluded,
        "money_by_category": ordered([row(f, category=c, label=labels.get(c, "")) for c, f in money_cat.items()]),
        "money_by_agent": ordered([row(f, organization=agent_label(aid, name), agent_id=aid)
                                   for (aid, name), f in money_agent.items()]),
        "money_by_province": ordered([row(f, province=name, code=code) for (code, name), f in money_prov.items()]),
        "counts_by_category": sorted([row(f, category=c, label=labels.get(c, ""), unit=u)
                                      for (c, u), f in counts.items()], key=lambda r: (r["unit"], -r["total"])),
        "money_other_currency": ordered([row(f, unit=u) for u, f in money_other.items()]),
    }


def _legacy_amounts(store: Any) -> dict[str, dict[str, Any]]:
    """Amount records of a store written without report facts (slow: a property-path query per province)."""
    _, rows = store.select(_AMOUNTS_QUERY, union=False)
    _, prov_rows = store.select(_PROVINCE_QUERY)
    provinces: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for x, code, name in prov_rows:
        provinces[x].add((str(code), name))
    _, mention_rows = store.select(_PARAGRAPH_MENTIONS_QUERY, union=False)
    para_prov: dict[str, set[tuple[str, str]]] = defaultdict(set)
    art_prov: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for g, para, x in mention_rows:
        para_prov[para] |= provinces.get(x, set())
        art_prov[g] |= provinces.get(x, set())
    para_of: dict[str, str] = {}
    _, para_rows = store.select("SELECT DISTINCT ?para ?a WHERE { GRAPH ?g { ?para a zn:Paragraph ; "
                                "zn:mentions ?a . ?a zn:kind ?k } }", union=False)
    for para, a in para_rows:
        para_of.setdefault(a, para)
    amounts: dict[str, dict[str, Any]] = {}
    for g, a, kind, v, unit, value, u, cat, qual, role, agent, agent_name in rows:
        if a in amounts:
            continue
        rec = {"g": g, "kind": kind, "value": finite_decimal(v if v is not None else value),
               "unit": unit if unit is not None else u, "category": cat or "other", "agent": agent}
        if rec["value"] is None:
            rec["excluded"] = "no_value"
        elif role in EXCLUDED_ROLES:
            rec["excluded"] = "title"
        elif qual in RATE_QUALIFIERS:
            rec["excluded"] = "rate"
        else:
            rec["excluded"] = None
        prov = _province_of(rec, para_of.get(a), provinces, para_prov, art_prov, agent)
        rec["province"] = None if prov[1] == UNATTRIBUTED else prov
        rec["agent"] = (_agent_id(agent), agent_name or agent) if agent else None
        amounts[a] = rec
    return amounts


def _province_of(rec: dict[str, Any], para: str | None, provinces: dict[str, set[tuple[str, str]]],
                 para_prov: dict[str, set[tuple[str, str]]],
                 art_prov: dict[str, set[tuple[str, str]]], agent: str | None = None) -> tuple[str, str]:
    for candidates in (provinces.get(agent or "", set()), para_prov.get(para or "", set()),
                       art_prov.get(rec["g"], set())):
        if len(candidates) == 1:
            return next(iter(candidates))
        if len(candidates) > 1:
            break
    return ("", UNATTRIBUTED)


def format_report(report: dict[str, Any]) -> str:
    """Format :func:`corpus_report` as text tables.

    report (dict): The report.
    RETURNS (str): Sections with a heading and a table each.
    """
    from .graph.store import format_table

    ex = report["excluded"]
    out = [f"{report['articles']:,} articles, {report['amounts']:,} amounts "
           f"(not summed: {ex['title']} in titles, {ex['rate']} rates per capita/household/average, "
           f"{ex['no_value']} without a value)", ""]
    sections = [
        ("Money by category (CNY)", "money_by_category", ["category", "label", "total", "amounts", "articles"]),
        ("Money by organisation (agent, CNY)", "money_by_agent", ["organization", "total", "amounts", "articles"]),
        ("Money by province (CNY)", "money_by_province", ["province", "code", "total", "amounts", "articles"]),
        ("Households and persons by category", "counts_by_category",
         ["category", "label", "unit", "total", "amounts", "articles"]),
        ("Money in other currencies", "money_other_currency", ["unit", "total", "amounts", "articles"]),
    ]
    for title, key, cols in sections:
        rows = report.get(key) or []
        if not rows and key == "money_other_currency":
            continue
        out.append(f"== {title}")
        out.append(format_table(cols, [[r.get(c) for c in cols] for r in rows]) if rows else "(none)")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def article_ids(store: Any) -> list[str]:
    """RETURNS (list[str]): The document ids in the store (from the named graphs)."""
    _, rows = store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?a a schema:NewsArticle } }", union=False)
    return sorted(d for d in (doc_id_of(g) for (g,) in rows) if d is not None)
