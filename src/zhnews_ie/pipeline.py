"""Build the zhnews_ie spaCy pipeline and run it on texts."""

from __future__ import annotations

import functools
from dataclasses import replace
from pathlib import Path
from typing import Callable

import spacy
from spacy.language import Language

from . import tokenizer  # noqa: F401  (registers zhnews_ie.Tokenizer.v1)
from .article import article_from_doc
from .components import amounts, categories, char_ner, dates, entities, linker, structure  # noqa: F401
from .graph.build import build_graph
from .inputs import MAX_CHARS, check_text, language_warnings
from .records import Article, Graph, Metadata

PIPE_NAMES = (
    "zhnews_ie_amounts",
    "zhnews_ie_dates",
    "zhnews_ie_structure",
    "zhnews_ie_entities",
    "zhnews_ie_categories",
    "zhnews_ie_linker",
)
"""Component order. Amounts and dates come first: they may split tokens so that every match is a span."""

MODEL_PIPES = ("zhnews_ie_char_ner",)
"""The component that runs the trained character-level ``tok2vec`` + ``ner`` in ``models/ner`` (``zhnews-ie train
ner``), inserted right before ``zhnews_ie_entities``.

Priority of the two entity sources (``zhnews_ie.components.entities.merge_entities``): the statistical model
proposes PER/LOC/ORG on characters, so a segmentation error cannot cut a name; the rule component
``zhnews_ie_entities`` keeps every model entity that is not a generic reference and adds rule matches as
evidence: on token boundaries only, never inside or across a model entity, replacing model entities only with
a longer name backed by a known body, a full division name or a place/level + suffix (国家开发银行贵州省分行,
云南省镇雄县教育局), and joining a chain of places written before an organisation into it."""


def resolve_ner_path(ner: str | Path | None = "default") -> Path | None:
    """Turn a ``ner`` setting into a trained pipeline directory, or None.

    ner (str | Path | None): "default" for ``models/ner`` (None when it is absent: the rules alone), "none" or
        None for no model, else a pipeline directory (which must exist). Defaults to "default".
    RETURNS (Path | None): The directory holding ``config.cfg`` of the trained pipeline, or None.
    RAISES (FileNotFoundError): If an explicit path holds no pipeline.
    """
    if ner is None or str(ner) == "none":
        return None
    if str(ner) == "default":
        from .tokenizer import default_models_dir

        path = default_models_dir() / "ner"
        return path if (path / "config.cfg").is_file() else None
    path = Path(ner)
    if not (path / "config.cfg").is_file():
        raise FileNotFoundError(f"no trained pipeline (config.cfg) in {path}; train one with `zhnews-ie train ner`")
    return path


def add_model_pipes(nlp: Language, ner_path: str | Path) -> list[str]:
    """Add ``zhnews_ie_char_ner`` running the trained character pipeline before the rule entities.

    nlp (Language): An initialised pipeline from ``build`` (with ``zhnews_ie_entities``).
    ner_path (str | Path): The trained pipeline directory, e.g. ``models/ner``.
    RETURNS (List[str]): The names of the added components.
    RAISES (OSError): If the directory holds no spaCy pipeline.
    """
    before = "zhnews_ie_entities" if "zhnews_ie_entities" in nlp.pipe_names else None
    pipe = nlp.add_pipe("zhnews_ie_char_ner", before=before)
    pipe.initialize(model=str(ner_path))
    nlp.set_error_handler = functools.partial(set_error_handler, nlp)
    return list(MODEL_PIPES)


def set_error_handler(nlp: Language, error_handler: Callable) -> None:
    """``Language.set_error_handler`` that skips components which cannot hold a handler.

    spaCy 3.8's compiled ``ner`` raises AttributeError on ``set_error_handler``; it keeps spaCy's default
    (raise), every other component gets ``error_handler``.

    nlp (Language): The pipeline.
    error_handler (Callable): As in ``Language.set_error_handler``.
    """
    nlp.default_error_handler = error_handler
    for _, pipe in nlp.pipeline:
        if hasattr(pipe, "set_error_handler"):
            try:
                pipe.set_error_handler(error_handler)
            except AttributeError:
                pass


