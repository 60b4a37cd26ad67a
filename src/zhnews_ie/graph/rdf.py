"""RDF mapping of the typed knowledge graph (``graph/build.py``) onto the ontology in ``resources/ontology.ttl``.

Every graph node becomes an IRI under :data:`BASE` (``https://zhnews-ie.org/``):

=================  ==============================================  ======================
node id            IRI                                             rdf:type
=================  ==============================================  ======================
article:<doc>      <BASE>article/<doc>                             schema:NewsArticle
paragraph:<doc>:3  <BASE>article/<doc>/paragraph/3                 zn:Paragraph
amount:<doc>:5-9   <BASE>article/<doc>/amount/5-9                  schema:MonetaryAmount
                                                                   / schema:QuantitativeValue
org:<name>         <BASE>org/<name>                                schema:Organization
place:<code>       <BASE>place/<code or name>                      schema:Place
person:<name>      <BASE>person/<name>                             schema:Person
category:<id>      <BASE>category/<id>                             zn:PolicyCategory
=================  ==============================================  ======================

Each path segment is IRI-escaped (:func:`iri_escape`: Chinese stays readable, ``/ : ? # %`` and spaces are
percent-encoded). Each article's triples belong in the named graph :func:`article_iri` (the article's own IRI),
so that re-processing an article replaces exactly its triples. Shared nodes (an organisation named in ten
articles) are described in each of those graphs; a query over the union sees one node.

The mapping is written once as neutral triples (:func:`article_triples`) and converted to rdflib
(:func:`to_rdflib`, :func:`article_graph`) or pyoxigraph terms (:func:`to_oxigraph_quads`). It can be read back
into typed nodes and edges (:func:`node_type_of`, :data:`PROP_OF_PREDICATE`, :data:`EDGE_OF_PREDICATE`), which
``graph/export.py`` uses for GraphML and CSV.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any, Iterable, Iterator, NamedTuple
from urllib.parse import unquote

from .. import divisions
from ..records import exact_text, plain_number, to_decimal

BASE = "https://zhnews-ie.org/"
"""Base namespace of instance IRIs."""
ZN = "https://zhnews-ie.org/ontology#"
"""Namespace of our ontology terms (prefix ``zn:``)."""
SCHEMA = "https://schema.org/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"

PREFIXES: dict[str, str] = {
    "zn": ZN, "schema": SCHEMA, "rdf": RDF, "rdfs": RDFS, "xsd": XSD, "owl": OWL,
    "article": BASE + "article/", "organization": BASE + "org/", "place": BASE + "place/",
    "person": BASE + "person/",
    "category": BASE + "category/",
}
"""Prefixes used in serialisations and prepended to user SPARQL queries."""

RDF_TYPE = RDF + "type"
RDFS_LABEL = RDFS + "label"

NODE_CLASSES: dict[str, str] = {
    "Article": SCHEMA + "NewsArticle",
    "Paragraph": ZN + "Paragraph",
    "Organization": SCHEMA + "Organization",
    "Place": SCHEMA + "Place",
    "Person": SCHEMA + "Person",
    "PolicyCategory": ZN + "PolicyCategory",
    "MonetaryAmount": SCHEMA + "MonetaryAmount",
    "Quantity": SCHEMA + "QuantitativeValue",
}
"""Graph node type → rdf:type IRI."""
TYPE_OF_CLASS = {v: k for k, v in NODE_CLASSES.items()}

EDGE_PREDICATES: dict[str, str] = {
    "HAS_PARAGRAPH": ZN + "hasParagraph",
    "HAS_CATEGORY": ZN + "hasCategory",
    "MENTIONS": ZN + "mentions",
    "IN_CATEGORY": ZN + "inCategory",
    "AGENT": ZN + "agent",
    "LOCATED_IN": ZN + "locatedIn",
    "PART_OF": ZN + "partOf",
    "PUBLISHED_BY": ZN + "publishedBy",
    "AUTHORED_BY": ZN + "authoredBy",
    "EDITED_BY": ZN + "editedBy",
    "HAS_MEMBER": ZN + "hasMember",
}
"""Graph edge type → predicate IRI."""
EDGE_OF_PREDICATE = {v: k for k, v in EDGE_PREDICATES.items()}

# Report facts: written on each amount at insert time (:func:`report_facts`), so that totals need no join
# through nodes that several article graphs describe (see "Totals without double counting" in the README).
SUMMED = ZN + "summed"
EXCLUDED_AS = ZN + "excludedAs"
SUM_VALUE = ZN + "sumValue"
SUM_UNIT = ZN + "sumUnit"
SUM_CATEGORY = ZN + "sumCategory"
AGENT_NAME = ZN + "agentName"
AGENT_ID = ZN + "agentId"
PROVINCE_CODE = ZN + "provinceCode"
PROVINCE_NAME = ZN + "provinceName"
REPORT_ROW = ZN + "reportRow"
"""All report facts of an amount in one compact JSON literal (what ``report`` scans: one quad per amount)."""
REPORT_PREDICATES = (SUMMED, EXCLUDED_AS, SUM_VALUE, SUM_UNIT, SUM_CATEGORY, AGENT_NAME, AGENT_ID,
                     PROVINCE_CODE, PROVINCE_NAME)
"""Predicates of the report facts on amounts (amount-local: each is stated in one article graph only)."""
RATE_QUALIFIERS = frozenset({"per_capita", "per_household", "average"})
"""Qualifiers of rates, which are not summed (人均收入 is not money spent)."""
EXCLUDED_ROLES = frozenset({"title"})
"""Paragraph roles whose amounts are not summed (a headline restates a figure of the body)."""

MEMBERSHIP_CLASS = ZN + "Membership"
MEMBER_ORG = ZN + "memberOrganization"
MEMBER_PERSON = ZN + "memberPerson"
ROLE_NAME = ZN + "roleName"
NODE_ID = ZN + "nodeId"
DOC_ID = ZN + "docId"

# Node property → (predicate, datatype). "decimal" values are exact (xsd:decimal); "date" picks xsd:dateTime,
# xsd:date or xsd:gYear by form. The unit of an amount is schema:currency for money, schema:unitText otherwise.
_STRING, _INTEGER, _DECIMAL, _DATE, _ZH = "string", "integer", "decimal", "date", "zh"
NODE_PROPS: dict[str, tuple[str, str]] = {
    "title": (SCHEMA + "headline", _STRING),
    "published": (SCHEMA + "datePublished", _DATE),
    "source": (ZN + "sourceName", _STRING),
    "name": (SCHEMA + "name", _STRING),
    "index": (ZN + "index", _INTEGER),
    "start": (ZN + "start", _INTEGER),
    "end": (ZN + "end", _INTEGER),
    "category": (ZN + "categoryId", _STRING),
    "code": (ZN + "divisionCode", _STRING),
    "level": (ZN + "divisionLevel", _STRING),
    "label": (RDFS_LABEL, _ZH),
    "taxonomy": (ZN + "taxonomy", _STRING),
    "text": (ZN + "text", _STRING),
    "kind": (ZN + "kind", _STRING),
    "value": (SCHEMA + "value", _DECIMAL),
    "high": (SCHEMA + "maxValue", _DECIMAL),
    "base_value": (ZN + "baseValue", _DECIMAL),
    "base_unit": (ZN + "baseUnit", _STRING),
    "approx": (ZN + "approx", _STRING),
    "qualifier": (ZN + "qualifier", _STRING),
    "object": (ZN + "object", _STRING),
    "role": (ZN + "paragraphRole", _STRING),
}
CURRENCY = SCHEMA + "currency"
UNIT_TEXT = SCHEMA + "unitText"
PROP_OF_PREDICATE: dict[str, str] = {p: name for name, (p, _) in NODE_PROPS.items()}
"""Predicate IRI → node property name (the inverse of the mapping; both unit predicates map to "unit")."""
PROP_OF_PREDICATE[CURRENCY] = "unit"
PROP_OF_PREDICATE[UNIT_TEXT] = "unit"

# Node-id prefix → IRI path segment, and node type for edge targets that have no node record.
_SHARED_PREFIXES = {"org": ("org", "Organization"), "place": ("place", "Place"), "person": ("person", "Person"),
                    "category": ("category", "PolicyCategory")}

# Characters kept as they are in an IRI path segment: RFC 3987 iunreserved (ASCII unreserved + ucschar).
_ASCII_KEEP = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


class Iri(str):
    """An IRI object term (a ``str`` subclass, so it compares and hashes as its text)."""

    __slots__ = ()


class Lit(NamedTuple):
    """A literal: lexical form, datatype IRI (None for a language-tagged string) and language tag."""

    lexical: str
    datatype: str | None = XSD + "string"
    lang: str | None = None


Triple = tuple[str, str, "Iri | Lit"]


def _ucschar(cp: int) -> bool:
    return (0xA0 <= cp <= 0xD7FF or 0xF900 <= cp <= 0xFDCF or 0xFDF0 <= cp <= 0xFFEF
            or (0x10000 <= cp <= 0xEFFFD and (cp & 0xFFFF) < 0xFFFE))


def iri_escape(segment: str) -> str:
    """Escape a string for use as one IRI path segment.

    Letters, digits, ``- . _ ~`` and non-ASCII characters allowed in IRIs (Chinese included) stay as they are;
    everything else (``/``, ``:``, ``?``, ``#``, ``%``, spaces, controls, private-use characters) is
    percent-encoded as UTF-8, so :func:`iri_unescape` gives the exact string back. The dot segments ``.`` and
    ``..`` are percent-encoded too (``%2E``), so that no IRI resolution collapses them.

    segment (str): Any string, e.g. a document id ``news/2019/a.txt``.
    RETURNS (str): The escaped segment (``news%2F2019%2Fa.txt``).
    """
    if segment in (".", ".."):  # a dot segment would be removed when an IRI is resolved (RFC 3986 5.2.4)
        return "%2E" * len(segment)
    out = []
    for ch in segment:
        if ch in _ASCII_KEEP or _ucschar(ord(ch)):
            out.append(ch)
        else:
            out.extend(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass"))
    return "".join(out)


def iri_unescape(segment: str) -> str:
    """Invert :func:`iri_escape`.

    segment (str): An escaped path segment.
    RETURNS (str): The original string.
    """
    return unquote(segment, encoding="utf-8", errors="surrogatepass")


def article_iri(doc_id: str, base: str = BASE) -> str:
    """The IRI of an article, which is also the name of its named graph.

    doc_id (str): The document id.
    base (str): The instance namespace. Defaults to BASE (``https://zhnews-ie.org/``).
    RETURNS (str): ``<base>article/<escaped doc_id>``.
    """
    return f"{base}article/{iri_escape(doc_id)}"


def doc_id_of(graph_iri: str, base: str = BASE) -> str | None:
    """The document id of an article graph IRI.

    graph_iri (str): A named-graph IRI from :func:`article_iri`.
    base (str): The instance namespace. Defaults to BASE.
    RETURNS (str | None): The document id, or None when the IRI is not an article IRI.
    """
    prefix = f"{base}article/"
    if not graph_iri.startswith(prefix) or "/" in graph_iri[len(prefix):]:
        return None
    return iri_unescape(graph_iri[len(prefix):])


def node_iri(node_id: str, doc_id: str, base: str = BASE) -> str:
    """The IRI of a graph node.

    node_id (str): A node id of ``graph/build.py`` (``org:贵阳海关``, ``paragraph:<doc_id>:3`` ...).
    doc_id (str): The article's document id (article-local ids embed it).
    base (str): The instance namespace. Defaults to BASE.
    RETURNS (str): The node IRI (see the module table); unknown id forms go to ``<base>node/<escaped id>``.
    """
    kind, _, rest = node_id.partition(":")
    if kind == "article" and rest == doc_id:
        return article_iri(doc_id, base)
    if kind in ("paragraph", "amount") and rest.startswith(doc_id + ":"):
        return f"{article_iri(doc_id, base)}/{kind}/{iri_escape(rest[len(doc_id) + 1:])}"
    if kind in _SHARED_PREFIXES and rest:
        return f"{base}{_SHARED_PREFIXES[kind][0]}/{iri_escape(rest)}"
    return f"{base}node/{iri_escape(node_id)}"


_DATETIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR_RE = re.compile(r"^\d{4}$")


def _literal(value: Any, kind: str) -> Lit | None:
    if value is None:
        return None
    if kind == _DECIMAL:
        if isinstance(value, bool):
            return Lit(str(value).lower(), XSD + "boolean")
        try:
            d = to_decimal(value)
        except InvalidOperation:
            return Lit(str(value))
        if not d.is_finite():
            return Lit(str(value))
        text = exact_text(d)
        if "." not in text:
            text += ".0"
        return Lit(text, XSD + "decimal")
    if kind == _INTEGER and isinstance(value, int) and not isinstance(value, bool):
        return Lit(exact_text(value), XSD + "integer")
    if kind == _DATE and isinstance(value, str):
        if _DATETIME_RE.match(value):
            return Lit(value if value.count(":") >= 2 or "T" not in value else value + ":00", XSD + "dateTime")
        if _DATE_RE.match(value):
            return Lit(value, XSD + "date")
        if _YEAR_RE.match(value):
            return Lit(value, XSD + "gYear")
    if kind == _ZH:
        return Lit(str(value), None, "zh")
    if isinstance(value, (list, dict)):
        import json

        return Lit(json.dumps(value, ensure_ascii=False))
    return Lit(str(value))


def _node_type_from_id(node_id: str) -> str | None:
    kind = node_id.partition(":")[0]
    return _SHARED_PREFIXES[kind][1] if kind in _SHARED_PREFIXES else None


def article_triples(article: Any, base: str = BASE) -> Iterator[Triple]:
    """The RDF triples of one article's typed graph (to go in its named graph :func:`article_iri`).

    article (Article | dict): An ``Article`` or its ``to_dict()`` (the JSON contract; ``graph`` is read).
    base (str): The instance namespace. Defaults to BASE.
    YIELDS (tuple[str, str, Iri | Lit]): ``(subject IRI, predicate IRI, object)`` triples, without duplicates
        among a node's own statements. Edge targets that have no node record get their ``rdf:type`` and
        ``zn:nodeId`` so that every IRI used is typed.
    """
    data = article.to_dict() if hasattr(article, "to_dict") else article
    doc_id = str(data["doc_id"])
    graph = data.get("graph") or {}
    nodes = graph.get("nodes") or []
    edges = graph.get("edges") or []
    seen: set[str] = set()
    nodes_by_id = {n["id"]: n for n in nodes}
    art = article_iri(doc_id, base)
    yield art, RDF_TYPE, Iri(NODE_CLASSES["Article"])
    yield art, DOC_ID, Lit(doc_id)
    yield art, NODE_ID, Lit(f"article:{doc_id}")
    seen.add(f"article:{doc_id}")
    for node in nodes:
        nid = node["id"]
        ntype = node.get("type")
        s = node_iri(nid, doc_id, base)
        if nid not in seen:
            seen.add(nid)
            if s != art:
                yield s, RDF_TYPE, Iri(NODE_CLASSES.get(ntype, ZN + str(ntype)))
                yield s, NODE_ID, Lit(nid)
        if ntype == "PolicyCategory":
            yield s, ZN + "categoryId", Lit(nid.partition(":")[2])
        for key, value in node.items():
            if key in ("id", "type") or value is None:
                continue
            if key == "unit":
                pred, lit = (CURRENCY if ntype == "MonetaryAmount" else UNIT_TEXT), Lit(str(value))
            elif key in NODE_PROPS:
                pred, kind = NODE_PROPS[key]
                lit = _literal(value, kind)
            else:
                pred, lit = ZN + key, _literal(value, _STRING)
            if lit is not None:
                yield s, pred, lit
    for p in data.get("paragraphs") or []:
        # The paragraph's role (title, meta, body, boilerplate ...) is in the records, not in the graph nodes.
        if p.get("role") is not None and p.get("index") is not None:
            para = node_iri(f"paragraph:{doc_id}:{p['index']}", doc_id, base)
            yield para, ZN + "paragraphRole", Lit(str(p["role"]))
    for amount_id, facts in report_facts(data).items():
        s = node_iri(amount_id, doc_id, base)
        yield s, REPORT_ROW, Lit(report_row_json(facts, (nodes_by_id.get(amount_id) or {}).get("kind")))
        for pred, value in facts.items():
            if pred == SUMMED:
                yield s, pred, Lit("true" if value else "false", XSD + "boolean")
            elif pred == SUM_VALUE:
                lit = _literal(value, _DECIMAL)
                if lit is not None:
                    yield s, pred, lit
            else:
                yield s, pred, Lit(str(value))
    memberships = 0
    for edge in edges:
        src, dst, etype = edge["source"], edge["target"], edge["type"]
        for nid in (src, dst):
            if nid not in seen:
                seen.add(nid)
                t = _node_type_from_id(nid)
                if t is not None:
                    yield node_iri(nid, doc_id, base), RDF_TYPE, Iri(NODE_CLASSES[t])
                    yield node_iri(nid, doc_id, base), NODE_ID, Lit(nid)
                    if t == "PolicyCategory":
                        yield node_iri(nid, doc_id, base), ZN + "categoryId", Lit(nid.partition(":")[2])
        s, o = node_iri(src, doc_id, base), node_iri(dst, doc_id, base)
        pred = EDGE_PREDICATES.get(etype) or ZN + _camel(etype)
        yield s, pred, Iri(o)
        if etype == "HAS_MEMBER" and edge.get("role"):
            m = f"{art}/membership/{memberships}"
            memberships += 1
            yield m, RDF_TYPE, Iri(MEMBERSHIP_CLASS)
            yield m, MEMBER_ORG, Iri(s)
            yield m, MEMBER_PERSON, Iri(o)
            yield m, ROLE_NAME, Lit(str(edge["role"]))


_PLACE_CODE_ID = re.compile(r"^place:(\d{6})$")
_ZERO = Decimal(0)


def _province_code(node_id: str, node: dict[str, Any] | None) -> str | None:
    """The GB/T 2260 province code of a place node (first two digits of its code + "0000"), or None."""
    code = str((node or {}).get("code") or "")
    if not re.fullmatch(r"\d{6}", code):
        m = _PLACE_CODE_ID.match(node_id)
        code = m.group(1) if m else ""
    return code[:2] + "0000" if code and code[:2] != "00" else None


def _province_name(code: str, nodes: dict[str, dict[str, Any]]) -> str:
    for n in nodes.values():
        if str(n.get("code") or "") == code and n.get("name"):
            return str(n["name"])
    div = divisions.get(code)
    return div.name if div is not None else code


def report_facts(article: Any) -> dict[str, dict[str, Any]]:
    """What the corpus report needs of each amount, derived from one article's graph at insert time.

    The province of an amount is the one its agent is located in (``LOCATED_IN`` then ``PART_OF`` edges, up to
    a place with a GB/T 2260 code, whose first two digits + "0000" are the province code); failing that, the one
    province its paragraph mentions (places, and organisations located in a place); failing that, the one
    province the article mentions; else none. An amount is summed unless it has no value, is in a title
    paragraph, or is a rate (qualifier ``per_capita``, ``per_household``, ``average``).

    article (Article | dict): An ``Article`` or its ``to_dict()`` with its ``graph``.
    RETURNS (dict[str, dict[str, Any]]): Per amount node id, predicate IRI → value: :data:`SUMMED` (bool),
        :data:`EXCLUDED_AS` (``title``/``rate``/``no_value``, when not summed), :data:`SUM_VALUE` (the base
        value, or the value, as a Decimal), :data:`SUM_UNIT`, :data:`SUM_CATEGORY` (the amount's category id,
        ``other`` when it has none), :data:`AGENT_NAME`, :data:`AGENT_ID` (the agent's node id, e.g.
        ``org:520627:县教育局``: two bodies that share a name are two ids), :data:`PROVINCE_CODE` and
        :data:`PROVINCE_NAME`.
    """
    data = article.to_dict() if hasattr(article, "to_dict") else article
    graph = data.get("graph") or {}
    nodes = {n["id"]: n for n in graph.get("nodes") or []}
    out_edges: dict[str, list[tuple[str, str]]] = {}
    for e in graph.get("edges") or []:
        out_edges.setdefault(e["source"], []).append((e["type"], e["target"]))
    roles = {p.get("index"): p.get("role") for p in data.get("paragraphs") or []}
    para_of_node: dict[str, str] = {}
    memo: dict[str, frozenset[str]] = {}

    def provinces(nid: str) -> frozenset[str]:
        """Provinces reachable from a place or organisation (itself, LOCATED_IN, PART_OF)."""
        if nid in memo:
            return memo[nid]
        memo[nid] = frozenset()  # cycles end here
        found: set[str] = set()
        if nid.startswith("place:"):
            code = _province_code(nid, nodes.get(nid))
            if code:
                found.add(code)
        if not found:
            for etype, dst in out_edges.get(nid, ()):
                if etype in ("LOCATED_IN", "PART_OF"):
                    found |= provinces(dst)
        memo[nid] = frozenset(found)
        return memo[nid]

    para_prov: dict[str, set[str]] = {}
    art_prov: set[str] = set()
    for src, targets in out_edges.items():
        if not src.startswith("paragraph:"):
            continue
        for etype, dst in targets:
            if etype != "MENTIONS":
                continue
            if dst.startswith("amount:"):
                para_of_node.setdefault(dst, src)
            elif dst.startswith(("place:", "org:")):
                ps = provinces(dst)
                para_prov.setdefault(src, set()).update(ps)
                art_prov.update(ps)
    facts: dict[str, dict[str, Any]] = {}
    for nid, node in nodes.items():
        if node.get("type") not in ("MonetaryAmount", "Quantity"):
            continue
        para = para_of_node.get(nid)
        para_node = nodes.get(para or "") or {}
        role = roles.get(para_node.get("index"))
        raw = node.get("base_value") if node.get("base_value") is not None else node.get("value")
        try:
            value = to_decimal(raw) if raw is not None and not isinstance(raw, bool) else None
        except InvalidOperation:
            value = None
        if value is not None and not value.is_finite():
            value = None
        unit = node.get("base_unit") if node.get("base_unit") is not None else node.get("unit")
        f: dict[str, Any] = {}
        if value is None:
            f[EXCLUDED_AS] = "no_value"
        elif role in EXCLUDED_ROLES:
            f[EXCLUDED_AS] = "title"
        elif node.get("qualifier") in RATE_QUALIFIERS:
            f[EXCLUDED_AS] = "rate"
        f[SUMMED] = EXCLUDED_AS not in f
        if value is not None:
            f[SUM_VALUE] = _ZERO if value.is_zero() else value  # no arithmetic: exact at any length
        if unit is not None:
            f[SUM_UNIT] = str(unit)
        agent = None
        cat = None
        for etype, dst in out_edges.get(nid, ()):
            if etype == "AGENT" and agent is None:
                agent = dst
            elif etype == "IN_CATEGORY" and cat is None:
                cat = dst.partition(":")[2]
        f[SUM_CATEGORY] = cat or "other"
        if agent is not None:
            f[AGENT_NAME] = str((nodes.get(agent) or {}).get("name") or agent.partition(":")[2])
            f[AGENT_ID] = agent
        province = None
        for candidates in (provinces(agent) if agent else frozenset(), para_prov.get(para or "", set()),
                           art_prov):
            if len(candidates) == 1:
                province = next(iter(candidates))
                break
            if len(candidates) > 1:
                break
        if province is not None:
            f[PROVINCE_CODE] = province
            f[PROVINCE_NAME] = _province_name(province, nodes)
        facts[nid] = f
    return facts


_ROW_KEYS = {SUMMED: "s", EXCLUDED_AS: "x", SUM_VALUE: "v", SUM_UNIT: "u", SUM_CATEGORY: "c", AGENT_NAME: "a",
             AGENT_ID: "ai", PROVINCE_CODE: "pc", PROVINCE_NAME: "pn"}


def report_row_json(facts: dict[str, Any], kind: str | None) -> str:
    """The :data:`REPORT_ROW` literal of an amount: its facts as compact JSON, the value an exact decimal string.

    facts (dict[str, Any]): One amount's entry of :func:`report_facts`.
    kind (str | None): The amount's kind (``money``, ``count``, ``quantity`` ...).
    RETURNS (str): E.g. ``{"c":"industry","k":"money","s":true,"u":"CNY","v":"452800"}``.
    """
    import json

    row: dict[str, Any] = {"k": kind}
    for pred, value in facts.items():
        row[_ROW_KEYS[pred]] = exact_text(value) if isinstance(value, Decimal) else value
    return json.dumps(row, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _camel(edge_type: str) -> str:
    parts = edge_type.lower().split("_")
    return parts[0] + "".join(p.title() for p in parts[1:])


# ----------------------------------------------------------------------------------------------- conversions


def to_oxigraph_quads(triples: Iterable[Triple], graph_iri: str | None) -> list:
    """Convert neutral triples to pyoxigraph quads.

    triples (Iterable[Triple]): From :func:`article_triples`.
    graph_iri (str | None): The named graph; None for the default graph.
    RETURNS (list[pyoxigraph.Quad]): The quads.
    """
    from pyoxigraph import DefaultGraph, Literal, NamedNode, Quad

    g = NamedNode(graph_iri) if graph_iri else DefaultGraph()
    cache: dict[str, Any] = {}

    def nn(iri: str):
        node = cache.get(iri)
        if node is None:
            node = cache[iri] = NamedNode(iri)
        return node

    out = []
    for s, p, o in triples:
        if isinstance(o, Iri):
            obj = nn(o)
        elif o.lang:
            obj = Literal(o.lexical, language=o.lang)
        else:
            obj = Literal(o.lexical, datatype=nn(o.datatype or XSD + "string"))
        out.append(Quad(nn(s), nn(p), obj, g))
    return out


def to_rdflib(triples: Iterable[Triple], graph: Any = None) -> Any:
    """Add neutral triples to an rdflib graph.

    triples (Iterable[Triple]): From :func:`article_triples`.
    graph (rdflib.Graph | None): The graph to add to; None makes a new one with our prefixes bound.
        Defaults to None.
    RETURNS (rdflib.Graph): The graph.
    """
    from rdflib import Literal, URIRef

    if graph is None:
        graph = new_rdflib_graph()
    for s, p, o in triples:
        if isinstance(o, Iri):
            obj = URIRef(o)
        elif o.lang:
            obj = Literal(o.lexical, lang=o.lang)
        elif o.datatype in (None, XSD + "string"):
            obj = Literal(o.lexical)
        else:
            obj = Literal(o.lexical, datatype=URIRef(o.datatype))
        graph.add((URIRef(s), URIRef(p), obj))
    return graph


def new_rdflib_graph(identifier: str | None = None) -> Any:
    """A new rdflib graph with the :data:`PREFIXES` bound.

    identifier (str | None): The graph name (an article IRI). Defaults to None.
    RETURNS (rdflib.Graph): The empty graph.
    """
    from rdflib import Graph, URIRef

    g = Graph(identifier=URIRef(identifier) if identifier else None)
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns, override=True)
    return g


def article_graph(article: Any, base: str = BASE) -> Any:
    """An rdflib graph of one article, named by its article IRI.

    article (Article | dict): The extraction.
    base (str): The instance namespace. Defaults to BASE.
    RETURNS (rdflib.Graph): The article's triples (serialise with ``.serialize(format="turtle")``).
    """
    data = article.to_dict() if hasattr(article, "to_dict") else article
    g = new_rdflib_graph(article_iri(str(data["doc_id"]), base))
    return to_rdflib(article_triples(data, base), g)


def ontology_text() -> str:
    """RETURNS (str): The shipped ontology, Turtle (``resources/ontology.ttl``)."""
    return resources.files("zhnews_ie.resources").joinpath("ontology.ttl").read_text(encoding="utf-8")


def node_type_of(class_iris: Iterable[str]) -> str | None:
    """The graph node type of a resource from its rdf:type IRIs.

    class_iris (Iterable[str]): The resource's classes.
    RETURNS (str | None): ``Organization``, ``Quantity`` ..., or None when none is ours.
    """
    for c in class_iris:
        if c in TYPE_OF_CLASS:
            return TYPE_OF_CLASS[c]
    return None


def literal_value(lexical: str, datatype: str | None) -> Any:
    """The Python value of a literal as it appeared in the typed graph.

    lexical (str): The lexical form.
    datatype (str | None): The datatype IRI.
    RETURNS (Any): ``int`` for xsd:integer and integral decimals, ``float`` for other decimals and doubles, the
        exact decimal text (``str``, as :func:`records.plain_number`) for a decimal with more digits than a double
        keeps, and the lexical form for anything else (``"INF"``, ``"NaN"``, a malformed number, a string).
    """
    if datatype in (XSD + "integer", XSD + "decimal"):
        try:
            return plain_number(Decimal(lexical.strip()))
        except InvalidOperation:
            return lexical
    if datatype in (XSD + "double", XSD + "float"):
        try:
            f = float(lexical)
        except ValueError:
            return lexical
        if not math.isfinite(f):
            return lexical
        return int(f) if f.is_integer() and abs(f) <= 2 ** 53 else f
    return lexical
