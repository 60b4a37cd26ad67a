"""The unit and classifier table (``resources/units.json``) as lookups and one compiled alternation.

The table is data: each row maps a surface form written after a number (元, 万元 is 万 + 元, 公里, 人次, 个 ...)
to its ``kind`` and ``unit`` code (ANNOTATION.md, Amounts), the exact factor to the base unit, and an optional
set of characters that must not follow it (项目 is a word, not 项 + 目). It is loaded once at import.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from importlib.resources import files

COUNT_UNITS = frozenset({"person", "household", "person_time", "item"})


@dataclass(frozen=True)
class UnitInfo:
    """One row of the unit table.

    surface (str): The written form (``公里``).
    kind (str): money / count / length / weight / area / duration / percent.
    unit (str): The unit code (``km``, ``CNY``, ``person`` ...).
    factor (Fraction): Exact factor from ``unit`` to ``base_unit`` (``亩`` → 2000/3 m2).
    base_unit (str): The base unit code (``m``, ``kg``, ``m2``, or the unit itself).
    value_factor (Decimal): Factor applied to the stated number itself (``成`` → 10). Defaults to 1.
    approx (str | None): Approximation implied by the surface form (``个多月`` → ``over``).
    not_before (str): Characters that must not follow the surface form.
    """

    surface: str
    kind: str
    unit: str
    factor: Fraction
    base_unit: str
    value_factor: Decimal = Decimal(1)
    approx: str | None = None
    not_before: str = ""


def _load() -> dict[str, UnitInfo]:
    raw = json.loads(files("zhnews_ie.resources").joinpath("units.json").read_text(encoding="utf-8"))
    table: dict[str, UnitInfo] = {}
    for row in raw["units"]:
        table[row["surface"]] = UnitInfo(
            surface=row["surface"],
            kind=row["kind"],
            unit=row["unit"],
            factor=Fraction(row.get("factor", "1")),
            base_unit=row.get("base_unit", row["unit"]),
            value_factor=Decimal(row.get("value_factor", "1")),
            approx=row.get("approx"),
            not_before=row.get("not_before", ""),
        )
    return table


UNITS: dict[str, UnitInfo] = _load()


def lookup_unit(surface: str) -> UnitInfo | None:
    """Look up a surface form.

    surface (str): The written unit or classifier, half-width (``%`` not ``％``).
    RETURNS (UnitInfo | None): Its row, or None when the table does not know it.
    """
    return UNITS.get(surface)


def unit_pattern() -> str:
    """The regex alternation of every surface form, longest match first, each with its ``not_before`` lookahead.

    The forms are compiled as a trie (``元(?:人民币|...)?``-like nesting by first characters), so a match tries
    only the forms that share its first character instead of every form in turn.

    RETURNS (str): A non-capturing group source matching exactly the forms of the table.
    """
    trie: dict = {}
    for surface in UNITS:
        node = trie
        for ch in surface:
            node = node.setdefault(ch, {})
        node[""] = UNITS[surface]
    return _trie_regex(trie)


def _trie_regex(node: dict) -> str:
    alts = []
    for ch in sorted(k for k in node if k):
        alts.append(re.escape(ch) + _trie_regex(node[ch]))
    end = node.get("")
    if end is not None:  # a form ends here: after every longer continuation (longest first)
        alts.append("(?![" + re.escape(end.not_before) + "])" if end.not_before else "")
    if len(alts) == 1:
        return alts[0] if end is None or not alts[0] or alts[0].startswith("(?!") else "(?:" + alts[0] + ")"
    return "(?:" + "|".join(alts) + ")"
