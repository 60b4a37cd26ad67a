"""Batch processing: bad inputs become error records and the batch goes on; resume after kill -9; pickling."""

from __future__ import annotations

import json
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from zhnews_ie.batch import iter_inputs, run_batch, truncate_partial_line

ROOT = Path(__file__).resolve().parents[1]
SHORT = "贵阳海关协调项目资金4879.5万元，帮助562户贫困户。"


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []


def _run(inputs, out, nlp, **kw):
    return run_batch([str(i) for i in inputs], out, nlp=nlp, progress=False, **kw)


def _check_counts(result, out: Path) -> None:
    assert result.ok + result.errors + result.skipped == result.inputs
    arts, errs = _lines(out / "articles.jsonl"), _lines(out / "errors.jsonl")
    ids = [a["doc_id"] for a in arts]
    assert len(ids) == len(set(ids))
    assert len(arts) + len(errs) >= result.ok + result.errors


@pytest.fixture()
def good_dir(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "a.txt").write_text(SHORT, "utf-8")
    (d / "sub" / "b.txt").write_text("拱北海关送去资金1.6万元。", "utf-8")
    (d / "notes.md").write_text("ignored: not *.txt", "utf-8")
    return d


@pytest.mark.parametrize("name,data,code", [
    ("empty.txt", b"", "E002"),
    ("blank.txt", b"  \n\n ", "E002"),
    ("gbk.txt", "贵阳海关协调资金".encode("gb18030"), "E003"),
    ("binary.txt", bytes(range(256)) * 8, "E004"),
])
def test_bad_file_gives_error_record_and_batch_goes_on(tmp_path, good_dir, nlp, name, data, code):
    (good_dir / name).write_bytes(data)
    out = tmp_path / "out"
    result = _run([good_dir], out, nlp)
    _check_counts(result, out)
    assert (result.inputs, result.ok, result.errors) == (3, 2, 1)
    [err] = _lines(out / "errors.jsonl")
    assert err["code"] == code and err["id"] == name[:-4] and err["source"].endswith(name) and err["error"]
    assert sorted(a["doc_id"] for a in _lines(out / "articles.jsonl")) == ["a", "sub/b"]


def test_20mb_document_is_refused_without_stopping(tmp_path, good_dir, nlp):
    big = good_dir / "big.txt"
    with big.open("wb") as fh:
        line = ("扶贫资金" * 250 + "\n").encode("utf-8")
        for _ in range(20 * 1024 * 1024 // len(line) + 1):
            fh.write(line)
    assert big.stat().st_size >= 20 * 1024 * 1024
    jsonl = tmp_path / "big.jsonl"
    jsonl.write_text(json.dumps({"id": "huge", "text": "扶贫" * 600_000}, ensure_ascii=False) + "\n", "utf-8")
    out = tmp_path / "out"
    result = _run([good_dir, jsonl], out, nlp)
    _check_counts(result, out)
    assert (result.inputs, result.ok, result.errors) == (4, 2, 2)
    assert {(e["id"], e["code"]) for e in _lines(out / "errors.jsonl")} == {("big", "E005"), ("huge", "E005")}


def test_jsonl_bad_lines(tmp_path, nlp):
    src = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"id": "j1", "text": SHORT, "site": "gov.cn", "tags": ["a"]}, ensure_ascii=False),
        '{"id": "j2", "text": "broken',                                    # not JSON
        "",                                                                 # blank: not an input
        json.dumps({"id": "j3", "text": ""}),                               # empty text
        json.dumps(["not", "an", "object"]),                                # not an object
        json.dumps({"text": "没有编号"}, ensure_ascii=False),                # no id
        json.dumps({"id": "j1", "text": "重复的编号"}, ensure_ascii=False),   # duplicate id
        json.dumps({"id": 7, "text": "整数编号也可以，资金3万元。"}, ensure_ascii=False),
        json.dumps({"id": "j8", "text": "no Chinese at all"}),               # W001: empty but valid
        json.dumps({"id": "j9", "text": "\x00\x01\x02\x03" * 50}),           # binary-looking text
    ]
    src.write_bytes(("\n".join(lines) + "\n").encode("utf-8") + b'{"id": "j10", "text": "\xff\xfe"}\n')
    out = tmp_path / "out"
    result = _run([src], out, nlp)
    _check_counts(result, out)
    assert (result.inputs, result.ok, result.errors) == (10, 3, 7)
    codes = {e["source"].rsplit(":", 1)[1]: e["code"] for e in _lines(out / "errors.jsonl")}
    assert codes == {"2": "E009", "4": "E002", "5": "E009", "6": "E009", "7": "E010", "10": "E004", "11": "E003"}
    arts = {a["doc_id"]: a for a in _lines(out / "articles.jsonl")}
    assert set(arts) == {"j1", "7", "j8"}
    assert arts["j1"]["metadata"]["extra"] == {"site": "gov.cn", "tags": ["a"]}
    assert arts["j1"]["amounts"][0]["value"] == 48795000
    assert arts["j8"]["warnings"] and arts["j8"]["amounts"] == []


