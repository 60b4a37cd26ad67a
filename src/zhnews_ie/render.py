"""HTML views of an extraction: one self-contained page per article, and a corpus report with charts.

``render_html`` draws the article with each paragraph tinted by its category (and a legend), the amounts
highlighted with their normalised value and unit (hover: ``45.28万元`` → ``452,800 CNY`` plus kind, approx,
qualifier, category, agent, object), ORG/LOC/PER marked, the metadata block, and the article's graph (nodes
coloured by type, edges labelled). The marked text comes from displaCy's entity renderer (``style="ent"``,
``manual=True``, one call per paragraph, with a template that carries data attributes); the graph is drawn by
vis-network, taken from the ``pyvis`` package and inlined, so the page needs no network when it is viewed.

Stable DOM hooks (for tests and scripts):

- every paragraph: ``<div class="zh-para" data-paragraph data-category data-role data-start data-end>``;
- every amount: ``<mark class="zh-amount" data-amount-start data-amount-end data-value data-unit data-kind
  data-category ...>`` (offsets index the input text; ``data-value`` is the plain number: ``452800``);
- every entity: ``<mark class="zh-ent" data-ent-label data-ent-start data-ent-end>``;
- the metadata block: ``<dl id="zh-metadata">`` with ``<dd data-field="title|published|source|editors|authors">``;
- the graph: ``<div id="zh-graph" data-nodes data-edges>``; ``document.body.dataset.graphReady`` becomes
  ``"1"`` once the layout is done.

``render_report_html`` turns a corpus summary dict into inline SVG bar charts (see its docstring).
"""

from __future__ import annotations

import html
from decimal import Decimal, InvalidOperation
from importlib import resources
from typing import Any, Iterable, Mapping, Sequence

from .records import Amount, Article, Entity, Paragraph, dumps_strict, exact_text, finite_decimal, to_decimal

CATEGORY_COLORS: dict[str, tuple[str, str]] = {
    "party_building": ("#d32f2f", "#fde4e4"),
    "industry": ("#2e7d32", "#e2f3e3"),
    "education": ("#1565c0", "#e1edfb"),
    "employment": ("#ef6c00", "#fff0dc"),
    "infrastructure": ("#6a1b9a", "#f1e3f7"),
    "overview": ("#546e7a", "#eceff1"),
    "other": ("#9e9e9e", "#f7f7f7"),
}
"""Category id → (strong colour for borders and swatches, tint for the paragraph background)."""

FALLBACK_COLORS: list[tuple[str, str]] = [
    ("#00838f", "#dff4f5"), ("#ad1457", "#fbe3ee"), ("#9e9d24", "#f5f5dc"), ("#4527a0", "#e9e4f7"),
    ("#4e342e", "#f0e9e6"), ("#00695c", "#dff2ef"), ("#c62828", "#fbe5e5"), ("#283593", "#e4e7f6"),
]
"""Colours for category ids of other taxonomies, given out in taxonomy order."""

MARK_COLORS: dict[str, str] = {
    "MONEY": "#ffd54f",
    "QUANTITY": "#80deea",
    "ORG": "#c5cae9",
    "LOC": "#c8e6c9",
    "PER": "#f8bbd0",
}
"""displaCy label → mark background."""

MARK_LABELS: dict[str, str] = {
    "MONEY": "money amount", "QUANTITY": "other quantity", "ORG": "organisation", "LOC": "place",
    "PER": "person",
}

NODE_COLORS: dict[str, str] = {
    "Article": "#263238",
    "Paragraph": "#90a4ae",
    "Organization": "#3949ab",
    "Place": "#43a047",
    "Person": "#d81b60",
    "PolicyCategory": "#fb8c00",
    "MonetaryAmount": "#fbc02d",
    "Quantity": "#00acc1",
}
"""Graph node type → colour."""

FONT_STACK = ('"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", '
              '"Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif')

# displaCy's minify drops raw newlines, so a multi-line title uses "&#10;"
TPL_MARK = ('<mark class="{cls}" {attrs} title="{tip}" style="background: {bg};">{text}'
            '<span class="zh-tag">{tag}</span></mark>')
