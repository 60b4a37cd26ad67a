"""Batch failures: a component raising on some documents, a worker process dying; n_process 1 and 2 agree."""

from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from zhnews_ie.batch import E_WORKER_DIED, _ERROR_USER_DATA, _record_pipeline_error, run_batch
from zhnews_ie.pipeline import WINDOW_CHARS, build

GOOD = "贵州省黎平县人民政府投入45.28万元。"
LONG_LINES = 1200  # 1200 lines of 20 characters: the long document has two windows (WINDOW_CHARS = 20,000)
_TRACE_ENV = "ZHNEWS_TEST_DIE_TRACE"


@Language.component("test_batch_boom")
def _boom(doc: Doc) -> Doc:
    for marker in ("BOOM1", "BOOM2", "BOOM3"):
        if marker in doc.text:
            raise RuntimeError(f"failure {marker}")
    return doc


@Language.component("test_batch_die")
def _die(doc: Doc) -> Doc:
    """Stands for a worker killed by the out-of-memory killer or a crash in a C extension."""
    if "DIE" in doc.text:
        trace = os.environ.get(_TRACE_ENV)
        if trace:
            with open(trace, "a", encoding="utf-8") as fh:
                fh.write(f"{os.getpid()}\n")
        if "DIE9" in doc.text:
            os.kill(os.getpid(), signal.SIGKILL)
        os._exit(1)
    return doc


@pytest.fixture(scope="module")
def failing_nlp():
    nlp = build()
    nlp.add_pipe("test_batch_boom", before="zhnews_ie_char_ner")
    nlp.add_pipe("test_batch_die", first=True)
    return nlp


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []


def _write_jsonl(path: Path, docs: list[tuple[str, str]]) -> Path:
    path.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in docs), "utf-8")
    return path


def _long(marker_line: int) -> str:
    lines = [GOOD] * LONG_LINES
    lines.insert(marker_line, "BOOM3")
    return "\n".join(lines) + "\n"


BOOM_DOCS = [
    ("b1", "BOOM1 " + GOOD),
    ("g1", GOOD),
    ("b2", "BOOM2 " + GOOD),
    ("long2", _long(LONG_LINES - 10)),  # BOOM3 in the second window: processed by nlp.pipe over the windows
    ("g2", "拱北海关送去资金1.6万元。"),
    ("long1", _long(5)),  # BOOM3 in the first window: processed by nlp(text)
    ("g3", GOOD),
]
# (id, expected message ending) checked by hand: each failing document has its own message
EXPECTED_ERRORS = [
    ("b1", "test_batch_boom: RuntimeError: failure BOOM1"),
    ("b2", "test_batch_boom: RuntimeError: failure BOOM2"),
    ("long2", "test_batch_boom: RuntimeError: failure BOOM3"),
    ("long1", "test_batch_boom: RuntimeError: failure BOOM3"),
]
EXPECTED_ARTICLES = ["g1", "g2", "g3"]


def test_long_documents_have_two_windows():
    assert len(_long(0)) > WINDOW_CHARS
    assert _long(LONG_LINES - 10).index("BOOM3") > WINDOW_CHARS > _long(5).index("BOOM3")


