"""The README's score table: computed, written to bench/results/scores.json, and rendered between markers.

    python bench/scores.py                   # score the seed and the dev articles, print the table
    python bench/scores.py --write-readme    # ... and replace the table in README.md
    python bench/scores.py --from-results --write-readme   # only re-render from bench/results/*.json
    python bench/scores.py --rerun --write-readme          # first re-run every other result's command

The main table has one row per task (amounts, amount→category links, ORG, LOC, PER, paragraph categories, dates,
metadata) and three columns: the bundled seed article, the dev articles (``../shared/corpus/dev``)
scored plainly with ``zhnews-ie evaluate``, and the dev articles scored leave-one-article-out. This script fills
the first two (``bench/results/scores.json``; without the dev articles it rescores the seed and keeps the dev
cells of the previous ``scores.json``, with a note giving the date they were scored); other bench scripts fill the third and add their own tables (a
public NER test split beside LAC, conformance suites beside peers, speed beside LAC and the segmenter) by writing
``bench/results/<name>.json`` in the layout of ``bench/README.md``. Missing or malformed result files are skipped
with a message. The README block between ``<!-- scores:begin -->`` and ``<!-- scores:end -->`` is replaced whole.
"""

from __future__ import annotations

import argparse
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from resultfile import RESULTS_DIR, load_results, write_result  # noqa: E402

SEED_GOLD = ROOT / "corpus" / "000_c51bca92e9469e1b.gold.json"
DEV_DIR = ROOT.parent / "shared" / "corpus" / "dev"
README = ROOT / "README.md"
BEGIN, END = "<!-- scores:begin -->", "<!-- scores:end -->"

TASKS = (
    ("amounts", "Amounts", "F1: span, value, kind and unit all right"),
    ("amount_category", "Amount → category", "F1: right amount with its paragraph's category"),
    ("ents_ORG", "ORG", "F1"),
    ("ents_LOC", "LOC", "F1"),
    ("ents_PER", "PER", "F1"),
    ("paragraph_category", "Paragraph categories", "accuracy (gold id or an alternative)"),
    ("dates", "Dates", "F1 of unique date strings"),
    ("metadata", "Metadata", "exact fields (title, time, source, editors, authors)"),
)
"""Rows of the main table: (task key, label, measure). Keys are the measures of ``zhnews-ie evaluate``."""

COLUMNS = (
    ("seed", "Seed (1 article, rules written on it)"),
    ("dev", "Dev, plain (developed on these articles: optimistic)"),
    ("dev_loao", "Dev, leave-one-article-out (scored article not fitted on)"),
)
"""Columns of the main table: (column key, heading)."""

ACCURACY_TASKS = ("paragraph_category", "metadata")


# -- computing ------------------------------------------------------------------------------------------------


def cells_from_scores(scores: dict[str, dict[str, float]]) -> dict[str, dict[str, Any]]:
    """Main-table cells from ``evaluate_documents(...)["scores"]``.

    scores (dict): ``{measure: {p, r, f, tp, pred, gold}}``.
    RETURNS (dict): ``{task_key: cell}``; F1 cells ``{"f", "p", "r", "tp", "pred", "gold"}``, accuracy cells
        ``{"acc", "right", "total"}``. Tasks without gold are left out.
    """
    cells = {}
    for key, _, _ in TASKS:
        s = scores.get(key)
        if s is None or not s["gold"]:
            continue
        if key in ACCURACY_TASKS:
            cells[key] = {"acc": s["tp"] / s["gold"], "right": s["tp"], "total": s["gold"]}
        else:
            cells[key] = {k: s[k] for k in ("f", "p", "r", "tp", "pred", "gold")}
    return cells


def compute(dev_dir: Path) -> dict[str, Any]:
    """Score the pipeline on the seed and, when present, the dev articles (plain ``zhnews-ie evaluate``).

    dev_dir (Path): Directory of dev ``NN.txt`` + ``NN.gold.json`` pairs.
    RETURNS (dict): ``{"main": {task: {"seed": cell, "dev": cell}}, "notes": str}`` for ``write_result``.
    """
    import zhnews_ie
    from zhnews_ie.evaluation import evaluate_documents, load_gold_pairs

    nlp = zhnews_ie.load()
    columns = {"seed": cells_from_scores(evaluate_documents(load_gold_pairs(SEED_GOLD), nlp=nlp)["scores"])}
    notes = ("Seed: the article the rules were first written on, scored by character offsets (spans); 1.000 "
             "means the pipeline reproduces its hand annotation, not that it is perfect. Dev, plain: what "
             "`zhnews-ie evaluate ../shared/corpus/dev` prints; the gold lists organisations, places and dates as "
             "unique strings per article, scored as such; dev articles have no person or metadata gold. It is a "
             "development figure, not a measure on unseen text: the amount and date grammar, the entity rules "
             "and lexicons and the category cue lists were written while reading these articles, and the shipped "
             "category weights were fitted on all of them.")
    if dev_dir.is_dir():
        docs = load_gold_pairs(dev_dir)
        columns["dev"] = cells_from_scores(evaluate_documents(docs, nlp=nlp)["scores"])
        notes = f"{len(docs)} dev articles. " + notes
    else:
        print(f"scores: no dev articles at {dev_dir}: the dev figures of the previous scores.json are kept",
              file=sys.stderr)
    main: dict[str, dict[str, Any]] = {}
    for column, cells in columns.items():
        for key, cell in cells.items():
            main.setdefault(key, {})[column] = cell
    return {"main": main, "notes": notes}


