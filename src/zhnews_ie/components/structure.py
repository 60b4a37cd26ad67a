"""Paragraphs, header metadata and boilerplate.

One paragraph per non-empty line (``doc.spans["paragraphs"]``, leading and trailing whitespace excluded). Each
paragraph gets a *role* as its span label: ``title``, ``meta`` (date / source / editor lines), ``image``,
``body``, ``byline`` or ``boilerplate`` (copyright notices, reader notices). The header metadata (title,
publication time, source, editors, authors) goes to ``doc._.zhnews_metadata`` as a plain dict. The patterns are
data (``resources/structure.json``), loaded in ``initialize()``.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

from ..grammar.dates import find_dates
from ..grammar.text import normalise_width
from ._common import char_span, ensure_boundaries, register_extensions

register_extensions()

ROLES = ("title", "meta", "image", "body", "byline", "boilerplate")


def load_structure_patterns(path: str | Path | None = None) -> dict[str, Any]:
    """Load the structure patterns.

    path (str | Path | None): A JSON file; None reads the packaged ``resources/structure.json``.
        Defaults to None.
    RETURNS (dict): The raw pattern table.
    """
    if path is None:
        return json.loads(resources.files("zhnews_ie.resources").joinpath("structure.json").read_text("utf-8"))
    return json.loads(Path(path).read_text("utf-8"))


def iter_paragraphs(text: str) -> Iterable[tuple[int, int]]:
    """Character spans of the paragraphs: non-empty lines with surrounding whitespace stripped.

    text (str): The input text.
    RETURNS (Iterable[tuple[int, int]]): ``(start, end)`` str offsets with ``text[start:end]`` stripped.
    """
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip().strip("\ufeff").strip()  # a BOM in a str input is not paragraph text
        if stripped:
            start = pos + body.index(stripped)
            yield start, start + len(stripped)
        pos += len(line)


class StructureAnalyzer:
    """Pure analysis of the page structure from compiled patterns (no spaCy)."""

    def __init__(self, patterns: dict[str, Any]):
        self.patterns = patterns
        flags = re.IGNORECASE
        self.meta_line = re.compile(patterns["meta_line"])
        self.source = re.compile(patterns["source"])
        self.editors = re.compile(patterns["editors"])
        self.authors = [re.compile(p) for p in patterns["authors"]]
        self.not_person = set(patterns["not_person"])
        self.image_line = re.compile(patterns["image_line"], flags)
        self.boilerplate_start = re.compile(patterns["boilerplate_start"], flags)
        self.boilerplate_line = re.compile(patterns["boilerplate_line"], flags)

    def analyse(self, text: str) -> tuple[list[tuple[int, int, str]], dict[str, Any]]:
        """Assign paragraph roles and read the header metadata.

        text (str): The article text as given.
        RETURNS (tuple): ``([(start, end, role)], metadata)``; metadata has ``title``, ``published`` (ISO 8601),
            ``source``, ``editors``, ``authors`` and ``*_span`` offsets where found.
        """
        norm = normalise_width(text)
        paras = list(iter_paragraphs(text))
        roles: list[str] = []
        meta: dict[str, Any] = {"title": None, "published": None, "source": None, "editors": [], "authors": []}
        in_boilerplate = False
        body_seen = False
        for i, (s, e) in enumerate(paras):
            line = norm[s:e]
            role = "body"
            if in_boilerplate:
                role = "boilerplate"
            elif self.image_line.match(line):
                role = "image"
            elif self.boilerplate_start.search(line) and len(line) < 80:
                role = "boilerplate"
                in_boilerplate = True
            elif (not body_seen and i <= 3 and len(line) <= 160 and self.meta_line.search(line)) or (
                len(line) <= 60 and self.meta_line.search(line) and not self._has_sentence(line)
            ):
                role = "meta"
            elif self.boilerplate_line.search(line) and (len(line) < 200 or body_seen):
                role = "boilerplate"
            elif i == 0 and len(paras) > 1 and len(line) <= 64 and not line.endswith(("。", "!", "?", "”")):
                role = "title"
            elif self._is_byline(line):
                role = "byline"
            else:
                body_seen = True
            roles.append(role)

        # Metadata: title, then the header (meta) lines, then bylines anywhere in the body.
        if roles and roles[0] == "title":
            meta["title"] = text[paras[0][0]:paras[0][1]]
        for (s, e), role in zip(paras, roles):
            line = norm[s:e]
            if role == "meta":
                if meta["published"] is None:
                    meta["published"] = next((d.value for d in find_dates(line)
                                              if d.value and _FULL_DATE.match(d.value)), None)
                if meta["source"] is None:
                    m = self.source.search(line)
                    if m:
                        meta["source"] = text[s + m.start(1):s + m.end(1)]
                for m in self.editors.finditer(line):
                    name = text[s + m.start(1):s + m.end(1)]
                    if name not in self.not_person and name not in meta["editors"]:
                        meta["editors"].append(name)
            if role in ("body", "byline", "meta", "boilerplate"):
                for pattern in self.authors:
                    for m in pattern.finditer(line):
                        for name in re.split(r"[ 、,，]", text[s + m.start(1):s + m.end(1)]):
                            if name and name not in self.not_person and name not in meta["authors"]:
                                meta["authors"].append(name)
        return [(s, e, r) for (s, e), r in zip(paras, roles)], meta

    def _is_byline(self, line: str) -> bool:
        return len(line) <= 30 and any(p.fullmatch(line.strip()) for p in self.authors)

    @staticmethod
    def _has_sentence(line: str) -> bool:
        return "。" in line


_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # a publication time needs year, month and day


class StructureComponent:
    """spaCy component: ``doc.spans["paragraphs"]`` (label = role) and ``doc._.zhnews_metadata``."""

    def __init__(self, nlp: Language, name: str = "zhnews_ie_structure", spans_key: str = "paragraphs",
                 scorer: Callable | None = None):
        self.name = name
        self.spans_key = spans_key
        self.scorer = scorer
        self.patterns: dict[str, Any] | None = None
        self._analyzer: StructureAnalyzer | None = None

    def initialize(self, get_examples: Callable | None = None, nlp: Language | None = None,
                   patterns: dict[str, Any] | None = None) -> None:
        """Load the patterns (the packaged table unless ``patterns`` is given).

        patterns (dict | None): A pattern table in the layout of ``resources/structure.json``. Defaults to None.
        """
        self.patterns = patterns or load_structure_patterns()
        self._analyzer = StructureAnalyzer(self.patterns)

    @property
    def analyzer(self) -> StructureAnalyzer:
        if self._analyzer is None:
            self.initialize()
        return self._analyzer

    def __call__(self, doc: Doc) -> Doc:
        paras, meta = self.analyzer.analyse(doc.text)
        ensure_boundaries(doc, [(s, e) for s, e, _ in paras])
        spans = [char_span(doc, s, e, label=role) for s, e, role in paras]
        doc.spans[self.spans_key] = spans
        doc._.zhnews_metadata = meta
        return doc

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Score a batch of examples (``nlp.evaluate`` calls this).

        examples (Iterable[Example]): The examples.
        RETURNS (dict): The scorer's scores (``paragraphs_p/r/f``, ``metadata_acc``), or {} without a scorer.
        """
        return self.scorer(examples, **kwargs) if self.scorer is not None else {}

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "structure.json").write_text(json.dumps(self.patterns or load_structure_patterns(),
                                                        ensure_ascii=False, indent=1), "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "StructureComponent":
        self.initialize(patterns=load_structure_patterns(Path(path) / "structure.json"))
        return self


def _paragraph_spans(doc: Doc, key: str) -> Any:
    return doc.spans.get(key, [])


def score_paragraphs(examples: Iterable[Example], **kwargs) -> dict[str, Any]:
    """Score paragraph boundaries (``paragraphs_p/r/f``) with spaCy's span scorer (module level: picklable), and
    header metadata: ``metadata_acc`` is the share of the reference's ``doc._.zhnews_metadata`` fields predicted
    exactly (None when no reference has metadata).

    examples (Iterable[Example]): Predicted and reference docs.
    RETURNS (dict): ``paragraphs_p``, ``paragraphs_r``, ``paragraphs_f``, ``metadata_acc``.
    """
    from spacy.scorer import Scorer

    examples = list(examples)
    scores = Scorer.score_spans(examples, "paragraphs", getter=_paragraph_spans, labeled=False, allow_overlap=True)
    right = total = 0
    for eg in examples:
        gold, pred = eg.reference._.zhnews_metadata, eg.predicted._.zhnews_metadata or {}
        for key, value in (gold or {}).items():
            total += 1
            right += pred.get(key) == value
    scores["metadata_acc"] = right / total if total else None
    return scores


@registry.scorers("zhnews_ie.structure_scorer.v1")
def make_structure_scorer() -> Callable:
    """RETURNS (Callable): Scores paragraph boundaries (``paragraphs_p/r/f``) with spaCy's span scorer."""
    return score_paragraphs


@Language.factory(
    "zhnews_ie_structure",
    assigns=["doc.spans", "doc._.zhnews_metadata"],
    default_config={"spans_key": "paragraphs", "scorer": {"@scorers": "zhnews_ie.structure_scorer.v1"}},
)
def make_structure(nlp: Language, name: str, spans_key: str, scorer: Callable | None) -> StructureComponent:
    """Factory of the structure component.

    spans_key (str): Key of the paragraph spans in ``doc.spans``. Defaults to "paragraphs".
    scorer (Callable | None): The scorer. Defaults to ``zhnews_ie.structure_scorer.v1``.
    RETURNS (StructureComponent): The component.
    """
    return StructureComponent(nlp, name, spans_key=spans_key, scorer=scorer)
