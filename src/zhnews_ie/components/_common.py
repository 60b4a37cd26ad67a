"""Shared helpers for the components: extension attributes and character-span alignment.

Custom values live in plain ``doc._`` dicts (JSON-ready: str, int, float, list, dict) so that ``DocBin`` and
``nlp.pipe(n_process=2)`` round-trip them. Span-level values are keyed by ``"start:end"`` character offsets.
"""

from __future__ import annotations

import bisect
import unicodedata
from typing import Any, Iterable

import numpy as np
from spacy.attrs import (ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, IDX, LEMMA, LENGTH, MORPH, NORM, ORTH, POS,
                         SENT_START, SPACY, TAG)
from spacy.tokens import Doc, Span
from spacy.training import Example

# doc._ attributes (all plain dicts/lists, default None so each doc gets its own value)
DOC_EXTENSIONS = (
    "zhnews_amounts",  # {"start:end": {kind, value(str), unit, high(str|None), base_value(str|None), ...}}
    "zhnews_dates",  # {"start:end": {"value": iso}}
    "zhnews_metadata",  # {"title", "published", "source", "editors", "authors"}
    "zhnews_paragraphs",  # [{"index","start","end","role","category","category_label","scores","cues","taxonomy"}]
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


CLAUSE_MARKS = frozenset("，,。；;：:！!？?")
"""Marks that end a clause: no PER, LOC or ORG name holds one (none of the People's Daily 1998 entities does)."""


MAX_NAME_CHARS = 64
"""Longest entity kept (the longest name of the dev gold, a cooperative after its full chain of places, has 29
characters)."""


def trim_entity_spans(found: list[tuple[int, int, str]], text: str) -> list[tuple[int, int, str]]:
    """Keep the part of an entity after the last clause mark inside it (``CLAUSE_MARKS``; a name's head is at its
    end: 资金250万元,合作社 → 合作社), and of a place or organisation after the last whitespace inside it (中心 县 →
    县: Chinese names hold no space, while a person's name may: 王 成); an entity left empty, or a place or
    organisation left with one character, is dropped, and so is one longer than ``MAX_NAME_CHARS``. A model
    reading right to left may run on over a mark while it looks for the name's start, and the segmenter may glue a
    mark into a word a rule then reads.

    found (list[tuple[int, int, str]]): Entities ``(start, end, label)``, ``str`` offsets into ``text``.
    text (str): The document's text.
    RETURNS (list[tuple[int, int, str]]): The entities, none holding a clause mark (nor, for a place or an
        organisation, whitespace), none longer than ``MAX_NAME_CHARS``.
    """
    out = []
    for s, e, label in found:
        cut = max((i for i in range(s, e) if text[i] in CLAUSE_MARKS
                   or (label in ("ORG", "LOC") and text[i].isspace())), default=None)
        if cut is not None:
            s = cut + 1
            while s < e and (text[s].isspace() or unicodedata.category(text[s])[0] in "PS"):
                s += 1  # and the spaces, punctuation and symbols after it (，··某某)
            if e - s < (2 if label in ("ORG", "LOC") else 1):
                continue
        if e - s > MAX_NAME_CHARS:
            continue  # 县人民政府县人民政府…: bodies run together over a whole line name no one body
        out.append((s, e, label))
    return out


FEW_SPLITS = 6
"""Up to this many tokens to split, ``ensure_boundaries`` uses spaCy's retokenizer (each split costs a pass over the
doc in C); above it, the doc is rebuilt once (``_rebuild_split``: a few passes over the doc in numpy and one
``Doc.__init__``), so the cost does not grow with cuts x length."""

# Token attributes a split token's pieces after the first take from the tokens that followed it (see
# ``_rebuild_split``); DEP is left out: a parsed doc takes the retokenizer.
_PIECE_ATTRS = (LEMMA, POS, TAG, MORPH, SENT_START, ENT_TYPE, ENT_ID, ENT_KB_ID)
_ATTRS = (ORTH, SPACY, NORM, HEAD, ENT_IOB, *_PIECE_ATTRS)
_COL = {attr: k for k, attr in enumerate(_ATTRS)}
_DOC_STATE = ("cats", "sentiment", "tensor", "_vector", "_vector_norm", "user_hooks", "user_token_hooks",
              "user_span_hooks", "noun_chunks_iterator", "has_unknown_spaces", "_context")
"""The ``Doc`` attributes ``Doc.__init__`` resets, which ``_rebuild_split`` puts back (``user_data`` is passed to it;
``doc.spans`` is rebuilt by ``ensure_boundaries``)."""


def ensure_boundaries(doc: Doc, spans: Iterable[tuple[int, int]]) -> None:
    """Make every ``(start, end)`` character offset a token boundary, splitting tokens where needed.

    All cuts are made at once, in time linear in the doc's length whatever the number of cuts: with few tokens to
    split (``FEW_SPLITS``) in one retokenisation, else by rebuilding the doc in place (``_rebuild_split``, with the
    same result). Spans already stored in ``doc.spans`` are kept: they are saved as character offsets before the
    split and rebuilt after it (spaCy's retokenizer does not move them), so a component that splits tokens never
    corrupts an earlier component's spans. ``doc.ents`` are moved with the token annotation.

    doc (Doc): The document.
    spans (Iterable[tuple[int, int]]): Character offsets into ``doc.text``.
    """
    starts = doc.to_array(IDX).tolist()  # token offsets without a Token object per word
    lengths = doc.to_array(LENGTH).tolist()
    cuts: dict[int, set[int]] = {}
    for pair in spans:
        for offset in pair:
            i = bisect.bisect_right(starts, offset) - 1
            if i < 0:
                continue
            if starts[i] < offset < starts[i] + lengths[i]:
                cuts.setdefault(i, set()).add(offset - starts[i])
    if not cuts:
        return
    saved = {key: [(sp.start_char, sp.end_char, sp.label_, sp.kb_id_) for sp in group]
             for key, group in doc.spans.items()}
    if len(cuts) > FEW_SPLITS and (doc.tensor is None or doc.tensor.size == 0) and not doc.has_annotation("DEP"):
        _rebuild_split(doc, cuts)
    else:
        with doc.retokenize() as retokenizer:
            for i, offsets in cuts.items():
                token = doc[i]
                bounds = [0, *sorted(offsets), len(token.text)]
                parts = [token.text[a:b] for a, b in zip(bounds, bounds[1:])]
                retokenizer.split(token, parts, heads=[(token, 0)] * len(parts))
    for key, items in saved.items():
        doc.spans[key] = [doc.char_span(a, b, label=label, kb_id=kb) for a, b, label, kb in items]


def _rebuild_split(doc: Doc, cuts: dict[int, set[int]]) -> None:
    """Split tokens by rebuilding ``doc`` in place, with the token annotation spaCy's retokenizer gives.

    ``doc.retokenize()`` splits one token at a time, each split moving every later token and walking the whole
    doc, so many cuts in a long doc took time cuts x length. Here the new tokens' words and annotation arrays are
    built in one pass and the same ``Doc`` object is re-initialised with them (components edit the doc they are
    given, so it must stay the same object); ``user_data`` (the ``doc._`` values) is handed over and the other doc
    attributes ``Doc.__init__`` resets are put back.

    The annotation is what ``retokenizer.split(token, parts, heads=[(token, 0)] * len(parts))`` leaves, token by
    token in text order: untouched tokens keep theirs (heads follow their token); the pieces of a split token lose
    their norm (``token.norm_`` falls back to the piece's text), get their own text as lemma where one was set,
    keep the whitespace after the token on the last piece only, continue its entity (a ``B`` start is followed by
    ``I``) and attach to the first piece. Pieces after the first take the lemma flag, part of speech, tag,
    morphology, sentence start and entity label/kb/id of the token that followed the split token as many places on
    (nothing past the end): spaCy's split moves the later tokens up and leaves their old values in the new slots.
    Dependency edges (``token.left_edge``, ``children``) are reset: without a parse they are not read, and a parsed
    doc or one with a tensor takes the retokenizer instead.

    doc (Doc): The document, without dependency annotation or tensor.
    cuts (dict[int, set[int]]): Token index -> character offsets inside the token (not 0, not its length) to cut at.
    """
    old = doc.to_array(list(_ATTRS))
    n = len(old)
    orths = old[:, _COL[ORTH]].tolist()
    spaces = old[:, _COL[SPACY]].astype(bool).tolist()
    strings = doc.vocab.strings
    counts = np.ones(n, dtype=np.int64)
    words: list[Any] = []
    new_spaces: list[bool] = []
    last = 0
    for i in sorted(cuts):
        words += orths[last:i]  # hash values: Doc looks up the lexeme of an unsplit word by its orth
        new_spaces += spaces[last:i]
        text = strings[orths[i]]
        bounds = [0, *sorted(cuts[i]), len(text)]
        words += [text[a:b] for a, b in zip(bounds, bounds[1:])]
        new_spaces += [False] * (len(bounds) - 2) + [spaces[i]]
        counts[i] = len(bounds) - 1
        last = i + 1
    words += orths[last:]
    new_spaces += spaces[last:]
    src = np.repeat(np.arange(n), counts)  # the old token of each new token
    first = np.cumsum(counts) - counts  # the new index of each old token's first piece
    piece = np.arange(len(src)) - first[src]
    split = counts[src] > 1
    later = piece > 0
    new = old[src]
    stale = src[later] + piece[later]
    inside = stale < n
    values = np.zeros((len(stale), len(_PIECE_ATTRS)), dtype=old.dtype)
    values[inside] = old[stale[inside]][:, [_COL[a] for a in _PIECE_ATTRS]]
    new[np.ix_(later, [_COL[a] for a in _PIECE_ATTRS])] = values
    iob = new[:, _COL[ENT_IOB]]
    iob[later & (iob == 3)] = 1
    signed = new.view(np.int64)
    heads = signed[:, _COL[HEAD]]
    target = src + heads  # absolute head of each token before the split
    heads[:] = first[target] - np.arange(len(src))
    heads[split] = -piece[split]

    state = {name: getattr(doc, name) for name in _DOC_STATE}
    Doc.__init__(doc, doc.vocab, words=words, spaces=new_spaces, user_data=doc.user_data)
    for name, value in state.items():
        setattr(doc, name, value)
    fresh = doc.to_array([ORTH, NORM])
    lemma = new[:, _COL[LEMMA]]
    lemma[split & (lemma != 0)] = fresh[split & (lemma != 0), 0]
    norm = new[:, _COL[NORM]]
    norm[split | (norm == fresh[:, 1])] = 0  # 0: the lexeme's norm (a token's own norm is only stored when it differs)
    attrs = [NORM, HEAD, ENT_IOB, *_PIECE_ATTRS]
    if not new[:, _COL[MORPH]].any():
        attrs.remove(MORPH)
    doc.from_array(attrs, new[:, [_COL[a] for a in attrs]])


def char_span(doc: Doc, start: int, end: int, label: str = "") -> Span:
    """Return the span covering exactly ``doc.text[start:end]``, splitting tokens when needed.

    A character match whose edges fall inside a token is never dropped: the token is retokenised
    (split at the edge, see ``ensure_boundaries``) so the span's text is exactly the match. To align many
    matches, call ``ensure_boundaries`` once with all of them first.

    doc (Doc): The document.
    start (int): Start character offset into ``doc.text``.
    end (int): End character offset (exclusive).
    label (str): The span label. Defaults to "".
    RETURNS (Span): The span with ``span.text == doc.text[start:end]``.
    RAISES (ValueError): If the offsets are outside the text or the span is empty.
    """
    n_chars = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0  # doc.text would rebuild the string
    if not (0 <= start < end <= n_chars):
        raise ValueError(f"E-ALIGN: bad character span {start}:{end} for a text of {n_chars} characters")
    span = doc.char_span(start, end, label=label)
    if span is not None:
        return span
    ensure_boundaries(doc, [(start, end)])
    span = doc.char_span(start, end, label=label)
    if span is None:  # pragma: no cover - whitespace edge cases
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
    return span


def set_char_spans(doc: Doc, spans_key: str, extension: str,
                   items: list[tuple[int, int, str, dict[str, Any]]]) -> None:
    """Store character matches as ``doc.spans[spans_key]`` and their values as ``doc._.<extension>``.

    Tokens are split once for all matches first (``ensure_boundaries``), then the spans are built, so every span
    text equals its match. Used by the amounts and dates components.

    doc (Doc): The document.
    spans_key (str): The ``doc.spans`` key to write.
    extension (str): The ``doc._`` attribute receiving ``{"start:end": values}``.
    items (list[tuple[int, int, str, dict]]): ``(start, end, label, values)`` per match (plain values).
    """
    ensure_boundaries(doc, [(s, e) for s, e, _, _ in items])
    doc.spans[spans_key] = [char_span(doc, s, e, label=label) for s, e, label, _ in items]
    setattr(doc._, extension, {span_key(s, e): values for s, e, _, values in items})


def score_span_group(examples: Iterable[Any], attr: str, spans_key: str) -> dict[str, Any]:
    """spaCy's span scorer over one ``doc.spans`` group (exact offsets and label).

    examples (Iterable[Example]): Predicted and reference docs.
    attr (str): Prefix of the score keys (``{attr}_p``, ``{attr}_r``, ``{attr}_f``, ``{attr}_per_type``).
    spans_key (str): The ``doc.spans`` key.
    RETURNS (dict): The scores.
    """
    from spacy.scorer import Scorer

    return Scorer.score_spans(examples, attr=attr, getter=lambda doc, _: list(doc.spans.get(spans_key, [])),
                              has_annotation=lambda doc: spans_key in doc.spans, allow_overlap=True)


UNSCORED_KEY = "unscored"
"""``doc.spans`` key of a reference doc's regions where nothing is scored (e.g. the unannotated title line)."""


def without_unscored(examples: Iterable[Any]) -> list[Any]:
    """Leave out of the predicted docs whatever starts in a region the reference marks as not scored.

    A reference doc may carry ``doc.spans["unscored"]`` (``evaluation.reference_doc`` marks the unannotated
    title line there, as ``zhnews-ie evaluate`` ignores it). The scorers call this first, so a prediction in
    such a region is neither rewarded nor penalised. Examples without the key are returned unchanged; the others
    get a copy of the predicted doc without the spans (every ``doc.spans`` group and ``doc.ents``) and the
    ``doc._.zhnews_amounts``/``zhnews_dates``/``zhnews_links``/``zhnews_paragraphs`` values starting there.

    examples (Iterable[Example]): Predicted and reference docs.
    RETURNS (list[Example]): The examples to score.
    """
    out = []
    for eg in examples:
        regions = [(s.start_char, s.end_char) for s in eg.reference.spans.get(UNSCORED_KEY, [])]
        if not regions:
            out.append(eg)
            continue

        def kept(offset: int) -> bool:
            return not any(a <= offset < b for a, b in regions)

        pred = eg.predicted.copy()
        for key in list(pred.spans):
            pred.spans[key] = [s for s in pred.spans[key] if kept(s.start_char)]
        pred.ents = [e for e in pred.ents if kept(e.start_char)]
        for ext in ("zhnews_amounts", "zhnews_dates", "zhnews_links"):
            values = getattr(pred._, ext)
            if values:
                setattr(pred._, ext, {k: v for k, v in values.items() if kept(int(k.split(":")[0]))})
        if pred._.zhnews_paragraphs:
            pred._.zhnews_paragraphs = [p for p in pred._.zhnews_paragraphs if kept(p["start"])]
        out.append(Example(pred, eg.reference))
    return out
