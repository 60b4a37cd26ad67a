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
    """The regex alternation of every surface form, longest first, each with its ``not_before`` lookahead.

    RETURNS (str): A non-capturing group source, e.g. ``(?:个百分点|公里|项(?!目)|...)``.
    """
    parts = []
    for surface in sorted(UNITS, key=lambda s: (-len(s), s)):
        info = UNITS[surface]
        alt = re.escape(surface)
        if info.not_before:
            alt += "(?![" + re.escape(info.not_before) + "])"
        parts.append(alt)
    return "(?:" + "|".join(parts) + ")"