"""displaCy ``ent`` template: ``cls``, ``attrs``, ``tip`` and ``tag`` come from each span's ``params``."""

_esc = html.escape


def category_colors(ids: Iterable[str]) -> dict[str, tuple[str, str]]:
    """Give each category id a (strong, tint) colour pair.

    ids (Iterable[str]): Category ids, in taxonomy order.
    RETURNS (dict[str, tuple[str, str]]): Known ids keep ``CATEGORY_COLORS``; others get ``FALLBACK_COLORS``.
    """
    out: dict[str, tuple[str, str]] = {}
    spare = 0
    for cid in ids:
        if cid in out:
            continue
        if cid in CATEGORY_COLORS:
            out[cid] = CATEGORY_COLORS[cid]
        else:
            out[cid] = FALLBACK_COLORS[spare % len(FALLBACK_COLORS)]
            spare += 1
    return out


def format_number(value: int | float | Decimal | str | None) -> str:
    """Format a value with thousands separators and every significant digit.

    value (int | float | Decimal | str | None): The number. ``None`` gives ``""``.
    RETURNS (str): ``452800`` → ``"452,800"``, ``2514.37`` → ``"2,514.37"``.
    """
    if value is None:
        return ""
    try:
        d = to_decimal(value)
    except InvalidOperation:
        return str(value)
    if not d.is_finite():
        return str(value)
    text = exact_text(d)
    sign, _, text = text.rpartition("-")
    whole, dot, frac = text.partition(".")
    head = len(whole) % 3 or 3
    grouped = ",".join([whole[:head]] + [whole[i:i + 3] for i in range(head, len(whole), 3)])
    return f"{sign}{grouped}{dot}{frac}"


def amount_display(a: Amount) -> str:
    """The normalised value and unit of an amount, as shown on hover.

    a (Amount): The amount record.
    RETURNS (str): ``"452,800 CNY"``; a range shows ``low–high``; an approximate value starts with ``≈``/``<``/``>``.
    """
    value = format_number(a.value)
    if a.high is not None and a.high != a.value:
        value = f"{value}–{format_number(a.high)}"
    prefix = {"about": "≈", "under": "<", "over": ">", "at_least": "≥", "at_most": "≤"}.get(a.approx or "", "")
    return f"{prefix}{value} {a.unit or ''}".strip()


def _attrs(pairs: Mapping[str, Any]) -> str:
    return " ".join(f'{k}="{_esc(str(v), quote=True)}"' for k, v in pairs.items() if v is not None and v != "")


def _amount_span(a: Amount, para_start: int, cat_labels: Mapping[str, str]) -> dict[str, Any]:
    label = "MONEY" if a.kind == "money" else "QUANTITY"
    shown = amount_display(a)
    tip_lines = [shown, f"kind: {a.kind}"]
    if a.base_value is not None and a.base_unit and (a.base_unit != a.unit or a.base_value != a.value):
        tip_lines.append(f"base: {format_number(a.base_value)} {a.base_unit}")
    for name in ("approx", "qualifier", "classifier"):
        if getattr(a, name):
            tip_lines.append(f"{name}: {getattr(a, name)}")
    if a.category:
        cat = a.category + (f" ({cat_labels[a.category]})" if cat_labels.get(a.category) else "")
        tip_lines.append(f"category: {cat}")
    tip_lines.append(f"agent: {a.agent or '-'}")
    tip_lines.append(f"object: {a.object or '-'}")
    attrs = _attrs({
        "data-amount-start": a.start, "data-amount-end": a.end, "data-value": a.value, "data-unit": a.unit,
        "data-kind": a.kind, "data-high": a.high, "data-approx": a.approx, "data-qualifier": a.qualifier,
        "data-category": a.category, "data-agent": a.agent, "data-object": a.object,
    })
    return {"start": a.start - para_start, "end": a.end - para_start, "label": label,
            "params": {"cls": f"zh-amount zh-{label.lower()}", "attrs": attrs,
                       "tip": "&#10;".join(_esc(line, quote=True) for line in tip_lines), "tag": _esc(shown)}}


