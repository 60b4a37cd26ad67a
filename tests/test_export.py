"""Export formats parse back: RDF with rdflib, GraphML with xml, CSV with the neo4j-admin headers."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
import os
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest

import zhnews_ie
from zhnews_ie.errors import ZhNewsError
from zhnews_ie.graph.export import EXPORT_FORMATS, export_store, typed_graph
from zhnews_ie.graph.store import GraphStore

ROOT = Path(__file__).resolve().parents[1]
GML = "{http://graphml.graphdrawing.org/xmlns}"


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory, nlp, seed_text):
    d = tmp_path_factory.mktemp("store") / "store"
    store = GraphStore(d)
    seed = zhnews_ie.extract(seed_text, doc_id="seed/a b.txt", nlp=nlp)
    store.put_article(seed)
    store.put_article(zhnews_ie.extract("贵阳海关协调项目资金4879.5万元，帮助562户贫困户。", doc_id="short", nlp=nlp))
    store.flush()
    del store
    return d


@pytest.fixture(scope="module")
def seed_article(nlp, seed_text):
    return zhnews_ie.extract(seed_text, doc_id="seed/a b.txt", nlp=nlp).to_dict()


@pytest.mark.parametrize("fmt,rdflib_format", [("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")])
def test_rdf_exports_parse_back(tmp_path, store_dir, fmt, rdflib_format):
    from rdflib import Graph, Namespace, URIRef

    out = tmp_path / f"kg.{fmt}"
    export_store(store_dir, fmt, out)
    g = Graph()
    g.parse(out, format=rdflib_format)
    schema = Namespace("https://schema.org/")
    zn = Namespace("https://zhnews-ie.org/ontology#")
    org = URIRef("https://zhnews-ie.org/org/贵阳海关")
    assert (org, schema.name, None) in g
    values = {v.toPython() for a in g.subjects(zn.kind, None) for v in g.objects(a, zn.baseValue)
              if (a, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), schema.MonetaryAmount) in g}
    assert 48_795_000 in values and 452_800 in values
    assert (URIRef("https://zhnews-ie.org/article/seed%2Fa%20b.txt"), zn.docId, None) in g
    # one node for the organisation though two articles describe it
    assert len(set(g.objects(org, schema.name))) == 1


def test_ttl_with_ontology_and_dataset_formats(tmp_path, store_dir):
    from rdflib import Dataset, Graph, URIRef

    out = tmp_path / "kg.ttl"
    export_store(store_dir, "ttl", out, include_ontology=True)
    g = Graph().parse(out, format="turtle")
    assert (URIRef("https://zhnews-ie.org/ontology#PolicyCategory"), None, None) in g
    for fmt, rdflib_format in (("trig", "trig"), ("nq", "nquads")):
        p = tmp_path / f"kg.{fmt}"
        export_store(store_dir, fmt, p)
        ds = Dataset()
        ds.parse(p, format=rdflib_format)
        names = {str(c.identifier) for c in ds.graphs()}
        assert {"https://zhnews-ie.org/article/seed%2Fa%20b.txt", "https://zhnews-ie.org/article/short"} <= names


def test_graphml_parses_and_matches_the_typed_graph(tmp_path, store_dir, seed_article):
    out = tmp_path / "kg.graphml"
    export_store(store_dir, "graphml", out)
    root = ET.parse(out).getroot()
    keys = {k.get("id"): (k.get("for"), k.get("attr.name"), k.get("attr.type")) for k in root.iter(f"{GML}key")}
    assert ("node", "type", "string") in keys.values() and ("node", "base_value", "double") in keys.values()
    graph = root.find(f"{GML}graph")
    assert graph.get("edgedefault") == "directed"
    nodes = {n.get("id"): {keys[d.get("key")][1]: d.text for d in n.iter(f"{GML}data")}
             for n in graph.iter(f"{GML}node")}
    edges = {(e.get("source"), e.get("target"), next(d.text for d in e.iter(f"{GML}data")
                                                     if keys[d.get("key")][1] == "type"))
             for e in graph.iter(f"{GML}edge")}
    assert nodes["org:贵阳海关"]["type"] == "Organization" and nodes["org:贵阳海关"]["articles"] == "2"
    seed_nodes = {n["id"] for n in seed_article["graph"]["nodes"]}
    seed_edges = {(e["source"], e["target"], e["type"]) for e in seed_article["graph"]["edges"]}
    assert seed_nodes <= set(nodes)
    assert seed_edges <= edges
    assert all(s in nodes and t in nodes for s, t, _ in edges)


def test_neo4j_csv_headers_and_rows(tmp_path, store_dir, seed_article):
    nodes_csv, edges_csv = export_store(store_dir, "csv", tmp_path / "neo4j")
    with nodes_csv.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    header = rows[0]
    assert header[:2] == ["id:ID", ":LABEL"] and "name" in header and "base_value:double" in header
    ids = [r[0] for r in rows[1:]]
    assert len(ids) == len(set(ids)) and "org:贵阳海关" in ids
    labels = {r[1] for r in rows[1:]}
    assert {"Article", "Paragraph", "Organization", "MonetaryAmount", "Quantity", "PolicyCategory"} <= labels
    with edges_csv.open(encoding="utf-8", newline="") as fh:
        erows = list(csv.reader(fh))
    assert erows[0][:3] == [":START_ID", ":END_ID", ":TYPE"]
    assert all(r[0] in ids and r[1] in ids for r in erows[1:])
    seed_edges = {(e["source"], e["target"], e["type"]) for e in seed_article["graph"]["edges"]}
    assert seed_edges <= {tuple(r[:3]) for r in erows[1:]}


def test_typed_graph_round_trips_node_properties(store_dir, seed_article):
    nodes, _ = typed_graph(GraphStore(store_dir, read_only=True))
    for n in seed_article["graph"]["nodes"]:
        got = nodes[n["id"]]
        assert got["type"] == n["type"]
        for k, v in n.items():
            if k not in ("id", "type") and n["type"] != "Article":
                assert got[k] == v, (n["id"], k)


ONTOLOGY_CLASS = "https://zhnews-ie.org/ontology#PolicyCategory"


@pytest.mark.parametrize("fmt,rdflib_format,ontology", [("trig", "trig", False), ("trig", "trig", True),
                                                         ("nq", "nquads", False), ("nq", "nquads", True)])
def test_dataset_formats_carry_the_ontology_in_the_default_graph(tmp_path, store_dir, fmt, rdflib_format,
                                                                 ontology):
    from rdflib import Dataset, URIRef
    from rdflib.namespace import OWL, RDF
    from typer.testing import CliRunner

    from zhnews_ie.cli import app

    out = tmp_path / f"kg.{fmt}"
    res = CliRunner().invoke(app, ["export", "--store", str(store_dir), "-f", fmt, "-o", str(out)]
                             + (["--ontology"] if ontology else []))
    assert res.exit_code == 0, res.output
    ds = Dataset()
    ds.parse(out, format=rdflib_format)
    assert (URIRef(ONTOLOGY_CLASS), RDF.type, OWL.Class) in ds.default_graph


@pytest.mark.parametrize("fmt", ["graphml", "csv"])
def test_ontology_with_a_property_graph_format_is_refused(tmp_path, store_dir, fmt):
    from typer.testing import CliRunner

    from zhnews_ie.cli import app

    out = tmp_path / f"kg_{fmt}"
    res = CliRunner().invoke(app, ["export", "--store", str(store_dir), "-f", fmt, "-o", str(out), "--ontology"])
    assert res.exit_code == 2 and "error E007" in res.stderr, res.output
    assert "--ontology is for ttl, nt and jsonld (trig and nq always carry it" in res.stderr
    assert not out.exists()


def test_unknown_format_lists_the_allowed(tmp_path, store_dir):
    with pytest.raises(ZhNewsError) as err:
        export_store(store_dir, "xlsx", tmp_path / "x")
    assert err.value.code == "E007" and all(f in err.value.message for f in EXPORT_FORMATS)
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    res = subprocess.run([sys.executable, "-m", "zhnews_ie.cli", "export", "--store", str(tmp_path / "none"),
                          "--format", "ttl", "-o", str(tmp_path / "x.ttl")], env=env, capture_output=True,
                         text=True, timeout=120)
    assert res.returncode == 2 and "E013" in res.stderr
