"""The Dask path on a LocalCluster with two worker processes: extract_bag and batch --scheduler."""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import pytest

distributed = pytest.importorskip("distributed")
db = pytest.importorskip("dask.bag")

ROOT = Path(__file__).resolve().parents[1]
TEXTS = ["贵阳海关协调项目资金4879.5万元。", "帮助562户贫困户增收。", "拱北海关送去资金1.6万元。", "培训77人次。"]


@pytest.fixture(scope="module")
def client():
    # Worker processes import zhnews_ie from the source tree when the tests run with PYTHONPATH=src.
    os.environ["PYTHONPATH"] = os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cl:
        with distributed.Client(cl) as c:
            yield c


def test_extract_bag_on_two_workers(client, nlp):
    import zhnews_ie
    from zhnews_ie.dask import extract_bag

    records = [{"id": f"d{i}", "text": t, "site": "x"} for i, t in enumerate(TEXTS)]
    records += [{"id": "empty", "text": " "}, {"text": "无编号"}, {"id": "big", "text": "扶" * 50}]
    bag = db.from_sequence(records, npartitions=4)
    out = extract_bag(bag, max_chars=40).compute()
    assert len(out) == len(records)
    arts = {r["doc_id"]: r for r in out if "doc_id" in r}
    errs = {r["id"]: r["code"] for r in out if "code" in r}
    assert errs == {"empty": "E002", None: "E009", "big": "E005"}
    for i, t in enumerate(TEXTS):
        local = zhnews_ie.extract(t, doc_id=f"d{i}", nlp=nlp).to_dict()
        local["metadata"]["extra"] = {"site": "x"}
        assert arts[f"d{i}"] == local
    # the pipeline is built once per worker process, then reused by later tasks
    pids = set(client.run(os.getpid).values())
    assert len(pids) == 2
    loaded = client.run(lambda: __import__("zhnews_ie").pipeline.load.cache_info().currsize)
    assert all(n <= 1 for n in loaded.values())


def test_batch_with_scheduler(client, tmp_path, nlp):
    from zhnews_ie.batch import run_batch
    from zhnews_ie.dask import cluster_results
    from zhnews_ie.graph.store import GraphStore

    src = tmp_path / "in.jsonl"
    lines = [json.dumps({"id": f"d{i}", "text": t}, ensure_ascii=False) for i, t in enumerate(TEXTS)]
    src.write_text("\n".join(lines + ['{"broken', json.dumps({"id": "d0", "text": "重复"}, ensure_ascii=False)])
                   + "\n", "utf-8")
    out = tmp_path / "out"
    remote = functools.partial(cluster_results, address=client.scheduler.address)
    result = run_batch([src], out, remote=remote, batch_size=2, progress=False)
    assert (result.inputs, result.ok, result.errors) == (6, 4, 2)
    local = run_batch([src], tmp_path / "local", nlp=nlp, progress=False, use_store=False)
    assert (out / "articles.jsonl").read_text("utf-8") == (tmp_path / "local" / "articles.jsonl").read_text("utf-8")
    assert GraphStore(out / "store", read_only=True).article_ids() == ["d0", "d1", "d2", "d3"]
