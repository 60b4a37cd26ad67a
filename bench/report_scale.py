"""How ``zhnews-ie report`` grows with corpus size: synthetic articles at 200, 2,000 and 10,000.

    python bench/report_scale.py                      # sizes 200 2000 10000
    python bench/report_scale.py --sizes 20 50 100    # smaller sizes (e.g. to compare with an older version)

Each synthetic article is built as records (``records.Article``) and its graph by ``graph/build.py``, as the
pipeline would give it: a title amount, body amounts with agents located in places of several provinces, a
rate, places named in paragraphs. Articles go into a fresh on-disk store through ``GraphStore.put_article``
(the batch's write path); then ``report.corpus_report`` runs in a child process, which prints its wall time
and peak memory (VmHWM of the child itself). Printed per size: insert time, report time, report peak RSS, and the growth ratio
of report time against the previous size, beside the size ratio (linear growth: the two ratios are equal).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from zhnews_ie.graph.build import build_graph
from zhnews_ie.graph.store import GraphStore
from zhnews_ie.records import Amount, Article, Entity, Metadata, Paragraph

PLACES = ["贵州省", "贵阳市", "遵义市", "四川省", "成都市", "云南省", "昆明市", "湖南省", "长沙市", "甘肃省"]
ORGS = ["贵阳市扶贫办", "遵义市农业农村局", "成都市民政局", "昆明市财政局", "长沙市人社局", "国家开发银行",
        "甘肃省扶贫办", "某某合作社"]
CATS = ["industry", "education", "health", "relocation", "party_building"]
QUALS = [None, None, None, "total", "per_capita"]

_CHILD = r"""
import json, resource, sys, time
from zhnews_ie.graph.store import open_store
from zhnews_ie.report import corpus_report
t = time.perf_counter()
r = corpus_report(open_store(sys.argv[1]))
dt = time.perf_counter() - t
# VmHWM, not ru_maxrss: after fork + exec, ru_maxrss still counts the parent's peak (the inserting process).
hwm = [int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:")]
print(json.dumps({"seconds": dt, "rss_mb": (hwm[0] if hwm else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss) / 1024,
                  "articles": r["articles"], "amounts": r["amounts"]}))
"""


def synthetic_article(i: int, rng: random.Random) -> Article:
    """One synthetic article (records only; offsets are consistent within the synthetic text's layout)."""
    doc_id = f"syn/{i:06d}"
    paras, ents, amounts = [], [], []
    pos = 0
    for k in range(6):
        role = "title" if k == 0 else "body"
        cat = rng.choice(CATS)
        paras.append(Paragraph(index=k, start=pos, end=pos + 40, category=cat, category_label=cat, role=role))
        place = rng.choice(PLACES)
        ents.append(Entity(text=place, label="LOC", start=pos, end=pos + len(place), paragraph=k))
        org = rng.choice(ORGS)
        ents.append(Entity(text=org, label="ORG", start=pos + 10, end=pos + 10 + len(org), paragraph=k))
        for j in range(2):
            start = pos + 20 + j * 8
            value = rng.randrange(1, 10_000) * 100
            money = rng.random() < 0.7
            amounts.append(Amount(text=f"{value}元" if money else f"{value}户", start=start, end=start + 6,
                                  paragraph=k, kind="money" if money else "count", value=value,
                                  unit="CNY" if money else "household", base_value=value,
                                  base_unit="CNY" if money else "household", qualifier=rng.choice(QUALS),
                                  category=cat, agent=org if rng.random() < 0.6 else None))
        pos += 41
    art = Article(doc_id=doc_id, metadata=Metadata(title=f"标题{i}", published="2019-05-09", source="某某日报"),
                  paragraphs=paras, entities=ents, amounts=amounts, dates=[], graph=None)  # type: ignore[arg-type]
    art.graph = build_graph(art)
    return art


def run(sizes: list[int], seed: int = 0) -> list[dict]:
    rows = []
    for n in sizes:
        rng = random.Random(seed)
        with tempfile.TemporaryDirectory() as tmp:
            store = GraphStore(Path(tmp) / "store")
            t = time.perf_counter()
            for i in range(n):
                store.put_article(synthetic_article(i, rng))
            store.close()  # as a batch ends (drops the write-ahead log)
            insert = time.perf_counter() - t
            del store
            out = subprocess.run([sys.executable, "-c", _CHILD, str(Path(tmp) / "store")], check=True,
                                 capture_output=True, text=True).stdout
            child = json.loads(out.strip().splitlines()[-1])
        row = {"articles": n, "insert_s": insert, "report_s": child["seconds"], "report_rss_mb": child["rss_mb"],
               "amounts": child["amounts"]}
        if rows:
            prev = rows[-1]
            row["size_ratio"] = n / prev["articles"]
            row["time_ratio"] = row["report_s"] / max(prev["report_s"], 1e-9)
        rows.append(row)
        print(f"{n:>7,} articles  {row['amounts']:>8,} amounts  insert {insert:7.1f} s  report {row['report_s']:7.2f} s"
              f"  peak RSS {row['report_rss_mb']:6.0f} MB"
              + (f"  size x{row['size_ratio']:.1f} -> report time x{row['time_ratio']:.1f}" if "size_ratio" in row
                 else ""), flush=True)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[200, 2000, 10000])
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    run(args.sizes, args.seed)


if __name__ == "__main__":
    main()
