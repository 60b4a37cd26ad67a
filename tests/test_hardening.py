"""Inputs of an adversarial review: huge and tiny exact values, a failing component in a batch, catastrophic
regex backtracking, odd SPARQL results, output paths and dot document ids. Synthetic inputs only."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhnews_ie.batch import BatchOutput, run_batch
from zhnews_ie.cli import app
from zhnews_ie.errors import ZhNewsError
from zhnews_ie.records import dumps_strict, exact_text, plain_number

runner = CliRunner()
HUGE = "9" * 5000
TINY = "0.000000000000000000001"


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []


# ------------------------------------------------------------------------ 1. exact values of any size

@pytest.mark.parametrize("value,expected", [
    ("9" * 30, "9" * 30),                       # more digits than a double keeps: the exact text
    ("1" + "0" * 399, "1" + "0" * 399),         # 400 digits, integral
    (Decimal("1E+30"), "1" + "0" * 30),         # no exponent
    (10 ** 5000, "1" + "0" * 5000),             # an int past str()'s 4300-digit limit
    (HUGE, HUGE),
    (TINY, TINY),                               # not 1e-21
    ("0.00001", "0.00001"),                     # not 1e-05
    ("9007199254740992", 9007199254740992),     # 2**53: a double keeps it
    ("12345678901234567", "12345678901234567"),  # a double does not
    ("452800", 452800), ("-2.5", -2.5), ("0.00", 0),
], ids=lambda v: str(v)[:12] if not isinstance(v, int) or v < 10 ** 20 else "huge-int")
def test_plain_number_any_size(value, expected):
    got = plain_number(value)
    assert got == expected and type(got) is type(expected)


def test_dumps_strict_huge_and_tiny_decimals():
    assert json.loads(dumps_strict({"v": Decimal(HUGE), "t": Decimal(TINY)})) == {"v": HUGE, "t": TINY}


def test_rdf_literal_of_huge_int_and_tiny_decimal():
    from zhnews_ie.graph.rdf import _DECIMAL, _literal

    assert _literal(10 ** 5000, _DECIMAL).lexical == "1" + "0" * 5000 + ".0"
    assert _literal(Decimal(TINY), _DECIMAL).lexical == TINY
    assert exact_text(Decimal("1.2300E+2")) == "123"


def test_graphml_and_csv_tiny_value_is_exact_text(tmp_path):
    from zhnews_ie.graph.export import write_graphml, write_neo4j_csv

    nodes = {"amount:x:0-1": {"id": "amount:x:0-1", "type": "MonetaryAmount", "value": Decimal(TINY),
                              "articles": 1},
             "amount:x:2-3": {"id": "amount:x:2-3", "type": "MonetaryAmount", "value": Decimal(HUGE),
                              "articles": 1}}
    write_graphml(nodes, [], tmp_path / "g.graphml")
    text = (tmp_path / "g.graphml").read_text("utf-8")
    assert f">{TINY}<" in text and f">{HUGE}<" in text and "e-21" not in text.lower()
    write_neo4j_csv(nodes, [], tmp_path / "csv")
    text = (tmp_path / "csv" / "nodes.csv").read_text("utf-8")
    assert TINY in text and HUGE in text and "e-21" not in text.lower()


@pytest.fixture()
def huge_dir(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "big.txt").write_text("村里投入" + HUGE + "元。\n", "utf-8")
    (d / "tiny.txt").write_text("村里投入" + TINY + "元。\n", "utf-8")
    (d / "ok.txt").write_text("村里投入资金5万元，修建道路3公里。\n", "utf-8")
    return d


def test_batch_with_a_huge_amount_goes_through_and_report_is_exact(tmp_path, huge_dir, nlp):
    out = tmp_path / "o1"
    result = run_batch([str(huge_dir)], out, nlp=nlp, progress=False)
    assert (result.inputs, result.ok, result.errors) == (3, 3, 0)
    arts = {a["doc_id"]: a for a in _lines(out / "articles.jsonl")}
    assert [a["value"] for a in arts["big"]["amounts"]] == [HUGE]
    assert [a["value"] for a in arts["tiny"]["amounts"]] == [TINY]
    BatchOutput(out).close()  # the lock was released
    from zhnews_ie.graph.store import open_store
    from zhnews_ie.render import render_report_html
    from zhnews_ie.report import corpus_report

    report = corpus_report(open_store(out / "store"))
    totals = {r["category"]: r["total"] for r in report["money_by_category"]}
    # 5. exact sums: HUGE + 0.000000000000000000001 (+ 50000 where it shares a category) never rounded
    assert sum(Decimal(str(t)) for t in totals.values()) == Decimal(HUGE) + Decimal(TINY) + 50000
    # 4. the HTML report formats the 5000-digit total exactly (no float)
    page = render_report_html(report)
    assert ("9," + "999," * 10) in page


def test_report_sum_is_exact_beyond_28_digits():
    from zhnews_ie.report import _Figure

    fig = _Figure()
    for v in ("1" + "0" * 40, "0.000001", "12345678901234567890123456789.5"):
        fig.add(Decimal(v), "g")
    assert fig.total == Decimal("10000000000012345678901234567890123456789.500001")


def test_cli_extract_and_render_of_a_huge_amount(tmp_path, huge_dir):
    res = runner.invoke(app, ["extract", str(huge_dir / "big.txt")])
    assert res.exit_code == 0, res.output
    assert [a["value"] for a in json.loads(res.stdout)["amounts"]] == [HUGE]
    res = runner.invoke(app, ["render", str(huge_dir / "big.txt"), "-o", str(tmp_path / "r.html")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "r.html").stat().st_size > 0


def test_a_failing_component_in_a_batch_gives_e011_and_the_batch_goes_on(tmp_path, huge_dir, nlp, monkeypatch):
    from zhnews_ie.graph.store import GraphStore

    real = GraphStore.put_article

    def put_article(self, article):
        if article["doc_id"] == "ok":
            raise RuntimeError("boom")
        return real(self, article)

    monkeypatch.setattr(GraphStore, "put_article", put_article)
    out = tmp_path / "o"
    result = run_batch([str(huge_dir)], out, nlp=nlp, progress=False)
    assert (result.inputs, result.ok, result.errors) == (3, 2, 1)
    [err] = _lines(out / "errors.jsonl")
    assert err["id"] == "ok" and err["code"] == "E011" and "boom" in err["error"]
    assert sorted(a["doc_id"] for a in _lines(out / "articles.jsonl")) == ["big", "tiny"]
    BatchOutput(out).close()  # the lock was released


# ------------------------------------------------------------------------ 2. linear furniture patterns

def _in_thread(fn, timeout: float = 10.0):
    """Run fn in a daemon thread; fail (instead of hanging the suite) when it has not finished in time."""
    import threading

    box: dict = {}
    t = threading.Thread(target=lambda: box.setdefault("r", fn()), daemon=True)
    t.start()
    t.join(timeout)
    assert "r" in box, "the pattern matching did not finish (catastrophic backtracking)"
    return box["r"]


@pytest.fixture(scope="module")
def analyzer():
    from zhnews_ie.components.structure import StructureAnalyzer, load_structure_patterns

    return StructureAnalyzer(load_structure_patterns())


@pytest.mark.parametrize("line,tokens", [
    ("联系邮箱abc123@example.com。", ["abc123@example.com"]),
    ("邮箱 zhang.san@news-site.cn 欢迎投稿", ["zhang.san@news-site.cn"]),
    ("图片 photo_01.big.jpg 来源", ["photo_01.big.jpg"]),
    ("详见 https://www.example.com/a/b.html 页面", ["https://www.example.com/a/b.html"]),
    ("编号 2019/05-0912 的文件", ["2019/05-0912"]),
    ("编号 a1b2c3d4 的文件", ["a1b2c3d4"]),
    ("QQ: 12345678 联系", ["QQ: 12345678"]),
    ("评论 (12) 分享", ["评论 (12)"]),
    ("村里投入资金5万元。", []),
])
def test_furniture_tokens(analyzer, line, tokens):
    page = analyzer.analyse_page(line)
    found = {line[s:e] for s, e, kind in page.furniture if kind == "token"}
    assert set(tokens) <= found and bool(found) == bool(tokens)


@pytest.mark.parametrize("text", [
    "1" * 20000 + "元", "1-" * 10000, "a1" * 10000, "1@" * 10000, "a." * 10000 + "jp", "1/" * 10000,
    "QQ" + " " * 20000, "评论" + " " * 20000, "a@" + "b" * 20000,
])
def test_furniture_patterns_are_linear(analyzer, text):
    found = _in_thread(lambda: [m.group() for p in analyzer.furniture_tokens for m in p.finditer(text)])
    assert all(len(t) <= len(text) for t in found)


def test_fifty_thousand_digits_through_the_structure_component(analyzer):
    text = "1" * 50000 + "元"
    page = _in_thread(lambda: analyzer.analyse_page(text), timeout=30.0)
    assert [r for _, _, r in page.paragraphs] == ["body"] or len(page.paragraphs) == 1
    assert not [f for f in page.furniture if f[2] == "token"]


# ------------------------------------------------------------------------ 3. SPARQL results of any shape

@pytest.fixture()
def empty_store(tmp_path):
    import gc

    from zhnews_ie.graph.store import GraphStore

    store = GraphStore(tmp_path / "store")
    store.flush()
    store.close()
    del store
    gc.collect()
    return tmp_path / "store"


@pytest.mark.parametrize("sparql,table,json_value,csv_cell", [
    ('SELECT (xsd:double("INF") AS ?y) WHERE {}', "INF", "INF", "INF"),
    ('SELECT (xsd:double("-INF") AS ?y) WHERE {}', "-INF", "-INF", "-INF"),
    ('SELECT (xsd:double("1e308")*10 AS ?y) WHERE {}', "INF", "INF", "INF"),
    ('SELECT (xsd:double("NaN") AS ?y) WHERE {}', "NaN", "NaN", "NaN"),
    ("SELECT (<<( <a:a> <a:b> <a:c> )>> AS ?y) WHERE {}", "<a:a> <a:b> <a:c>", "<a:a> <a:b> <a:c>",
     "<a:a> <a:b> <a:c>"),
    ("SELECT (12345678901234567890.5 AS ?y) WHERE {}", "12345678901234567890.5", "12345678901234567890.5",
     "12345678901234567890.5"),
])
def test_query_prints_odd_values(empty_store, sparql, table, json_value, csv_cell):
    res = runner.invoke(app, ["query", sparql, "--store", str(empty_store)])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines()[2].strip() == table
    res = runner.invoke(app, ["query", sparql, "--store", str(empty_store), "-f", "json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout, parse_constant=lambda c: pytest.fail(f"{c} in JSON")) == [{"y": json_value}]
    res = runner.invoke(app, ["query", sparql, "--store", str(empty_store), "-f", "csv"])
    assert res.exit_code == 0, res.output
    assert res.stdout.splitlines() == ["y", csv_cell]


# ------------------------------------------------------------------------ 6. export -o into a missing folder

@pytest.mark.parametrize("fmt,name", [("ttl", "x.ttl"), ("nt", "x.nt"), ("graphml", "x.graphml"), ("csv", "csv")])
def test_export_into_a_missing_folder_is_e020(empty_store, tmp_path, fmt, name):
    target = tmp_path / "missing" / name
    res = runner.invoke(app, ["export", "--store", str(empty_store), "-f", fmt, "-o", str(target)])
    assert res.exit_code == 2 and "E020" in res.output and "Traceback" not in res.output
    assert not (tmp_path / "missing").exists()


def test_export_into_an_existing_folder_still_works(empty_store, tmp_path):
    res = runner.invoke(app, ["export", "--store", str(empty_store), "-f", "ttl", "-o", str(tmp_path / "x.ttl")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "x.ttl").exists()
    res = runner.invoke(app, ["export", "--store", str(empty_store), "-f", "csv", "-o", str(tmp_path / "c")])
    assert res.exit_code == 0, res.output
    assert (tmp_path / "c" / "nodes.csv").exists()


# ------------------------------------------------------------------------ 7. dot document ids

def test_jsonl_dot_ids_are_e009_records(tmp_path, nlp):
    src = tmp_path / "dots.jsonl"
    src.write_text('{"id": "..", "text": "村里投入资金5万元。"}\n{"id": ".", "text": "村里投入资金6万元。"}\n'
                   '{"id": "a", "text": "村里投入资金7万元。"}\n', "utf-8")
    out = tmp_path / "o"
    result = run_batch([str(src)], out, nlp=nlp, progress=False)
    assert (result.inputs, result.ok, result.errors) == (3, 1, 2)
    errs = _lines(out / "errors.jsonl")
    assert [(e["id"], e["code"]) for e in errs] == [("dots.jsonl:1", "E009"), ("dots.jsonl:2", "E009")]
    assert [a["doc_id"] for a in _lines(out / "articles.jsonl")] == ["a"]


@pytest.mark.parametrize("doc_id,iri_tail", [(".", "%2E"), ("..", "%2E%2E"), ("...", "..."), ("a.", "a."),
                                             ("a/../b", "a%2F..%2Fb")])
def test_dot_segments_never_collapse_in_article_iris(doc_id, iri_tail):
    from zhnews_ie.graph.rdf import BASE, article_iri, doc_id_of

    assert article_iri(doc_id) == f"{BASE}article/{iri_tail}"
    assert doc_id_of(article_iri(doc_id)) == doc_id


# ------------------------------------------------------------------------ 4. report --html of a 400-digit amount

def test_cli_report_html_with_a_400_digit_amount(tmp_path, nlp):
    d = tmp_path / "in"
    d.mkdir()
    (d / "big.txt").write_text("村里投入" + "9" * 400 + "元。\n", "utf-8")
    run_batch([str(d)], tmp_path / "o", nlp=nlp, progress=False)
    res = runner.invoke(app, ["report", "--store", str(tmp_path / "o"), "--html", "-o", str(tmp_path / "r.html")])
    assert res.exit_code == 0, res.output
    page = (tmp_path / "r.html").read_text("utf-8")
    assert "9," + ",".join(["999"] * 133) + " CNY" in page  # the exact total (400 digits), grouped, no float


def test_bodies_run_together_stay_linear():
    """Names written back to back with no mark between them (某省委某省委…) once built a candidate per chain of units,
    exponentially many (a 200-character text ran out of memory), and a long run overflowed the recursion limit."""
    from zhnews_ie.components.entities import find_candidates

    short, long = (len(find_candidates("云南省委" * n)) for n in (20, 40))
    assert long <= 3 * short  # about linear: twice the text, not thousands of times the candidates


def test_long_run_of_committees_goes_through(nlp):
    text = "共青团云南省委" * 2000
    doc = nlp(text)
    assert all(text[e.start_char:e.end_char] == e.text for e in doc.ents)


@pytest.mark.parametrize("text", ["35585名山区、杨岗村", "帮扶5名学生、朱庙、杨岗两镇", "共投入8万元、朱庙村"])
def test_no_entity_overlaps_an_amount(nlp, text):
    doc = nlp(text)
    amounts = [(s.start_char, s.end_char) for s in doc.spans["amounts"]]
    assert amounts
    assert not any(e.start_char < b and a < e.end_char for e in doc.ents for a, b in amounts)


def test_empty_header_field_value_is_no_span(nlp):
    # a page header whose counter field has no value (浏览次数: then the line end) gave a zero-length furniture span
    # and an E-ALIGN error for the whole article
    text = "标题\n发布日期:2024-09-10 信息来源:某某区经济开发区 浏览次数:\n\n今年以来，园区新开工项目12个。\n"
    doc = nlp(text)
    assert all(sp.end_char > sp.start_char for sp in doc.spans.get("furniture", []))
    assert [a.text for a in doc.spans["amounts"]] == ["12个"]


def test_lone_surrogate_through_nlp_is_a_clear_error(nlp):
    # nlp(text) directly (not zhnews_ie.extract) used to fail inside spaCy's string store with UnicodeEncodeError
    with pytest.raises(ZhNewsError) as err:
        nlp("村里\ud800来了")
    assert err.value.code == "E003"
