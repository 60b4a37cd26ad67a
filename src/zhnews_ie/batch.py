"""Batch processing: a corpus in, ``articles.jsonl`` + ``errors.jsonl`` + the graph store out; resumable.

    from zhnews_ie.batch import run_batch

    result = run_batch(["corpus/", "more/*.txt", "feed.jsonl"], "out", n_process=2)
    result.ok, result.errors, result.skipped     # ok + errors + skipped == result.inputs

Inputs are text files, directories (every ``*.txt`` below them, recursively, in sorted order), glob patterns
and JSONL files (``*.jsonl``/``*.ndjson``, one ``{"id", "text", ...}`` object a line; the other fields go to
``metadata.extra`` of the record). Document ids: the JSONL ``id``, or the file path relative to its input root
(the directory given, the non-glob prefix of a pattern, or the file's own directory).

Output directory:

- ``articles.jsonl``: one ``Article.to_dict()`` a line (the contract of ``zhnews_ie.extract``).
- ``errors.jsonl``: one ``{"id", "source", "code", "error"}`` a line for each input that failed.
- ``store/``: the Oxigraph store (``graph/store.py``), one named graph per article.

Every input ends as exactly one line in one of the two files. A line is written (flushed and fsynced) only
after the article's named graph is committed, so after a crash (Ctrl-C, kill -9) a re-run skips every id that
has a line, reprocesses the rest (replacing any graph committed before the crash) and truncates a partially
written last line: no record is lost or duplicated.

Error codes of the records: E001 missing path, E002 empty text, E003 not decodable, E004 binary, E005 too
large (``inputs.py``), and E009 malformed JSONL record, E010 duplicate document id, E011 the pipeline failed
on the document (this module).

A component raising on a document fails that document alone (one E011 record with its own message; a long
document with any failed window is an error, never a partial article) and the others go on, with the same
records for any ``n_process``. With ``n_process`` above 1, a worker process that dies (kill -9, the
out-of-memory killer) is replaced and its lost chunks are retried one document at a time: only a document on
which a worker dies again gets an E011 record.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import re
import stat
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .errors import ZhNewsError
from .inputs import (MAX_CHARS, check_encoding, check_max_chars, check_text, decode_bytes, language_warnings,
                     too_large)
from .pipeline import WINDOW_CHARS, empty_article, extract_checked, load
from .records import dumps_strict

ARTICLES_FILE = "articles.jsonl"
ERRORS_FILE = "errors.jsonl"
STORE_DIR = "store"
JSONL_SUFFIXES = (".jsonl", ".ndjson")
TEXT_GLOB = "*.txt"

E_JSONL = "E009"
"""A JSONL line that is not a JSON object with a string ``id`` and a string ``text``."""
E_DUPLICATE = "E010"
"""A document id seen earlier in the same run (the later input is the error)."""
E_PIPELINE = "E011"
"""The pipeline raised on this document (the batch goes on)."""

_ERROR_USER_DATA = "zhnews_ie_batch_error"
_GLOB_CHARS = re.compile(r"[*?\[]")
_DOC_ID_PREFIX = re.compile(rb'^\{"doc_id": ("(?:[^"\\]|\\.)*")')


# ---------------------------------------------------------------------------------------------------- inputs


@dataclass
class InputRecord:
    """One input document, or the reason it cannot be one.

    id (str): The document id.
    source (str): Where it came from: a file path, or ``path:line`` for a JSONL line.
    text (str | None): The text, or None for an error.
    extra (dict): Extra JSONL fields (``metadata.extra`` of the article). Defaults to {}.
    code (str | None): Error code when the input failed (E001–E005, E009). Defaults to None.
    error (str | None): The error message. Defaults to None.
    sha (str | None): Its content hash (:func:`input_hash`), set when the batch classifies it. Defaults to None.
    """

    id: str
    source: str
    text: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    code: str | None = None
    error: str | None = None
    sha: str | None = None

    def error_record(self) -> dict[str, Any]:
        """RETURNS (dict): The ``errors.jsonl`` record ``{"id", "source", "code", "error"}``."""
        return {"id": self.id, "source": self.source, "code": self.code, "error": self.error}


def _failed(doc_id: str, source: str, err: ZhNewsError) -> InputRecord:
    # errors.jsonl is what `zhnews-ie batch` gives: its messages name the command's options (--max-chars)
    return InputRecord(id=doc_id, source=source, code=err.code, error=err.cli_message)


def _rel_id(path: Path, root: Path) -> str:
    """The id of a file input: its path relative to the input root, without a ``.txt`` suffix, so that
    ``batch`` and ``extract`` (the file stem) give one article the same id and the same graph nodes."""
    try:
        rel = path.relative_to(root).as_posix()
    except ValueError:
        rel = path.as_posix()
    return rel[:-4] if rel.endswith(".txt") else rel


def _walk_text_files(root: Path, _ancestors: frozenset[tuple[int, int]] = frozenset()) -> Iterator[Path | InputRecord]:
    """Every *.txt below root, recursively, sorted per directory (lazy: memory flat in corpus size).

    Symbolic links to directories are followed, except one that leads back to a directory being walked (a
    loop), which yields an E001 record instead. ``*.txt`` entries that are not regular files (FIFOs, sockets,
    broken symbolic links) are yielded too: reading them gives their E001 record, so nothing is skipped silently.
    """
    try:
        st = root.stat()
        ancestors = _ancestors | {(st.st_dev, st.st_ino)}
        entries = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            is_dir = entry.is_dir(follow_symlinks=True)
        except OSError:  # a symlink loop on the entry itself (ELOOP)
            is_dir = False
        if is_dir:
            try:
                est = path.stat()
            except OSError:
                continue
            if (est.st_dev, est.st_ino) in ancestors:
                yield InputRecord(id=path.as_posix(), source=str(path), code="E001",
                                  error=f"{path} is a symbolic link loop (it leads back to {os.path.realpath(path)}, "
                                        "which is being walked); not followed")
                continue
            yield from _walk_text_files(path, ancestors)
        elif entry.name.lower().endswith(".txt"):
            yield path


def _read_text_file(path: Path, doc_id: str, encoding: str, max_chars: int) -> InputRecord:
    source = str(path)
    try:
        st = path.stat()
        if not stat.S_ISREG(st.st_mode):
            kind = "a FIFO" if stat.S_ISFIFO(st.st_mode) else "not a regular file"
            raise ZhNewsError("E001", f"{path} is {kind}; give regular text files")
        size = st.st_size
        if size > 4 * max_chars + 4:  # decide before reading: a 20 GB file must not be loaded to be refused
            raise too_large(str(path), max_chars, n_bytes=size)
        data = path.read_bytes()
        text = decode_bytes(data, encoding=encoding, name=source, max_chars=max_chars)
    except OSError as err:
        what = "a broken symbolic link" if path.is_symlink() and not path.exists() else f"unreadable: {err.strerror}"
        return _failed(doc_id, source, ZhNewsError("E001", f"cannot read {path}: {what}"))
    except ZhNewsError as err:
        return _failed(doc_id, source, err)
    return InputRecord(id=doc_id, source=source, text=text)


def _read_jsonl(path: Path, encoding: str, max_chars: int) -> Iterator[InputRecord]:
    try:
        fh = path.open("rb")
    except OSError as err:
        yield _failed(str(path), str(path), ZhNewsError("E001", f"cannot read {path}: {err.strerror}"))
        return
    with fh:
        for lineno, raw in enumerate(fh, 1):
            source = f"{path}:{lineno}"
            if not raw.strip():
                continue
            fallback_id = f"{path.name}:{lineno}"
            if len(raw) > 6 * max_chars + 64:  # JSON may escape a character as \uXXXX: up to 6 bytes each
                m = re.match(rb'\s*\{\s*"id"\s*:\s*("(?:[^"\\]|\\.)*")', raw)
                doc_id = fallback_id
                if m:
                    try:
                        doc_id = json.loads(m.group(1))
                    except ValueError:
                        pass
                yield _failed(doc_id, source, too_large(source, max_chars, n_bytes=len(raw), bytes_per_char=6))
                continue
            try:
                line = raw.decode(encoding)
                if lineno == 1 and line.startswith("\ufeff"):  # a UTF-8 byte-order mark starts the file
                    line = line[1:]
            except UnicodeDecodeError as err:
                yield _failed(fallback_id, source, ZhNewsError(
                    "E003", f"{source} is not valid {encoding} at byte {err.start}"))
                continue
            try:
                obj = parse_jsonl_object(line, source)
            except ZhNewsError as err:
                yield _failed(fallback_id, source, err)
                continue
            doc_id = obj.get("id")
            if isinstance(doc_id, int) and not isinstance(doc_id, bool):
                doc_id = str(doc_id)
            if not isinstance(doc_id, str) or not doc_id.strip():
                yield _failed(fallback_id, source, ZhNewsError(
                    E_JSONL, f'{source} has no "id" (a non-empty string or integer is required)'))
                continue
            if doc_id in (".", ".."):
                yield _failed(fallback_id, source, ZhNewsError(
                    E_JSONL, f'{source} has the id {doc_id!r}, a path step that IRIs collapse (choose another id)'))
                continue
            text = obj.get("text")
            if not isinstance(text, str):
                yield _failed(doc_id, source, text_field_error(text, source))
                continue
            try:
                text = check_text(text, name=source, max_chars=max_chars)
            except ZhNewsError as err:
                yield _failed(doc_id, source, err)
                continue
            extra = {k: v for k, v in obj.items() if k not in ("id", "text")}
            yield InputRecord(id=doc_id, source=source, text=text, extra=extra)


def parse_jsonl_object(line: str, source: str) -> dict[str, Any]:
    """Parse one line of a JSONL input into its object, strictly (as ``batch`` reads JSONL files).

    line (str): The decoded line.
    source (str): Where it comes from, in messages (``path:line``, or a path).
    RETURNS (dict): The object.
    RAISES (ZhNewsError): E009 when the line is not valid strict JSON (see :func:`strict_json_loads`) or not an
        object.
    """
    try:
        obj = strict_json_loads(line)
    except ValueError as err:
        raise ZhNewsError(E_JSONL, f"{source} is not valid JSON ({_json_error(err)}); each line must be "
                                   'one object {"id": "...", "text": "..."}') from None
    if not isinstance(obj, dict):
        raise ZhNewsError(E_JSONL, f'{source} is a JSON {type(obj).__name__}, not an object {{"id": ..., '
                                   '"text": ...}')
    return obj


def text_field_error(text: Any, source: str) -> ZhNewsError:
    """The error for a record whose ``text`` field is missing or not a string.

    text (Any): The record's ``text`` value (None when missing).
    source (str): Where the record comes from, in the message.
    RETURNS (ZhNewsError): E002 for a missing ``text``, E009 for one that is not a string.
    """
    if text is None:
        return ZhNewsError("E002", f'{source} has no "text"')
    return ZhNewsError(E_JSONL, f'{source} has a "text" of type {type(text).__name__}, not a string')


MAX_JSON_DEPTH = 64
"""Deepest nesting of arrays and objects accepted in a JSONL record (deeper is an E009 record)."""
MAX_JSON_INT_DIGITS = 1000
"""Longest integer accepted in a JSONL record (a longer one is an E009 record)."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def _parse_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_JSON_INT_DIGITS:
        raise ValueError(f"an integer of {len(text.lstrip('-')):,} digits (the limit is {MAX_JSON_INT_DIGITS:,})")
    return int(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:40]} is out of range")
    return value