def test_inputs_globs_missing_and_ids(tmp_path, good_dir):
    recs = list(iter_inputs([str(good_dir / "**" / "*.txt"), str(tmp_path / "nope.txt"), str(good_dir / "a.txt")]))
    assert [(r.id, r.code) for r in recs] == [("a", None), ("sub/b", None), (str(tmp_path / "nope.txt"), "E001"),
                                              ("a", None)]  # ids: relative path without .txt, like extract


def test_rerun_skips_done_and_duplicates_are_errors(tmp_path, good_dir, nlp):
    out = tmp_path / "out"
    first = _run([good_dir], out, nlp)
    assert (first.ok, first.errors, first.skipped) == (2, 0, 0)
    (good_dir / "c.txt").write_text("新增资金5万元。", "utf-8")
    second = _run([good_dir, good_dir / "a.txt"], out, nlp)  # a.txt again from a second input: same id
    _check_counts(second, out)
    assert (second.inputs, second.ok, second.errors, second.skipped) == (4, 1, 1, 2)
    assert [e["code"] for e in _lines(out / "errors.jsonl")] == ["E010"]
    third = _run([good_dir, good_dir / "a.txt"], out, nlp)
    assert (third.inputs, third.ok, third.errors, third.skipped) == (4, 0, 0, 4)
    assert len(_lines(out / "articles.jsonl")) == 3


def test_force_counts_a_duplicate_as_an_error_record(tmp_path, good_dir, nlp):
    out = tmp_path / "out"
    inputs = [good_dir, good_dir / "a.txt"]  # a.txt twice: the second is an E010 record
    first = _run(inputs, out, nlp)
    assert (first.inputs, first.ok, first.errors, first.skipped, first.codes) == (3, 2, 1, 0, {"E010": 1})
    forced = _run(inputs, out, nlp, force=True)  # --force processes every input again, the duplicate too
    _check_counts(forced, out)
    assert (forced.inputs, forced.ok, forced.errors, forced.skipped, forced.codes) == (3, 2, 1, 0, {"E010": 1})
    assert "errors 1 (E010 ×1), skipped 0 (already done)" in forced.summary()
    assert [(e["id"], e["code"]) for e in _lines(out / "errors.jsonl")] == [("a", "E010")]  # still one line
    assert len(_lines(out / "articles.jsonl")) == 2
    again = _run(inputs, out, nlp)  # without --force: all three done
    assert (again.ok, again.errors, again.skipped) == (0, 0, 3)


def test_partial_last_line_is_truncated(tmp_path, good_dir, nlp):
    out = tmp_path / "out"
    _run([good_dir], out, nlp)
    arts = out / "articles.jsonl"
    whole = arts.read_bytes()
    first_line = whole.split(b"\n")[0] + b"\n"
    arts.write_bytes(first_line + b'{"doc_id": "sub/b.txt", "metadata": {"ti')  # killed mid-write
    result = _run([good_dir], out, nlp)
    assert (result.ok, result.skipped) == (1, 1)
    assert sorted(a["doc_id"] for a in _lines(arts)) == ["a", "sub/b"]
    p = tmp_path / "x.jsonl"
    p.write_bytes(b"no newline at all")
    assert truncate_partial_line(p) == 17 and p.read_bytes() == b""


