"""Shared helpers for the components: extension attributes and character-span alignment.

Custom values live in plain ``doc._`` dicts (JSON-ready: str, int, float, list, dict) so that ``DocBin`` and
``nlp.pipe(n_process=2)`` round-trip them. Span-level values are keyed by ``"start:end"`` character offsets.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

# doc._ attributes (all plain dicts/lists, default None so each doc gets its own value)
DOC_EXTENSIONS = (
    "zhnews_amounts",  # {"start:end": {kind, value(str), unit, high(str|None), base_value(str|None), ...}}
    "zhnews_dates",  # {"start:end": {"value": iso}}
    "zhnews_metadata",  # {"title", "published", "source", "editors", "authors"}
    "zhnews_paragraphs",  # [{"index","start","end","role","category","category_label","scores","cues"}]
    "zhnews_links",  # {"start:end": {"category", "agent", "agent_start", "agent_end", "object", ...}}
    "zhnews_roles",  # [{"person", "org", "role", ...}] (person-title-organisation relations)
)


def register_extensions() -> None:
    """Register the ``doc._`` extensions used by zhnews_ie (idempotent)."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def span_key(start: int, end: int) -> str:
    """Key of a span's values in the ``doc._`` dicts.

    start (int): Character offset of the span start in ``doc.text``.
    end (int): Character offset of the span end (exclusive).
    RETURNS (str): ``"start:end"``.
    """
    return f"{start}:{end}"


def char_span(doc: Doc, start: int, end: int, label: str = "") -> Span:
    """Return the span covering exactly ``doc.text[start:end]``, splitting tokens when needed.

    A character match whose edges fall inside a token is never dropped: the token is retokenised
    (split at the edge) so the span's text is exactly the match. Run before spans that depend on token
    indices are stored (the amounts and dates components come first in the pipeline).

    doc (Doc): The document.
    start (int): Start character offset into ``doc.text``.
    end (int): End character offset (exclusive).
    label (str): The span label. Defaults to "".
    RETURNS (Span): The span with ``span.text == doc.text[start:end]``.
    RAISES (ValueError): If the offsets are outside the text or the span is empty.
    """
    if not (0 <= start < end <= len(doc.text)):
        raise ValueError(f"E-ALIGN: bad character span {start}:{end} for a text of {len(doc.text)} characters")
    span = doc.char_span(start, end, label=label)
    if span is not None:
        return span
    for offset in (start, end):
        _split_at(doc, offset)
    span = doc.char_span(start, end, label=label)
    if span is None:  # pragma: no cover - whitespace edge cases
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
    return span


def _split_at(doc: Doc, offset: int) -> None:
    """Split the token that contains character ``offset`` strictly inside it."""
    for token in doc:
        if token.idx < offset < token.idx + len(token.text):
            cut = offset - token.idx
            parts = [token.text[:cut], token.text[cut:]]
            with doc.retokenize() as retokenizer:
                retokenizer.split(token, parts, heads=[(token, 0), (token, 0)])
            return
        if token.idx >= offset:
            return
