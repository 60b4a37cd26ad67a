"""Build the typed knowledge graph of one article from its extraction records.

Node types: ``Article``, ``Paragraph``, ``Organization``, ``Place``, ``Person``, ``PolicyCategory``,
``MonetaryAmount``, ``Quantity``. Edge types: ``HAS_PARAGRAPH``, ``HAS_CATEGORY``, ``MENTIONS``, ``IN_CATEGORY``
(amount → category), ``AGENT`` (amount → organisation), ``LOCATED_IN`` (organisation → place), ``PART_OF``
(place → place: a division to its parent, GB/T 2260; a town or village to its division), ``PUBLISHED_BY``,
``AUTHORED_BY``, ``EDITED_BY``, ``HAS_MEMBER`` (organisation → person, with ``role``).

Places and organisations are resolved in the context of the article (``divisions.resolve_mentions``: the chain of
divisions written before a name, then the other places of the paragraph and of the article; a name still
ambiguous gets no division). Names are resolved, and nodes named, on their simplified half-width form
(``grammar.text.normalise_width``), so a body written in traditional or simplified characters is one node; the
entity records keep the text as written. Node ids are stable across articles and never merge two different bodies
or places:

- ``place:<code>``: a GB/T 2260 division (``place:520100``), with ``PART_OF`` edges up to its province.
- ``place:<code>:<name>``: a town or village written after its division (湄潭县永兴镇 → ``place:520328:永兴镇``),
  ``PART_OF`` that division; ``place:@<doc_id>:<name>``: a town or village whose division is unknown, or a
  division name left ambiguous (鼓楼区), local to the article; ``place:<name>``: any other place (中国, 纽约).
- ``org:<name>``: an organisation whose name starts with no place (``org:华夏银行``), or whose place prefix
  resolves in context to what it means alone (``divisions.place_prefix``: ``org:贵阳海关``), ``LOCATED_IN`` that
  place. A shared node's edges thus never depend on one article's context.
- ``org:<code>:<name>``: a body named by level + type (县教育局, 该县民政局 → ``org:622926:县民政局``) located in
  the division of that level the article names, or an organisation whose place prefix the context resolves
  otherwise than the name alone (东乡县教育局 after 甘肃省 → ``org:622926:东乡县教育局``), ``LOCATED_IN`` that
  division; ``org:@<doc_id>:<name>``: either kind when the context leaves the division unknown or rules out
  the one the name alone gives, local to the article.
- ``person:<name>``, ``category:<id>``; article-local nodes carry the document id (``paragraph:<doc_id>:3``,
  ``amount:<doc_id>:327-334``).
"""

from __future__ import annotations

import bisect
import re
from typing import Any, Iterable

from .. import divisions
from ..divisions import Division, Mention, Resolution
from ..grammar.text import normalise_width
from ..records import Amount, Article, Edge, Graph, Node

# Places below the county level (not in GB/T 2260): their names repeat across counties (茅坪村, 桃源乡).
_SUB_COUNTY_RE = re.compile(r"(镇|乡|村|街道|社区|苏木|嘎查|村民小组|组|屯|居委会)$")


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


def division_node(b: GraphBuilder, div: Division) -> str:
    """Add the Place node of a division and ``PART_OF`` edges up to its province.

    b (GraphBuilder): The builder.
    div (Division): The division.
    RETURNS (str): The node id ``place:<code>``.
    """
    nid = b.node(f"place:{div.code}", "Place", name=div.name, code=str(div.code), level=div.level)
    child = nid
    for parent in divisions.parents(div.code):
        pid = b.node(f"place:{parent.code}", "Place", name=parent.name, code=str(parent.code), level=parent.level)
        b.edge(child, pid, "PART_OF")
        child = pid
    return nid


