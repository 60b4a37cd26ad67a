"""Build the typed knowledge graph of one article from its extraction records.

Node types: ``Article``, ``Paragraph``, ``Organization``, ``Place``, ``Person``, ``PolicyCategory``,
``MonetaryAmount``, ``Quantity``. Edge types: ``HAS_PARAGRAPH``, ``HAS_CATEGORY``, ``MENTIONS``, ``IN_CATEGORY``
(amount → category), ``AGENT`` (amount → organisation), ``LOCATED_IN`` (organisation → place), ``PART_OF``
(place → place, GB/T 2260), ``PUBLISHED_BY``, ``AUTHORED_BY``, ``EDITED_BY``, ``HAS_MEMBER`` (organisation →
person, with ``role``).

Node ids are stable across articles: an organisation, place, person or category is one node wherever it is
mentioned (``org:贵阳海关``, ``place:520100``, ``person:沈扬``, ``category:industry``); article-local nodes carry
the document id (``paragraph:<doc_id>:3``, ``amount:<doc_id>:327-334``).
"""

from __future__ import annotations

from typing import Any, Callable

from ..records import Amount, Article, Edge, Graph, Node


def _division_api() -> tuple[Callable | None, Callable | None, Callable | None]:
    try:
        from .. import divisions
    except ImportError:  # pragma: no cover - divisions is part of the package
        return None, None, None
    return (getattr(divisions, "resolve", None), getattr(divisions, "place_prefix", None),
            getattr(divisions, "parents", None))


class GraphBuilder:
    """Accumulates nodes and edges without duplicates."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple[str, str, str], Edge] = {}

    def node(self, node_id: str, node_type: str, **props: Any) -> str:
        if node_id not in self.nodes:
            self.nodes[node_id] = Node(node_id, node_type, {k: v for k, v in props.items() if v is not None})
        return node_id

    def edge(self, source: str, target: str, edge_type: str, **props: Any) -> None:
        key = (source, target, edge_type)
        if key not in self.edges:
            self.edges[key] = Edge(source, target, edge_type, {k: v for k, v in props.items() if v is not None})

    def graph(self) -> Graph:
        return Graph(list(self.nodes.values()), list(self.edges.values()))


def place_node(b: GraphBuilder, name: str) -> str:
    """Add a Place node (linked to its GB/T 2260 division and parents when the name resolves unambiguously).

    b (GraphBuilder): The builder.
    name (str): The place name as written.
    RETURNS (str): The node id (``place:<code>`` when resolved, else ``place:<name>``).
    """
    resolve, _, parents = _division_api()
    div = resolve(name) if resolve else None
    if div is None:
        return b.node(f"place:{name}", "Place", name=name)
    nid = b.node(f"place:{div.code}", "Place", name=div.name, code=str(div.code), level=div.level)
    child = nid
    for parent in (parents(div.code) if parents else []):
        pid = b.node(f"place:{parent.code}", "Place", name=parent.name, code=str(parent.code), level=parent.level)
        b.edge(child, pid, "PART_OF")
        child = pid
    return nid


def org_node(b: GraphBuilder, name: str) -> str:
    """Add an Organization node and, when its name starts with a place, ``LOCATED_IN`` that place.

    b (GraphBuilder): The builder.
    name (str): The organisation name.
    RETURNS (str): The node id ``org:<name>``.
    """
    nid = f"org:{name}"
    if nid in b.nodes:
        return nid
    b.node(nid, "Organization", name=name)
    _, place_prefix, _ = _division_api()
    div = place_prefix(name) if place_prefix else None
    if div is not None:
        b.edge(nid, place_node(b, div.name), "LOCATED_IN")
    return nid


def amount_node(b: GraphBuilder, doc_id: str, a: Amount) -> str:
    node_type = "MonetaryAmount" if a.kind == "money" else "Quantity"
    return b.node(f"amount:{doc_id}:{a.start}-{a.end}", node_type, text=a.text, kind=a.kind, value=a.value,
                  unit=a.unit, high=a.high, base_value=a.base_value, base_unit=a.base_unit, approx=a.approx,
                  qualifier=a.qualifier, object=a.object, start=a.start, end=a.end)


def build_graph(article: Article, roles: list[dict[str, Any]] | None = None,
                taxonomy: str = "five_tasks") -> Graph:
    """Build the typed graph of one article.

    article (Article): The extraction records (graph field ignored).
    roles (list[dict] | None): Person–organisation roles (``{"person", "org", "role"}``). Defaults to None.
    taxonomy (str): Name of the taxonomy the category ids come from. Defaults to "five_tasks".
    RETURNS (Graph): Nodes and edges, no duplicates.
    """
    b = GraphBuilder()
    doc_id = article.doc_id
    md = article.metadata
    art = b.node(f"article:{doc_id}", "Article", title=md.title, published=md.published, source=md.source)
    if md.source:
        b.edge(art, org_node(b, md.source), "PUBLISHED_BY")
    for name in md.authors:
        b.edge(art, b.node(f"person:{name}", "Person", name=name), "AUTHORED_BY")
    for name in md.editors:
        b.edge(art, b.node(f"person:{name}", "Person", name=name), "EDITED_BY")
    for name in md.reviewers:  # 审核, 二审, 三审, 总编辑: an editor who signs off
        b.edge(art, b.node(f"person:{name}", "Person", name=name), "EDITED_BY", role="reviewer")
    para_ids = []
    for p in article.paragraphs:
        pid = b.node(f"paragraph:{doc_id}:{p.index}", "Paragraph", index=p.index, start=p.start, end=p.end,
                     category=p.category)
        para_ids.append(pid)
        b.edge(art, pid, "HAS_PARAGRAPH")
        cid = b.node(f"category:{p.category}", "PolicyCategory", label=p.category_label, taxonomy=taxonomy)
        b.edge(pid, cid, "HAS_CATEGORY")
    for e in article.entities:
        if e.label == "ORG":
            nid = org_node(b, e.text)
        elif e.label == "LOC":
            nid = place_node(b, e.text)
        elif e.label == "PER":
            nid = b.node(f"person:{e.text}", "Person", name=e.text)
        else:
            continue
        if e.paragraph is not None and e.paragraph < len(para_ids):
            b.edge(para_ids[e.paragraph], nid, "MENTIONS")
    for a in article.amounts:
        aid = amount_node(b, doc_id, a)
        if a.paragraph is not None and a.paragraph < len(para_ids):
            b.edge(para_ids[a.paragraph], aid, "MENTIONS")
        if a.category:
            b.edge(aid, f"category:{a.category}", "IN_CATEGORY")
        if a.agent:
            b.edge(aid, org_node(b, a.agent), "AGENT")
    for r in roles or []:
        if r.get("person") and r.get("org"):
            pid = b.node(f"person:{r['person']}", "Person", name=r["person"])
            b.edge(org_node(b, r["org"]), pid, "HAS_MEMBER", role=r.get("role"))
    return b.graph()