def _nesting_depth(line: str) -> int:
    """Deepest bracket nesting outside strings (checked before parsing: the parser recurses)."""
    depth = deepest = 0
    for m in re.finditer(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', line):
        tok = m.group()
        if tok in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif tok in "]}":
            depth -= 1
    return deepest


def strict_json_loads(text: str) -> Any:
    """Parse one JSON value strictly: no NaN/Infinity, no out-of-range numbers, bounded nesting and integers.

    text (str): The JSON text.
    RETURNS (Any): The value.
    RAISES (ValueError): For invalid or non-strict JSON, nesting deeper than MAX_JSON_DEPTH or an integer
        longer than MAX_JSON_INT_DIGITS digits.
    """
    if ("[" in text or "{" in text) and text.count("[") + text.count("{") > MAX_JSON_DEPTH:
        depth = _nesting_depth(text)
        if depth > MAX_JSON_DEPTH:
            raise ValueError(f"nested {depth:,} deep (the limit is {MAX_JSON_DEPTH})")
    try:
        return json.loads(text, parse_constant=_reject_constant, parse_int=_parse_int, parse_float=_parse_float)
    except RecursionError:
        raise ValueError("nested too deep") from None


def _json_error(err: ValueError) -> str:
    if isinstance(err, json.JSONDecodeError):
        return f"{err.msg} at column {err.colno}"
    return str(err)


def _is_jsonl(path: Path) -> bool:
    return path.suffix.lower() in JSONL_SUFFIXES


def _glob_root(pattern: str) -> Path:
    parts = Path(pattern).parts
    fixed = []
    for part in parts:
        if _GLOB_CHARS.search(part):
            break
        fixed.append(part)
    return Path(*fixed) if fixed else Path(".")


def iter_inputs(inputs: Iterable[str | os.PathLike], encoding: str = "utf-8",
                max_chars: int = MAX_CHARS) -> Iterator[InputRecord]:
    """Read the inputs lazily, one record per document.

    inputs (Iterable[str | PathLike]): Files, directories (``*.txt`` recursively), glob patterns (``**``
        allowed) and JSONL files.
    encoding (str): Encoding of text files and JSONL files. Defaults to "utf-8".
    max_chars (int): Largest accepted document, in characters. Defaults to 1,000,000.
    YIELDS (InputRecord): A document with its text, or an error record (E001 missing input, E002 empty,
        E003 not decodable, E004 binary, E005 too large, E009 malformed JSONL line). Blank JSONL lines are
        not inputs.
    RAISES (ZhNewsError): E006 for an unknown encoding name, E014 for a bad max_chars (before anything is
        read).
    """
    check_encoding(encoding)
    check_max_chars(max_chars)

    items = [str(item) for item in inputs]
    prefixes = _root_prefixes(items)

    def one_path(path: Path, root: Path) -> Iterator[InputRecord]:
        prefix = prefixes.get(_root_key(root), "")
        if path.is_dir():
            for f in _walk_text_files(path):
                if isinstance(f, InputRecord):
                    f.id = prefix + _rel_id(Path(f.source), root)
                    yield f
                else:
                    yield _read_text_file(f, prefix + _rel_id(f, root), encoding, max_chars)
        elif _is_jsonl(path):
            yield from _read_jsonl(path, encoding, max_chars)
        else:
            yield _read_text_file(path, prefix + _rel_id(path, root), encoding, max_chars)

    for item in items:
        p = Path(item)
        if p.exists() or p.is_symlink():
            root = p if p.is_dir() else p.parent
            yield from one_path(p, root)
        elif _GLOB_CHARS.search(str(item)):
            root = _glob_root(str(item))
            matches = sorted(glob.iglob(str(item), recursive=True))
            if not matches:
                yield _failed(str(item), str(item), ZhNewsError("E001", f"no file matches {item}"))
            for m in matches:
                yield from one_path(Path(m), root)
        else:
            yield _failed(str(item), str(item), ZhNewsError("E001", f"no such file or directory: {item}"))


def _root_key(root: Path) -> str:
    try:
        return os.path.realpath(root)
    except OSError:  # pragma: no cover
        return str(root)


def _root_prefixes(items: list[str]) -> dict[str, str]:
    """Id prefixes of the input roots: none with one root; with several, each root's name (plus as many parent
    names as needed to tell two roots of the same name apart), so that ``a/x.txt`` under two roots gives two ids.

    items (list[str]): The inputs as given.
    RETURNS (dict[str, str]): Real path of each root → prefix ending in "/" (empty dict with one root).
    """
    roots: dict[str, Path] = {}
    for item in items:
        p = Path(item)
        if p.exists() or p.is_symlink():
            if _is_jsonl(p) and not p.is_dir():
                continue  # JSONL records carry their own ids
            root = p if p.is_dir() else p.parent
        elif _GLOB_CHARS.search(item):
            root = _glob_root(item)
        else:
            continue
        roots.setdefault(_root_key(root), root)
    if len(roots) < 2:
        return {}
    parts = {key: Path(key).parts[1:] or ("root",) for key in roots}
    depth = 1
    while True:
        names = {key: "/".join(ps[-depth:]) for key, ps in parts.items()}
        if len(set(names.values())) == len(names) or depth > max(len(ps) for ps in parts.values()):
            return {key: name + "/" for key, name in names.items()}
        depth += 1


# ---------------------------------------------------------------------------------------------------- output


def truncate_partial_line(path: Path) -> int:
    """Cut a partially written last line (no final newline) from a JSONL file.

    path (Path): The file (missing is fine).
    RETURNS (int): Bytes removed.
    """
    if not path.exists():
        return 0
    with path.open("r+b") as fh:
        fh.seek(0, os.SEEK_END)
        size = fh.tell()
        if size == 0:
            return 0
        pos = size
        chunk = 1 << 16
        while pos > 0:
            start = max(0, pos - chunk)
            fh.seek(start)
            data = fh.read(pos - start)
            if start + len(data) == size and data.endswith(b"\n"):
                return 0
            nl = data.rfind(b"\n")
            if nl >= 0:
                keep = start + nl + 1
                fh.truncate(keep)
                os.fsync(fh.fileno())
                return size - keep
            pos = start
        fh.truncate(0)
        os.fsync(fh.fileno())
        return size


def _article_id_of_line(line: bytes) -> str | None:
    m = _DOC_ID_PREFIX.match(line)
    if m:
        try:
            return json.loads(m.group(1))
        except ValueError:
            pass
    try:
        return json.loads(line).get("doc_id")
    except (ValueError, AttributeError):
        return None


LOCK_FILE = ".zhnews_ie.lock"
HASHES_FILE = "inputs.jsonl"
E_OUT_LOCKED = "E019"
"""Another batch is writing to the same output directory."""


def input_hash(rec: InputRecord) -> str:
    """The content hash that decides whether a done input must be processed again.

    rec (InputRecord): The input.
    RETURNS (str): SHA-256 (hex) of its text and extra fields, or of its error code and message for an input
        that failed to read.
    """
    h = hashlib.sha256()
    if rec.text is not None:
        h.update(b"text\0" + rec.text.encode("utf-8", "surrogatepass"))
        if rec.extra:
            h.update(b"\0extra\0" + json.dumps(rec.extra, sort_keys=True, ensure_ascii=False,
                                                default=str).encode("utf-8", "surrogatepass"))
    else:
        h.update(f"error\0{rec.code}\0{rec.error}".encode("utf-8", "surrogatepass"))
    return h.hexdigest()


def _lock_dir(out_dir: Path) -> Any:
    """Take the output directory's lock (released when the process ends, even by kill -9)."""
    fh = (out_dir / LOCK_FILE).open("a+b")
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: no lock
        return fh
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.close()
        raise ZhNewsError(E_OUT_LOCKED, f"another zhnews-ie batch is writing to {out_dir}; wait for it to end or "
                                        "give another --out") from None
    return fh


class BatchOutput:
    """The output directory of a batch: the two JSONL files, the store and the record of what is done.

    An input is done when its line is in ``articles.jsonl`` or ``errors.jsonl``. ``inputs.jsonl`` records the
    content hash of each input when its line was written (``{"id", "sha256", "out"}``): a done input whose
    content changed since is processed again, and its earlier line removed (``force`` processes every input
    again). A done input without a recorded hash (a run killed between the two lines, or an older version) is
    kept. The directory is locked while a batch writes to it.

    out_dir (str | Path): The output directory (created).
    store_path (str | Path | None): The graph store; None is ``out_dir/store``. Defaults to None.
    use_store (bool): Write the graph store. Defaults to True.
    force (bool): Process every input again, done or not. Defaults to False.
    RAISES (ZhNewsError): E013 when the store cannot be opened, E019 when another batch writes to out_dir.
    """

    def __init__(self, out_dir: str | Path, store_path: str | Path | None = None, use_store: bool = True,
                 force: bool = False):
        self.out_dir = Path(out_dir)
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise ZhNewsError("E020", f"cannot create the output directory {out_dir}: {err.strerror}") from None
        if not self.out_dir.is_dir():
            raise ZhNewsError("E020", f"--out {out_dir} is not a directory")
        self._lock = _lock_dir(self.out_dir)
        self.force = force
        self.articles_path = self.out_dir / ARTICLES_FILE
        self.errors_path = self.out_dir / ERRORS_FILE
        self.hashes_path = self.out_dir / HASHES_FILE
        for path in (self.articles_path, self.errors_path, self.hashes_path):
            truncate_partial_line(path)
        self.hashes: dict[str, tuple[str, str]] = {}
        if self.hashes_path.exists():
            with self.hashes_path.open("rb") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                        self.hashes[str(rec["id"])] = (str(rec["sha256"]), str(rec["out"]))
                    except (ValueError, KeyError, TypeError):
                        continue
        self.replaced: set[str] = set()
        self.redone_duplicates: set[tuple[str, str]] = set()
        self._load_done()
        if self._stale:
            self._compact()
            self._load_done()
        self.store = None
        if use_store:
            from .graph.store import GraphStore

            self.store = GraphStore(Path(store_path) if store_path else self.out_dir / STORE_DIR)
        self._articles = self.articles_path.open("ab")
        self._errors = self.errors_path.open("ab")
        self._hashes = self.hashes_path.open("ab")
        self.seen: set[str] = set()

    def _load_done(self) -> None:
        self.done_ids: set[str] = set()
        self.done_errors: set[tuple[str, str]] = set()
        self.error_ids: set[str] = set()
        article_count: dict[str, int] = {}
        if self.articles_path.exists():
            with self.articles_path.open("rb") as fh:
                for line in fh:
                    doc_id = _article_id_of_line(line)
                    if doc_id is not None:
                        self.done_ids.add(doc_id)
                        article_count[doc_id] = article_count.get(doc_id, 0) + 1
        error_count: dict[str, int] = {}
        if self.errors_path.exists():
            with self.errors_path.open("rb") as fh:
                for line in fh:
                    try:
                        rec = json.loads(line)
                        self.done_errors.add((str(rec["id"]), str(rec["source"])))
                        if rec.get("code") != E_DUPLICATE:
                            self.error_ids.add(str(rec["id"]))
                            error_count[str(rec["id"])] = error_count.get(str(rec["id"]), 0) + 1
                    except (ValueError, KeyError, TypeError):
                        continue
        # Lines a changed input left behind (a run killed before it removed them): the hash record decides.
        self._stale = any(
            (n > 1 or doc_id in self.error_ids) and doc_id in self.hashes for doc_id, n in article_count.items()
        ) or any(n > 1 and doc_id in self.hashes for doc_id, n in error_count.items())

    def _compact(self) -> None:
        """Keep one line per re-processed id: the last one, in the file its hash record names; and one E010 line
        per duplicate input decided again (``force``): the last one."""
        decided = {doc_id: out for doc_id, (_, out) in self.hashes.items()}

        def rewrite(path: Path, kind: str, id_of: Callable[[bytes], tuple[str | None, Any]]) -> None:
            if not path.exists():
                return
            lines = path.read_bytes().splitlines(keepends=True)
            last: dict[str, int] = {}
            last_dup: dict[tuple[str, str], int] = {}
            for i, line in enumerate(lines):
                doc_id, dup = id_of(line)
                if doc_id is not None and dup is None:
                    last[doc_id] = i
                elif doc_id is not None:
                    last_dup[(doc_id, dup)] = i
            keep = []
            for i, line in enumerate(lines):
                doc_id, dup = id_of(line)
                if doc_id is not None and dup is not None and (doc_id, dup) in self.redone_duplicates:
                    if last_dup[(doc_id, dup)] == i:
                        keep.append(line)
                elif doc_id is None or dup is not None or doc_id not in decided:
                    keep.append(line)
                elif decided[doc_id] == kind and last[doc_id] == i:
                    keep.append(line)
            if len(keep) == len(lines):
                return
            tmp = path.with_suffix(path.suffix + ".tmp")
            with tmp.open("wb") as fh:
                fh.writelines(keep)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)

        def article_id(line: bytes) -> tuple[str | None, str | None]:
            return _article_id_of_line(line), None

        def error_id(line: bytes) -> tuple[str | None, str | None]:
            """The line's id, and its source when it is an E010 line (else None)."""
            try:
                rec = json.loads(line)
                return str(rec["id"]), str(rec["source"]) if rec.get("code") == E_DUPLICATE else None
            except (ValueError, KeyError, TypeError):
                return None, None

        rewrite(self.articles_path, "article", article_id)
        rewrite(self.errors_path, "error", error_id)

    def classify(self, rec: InputRecord, sha: str | None = None) -> str:
        """Decide what to do with an input, and remember its id for this run.

        rec (InputRecord): The input.
        sha (str | None): Its :func:`input_hash`; None computes it. Defaults to None.
        RETURNS (str): "skip" (its line is written and its content unchanged), "duplicate" (its id came
            earlier in this run) or "new" (to process; a done input whose content changed is "new" too).
        """
        if rec.id in self.seen:  # under force, a duplicate is decided again (its E010 record replaces the last)
            return "skip" if not self.force and (rec.id, rec.source) in self.done_errors else "duplicate"
        self.seen.add(rec.id)
        if rec.id in self.done_ids or rec.id in self.error_ids or (rec.id, rec.source) in self.done_errors:
            recorded = self.hashes.get(rec.id)
            if not self.force and (recorded is None or recorded[0] == (sha or input_hash(rec))):
                return "skip"
            self.replaced.add(rec.id)
        return "new"

    @staticmethod
    def _append(fh, record: dict[str, Any]) -> None:
        BatchOutput._append_line(fh, dumps_strict(record).encode("utf-8") + b"\n")

    @staticmethod
    def _append_line(fh, line: bytes) -> None:
        fh.write(line)
        fh.flush()
        os.fsync(fh.fileno())

    def _record_hash(self, doc_id: str, sha: str | None, out: str) -> None:
        if sha is None:
            return
        self._append(self._hashes, {"id": doc_id, "sha256": sha, "out": out})
        self.hashes[doc_id] = (sha, out)

    def write_article(self, article: dict[str, Any], sha: str | None = None) -> None:
        """Commit an article: its named graph first, then its ``articles.jsonl`` line (flushed, fsynced), then
        its content hash.

        article (dict): ``Article.to_dict()`` (with ``metadata.extra`` when the input had extra fields).
        sha (str | None): The input's :func:`input_hash`. Defaults to None.
        """
        line = dumps_strict(article).encode("utf-8") + b"\n"  # an unwritable value fails before any write
        if self.store is not None:
            self.store.put_article(article)
        self._append_line(self._articles, line)
        self.done_ids.add(article["doc_id"])
        self._record_hash(article["doc_id"], sha, "article")

    def write_error(self, record: dict[str, Any], sha: str | None = None) -> None:
        """Write one ``errors.jsonl`` line (flushed, fsynced), then the input's content hash.

        record (dict): ``{"id", "source", "code", "error"}``.
        sha (str | None): The input's :func:`input_hash` (None for E010 duplicates). Defaults to None.
        """
        doc_id = str(record["id"])
        if self.store is not None and doc_id in self.replaced and doc_id in self.done_ids:
            self.store.remove_article(doc_id)  # the input was an article and now fails
        if record.get("code") == E_DUPLICATE and (doc_id, str(record["source"])) in self.done_errors:
            self.redone_duplicates.add((doc_id, str(record["source"])))  # its earlier line goes on close
        self._append(self._errors, record)
        self.done_errors.add((doc_id, str(record["source"])))
        self._record_hash(doc_id, sha, "error")

    def close(self) -> None:
        """Close the files, remove lines that re-processed inputs replaced, flush the store, release the lock."""
        try:
            for fh in (self._articles, self._errors, self._hashes):
                if not fh.closed:
                    fh.close()
            if self.replaced or self.redone_duplicates:
                self._compact()
            if self.store is not None:
                self.store.close()
        finally:
            if not self._lock.closed:
                self._lock.close()