def place_node(b: GraphBuilder, name: str, res: Resolution | None = None, doc_id: str | None = None) -> str:
    """Add a Place node for a place mention (see the module docstring for the ids).

    b (GraphBuilder): The builder.
    name (str): The place name as written.
    res (Resolution | None): Its resolution in context; None resolves the name alone (``divisions.resolve``).
        Defaults to None.
    doc_id (str | None): The article's id, for article-local ids. Defaults to None (no article-local ids).
    RETURNS (str): The node id.
    """
    if res is None:
        div = divisions.resolve(name)
        res = Resolution(div, name if div else None)
    if res.division is not None:
        return division_node(b, res.division)
    if res.name is None and _SUB_COUNTY_RE.search(name):
        if res.parent is not None:
            nid = b.node(f"place:{res.parent.code}:{name}", "Place", name=name)
            b.edge(nid, division_node(b, res.parent), "PART_OF")
            return nid
        if doc_id is not None:
            return b.node(f"place:@{doc_id}:{name}", "Place", name=name)
    if res.ambiguous and doc_id is not None:
        return b.node(f"place:@{doc_id}:{name}", "Place", name=name)
    return b.node(f"place:{name}", "Place", name=name)


def org_node(b: GraphBuilder, name: str, res: Resolution | None = None, doc_id: str | None = None,
             body_division: Division | None = None) -> str:
    """Add an Organization node (see the module docstring for the ids) and its ``LOCATED_IN`` edge.

    b (GraphBuilder): The builder.
    name (str): The organisation name.
    res (Resolution | None): The resolution of its place prefix in context; None resolves the prefix alone
        (``divisions.place_prefix``). Defaults to None.
    doc_id (str | None): The article's id, for article-local ids. Defaults to None (no article-local ids).
    body_division (Division | None): For a body named by level + type (``divisions.body_level``), the division it
        belongs to (``divisions.locate_body``). Defaults to None.
    RETURNS (str): The node id.
    """
    body = divisions.body_level(name)
    if body is not None:
        _level, body_name = body
        if body_division is not None:
            nid = b.node(f"org:{body_division.code}:{body_name}", "Organization", name=body_name)
            b.edge(nid, division_node(b, body_division), "LOCATED_IN")
            return nid
        if doc_id is not None:
            return b.node(f"org:@{doc_id}:{body_name}", "Organization", name=body_name)
        return b.node(f"org:{body_name}", "Organization", name=body_name)
    alone = divisions.place_prefix(name)  # what the name says without context: the same in every article
    if res is None:
        res = Resolution(alone, name if alone else None)
    if res.division is not None:
        same = alone is not None and alone.code == res.division.code
        nid = f"org:{name}" if same or doc_id is None else f"org:{res.division.code}:{name}"
        b.node(nid, "Organization", name=name)
        b.edge(nid, division_node(b, res.division), "LOCATED_IN")
        return nid
    if alone is not None and doc_id is not None:
        # the name alone points to a place that this article's context rules out (or leaves ambiguous): a
        # shared node would carry that place into this article, so the node stays the article's own
        return b.node(f"org:@{doc_id}:{name}", "Organization", name=name)
    if res.ambiguous and doc_id is not None:
        return b.node(f"org:@{doc_id}:{name}", "Organization", name=name)
    return b.node(f"org:{name}", "Organization", name=name)


