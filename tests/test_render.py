"""The HTML view (zhnews_ie.render) without a browser: marks, colours, legend, metadata, self-containment."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

import zhnews_ie
from zhnews_ie.records import Amount, Article, Graph, Metadata, Paragraph
from zhnews_ie.render import (CATEGORY_COLORS, amount_display, format_number, render_html,
                              render_report_html)

FIVE_TASKS = ("party_building", "industry", "education", "employment", "infrastructure")


class Tags(HTMLParser):
    """Collects every start tag with its attributes, and the text of each amount mark (without its tag)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.mark_text: dict[tuple[int, int], str] = {}
        self._mark: tuple[int, int] | None = None
        self._in_tag = 0

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        self.tags.append((tag, a))
        if tag == "mark" and "zh-amount" in a.get("class", ""):
            self._mark = (int(a["data-amount-start"]), int(a["data-amount-end"]))
            self.mark_text[self._mark] = ""
        elif tag == "span" and self._mark is not None and "zh-tag" in a.get("class", ""):
            self._in_tag += 1

    def handle_endtag(self, tag):
        if tag == "span" and self._in_tag:
            self._in_tag -= 1
        elif tag == "mark":
            self._mark = None

    def handle_data(self, data):
        if self._mark is not None and not self._in_tag:
            self.mark_text[self._mark] += data

    def find(self, tag: str | None = None, cls: str | None = None, **attrs: str) -> list[dict[str, str]]:
        out = []
        for t, a in self.tags:
            if tag and t != tag:
                continue
            if cls and cls not in a.get("class", "").split():
                continue
            if all(a.get(k.replace("_", "-")) == v for k, v in attrs.items()):
                out.append(a)
        return out


@pytest.fixture(scope="module")
def seed_article(nlp, seed_text):
    return zhnews_ie.extract(seed_text, doc_id="seed", nlp=nlp)


@pytest.fixture(scope="module")
def seed_html(seed_article, seed_text) -> str:
    return render_html(seed_article, seed_text)


@pytest.fixture(scope="module")
def tags(seed_html) -> Tags:
    parser = Tags()
    parser.feed(seed_html)
    return parser


def test_every_gold_amount_is_a_mark(tags, seed_gold, seed_text):
    marks = {(int(a["data-amount-start"]), int(a["data-amount-end"])): a for a in tags.find("mark", "zh-amount")}
    required = [g for g in seed_gold["amounts"] if not g.get("optional")]
    assert len(required) == 52
    missing = [g["text"] for g in required if (g["start"], g["end"]) not in marks]
    assert not missing, f"gold amounts without a mark: {missing}"
    for g in seed_gold["amounts"]:  # optional gold amounts (一年下来) may be left out, but not be wrong
        if g.get("optional") and (g["start"], g["end"]) not in marks:
            continue
        m = marks[(g["start"], g["end"])]
        assert float(m["data-value"]) == pytest.approx(g["value"]), g
        assert m["data-unit"] == g["unit"], g
        assert m["data-kind"] == g["kind"], g
        assert tags.mark_text[(g["start"], g["end"])] == g["text"] == seed_text[g["start"]:g["end"]]


def test_amount_hover_shows_the_normalised_value(tags, seed_article):
    (m,) = [a for a in tags.find("mark", "zh-amount") if a["data-value"] == "452800"]
    title = m["title"].splitlines()
    assert title[0] == "452,800 CNY"
    assert "kind: money" in title and any(line.startswith("category: party_building") for line in title)
    assert any(line.startswith("agent: ") for line in title) and any(line.startswith("object: ") for line in title)
    assert m["data-unit"] == "CNY" and m["data-category"] == "party_building"
    # one mark per predicted amount, every one in the article body
    assert len(tags.find("mark", "zh-amount")) == len(seed_article.amounts)


def test_entities_are_marked(tags, seed_article):
    labels = {a["data-ent-label"] for a in tags.find("mark", "zh-ent")}
    assert labels == {"ORG", "LOC", "PER"}
    marked = {(int(a["data-ent-start"]), int(a["data-ent-end"])) for a in tags.find("mark", "zh-ent")}
    amounts = [(a.start, a.end) for a in seed_article.amounts]
    for e in seed_article.entities:  # every entity is marked unless it overlaps an amount
        if not any(s < e.end and e.start < t for s, t in amounts):
            assert (e.start, e.end) in marked, e


def test_paragraphs_tinted_by_category_with_legend(tags, seed_article):
    paras = tags.find("div", "zh-para")
    assert [int(p["data-paragraph"]) for p in paras] == [p.index for p in seed_article.paragraphs]
    used = {p["data-category"] for p in paras}
    assert set(FIVE_TASKS) <= used
    for p in paras:
        strong, tint = CATEGORY_COLORS[p["data-category"]]
        assert f"background: {tint}" in p["style"] and strong in p["style"]
    for cid in FIVE_TASKS:
        (li,) = tags.find("li", data_legend_category=cid)
        assert CATEGORY_COLORS[cid][1] in tags.tags[tags.tags.index(("li", li)) + 1][1]["style"]
    assert len({CATEGORY_COLORS[c][1] for c in FIVE_TASKS}) == 5


def test_metadata_block(tags, seed_html, seed_gold):
    md = seed_gold["metadata"]
    fields = re.findall(r'<dd data-field="(\w+)">([^<]*)</dd>', seed_html)
    got = dict(fields)
    assert got["title"] == md["title"]
    assert got["published"] == md["published"]
    assert got["source"] == md["source"]
    assert got["editors"] == "、".join(md["editors"])
    assert got["authors"] == "、".join(md["authors"])


