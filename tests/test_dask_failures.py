"""The Dask path with a component raising on some documents: the same records as ``run_batch``.

Dask's synchronous local scheduler runs the partitions in this process with a pipeline holding a raising test
component (``test_batch_boom`` of tests/test_batch_failures.py: its markers raise in any window)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

db = pytest.importorskip("dask.bag")
import dask  # noqa: E402

from zhnews_ie.batch import iter_inputs, run_batch  # noqa: E402
from zhnews_ie.dask import SOURCE_KEY, extract_bag, process_records  # noqa: E402

from test_batch_failures import BOOM_DOCS, EXPECTED_ARTICLES, EXPECTED_ERRORS, GOOD  # noqa: E402


@pytest.fixture(scope="module")
def failing_nlp():
    from zhnews_ie.pipeline import build

    nlp = build()
    nlp.add_pipe("test_batch_boom", before="zhnews_ie_char_ner")
    return nlp


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] if path.exists() else []


@pytest.fixture(scope="module")
def batch_records(failing_nlp, tmp_path_factory):
    """run_batch's records for BOOM_DOCS, in input order (articles and errors interleaved as the inputs)."""
    tmp = tmp_path_factory.mktemp("dask_boom")
    src = tmp / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in BOOM_DOCS),
                   "utf-8")
    run_batch([str(src)], tmp / "out", nlp=failing_nlp, progress=False, use_store=False)
    by_id = {r["doc_id"]: r for r in _lines(tmp / "out" / "articles.jsonl")}
    for e in _lines(tmp / "out" / "errors.jsonl"):
        by_id[e["id"]] = e
    assert len(by_id) == len(BOOM_DOCS)
    # the Dask records carry the source given in __source__: give run_batch's, line by line
    return [by_id[i] for i, _ in BOOM_DOCS], [f"{src}:{n}" for n in range(1, len(BOOM_DOCS) + 1)]


@pytest.mark.parametrize("npartitions,batch_size", [(1, 32), (2, 2), (7, 1)])
def test_extract_bag_gives_run_batch_records(failing_nlp, batch_records, npartitions, batch_size):
    expected, sources = batch_records
    records = [{"id": i, "text": t, SOURCE_KEY: s} for (i, t), s in zip(BOOM_DOCS, sources)]
    bag = db.from_sequence(records, npartitions=npartitions)
    with dask.config.set(scheduler="synchronous"):
        out = extract_bag(bag, batch_size=batch_size, nlp=failing_nlp).compute()
    assert len(out) == len(BOOM_DOCS)  # nothing dropped or duplicated
    assert [r.get("doc_id") for r in out if "doc_id" in r] == EXPECTED_ARTICLES
    errors = [r for r in out if "code" in r]
    assert [(e["id"], e["code"]) for e in errors] == [(i, "E011") for i, _ in EXPECTED_ERRORS]
    for err, (_, ending) in zip(errors, EXPECTED_ERRORS):
        assert err["error"] == f"the pipeline failed on this document: {ending}"
    assert out == expected


def test_long_document_with_failed_window_is_an_error_not_a_partial_article(failing_nlp):
    # long1 fails in its first window, long2 in its second: both error records, the good ones articles
    docs = dict(BOOM_DOCS)
    out = process_records([{"id": "long2", "text": docs["long2"]}, {"id": "g", "text": GOOD},
                           {"id": "long1", "text": docs["long1"]}], nlp=failing_nlp)
    assert [(r.get("id"), r.get("code")) for r in out] == [("long2", "E011"), (None, None), ("long1", "E011")]
    assert out[1]["doc_id"] == "g"


def test_handler_is_restored_after_the_task(failing_nlp):
    before = failing_nlp.default_error_handler
    process_records([{"id": "b1", "text": "BOOM1 " + GOOD}], nlp=failing_nlp)
    assert failing_nlp.default_error_handler is before
    with pytest.raises(RuntimeError, match="failure BOOM1"):
        failing_nlp("BOOM1 " + GOOD)


def test_raising_handler_is_shared_by_overlapping_tasks(failing_nlp):
    """A worker's threads share its pipeline: the handler stays until the last task on it ends."""
    from zhnews_ie.batch import _raise_component_error
    from zhnews_ie.dask import _raising_handler

    before = failing_nlp.default_error_handler
    with _raising_handler(failing_nlp):
        with _raising_handler(failing_nlp):
            assert failing_nlp.default_error_handler is _raise_component_error
        assert failing_nlp.default_error_handler is _raise_component_error
    assert failing_nlp.default_error_handler is before


@pytest.mark.parametrize("doc_id", [" ", ".", "..", "", None])
def test_record_ids_refused_as_in_batch(doc_id):
    [rec] = process_records([{"id": doc_id, "text": GOOD}])
    assert (rec["id"], rec["code"]) == (doc_id, "E009")


def test_cluster_recipe_bad_lines_are_records_and_the_pipeline_runs_once(tmp_path, failing_nlp, monkeypatch):
    """docs/cluster.md's extract_bag recipe: a malformed line is an E009 record (batch's message), a record without
    "text" batch's E002 message, and the two outputs come from one pass over the pipeline."""
    import zhnews_ie.dask as zdask
    from zhnews_ie.dask import read_jsonl

    src = tmp_path / "in.jsonl"
    src.write_text("\ufeff" + json.dumps({"id": "a", "text": GOOD}, ensure_ascii=False) + "\n\n"
                   + '{"id": "b", "text": "broken\n' + "[1, 2]\n" + json.dumps({"id": "c"}) + "\n", "utf-8")
    calls = []
    real = zdask.process_records

    def counting(records, **kwargs):
        records = list(records)
        calls.extend(r.get("id") for r in records)
        return real(records, **kwargs)

    monkeypatch.setattr(zdask, "process_records", counting)
    with dask.config.set(scheduler="synchronous"):
        results = zdask.extract_bag(read_jsonl(str(src)), nlp=failing_nlp).persist()
        ok = results.filter(lambda r: "doc_id" in r).map(lambda r: json.dumps(r, ensure_ascii=False))
        failed = results.filter(lambda r: "code" in r).map(lambda r: json.dumps(r, ensure_ascii=False))
        ok.to_textfiles(str(tmp_path / "articles-*.jsonl"))
        failed.to_textfiles(str(tmp_path / "errors-*.jsonl"))
    articles = [x for f in sorted(tmp_path.glob("articles-*.jsonl")) for x in _lines(f)]
    errors = [x for f in sorted(tmp_path.glob("errors-*.jsonl")) for x in _lines(f)]
    assert [a["doc_id"] for a in articles] == ["a"]
    assert errors == [
        {"id": None, "source": str(src), "code": "E009",
         "error": f'{src} is not valid JSON (Invalid control character at at column 28); each line must be one '
                  'object {"id": "...", "text": "..."}'},
        {"id": None, "source": str(src), "code": "E009",
         "error": f'{src} is a JSON list, not an object {{"id": ..., "text": ...}}'},
        {"id": "c", "source": str(src), "code": "E002", "error": f'{src} has no "text"'},
    ]
    # batch's messages for the same lines, which name the line too (path:3, path:4, path:5)
    batch = [(r.code, r.error) for r in iter_inputs([str(src)]) if r.code]
    assert batch == [(e["code"], e["error"].replace(str(src), f"{src}:{n}")) for e, n in zip(errors, (3, 4, 5))]
    assert sorted(calls, key=str) == sorted([None, None, "a", "c"], key=str)  # each record through once