_DEV_COUNT = re.compile(r"^(\d+) dev articles\. ")
_KEPT = re.compile(r"Dev column kept from the run of (\S+?) \(")


def keep_dev_column(computed: dict[str, Any], previous: dict[str, Any] | None) -> dict[str, Any]:
    """A run without the dev articles keeps the previous run's dev cells instead of blanking them.

    computed (dict): What ``compute`` returned (``{"main", "notes"}``), with no ``dev`` cells.
    previous (dict | None): The previous ``scores`` result (``bench/results/scores.json``), or None.
    RETURNS (dict): ``computed`` with the previous ``dev`` cells added and a note saying from which run's date
        they are (the date of the run that scored them, kept across runs without the articles); ``computed``
        unchanged when the previous result has no dev cells.
    """
    dev = {task: cells["dev"] for task, cells in (previous or {}).get("main", {}).items() if "dev" in cells}
    if not dev:
        return computed
    main = {task: dict(cells) for task, cells in computed["main"].items()}
    for task, cell in dev.items():
        main.setdefault(task, {})["dev"] = cell
    old_notes = previous.get("notes", "")
    count = _DEV_COUNT.match(old_notes)
    kept = _KEPT.search(old_notes)
    date = kept.group(1) if kept else previous.get("date", "undated")
    notes = ((count.group(0) if count else "") + f"Dev column kept from the run of {date} (the dev articles were "
             "not there for this run; the seed column is new). " + computed["notes"])
    return {"main": main, "notes": notes}


# -- rendering ------------------------------------------------------------------------------------------------


def format_cell(cell: dict[str, Any] | None) -> str:
    """One cell of the main table.

    cell (dict | None): ``{"f", "p", "r", ...}``, ``{"acc", "right", "total"}`` or None.
    RETURNS (str): ``0.920 (P 0.955, R 0.888)``, ``0.827 (81/98)``, or ``—`` when there is no figure.
    """
    if not cell:
        return "—"
    if "acc" in cell:
        if cell["acc"] is None:
            return "—"
        counts = f" ({cell['right']}/{cell['total']})" if "right" in cell and "total" in cell else ""
        return f"{cell['acc']:.3f}{counts}"
    if cell.get("f") is None:
        return "—"
    if "p" in cell and "r" in cell:
        return f"{cell['f']:.3f} (P {cell['p']:.3f}, R {cell['r']:.3f})"
    return f"{cell['f']:.3f}"


def format_value(value: Any, fmt: str = "score") -> str:
    """One value of a result's own table.

    value (Any): A number, a string or None.
    fmt (str): ``score``, ``int``, ``ratio``, ``percent`` or ``text``. Defaults to "score".
    RETURNS (str): The printed value; ``—`` for None.
    """
    if value is None:
        return "—"
    if fmt == "text" or isinstance(value, str):
        return str(value)
    if fmt == "int":
        return f"{value:,.0f}"
    if fmt == "ratio":
        return f"{value:.2f}x"
    if fmt == "percent":
        return f"{100 * value:.1f}%"
    return f"{value:.3f}"


