"""Long documents are processed in windows of whole paragraphs: offsets stay exact and the records are those of
processing the document in one piece. Synthetic text only."""

from __future__ import annotations

import random

import pytest

import zhnews_ie
from zhnews_ie import pipeline
from zhnews_ie.pipeline import text_windows

ORGS = ["某某县扶贫办", "某某镇人民政府", "某某农业合作社", "某某县教育局"]
PLACES = ["贵州省", "遵义市", "成都市", "昆明市"]


def _long_text(n_paras: int, seed: int = 0) -> str:
    rng = random.Random(seed)
    lines = ["某某县多措并举推进脱贫攻坚", "2019-05-09 13:26:36 来源：某某日报"]
    for i in range(n_paras):
        org, place = rng.choice(ORGS), rng.choice(PLACES)
        lines.append(f"{i + 1}月，{place}{org}投入资金{rng.randrange(1, 999)}万元，修建道路{rng.randrange(2, 40)}公里，"
                     f"帮助{rng.randrange(10, 900)}户贫困户增收，人均增收{rng.randrange(100, 5000)}元。")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("text,size", [
    ("一二三\n四五六\n七八九\n", 5),
    ("资金12345万元。道路3公里。", 6),
    ("a" * 50, 7),
    ("共计123456789元整", 5),
    ("", 5),
])
def test_windows_cover_the_text_and_never_cut_a_number(text, size):
    spans = text_windows(text, size)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(s < e for s, e in spans)
    for s, e in spans[:-1]:
        if text[e - 1].isdigit() and text[e].isdigit() or text[e - 1] in "万亿" and text[e - 2].isdigit():
            pytest.fail(f"cut inside a number at {e}")


def test_windowed_extraction_equals_one_piece(nlp, monkeypatch):
    text = _long_text(40)
    whole = zhnews_ie.extract(text, doc_id="x", nlp=nlp)
    monkeypatch.setattr(pipeline, "WINDOW_CHARS", 600)
    assert len(text_windows(text, 600)) >= 4
    parts = zhnews_ie.extract(text, doc_id="x", nlp=nlp)
    for a in parts.amounts + parts.entities + parts.dates:
        assert text[a.start:a.end] == a.text
    key = lambda xs, f: [tuple(getattr(x, k) for k in f) for x in xs]  # noqa: E731
    assert key(parts.paragraphs, ("index", "start", "end", "role", "category")) == \
        key(whole.paragraphs, ("index", "start", "end", "role", "category"))
    assert key(parts.amounts, ("start", "end", "value", "unit", "qualifier", "paragraph")) == \
        key(whole.amounts, ("start", "end", "value", "unit", "qualifier", "paragraph"))
    assert key(parts.entities, ("start", "end", "label", "paragraph")) == \
        key(whole.entities, ("start", "end", "label", "paragraph"))
    assert key(parts.dates, ("start", "end", "value")) == key(whole.dates, ("start", "end", "value"))
    assert parts.metadata == whole.metadata
    agree = sum(a.agent == b.agent for a, b in zip(parts.amounts, whole.amounts))
    assert agree == len(whole.amounts)


def test_batch_processes_long_documents_in_windows(tmp_path, nlp, monkeypatch):
    from zhnews_ie import batch

    monkeypatch.setattr(pipeline, "WINDOW_CHARS", 600)
    monkeypatch.setattr(batch, "WINDOW_CHARS", 600)
    text = _long_text(30, seed=1)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(text, "utf-8")
    (tmp_path / "in" / "short.txt").write_text("村里投入资金5万元。", "utf-8")
    r = batch.run_batch([tmp_path / "in"], tmp_path / "out", nlp=nlp, progress=False, use_store=False)
    assert (r.ok, r.errors) == (2, 0)
    import json

    arts = {a["doc_id"]: a for a in map(json.loads, (tmp_path / "out" / "articles.jsonl").read_text("utf-8").splitlines())}
    whole = zhnews_ie.extract(text, doc_id="long", nlp=nlp)  # windowed as well here; offsets must be exact
    assert [(a["start"], a["end"]) for a in arts["long"]["amounts"]] == [(a.start, a.end) for a in whole.amounts]
    assert all(text[a["start"]:a["end"]] == a["text"] for a in arts["long"]["amounts"])
