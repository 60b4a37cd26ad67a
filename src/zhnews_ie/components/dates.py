"""spaCy component: date and time mentions as spans with ISO 8601 values.

A thin wrapper around :func:`zhnews_ie.grammar.dates.find_dates`: spans go to
``doc.spans[spans_key]`` (label ``DATE``), values to ``doc._.zhnews_dates["start:end"]`` as plain dicts
(``{"text", "value"}``) so that DocBin and multiprocessing round-trip them.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

from ..grammar.dates import find_dates
from ._common import register_extensions, score_span_group, set_char_spans, without_unscored

register_extensions()

LABEL = "DATE"


def score_dates(examples: Iterable[Example], spans_key: str = "dates", **kwargs: Any) -> dict[str, Any]:
    """Score predicted date spans against the reference spans (exact offsets and label).

    examples (Iterable[Example]): Predicted and reference docs.
    spans_key (str): The ``doc.spans`` key holding the dates. Defaults to "dates".
    RETURNS (dict): ``dates_p``, ``dates_r``, ``dates_f`` and ``dates_per_type``; a prediction starting in the
        reference's ``doc.spans["unscored"]`` regions is left out (``without_unscored``).
    """
    return score_span_group(without_unscored(examples), "dates", spans_key)


@registry.scorers("zhnews_ie.dates_scorer.v1")
def make_dates_scorer() -> Callable[..., dict[str, Any]]:
    """RETURNS (Callable): The dates scorer, ``(examples, **kwargs) -> dict`` (``dates_p/r/f``)."""
    return score_dates


class DatesComponent:
    """Find date mentions in ``doc.text`` and store them as spans and values.

    nlp (Language): The pipeline.
    name (str): The component name.
    spans_key (str): Key of ``doc.spans`` to write. Defaults to "dates".
    scorer (Callable | None): The scoring function. Defaults to ``zhnews_ie.dates_scorer.v1``.
    """

    def __init__(self, nlp: Language, name: str = "zhnews_ie_dates", spans_key: str = "dates",
                 scorer: Callable | None = score_dates) -> None:
        self.name = name
        self.spans_key = spans_key
        self.scorer = scorer

    def __call__(self, doc: Doc) -> Doc:
        """Add the date mentions of a doc.

        doc (Doc): The document; tokens are split where a date edge falls inside a token.
        RETURNS (Doc): The same doc with ``doc.spans[spans_key]`` and ``doc._.zhnews_dates`` set.
        """
        set_char_spans(doc, self.spans_key, "zhnews_dates",
                       [(q.start, q.end, LABEL, {"text": q.text, "value": q.value}) for q in find_dates(doc.text)])
        return doc

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Score a batch of examples.

        examples (Iterable[Example]): The examples.
        RETURNS (dict): The scores (``dates_p/r/f``), or {} without a scorer.
        """
        if self.scorer is None:
            return {}
        kwargs.setdefault("spans_key", self.spans_key)
        return self.scorer(examples, **kwargs)


@Language.factory(
    "zhnews_ie_dates",
    assigns=["doc.spans", "doc._.zhnews_dates"],
    default_config={"spans_key": "dates", "scorer": {"@scorers": "zhnews_ie.dates_scorer.v1"}},
    default_score_weights={"dates_f": 1.0, "dates_p": 0.0, "dates_r": 0.0},
)
def make_dates(nlp: Language, name: str, spans_key: str, scorer: Callable | None) -> DatesComponent:
    """Factory of the ``zhnews_ie_dates`` component.

    nlp (Language): The pipeline.
    name (str): The component name.
    spans_key (str): Key of ``doc.spans`` to write.
    scorer (Callable | None): The scoring function.
    RETURNS (DatesComponent): The component.
    """
    return DatesComponent(nlp, name, spans_key=spans_key, scorer=scorer)
