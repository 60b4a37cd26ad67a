"""Every input accounted for, never doubled: JSONL limits, FIFOs, symlinks, roots, late binary content, the
out-folder lock, resume keyed on content, workers that die with their parent. Synthetic inputs only."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from zhnews_ie.batch import BatchOutput, iter_inputs, run_batch
from zhnews_ie.errors import ZhNewsError

ROOT = Path(__file__).resolve().parents[1]


def _lines(path: Path) -> list[dict]:
    return [json.loads(x) for x in path.read_text("utf-8").splitlines()] if path.exists() else []


def _with_timeout(fn, seconds=20):
    box: dict = {}
    t = threading.Thread(target=lambda: box.setdefault("v", fn()), daemon=True)
    t.start()
    t.join(seconds)
    assert not t.is_alive(), "hung"
    return box["v"]


@pytest.mark.parametrize("line,code", [
    ("[" * 3000 + "]" * 3000, "E009"),
    ('{"id": "deep", "text": "资金5万元", "x": ' + "[" * 3000 + "]" * 3000 + "}", "E009"),
    ('{"id": "big", "text": "资金5万元", "n": ' + "7" * 5000 + "}", "E009"),
    ('{"id": "nan", "text": "资金5万元", "w": NaN}', "E009"),
    ('{"id": "inf", "text": "资金5万元", "w": -Infinity}', "E009"),
    ('{"id": "huge", "text": "资金5万元", "w": 1e309}', "E009"),
    ('{"id": "ok", "text": "资金5万元", "n": ' + "7" * 500 + ', "nest": [[[[1]]]]}', None),
])
def test_jsonl_lines_that_crashed_the_batch_are_records(tmp_path, line, code):
    p = tmp_path / "in.jsonl"
    p.write_text(line + "\n" + '{"id": "after", "text": "资金6万元"}\n', "utf-8")
    recs = list(iter_inputs([p]))
    assert [r.code for r in recs] == [code, None]
    assert recs[1].id == "after"


def test_jsonl_utf8_bom_is_accepted(tmp_path):
    p = tmp_path / "bom.jsonl"
    p.write_bytes(b"\xef\xbb\xbf" + '{"id": "a", "text": "资金5万元"}\n'.encode())
    (rec,) = iter_inputs([p])
    assert (rec.id, rec.code, rec.text) == ("a", None, "资金5万元")


def test_fifo_given_or_found_is_an_error_not_a_hang(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("资金5万元。", "utf-8")
    os.mkfifo(d / "pipe.txt")
    os.symlink(d / "missing.txt", d / "broken.txt")
    recs = _with_timeout(lambda: list(iter_inputs([d, d / "pipe.txt"])))
    got = [(r.id, r.code) for r in recs]
    assert got == [("a", None), ("broken", "E001"), ("pipe", "E001"), ("pipe", "E001")]
    assert "FIFO" in recs[2].error and "broken symbolic link" in recs[1].error


def test_symlink_loop_is_not_followed(tmp_path):
    d = tmp_path / "in"
    (d / "sub").mkdir(parents=True)
    (d / "sub" / "a.txt").write_text("资金5万元。", "utf-8")
    os.symlink(d, d / "sub" / "up")  # sub/up -> in: a loop
    os.symlink("self.txt", d / "self.txt")  # a symlink to itself
    recs = _with_timeout(lambda: list(iter_inputs([d])))
    assert [(r.id, r.code) for r in recs] == [("self", "E001"), ("sub/a", None), ("sub/up", "E001")]
    assert "loop" in recs[2].error


def test_same_relative_path_under_two_roots_gets_two_ids(tmp_path):
    for root in ("2019", "2020"):
        (tmp_path / root / "news").mkdir(parents=True)
        (tmp_path / root / "news" / "a.txt").write_text(f"{root}年资金5万元。", "utf-8")
    recs = list(iter_inputs([tmp_path / "2019", tmp_path / "2020"]))
    assert [(r.id, r.code) for r in recs] == [("2019/news/a", None), ("2020/news/a", None)]
    one = list(iter_inputs([tmp_path / "2019"]))  # one root: the id is the path below it, as before
    assert [r.id for r in one] == ["news/a"]
    (tmp_path / "x" / "2019").mkdir(parents=True)
    (tmp_path / "x" / "2019" / "a.txt").write_text("资金5万元。", "utf-8")
    (tmp_path / "2019" / "a.txt").write_text("资金5万元。", "utf-8")
    recs = list(iter_inputs([tmp_path / "2019", tmp_path / "x" / "2019"]))  # two roots of one name
    ids = [r.id for r in recs]
    assert len(set(ids)) == len(ids) and "x/2019/a" in ids


def test_binary_after_the_first_64_kib_is_refused(tmp_path):
    p = tmp_path / "late.txt"
    p.write_bytes("资金5万元。\n".encode() * 8000 + bytes(range(256)) * 64)
    (rec,) = iter_inputs([p])
    assert rec.code == "E004"
    q = tmp_path / "late_ctl.txt"
    q.write_bytes("资金5万元。\n".encode() * 8000 + b"\x01\x02\x03\x04" * 4000)
    (rec,) = iter_inputs([q])
    assert rec.code == "E004"


def test_out_folder_is_locked(tmp_path):
    first = BatchOutput(tmp_path / "o", use_store=False)
    with pytest.raises(ZhNewsError) as err:
        BatchOutput(tmp_path / "o", use_store=False)
    assert err.value.code == "E019"
    first.close()
    BatchOutput(tmp_path / "o", use_store=False).close()  # free again


def test_resume_reprocesses_changed_inputs_and_force(tmp_path, nlp):
    from zhnews_ie.graph.store import GraphStore

    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("合作社今年收购玉米87万斤。", "utf-8")
    (d / "b.txt").write_text("村里投入资金5万元。", "utf-8")
    out = tmp_path / "out"

    def run(**kw):
        return run_batch([d], out, nlp=nlp, progress=False, **kw)

    r = run()
    assert (r.ok, r.skipped) == (2, 0)
    assert run().skipped == 2  # unchanged: skipped
    (d / "a.txt").write_text("合作社今年收购玉米90万斤。", "utf-8")
    r = run()
    assert (r.ok, r.skipped) == (1, 1)
    arts = {a["doc_id"]: a for a in _lines(out / "articles.jsonl")}
    assert len(_lines(out / "articles.jsonl")) == 2
    assert [x["base_value"] for x in arts["a"]["amounts"]] == [450000]
    r = run(force=True)
    assert (r.ok, r.skipped) == (2, 0) and len(_lines(out / "articles.jsonl")) == 2
    (d / "a.txt").write_text("   ", "utf-8")  # now empty: an error record replaces the article
    r = run()
    assert (r.errors, r.skipped) == (1, 1)
    assert [a["doc_id"] for a in _lines(out / "articles.jsonl")] == ["b"]
    assert [(e["id"], e["code"]) for e in _lines(out / "errors.jsonl")] == [("a", "E002")]
    assert GraphStore(out / "store", read_only=True).article_ids() == ["b"]


def test_stale_lines_left_by_a_killed_run_are_removed(tmp_path, nlp):
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("合作社今年收购玉米87万斤。", "utf-8")
    out = tmp_path / "out"
    run_batch([d], out, nlp=nlp, progress=False, use_store=False)
    line = (out / "articles.jsonl").read_bytes()
    (out / "articles.jsonl").write_bytes(line + line)  # a run killed after writing, before removing the old line
    rec = json.loads((out / "inputs.jsonl").read_text("utf-8"))
    (out / "inputs.jsonl").write_text(json.dumps(rec) + "\n" + json.dumps(rec) + "\n", "utf-8")
    r = run_batch([d], out, nlp=nlp, progress=False, use_store=False)
    assert r.skipped == 1 and len(_lines(out / "articles.jsonl")) == 1


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            out += [int(x) for x in (task / "children").read_text().split()]
        except OSError:
            pass
    return out


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] not in ("Z", "X")
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and PR_SET_PDEATHSIG are Linux")
def test_workers_die_with_their_parent(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": f"d{i}", "text": "村里投入资金5万元，建设道路3公里。" * 50},
                                      ensure_ascii=False) + "\n" for i in range(400)), "utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]))
    proc = subprocess.Popen([sys.executable, "-m", "zhnews_ie.cli", "batch", str(src), "--out", str(tmp_path / "o"),
                             "-n", "2", "-b", "4", "--no-progress", "--no-store"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: list[int] = []
    deadline = time.time() + 180
    while time.time() < deadline and len(workers) < 2 and proc.poll() is None:
        time.sleep(0.2)
        workers = _children(proc.pid)
    assert len(workers) >= 2, "the batch did not start its workers"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    deadline = time.time() + 20
    while time.time() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.2)
    left = [w for w in workers if _alive(w)]
    for w in left:  # clean up what this test started, then fail
        os.kill(w, signal.SIGKILL)
    assert not left