def _entity_span(e: Entity, para_start: int) -> dict[str, Any]:
    attrs = _attrs({"data-ent-label": e.label, "data-ent-start": e.start, "data-ent-end": e.end})
    return {"start": e.start - para_start, "end": e.end - para_start, "label": e.label,
            "params": {"cls": f"zh-ent zh-{e.label.lower()}", "attrs": attrs,
                       "tip": _esc(f"{e.label}: {e.text}", quote=True), "tag": _esc(e.label)}}


def _paragraph_spans(p: Paragraph, amounts: Sequence[Amount], entities: Sequence[Entity],
                     cat_labels: Mapping[str, str]) -> tuple[list[dict[str, Any]], list[Any]]:
    """Non-overlapping displaCy spans of one paragraph (amounts win over entities), and what was left out."""
    chosen: list[dict[str, Any]] = []
    left_out: list[Any] = []
    taken: list[tuple[int, int]] = []

    def free(s: int, e: int) -> bool:
        return all(e <= ts or s >= te for ts, te in taken)

    for a in sorted(amounts, key=lambda x: (x.start, -x.end)):
        if p.start <= a.start and a.end <= p.end and free(a.start, a.end):
            chosen.append(_amount_span(a, p.start, cat_labels))
            taken.append((a.start, a.end))
        else:
            left_out.append(a)
    for e in sorted(entities, key=lambda x: (x.start, -x.end)):
        if p.start <= e.start and e.end <= p.end and free(e.start, e.end):
            chosen.append(_entity_span(e, p.start))
            taken.append((e.start, e.end))
        else:
            left_out.append(e)
    chosen.sort(key=lambda s: s["start"])
    return chosen, left_out


def _render_paragraph(text: str, spans: list[dict[str, Any]]) -> str:
    from spacy import displacy

    return displacy.render({"text": text, "ents": spans, "title": None}, style="ent", manual=True,
                           page=False, jupyter=False, minify=True,
                           options={"template": TPL_MARK, "colors": MARK_COLORS})


def _taxonomy_categories(taxonomy: str | None, article: Article) -> list[tuple[str, str]]:
    cats: list[tuple[str, str]] = []
    if taxonomy is not None:
        try:
            from .components.categories import load_taxonomy

            cats = [(c["id"], c["label"]) for c in load_taxonomy(taxonomy)["categories"]]
        except Exception:  # a bad taxonomy still renders: fall back to what the article carries
            cats = []
    seen = {cid for cid, _ in cats}
    for p in article.paragraphs:
        if p.category not in seen:
            cats.append((p.category, p.category_label))
            seen.add(p.category)
    return cats


def _node_label(node: Mapping[str, Any]) -> str:
    t = node.get("type")
    if t == "Paragraph":
        return f"¶{node.get('index')}"
    if t == "PolicyCategory":
        return str(node.get("label") or node["id"].split(":", 1)[-1])
    if t == "Article":
        return str(node.get("title") or node["id"])
    for key in ("name", "text", "label", "title"):
        if node.get(key):
            return str(node[key])
    return str(node["id"])


def _node_title(node: Mapping[str, Any]) -> str:
    return "\n".join(f"{k}: {v}" for k, v in node.items() if v is not None and v != "")


