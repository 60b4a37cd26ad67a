"""spaCy tokenizer for Chinese news: a trained pkuseg segmenter plus protected runs.

The text is segmented on a length-preserving :func:`~zhnews_ie.grammar.text.normalise_width` copy, but the
:class:`~spacy.tokens.Doc` is built from the *original* substrings, so ``doc.text == text`` always.

Before pkuseg sees the text, a single compiled regex cuts out

- whitespace runs (never given to pkuseg; a single trailing space becomes ``token.whitespace_``, any other
  whitespace becomes a whitespace-only token), and
- protected runs, each of which becomes one token: URLs and e-mail addresses, dates and times
  (``2019-05-09``, ``2019/05/09``, ``13:26:36``), Arabic numbers with decimals, thousands separators and a
  trailing ``%`` (``45.28``, ``2,514.37``, ``10.1%``), and Latin/alphanumeric runs (``Wifi``,
  ``f718e4c0237b4cfb839f89a77ec11a6c.jpg``).

Only the remaining runs (Chinese text and punctuation) go to pkuseg, one call per run.

Usage::

    import spacy
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zhnews_ie.Tokenizer.v1"}}})
"""

from __future__ import annotations

import importlib.resources
import os
import re
import threading
from pathlib import Path
from typing import Callable, Iterable

import spacy
import srsly
from spacy.tokens import Doc
from spacy.vocab import Vocab

from .errors import ZhNewsError
from .grammar.text import normalise_width

DEFAULT_SEGMENTER = "default"
MODELS_ENV_VAR = "ZHNEWS_IE_MODELS"
SEGMENTER_DIRNAME = "segmenter"
_CFG_FILE = "cfg"

# ---------------------------------------------------------------------------------------------------------------
# The protected-run regex (applied to the width-normalised text, so only half-width forms are needed)
# ---------------------------------------------------------------------------------------------------------------

_LATIN = r"A-Za-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF"
_ALNUM = rf"0-9{_LATIN}"
# URL characters, and the characters a URL may end with (so trailing ".", ",", ")" stay punctuation).
_URL_CHARS = r"A-Za-z0-9\-._~:/?#@!$&'*+,;=%"
_URL_END = r"A-Za-z0-9/#=&%_~\-"
# Bounded repetitions keep every alternative's scan short, so matching stays linear in the text length
# (unbounded "[...]*@" or "(?:label\.)+" scans made inputs like "1.1.1.1..." quadratic).
_DOMAIN = r"[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
_TLD = r"(?:com|cn|net|org|gov|edu|int|mil|info|biz|io|hk|tw|mo|uk|us|jp|de|fr|ru|co|cc|tv|me)"
_URL_PATH = rf"(?:[/?#][{_URL_CHARS}]*[{_URL_END}])?"

_PROTECTED = "|".join(
    [
        # URLs with a scheme
        rf"(?:https?|ftp)://[{_URL_CHARS}]*[{_URL_END}]",
        # e-mail addresses
        rf"[A-Za-z0-9][A-Za-z0-9._%+\-]{{0,63}}@{_DOMAIN}(?:\.{_DOMAIN}){{1,8}}",
        # www.xxx.yyy and bare domains with a known top-level domain, with an optional path
        rf"www\.{_DOMAIN}(?:\.{_DOMAIN}){{1,8}}{_URL_PATH}",
        rf"(?:{_DOMAIN}\.){{1,8}}{_TLD}(?![{_ALNUM}]){_URL_PATH}",
        # dates 2019-05-09, 2019/05/09, 2019.05.09
        r"\d{4}(?P<dsep>[-/.])\d{1,2}(?P=dsep)\d{1,2}(?![\d.])",
        # times 13:26 and 13:26:36
        r"\d{1,2}:\d{2}(?::\d{2})?(?![\d:])",
        # numbers with thousands separators, decimals, and an optional percent/permille sign
        rf"(?>\d{{1,3}}(?:,\d{{3}})++(?:\.\d++)?)(?![\d,.{_LATIN}])[%‰]?",
        rf"(?>\d++(?:\.\d++)?)(?![{_LATIN}])[%‰]?",
        # Latin words and alphanumeric runs, with internal . _ - ' (file names, model numbers, "COVID-19")
        rf"[{_ALNUM}]++(?:[._\-'][{_ALNUM}]++)*+",
    ]
)
# Group "ws": whitespace; group "p": a protected run. Everything between matches is text for pkuseg.
_SPLIT_RE = re.compile(rf"(?P<ws>\s+)|(?P<p>{_PROTECTED})")


# ---------------------------------------------------------------------------------------------------------------
# Model location and the per-process segmenter cache
# ---------------------------------------------------------------------------------------------------------------

_SEGMENTERS: dict[str, object] = {}
_LOCK = threading.Lock()


