"""Character-level statistical NER (the ``zhnews_ie_char_ner`` component).

The trained model (``models/ner``, built by ``zhnews-ie train ner``) reads characters, not words: every CJK
character is one token, a run of ASCII letters or digits is one token, other symbols are one token each and
whitespace is dropped (:func:`char_offsets`). A segmentation error therefore cannot cut a name. Each token
carries two hashed features besides its own text: its norm (letters lower-cased, every digit run ``0``) and the
character bigram it starts (``lemma_`` = norm + the next token's norm, :func:`char_doc`).

The component runs the model line by line on ``doc.text`` (width-normalised on a same-length copy, as the
training corpus is; each line reversed for a model trained right to left, ``meta["zhnews_ie"]["direction"]``), maps the predicted token ranges back to ``str`` offsets of the original text, splits the
word tokens of ``doc`` where an entity boundary falls inside a word (``ensure_boundaries``) and sets
``doc.ents``. The rule component ``zhnews_ie_entities`` then adds evidence around them.
"""

from __future__ import annotations

import bisect
import re
from pathlib import Path
from typing import Any, Callable, Iterable

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path, registry
from spacy.vocab import Vocab

from zhnews_ie.components._common import ensure_boundaries, register_extensions
from zhnews_ie.grammar.text import normalise_width

_TOKEN_RE = re.compile(r"[A-Za-z]+|[0-9]+(?:[.][0-9]+)?|\S")
_DIGITS_RE = re.compile(r"[0-9]")
MODEL_DIR = "model"
_LEVEL_CHARS = frozenset("省市县区乡镇州")
MAX_LINE_CHARS = 2000
"""Lines longer than this are cut into pieces of this many characters before the model reads them."""


def char_offsets(text: str) -> list[tuple[int, int]]:
    """Character tokens of a text: one per CJK character or symbol, one per ASCII letter or digit run.

    text (str): The text (full-width ASCII should be normalised first; offsets refer to ``text``).
    RETURNS (list[tuple[int, int]]): ``(start, end)`` offsets, whitespace excluded.
    """
    return [m.span() for m in _TOKEN_RE.finditer(text)]


def token_norm(word: str) -> str:
    """The hashed norm of a character token: lower-case letters, ``0`` for a digit run.

    word (str): The token text.
    RETURNS (str): The norm.
    """
    if word[0].isascii() and word[0].isdigit():
        return "0"
    return word.lower()


def char_doc(vocab: Vocab, words: list[str]) -> Doc:
    """A ``Doc`` of character tokens with the model's features: ``norm_`` and the bigram in ``lemma_``.

    vocab (Vocab): The vocabulary of the character model.
    words (list[str]): The character tokens (:func:`char_offsets`).
    RETURNS (Doc): The doc (no spaces between tokens).
    """
    norms = [token_norm(w) for w in words]
    lemmas = [a + b for a, b in zip(norms, norms[1:] + ["</s>"])]
    doc = Doc(vocab, words=words, spaces=[False] * len(words), lemmas=lemmas)
    for token, norm in zip(doc, norms):
        token.norm_ = norm
    return doc


def predict_entities(model: Language, text: str, batch_size: int = 64) -> list[tuple[int, int, str]]:
    """Run a character model on a text, line by line (right to left when the model's
    ``meta["zhnews_ie"]["direction"]`` is ``"rtl"``: ``zhnews-ie train ner --rtl``).

    model (Language): A trained character pipeline (``tok2vec`` + ``ner``).
    text (str): The text; offsets in the result index it.
    batch_size (int): Lines per batch. Defaults to 64.
    RETURNS (list[tuple[int, int, str]]): Sorted ``(start, end, label)`` entities.
    """
    norm = normalise_width(text)
    pieces: list[list[tuple[int, int]]] = []
    pos = 0
    for line in norm.split("\n"):
        for k in range(0, max(len(line), 1), MAX_LINE_CHARS):
            offs = [(pos + k + a, pos + k + b) for a, b in char_offsets(line[k:k + MAX_LINE_CHARS])]
            if offs:
                pieces.append(offs)
        pos += len(line) + 1
    if model.meta.get("zhnews_ie", {}).get("direction") == "rtl":  # a model trained on lines read right to left
        pieces = [offs[::-1] for offs in pieces]
    docs = (char_doc(model.vocab, [norm[a:b] for a, b in offs]) for offs in pieces)
    out: list[tuple[int, int, str]] = []
    for offs, doc in zip(pieces, _run(model, docs, batch_size)):
        for ent in doc.ents:
            a, b = offs[ent.start], offs[ent.end - 1]
            out.append((min(a[0], b[0]), max(a[1], b[1]), ent.label_))
    return sorted(out)