# ------------------------------------------------------------------------------------------------ processing


@dataclass
class BatchResult:
    """Counts of one batch run: ``ok + errors + skipped == inputs``.

    inputs (int): Inputs seen (documents and failed inputs; blank JSONL lines are not inputs).
    ok (int): Articles written in this run.
    errors (int): Error records written in this run.
    skipped (int): Inputs already done by an earlier run.
    warnings (int): Articles written with a warning (W001: no Chinese).
    chars (int): Characters of the documents processed in this run.
    seconds (float): Wall time.
    codes (dict[str, int]): Error records per code.
    """

    inputs: int = 0
    ok: int = 0
    errors: int = 0
    skipped: int = 0
    warnings: int = 0
    chars: int = 0
    seconds: float = 0.0
    codes: dict[str, int] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        """RETURNS (bool): True when this run wrote error records and no article (``zhnews-ie batch`` then exits
        with status 1): every input it processed failed."""
        return self.ok == 0 and self.errors > 0

    def summary(self) -> str:
        """RETURNS (str): One line with the counts, e.g. ``inputs 40: ok 37, errors 2, skipped 1``."""
        rate = self.chars / self.seconds if self.seconds > 0 else 0.0
        codes = ", ".join(f"{c} ×{n}" for c, n in sorted(self.codes.items()))
        return (f"inputs {self.inputs}: ok {self.ok}, errors {self.errors}{f' ({codes})' if codes else ''}, "
                f"skipped {self.skipped} (already done); {self.chars:,} chars in {self.seconds:.1f} s "
                f"({rate:,.0f} chars/s)")


