"""Pass rates on the peers' public test data: zhnews_ie, and the peer itself where it is installed.

Run: ``python bench/conformance.py`` (writes ``bench/results/conformance.json`` for the README's score table;
``--no-write`` only prints). Cases: tests/conformance/*.jsonl (in-scope ones only).
Peers: cn2an (installed with zhnews_ie; ``cn2an.cn2an(x, "smart")`` on the numeral and error cases), JioNLP
(only if ``import jionlp`` works; never a dependency of zhnews_ie: ``pip install jionlp`` into a bench venv;
``parse_money`` / ``ner.extract_money`` on its own cases), Recognizers-Text (not run: its Python platform's
result is read from the spec's ``NotSupported`` field of each case), Duckling (Haskell; not run).
"""

from __future__ import annotations

import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "tests" / "conformance"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from check import SUITES, load, passes  # noqa: E402
from resultfile import write_result  # noqa: E402

PEERS = {"cn2an": "cn2an (`cn2an.cn2an(x, \"smart\")`)", "jionlp": "JioNLP (`parse_money`, `ner.extract_money`)",
         "recognizers": "Recognizers-Text, Python platform (from the specs' `NotSupported`)",
         "duckling": "Duckling (Haskell; not run)"}
"""The peer each suite comes from, as printed in the result table."""


def _dec(x):
    try:
        return Decimal(str(x))
    except (InvalidOperation, ValueError):
        return None


def cn2an_peer(c: dict) -> bool | None:
    import cn2an

    if c["task"] == "amounts":
        return None
    try:
        out = cn2an.cn2an(c["input"], "smart")
    except Exception:  # cn2an raises ValueError and others
        return c["task"] == "error"
    return c["task"] == "numeral" and _dec(out) == _dec(c["expected"]["value"])


JIO_CODE = {"元": "CNY", "港元": "HKD", "美元": "USD", "日元": "JPY", "新台币": "TWD", "泰铢": "THB",
            "卢布": "RUB", "欧元": "EUR", "韩元": "KRW", "澳元": "AUD"}


def jionlp_peer(c: dict) -> bool | None:
    import jionlp as jio

    if c["part"] == "test_money_extractor.py":
        got = jio.ner.extract_money(c["input"], with_parsing=False)
        return [g["text"] for g in got] == [e["text"] for e in c["expected"]]
    try:
        res = jio.parse_money(c["input"])
    except Exception:  # noqa: BLE001 - a crash is a failure
        return False
    exp = c["expected"][0]
    nums = res["num"] if isinstance(res["num"], list) else [res["num"]]
    if JIO_CODE.get(res["case"]) != exp["unit"] or _dec(nums[0]) != _dec(exp["value"]):
        return False
    return "high" not in exp or (len(nums) == 2 and _dec(nums[1]) == _dec(exp["high"]))


def peer_result(suite: str, c: dict) -> bool | None:
    try:
        if suite == "cn2an":
            return cn2an_peer(c)
        if suite == "jionlp":
            return jionlp_peer(c)
    except ImportError:
        return None
    if suite == "recognizers":
        return c.get("peer_pass")
    return None


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--no-write", action="store_true", help="Only print; do not write bench/results/conformance.json.")
    args = ap.parse_args(argv)
    print(f"{'suite':12} {'cases':>6} {'in scope':>9} {'zhnews_ie':>10} {'peer':>18}")
    rows = []
    for suite in SUITES:
        cases = load(suite)
        scoped = [c for c in cases if c["in_scope"]]
        ours = sum(passes(c) for c in scoped) / len(scoped)
        peer = [peer_result(suite, c) for c in scoped]
        judged = [p for p in peer if p is not None]
        peer_txt = f"{sum(judged) / len(judged):.1%} of {len(judged)}" if judged else "not run"
        print(f"{suite:12} {len(cases):6d} {len(scoped):9d} {ours:10.1%} {peer_txt:>18}")
        judged_txt = f"; the peer judged on {len(judged)}" if judged and len(judged) != len(scoped) else ""
        rows.append({"task": suite, "measure": "cases passed",
                     "data": f"{len(scoped)} in-scope of {len(cases)} cases{judged_txt}; peer: {PEERS.get(suite, '')}",
                     "values": {"zhnews_ie": ours, "peer": sum(judged) / len(judged) if judged else None},
                     "format": "percent"})
    print("Recognizers' rate is its Python platform's, as stated in the specs (NotSupported).")
    if not args.no_write:
        out = write_result(
            "conformance", title="Conformance suites (the peers' own public test cases), beside the peers",
            command="python bench/conformance.py", systems=["zhnews_ie", "peer"], rows=rows,
            notes=("Cases are the peers' published tests (tests/conformance/*.jsonl, sources and licences in "
                   "tests/conformance/); out-of-scope cases (outputs zhnews_ie does not produce) are left out. "
                   "The numeral/unit grammar was developed with these suites in view, so they show conformance, "
                   "not accuracy on unseen text. The peer column runs cn2an and JioNLP in the same process (JioNLP "
                   "only when installed: `pip install .[bench]`); Recognizers-Text's rate is read from its specs; "
                   "Duckling is not run (—)."))
        print(f"conformance: wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
