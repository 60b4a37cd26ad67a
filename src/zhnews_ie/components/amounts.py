"""spaCy component: amounts (quantity expressions) as spans with exact values.

A thin wrapper around :func:`zhnews_ie.grammar.quantities.find_quantities`: spans go to
``doc.spans[spans_key]`` (label = kind), values to ``doc._.zhnews_amounts["start:end"]`` as plain dicts
(Decimals as ``str``) so that DocBin and multiprocessing round-trip them.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any, Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

from ..grammar.quantities import find_quantities
from ._common import register_extensions, score_span_group, set_char_spans, without_unscored

register_extensions()

VALUE_KEYS = ("text", "kind", "value", "unit", "high", "base_value", "base_unit", "approx", "qualifier", "classifier")


def score_amounts(examples: Iterable[Example], spans_key: str = "amounts", **kwargs: Any) -> dict[str, Any]:
    """Score predicted amount spans against the reference spans (exact offsets and label), and their values.

    Reference spans in ``doc.spans[spans_key + "_optional"]`` (gold amounts marked optional) are neither
    rewarded nor penalised: a prediction on the same offsets is left out; so is a prediction starting in a
    region of the reference's ``doc.spans["unscored"]`` (the unannotated title line, see ``without_unscored``).

    examples (Iterable[Example]): Predicted and reference docs.
    spans_key (str): The ``doc.spans`` key holding the amounts. Defaults to "amounts".
    RETURNS (dict): ``amounts_p``, ``amounts_r``, ``amounts_f`` and ``amounts_per_type`` (span and kind), and
        ``amounts_value_p/r/f`` (span, kind, unit and exact value, against the reference ``doc._.zhnews_amounts``).
    """
    examples = [_without_optional(eg, spans_key) for eg in without_unscored(examples)]
    scores = score_span_group(examples, "amounts", spans_key)
    tp = n_pred = n_gold = 0
    for eg in examples:
        if spans_key not in eg.reference.spans:
            continue
        gold = {_value_key(s, eg.reference._.zhnews_amounts) for s in eg.reference.spans[spans_key]}
        pred = {_value_key(s, eg.predicted._.zhnews_amounts) for s in eg.predicted.spans.get(spans_key, [])}
        tp, n_pred, n_gold = tp + len(gold & pred), n_pred + len(pred), n_gold + len(gold)
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    scores.update({"amounts_value_p": p, "amounts_value_r": r,
                   "amounts_value_f": 2 * p * r / (p + r) if p + r else 0.0})
    return scores


def _value_key(span: Any, values: dict[str, Any] | None) -> tuple:
    v = (values or {}).get(f"{span.start_char}:{span.end_char}", {})
    value = v.get("value")
    return (span.start_char, span.end_char, v.get("kind", span.label_), v.get("unit"),
            None if value is None else Decimal(str(value)).normalize())


def _without_optional(eg: Example, spans_key: str) -> Example:
    optional = {(s.start_char, s.end_char) for s in eg.reference.spans.get(spans_key + "_optional", [])}
    if not optional or spans_key not in eg.predicted.spans:
        return eg
    predicted = eg.predicted.copy()
    predicted.spans[spans_key] = [s for s in predicted.spans[spans_key]
                                  if (s.start_char, s.end_char) not in optional]
    return Example(predicted, eg.reference)


@registry.scorers("zhnews_ie.amounts_scorer.v1")
def make_amounts_scorer() -> Callable[..., dict[str, Any]]:
    """RETURNS (Callable): The amounts scorer, ``(examples, **kwargs) -> dict`` (``amounts_p/r/f``)."""
    return score_amounts


class AmountsComponent:
    """Find amounts in ``doc.text`` and store them as spans and values.

    nlp (Language): The pipeline.
    name (str): The component name.
    spans_key (str): Key of ``doc.spans`` to write. Defaults to "amounts".
    scorer (Callable | None): The scoring function. Defaults to ``zhnews_ie.amounts_scorer.v1``.
    """

    def __init__(self, nlp: Language, name: str = "zhnews_ie_amounts", spans_key: str = "amounts",
                 scorer: Callable | None = score_amounts) -> None:
        self.name = name
        self.spans_key = spans_key
        self.scorer = scorer

    def __call__(self, doc: Doc) -> Doc:
        """Add the amounts of a doc.

        doc (Doc): The document; tokens are split where an amount edge falls inside a token.
        RETURNS (Doc): The same doc with ``doc.spans[spans_key]`` and ``doc._.zhnews_amounts`` set.
        """
        items = []
        for q in find_quantities(doc.text):
            d = q.to_dict()
            items.append((q.start, q.end, q.kind, {k: d[k] for k in VALUE_KEYS}))
        set_char_spans(doc, self.spans_key, "zhnews_amounts", items)
        return doc

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Score a batch of examples.

        examples (Iterable[Example]): The examples.
        RETURNS (dict): The scores (``amounts_p/r/f``), or {} without a scorer.
        """
        if self.scorer is None:
            return {}
        kwargs.setdefault("spans_key", self.spans_key)
        return self.scorer(examples, **kwargs)


@Language.factory(
    "zhnews_ie_amounts",
    assigns=["doc.spans", "doc._.zhnews_amounts"],
    default_config={"spans_key": "amounts", "scorer": {"@scorers": "zhnews_ie.amounts_scorer.v1"}},
    default_score_weights={"amounts_f": 1.0, "amounts_p": 0.0, "amounts_r": 0.0},
)
def make_amounts(nlp: Language, name: str, spans_key: str, scorer: Callable | None) -> AmountsComponent:
    """Factory of the ``zhnews_ie_amounts`` component.

    nlp (Language): The pipeline.
    name (str): The component name.
    spans_key (str): Key of ``doc.spans`` to write.
    scorer (Callable | None): The scoring function.
    RETURNS (AmountsComponent): The component.
    """
    return AmountsComponent(nlp, name, spans_key=spans_key, scorer=scorer)
