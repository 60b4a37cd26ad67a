"""Export the graph store: RDF (Turtle, N-Triples, JSON-LD, TriG, N-Quads), GraphML and Neo4j CSV.

    from zhnews_ie.graph.export import export_store
    export_store("out/store", "graphml", "kg.graphml")

- ``ttl``, ``nt``, ``jsonld``: the merged knowledge graph (the union of the article graphs; a node named in ten
  articles is one node), optionally with the ontology (``include_ontology``).
- ``trig``, ``nq``: the dataset as stored, one named graph per article, plus the ontology in the default graph
  (always: a store holds it there).
- ``graphml``: the typed property graph for Gephi / Cytoscape / networkx (node attributes ``type``, ``label``,
  the node properties and ``articles``: how many articles describe the node; edge attribute ``type``).
- ``csv``: ``nodes.csv`` and ``edges.csv`` in a directory, with the headers ``neo4j-admin database import``
  reads (``id:ID,:LABEL,name,...`` and ``:START_ID,:END_ID,:TYPE,role``)::

      neo4j-admin database import full --nodes=DIR/nodes.csv --relationships=DIR/edges.csv neo4j
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal
from pathlib import Path
from typing import Any
from xml.etree import ElementTree as ET

from ..errors import ZhNewsError
from ..records import exact_text, plain_number
from .rdf import (EDGE_OF_PREDICATE, MEMBER_ORG, MEMBER_PERSON, MEMBERSHIP_CLASS, NODE_ID, PREFIXES,
                  PROP_OF_PREDICATE, ROLE_NAME, TYPE_OF_CLASS, ontology_text)

EXPORT_FORMATS = ("ttl", "nt", "jsonld", "trig", "nq", "graphml", "csv")
"""Allowed values of ``--format``."""

_JSONLD_CONTEXT = {k: v for k, v in PREFIXES.items() if k in ("zn", "schema", "rdf", "rdfs", "xsd", "owl")}


def check_format(fmt: str) -> str:
    """Check an export format name.

    fmt (str): The format.
    RETURNS (str): The format, lower-cased.
    RAISES (ZhNewsError): E007 naming the allowed formats.
    """
    f = fmt.lower().strip()
    aliases = {"turtle": "ttl", "ntriples": "nt", "n-triples": "nt", "json-ld": "jsonld", "nquads": "nq",
               "neo4j": "csv"}
    f = aliases.get(f, f)
    if f not in EXPORT_FORMATS:
        raise ZhNewsError("E007", f"unknown export format {fmt!r}; allowed: {', '.join(EXPORT_FORMATS)}")
    return f


def _merged_rdflib(store: Any, include_ontology: bool) -> Any:
    """The union of the article graphs (and the ontology) as one rdflib graph."""
    import pyoxigraph as ox
    from rdflib import Graph

    from .rdf import new_rdflib_graph

    g = new_rdflib_graph()
    triples = store.raw().query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    data = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    g.parse(data=data.decode("utf-8"), format="nt")
    if include_ontology:
        g.parse(data=ontology_text(), format="turtle")
    assert isinstance(g, Graph)
    return g


def export_store(store: Any, fmt: str, output: str | Path, include_ontology: bool = False) -> list[Path]:
    """Write the store's knowledge graph in one format.

    store (GraphStore | str | Path): An open store, a store directory or a batch output directory.
    fmt (str): One of ``ttl``, ``nt``, ``jsonld``, ``trig``, ``nq``, ``graphml``, ``csv``.
    output (str | Path): The file to write; for ``csv`` a directory (created) that gets ``nodes.csv`` and
        ``edges.csv``.
    include_ontology (bool): Add the ontology's triples to ``ttl``/``nt``/``jsonld``; ``trig`` and ``nq`` always
        carry it (the store's default graph), ``graphml`` and ``csv`` cannot. Defaults to False.
    RETURNS (list[Path]): The files written.
    RAISES (ZhNewsError): E007 unknown format, or ``include_ontology`` with ``graphml``/``csv``; E013 no store
        there.
    """
    import pyoxigraph as ox

    from .store import GraphStore, open_store

    fmt = check_format(fmt)
    if include_ontology and fmt in ("graphml", "csv"):
        raise ZhNewsError("E007", f"the ontology is RDF and {fmt} has no place for it: --ontology is for ttl, nt "
                                  "and jsonld (trig and nq always carry it, in the default graph)")
    if not isinstance(store, GraphStore):
        store = open_store(store, read_only=True)
    out = Path(output)
    if fmt != "csv":
        out.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "nt":
        triples = store.raw().query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        with out.open("wb") as fh:
            ox.serialize(triples, fh, format=ox.RdfFormat.N_TRIPLES)
            if include_ontology:
                onto = ox.parse(ontology_text(), format=ox.RdfFormat.TURTLE)
                ox.serialize((q.triple for q in onto), fh, format=ox.RdfFormat.N_TRIPLES)
        return [out]
    if fmt in ("trig", "nq"):
        rdf_format = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
        with out.open("wb") as fh:
            ox.serialize(store.quads(), fh, format=rdf_format,
                         **({"prefixes": dict(PREFIXES)} if fmt == "trig" else {}))
        return [out]
    if fmt == "ttl":
        _merged_rdflib(store, include_ontology).serialize(destination=str(out), format="turtle", encoding="utf-8")
        return [out]
    if fmt == "jsonld":
        g = _merged_rdflib(store, include_ontology)
        out.write_text(g.serialize(format="json-ld", context=_JSONLD_CONTEXT, indent=1, ensure_ascii=False),
                       encoding="utf-8")
        return [out]
    nodes, edges = typed_graph(store)
    if fmt == "graphml":
        write_graphml(nodes, edges, out)
        return [out]
    return write_neo4j_csv(nodes, edges, out)


def typed_graph(store: Any) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """Read the typed property graph back from the store (the inverse of ``graph/rdf.py``).

    store (GraphStore): The store.
    RETURNS (tuple[dict, list]): Nodes by id (``{"id", "type", ...props, "articles": n}``; a node described
        by several articles is merged, the first value of each property kept) and edges
        (``{"source", "target", "type"}`` plus ``role`` on ``HAS_MEMBER``), without duplicates.
    """
    import pyoxigraph as ox

    raw = store.raw()
    nodes: dict[str, dict[str, Any]] = {}
    iri_to_id: dict[str, str] = {}
    from .store import _term_value

    for sol in raw.query(f"SELECT ?s ?id (COUNT(DISTINCT ?g) AS ?n) WHERE {{ GRAPH ?g {{ ?s <{NODE_ID}> ?id }} }} "
                         "GROUP BY ?s ?id ORDER BY ?id"):
        nid = sol["id"].value
        iri_to_id[sol["s"].value] = nid
        nodes[nid] = {"id": nid, "type": None, "articles": int(sol["n"].value)}
    for sol in raw.query(f"SELECT DISTINCT ?s ?p ?o WHERE {{ GRAPH ?g {{ ?s <{NODE_ID}> ?id ; ?p ?o }} }}"):
        nid = iri_to_id.get(sol["s"].value)
        if nid is None:
            continue
        p, o = sol["p"].value, sol["o"]
        node = nodes[nid]
        if p == PREFIXES["rdf"] + "type":
            t = TYPE_OF_CLASS.get(o.value)
            if t and not node["type"]:
                node["type"] = t
        elif p in PROP_OF_PREDICATE and isinstance(o, ox.Literal):
            node.setdefault(PROP_OF_PREDICATE[p], _exact_value(o) if o.datatype is not None
                            and o.datatype.value == XSD_DECIMAL else _term_value(o))
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    preds = " ".join(f"<{p}>" for p in EDGE_OF_PREDICATE)
    for sol in raw.query(f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {preds} }} GRAPH ?g {{ ?s ?p ?o }} }}"):
        s, o = iri_to_id.get(sol["s"].value), iri_to_id.get(sol["o"].value)
        if s is None or o is None:
            continue
        etype = EDGE_OF_PREDICATE[sol["p"].value]
        edges.setdefault((s, o, etype), {"source": s, "target": o, "type": etype})
    for sol in raw.query(f"SELECT DISTINCT ?o ?p ?role WHERE {{ GRAPH ?g {{ ?m a <{MEMBERSHIP_CLASS}> ; "
                         f"<{MEMBER_ORG}> ?o ; <{MEMBER_PERSON}> ?p ; <{ROLE_NAME}> ?role }} }}"):
        key = (iri_to_id.get(sol["o"].value), iri_to_id.get(sol["p"].value), "HAS_MEMBER")
        if key in edges:
            edges[key].setdefault("role", sol["role"].value)
    return nodes, list(edges.values())


XSD_DECIMAL = PREFIXES["xsd"] + "decimal"


def _exact_value(lit: Any) -> int | float | Decimal:
    """An xsd:decimal literal as an int when integral, a float when its shortest text is the exact decimal
    (as ``records.plain_number``), else the exact Decimal: GraphML and CSV cells are always the exact text."""
    d = Decimal(lit.value)
    plain = plain_number(d)
    return d if isinstance(plain, str) or plain is None else plain


def _cell(value: Any) -> Any:
    return exact_text(value) if isinstance(value, Decimal) else value


def _column_type(values: list[Any]) -> str:
    present = [v for v in values if v is not None]
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "long"
    if present and all(isinstance(v, (int, float, Decimal)) and not isinstance(v, bool) for v in present):
        return "double"
    return "string"


def _display_label(node: dict[str, Any]) -> str:
    for key in ("name", "label", "title", "text"):
        if node.get(key):
            return str(node[key])
    return node["id"]


_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Make a string well-formed XML 1.0 character data: characters XML cannot carry (C0 controls other than
    tab, newline and carriage return; lone surrogates; U+FFFE/U+FFFF) become U+FFFD.

    text (str): Any string.
    RETURNS (str): The string, with each such character replaced.
    """
    return _XML_INVALID.sub("\ufffd", text)


def write_graphml(nodes: dict[str, dict[str, Any]], edges: list[dict[str, Any]], path: str | Path) -> Path:
    """Write a typed property graph as GraphML (directed), readable by Gephi, Cytoscape, yEd and networkx.

    nodes (dict[str, dict]): Nodes by id, from :func:`typed_graph`.
    edges (list[dict]): Edges, from :func:`typed_graph`.
    path (str | Path): The file.
    RETURNS (Path): The file written.
    """
    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}graphml")
    node_keys = sorted({k for n in nodes.values() for k in n if k not in ("id", "label")})
    edge_keys = sorted({k for e in edges for k in e if k not in ("source", "target")})
    types = {"long": "long", "double": "double", "string": "string"}
    key_ids: dict[tuple[str, str], str] = {}

    def declare(domain: str, name: str, values: list[Any]) -> None:
        kid = f"{domain[0]}_{name}"
        key_ids[(domain, name)] = kid
        ET.SubElement(root, f"{{{ns}}}key", {"id": kid, "for": domain, "attr.name": name,
                                              "attr.type": types[_column_type(values)]})

    declare("node", "label", ["x"])
    for k in node_keys:
        declare("node", k, [n.get(k) for n in nodes.values()])
    declare("edge", "label", ["x"])
    for k in edge_keys:
        declare("edge", k, [e.get(k) for e in edges])
    graph = ET.SubElement(root, f"{{{ns}}}graph", {"id": "zhnews_ie", "edgedefault": "directed"})

    def data(parent: ET.Element, domain: str, name: str, value: Any) -> None:
        if value is None:
            return
        el = ET.SubElement(parent, f"{{{ns}}}data", {"key": key_ids[(domain, name)]})
        el.text = xml_text(str(_cell(value)))

    for nid, n in nodes.items():
        el = ET.SubElement(graph, f"{{{ns}}}node", {"id": xml_text(nid)})
        data(el, "node", "label", _display_label(n))
        for k in node_keys:
            data(el, "node", k, n.get(k))
    for i, e in enumerate(edges):
        el = ET.SubElement(graph, f"{{{ns}}}edge", {"id": f"e{i}", "source": xml_text(e["source"]),
                                                     "target": xml_text(e["target"])})
        data(el, "edge", "label", e["type"])
        for k in edge_keys:
            data(el, "edge", k, e.get(k))
    tree = ET.ElementTree(root)
    ET.indent(tree, space=" ")
    p = Path(path)
    tree.write(p, encoding="utf-8", xml_declaration=True)
    return p