class _Context:
    """The place and organisation mentions of one article, resolved together."""

    def __init__(self, article: Article) -> None:
        self.doc_id = article.doc_id
        mentions: list[Mention] = []
        # names are looked up, and nodes named, on their simplified half-width form (normalise_width): one body
        # written in traditional or simplified characters is one node
        for e in article.entities:
            if e.label in ("LOC", "ORG"):
                mentions.append(Mention(e.start, e.end, normalise_width(e.text),
                                        "org" if e.label == "ORG" else "place", e.paragraph))
        if article.metadata.source:
            mentions.append(Mention(-1, -1, normalise_width(article.metadata.source), "org"))
        self.mentions = mentions
        self.resolved = divisions.resolve_mentions(mentions)
        self.bodies = divisions.BodyIndex(mentions, self.resolved)
        self.by_span = {(m.start, m.end, m.text): i for i, m in enumerate(mentions)}
        # organisation mentions by name, in text order (for agents and roles, which carry only a name)
        self.orgs_by_name: dict[str, list[int]] = {}
        for i in sorted(range(len(mentions)), key=lambda j: mentions[j].start):
            if mentions[i].kind == "org":
                self.orgs_by_name.setdefault(mentions[i].text, []).append(i)
        self._alone: dict[tuple[str, int | None], Resolution] = {}

    def _body_division(self, name: str, at: Mention) -> Division | None:
        body = divisions.body_level(name)
        return divisions.locate_body(body[0], at, self.mentions, self.resolved, self.bodies) if body else None

    def _nearest(self, name: str, near: int | None) -> int | None:
        """The mention of an organisation name nearest before an offset (else the first after it)."""
        same = self.orgs_by_name.get(name)
        if not same:
            return None
        if near is None:
            return same[0]
        k = bisect.bisect_right(same, near, key=lambda j: self.mentions[j].start)
        return same[k - 1] if k > 0 else same[0]

    def org(self, b: GraphBuilder, name: str, start: int = -1, end: int = -1, paragraph: int | None = None,
            near: int | None = None) -> str:
        """The node id of an organisation mention (by span), or of a name near an offset (an agent, a role)."""
        name = normalise_width(name)
        i = self.by_span.get((start, end, name))
        if i is None:
            i = self._nearest(name, near)
        if i is not None:
            m, res = self.mentions[i], self.resolved[i]
        else:
            at = near if near is not None else -1
            m = Mention(at, at, name, "org", paragraph)
            key = (name, paragraph)
            if key not in self._alone:
                self._alone[key] = divisions.resolve_mentions(
                    [*self.mentions, Mention(-1, -1, name, "org", paragraph)])[-1]
            res = self._alone[key]
        return org_node(b, name, res, self.doc_id, self._body_division(name, m))

    def place(self, b: GraphBuilder, name: str, start: int, end: int) -> str:
        """The node id of a place mention."""
        name = normalise_width(name)
        i = self.by_span.get((start, end, name))
        return place_node(b, name, self.resolved[i] if i is not None else None, self.doc_id)


def person_node(b: GraphBuilder, name: str) -> str:
    """Add a Person node, named by the simplified half-width form of the name (``normalise_width``).

    b (GraphBuilder): The builder.
    name (str): The person's name as written.
    RETURNS (str): The node id ``person:<name>``.
    """
    name = normalise_width(name)
    return b.node(f"person:{name}", "Person", name=name)


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
    ctx = _Context(article)
    md = article.metadata
    art = b.node(f"article:{doc_id}", "Article", title=md.title, published=md.published, source=md.source)
    if md.source:
        b.edge(art, ctx.org(b, md.source), "PUBLISHED_BY")
    for name in md.authors:
        b.edge(art, person_node(b, name), "AUTHORED_BY")
    for name in md.editors:
        b.edge(art, person_node(b, name), "EDITED_BY")
    for name in md.reviewers:  # 审核, 二审, 三审, 总编辑: an editor who signs off
        b.edge(art, person_node(b, name), "EDITED_BY", role="reviewer")
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
            nid = ctx.org(b, e.text, e.start, e.end, e.paragraph)
        elif e.label == "LOC":
            nid = ctx.place(b, e.text, e.start, e.end)
        elif e.label == "PER":
            nid = person_node(b, e.text)
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
            b.edge(aid, ctx.org(b, a.agent, paragraph=a.paragraph, near=a.start), "AGENT")
    for r in roles or []:
        if r.get("person") and r.get("org"):
            pid = person_node(b, r["person"])
            b.edge(ctx.org(b, r["org"]), pid, "HAS_MEMBER", role=r.get("role"))
    return b.graph()


UP_EDGES = ("PART_OF", "LOCATED_IN")
"""Edge types that lead from a node to the division it lies in."""


def up_index(edges: Iterable[Edge]) -> dict[str, set[str]]:
    """The divisions each node lies in directly, over ``PART_OF`` and ``LOCATED_IN`` edges.

    edges (Iterable[Edge]): Edges of one graph or of several (a union as the store sees it).
    RETURNS (dict[str, set[str]]): Node id → ids of the nodes one step up.
    """
    up: dict[str, set[str]] = {}
    for e in edges:
        if e.type in UP_EDGES:
            up.setdefault(e.source, set()).add(e.target)
    return up


def reachable_up(up: dict[str, set[str]], start: Iterable[str]) -> set[str]:
    """Every node reachable upwards from the start nodes, the start nodes included.

    up (dict[str, set[str]]): From :func:`up_index`.
    start (Iterable[str]): Node ids.
    RETURNS (set[str]): The node ids reached.
    """
    seen: set[str] = set()
    todo = list(start)
    while todo:
        x = todo.pop()
        if x not in seen:
            seen.add(x)
            todo.extend(up.get(x, ()))
    return seen

