"""Small JSON result files of the bench scripts (``bench/results/<name>.json``), read by ``bench/scores.py``.

A bench script writes its figures with :func:`write_result`; ``python bench/scores.py --write-readme`` puts every
result file it finds into the README's score table. The layout is documented in ``bench/README.md``.

    from resultfile import write_result          # bench/ is on sys.path when a bench script runs

    write_result("ner_vs_lac", title="Public news NER test split, beside LAC",
                 command="python bench/ner_vs_lac.py --json",
                 systems=["zhnews_ie", "LAC"],
                 rows=[{"task": "ORG", "measure": "F1", "data": "MSRA test",
                        "values": {"zhnews_ie": 0.8, "LAC": 0.85}}])
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"
"""Where the result files live (committed: the README table is built from them)."""

FORMATS = ("score", "int", "ratio", "percent", "text")
"""How a row's values are printed: ``score`` 0.923, ``int`` 12,345, ``ratio`` 1.62x, ``percent`` 92.3%,
``text`` as given."""


def validate(result: dict[str, Any], name: str = "<result>") -> dict[str, Any]:
    """Check the layout of one result (see bench/README.md).

    result (dict): The parsed JSON.
    name (str): Name used in messages. Defaults to "<result>".
    RETURNS (dict): The same result.
    RAISES (ValueError): When a required key is missing or has the wrong type.
    """
    if not isinstance(result, dict):
        raise ValueError(f"{name}: a result is a JSON object")
    for key in ("name", "title", "command"):
        if not isinstance(result.get(key), str):
            raise ValueError(f"{name}: '{key}' must be a string")
    systems = result.get("systems", [])
    if not isinstance(systems, list) or not all(isinstance(s, str) for s in systems):
        raise ValueError(f"{name}: 'systems' must be a list of column names")
    rows = result.get("rows", [])
    if not isinstance(rows, list):
        raise ValueError(f"{name}: 'rows' must be a list")
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("task"), str) or not isinstance(row.get("values"),
                                                                                                dict):
            raise ValueError(f"{name}: each row needs 'task' (str) and 'values' ({{system: number}})")
        if row.get("format", "score") not in FORMATS:
            raise ValueError(f"{name}: row format must be one of {', '.join(FORMATS)}")
    main = result.get("main", {})
    if not isinstance(main, dict) or not all(isinstance(v, dict) for v in main.values()):
        raise ValueError(f"{name}: 'main' maps a task key to {{column: cell}}")
    return result


def write_result(name: str, title: str, command: str, rows: list[dict[str, Any]] | None = None,
                 systems: list[str] | None = None, main: dict[str, dict[str, Any]] | None = None,
                 notes: str = "", directory: Path | None = None) -> Path:
    """Write ``bench/results/<name>.json``.

    name (str): The file stem and the result's id (``ner_vs_lac``).
    title (str): Heading of the result's table in the README.
    command (str): The command that reproduces the figures (run from the repository root).
    rows (list[dict] | None): ``{"task", "measure", "data", "values": {system: number | None}, "format"}`` rows
        of the result's own table. Defaults to None (no own table).
    systems (list[str] | None): The value columns, in order. Defaults to the keys of the first row.
    main (dict | None): Cells for the main score table: ``{task_key: {column: cell}}`` with ``column`` one of
        ``seed``, ``dev``, ``dev_loao`` and ``cell`` ``{"f", "p", "r"}`` or ``{"acc", "right", "total"}``.
        Defaults to None.
    notes (str): One or two sentences printed under the table (how it was scored, data licence). Defaults to "".
    directory (Path | None): Where to write. Defaults to ``RESULTS_DIR``.
    RETURNS (Path): The written file.
    """
    rows = rows or []
    result = {"name": name, "title": title, "command": command, "date": datetime.date.today().isoformat(),
              "systems": systems if systems is not None else (list(rows[0]["values"]) if rows else []),
              "rows": rows, "main": main or {}, "notes": notes}
    validate(result, name)
    out = (directory or RESULTS_DIR) / f"{name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return out


def load_results(directory: Path | None = None) -> tuple[list[dict[str, Any]], list[str]]:
    """Read every result file; malformed ones are reported, not fatal.

    directory (Path | None): Where to look. Defaults to ``RESULTS_DIR``.
    RETURNS (tuple[list[dict], list[str]]): The results sorted by name, and one message per file skipped.
    """
    results, problems = [], []
    directory = directory or RESULTS_DIR
    for path in sorted(directory.glob("*.json")) if directory.is_dir() else []:
        try:
            results.append(validate(json.loads(path.read_text("utf-8")), path.name))
        except (OSError, ValueError) as err:  # json.JSONDecodeError is a ValueError
            problems.append(f"{path.name}: skipped ({err})")
    return results, problems
