"""Run one conformance case (see extract.py for the format) against zhnews_ie.

Shared by tests/test_conformance.py and bench/conformance.py.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

from zhnews_ie.grammar.numerals import parse_numeral
from zhnews_ie.grammar.quantities import find_quantities

HERE = Path(__file__).parent
SUITES = ("cn2an", "jionlp", "recognizers", "duckling")


def load(suite: str) -> list[dict]:
    """suite (str): One of SUITES. RETURNS (list[dict]): Its cases."""
    with open(HERE / f"{suite}.jsonl", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def _dec(v) -> Decimal | None:
    try:
        return None if v is None else Decimal(str(v))
    except InvalidOperation:
        return None


def _same(q, exp: dict) -> bool:
    for key, want in exp.items():
        if key == "approx":
            if q.approx not in want:
                return False
        elif key == "high_base":
            if q.high is None or q.base_value is None or q.value == 0:
                return False
            if _dec(want) != q.high * q.base_value / q.value:
                return False
        elif key in ("value", "high", "base_value"):
            if _dec(want) != getattr(q, key):
                return False
        elif getattr(q, key) != want:
            return False
    return True


def passes(c: dict) -> bool:
    """c (dict): A case. RETURNS (bool): Whether zhnews_ie gives the expected answer."""
    task, text, exp = c["task"], c["input"], c["expected"]
    if task == "numeral":
        try:
            return parse_numeral(text) == _dec(exp["value"])
        except ValueError:
            return False
    if task == "error":
        try:
            parse_numeral(text)
        except ValueError:
            return True
        return False
    found = find_quantities(text)
    if c.get("kinds"):
        found = [q for q in found if q.kind in c["kinds"]]
    return len(found) == len(exp) and all(_same(q, e) for q, e in zip(found, exp))