def default_models_dir() -> Path:
    """The directory holding the bundled models.

    Looks at the ``ZHNEWS_IE_MODELS`` environment variable, then the installed package data
    ``zhnews_ie.models``, then the repository's ``models/`` directory (for a source checkout).

    RETURNS (Path): The models directory (which may not contain a segmenter, if none was trained).
    """
    env = os.environ.get(MODELS_ENV_VAR)
    if env:
        return Path(env)
    try:
        pkg = importlib.resources.files("zhnews_ie.models")
        if (pkg / SEGMENTER_DIRNAME).is_dir():
            return Path(str(pkg))
    except (ModuleNotFoundError, TypeError):
        pass
    return Path(__file__).resolve().parents[2] / "models"


def resolve_segmenter_path(segmenter: str | os.PathLike = DEFAULT_SEGMENTER) -> Path:
    """Turn a segmenter setting into a model directory.

    segmenter (Union[str, PathLike]): ``"default"`` for the bundled model, otherwise a model directory (packed,
        or a raw ``spacy_pkuseg.train`` output). Defaults to "default".
    RETURNS (Path): The model directory.
    """
    if str(segmenter) == DEFAULT_SEGMENTER:
        return default_models_dir() / SEGMENTER_DIRNAME
    return Path(segmenter)


def load_segmenter(segmenter: str | os.PathLike = DEFAULT_SEGMENTER):
    """Load a pkuseg segmenter once per process and share it.

    segmenter (Union[str, PathLike]): ``"default"`` or a model directory. Defaults to "default".
    RETURNS (spacy_pkuseg.pkuseg): The (cached) segmenter.
    RAISES (FileNotFoundError): If the directory holds no segmenter model.
    """
    path = resolve_segmenter_path(segmenter)
    key = str(path.resolve())
    seg = _SEGMENTERS.get(key)
    if seg is not None:
        return seg
    with _LOCK:
        seg = _SEGMENTERS.get(key)
        if seg is None:
            from .training.segmenter import FEATURES_FILE, load_packed_segmenter, load_raw_segmenter

            if (path / FEATURES_FILE).is_file():
                seg = load_packed_segmenter(path)
            elif (path / "features.msgpack").is_file():
                seg = load_raw_segmenter(path)
            else:
                raise FileNotFoundError(
                    f"No segmenter model in {path}. Train one with `zhnews-ie train segmenter`, or set "
                    f"{MODELS_ENV_VAR} to a models directory that contains '{SEGMENTER_DIRNAME}/'."
                )
            _SEGMENTERS[key] = seg
    return seg


class _RunSegmenter:
    """Fast boundary finder over a pkuseg object: returns word lengths for a run without building strings."""

    def __init__(self, seg):
        from spacy_pkuseg import inference

        self._decode = inference.decodeViterbi_fast
        self._fe = seg.feature_extractor
        self._model = seg.model
        self._starts = frozenset(i for i, tag in seg.idx_to_tag.items() if "B" in tag)

    def lengths(self, run: str) -> list[int]:
        n = len(run)
        if n <= 1:
            return [n] if n else []
        nodes = list(self._fe.normalize_text(run))
        feats = self._fe.get_node_features_idx
        _, tags = self._decode([feats(i, nodes) for i in range(n)], self._model)
        starts = self._starts
        out = []
        last = 0
        for i in range(1, n):
            if tags[i] in starts:
                out.append(i - last)
                last = i
        out.append(n - last)
        return out


_RUN_SEGMENTERS: dict[int, _RunSegmenter] = {}


def _run_segmenter(seg) -> _RunSegmenter:
    rs = _RUN_SEGMENTERS.get(id(seg))
    if rs is None:
        rs = _RUN_SEGMENTERS[id(seg)] = _RunSegmenter(seg)
    return rs


# ---------------------------------------------------------------------------------------------------------------
# The tokenizer
# ---------------------------------------------------------------------------------------------------------------