def graph_data(article: Article) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The vis-network nodes and edges of the article's graph, built with ``pyvis``.

    article (Article): The extraction; its ``graph`` is drawn.
    RETURNS (tuple[list[dict], list[dict]]): Nodes (``id``, ``label``, ``title``, ``color``, ``group``) and edges
        (``from``, ``to``, ``label``, ``arrows``).
    """
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")
    graph = article.graph.to_dict() if article.graph is not None else {"nodes": [], "edges": []}
    ids = set()
    for node in graph["nodes"]:
        t = node.get("type", "")
        size = {"Article": 28, "PolicyCategory": 22, "Paragraph": 10}.get(t, 14)
        # pyvis drops a node's colour when it has a group: the colours come from the ``groups`` option
        net.add_node(node["id"], label=_node_label(node)[:24], title=_node_title(node), group=t, shape="dot",
                     size=size)
        ids.add(node["id"])
    for edge in graph["edges"]:
        if edge["source"] in ids and edge["target"] in ids:
            net.add_edge(edge["source"], edge["target"], label=edge["type"], title=edge["type"])
    nodes, edges, *_ = net.get_network_data()
    return list(nodes), list(edges)


def _vis_assets() -> tuple[str, str]:
    lib = resources.files("pyvis").joinpath("lib", "vis-9.1.2")
    js = lib.joinpath("vis-network.min.js").read_text("utf-8")
    css = lib.joinpath("vis-network.css").read_text("utf-8")
    return js, css


def _script_json(value: Any) -> str:
    """JSON to embed in a ``<script>`` element: ``<``, ``>`` and ``&`` become ``\\u003c`` ..., so no text of an
    article (``</script>``, ``<!--<script>`` which would keep the element open) can end or change the element;
    U+2028/U+2029 are escaped too. Strict JSON (no NaN/Infinity)."""
    text = dumps_strict(value)
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                    ("\u2029", "\\u2029")):
        text = text.replace(ch, esc)
    return text


_GRAPH_OPTIONS = {
    "nodes": {"font": {"size": 22, "face": "Noto Sans CJK SC, sans-serif"}, "borderWidth": 1},
    "edges": {"font": {"size": 14, "align": "middle", "color": "#546e7a"}, "color": {"color": "#b0bec5"},
              "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}}, "smooth": False},
    "physics": {"solver": "forceAtlas2Based",
                "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 90, "avoidOverlap": 0.4},
                "stabilization": {"enabled": True, "iterations": 400, "fit": True}},
    "interaction": {"hover": True, "tooltipDelay": 120},
    "groups": {t: {"color": {"background": c, "border": c, "highlight": {"background": c, "border": "#000"}}}
               for t, c in NODE_COLORS.items()},
    "layout": {"randomSeed": 7},
}

_GRAPH_JS = """
(function () {
  var container = document.getElementById("zh-graph");
  var nodes = new vis.DataSet(%(nodes)s);
  var edges = new vis.DataSet(%(edges)s);
  var network = new vis.Network(container, {nodes: nodes, edges: edges}, %(options)s);
  function ready() {
    network.setOptions({physics: false});
    network.fit();
    document.body.dataset.graphReady = "1";
  }
  if (nodes.length === 0) { ready(); return; }
  network.once("stabilizationIterationsDone", ready);
  window.zhNetwork = network;
})();
"""

_CSS = """
body { font-family: %(font)s; margin: 0; padding: 1.5rem 2rem 3rem; color: #212121; background: #fff;
       line-height: 1.6; }
