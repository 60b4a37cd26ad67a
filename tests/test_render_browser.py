"""The seed's HTML view in headless Chromium (Debian's ``chromium``, driven by Playwright without its own browser).

Saves a full-page screenshot as the test artefact ``test-artifacts/seed.png`` and checks that the page loads
with no console errors and no network requests, that every gold amount of the seed is a mark with the right
data attributes, that the five task colours tint their paragraphs, and that the Chinese text is drawn with a
CJK font (the platform fonts Chromium used for the article, read over the DevTools protocol).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import zhnews_ie
from zhnews_ie.render import CATEGORY_COLORS, render_html

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts"
FIVE_TASKS = ("party_building", "industry", "education", "employment", "infrastructure")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):  # .ci/run installs chromium and playwright: in CI the browser test must run
        pytest.fail(f"{reason} (CI installs it through .ci/run)")
    pytest.skip(reason)


def _rgb(hex_color: str) -> str:
    h = hex_color.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))


@pytest.fixture(scope="module")
def browser_page(nlp, seed_text, tmp_path_factory):
    exe = chromium_path()
    if exe is None:
        _unavailable("headless Chromium is absent: apt-get install chromium fonts-noto-cjk")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("playwright is not installed: pip install '.[test]'")
    article = zhnews_ie.extract(seed_text, doc_id="000_c51bca92e9469e1b", nlp=nlp)
    tmp = tmp_path_factory.mktemp("render")
    page_path = tmp / "seed.html"
    page_path.write_text(render_html(article, seed_text), encoding="utf-8")
    log: dict[str, list] = {"console": [], "errors": [], "requests": []}
    with sync_playwright() as pw:
        # a fresh profile per run; Playwright takes it as user_data_dir (it refuses --user-data-dir in args)
        context = pw.chromium.launch_persistent_context(
            str(tmp / "profile"), executable_path=exe, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 1000}, device_scale_factor=1)
        try:
            def route(r):
                if r.request.url.startswith(("file:", "data:", "blob:", "about:")):
                    r.continue_()
                else:
                    log["requests"].append(r.request.url)
                    r.abort()

            context.route("**/*", route)
            page = context.new_page()
            page.on("console", lambda m: log["console"].append((m.type, m.text)))
            page.on("pageerror", lambda e: log["errors"].append(str(e)))
            page.goto(page_path.as_uri(), wait_until="load")
            page.wait_for_function("document.body.dataset.graphReady === '1'", timeout=90_000)
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "seed.png"), full_page=True)
            yield page, article, log
        finally:
            context.close()


def test_loads_without_errors_or_network(browser_page):
    page, _, log = browser_page
    assert not log["errors"], log["errors"]
    assert not [m for m in log["console"] if m[0] == "error"], log["console"]
    assert not log["requests"], f"the page asked the network for {log['requests']}"
    assert (ARTIFACTS / "seed.png").stat().st_size > 50_000
    assert page.title() == "贵阳海关:聚焦“五大任务” 助力脱贫攻坚"


def test_every_gold_amount_in_the_dom(browser_page, seed_gold):
    page, article, _ = browser_page
    marks = page.eval_on_selector_all(
        "mark.zh-amount",
        "els => els.map(e => ({start: +e.dataset.amountStart, end: +e.dataset.amountEnd, value: e.dataset.value,"
        " unit: e.dataset.unit, title: e.title, visible: e.getBoundingClientRect().width > 0,"
        " text: e.firstChild.textContent}))")
    assert len(marks) == len(article.amounts)
    by_span = {(m["start"], m["end"]): m for m in marks}
    assert len([g for g in seed_gold["amounts"] if not g.get("optional")]) == 52
    for g in seed_gold["amounts"]:
        m = by_span.get((g["start"], g["end"]))
        if m is None and g.get("optional"):  # an optional gold amount (一年下来) may be left out
            continue
        assert m is not None, f"no mark for gold amount {g['text']} at {g['start']}"
        assert float(m["value"]) == pytest.approx(g["value"]) and m["unit"] == g["unit"], (g, m)
        assert m["text"] == g["text"] and m["visible"], (g, m)
    assert by_span[(327, 334)]["title"].startswith("452,800 CNY")


def test_five_task_colours_on_paragraphs(browser_page):
    page, article, _ = browser_page
    paras = page.eval_on_selector_all(
        "div.zh-para", "els => els.map(e => ({cat: e.dataset.category, bg: getComputedStyle(e).backgroundColor,"
                       " border: getComputedStyle(e).borderLeftColor}))")
    assert len(paras) == len(article.paragraphs)
    seen = {}
    for p in paras:
        strong, tint = CATEGORY_COLORS[p["cat"]]
        assert p["bg"] == _rgb(tint) and p["border"] == _rgb(strong), p
        seen[p["cat"]] = p["bg"]
    assert set(FIVE_TASKS) <= set(seen)
    assert len({seen[c] for c in FIVE_TASKS}) == 5
    legend = page.eval_on_selector_all("[data-legend-category]", "els => els.map(e => e.dataset.legendCategory)")
    assert set(FIVE_TASKS) <= set(legend)


def test_entities_metadata_and_graph_in_the_dom(browser_page, seed_gold):
    page, article, _ = browser_page
    labels = page.eval_on_selector_all("mark.zh-ent", "els => [...new Set(els.map(e => e.dataset.entLabel))]")
    assert set(labels) == {"ORG", "LOC", "PER"}
    assert page.inner_text('#zh-metadata dd[data-field="source"]') == seed_gold["metadata"]["source"]
    assert page.inner_text('#zh-metadata dd[data-field="published"]') == seed_gold["metadata"]["published"]
    assert page.eval_on_selector("#zh-graph canvas", "c => c.width * c.height") > 0
    assert page.evaluate("window.zhNetwork.body.data.nodes.length") == len(article.graph.nodes)
    assert page.evaluate("window.zhNetwork.body.data.edges.length") == len(article.graph.edges)


def test_chinese_is_drawn_with_a_cjk_font(browser_page):
    page, _, _ = browser_page
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    used: dict[str, int] = {}
    for selector in ("h1", "#zh-article .zh-para:nth-child(5) .entities"):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        for font in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]:
            used[font["familyName"]] = used.get(font["familyName"], 0) + font["glyphCount"]
    cjk = {name: n for name, n in used.items() if "CJK" in name or "Han" in name or "Hei" in name}
    assert cjk and sum(cjk.values()) >= 0.8 * sum(used.values()), used