def _record_pipeline_error(proc_name: str | None, proc: Any, docs: Any, err: Exception) -> None:
    """spaCy error handler that swallows a failure and marks the failing docs.

    No message queue: each failing ``Doc`` gets its own message in ``doc.user_data["zhnews_ie_batch_error"]``.
    spaCy drops a doc that fails inside ``nlp.pipe``; ``nlp(text)`` carries it on past the failed component, so
    a caller must check the mark. ``run_batch`` does not use this handler (see :func:`_raise_component_error`).
    """
    message = _component_message(proc_name, err)
    for doc in docs or ():
        user_data = getattr(doc, "user_data", None)
        if isinstance(user_data, dict):
            user_data[_ERROR_USER_DATA] = message


class ComponentError(Exception):
    """A pipeline component raised on a document; the message names the component and the original error."""


def _component_message(proc_name: str | None, err: BaseException) -> str:
    return f"{proc_name or 'pipeline'}: {type(err).__name__}: {str(err)[:300]}"


def _raise_component_error(proc_name: str | None, proc: Any, docs: Any, err: Exception) -> None:
    """spaCy error handler of the batch: re-raise, naming the component (never swallow: a document whose
    component failed, in any window, must become an E011 record, not a partial article)."""
    raise ComponentError(_component_message(proc_name, err)) from err