def merge_main(results: list[dict[str, Any]]) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Cells of the main table from every result's ``main``; the first result (by name, ``scores`` first) wins.

    results (list[dict]): The results.
    RETURNS (tuple[dict, list[str]]): ``{task: {column: cell}}`` and a message per conflicting cell.
    """
    merged: dict[str, dict[str, Any]] = {}
    problems = []
    for res in sorted(results, key=lambda r: (r["name"] != "scores", r["name"])):
        for task, cells in res.get("main", {}).items():
            for column, cell in cells.items():
                if column in merged.get(task, {}):
                    problems.append(f"{res['name']}: {task}/{column} is already given; kept the first")
                    continue
                merged.setdefault(task, {})[column] = cell
    return merged, problems


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return out


def render(results: list[dict[str, Any]]) -> str:
    """The Markdown block of the README (without the markers).

    results (list[dict]): Validated results (``bench/results/*.json``).
    RETURNS (str): The main table, its notes, then one table per result with rows, each with its command.
    """
    main, _ = merge_main(results)
    by_name = {r["name"]: r for r in results}
    lines = ["_Generated by `python bench/scores.py --write-readme` from `bench/results/*.json` (`--rerun` first "
             "re-runs every bench script); do not edit by hand._", ""]
    known = {key for key, _, _ in TASKS}
    tasks = list(TASKS) + [(key, key, "") for key in sorted(main) if key not in known]
    rows = [[label, measure, *[format_cell(main.get(key, {}).get(col)) for col, _ in COLUMNS]]
            for key, label, measure in tasks]
    lines += _table(["Task", "Measure", *[head for _, head in COLUMNS]], rows)
    lines.append("")
    for res in (r for r in results if r.get("main")):
        note = f" {res['notes']}" if res.get("notes") else ""
        if res.get("rows"):  # its notes are printed under its own table
            note = " How it was scored: under its table below." if note else ""
        lines.append(f"- {res['title']}: `{res['command']}` ({res.get('date', 'undated')}).{note}")
    if not any("dev_loao" in cells for cells in main.values()):
        lines.append("- Leave-one-article-out: no figures yet (no result file fills the `dev_loao` column); "
                     "`—` means not measured.")
    else:
        lines.append("- Leave-one-article-out is measured only where something is fitted on the dev gold; the "
                     "hand-written grammar and rules cannot be left out of one article, so their `—` there means "
                     "no unseen figure on these articles: see the public NER test split and the conformance suites "
                     "below.")
    for res in results:
        if not res.get("rows"):
            continue
        systems = res.get("systems") or list(res["rows"][0]["values"])
        lines += ["", f"#### {res['title']}", ""]
        rows = [[row["task"], row.get("measure", ""), row.get("data", ""),
                 *[format_value(row["values"].get(s), row.get("format", "score")) for s in systems]]
                for row in res["rows"]]
        lines += _table(["Task", "Measure", "Data", *systems], rows)
        note = f" {res['notes']}" if res.get("notes") else ""
        lines += ["", f"Reproduce: `{res['command']}` ({res.get('date', 'undated')}).{note}"]
    return "\n".join(lines)


def replace_block(readme: str, block: str) -> str:
    """Put ``block`` between the score markers of the README text.

    readme (str): The README text.
    block (str): The new content.
    RETURNS (str): The README with the old content between the markers replaced.
    RAISES (ValueError): When the markers are missing or out of order.
    """
    start, end = readme.find(BEGIN), readme.find(END)
    if start < 0 or end < start:
        raise ValueError(f"README has no {BEGIN} ... {END} block")
    return readme[:start + len(BEGIN)] + "\n" + block.strip("\n") + "\n" + readme[end:]


def rerun(results: list[dict[str, Any]]) -> None:
    """Run each result's ``command`` (except this script's) from the repository root; failures are reported.

    A leading ``python`` is this interpreter (``sys.executable``), so the scripts run in the same environment.
    """
    for res in results:
        if res["name"] == "scores":
            continue
        print(f"scores: running {res['command']}", file=sys.stderr)
        argv = shlex.split(res["command"])
        if argv and argv[0] in ("python", "python3"):
            argv[0] = sys.executable
        proc = subprocess.run(argv, cwd=ROOT)
        if proc.returncode:
            print(f"scores: {res['name']}: exit status {proc.returncode}; its previous figures are kept",
                  file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--write-readme", action="store_true", help="Replace the score block of README.md.")
    ap.add_argument("--from-results", action="store_true",
                    help="Do not score; only render bench/results/*.json as they are.")
    ap.add_argument("--rerun", action="store_true", help="First re-run the command of every other result file.")
    ap.add_argument("--dev", type=Path, default=DEV_DIR, help="Dev articles (default ../shared/corpus/dev).")
    ap.add_argument("--results", type=Path, default=RESULTS_DIR, help="Result files (default bench/results).")
    ap.add_argument("--readme", type=Path, default=README, help="The README to update (default README.md).")
    args = ap.parse_args(argv)

    if args.rerun:
        rerun(load_results(args.results)[0])
    if not args.from_results:
        computed = compute(args.dev)
        if not args.dev.is_dir():
            previous = [r for r in load_results(args.results)[0] if r["name"] == "scores"]
            computed = keep_dev_column(computed, previous[0] if previous else None)
        write_result("scores", title="Seed and dev articles", directory=args.results,
                     command="python bench/scores.py --write-readme", **computed)
    results, problems = load_results(args.results)
    problems += merge_main(results)[1]
    for msg in problems:
        print(f"scores: {msg}", file=sys.stderr)
    block = render(results)
    print(block)
    if args.write_readme:
        args.readme.write_text(replace_block(args.readme.read_text("utf-8"), block), "utf-8")
        print(f"scores: wrote the table into {args.readme}", file=sys.stderr)


if __name__ == "__main__":
    main()
