"""Schemas of the JSON files a user writes: gold annotations and taxonomies (pydantic, which spaCy ships with).

    from zhnews_ie.schemas import validate_gold, validate_taxonomy

    validate_gold(json.loads(path.read_text("utf-8")), name=str(path))     # E008 on the first problem
    validate_taxonomy(data, name="my_tax.json")                             # E016 on the first problem

The checks catch what would otherwise fail deep inside scoring or classification with a traceback: a wrong
type (a string where an offset goes, a list where an object goes), a missing field, an offset pair with
``end < start``, a NaN or infinite or negative cue weight, duplicate category ids. Extra fields are allowed
(a gold file may carry notes).
"""

from __future__ import annotations

import math
from typing import Any, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StrictStr, ValidationError, model_validator

from .errors import ZhNewsError

Number = Union[StrictInt, StrictFloat]


class _Model(BaseModel):
    model_config = ConfigDict(extra="allow", allow_inf_nan=False)


class _Span(_Model):
    start: StrictInt = Field(ge=0)
    end: StrictInt = Field(ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> "_Span":
        if self.end < self.start:
            raise ValueError(f"end {self.end} is before start {self.start}")
        return self


class GoldParagraph(_Span):
    """A gold paragraph: its span and category id."""

    category: StrictStr


class GoldAmount(_Span):
    """A gold amount: text, span, value, unit, kind (other fields of the guideline are optional)."""

    text: StrictStr
    value: Optional[Union[Number, StrictStr]] = None
    unit: Optional[StrictStr] = None
    kind: StrictStr


class GoldEntity(_Span):
    """A gold ORG/LOC/PER mention."""

    text: StrictStr
    label: StrictStr


class GoldDate(_Span):
    """A gold date mention with its ISO 8601 value (a gold file may also list dates as plain strings)."""

    text: StrictStr
    value: Optional[StrictStr] = None


class Gold(_Model):
    """A ``*.gold.json`` file (see the annotation guideline)."""

    source_file: Optional[StrictStr] = None
    metadata: Optional[dict[str, Any]] = None
    paragraphs: list[GoldParagraph]
    amounts: list[GoldAmount]
    entities: list[GoldEntity] = []
    dates: list[Union[GoldDate, StrictStr]] = []
    orgs: list[StrictStr] = []
    places: list[StrictStr] = []
    persons: list[StrictStr] = []


class TaxonomyCategory(_Model):
    """One category of a taxonomy: id, label, optional description and cue weights (finite, not negative)."""

    id: StrictStr = Field(min_length=1)
    label: StrictStr
    description: Optional[StrictStr] = None
    cues: dict[StrictStr, Any] = {}

    @model_validator(mode="after")
    def _weights(self) -> "TaxonomyCategory":
        for cue, w in self.cues.items():
            if isinstance(w, bool) or not isinstance(w, (int, float)) or not math.isfinite(w) or w < 0:
                raise ValueError(f"cue {cue!r} of {self.id!r} has weight {w!r}; weights are finite numbers >= 0")
        return self


class Taxonomy(_Model):
    """A taxonomy file (layout of ``resources/taxonomy_five_tasks.json``)."""

    name: Optional[StrictStr] = None
    default: Optional[StrictStr] = None
    roles: dict[StrictStr, StrictStr] = {}
    min_score: Optional[Number] = Field(default=None, ge=0)
    lead_min_share: Optional[Number] = Field(default=None, ge=0, le=1)
    categories: list[TaxonomyCategory] = Field(min_length=1)

    @model_validator(mode="after")
    def _ids(self) -> "Taxonomy":
        ids = [c.id for c in self.categories]
        dup = sorted({i for i in ids if ids.count(i) > 1})
        if dup:
            raise ValueError(f"duplicate category ids: {', '.join(dup)}")
        for value in [self.default, *self.roles.values()]:
            if value is not None and value not in ids:
                raise ValueError(f"{value!r} is not a category id; allowed: {', '.join(ids)}")
        return self


def _first_error(err: ValidationError) -> str:
    e = err.errors()[0]
    loc = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in e.get("loc", ())).lstrip(".")
    msg = e.get("msg", "invalid").removeprefix("Value error, ")
    more = f" (and {err.error_count() - 1} more)" if err.error_count() > 1 else ""
    return f"{loc + ': ' if loc else ''}{msg}{more}"


def validate_gold(data: Any, name: str = "gold") -> dict[str, Any]:
    """Check a parsed gold file against :class:`Gold`.

    data (Any): The parsed JSON.
    name (str): The file name, for the message. Defaults to "gold".
    RETURNS (dict): ``data``, unchanged.
    RAISES (ZhNewsError): E008 for a non-object, the missing required keys, or the first malformed field and where
        it is (``amounts[3].start: ...``).
    """
    if not isinstance(data, dict):
        raise ZhNewsError("E008", f"{name} is a JSON {type(data).__name__}; a gold file is an object with "
                                  "'paragraphs' and 'amounts' (the gold layout: docs/annotation.md)")
    missing = [k for k in ("paragraphs", "amounts") if k not in data]
    if missing:
        raise ZhNewsError("E008", f"{name} lacks {' and '.join(repr(k) for k in missing)} (the gold layout: "
                                  "docs/annotation.md)")
    try:
        Gold.model_validate(data)
    except ValidationError as err:
        raise ZhNewsError("E008", f"{name} is malformed: {_first_error(err)} (the gold layout: docs/annotation.md)") from None
    return data


def validate_taxonomy(data: Any, name: str = "taxonomy") -> dict[str, Any]:
    """Check a parsed taxonomy against :class:`Taxonomy`.

    data (Any): The parsed JSON.
    name (str): The file name, for the message. Defaults to "taxonomy".
    RETURNS (dict): ``data``, unchanged.
    RAISES (ZhNewsError): E016 naming the first problem and the expected layout.
    """
    layout = ('expected {"name", "default", "roles": {role: id}, "categories": [{"id", "label", '
              '"cues": {word: weight}}]}')
    if not isinstance(data, dict):
        raise ZhNewsError("E016", f"{name} is a JSON {type(data).__name__}; {layout}")
    try:
        Taxonomy.model_validate(data)
    except ValidationError as err:
        raise ZhNewsError("E016", f"{name} is malformed: {_first_error(err)}; {layout}") from None
    return data