def test_page_is_self_contained(seed_html, tags):
    for tag, attrs in tags.tags:
        for key in ("src", "href"):
            value = attrs.get(key, "")
            assert not re.match(r"\s*(https?:)?//", value), (tag, key, value)
    assert not tags.find("link")  # all CSS inline
    assert all("src" not in a for a in tags.find("script"))  # all JS inline
    assert "vis.Network" in seed_html and "</script>" in seed_html


def test_graph_drawing(tags, seed_article, seed_html):
    (g,) = tags.find("div", id="zh-graph")
    assert int(g["data-nodes"]) == len(seed_article.graph.nodes)
    assert int(g["data-edges"]) == len(seed_article.graph.edges)
    for node_type in ("Article", "Paragraph", "Organization", "PolicyCategory", "MonetaryAmount", "Quantity"):
        assert tags.find("li", data_legend_node=node_type)
    assert '"label": "HAS_PARAGRAPH"' in seed_html and '"label": "IN_CATEGORY"' in seed_html


def test_render_without_graph_is_small(seed_article, seed_text):
    page = render_html(seed_article, seed_text, graph=False)
    assert "vis.Network" not in page and len(page) < 200_000
    assert page.count('class="zh-amount') == len(seed_article.amounts)


def test_format_number_and_display():
    assert format_number(452800) == "452,800"
    assert format_number(2514.37) == "2,514.37"
    assert format_number(48795000) == "48,795,000"
    assert format_number(None) == ""
    a = Amount(text="3至5年", start=0, end=4, paragraph=None, kind="duration", value=3, unit="year", high=5,
               approx="range")
    assert amount_display(a) == "3–5 year"
    b = Amount(text="100多人", start=0, end=5, paragraph=None, kind="count", value=100, unit="person", approx="over")
    assert amount_display(b) == ">100 person"


def test_minimal_article_is_escaped():
    para = Paragraph(index=0, start=0, end=9, category="other", category_label="其他")
    art = Article(doc_id="x", metadata=Metadata(title="a<b>"), paragraphs=[para], entities=[], amounts=[], dates=[],
                  graph=Graph(), warnings=["W001 no Chinese"])
    page = render_html(art, "hello <b>", graph=False)
    assert "W001 no Chinese" in page
    assert "hello &lt;b&gt;" in page and "a&lt;b&gt;" in page and "<b>" not in page


def test_report_html_charts():
    data = {  # the layout of report.corpus_report
        "articles": 2, "amounts": 60, "excluded": {"title": 1, "rate": 2, "no_value": 0},
        "money_by_category": [
            {"category": "infrastructure", "label": "项目扶贫", "total": 50_445_330, "amounts": 20, "articles": 1},
            {"category": "industry", "label": "产业扶贫", "total": 4_190_000, "amounts": 12, "articles": 2},
        ],
        "money_by_agent": [{"organization": "贵阳海关", "total": 52_000_000, "amounts": 40, "articles": 1}],
        "money_by_province": [{"province": "贵州省", "code": "520000", "total": 52_000_000, "amounts": 40,
                               "articles": 1}],
        "counts_by_category": [{"category": "overview", "label": "综述", "unit": "person", "total": 2325,
                                "amounts": 1, "articles": 1}],
        "money_other_currency": [],
    }
    page = render_report_html(data)
    parser = Tags()
    parser.feed(page)
    charts = {a["data-chart"] for a in parser.find("div", "zh-chart-box")}
    assert {"money_by_category-total", "money_by_category-articles", "money_by_agent-total",
            "money_by_agent-articles", "money_by_province-total", "counts_by_category-total"} <= charts
    assert not any(c.endswith("-amounts") for c in charts)  # the README promises articles behind each figure
    assert "Number of articles" in page
    art_bars, inside = {}, False
    for tag, a in parser.tags:
        if tag == "div":
            inside = a.get("data-chart") == "money_by_category-articles"
        elif tag == "g" and inside:
            art_bars[a["data-label"]] = float(a["data-value"])
    assert art_bars == {"项目扶贫": 1, "产业扶贫": 2}
    bars = parser.find("g", data_label="项目扶贫")
    assert bars and float(bars[0]["data-value"]) == 50_445_330
    assert parser.find("g", data_label="综述 · person")
    assert "50,445,330 CNY" in page and "贵阳海关" in page
    assert CATEGORY_COLORS["infrastructure"][0] in page
    assert not parser.find("script") and not parser.find("link")
    assert render_report_html({}).startswith("<!DOCTYPE html>")


def test_cli_render_writes_the_page(tmp_path, nlp, seed_gold):
    from zhnews_ie.cli import app

    seed = Path(__file__).resolve().parents[1] / "corpus" / "000_c51bca92e9469e1b.txt"
    out = tmp_path / "seed.html"
    result = CliRunner().invoke(app, ["render", str(seed), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count('class="zh-amount') >= len(seed_gold["amounts"]) - 2
    missing = CliRunner().invoke(app, ["render", str(tmp_path / "nope.txt")])
    assert missing.exit_code == 2 and "error E001" in missing.stderr


def test_cli_render_reads_standard_input():
    from zhnews_ie.cli import app

    result = CliRunner().invoke(app, ["render", "-", "--no-graph"], input="某县拨付资金45.28万元，用于道路建设。\n")
    assert result.exit_code == 0, result.output
    assert 'data-amount-start="6" data-amount-end="13" data-value="452800" data-unit="CNY"' in result.stdout
    assert ">45.28万元<" in result.stdout
