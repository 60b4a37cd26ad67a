"""Build the zhnews_ie spaCy pipeline and run it on texts."""

from __future__ import annotations

import functools
from pathlib import Path

import spacy
from spacy.language import Language

from .article import article_from_doc
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


def _import_components() -> None:
    # Importing the modules registers the factories, scorers and the tokenizer (entry points do the same
    # for spacy.load without importing zhnews_ie).
    from . import tokenizer  # noqa: F401
    from .components import amounts, categories, dates, entities, linker, structure  # noqa: F401


def build(taxonomy: str = "five_tasks", segmenter: str = "default") -> Language:
    """Build a fresh, initialised pipeline.

    taxonomy (str): A taxonomy JSON path or packaged name for paragraph categories. Defaults to "five_tasks".
    segmenter (str): The pkuseg model: "default" is the project's model in ``models/segmenter``; else a path.
        Defaults to "default".
    RETURNS (Language): The pipeline; ``nlp(text)`` fills ``doc.spans["amounts"|"dates"|"paragraphs"]``,
        ``doc.ents``, ``doc.cats`` and the ``doc._.zhnews_*`` values.
    """
    _import_components()
    nlp = spacy.blank("zh", config={
        "nlp": {"tokenizer": {"@tokenizers": "zhnews_ie.Tokenizer.v1", "segmenter": segmenter}},
        "initialize": {"tokenizer": {}},
    })
    nlp.max_length = MAX_CHARS
    for name in PIPE_NAMES:
        config = {"taxonomy": str(taxonomy)} if name == "zhnews_ie_categories" else {}
        nlp.add_pipe(name, config=config)
    nlp.initialize()
    return nlp


@functools.lru_cache(maxsize=4)
def load(taxonomy: str = "five_tasks", segmenter: str = "default") -> Language:
    """The pipeline, built once per process for each (taxonomy, segmenter).

    taxonomy (str): As in ``build``. Defaults to "five_tasks".
    segmenter (str): As in ``build``. Defaults to "default".
    RETURNS (Language): The shared pipeline.
    """
    return build(taxonomy=str(taxonomy), segmenter=segmenter)


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
    text = check_text(text, name=doc_id, max_chars=max_chars)
    warnings = language_warnings(text)
    if warnings:
        return empty_article(doc_id, warnings)
    nlp = nlp or load()
    return article_from_doc(nlp(text), doc_id=doc_id)


def default_seed_path() -> Path:
    """RETURNS (Path): The seed article shipped with the package (``corpus/`` in the repository)."""
    from importlib import resources

    name = "000_c51bca92e9469e1b.txt"
    try:
        return Path(str(resources.files("zhnews_ie.corpus").joinpath(name)))
    except ModuleNotFoundError:  # running from a source tree without installing: corpus/ beside src/
        return Path(__file__).resolve().parents[2] / "corpus" / name