def build(taxonomy: str = "five_tasks", segmenter: str = "default", ner: str | Path | None = "default") -> Language:
    """Build a fresh, initialised pipeline.

    taxonomy (str): A taxonomy JSON path or packaged name for paragraph categories. Defaults to "five_tasks".
    segmenter (str): The pkuseg model: "default" is the project's model in ``models/segmenter``; else a path.
        Defaults to "default".
    ner (str | Path | None): The trained character ner: "default" is ``models/ner`` when present (else the rules
        alone), "none"/None the rules alone, else a pipeline directory. See ``MODEL_PIPES`` for the priority.
        Defaults to "default".
    RETURNS (Language): The pipeline; ``nlp(text)`` fills ``doc.spans["amounts"|"dates"|"paragraphs"]``,
        ``doc.ents``, ``doc.cats`` and the ``doc._.zhnews_*`` values.
    """
    nlp = spacy.blank("zh", config={
        "nlp": {"tokenizer": {"@tokenizers": "zhnews_ie.Tokenizer.v1", "segmenter": segmenter}},
        "initialize": {"tokenizer": {}},
    })
    nlp.max_length = MAX_CHARS
    for name in PIPE_NAMES:
        config = {"taxonomy": str(taxonomy)} if name == "zhnews_ie_categories" else {}
        nlp.add_pipe(name, config=config)
    nlp.initialize()
    ner_path = resolve_ner_path(ner)
    if ner_path is not None:  # added after initialize: sourced components keep their trained weights
        add_model_pipes(nlp, ner_path)
    return nlp


@functools.lru_cache(maxsize=4)
def load(taxonomy: str = "five_tasks", segmenter: str = "default", ner: str | None = "default") -> Language:
    """The pipeline, built once per process for each (taxonomy, segmenter, ner).

    taxonomy (str): As in ``build``. Defaults to "five_tasks".
    segmenter (str): As in ``build``. Defaults to "default".
    ner (str | None): As in ``build``. Defaults to "default".
    RETURNS (Language): The shared pipeline.
    """
    return build(taxonomy=str(taxonomy), segmenter=segmenter, ner=ner)


def empty_article(doc_id: str, warnings: list[str]) -> Article:
    """An empty but valid extraction (for text without Chinese)."""
    return Article(doc_id=doc_id, metadata=Metadata(), paragraphs=[], entities=[], amounts=[], dates=[],
                   graph=Graph(), warnings=warnings)


def extract(text: str, doc_id: str = "doc", nlp: Language | None = None, max_chars: int = MAX_CHARS) -> Article:
    """Extract the typed knowledge graph of one article.

    text (str): The article text; all offsets in the result index this exact string.
    doc_id (str): Document id for the output and the graph node ids. Defaults to "doc".
    nlp (Language | None): A pipeline from ``load()``; None uses the shared default. Defaults to None.
    max_chars (int): Largest accepted text, in characters. Defaults to 1,000,000.
    RETURNS (Article): The records; ``Article.to_dict()`` is the JSON contract of ``zhnews-ie extract``.
    RAISES (ZhNewsError): E002 empty text, E004 binary-looking text, E005 too large.
    """
    text = check_text(text, name=str(doc_id), max_chars=max_chars)
    warnings = language_warnings(text)
    if warnings:
        return empty_article(str(doc_id).encode("utf-8", "backslashreplace").decode("utf-8"), warnings)
    nlp = nlp or load()
    return extract_checked(nlp, text, doc_id)


WINDOW_CHARS = 20_000
"""Documents longer than this are processed in windows of whole paragraphs of about this size (linear time,
bounded memory); shorter ones in one piece."""
_CONTEXT_CHARS = 2_000
_SENTENCE_ENDS = "。！？；!?;\n"


_NUMBERISH = frozenset("0123456789０１２３４５６７８９.．,，%％零〇一二三四五六七八九十百千万亿两点壹贰叁肆伍陆柒捌玖拾佰仟萬億")


def _numberish(ch: str) -> bool:
    return ch in _NUMBERISH or ch.isascii() and ch.isalnum()