class ZhNewsTokenizer:
    """spaCy tokenizer: pkuseg segmentation with protected runs and exact whitespace round-trip.

    vocab (Vocab): The vocabulary of the pipeline.
    segmenter (str): ``"default"`` for the bundled model in ``models/segmenter``, otherwise a model directory.
        Defaults to "default". The model is loaded lazily on first use and shared within the process.
    """

    def __init__(self, vocab: Vocab, segmenter: str = DEFAULT_SEGMENTER):
        self.vocab = vocab
        self.segmenter = str(segmenter)
        self._runs: _RunSegmenter | None = None

    # -- segmentation -----------------------------------------------------------------------------------------

    @property
    def pkuseg(self):
        """The shared ``spacy_pkuseg.pkuseg`` object (loaded on first access).

        RETURNS (spacy_pkuseg.pkuseg): The segmenter.
        """
        return load_segmenter(self.segmenter)

    def _run_lengths(self) -> Callable[[str], list[int]]:
        if self._runs is None:
            self._runs = _run_segmenter(self.pkuseg)
        return self._runs.lengths

    def words_and_spaces(self, text: str, norm: str | None = None) -> tuple[list[str], list[bool]]:
        """Split a text into spaCy words and trailing-space flags.

        text (str): The text.
        norm (str | None): Its matching form, ``normalise_width(text)``, when the caller has it. Defaults to None
            (computed).
        RETURNS (Tuple[List[str], List[bool]]): Words (substrings of ``text``) and spaces, such that
            ``"".join(w + " " * s for w, s in zip(words, spaces)) == text``.
        """
        words: list[str] = []
        spaces: list[bool] = []
        if not text:
            return words, spaces
        norm = normalise_width(text) if norm is None else norm
        seg = self._run_lengths()
        append_w, append_s = words.append, spaces.append
        pos = 0

        def chinese(end: int) -> None:
            start = pos
            for n in seg(norm[start:end]):
                append_w(text[start : start + n])
                append_s(False)
                start += n

        for m in _SPLIT_RE.finditer(norm):
            start, end = m.span()
            if start > pos:
                chinese(start)
            if m.lastgroup == "ws":
                # In the normalised copy U+3000 became " "; test the original character.
                if text[start] == " " and words and not spaces[-1] and not words[-1].isspace():
                    spaces[-1] = True
                    start += 1
                if start < end:
                    append_w(text[start:end])
                    append_s(False)
            else:
                append_w(text[start:end])
                append_s(False)
            pos = end
        if pos < len(text):
            chinese(len(text))
        return words, spaces

    def __call__(self, text: str) -> Doc:
        """Tokenize a text.

        text (str): The text.
        RETURNS (Doc): A Doc with ``doc.text == text``; a token written in full-width or traditional characters
            has its matching form (:func:`~zhnews_ie.grammar.text.normalise_width`, lower-cased) as ``token.norm_``,
            so ``Matcher`` patterns on ``NORM`` match both scripts.
        RAISES (ZhNewsError): E003 if the text holds an unpaired surrogate (no valid Unicode text; spaCy's string
            store would fail on it with a UnicodeEncodeError).
        """
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as err:
            raise ZhNewsError("E003", f"the text contains an unpaired surrogate at character {err.start} "
                                      "(not valid Unicode text)") from None
        norm = normalise_width(text)
        words, spaces = self.words_and_spaces(text, norm)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if norm != text:  # full-width or traditional characters: token.norm_ is the matching form
            for token in doc:
                form = norm[token.idx:token.idx + len(token.text)]
                if form != token.text:
                    token.norm_ = form.lower()
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterable[Doc]:
        """Tokenize a stream of texts.

        texts (Iterable[str]): The texts.
        batch_size (int): Unused; for API compatibility. Defaults to 1000.
        YIELDS (Doc): One Doc per text.
        """
        for text in texts:
            yield self(text)

    # -- pickling and serialization ---------------------------------------------------------------------------

    def __reduce__(self):
        # The model is reloaded (from the per-process cache) by path, never pickled.
        return (self.__class__, (self.vocab, self.segmenter))

    def _cfg(self) -> dict:
        return {"segmenter": self.segmenter}

    def _set_cfg(self, cfg: dict) -> None:
        segmenter = str(cfg.get("segmenter", DEFAULT_SEGMENTER))
        if segmenter != self.segmenter:
            self.segmenter = segmenter
            self._runs = None

    def to_bytes(self, *, exclude: Iterable[str] = tuple()) -> bytes:
        """Serialize the tokenizer settings (not the model, which stays in ``models/``).

        exclude (Iterable[str]): Unused. Defaults to ().
        RETURNS (bytes): The serialized settings.
        """
        return srsly.msgpack_dumps({_CFG_FILE: self._cfg()})

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = tuple()) -> "ZhNewsTokenizer":
        """Load the tokenizer settings from bytes.

        bytes_data (bytes): Data from :meth:`to_bytes`.
        exclude (Iterable[str]): Unused. Defaults to ().
        RETURNS (ZhNewsTokenizer): The tokenizer itself.
        """
        self._set_cfg(srsly.msgpack_loads(bytes_data).get(_CFG_FILE, {}))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> None:
        """Save the tokenizer settings to a directory (not the model, which stays in ``models/``).

        path (Union[str, Path]): The directory, created if missing.
        exclude (Iterable[str]): Unused. Defaults to ().
        """
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / _CFG_FILE, self._cfg())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = tuple()) -> "ZhNewsTokenizer":
        """Load the tokenizer settings from a directory written by :meth:`to_disk`.

        path (Union[str, Path]): The directory.
        exclude (Iterable[str]): Unused. Defaults to ().
        RETURNS (ZhNewsTokenizer): The tokenizer itself.
        """
        cfg_path = Path(path) / _CFG_FILE
        if cfg_path.exists():
            self._set_cfg(srsly.read_json(cfg_path))
        return self


@spacy.util.registry.tokenizers("zhnews_ie.Tokenizer.v1")
def create_tokenizer(segmenter: str = DEFAULT_SEGMENTER) -> Callable[["spacy.Language"], ZhNewsTokenizer]:
    """Registered tokenizer factory ``zhnews_ie.Tokenizer.v1``.

    segmenter (str): ``"default"`` for the bundled model in ``models/segmenter``, otherwise a path to a model
        directory. Defaults to "default".
    RETURNS (Callable[[Language], ZhNewsTokenizer]): A function that builds the tokenizer for a pipeline.
    """

    def tokenizer_factory(nlp) -> ZhNewsTokenizer:
        return ZhNewsTokenizer(nlp.vocab, segmenter=segmenter)

    return tokenizer_factory
