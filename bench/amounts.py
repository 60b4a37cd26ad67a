"""Benchmark amount extraction: zhnews_ie vs JioNLP ``extract_money`` vs cn2an ``transform``.

Run: ``PYTHONPATH=src python bench/amounts.py``. Uses the seed article (with its gold when present) and the
dev articles in ``../shared/corpus/dev`` when present. For each system: recall and precision against the gold
amounts (where meaningful) and characters per second of CPU time (``time.process_time``, so that other
processes on a shared machine do not skew the ratio), each timed by repeating the texts until at least one
second of work. JioNLP only finds money, so its scores are given against the gold money amounts; cn2an only
converts numerals, so a gold amount counts as found when its value appears in the converted text.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from zhnews_ie.grammar import numerals  # noqa: E402
from zhnews_ie.grammar.quantities import find_quantities  # noqa: E402

DEV = ROOT / ".." / "shared" / "corpus" / "dev"


def load_texts() -> list[tuple[str, str, list[dict] | None]]:
    out = []
    seed = ROOT / "corpus" / "000_c51bca92e9469e1b.txt"
    seed_gold = seed.with_name(seed.name.replace(".txt", ".gold.json"))
    gold = json.loads(seed_gold.read_text(encoding="utf-8"))["amounts"] if seed_gold.exists() else None
    out.append((seed.name, seed.read_text(encoding="utf-8"), gold))
    if DEV.is_dir():
        for p in sorted(DEV.glob("*.txt")):
            g = p.with_name(p.name.replace(".txt", ".gold.json"))
            out.append((p.name, p.read_text(encoding="utf-8"),
                        json.loads(g.read_text(encoding="utf-8"))["amounts"] if g.exists() else None))
    return out


def chars_per_second(fn, texts: list[str], min_seconds: float = 1.0, before_pass=None) -> float:
    total_chars = sum(len(t) for t in texts)
    passes = 0
    start = time.process_time()
    while True:
        if before_pass:
            before_pass()
        for t in texts:
            fn(t)
        passes += 1
        elapsed = time.process_time() - start
        if elapsed >= min_seconds:
            return passes * total_chars / elapsed


def _dec(x) -> Decimal | None:
    try:
        return Decimal(str(x))
    except (InvalidOperation, ValueError):
        return None


def score(found_per_doc, gold_per_doc, match) -> tuple[float, float]:
    tp_found = n_found = tp_gold = n_gold = 0
    for found, gold in zip(found_per_doc, gold_per_doc):
        gold = [a for a in gold if not a.get("optional")]
        n_found += len(found)
        n_gold += len(gold)
        tp_found += sum(1 for f in found if any(match(f, a) for a in gold))
        tp_gold += sum(1 for a in gold if any(match(f, a) for f in found))
    return (tp_gold / n_gold if n_gold else float("nan")), (tp_found / n_found if n_found else float("nan"))


def main() -> None:
    docs = load_texts()
    texts = [t for _, t, _ in docs]
    scored = [(t, g) for _, t, g in docs if g is not None]
    rows = []

    # ours
    def ours_match(q, a):
        return (q.start, q.end, q.value, q.unit, q.kind) == (a["start"], a["end"], _dec(a["value"]), a["unit"], a["kind"])

    found = [find_quantities(t) for t, _ in scored]
    r, p = score(found, [g for _, g in scored], ours_match)
    speed = chars_per_second(find_quantities, texts)
    speed_cold = chars_per_second(find_quantities, texts, before_pass=numerals.clear_caches)
    rows.append(("zhnews_ie find_quantities (all kinds)", r, p, speed))
    money_gold = [[a for a in g if a["kind"] == "money"] for _, g in scored]
    found_money = [[q for q in f if q.kind == "money"] for f in found]
    r_m, p_m = score(found_money, money_gold, ours_match)
    rows.append(("zhnews_ie, money only", r_m, p_m, speed))
    rows.append(("zhnews_ie, numeral cache cleared per pass", r, p, speed_cold))

    # JioNLP
    jio_speed = None
    try:
        import jionlp as jio  # noqa: PLC0415  (lazy: optional dependency)
    except ImportError:
        print("jionlp is not installed: skipping JioNLP (pip install jionlp)")
    else:
        def jio_run(t):
            return jio.ner.extract_money(t, with_parsing=True)

        def jio_match(m, a):
            s, e = m["offset"]
            detail = m.get("detail") or jio.parse_money(m["text"])
            value = _dec(detail.get("num")) if isinstance(detail, dict) else None
            return s < a["end"] and a["start"] < e and value is not None and value == _dec(a["value"])

        jfound = [jio_run(t) for t, _ in scored]
        r_j, p_j = score(jfound, money_gold, jio_match)
        jio_speed = chars_per_second(jio_run, texts)
        rows.append(("JioNLP extract_money (money only)", r_j, p_j, jio_speed))

    # cn2an
    try:
        import cn2an  # noqa: PLC0415
    except ImportError:
        print("cn2an is not installed: skipping cn2an")
    else:
        def cn_run(t):
            return cn2an.transform(t, "cn2an")

        hits = total = 0
        for t, g in scored:
            converted = cn_run(t)
            for a in g:
                if a.get("optional"):
                    continue
                total += 1
                v = _dec(a["value"])
                forms = {str(a["value"]), format(v, "f")} if v is not None else {str(a["value"])}
                hits += any(f in converted for f in forms)
        rows.append(("cn2an transform (value appears)", hits / total if total else float("nan"), float("nan"),
                     chars_per_second(cn_run, texts)))

    print(f"texts: {len(texts)} ({sum(map(len, texts))} chars), scored against gold: {len(scored)}")
    print(f"{'system':45} {'recall':>7} {'precision':>9} {'chars/s':>12}")
    for name, r, p, s in rows:
        fmt = lambda x: "   n/a" if x != x else f"{x:7.3f}"  # noqa: E731
        print(f"{name:45} {fmt(r):>7} {fmt(p):>9} {s:12,.0f}")
    if jio_speed:
        print(f"speed ratio zhnews_ie / JioNLP: {speed / jio_speed:.2f}x (cold numeral cache: {speed_cold / jio_speed:.2f}x)")


if __name__ == "__main__":
    argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter).parse_args()
    main()