def _set_handler(nlp: Any, handler: Callable) -> list[tuple[Any, Callable]]:
    """Give ``nlp`` and its components ``handler``; RETURNS the previous handlers, for :func:`_restore_handler`."""
    previous: list[tuple[Any, Callable]] = [(nlp, getattr(nlp, "default_error_handler", None))]
    nlp.default_error_handler = handler
    for _, pipe in nlp.pipeline:
        if hasattr(pipe, "set_error_handler") and hasattr(pipe, "get_error_handler"):
            try:
                before = pipe.get_error_handler()
                pipe.set_error_handler(handler)
            except AttributeError:  # spaCy 3.8's compiled ner holds no handler (it always raises)
                continue
            previous.append((pipe, before))
    return previous


def _restore_handler(previous: list[tuple[Any, Callable]]) -> None:
    nlp, default = previous[0]
    if default is not None:
        nlp.default_error_handler = default
    for pipe, handler in previous[1:]:
        pipe.set_error_handler(handler)


def _pipeline_error(doc_id: str, source: str, err: BaseException) -> dict[str, Any]:
    """The E011 record of a document on which the pipeline (or building its record) raised."""
    reason = str(err) if isinstance(err, ComponentError) else f"{type(err).__name__}: {str(err)[:300]}"
    return {"id": doc_id, "source": source, "code": E_PIPELINE,
            "error": f"the pipeline failed on this document: {reason}"}