def test_pipeline_pickles_and_doc_extensions_round_trip(nlp, seed_text):
    nlp2 = pickle.loads(pickle.dumps(nlp))
    doc = nlp(seed_text)
    doc2 = nlp2(seed_text)
    assert [t.text for t in doc] == [t.text for t in doc2]
    texts = [seed_text, SHORT, seed_text[:300]]
    docs = list(nlp.pipe(texts, n_process=2, batch_size=1))
    for name in ("zhnews_amounts", "zhnews_dates", "zhnews_metadata", "zhnews_paragraphs", "zhnews_links",
                 "zhnews_roles"):
        assert getattr(docs[0]._, name) == getattr(doc._, name), name
    assert docs[0].to_json() == doc.to_json()


def test_batch_two_processes_matches_one(tmp_path, nlp, seed_text):
    src = tmp_path / "in.jsonl"
    paras = [p for p in seed_text.splitlines() if p.strip()][:8]
    src.write_text("".join(json.dumps({"id": f"p{i}", "text": t}, ensure_ascii=False) + "\n"
                           for i, t in enumerate(paras)), "utf-8")
    r1 = _run([src], tmp_path / "one", nlp, use_store=False)
    r2 = _run([src], tmp_path / "two", nlp, n_process=2, batch_size=2, use_store=False)
    assert r1.ok == r2.ok == len(paras)
    assert _lines(tmp_path / "one" / "articles.jsonl") == _lines(tmp_path / "two" / "articles.jsonl")


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), env.get("PYTHONPATH", "")])
    return env


def test_kill_minus_9_then_resume(tmp_path, seed_text):
    """A real `zhnews-ie batch` process killed with SIGKILL mid-way; the re-run neither loses nor duplicates."""
    from zhnews_ie.graph.store import GraphStore

    paras = [p for p in seed_text.splitlines() if len(p.strip()) > 20]
    src = tmp_path / "in.jsonl"
    n = 36
    src.write_text("".join(json.dumps({"id": f"doc/{i:02d}", "text": paras[i % len(paras)]}, ensure_ascii=False)
                           + "\n" for i in range(n)), "utf-8")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "zhnews_ie.cli", "batch", str(src), "--out", str(out), "--batch-size", "1",
           "--no-progress"]
    proc = subprocess.Popen(cmd, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    arts = out / "articles.jsonl"
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None:
        if arts.exists() and arts.read_bytes().count(b"\n") >= 3:
            break
        time.sleep(0.02)
    killed = proc.poll() is None
    if killed:
        proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    assert not killed or proc.returncode == -signal.SIGKILL
    before = arts.read_bytes().count(b"\n")
    done = subprocess.run(cmd, env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"inputs {n}:" in done.stderr and f"skipped {before}" in done.stderr
    ids = [a["doc_id"] for a in _lines(arts)]
    assert sorted(ids) == sorted(f"doc/{i:02d}" for i in range(n))  # nothing lost, nothing twice
    assert _lines(out / "errors.jsonl") == []
    store = GraphStore(out / "store", read_only=True)
    assert store.article_ids() == sorted(ids)
    _, rows = store.select("SELECT ?g (COUNT(?a) AS ?n) WHERE { GRAPH ?g { ?a a schema:NewsArticle } } GROUP BY ?g",
                           union=False)
    assert all(count == 1 for _, count in rows) and len(rows) == n


def test_cli_batch_errors_are_coded(tmp_path):
    res = subprocess.run([sys.executable, "-m", "zhnews_ie.cli", "batch", str(tmp_path), "--out", str(tmp_path / "o"),
                          "--encoding", "klingon"], env=_env(), capture_output=True, text=True, timeout=120)
    assert res.returncode == 2 and "E006" in res.stderr and "Traceback" not in res.stderr