h1 { font-size: 1.6rem; margin: 0 0 .8rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .6rem; border-bottom: 1px solid #e0e0e0; padding-bottom: .2rem; }
#zh-metadata { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0;
               background: #fafafa; border: 1px solid #e0e0e0; padding: .6rem 1rem; border-radius: 6px; }
#zh-metadata dt { font-weight: bold; color: #555; }
#zh-metadata dd { margin: 0; }
.zh-legend { display: flex; flex-wrap: wrap; gap: .4rem 1rem; margin: .4rem 0; padding: 0; list-style: none; }
.zh-legend li { display: flex; align-items: center; gap: .35rem; font-size: .9rem; }
.zh-swatch { display: inline-block; width: 1.1rem; height: 1.1rem; border-radius: 3px;
             border: 1px solid rgba(0,0,0,.25); }
.zh-count { color: #757575; font-size: .8rem; }
.zh-para { border-left: 6px solid #ccc; margin: .45rem 0; padding: .2rem .8rem; border-radius: 0 6px 6px 0; }
.zh-para-head { font-size: .75rem; color: #555; }
.zh-para .entities { line-height: 2.2 !important; }
mark.zh-amount, mark.zh-ent { padding: .1em .3em; margin: 0 .1em; border-radius: .3em; line-height: 1;
                              cursor: help; color: inherit; }
mark.zh-amount { border: 1px solid #bf8f00; font-weight: bold; }
mark.zh-quantity { border-color: #00838f; }
mark.zh-ent { border: 1px dashed rgba(0,0,0,.3); }
.zh-tag { font-size: .62em; font-weight: bold; margin-left: .3em; vertical-align: middle; color: #37474f; }
mark.zh-ent .zh-tag { font-weight: normal; }
#zh-graph { width: 100%%; height: 720px; border: 1px solid #e0e0e0; border-radius: 6px; background: #fff; }
table.zh-table { border-collapse: collapse; font-size: .85rem; }
table.zh-table th, table.zh-table td { border: 1px solid #e0e0e0; padding: .15rem .5rem; text-align: left; }
table.zh-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
.zh-note { color: #8d6e63; font-size: .85rem; }
footer { margin-top: 2rem; color: #9e9e9e; font-size: .8rem; }
"""


def _metadata_block(article: Article) -> str:
    md = article.metadata
    rows = [("title", "标题 title", md.title), ("published", "发布 published", md.published),
            ("source", "来源 source", md.source), ("editors", "编辑 editors", "、".join(md.editors)),
            ("authors", "作者 authors", "、".join(md.authors))]
    items = "".join(f'<dt>{_esc(label)}</dt><dd data-field="{key}">{_esc(value or "—")}</dd>'
                    for key, label, value in rows)
    return f'<dl id="zh-metadata">{items}</dl>'


def _legend(cats: list[tuple[str, str]], colors: Mapping[str, tuple[str, str]],
            counts: Mapping[str, int]) -> str:
    items = []
    for cid, label in cats:
        strong, tint = colors[cid]
        items.append(f'<li data-legend-category="{_esc(cid)}"><span class="zh-swatch" '
                     f'style="background: {tint}; border-left: 5px solid {strong};"></span>'
                     f'{_esc(label or cid)} <code>{_esc(cid)}</code>'
                     f'<span class="zh-count">×{counts.get(cid, 0)}</span></li>')
    marks = "".join(f'<li data-legend-mark="{k}"><span class="zh-swatch" style="background: {v};"></span>'
                    f'{k} <span class="zh-count">{_esc(MARK_LABELS[k])}</span></li>'
                    for k, v in MARK_COLORS.items())
    return (f'<ul class="zh-legend" id="zh-category-legend">{"".join(items)}</ul>'
            f'<ul class="zh-legend" id="zh-mark-legend">{marks}</ul>')


def _amount_table(article: Article) -> str:
    head = "".join(f"<th>{h}</th>" for h in ("#", "text", "value", "unit", "kind", "approx", "category",
                                             "agent", "object", "¶"))
    rows = []
    for i, a in enumerate(article.amounts):
        cells = [str(i + 1), _esc(a.text), format_number(a.value) + (f"–{format_number(a.high)}" if a.high else ""),
                 _esc(a.unit or ""), _esc(a.kind or ""), _esc(a.approx or ""), _esc(a.category or ""),
                 _esc(a.agent or ""), _esc(a.object or ""), "" if a.paragraph is None else str(a.paragraph)]
        tds = "".join(f'<td class="num">{c}</td>' if j in (0, 2, 9) else f"<td>{c}</td>"
                      for j, c in enumerate(cells))
        rows.append(f"<tr>{tds}</tr>")
    return (f'<details id="zh-amount-table"><summary>{len(article.amounts)} amounts as a table</summary>'
            f'<table class="zh-table"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
            f'</details>')


def render_html(article: Article, text: str, taxonomy: str | None = "five_tasks", graph: bool = True,
                title: str | None = None) -> str:
    """Render one article and its extraction as a self-contained HTML page.

    article (Article): The extraction of ``text`` (from ``zhnews_ie.extract``); its offsets index ``text``.
    text (str): The article text exactly as extracted.
    taxonomy (str | None): Taxonomy JSON path or packaged name, for the legend (all categories, in order).
        None lists only the categories the article uses. Defaults to "five_tasks".
    graph (bool): Whether to draw the article's graph (inlines vis-network from pyvis, about 0.7 MB; without
        pyvis installed the page says so instead). Defaults to True.
    title (str | None): The page title. Defaults to the article's title, else its doc id.
    RETURNS (str): The HTML page: no external resources, all CSS and JS inline.
    """
    cats = _taxonomy_categories(taxonomy, article)
    colors = category_colors(cid for cid, _ in cats)
    cat_labels = {cid: label for cid, label in cats}
    counts: dict[str, int] = {}
    for p in article.paragraphs:
        counts[p.category] = counts.get(p.category, 0) + 1

    paras_html = []
    left_out: list[Any] = []
    placed_amounts: set[tuple[int, int]] = set()
    for p in article.paragraphs:
        amounts = [a for a in article.amounts if a.paragraph == p.index or (p.start <= a.start < p.end)]
        entities = [e for e in article.entities if e.paragraph == p.index or (p.start <= e.start < p.end)]
        spans, dropped = _paragraph_spans(p, amounts, entities, cat_labels)
        left_out.extend(dropped)
        placed_amounts.update((s["start"] + p.start, s["end"] + p.start) for s in spans if s["label"] in
                              ("MONEY", "QUANTITY"))
        strong, tint = colors[p.category]
        attrs = _attrs({"data-paragraph": p.index, "data-category": p.category, "data-role": p.role,
                        "data-start": p.start, "data-end": p.end})
        head = (f'<div class="zh-para-head">¶{p.index} · {_esc(p.category_label or cat_labels.get(p.category) or p.category)} '
                f'<code>{_esc(p.category)}</code> · {_esc(p.role)}'
                + (f' · cues: {_esc("、".join(p.cues[:8]))}' if p.cues else "") + "</div>")
        paras_html.append(f'<div class="zh-para" {attrs} style="background: {tint}; border-left-color: {strong};">'
                          f'{head}{_render_paragraph(text[p.start:p.end], spans)}</div>')
    unplaced = [a for a in article.amounts if (a.start, a.end) not in placed_amounts]
    note = ""
    if unplaced:
        note = ('<p class="zh-note" id="zh-unplaced">Amounts outside any paragraph or overlapping another: '
                + "、".join(f"{_esc(a.text)} ({_esc(amount_display(a))})" for a in unplaced) + "</p>")

    page_title = title or article.metadata.title or article.doc_id
    graph_html = ""
    head_assets = ""
    graph_script = '<script>document.body.dataset.graphReady = "1";</script>'  # replaced when drawn
    try:
        import pyvis  # noqa: F401
    except ImportError:
        if graph:
            graph_html = ('<h2>Graph</h2><p class="zh-note" id="zh-graph-missing">The graph drawing needs pyvis: '
                          '<code>pip install pyvis</code></p>')
        graph = False
    if graph:
        nodes, edges = graph_data(article)
        js, css = _vis_assets()
        head_assets = f"<style>{css}</style>\n<script>{js}</script>"
        type_counts: dict[str, int] = {}
        for n in nodes:
            type_counts[n["group"]] = type_counts.get(n["group"], 0) + 1
        node_legend = "".join(
            f'<li data-legend-node="{t}"><span class="zh-swatch" style="background: {c}; border-radius: 50%;">'
            f'</span>{t}<span class="zh-count">×{type_counts.get(t, 0)}</span></li>'
            for t, c in NODE_COLORS.items())
        graph_html = (f'<h2>Graph</h2><ul class="zh-legend" id="zh-node-legend">{node_legend}</ul>'
                      f'<div id="zh-graph" data-nodes="{len(nodes)}" data-edges="{len(edges)}"></div>')
        graph_script = "<script>" + _GRAPH_JS % {
            "nodes": _script_json(nodes), "edges": _script_json(edges), "options": _script_json(_GRAPH_OPTIONS),
        } + "</script>"
    warnings = "".join(f'<p class="zh-note">warning: {_esc(w)}</p>' for w in article.warnings)
    summary = (f'{len(article.paragraphs)} paragraphs · {len(article.amounts)} amounts · '
               f'{len(article.entities)} entities · {len(article.dates)} dates')
    return f"""<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="zhnews_ie.render">
<title>{_esc(page_title)}</title>
<style>{_CSS % {"font": FONT_STACK}}</style>
{head_assets}
</head>
<body data-doc-id="{_esc(article.doc_id, quote=True)}">
<h1>{_esc(page_title)}</h1>
{_metadata_block(article)}
<h2>Categories and marks</h2>
{_legend(cats, colors, counts)}
<h2>Article <span class="zh-count">{summary}</span></h2>
{warnings}
<div id="zh-article">{"".join(paras_html)}</div>
{note}
{_amount_table(article)}
{graph_html}
<footer>zhnews_ie · doc {_esc(article.doc_id)} · hover an amount for its normalised value, kind, category, agent
and object.</footer>
{graph_script}
</body>
</html>
"""


# --------------------------------------------------------------------------------------------- report charts


def _exact(value: Any) -> Decimal:
    """A chart value as an exact finite Decimal (0 for anything else): no float, so any size is drawn."""
    d = finite_decimal(value)
    return Decimal(0) if d is None else d


def bar_chart_svg(items: Sequence[tuple], title: str, unit: str = "", width: int = 720,
                  bar_height: int = 20, label_width: int = 220, color: str = "#3949ab") -> str:
    """A horizontal bar chart as inline SVG.

    items (Sequence[tuple]): (label, value) or (label, value, colour) tuples, drawn in the given order.
    title (str): The chart title.
    unit (str): Appended to each value label. Defaults to "".
    width (int): SVG width in pixels. Defaults to 720.
    bar_height (int): Height of one bar in pixels. Defaults to 20.
    label_width (int): Width of the label column in pixels. Defaults to 220.
    color (str): Bar colour for items without their own. Defaults to "#3949ab".
    RETURNS (str): An ``<svg>`` element (with ``<title>`` tooltips per bar); an empty note when no items.
    """
    if not items:
        return f'<p class="zh-note">{_esc(title)}: no data</p>'
    top = 28
    gap = 6
    height = top + len(items) * (bar_height + gap) + 8
    vmax = max((_exact(item[1]) for item in items), default=Decimal(0))
    vmax = vmax if vmax > 0 else Decimal(1)
    plot = width - label_width - 130
    parts = [f'<svg class="zh-chart" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="{_esc(title, quote=True)}">',
             f'<text x="0" y="16" font-weight="bold" font-size="14">{_esc(title)}</text>']
    for i, item in enumerate(items):
        label, value = item[0], item[1]
        fill = item[2] if len(item) > 2 and item[2] else color
        y = top + i * (bar_height + gap)
        w = float(max(Decimal(0), _exact(value)) / vmax) * plot
        shown = f"{format_number(value)} {unit}".strip()
        parts.append(
            f'<g data-label="{_esc(str(label), quote=True)}" data-value="{_esc(exact_text(_exact(value)), quote=True)}">'
            f'<title>{_esc(str(label))}: {_esc(shown)}</title>'
            f'<text x="{label_width - 6}" y="{y + bar_height * 0.72:.1f}" text-anchor="end" font-size="12">'
            f'{_esc(str(label)[:20])}</text>'
            f'<rect x="{label_width}" y="{y}" width="{w:.1f}" height="{bar_height}" fill="{fill}" rx="2"/>'
            f'<text x="{label_width + w + 4:.1f}" y="{y + bar_height * 0.72:.1f}" font-size="11" fill="#444">'
            f'{_esc(shown)}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


REPORT_SECTIONS: tuple[tuple[str, str, str, str], ...] = (
    ("money_by_category", "category", "Money by policy category", "CNY"),
    ("money_by_agent", "organization", "Money by organisation (agent)", "CNY"),
    ("money_by_province", "province", "Money by province", "CNY"),
    ("counts_by_category", "category", "Households and persons by policy category", ""),
    ("money_other_currency", "unit", "Money in other currencies", ""),
)
"""Sections of ``report.corpus_report`` drawn by ``render_report_html``: (key, row name field, title, unit)."""


def _row_label(row: Mapping[str, Any], name_key: str) -> str:
    if name_key == "category":
        label = row.get("label") or row.get("category") or "?"
        return f"{label} · {row['unit']}" if row.get("unit") else str(label)
    return str(row.get(name_key) or "?")


def render_report_html(report_data: Mapping[str, Any], top: int = 20) -> str:
    """Render a corpus report as a self-contained HTML page of bar charts (inline SVG, no JS, no network).

    report_data (Mapping[str, Any]): The dict of ``report.corpus_report``: ``{"articles": n, "amounts": n,
        "excluded": {reason: n}, "money_by_category": [...], "money_by_agent": [...], "money_by_province":
        [...], "counts_by_category": [...], "money_other_currency": [...]}``, each row
        ``{"total": number, "amounts": int, "articles": int}`` plus its key fields (``category`` and ``label``,
        ``organization``, ``province`` and ``code``, ``unit``). Missing sections are left out; an optional
        ``"title"`` names the page.
    top (int): Most rows drawn per chart (largest first, as the report orders them). Defaults to 20.
    RETURNS (str): The HTML page: for each section, a chart of the figure (``total``) and one of the number of
        articles behind it (``articles``); category bars take the category colours.
    """
    title = str(report_data.get("title") or "zhnews_ie corpus report")
    cat_ids = [str(r.get("category")) for key in ("money_by_category", "counts_by_category")
               for r in report_data.get(key) or [] if r.get("category")]
    colors = category_colors(cat_ids)
    sections = []
    totals = {k: report_data[k] for k in ("articles", "amounts") if k in report_data}
    totals.update({f"excluded: {k}": v for k, v in (report_data.get("excluded") or {}).items()})
    if totals:
        rows = "".join(f'<tr><th>{_esc(str(k))}</th><td class="num" data-total="{_esc(str(k), quote=True)}">'
                       f'{_esc(format_number(v) if isinstance(v, (int, float, Decimal)) else str(v))}</td></tr>'
                       for k, v in totals.items())
        sections.append(f'<h2>Totals</h2><table class="zh-table" id="zh-totals">{rows}</table>')

    for key, name_key, heading, unit in REPORT_SECTIONS:
        rows = [r for r in (report_data.get(key) or []) if isinstance(r, Mapping)][:top]
        if not rows:
            continue
        charts = []
        count_title = f"Number of articles behind each figure: {heading[0].lower()}{heading[1:]}"
        for field, what in (("total", heading), ("articles", count_title)):
            items = [(_row_label(r, name_key), _exact(r.get(field)),
                      colors[str(r["category"])][0] if r.get("category") in colors else NODE_COLORS["Organization"])
                     for r in rows]
            if any(v > 0 for _, v, _ in items):
                chart = bar_chart_svg(items, what, unit=unit if field == "total" else "")
                charts.append(f'<div class="zh-chart-box" data-chart="{key}-{field}">{chart}</div>')
        if charts:
            sections.append(f'<h2 id="zh-{key}">{_esc(heading)}</h2>' + "".join(charts))
    if colors:
        legend = "".join(f'<li><span class="zh-swatch" style="background: {strong};"></span>{_esc(cid)}</li>'
                         for cid, (strong, _) in colors.items())
        sections.insert(0, f'<ul class="zh-legend" id="zh-category-legend">{legend}</ul>')
    return f"""<!DOCTYPE html>
<html lang="zh-Hans">
<head>
<meta charset="utf-8">
<meta name="generator" content="zhnews_ie.render">
<title>{_esc(title)}</title>
<style>{_CSS % {"font": FONT_STACK}}
.zh-chart-box {{ margin: .8rem 0; }}
.zh-chart text {{ font-family: {FONT_STACK}; }}</style>
</head>
<body>
<h1>{_esc(title)}</h1>
{"".join(sections)}
<footer>zhnews_ie report · sums as in <code>zhnews-ie report</code>: body paragraphs, no rates, money in CNY</footer>
</body>
</html>
"""
