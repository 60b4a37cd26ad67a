"""Error analysis of place resolution on the dev articles: every Place and located Organization node of each
article's graph, the province it reaches (``PART_OF`` / ``LOCATED_IN``), and whether that province is one the
article's gold places or gold organisations name (``divisions.resolve`` of each gold place,
``divisions.place_prefix`` of each gold organisation, names ambiguous without context left out).

    python tools/dev_places.py [../shared/corpus/dev] [-v]

Prints per article the nodes outside the gold provinces (all nodes with -v), unresolved places, and totals:
wrong-province nodes, unresolved and ambiguous place nodes. Uses only the public API, so it also measures an
older checkout (``PYTHONPATH=<checkout>/src python tools/dev_places.py``).
"""

from __future__ import annotations

import collections
import json
import sys
from pathlib import Path

from zhnews_ie import divisions
from zhnews_ie.article import article_from_doc
from zhnews_ie.evaluation import gold_provinces
from zhnews_ie.graph.build import reachable_up, up_index
from zhnews_ie.pipeline import load


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    verbose = "-v" in sys.argv
    dev = Path(args[0] if args else Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "dev")
    nlp = load()
    counts: collections.Counter = collections.Counter()
    for gold_path in sorted(dev.glob("*.gold.json")):
        doc_id = gold_path.name.split(".")[0]
        gold = json.loads(gold_path.read_text("utf-8"))
        allowed = gold_provinces(gold)
        graph = article_from_doc(nlp((dev / f"{doc_id}.txt").read_text("utf-8")), doc_id=doc_id).graph
        nodes = {n.id: n for n in graph.nodes}
        up = up_index(graph.edges)

        def provinces(nid: str) -> set[str]:
            return {nodes[x].props["code"] for x in reachable_up(up, [nid])
                    if x in nodes and nodes[x].props.get("level") == "province"}

        names = sorted(divisions.get(c).name for c in allowed if divisions.get(c))
        print(f"== {doc_id} gold provinces {names}")
        for nid, n in nodes.items():
            if n.type not in ("Place", "Organization"):
                continue
            found = provinces(nid)
            if not found:
                if n.type == "Place":
                    cands = {d.code for d in divisions.lookup(n.props.get("name", ""))}
                    kind = "ambiguous" if len(cands) > 1 else "unresolved"
                    counts[kind] += 1
                    print(f"   {kind:10s} {nid}")
                continue
            wrong = found - allowed
            counts[(n.type, "wrong" if wrong else "ok")] += 1
            if wrong or verbose:
                label = "WRONG" if wrong else "ok"
                print(f"   {label:10s} {n.type:12s} {nid} -> {sorted(found)}")
    print(dict(counts))
    wrong = sum(v for k, v in counts.items() if isinstance(k, tuple) and k[1] == "wrong")
    print(f"wrong-province nodes: {wrong}; unresolved places: {counts['unresolved']}; "
          f"ambiguous places: {counts['ambiguous']}")


if __name__ == "__main__":
    main()