def snap_org_starts(doc: Doc, found: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Move the start of a model ORG that begins inside a word of ``doc`` to the end of that word (打造|某某...: the
    model's 造某某... starts after 打造); an ORG left empty is dropped. An ORG that starts with a bare level (县, 市:
    该县|民政局 may be cut 该县民|政局) and other labels keep their start (a place may repair a wrong cut:
    市长|泾镇 → 长泾镇). On the People's Daily held-out lines (gold words), none of the model's
    ORGs that start inside a word is gold as it stands.

    doc (Doc): The word-level doc (the segmenter's words).
    found (list[tuple[int, int, str]]): Model entities ``(start, end, label)``.
    RETURNS (list[tuple[int, int, str]]): The entities, ORG starts on word boundaries.
    """
    starts = [t.idx for t in doc]
    out = []
    for s, e, label in found:
        if label == "ORG" and doc.text[s] not in _LEVEL_CHARS:
            k = bisect.bisect_right(starts, s) - 1
            if k >= 0 and starts[k] != s:
                s = starts[k] + len(doc[k].text)
                if s >= e:
                    continue
        out.append((s, e, label))
    return out


def _run(model: Language, docs: Iterable[Doc], batch_size: int) -> Iterable[Doc]:
    # the tokenizer is bypassed: the docs are built by char_doc
    for name, proc in model.pipeline:
        if hasattr(proc, "pipe"):
            docs = proc.pipe(docs, batch_size=batch_size)
        else:
            docs = (proc(d) for d in docs)
    return docs


class CharNER:
    """Runs a character-level ``tok2vec`` + ``ner`` pipeline and sets ``doc.ents`` on the word-level doc.

    nlp (Language): The pipeline.
    name (str): The component name. Defaults to "zhnews_ie_char_ner".
    model (str | None): A trained character pipeline directory, loaded in ``initialize``. Defaults to None.
    scorer (Callable | None): Scorer for ``score``. Defaults to spaCy's NER scorer.
    """

    def __init__(self, nlp: Language, name: str = "zhnews_ie_char_ner", *, model: str | None = None,
                 scorer: Callable | None = None):
        self.nlp = nlp
        self.name = name
        self.model_path = model
        self.scorer = scorer
        self.model: Language | None = None
        register_extensions()

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None,
                   model: str | Path | None = None) -> None:
        """Load the character model.

        get_examples (Callable | None): Unused; accepted for ``nlp.initialize``. Defaults to None.
        nlp (Language | None): Unused. Defaults to None.
        model (str | Path | None): The model directory. Defaults to the ``model`` setting.
        RAISES (OSError): If the directory holds no spaCy pipeline.
        """
        path = model or self.model_path
        if path is not None:
            self.model = spacy.load(path)

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc.ents`` from the character model (no-op without a model).

        doc (Doc): The word-level document.
        RETURNS (Doc): The same document; tokens are split where an entity boundary falls inside a word.
        """
        if self.model is None or not len(doc):
            return doc
        found = snap_org_starts(doc, predict_entities(self.model, doc.text))
        ensure_boundaries(doc, [(s, e) for s, e, _ in found])
        spans = [doc.char_span(s, e, label=label) for s, e, label in found]
        doc.ents = [sp for sp in spans if sp is not None]
        return doc

    def score(self, examples: Iterable[Any], **kwargs: Any) -> dict[str, Any]:
        """Score the entities with the configured scorer.

        examples (Iterable[Example]): Examples with gold entities.
        RETURNS (dict[str, Any]): ents_p, ents_r, ents_f, ents_per_type.
        """
        scorer = self.scorer or registry.scorers.get("spacy.ner_scorer.v1")()
        return scorer(examples, **kwargs)

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the character model under ``path/model``.

        path (str | Path): A directory (created if missing).
        """
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.model is not None:
            self.model.to_disk(path / MODEL_DIR)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "CharNER":
        """Load a model saved by ``to_disk`` (none when ``path/model`` is absent).

        path (str | Path): The directory.
        RETURNS (CharNER): The component.
        """
        sub = ensure_path(path) / MODEL_DIR
        self.model = spacy.load(sub) if (sub / "config.cfg").is_file() else None
        return self


@Language.factory(
    "zhnews_ie_char_ner",
    assigns=["doc.ents"],
    requires=[],
    default_config={"model": None, "scorer": {"@scorers": "spacy.ner_scorer.v1"}},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_char_ner(nlp: Language, name: str, model: str | None, scorer: Callable | None) -> CharNER:
    """Factory of ``zhnews_ie_char_ner``.

    nlp (Language): The pipeline.
    name (str): The component name.
    model (str | None): A trained character pipeline directory (loaded in ``initialize``).
    scorer (Callable | None): The scorer.
    RETURNS (CharNER): The component.
    """
    return CharNER(nlp, name, model=model, scorer=scorer)
