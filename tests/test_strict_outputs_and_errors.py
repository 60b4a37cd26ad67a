"""Strict JSON, well-formed GraphML, a page no title can break, one exact value representation, and coded
errors instead of tracebacks for the inputs and options of issue 12. Synthetic inputs only."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from typer.testing import CliRunner

from zhnews_ie.cli import app
from zhnews_ie.errors import ZhNewsError
from zhnews_ie.records import dumps_strict, plain_number

runner = CliRunner()
TEXT = "村里投入资金5万元，修建道路3公里。\n"


def _strict(text: str):
    def bad(name):
        raise AssertionError(f"{name} in JSON output")
    return json.loads(text, parse_constant=bad)


@pytest.mark.parametrize("value,expected", [
    ("452800", 452800), ("1.57", 1.57), ("0.1", 0.1), ("2514.37", 2514.37),
    ("12345678901234567.89", "12345678901234567.89"), ("NaN", None), (None, None),
])
def test_plain_number_is_exact(value, expected):
    got = plain_number(value)
    assert got == expected and type(got) is type(expected)


def test_dumps_strict_never_writes_nan():
    assert dumps_strict({"a": float("nan"), "b": [float("inf")], "c": Decimal("1.5")}) == '{"a": null, "b": [null], "c": 1.5}'
    _strict(dumps_strict({"x": float("-inf")}))


def _tax(tmp_path, mutate):
    base = json.loads((Path(__file__).resolve().parents[1] / "src" / "zhnews_ie" / "resources"
                       / "taxonomy_five_tasks.json").read_text("utf-8"))
    data = mutate(base)
    p = tmp_path / "tax.json"
    p.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), "utf-8")
    return p


def _cue(weight):
    def f(d):
        d["categories"][0]["cues"]["合作社"] = weight
        return d
    return f


@pytest.mark.parametrize("name,mutate", [
    ("string weight", _cue("2")),
    ("NaN weight", lambda d: json.dumps(_cue(1)(d), ensure_ascii=False).replace('"合作社": 1', '"合作社": NaN')),
    ("1e309 weight", lambda d: json.dumps(_cue(1)(d), ensure_ascii=False).replace('"合作社": 1', '"合作社": 1e309')),
    ("negative weight", _cue(-3)),
    ("roles as a list", lambda d: {**d, "roles": ["title"]}),
    ("top-level list", lambda d: [d]),
    ("duplicate ids", lambda d: {**d, "categories": d["categories"] + [d["categories"][0]]}),
    ("label a number", lambda d: {**d, "categories": [{**d["categories"][0], "label": 3}] + d["categories"][1:]}),
])
def test_malformed_taxonomy_is_e016(tmp_path, name, mutate):
    from zhnews_ie.components.categories import load_taxonomy

    with pytest.raises(ZhNewsError) as err:
        load_taxonomy(_tax(tmp_path, mutate))
    assert err.value.code == "E016"


def _gold(tmp_path, mutate):
    gold = {"paragraphs": [{"start": 0, "end": 18, "category": "industry"}],
            "amounts": [{"text": "5万元", "start": 6, "end": 9, "value": 50000, "unit": "CNY", "kind": "money"}],
            "entities": [], "dates": []}
    (tmp_path / "a.txt").write_text(TEXT, "utf-8")
    g = tmp_path / "a.gold.json"
    data = mutate(gold)
    g.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False), "utf-8")
    return g


@pytest.mark.parametrize("name,mutate", [
    ("top-level list", lambda g: [g]),
    ("paragraphs an object", lambda g: {**g, "paragraphs": {}}),
    ("start a string", lambda g: {**g, "amounts": [{**g["amounts"][0], "start": "6"}]}),
    ("kind missing", lambda g: {**g, "amounts": [{k: v for k, v in g["amounts"][0].items() if k != "kind"}]}),
    ("end before start", lambda g: {**g, "paragraphs": [{"start": 9, "end": 3, "category": "x"}]}),
    ("negative offset", lambda g: {**g, "entities": [{"text": "村", "label": "LOC", "start": -1, "end": 0}]}),
    ("amount a list", lambda g: {**g, "amounts": [[6, 9]]}),
    ("category missing", lambda g: {**g, "paragraphs": [{"start": 0, "end": 18}]}),
    ("NaN value", lambda g: json.dumps(g).replace("50000", "NaN")),
    ("entity text null", lambda g: {**g, "entities": [{"text": None, "label": "LOC", "start": 0, "end": 1}]}),
])
def test_malformed_gold_is_e008(tmp_path, name, mutate):
    from zhnews_ie.evaluation import load_gold_pairs

    with pytest.raises(ZhNewsError) as err:
        load_gold_pairs(_gold(tmp_path, mutate))
    assert err.value.code == "E008"
    assert "Traceback" not in err.value.message


def test_graphml_with_control_characters_is_well_formed(tmp_path):
    from zhnews_ie.graph.build import build_graph
    from zhnews_ie.graph.export import export_store
    from zhnews_ie.graph.store import GraphStore
    from zhnews_ie.records import Amount, Article, Entity, Metadata, Paragraph

    art = Article(doc_id="ctl\x01id", metadata=Metadata(title="标题\x0b\x1f"),
                  paragraphs=[Paragraph(0, 0, 10, "industry", "产业扶贫")],
                  entities=[Entity("某\x01合作社", "ORG", 0, 5, 0)],
                  amounts=[Amount("5万元", 6, 9, 0, "money", 50000, "CNY", base_value=50000, base_unit="CNY")],
                  dates=[], graph=None)  # type: ignore[arg-type]
    art.graph = build_graph(art)
    store = GraphStore(tmp_path / "s")
    store.put_article(art)
    out = tmp_path / "g.graphml"
    export_store(store, "graphml", out)
    root = ET.parse(out).getroot()  # raises on raw control characters
    texts = [el.text or "" for el in root.iter()]
    assert any("某\ufffd合作社" in t for t in texts)
    assert not any(re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", t) for t in texts)


def test_graphml_and_csv_values_are_exact_decimals(tmp_path):
    from zhnews_ie.graph.export import write_graphml, write_neo4j_csv

    nodes = {"amount:x:0-1": {"id": "amount:x:0-1", "type": "MonetaryAmount",
                              "value": Decimal("12345678901234567.89"), "articles": 1}}
    write_graphml(nodes, [], tmp_path / "g.graphml")
    assert ">12345678901234567.89<" in (tmp_path / "g.graphml").read_text("utf-8")
    write_neo4j_csv(nodes, [], tmp_path / "csv")
    assert "12345678901234567.89" in (tmp_path / "csv" / "nodes.csv").read_text("utf-8")


def test_comment_script_in_a_title_cannot_break_the_graph_script(nlp):
    import zhnews_ie
    from zhnews_ie.render import render_html

    text = "<!--<script>资金新闻\n村里投入资金5万元，修建道路3公里。\n"
    art = zhnews_ie.extract(text, doc_id="<!--<script>x", nlp=nlp)
    page = render_html(art, text, title="<!--<script>")
    graph = page[page.rindex("<script>") + len("<script>"):]
    graph = graph[:graph.index("</script>")]
    assert "<!--" not in graph and "<script" not in graph
    assert "\\u003c!--\\u003cscript\\u003e" in graph


def test_extract_json_is_strict_and_values_documented(tmp_path, nlp):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, "utf-8")
    res = runner.invoke(app, ["extract", str(f)])
    assert res.exit_code == 0, res.output
    data = _strict(res.stdout)
    assert [a["value"] for a in data["amounts"]][:1] == [50000]


@pytest.mark.parametrize("encoding", ["rot13", "base64", "hex", "zlib", "uu", "bz2"])
def test_transform_codecs_are_not_encodings(tmp_path, encoding):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, "utf-8")
    res = runner.invoke(app, ["extract", str(f), "--encoding", encoding])
    assert res.exit_code == 2 and "E006" in res.stderr and "Traceback" not in res.output


@pytest.mark.parametrize("codec,option", [
    ("utf-16", None), ("utf-32", None), ("utf-16", "utf-16"), ("utf-32", "utf-32"), ("utf-16-le", "utf-16-le"),
])
def test_utf16_and_utf32_are_read(tmp_path, nlp, codec, option):
    f = tmp_path / "a.txt"
    f.write_bytes(TEXT.encode(codec))
    res = runner.invoke(app, ["extract", str(f)] + (["--encoding", option] if option else []))
    assert res.exit_code == 0, res.output
    assert _strict(res.stdout)["amounts"][0]["text"] == "5万元"


def test_utf16_without_bom_under_utf8_is_a_coded_error(tmp_path):
    f = tmp_path / "a.txt"
    f.write_bytes("abc def ghi".encode("utf-16-le"))
    res = runner.invoke(app, ["extract", str(f)])
    assert res.exit_code == 2 and "E004" in res.stderr and "utf-16" in res.stderr


SEED_TEXT = (Path(__file__).resolve().parents[1] / "corpus" / "000_c51bca92e9469e1b.txt").read_text("utf-8")
ELF_HEAD = (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x03\x00\x3e\x00\x01\x00\x00\x00\x90\x6d\x00\x00"
            + b"\x00" * 4 + b"\x40\x00\x00\x00\x00\x00\x00\x00\x58\x42\x02\x00" + b"\x00" * 8 + b"\x40\x00\x38\x00"
            + b"\x0d\x00\x40\x00\x1f\x00\x1e\x00\x06\x00\x00\x00\x04\x00\x00\x00" + b"\x00" * 40)


@pytest.mark.parametrize("data,code,hint", [
    (SEED_TEXT.encode("utf-16-le"), "E004", "try --encoding utf-16-le"),  # the seed: NULs after ASCII only
    (SEED_TEXT.encode("utf-16-be"), "E004", "try --encoding utf-16-be"),
    (SEED_TEXT.encode("utf-32-le"), "E004", "try --encoding utf-32-le"),
    ("贵阳海关协调项目资金".encode("utf-16-le"), "E003", "try --encoding utf-16-le"),  # no ASCII: no NUL byte
    (ELF_HEAD, "E004", None),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00", "E004", None),
    (b"an English line with a stray NUL\x00 in the middle of it", "E004", None),
])
def test_e004_hint_names_utf16_only_for_text(tmp_path, data, code, hint):
    f = tmp_path / "a.txt"
    f.write_bytes(data)
    res = runner.invoke(app, ["extract", str(f)])
    assert res.exit_code == 2 and f"error {code}" in res.stderr, res.output
    if hint is None:
        assert "looks binary" in res.stderr and "--encoding utf-" not in res.stderr
    else:
        assert hint in res.stderr and "looks binary" not in res.stderr


def test_unwritable_outputs_are_e018(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, "utf-8")
    for args in (["extract", str(f), "-o", str(tmp_path / "missing" / "x.json")],
                 ["extract", str(f), "-o", str(tmp_path)],
                 ["render", str(f), "-o", str(tmp_path)],
                 ["evaluate", "--json-out", str(tmp_path)],
                 ["evaluate", "--json-out", str(tmp_path / "missing" / "s.json")],
                 ["batch", str(f), "--out", str(f), "--no-progress"]):
        res = runner.invoke(app, args)
        assert res.exit_code == 2 and "E020" in res.stderr, (args, res.output)


def test_max_chars_must_be_positive(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, "utf-8")
    for cmd in (["extract", str(f)], ["batch", str(f), "--out", str(tmp_path / "o"), "--no-progress"]):
        res = runner.invoke(app, cmd + ["--max-chars", "-1"])
        assert res.exit_code == 2 and "E014" in res.stderr, res.output


@pytest.mark.parametrize("address", ["garbage", "tcp://", "http://x:y", "tcp://127.0.0.1:1"])
def test_bad_scheduler_is_e015(tmp_path, address):
    f = tmp_path / "a.txt"
    f.write_text(TEXT, "utf-8")
    res = runner.invoke(app, ["batch", str(f), "--out", str(tmp_path / "o"), "--scheduler", address,
                              "--no-progress"])
    assert res.exit_code == 2 and "E015" in res.stderr, res.output
    # checked before any work: with the progress bar on, stderr is the one error line, and no output folder
    res = runner.invoke(app, ["batch", str(f), "--out", str(tmp_path / "o"), "--scheduler", address])
    assert res.exit_code == 2 and res.stderr.startswith("zhnews-ie: error E015: "), res.output
    assert len(res.stderr.strip().splitlines()) == 1 and not (tmp_path / "o").exists()


def test_non_dask_endpoint_is_e015_not_a_hang():
    import socket
    import threading

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(1)
    port = srv.getsockname()[1]
    threading.Thread(target=lambda: srv.accept(), daemon=True).start()  # accepts and stays silent (like HTTP)
    from zhnews_ie.dask import _probe_scheduler

    with pytest.raises(ZhNewsError) as err:
        _probe_scheduler(f"tcp://127.0.0.1:{port}", timeout=1)
    assert err.value.code == "E015"
    srv.close()


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    from zhnews_ie.graph.store import GraphStore

    d = tmp_path_factory.mktemp("st") / "store"
    GraphStore(d).close()
    return d


def test_gbk_query_file_is_e003(tmp_path, small_store):
    q = tmp_path / "q.rq"
    q.write_bytes("SELECT ?s WHERE { ?s schema:name \"贵阳海关\" }".encode("gbk"))
    res = runner.invoke(app, ["query", f"@{q}", "--store", str(small_store)])
    assert res.exit_code == 2 and "E003" in res.stderr, res.output


@pytest.mark.parametrize("query,refused", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
    ("select * where { service silent <http://example.org/sparql> { ?s ?p ?o } }", True),
    ('SELECT ?service WHERE { ?service ?p "SERVICE" }', False),
])
def test_sparql_service_is_refused(small_store, query, refused):
    res = runner.invoke(app, ["query", query, "--store", str(small_store)])
    if refused:
        assert res.exit_code == 2 and "E012" in res.stderr and "SERVICE" in res.stderr
    else:
        assert res.exit_code == 0, res.output


@pytest.mark.parametrize("text,chinese", [("𠀀𪚥𫝀", True), ("\U0003134a", True), ("豈", True), ("abc", False)])
def test_cjk_above_ffff_counts_as_chinese(text, chinese):
    from zhnews_ie.grammar.text import has_chinese

    assert has_chinese(text) is chinese