def _extract_one(nlp: Any, doc_id: str, source: str, text: str, extra: dict[str, Any] | None) -> dict[str, Any]:
    """One document alone (in windows when long): its article record, or its E011 record."""
    try:
        return article_record(extract_checked(nlp, text, doc_id=doc_id), extra)
    except Exception as err:  # noqa: BLE001 - one bad document must not stop the batch
        return _pipeline_error(doc_id, source, err)


class _Progress:
    def __init__(self, enabled: bool):
        self.bar = None
        self.chars = 0
        self.t0 = time.perf_counter()
        self.last = 0.0
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True, smoothing=0.1,
                            desc="zhnews-ie batch")

    def update(self, chars: int) -> None:
        self.chars += chars
        if self.bar is None:
            return
        self.bar.update(1)
        now = time.perf_counter()
        if now - self.last > 0.5:
            self.last = now
            self.bar.set_postfix_str(f"{self.chars / max(now - self.t0, 1e-9):,.0f} chars/s", refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.chars / max(time.perf_counter() - self.t0, 1e-9):,.0f} chars/s")
            self.bar.close()


def article_record(article: Any, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The ``articles.jsonl`` record of an extraction.

    article (Article): The extraction.
    extra (dict | None): Extra input fields, kept under ``metadata.extra``. Defaults to None.
    RETURNS (dict): ``Article.to_dict()``, plus ``metadata.extra`` when there are extra fields.
    """
    d = article.to_dict()
    if extra:
        d["metadata"]["extra"] = extra
    return d


def _local_chunk(nlp: Any, chunk: list[InputRecord]) -> list[dict[str, Any]]:
    """Records of a chunk, in order: the short documents through one ``nlp.pipe`` (the error handler raises);
    if the pipe raises, each document it did not finish runs again alone, so only a failing document gets an
    E011 record, with its own message. Long documents run alone in windows; any failed window fails the
    document (never a partial article)."""
    from .article import article_from_doc

    records: dict[int, dict[str, Any]] = {}
    short = [i for i, rec in enumerate(chunk) if len(rec.text or "") <= WINDOW_CHARS]
    done = 0
    try:
        for doc in nlp.pipe((chunk[i].text for i in short), batch_size=max(len(short), 1)):
            rec = chunk[short[done]]
            try:
                records[short[done]] = article_record(article_from_doc(doc, doc_id=rec.id), rec.extra)
            except Exception as err:  # noqa: BLE001 - one bad document must not stop the batch
                records[short[done]] = _pipeline_error(rec.id, rec.source, err)
            done += 1
    except Exception:  # noqa: BLE001 - a component raised on some document of the chunk: find which, alone
        pass
    out = []
    for i, rec in enumerate(chunk):
        record = records.get(i)
        if record is None:
            record = _extract_one(nlp, rec.id, rec.source, rec.text or "", rec.extra)
        out.append(record)
    return out


def _local_results(feed: Iterable[tuple[InputRecord, Any]], nlp: Any,
                   batch_size: int) -> Iterator[tuple[InputRecord, dict[str, Any]]]:
    """Run the pipeline in this process, ``batch_size`` documents at a time; yield (input, article record or
    error record) in input order. The records equal those of :func:`_parallel_results`."""
    chunk: list[InputRecord] = []
    for rec, _ in feed:
        chunk.append(rec)
        if len(chunk) >= batch_size:
            yield from zip(chunk, _local_chunk(nlp, chunk))
            chunk = []
    if chunk:
        yield from zip(chunk, _local_chunk(nlp, chunk))


_WORKER_NLP: Any = None  # the parent's pipeline, inherited by forked workers (copy-on-write, no reload)
_WORKER_TAXONOMY = "five_tasks"


def _die_with_parent() -> None:
    """Ask Linux to SIGKILL this worker when its parent dies (kill -9 of the batch must not leave workers)."""
    if not sys.platform.startswith("linux"):
        return  # pragma: no cover - elsewhere the executor's own checks end the workers
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover
        return
    if os.getppid() == 1:  # the parent died before the request took effect
        os._exit(1)


def _worker_init(taxonomy: str) -> None:
    global _WORKER_TAXONOMY
    _die_with_parent()
    _WORKER_TAXONOMY = taxonomy


def _worker_extract(chunk: list[tuple[str, str, str, dict[str, Any] | None]]) -> list[dict[str, Any]]:
    """Extract a chunk of ``(id, source, text, extra)`` in a worker; one record per document, in order."""
    nlp = _WORKER_NLP
    if nlp is None:
        nlp = load(taxonomy=_WORKER_TAXONOMY)
        _set_handler(nlp, _raise_component_error)
    return [_extract_one(nlp, doc_id, source, text, extra) for doc_id, source, text, extra in chunk]


E_WORKER_DIED = (
    "the worker process died on this document twice (killed, e.g. by the out-of-memory killer, or crashed); "
    "its chunk was retried document by document and it died again alone, so it was not retried further")


class _Workers:
    """A process pool that is replaced when one of its workers dies (``BrokenProcessPool``)."""

    def __init__(self, n_workers: int, ctx: Any, taxonomy: str):
        self.n_workers = n_workers
        self.ctx = ctx
        self.taxonomy = taxonomy
        self.pool: Any = None

    def submit(self, recs: list[InputRecord]) -> tuple[Any, Any]:
        """Submit a chunk. RETURNS (tuple): ``(pool, future)``: the pool that runs it, and its future."""
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        task = [(r.id, r.source, r.text, r.extra) for r in recs]
        for _ in range(2):
            if self.pool is None:
                self.pool = ProcessPoolExecutor(max_workers=self.n_workers, mp_context=self.ctx,
                                                initializer=_worker_init, initargs=(self.taxonomy,))
            try:
                return self.pool, self.pool.submit(_worker_extract, task)
            except BrokenProcessPool:  # a worker died since the last submit: start a fresh pool
                self.replace()
        raise BrokenProcessPool("a fresh process pool broke at once")  # pragma: no cover

    def replace(self) -> None:
        """Drop the pool (its futures are already failed when it is broken); the next submit starts another."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None

    def close(self) -> None:
        self.replace()


def _parallel_results(feed: Iterable[tuple[InputRecord, Any]], nlp: Any, n_process: int, batch_size: int,
                      taxonomy: str) -> Iterator[tuple[InputRecord, dict[str, Any]]]:
    """Run the pipeline in ``n_process`` worker processes; yield (input, record) in input order.

    Workers return the small JSON records, not ``Doc``s, so the parent only writes results (spaCy's
    ``nlp.pipe(n_process=N)`` ships every serialised Doc back to the parent, which on a 2-core machine made two
    processes slower than one). On Linux the workers are forked after the pipeline is loaded, so they share it
    copy-on-write instead of loading it again. At most ``2 * n_process`` chunks are in flight (memory stays flat).

    When a worker dies (kill -9, the out-of-memory killer, a crash in a C extension), the pool is replaced and
    the rest of the batch goes on; every chunk that was lost with it is retried document by document, one at a
    time in a separate one-worker pool, so the innocent documents get their articles and only a document on
    which the worker dies again gets an E011 record (each document is retried once, never in a loop).
    """
    import multiprocessing as mp

    global _WORKER_NLP
    n_workers = (os.cpu_count() or 1) if n_process == -1 else n_process
    try:
        ctx = mp.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        ctx = mp.get_context("spawn")
    _WORKER_NLP = nlp if ctx.get_start_method() == "fork" else None
    window: deque[tuple[list[InputRecord], Any, Any]] = deque()
    workers = _Workers(n_workers, ctx, taxonomy)
    alone = _Workers(1, ctx, taxonomy)

    def retry_alone(recs: list[InputRecord]) -> Iterator[tuple[InputRecord, dict[str, Any]]]:
        from concurrent.futures.process import BrokenProcessPool

        for rec in recs:
            try:
                [record] = alone.submit([rec])[1].result()
            except BrokenProcessPool:
                alone.replace()
                record = {"id": rec.id, "source": rec.source, "code": E_PIPELINE, "error": E_WORKER_DIED}
            except Exception as err:  # noqa: BLE001 - e.g. a record that cannot be sent back
                alone.replace()
                record = {"id": rec.id, "source": rec.source, "code": E_PIPELINE,
                          "error": f"the worker failed on this document: {type(err).__name__}: {str(err)[:300]}"}
            yield rec, record

    def drain_one() -> Iterator[tuple[InputRecord, dict[str, Any]]]:
        from concurrent.futures.process import BrokenProcessPool

        recs, pool, fut = window.popleft()
        try:
            records = fut.result()
        except BrokenProcessPool:  # a worker died: this pool is unusable, its chunks in flight are lost
            if pool is workers.pool:
                workers.replace()
            yield from retry_alone(recs)
            return
        except Exception:  # noqa: BLE001 - the chunk failed outside the per-document guard: retry alone
            yield from retry_alone(recs)
            return
        yield from zip(recs, records)

    try:
        chunk: list[InputRecord] = []
        for rec, _ in feed:
            chunk.append(rec)
            if len(chunk) >= batch_size:
                window.append((chunk, *workers.submit(chunk)))
                chunk = []
                while len(window) >= 2 * n_workers:
                    yield from drain_one()
        if chunk:
            window.append((chunk, *workers.submit(chunk)))
        while window:
            yield from drain_one()
    finally:
        workers.close()
        alone.close()
        _WORKER_NLP = None


def run_batch(
    inputs: Iterable[str | os.PathLike],
    out_dir: str | os.PathLike,
    n_process: int = 1,
    batch_size: int = 32,
    encoding: str = "utf-8",
    max_chars: int = MAX_CHARS,
    taxonomy: str = "five_tasks",
    store_path: str | os.PathLike | None = None,
    use_store: bool = True,
    remote: Callable[..., Iterator[tuple[Any, dict[str, Any]]]] | None = None,
    progress: bool = True,
    nlp: Any = None,
    on_record: Callable[[dict[str, Any]], None] | None = None,
    force: bool = False,
) -> BatchResult:
    """Process a corpus into ``articles.jsonl``, ``errors.jsonl`` and the graph store; resumable.

    inputs (Iterable[str | PathLike]): Files, directories, glob patterns, JSONL files.
    out_dir (str | PathLike): Output directory (created; a re-run continues where the last one stopped).
    n_process (int): Worker processes (-1: one per CPU); above 1, workers return records instead of Docs.
        Defaults to 1.
    batch_size (int): Documents per ``nlp.pipe`` batch. Defaults to 32.
    encoding (str): Input encoding. Defaults to "utf-8".
    max_chars (int): Largest accepted document, in characters; larger ones get an E005 record. Defaults to
        1,000,000.
    taxonomy (str): Taxonomy for the paragraph categories. Defaults to "five_tasks".
    store_path (str | PathLike | None): The graph store directory; None is ``out_dir/store``. Defaults to None.
    use_store (bool): Write the graph store. Defaults to True.
    remote (Callable | None): Run the pipeline elsewhere instead of locally: called as
        ``remote(feed, taxonomy=..., max_chars=..., chunk_size=batch_size)`` with the stream of checked inputs,
        it yields ``(input, record)`` pairs; outputs are still written here. ``batch --scheduler ADDRESS`` passes
        ``functools.partial(zhnews_ie.dask.cluster_results, address=ADDRESS)``. Defaults to None.
    progress (bool): Show a progress bar (documents/s, characters/s) on stderr. Defaults to True.
    nlp (Language | None): The pipeline; None uses ``zhnews_ie.load(taxonomy)``. Defaults to None.
    on_record (Callable[[dict], None] | None): Called with every record written (tests, hooks). Defaults to
        None.
    force (bool): Process every input again, even those done with unchanged content. Defaults to False.
    RETURNS (BatchResult): The counts; ``ok + errors + skipped == inputs``.
    RAISES (ZhNewsError): E006 unknown encoding, E013 store cannot be opened, E014 bad --n-process or
        --batch-size, E019 another batch writes to out_dir, E020 out_dir cannot be created.
    """
    if n_process < 1 and n_process != -1:
        raise ZhNewsError("E014", f"--n-process must be a positive number or -1 (all CPUs), got {n_process}")
    if batch_size < 1:
        raise ZhNewsError("E014", f"--batch-size must be at least 1, got {batch_size}")
    check_encoding(encoding)  # E006 and E014 before any output
    check_max_chars(max_chars)
    t0 = time.perf_counter()
    records = iter_inputs(inputs, encoding=encoding, max_chars=max_chars)
    out = BatchOutput(out_dir, store_path=store_path, use_store=use_store, force=force)
    result = BatchResult()
    bar = _Progress(progress)

    def emit_error(rec: dict[str, Any], sha: str | None = None) -> None:
        out.write_error(rec, sha)
        result.errors += 1
        result.codes[rec["code"]] = result.codes.get(rec["code"], 0) + 1
        if on_record:
            on_record(rec)

    def emit_article(rec: dict[str, Any], chars: int, sha: str | None = None) -> None:
        out.write_article(rec, sha)
        result.ok += 1
        result.chars += chars
        if rec.get("warnings"):
            result.warnings += 1
        if on_record:
            on_record(rec)

    def feed() -> Iterator[tuple[InputRecord, None]]:
        """Inputs that need the pipeline; everything else is decided and written here, in reading order."""
        for rec in records:
            result.inputs += 1
            rec.sha = input_hash(rec)
            status = out.classify(rec, rec.sha)
            if status == "skip":
                result.skipped += 1
                continue
            if status == "duplicate":
                emit_error({"id": rec.id, "source": rec.source, "code": E_DUPLICATE,
                            "error": f"duplicate document id {rec.id!r} (an earlier input has it; ids must be "
                                     "unique)"})
                bar.update(0)
                continue
            if rec.code is not None:
                emit_error(rec.error_record(), rec.sha)
                bar.update(0)
                continue
            warnings = language_warnings(rec.text)
            if warnings:
                emit_article(article_record(empty_article(rec.id, warnings), rec.extra), len(rec.text), rec.sha)
                bar.update(len(rec.text))
                continue
            yield rec, None

    try:
        if remote is not None:
            results = remote(feed(), taxonomy=taxonomy, max_chars=max_chars, chunk_size=batch_size)
        else:
            if nlp is None:
                nlp = load(taxonomy=taxonomy)
            if nlp.max_length < max_chars:
                nlp.max_length = max_chars
            if n_process == 1:
                results = _with_error_handler(nlp, _local_results(feed(), nlp, batch_size))
            else:
                results = _with_error_handler(nlp, _parallel_results(feed(), nlp, n_process, batch_size,
                                                                     taxonomy))
        for rec, record in results:
            if "doc_id" in record:
                try:
                    emit_article(record, len(rec.text or ""), rec.sha)
                except OSError:
                    raise  # the output cannot be written: stop (a re-run continues)
                except Exception as err:  # noqa: BLE001 - one bad document must not stop the batch
                    emit_error({"id": rec.id, "source": rec.source, "code": E_PIPELINE,
                                "error": f"writing the article failed: {type(err).__name__}: {err}"}, rec.sha)
            else:
                emit_error(record, rec.sha)
            bar.update(len(rec.text or ""))
    finally:
        bar.close()
        out.close()
        result.seconds = time.perf_counter() - t0
    return result


def _with_error_handler(nlp: Any, results: Iterator[Any]) -> Iterator[Any]:
    """Give the pipeline the batch's raising error handler while ``results`` runs (forked workers inherit it);
    restore the previous handlers after."""
    previous = _set_handler(nlp, _raise_component_error)
    try:
        yield from results
    finally:
        _restore_handler(previous)
