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

Speed: ``nlp.pipe`` calls :meth:`CharNER.pipe`, which feeds the model the lines of a whole batch of documents
at once (each line is read on its own, so the entities are the same as one document at a time). The model's
matrix products go through numpy's BLAS (thinc's ``NumpyOps(use_blis=False)``) held to ``blas_threads``
threads (one by default: one process, one core; ``n_process`` scales across cores) while the model runs:
the BLIS build that thinc uses (``blis`` 1.3) falls back to its generic kernel on CPUs it does not know (the
project's machines: AMD family 0x1A), which made the model about 1.6 times slower (27k against 42k characters per
CPU-second for this component). Without ``threadpoolctl`` the thread count cannot be held, so BLIS is kept.
The transition-based ``ner`` reads one character per step in compiled code; on Python < 3.12 spaCy's wheels are
built with Cython's profiling hooks (spaCy's ``setup.py``: ``profile`` = Python < 3.12), so each call of that loop's
small inner functions takes and drops the GIL: the same model gives the same entities about 1.6 times faster on
Python 3.12 or newer (People's Daily text: 69k against 42k characters per CPU-second for this component).
"""

from __future__ import annotations

import bisect
import contextlib
import re
from pathlib import Path
from typing import Any, Callable, Iterable

import numpy as np
import spacy
import srsly
from spacy.attrs import IDX, LEMMA, LENGTH, NORM
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path, load_model_from_config, minibatch, raise_error, registry
from spacy.vocab import Vocab
from thinc.api import Config, NumpyOps

try:
    from threadpoolctl import ThreadpoolController
except ImportError:  # pragma: no cover - an environment installed before threadpoolctl became a dependency
    ThreadpoolController = None

from zhnews_ie import divisions
from zhnews_ie.components._common import CLAUSE_MARKS, ensure_boundaries, register_extensions, trim_entity_spans
from zhnews_ie.grammar.text import normalise_width

_TOKEN_RE = re.compile(r"[A-Za-z]+|[0-9]+(?:[.][0-9]+)?|\S")
_DIGITS_RE = re.compile(r"[0-9]")
_LINE_RE = re.compile("[^\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
"""A line: the text between the line boundaries of ``str.splitlines`` (no entity crosses a paragraph break)."""
MODEL_DIR = "model"
_LEVEL_CHARS = frozenset("省市县区乡镇州")
MAX_LINE_CHARS = 2000
"""Lines longer than this are cut into pieces of at most this many characters before the model reads them, after
a sentence or clause mark where one falls in a piece's last quarter (:func:`line_pieces`)."""
BATCH_TOKENS = 2000
"""Character tokens per model batch: lines are added to a batch until it holds about this many (a longer line,
of at most ``MAX_LINE_CHARS``, goes alone). The model's arrays grow with the batch (peak memory of the pipeline
on People's Daily text: 465 MB at 1,000 or 2,000, 478 MB at 3,000, 519 MB at 6,000), while the speed is the
same from 1,000 to 6,000."""
_CONTROLLER: Any = None  # threadpoolctl's view of the BLAS libraries loaded in this process, made on first use


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
    doc = Doc(vocab, words=words, spaces=[False] * len(words))
    if words:  # = Doc(lemmas=...) and token.norm_ = norm, in one call (no Token object per character)
        add = vocab.strings.add
        values = np.array([[add(n) for n in norms], [add(m) for m in lemmas]], dtype="uint64")
        doc.from_array([NORM, LEMMA], values.T.copy())
    return doc


def predict_entities(model: Language, text: str, batch_tokens: int = BATCH_TOKENS) -> list[tuple[int, int, str]]:
    """Run a character model on a text, line by line (right to left when the model's
    ``meta["zhnews_ie"]["direction"]`` is ``"rtl"``: ``zhnews-ie train ner --rtl``).

    model (Language): A trained character pipeline (``tok2vec`` + ``ner``).
    text (str): The text; offsets in the result index it.
    batch_tokens (int): Character tokens per model batch. Defaults to BATCH_TOKENS.
    RETURNS (list[tuple[int, int, str]]): Sorted ``(start, end, label)`` entities.
    """
    return predict_texts(model, [text], batch_tokens)[0]


_PIECE_BREAKS = CLAUSE_MARKS | frozenset("、 \t\u3000")
"""Characters a line longer than ``MAX_LINE_CHARS`` is cut after: sentence and clause ends, spaces."""


def line_pieces(text: str, start: int, end: int, size: int = MAX_LINE_CHARS) -> list[tuple[int, int]]:
    """Cut ``text[start:end]`` into pieces of at most ``size`` characters, each ending after the last sentence or
    clause mark or space (``_PIECE_BREAKS``) in its final quarter, so that a name is not cut at a fixed offset
    (a one-line scraped article of 5,000 characters); a piece with no such mark there is cut at ``size``.

    text (str): The text.
    start (int): Where the line starts.
    end (int): Where it ends.
    size (int): Most characters a piece. Defaults to MAX_LINE_CHARS.
    RETURNS (list[tuple[int, int]]): ``(start, end)`` of each piece, in order, together covering the line.
    """
    out = []
    k = start
    while end - k > size:
        cut = next((i + 1 for i in range(k + size - 1, k + size * 3 // 4 - 1, -1) if text[i] in _PIECE_BREAKS),
                   k + size)
        out.append((k, cut))
        k = cut
    if k < end:
        out.append((k, end))
    return out


def predict_texts(model: Language, texts: list[str], batch_tokens: int = BATCH_TOKENS,
                  blas_threads: int | None = None) -> list[list[tuple[int, int, str]]]:
    """Run a character model on several texts, their lines batched together.

    Each line (or piece of at most ``MAX_LINE_CHARS`` of a longer line, cut after a sentence or clause mark where
    there is one: :func:`line_pieces`) is read on its own, so a text's entities do not depend on the other texts
    of the call nor on the batch size.

    model (Language): A trained character pipeline (``tok2vec`` + ``ner``).
    texts (list[str]): The texts; offsets in the result index them.
    batch_tokens (int): Character tokens per model batch (see ``BATCH_TOKENS``). Defaults to BATCH_TOKENS.
    blas_threads (int | None): Threads of numpy's BLAS while the model runs (see :func:`use_numpy_blas`); None
        leaves them as they are. Defaults to None.
    RETURNS (list[list[tuple[int, int, str]]]): Per text, sorted ``(start, end, label)`` entities.
    """
    pieces: list[tuple[int, list[tuple[int, int]], list[str]]] = []  # (text index, offsets, character tokens)
    for i, text in enumerate(texts):
        norm = normalise_width(text)
        for line in _LINE_RE.finditer(norm):  # the line breaks of str.splitlines, as paragraphs are cut
            for k, end in line_pieces(norm, line.start(), line.end()):
                # = char_offsets of the piece
                matches = list(_TOKEN_RE.finditer(norm, k, end))
                if matches:
                    pieces.append((i, [m.span() for m in matches], [m.group() for m in matches]))
    if model.meta.get("zhnews_ie", {}).get("direction") == "rtl":  # a model trained on lines read right to left
        pieces = [(i, offs[::-1], words[::-1]) for i, offs, words in pieces]
    out: list[list[tuple[int, int, str]]] = [[] for _ in texts]
    with _blas_limit(blas_threads):
        for batch in _batches(pieces, batch_tokens):
            docs = [char_doc(model.vocab, words) for _, _, words in batch]
            for (i, offs, _), doc in zip(batch, _run(model, docs, len(docs))):
                for ent in doc.ents:
                    a, b = offs[ent.start], offs[ent.end - 1]
                    out[i].append((min(a[0], b[0]), max(a[1], b[1]), ent.label_))
    return [sorted(found) for found in out]


def _batches(pieces: list[tuple[int, list, list[str]]], max_tokens: int) -> Iterable[list]:
    """Consecutive pieces grouped until a group holds about ``max_tokens`` character tokens."""
    batch: list = []
    size = 0
    for piece in pieces:
        n = len(piece[2])
        if batch and size + n > max_tokens:
            yield batch
            batch, size = [], 0
        batch.append(piece)
        size += n
    if batch:
        yield batch


def use_numpy_blas(model: Language) -> bool:
    """Make every layer of a character pipeline do its matrix products through numpy's BLAS.

    thinc's default ``NumpyOps`` multiplies with its bundled BLIS, which picks its slow generic kernel on CPUs it
    does not recognise; numpy's BLAS (OpenBLAS in numpy's wheels) picks a kernel for the CPU at run time. The
    weights are untouched. Only done when ``threadpoolctl`` is installed, so that the BLAS threads can be held
    to ``blas_threads`` while the model runs (:func:`predict_texts`).

    model (Language): The character pipeline.
    RETURNS (bool): Whether the ops were replaced.
    """
    if ThreadpoolController is None:
        return False
    ops = NumpyOps(use_blis=False)
    for _, proc in model.pipeline:
        layer = getattr(proc, "model", None)
        if layer is not None and hasattr(layer, "walk"):
            for node in layer.walk():
                node.ops = ops
    return True


def _blas_limit(threads: int | None):
    """A context holding numpy's BLAS to ``threads`` threads (a no-op for None or without threadpoolctl)."""
    global _CONTROLLER
    if threads is None or ThreadpoolController is None:
        return contextlib.nullcontext()
    if _CONTROLLER is None:
        _CONTROLLER = ThreadpoolController()
    return _CONTROLLER.limit(limits=threads, user_api="blas")


def snap_entity_starts(doc: Doc, found: list[tuple[int, int, str]],
                       text: str | None = None) -> list[tuple[int, int, str]]:
    """Move the start of a model ORG that begins inside a word of ``doc`` to the end of that word (打造|某某...: the
    model's 造某某... starts after 打造); an ORG left empty is dropped. An ORG that starts with a bare level (县, 市:
    该县|民政局 may be cut 该县民|政局) and other labels keep their start (a place may repair a wrong cut:
    市长|泾镇 → 长泾镇), except a place whose part after the word is a division name (辐射|赫章县: the model's
    射赫章县 → 赫章县). On the People's Daily held-out lines (gold words), none of the model's ORGs that start
    inside a word is gold as it stands.

    doc (Doc): The word-level doc (the segmenter's words).
    found (list[tuple[int, int, str]]): Model entities ``(start, end, label)``.
    text (str | None): ``doc.text`` when the caller has it (``Doc.text`` joins every token). Defaults to None
        (built here when an ORG is found).
    RETURNS (list[tuple[int, int, str]]): The entities, ORG starts on word boundaries.
    """
    if not any(label in ("ORG", "LOC") for _, _, label in found):
        return list(found)
    if text is None:
        text = doc.text
    starts = doc.to_array(IDX).tolist()
    lengths = doc.to_array(LENGTH).tolist()
    out = []
    for s, e, label in found:
        if label == "ORG" and text[s] not in _LEVEL_CHARS:
            k = bisect.bisect_right(starts, s) - 1
            if k >= 0 and starts[k] != s:
                s = starts[k] + lengths[k]
                if s >= e:
                    continue
        elif label == "LOC":
            k = bisect.bisect_right(starts, s) - 1
            if k >= 0 and starts[k] != s and starts[k] + lengths[k] < e and normalise_width(
                    text[starts[k] + lengths[k]:e]) in divisions.all_names():
                s = starts[k] + lengths[k]  # 辐射|赫章县: the model's 射赫章县 → the division 赫章县
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
    blas_threads (int | None): Threads of numpy's BLAS while the model runs; None leaves numpy's setting (one
        per core). Defaults to 1.
    """

    def __init__(self, nlp: Language, name: str = "zhnews_ie_char_ner", *, model: str | None = None,
                 scorer: Callable | None = None, blas_threads: int | None = 1):
        self.nlp = nlp
        self.name = name
        self.model_path = model
        self.scorer = scorer
        if blas_threads is not None and (isinstance(blas_threads, bool) or not isinstance(blas_threads, int)
                                         or blas_threads < 1):
            raise ValueError(f"zhnews_ie_char_ner: blas_threads must be a positive whole number or null, "
                             f"got {blas_threads!r}")
        self.blas_threads = blas_threads
        self.model: Language | None = None
        self._error_handler: Callable = raise_error
        register_extensions()

    def _load(self, path: str | Path) -> Language:
        model = spacy.load(path)
        use_numpy_blas(model)
        return model

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
            self.model = self._load(path)

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc.ents`` from the character model (no-op without a model).

        doc (Doc): The word-level document.
        RETURNS (Doc): The same document; tokens are split where an entity boundary falls inside a word.
        """
        if self.model is None or not len(doc):
            return doc
        text = doc.text
        return self._set_ents(doc, predict_texts(self.model, [text], blas_threads=self.blas_threads)[0], text)

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 32) -> Iterable[Doc]:
        """Set ``doc.ents`` on a stream of documents, the lines of ``batch_size`` documents read in one go.

        The entities are those of ``__call__`` on each document. When a batch fails, its documents are run one
        at a time and only a failing one goes to the error handler (``set_error_handler``; spaCy's default
        raises), as spaCy does for a component without ``pipe``.

        stream (Iterable[Doc]): The word-level documents.
        batch_size (int): Documents per batch (below 1 counts as 1). Defaults to 32.
        YIELDS (Doc): The documents, in order (one the error handler swallowed is left out).
        """
        if self.model is None:
            yield from stream
            return
        for docs in minibatch(stream, size=max(1, batch_size)):  # spaCy's minibatch yields nothing for 0
            todo = [doc for doc in docs if len(doc)]
            texts = [doc.text for doc in todo]  # Doc.text joins every token: built once per document
            try:
                found = predict_texts(self.model, texts, blas_threads=self.blas_threads)
            except Exception:  # noqa: BLE001 - find the failing document: one at a time
                found = None
            by_doc = dict(zip(map(id, todo), zip(found, texts))) if found is not None else {}
            for doc in docs:
                try:
                    if not len(doc):
                        yield doc
                    elif id(doc) in by_doc:
                        yield self._set_ents(doc, *by_doc[id(doc)])
                    else:
                        yield self(doc)
                except Exception as err:  # noqa: BLE001 - spaCy's error-handler contract
                    self._error_handler(self.name, self, [doc], err)

    def _set_ents(self, doc: Doc, found: list[tuple[int, int, str]], text: str) -> Doc:
        # trimmed here too (zhnews_ie_entities trims its result again): the model's spans split the tokens and
        # anchor the rules, so a span run on over a comma must not reach them
        found = snap_entity_starts(doc, trim_entity_spans(found, text), text)
        ensure_boundaries(doc, [(s, e) for s, e, _ in found])
        spans = [doc.char_span(s, e, label=label) for s, e, label in found]
        doc.ents = [sp for sp in spans if sp is not None]
        return doc

    def set_error_handler(self, error_handler: Callable) -> None:
        """Set the function called with ``(name, component, [doc], exception)`` when a document fails in ``pipe``.

        error_handler (Callable): E.g. ``spacy.util.ignore_error``; spaCy's default ``raise_error`` re-raises.
        """
        self._error_handler = error_handler

    def get_error_handler(self) -> Callable:
        """RETURNS (Callable): The error handler (see ``set_error_handler``)."""
        return self._error_handler

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

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """Serialise the character model with its config and meta (``nlp.to_bytes`` of the whole pipeline).

        RETURNS (bytes): msgpack of ``{"config", "meta", "model"}``; empty values when no model is loaded.
        """
        if self.model is None:
            return srsly.msgpack_dumps({"config": "", "meta": {}, "model": b""})
        return srsly.msgpack_dumps({"config": self.model.config.to_str(), "meta": self.model.meta,
                                    "model": self.model.to_bytes()})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "CharNER":
        """Load a model serialised by ``to_bytes``.

        data (bytes): The serialised component.
        RETURNS (CharNER): The component (no model when the data holds none).
        """
        msg = srsly.msgpack_loads(data)
        if not msg.get("config"):
            self.model = None
            return self
        model = load_model_from_config(Config().from_str(msg["config"]), auto_fill=True, validate=False)
        model.from_bytes(msg["model"])
        model.meta.update(msg.get("meta") or {})
        use_numpy_blas(model)
        self.model = model
        return self

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "CharNER":
        """Load a model saved by ``to_disk`` (none when ``path/model`` is absent).

        path (str | Path): The directory.
        RETURNS (CharNER): The component.
        """
        sub = ensure_path(path) / MODEL_DIR
        self.model = self._load(sub) if (sub / "config.cfg").is_file() else None
        return self


@Language.factory(
    "zhnews_ie_char_ner",
    assigns=["doc.ents"],
    requires=[],
    default_config={"model": None, "scorer": {"@scorers": "spacy.ner_scorer.v1"}, "blas_threads": 1},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_char_ner(nlp: Language, name: str, model: str | None, scorer: Callable | None,
                  blas_threads: int | None) -> CharNER:
    """Factory of ``zhnews_ie_char_ner``.

    nlp (Language): The pipeline.
    name (str): The component name.
    model (str | None): A trained character pipeline directory (loaded in ``initialize``).
    scorer (Callable | None): The scorer.
    blas_threads (int | None): Threads of numpy's BLAS while the model runs (None: numpy's own setting).
    RETURNS (CharNER): The component.
    """
    return CharNER(nlp, name, model=model, scorer=scorer, blas_threads=blas_threads)