def text_windows(text: str, size: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """Cut a text into windows of whole paragraphs (lines) of at most about ``size`` characters.

    A paragraph longer than ``size`` is cut after its last sentence end (。！？；) within the window, or, failing
    that, between two characters that are not part of a number (a number is never cut in two, nor from its
    unit), or, failing that, the window runs on to the next sentence end.

    text (str): The text.
    size (int): The window size in characters. Defaults to WINDOW_CHARS.
    RETURNS (list[tuple[int, int]]): ``(start, end)`` offsets covering ``text`` exactly, in order.
    """
    out: list[tuple[int, int]] = []
    start, n = 0, len(text)
    while start < n:
        if n - start <= size:
            out.append((start, n))
            break
        limit = start + size
        cut = text.rfind("\n", start, limit)
        if cut <= start:
            cut = max(text.rfind(ch, start, limit) for ch in _SENTENCE_ENDS)
        if cut <= start:  # no line or sentence end: cut before a number, never inside one or before its unit
            cut = limit - 1
            while cut > start and (_numberish(text[cut]) or _numberish(text[cut + 1])):
                cut -= 1
        if cut <= start:  # nothing safe in the window: let it run on to the next sentence end (or the end)
            ends = [i for i in (text.find(ch, limit) for ch in _SENTENCE_ENDS) if i >= 0]
            cut = min(ends) if ends else n - 1
        out.append((start, cut + 1))
        start = cut + 1
    return out


def _context_prefix(text: str, first: Article) -> str:
    """The header a continuation window is given first: the article's lines up to its first body paragraph (the
    title, header lines and lead), so that its own first line is not taken for a title and the linker sees the
    article's main organisation. Cut to the title line when longer than _CONTEXT_CHARS."""
    end = 0
    for p in first.paragraphs:
        end = p.end
        if p.role == "body":
            break
    if end > _CONTEXT_CHARS:
        end = first.paragraphs[0].end if first.paragraphs else 0
    head = text[:min(end, _CONTEXT_CHARS)]
    return head + "\n" if head and not head.endswith("\n") else head


def extract_checked(nlp: Language, text: str, doc_id: str = "doc") -> Article:
    """Extract a checked text: in one piece, or in windows (:func:`text_windows`) when it is long.

    Each continuation window is processed after a copy of the article's header (:func:`_context_prefix`),
    whose records are dropped; offsets are shifted back, so they index ``text`` exactly, and paragraph indices
    run on across windows. Metadata come from the first window. The graph is built from the merged records.

    nlp (Language): The pipeline.
    text (str): The text, already checked (``inputs.check_text``).
    doc_id (str): The document id. Defaults to "doc".
    RETURNS (Article): The records.
    """
    if len(text) <= WINDOW_CHARS:
        if nlp.max_length < len(text):
            nlp.max_length = len(text)  # the limit is ours (max_chars), checked by the caller
        return article_from_doc(nlp(text), doc_id=doc_id)
    spans = text_windows(text)
    s0, e0 = spans[0]
    first_doc = nlp(text[s0:e0])
    first = article_from_doc(first_doc, doc_id=doc_id)
    parts: list[tuple[Article, int, int, list]] = [(first, 0, 0, list(first_doc._.zhnews_roles or []))]
    prefix = _context_prefix(text, first)
    del first_doc
    if nlp.max_length < WINDOW_CHARS + len(prefix) + 1:
        nlp.max_length = WINDOW_CHARS + len(prefix) + 1
    for doc, (start, _) in nlp.pipe(((prefix + text[s:e], (s, e)) for s, e in spans[1:]), as_tuples=True,
                                    batch_size=1):
        part = article_from_doc(doc, doc_id=doc_id)
        parts.append((part, start, len(prefix), list(doc._.zhnews_roles or [])))
    return merge_windows(parts, doc_id)


def merge_windows(parts: list[tuple[Article, int, int, list]], doc_id: str) -> Article:
    """Merge the extractions of consecutive windows into one article.

    parts (list[tuple[Article, int, int, list]]): Per window: its extraction, the offset of the window in the
        text, the length of the context prefix the window text began with (its records are dropped), and the
        person–organisation roles found.
    doc_id (str): The document id.
    RETURNS (Article): One article whose offsets index the whole text and whose graph is built from all records.
    """
    paragraphs, entities, amounts, dates, roles = [], [], [], [], []
    seen_roles: set[tuple] = set()
    for art, start, skip, part_roles in parts:
        shift = start - skip
        index_of: dict[int, int] = {}
        for p in art.paragraphs:
            if p.start < skip:
                continue
            index_of[p.index] = len(paragraphs)
            paragraphs.append(replace(p, index=len(paragraphs), start=p.start + shift, end=p.end + shift))

        def para(i: int | None) -> int | None:
            return index_of.get(i) if i is not None else None

        entities += [replace(e, start=e.start + shift, end=e.end + shift, paragraph=para(e.paragraph))
                     for e in art.entities if e.start >= skip]
        amounts += [replace(a, start=a.start + shift, end=a.end + shift, paragraph=para(a.paragraph))
                    for a in art.amounts if a.start >= skip]
        dates += [replace(d, start=d.start + shift, end=d.end + shift) for d in art.dates if d.start >= skip]
        for r in part_roles:
            key = tuple(sorted((k, str(v)) for k, v in r.items()))
            if key not in seen_roles:
                seen_roles.add(key)
                roles.append(r)
    first = parts[0][0]
    article = Article(doc_id=first.doc_id, metadata=first.metadata, paragraphs=paragraphs, entities=entities,
                      amounts=amounts, dates=dates, graph=Graph(), warnings=list(first.warnings))
    article.graph = build_graph(article, roles=roles)
    return article


def default_seed_path() -> Path:
    """RETURNS (Path): The seed article shipped with the package (``corpus/`` in the repository)."""
    from importlib import resources

    name = "000_c51bca92e9469e1b.txt"
    try:
        return Path(str(resources.files("zhnews_ie.corpus").joinpath(name)))
    except ModuleNotFoundError:  # running from a source tree without installing: corpus/ beside src/
        return Path(__file__).resolve().parents[2] / "corpus" / name