@pytest.fixture(scope="module")
def boom_runs(failing_nlp, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("boom")
    src = _write_jsonl(tmp / "in.jsonl", BOOM_DOCS)
    runs = {}
    for n, bs in ((1, 32), (1, 2), (2, 2), (2, 32)):
        out = tmp / f"out{n}_{bs}"
        result = run_batch([str(src)], out, n_process=n, batch_size=bs, nlp=failing_nlp, progress=False,
                           use_store=False)
        runs[n, bs] = (result, _lines(out / "articles.jsonl"), _lines(out / "errors.jsonl"))
    return runs


@pytest.mark.parametrize("run", [(1, 32), (1, 2), (2, 2), (2, 32)])
def test_each_failing_document_gets_its_own_error(boom_runs, run):
    result, articles, errors = boom_runs[run]
    assert (result.inputs, result.ok, result.errors) == (len(BOOM_DOCS), 3, 4)
    assert len(articles) + len(errors) == len(BOOM_DOCS)
    assert [a["doc_id"] for a in articles] == EXPECTED_ARTICLES
    assert [(e["id"], e["code"]) for e in errors] == [(i, "E011") for i, _ in EXPECTED_ERRORS]
    for err, (_, ending) in zip(errors, EXPECTED_ERRORS):
        assert err["error"] == f"the pipeline failed on this document: {ending}"


def test_one_and_two_processes_write_the_same_records(boom_runs):
    reference = boom_runs[1, 32][1:]
    for run in ((1, 2), (2, 2), (2, 32)):
        assert boom_runs[run][1:] == reference, run


def test_good_document_of_a_failing_chunk_equals_its_article_alone(boom_runs, failing_nlp, tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", [("g1", GOOD)])
    run_batch([str(src)], tmp_path / "out", nlp=failing_nlp, progress=False, use_store=False)
    [alone] = _lines(tmp_path / "out" / "articles.jsonl")
    assert boom_runs[1, 32][1][0] == alone


@pytest.mark.parametrize("marker,how", [("DIE", "os._exit(1)"), ("DIE9", "SIGKILL (kill -9)")])
def test_worker_death_is_retried_alone_and_the_batch_goes_on(failing_nlp, tmp_path, monkeypatch, marker, how):
    trace = tmp_path / "deaths.txt"
    monkeypatch.setenv(_TRACE_ENV, str(trace))
    docs = [(f"g{i}", GOOD) for i in range(3)] + [("dies", f"{marker} {GOOD}")] + [(f"h{i}", GOOD) for i in range(4)]
    src = _write_jsonl(tmp_path / "in.jsonl", docs)
    out = tmp_path / "out"
    result = run_batch([str(src)], out, n_process=2, batch_size=2, nlp=failing_nlp, progress=False,
                       use_store=False)
    articles, errors = _lines(out / "articles.jsonl"), _lines(out / "errors.jsonl")
    assert (result.inputs, result.ok, result.errors) == (8, 7, 1), how
    assert sorted(a["doc_id"] for a in articles) == sorted(i for i, _ in docs if i != "dies")
    [err] = errors
    assert (err["id"], err["code"]) == ("dies", "E011")
    assert "worker process died" in err["error"]
    assert len(trace.read_text().split()) == 2  # in its chunk, then once alone: never retried in a loop
    rerun = run_batch([str(src)], out, n_process=2, batch_size=2, nlp=failing_nlp, progress=False,
                      use_store=False)
    assert (rerun.skipped, rerun.ok, rerun.errors) == (8, 0, 0)


def test_worker_death_with_long_and_raising_documents(failing_nlp, tmp_path):
    docs = [("g0", GOOD), ("b1", "BOOM1 " + GOOD), ("dies", "DIE " + GOOD), ("long2", _long(LONG_LINES - 10)),
            ("g1", GOOD)]
    src = _write_jsonl(tmp_path / "in.jsonl", docs)
    out = tmp_path / "out"
    result = run_batch([str(src)], out, n_process=2, batch_size=3, nlp=failing_nlp, progress=False,
                       use_store=False)
    articles, errors = _lines(out / "articles.jsonl"), _lines(out / "errors.jsonl")
    assert (result.ok, result.errors) == (2, 3)
    assert [a["doc_id"] for a in articles] == ["g0", "g1"]
    assert {e["id"]: e["error"] for e in errors} == {
        "b1": "the pipeline failed on this document: test_batch_boom: RuntimeError: failure BOOM1",
        "dies": E_WORKER_DIED,
        "long2": "the pipeline failed on this document: test_batch_boom: RuntimeError: failure BOOM3",
    }


def test_swallowing_handler_marks_each_failing_doc(failing_nlp):
    d1, d2 = failing_nlp.make_doc("甲"), failing_nlp.make_doc("乙")
    _record_pipeline_error("comp_a", None, [d1], RuntimeError("one"))
    _record_pipeline_error("comp_b", None, [d2], ValueError("two"))
    assert d1.user_data[_ERROR_USER_DATA] == "comp_a: RuntimeError: one"
    assert d2.user_data[_ERROR_USER_DATA] == "comp_b: ValueError: two"


def test_pipeline_error_handler_is_restored(failing_nlp, tmp_path):
    before = failing_nlp.default_error_handler
    src = _write_jsonl(tmp_path / "in.jsonl", [("b1", "BOOM1 " + GOOD)])
    run_batch([str(src)], tmp_path / "out", nlp=failing_nlp, progress=False, use_store=False)
    assert failing_nlp.default_error_handler is before
    with pytest.raises(RuntimeError, match="failure BOOM1"):
        failing_nlp("BOOM1 " + GOOD)