def write_neo4j_csv(nodes: dict[str, dict[str, Any]], edges: list[dict[str, Any]],
                    directory: str | Path) -> list[Path]:
    """Write ``nodes.csv`` and ``edges.csv`` for ``neo4j-admin database import full``.

    nodes (dict[str, dict]): Nodes by id, from :func:`typed_graph`.
    edges (list[dict]): Edges, from :func:`typed_graph`.
    directory (str | Path): The directory (created).
    RETURNS (list[Path]): ``[nodes.csv, edges.csv]``. Headers: ``id:ID,:LABEL,<prop>[:long|:double],...`` and
        ``:START_ID,:END_ID,:TYPE,role``.
    """
    d = Path(directory)
    d.mkdir(parents=True, exist_ok=True)
    props = sorted({k for n in nodes.values() for k in n if k not in ("id", "type")})
    typed = []
    for k in props:
        t = _column_type([n.get(k) for n in nodes.values()])
        typed.append(k if t == "string" else f"{k}:{t}")
    nodes_path, edges_path = d / "nodes.csv", d / "edges.csv"
    with nodes_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id:ID", ":LABEL", *typed])
        for nid, n in nodes.items():
            w.writerow([nid, n.get("type") or "Node", *["" if n.get(k) is None else _cell(n[k]) for k in props]])
    edge_props = sorted({k for e in edges for k in e if k not in ("source", "target", "type")})
    with edges_path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([":START_ID", ":END_ID", ":TYPE", *edge_props])
        for e in edges:
            w.writerow([e["source"], e["target"], e["type"], *["" if e.get(k) is None else e[k] for k in edge_props]])
    return [nodes_path, edges_path]
