"""Typed records of the output contract.

One place defines the JSON that ``zhnews-ie extract`` prints and that other tools read. Field names, category
ids and unit codes follow ../shared/ANNOTATION.md and are a contract: do not rename them.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any


def _finite(obj: Any) -> Any:
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def _json_default(obj: Any) -> Any:
    if isinstance(obj, Decimal):
        return plain_number(obj) if obj.is_finite() else None
    raise TypeError(f"{type(obj).__name__} is not JSON serialisable")


def dumps_strict(obj: Any, **kwargs: Any) -> str:
    """Serialise to strict JSON (RFC 8259): never ``NaN`` or ``Infinity``.

    A non-finite float (which no component should produce; inputs and taxonomies with one are refused) is
    written as ``null`` rather than as invalid JSON. UTF-8 text is kept (``ensure_ascii=False``).

    obj (Any): The value.
    **kwargs: Passed to ``json.dumps`` (``indent`` ...).
    RETURNS (str): The JSON text.
    """
    kwargs.setdefault("ensure_ascii", False)
    try:
        return json.dumps(obj, allow_nan=False, default=_json_default, **kwargs)
    except ValueError:
        return json.dumps(_finite(obj), allow_nan=False, default=_json_default, **kwargs)


def to_decimal(value: Decimal | str | int | float) -> Decimal:
    """The exact Decimal of a value, never through ``str(int)`` (which refuses integers of over 4300 digits).

    value (Decimal | str | int | float): The value (a float is taken by its shortest ``repr``).
    RETURNS (Decimal): The exact decimal.
    RAISES (decimal.InvalidOperation): A string that is not a number.
    """
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(str(value).strip())


def finite_decimal(value: Any) -> Decimal | None:
    """The exact Decimal of a value read back from a store or a file, or None when it is no finite number.

    value (Any): A Decimal, int, float, numeric string, or anything else.
    RETURNS (Decimal | None): The exact decimal; None for None, non-numbers, NaN and infinities.
    """
    if value is None:
        return None
    try:
        d = to_decimal(value)
    except (ArithmeticError, TypeError, ValueError):
        return None
    return d if d.is_finite() else None


def exact_text(value: Decimal | str | int | float) -> str:
    """The exact decimal text of a value: no exponent, no trailing fraction zeros, no rounding to a context.

    value (Decimal | str | int | float): The value.
    RETURNS (str): ``"452800"``, ``"0.000000000000000000001"``, ``"-1.5"``.
    RAISES (decimal.InvalidOperation): A string that is not a number.
    """
    text = format(to_decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def plain_number(value: Decimal | str | int | float | None) -> int | float | str | None:
    """Turn an exact decimal into the JSON value a reader expects, without changing it.

    The value representation of the project: exact decimals. ``doc._`` holds the decimal as a string, RDF an
    ``xsd:decimal``, and JSON a number whose text is the exact decimal: an ``int`` when integral (and a double
    keeps it), a ``float`` when Python's shortest ``repr`` of it is the exact decimal without an exponent (1.57,
    0.1), otherwise (more digits than a double keeps, or an exponent) the exact decimal as a string.

    value (Decimal | str | int | float | None): An exact value (``Decimal`` or its ``str``).
    RETURNS (int | float | str | None): ``452800``, ``1.57``, ``"12345678901234567.89"`` or
        ``"0.000000000000000000001"``. ``None`` stays ``None``; a non-finite value becomes ``None``.
    """
    if value is None:
        return None
    d = to_decimal(value)
    if not d.is_finite():
        return None
    if d.is_zero():
        return 0
    if d.adjusted() < 17:
        if d == d.to_integral_value():
            i = int(d)
            if abs(i) <= 2 ** 53:
                return i
        else:
            f = float(d)
            r = repr(f)
            if "e" not in r and Decimal(r) == d:
                return f
    return exact_text(d)


@dataclass
class Metadata:
    """Article header metadata. ``published`` is ISO 8601 (``2019-05-09T13:26:36``)."""

    title: str | None = None
    published: str | None = None
    source: str | None = None
    editors: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    reviewers: list[str] = field(default_factory=list)


@dataclass
class Paragraph:
    """A paragraph (non-empty line) with its category. ``start``/``end`` are str offsets into the input."""

    index: int
    start: int
    end: int
    category: str
    category_label: str
    scores: dict[str, float] = field(default_factory=dict)
    cues: list[str] = field(default_factory=list)
    role: str = "body"


@dataclass
class Entity:
    """An ORG / LOC / PER mention. ``paragraph`` is the index of its paragraph (or None)."""

    text: str
    label: str
    start: int
    end: int
    paragraph: int | None


@dataclass
class Amount:
    """A quantity expression with its normalised value, per ANNOTATION.md (Amounts)."""

    text: str
    start: int
    end: int
    paragraph: int | None
    kind: str
    value: int | float | str  # exact decimal: see plain_number
    unit: str
    base_value: int | float | str | None = None
    base_unit: str | None = None
    approx: str | None = None
    high: int | float | str | None = None
    qualifier: str | None = None
    classifier: str | None = None
    category: str | None = None
    agent: str | None = None
    object: str | None = None


@dataclass
class DateMention:
    """A date or time expression. ``value`` is ISO 8601 (possibly reduced precision: ``2016``, ``--10``)."""

    text: str
    start: int
    end: int
    value: str | None


@dataclass
class Node:
    """A typed graph node. ``props`` are flattened into the JSON object beside ``id`` and ``type``."""

    id: str
    type: str
    props: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "type": self.type, **self.props}


@dataclass
class Edge:
    """A typed, directed graph edge between node ids."""

    source: str
    target: str
    type: str
    props: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d = {"source": self.source, "target": self.target, "type": self.type}
        d.update(self.props)
        return d


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"nodes": [n.to_dict() for n in self.nodes], "edges": [e.to_dict() for e in self.edges]}


@dataclass
class Article:
    """The extraction of one article: the JSON contract of ``zhnews-ie extract``."""

    doc_id: str
    metadata: Metadata
    paragraphs: list[Paragraph]
    entities: list[Entity]
    amounts: list[Amount]
    dates: list[DateMention]
    graph: Graph
    warnings: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """RETURNS (dict): The JSON-ready dict of the output contract."""
        d = {
            "doc_id": self.doc_id,
            "metadata": asdict(self.metadata),
            "paragraphs": [asdict(p) for p in self.paragraphs],
            "entities": [asdict(e) for e in self.entities],
            "amounts": [asdict(a) for a in self.amounts],
            "dates": [asdict(x) for x in self.dates],
            "graph": self.graph.to_dict(),
        }
        if self.warnings:
            d["warnings"] = list(self.warnings)
        return d
