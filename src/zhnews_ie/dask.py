"""The Dask path: the same pipeline on a Dask cluster, loaded once per worker process.

    from distributed import Client
    from zhnews_ie.dask import extract_bag, read_jsonl

    client = Client("tcp://scheduler:8786")
    docs = read_jsonl("s3://bucket/news/*.jsonl")          # {"id", "text", ...} dicts; a bad line: an E009 record
    results = extract_bag(docs)                             # Article dicts or error records
    results.map(json.dumps).to_textfiles("s3://bucket/out/part-*.jsonl")

``zhnews-ie batch INPUT... --out DIR --scheduler tcp://scheduler:8786`` does the same from the command line:
inputs are read where the command runs, chunks of documents go to the workers, and the results come back to
be written (JSONL + graph store, resumable) as with local processing. See docs/cluster.md.

Workers need ``pip install zhnews_ie[cluster]``; the pipeline is built once per worker process
(``zhnews_ie.load`` caches it per process) and reused for every partition the worker runs.
"""

from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

# Absolute imports: this module is zhnews_ie.dask, the real package is dask.
import zhnews_ie
from zhnews_ie.batch import (InputRecord, _local_chunk, _raise_component_error, _restore_handler, _set_handler,
                             article_record, parse_jsonl_object, text_field_error)
from zhnews_ie.errors import ZhNewsError
from zhnews_ie.inputs import MAX_CHARS, check_text, language_warnings
from zhnews_ie.pipeline import empty_article

E_RECORD = "E009"
E_PIPELINE = "E011"
SOURCE_KEY = "__source__"
"""Record key carrying the input's location (echoed in error records, not kept in ``metadata.extra``)."""
ERROR_KEY = "__error__"
"""Record key of a line that could not be read as a record (:func:`parse_jsonl_line`): ``{"code", "error"}``,
which :func:`process_records` returns as the line's error record."""


def worker_nlp(taxonomy: str = "five_tasks") -> Any:
    """The pipeline of this process, built on first use (one per worker process, shared by its tasks).

    taxonomy (str): The taxonomy. Defaults to "five_tasks".
    RETURNS (Language): The pipeline.
    """
    return zhnews_ie.load(taxonomy=taxonomy)


_HANDLER_LOCK = threading.Lock()
_HANDLER_USERS: dict[int, tuple[int, Any]] = {}  # id(nlp) -> (tasks running on it, the handlers to restore)


@contextmanager
def _raising_handler(nlp: Any) -> Iterator[None]:
    """Give ``nlp`` the batch's raising error handler while a task runs on it, as ``run_batch`` does (a failing
    component must fail its document, never be swallowed). The tasks of a worker's threads share one pipeline:
    the first task to start sets the handler, the last to finish restores the previous handlers."""
    key = id(nlp)
    with _HANDLER_LOCK:
        users, previous = _HANDLER_USERS.get(key, (0, None))
        if users == 0:
            previous = _set_handler(nlp, _raise_component_error)
        _HANDLER_USERS[key] = (users + 1, previous)
    try:
        yield
    finally:
        with _HANDLER_LOCK:
            users, previous = _HANDLER_USERS.pop(key)
            if users > 1:
                _HANDLER_USERS[key] = (users - 1, previous)
            else:
                _restore_handler(previous)


def _source(rec: dict[str, Any]) -> Any:
    return rec.get(SOURCE_KEY, rec.get("source", rec.get("id")))


def _error(doc_id: Any, source: Any, code: str, message: str) -> dict[str, Any]:
    return {"id": doc_id, "source": source, "code": code, "error": message}


def process_records(records: Iterable[dict[str, Any]], taxonomy: str = "five_tasks",
                    max_chars: int = MAX_CHARS, batch_size: int = 32, nlp: Any = None) -> list[dict[str, Any]]:
    """Run the pipeline over ``{"id", "text", ...}`` records (one Dask partition or chunk).

    The documents run as in ``run_batch`` (``zhnews_ie.batch``), with its records: a component raising on a
    document fails that document alone (one E011 record with its own message, naming the component), a long
    document with any failed window is an E011 record (never a partial article), and the others go on.

    records (Iterable[dict]): Records with a string ``id`` and ``text``; other fields go to ``metadata.extra``.
        The input's location for error records is ``__source__`` (``batch``), else ``source``, else the id.
    taxonomy (str): The taxonomy. Defaults to "five_tasks".
    max_chars (int): Largest accepted text. Defaults to 1,000,000.
    batch_size (int): ``nlp.pipe`` batch size. Defaults to 32.
    nlp (Language | None): The pipeline; None is this worker process's (:func:`worker_nlp`). Defaults to None.
    RETURNS (list[dict]): One result per record, in order: ``Article.to_dict()`` (key ``doc_id``) or an error
        record ``{"id", "source", "code", "error"}`` (E002 empty or no ``text``, E004 binary, E005 too large, E009
        malformed record: not a dict, no id, a blank id or the id "." or "..", a ``text`` that is not a string, a
        line :func:`parse_jsonl_line` could not read; E011 pipeline failure).
    """
    records = list(records)
    results: list[dict[str, Any] | None] = [None] * len(records)
    todo: list[tuple[int, InputRecord]] = []
    for i, rec in enumerate(records):
        if not isinstance(rec, dict):
            results[i] = _error(None, None, E_RECORD, f"a record must be a dict {{'id', 'text'}}, got "
                                                      f"{type(rec).__name__}")
            continue
        doc_id = rec.get("id")
        source = _source(rec)
        if isinstance(rec.get(ERROR_KEY), dict):  # a line parse_jsonl_line could not read
            results[i] = _error(doc_id, source, rec[ERROR_KEY]["code"], rec[ERROR_KEY]["error"])
            continue
        if isinstance(doc_id, int) and not isinstance(doc_id, bool):
            doc_id = str(doc_id)
        if not isinstance(doc_id, str) or not doc_id.strip():
            results[i] = _error(doc_id, source, E_RECORD, 'the record has no "id" (a non-empty string)')
            continue
        if doc_id in (".", ".."):  # as in batch's JSONL records
            results[i] = _error(doc_id, source, E_RECORD, f"the record has the id {doc_id!r}, a path step that "
                                                          "IRIs collapse (choose another id)")
            continue
        if not isinstance(rec.get("text"), str):  # the message batch gives
            err = text_field_error(rec.get("text"), str(source))
            results[i] = _error(doc_id, source, err.code, err.message)
            continue
        try:
            text = check_text(rec["text"], name=str(source), max_chars=max_chars)
        except ZhNewsError as err:
            results[i] = _error(doc_id, source, err.code, err.message)
            continue
        extra = {k: v for k, v in rec.items() if k not in ("id", "text", SOURCE_KEY)}
        warnings = language_warnings(text)
        if warnings:
            results[i] = article_record(empty_article(doc_id, warnings), extra)
            continue
        todo.append((i, InputRecord(id=doc_id, source=source, text=text, extra=extra)))
    if todo:
        nlp = worker_nlp(taxonomy) if nlp is None else nlp
        if nlp.max_length < max_chars:
            nlp.max_length = max_chars
        step = max(batch_size, 1)
        with _raising_handler(nlp):
            for start in range(0, len(todo), step):
                chunk = todo[start:start + step]
                for (i, _), record in zip(chunk, _local_chunk(nlp, [rec for _, rec in chunk]), strict=True):
                    results[i] = record
    return results  # type: ignore[return-value]


def parse_jsonl_line(item: str | tuple[str, str]) -> dict[str, Any]:
    """Read one JSONL line into a record for :func:`process_records`, never raising: a line that is not a JSON
    object becomes a record that :func:`process_records` returns as its E009 error record, with the message
    ``batch`` gives (``json.loads`` would abort the whole Dask job with a JSONDecodeError).

    item (str | tuple[str, str]): The line, or ``(line, path)`` as ``db.read_text(..., include_path=True)``
        gives; the path becomes the record's source in error messages.
    RETURNS (dict): The object, with ``__source__`` set to the path when given; for a bad line
        ``{"__source__": ..., "__error__": {"code": "E009", "error": ...}}``.
    """
    line, path = item if isinstance(item, tuple) else (item, None)
    if line.startswith("\ufeff"):  # a UTF-8 byte-order mark starting the file, as batch accepts it
        line = line[1:]
    source = str(path) if path is not None else "<jsonl line>"
    try:
        obj = parse_jsonl_object(line, source)
    except ZhNewsError as err:
        return {SOURCE_KEY: source, ERROR_KEY: {"code": err.code, "error": err.message}}
    if path is not None:
        obj[SOURCE_KEY] = source
    return obj


def _not_blank(item: str | tuple[str, str]) -> bool:
    return bool((item[0] if isinstance(item, tuple) else item).strip())


def read_jsonl(urlpath: Any, **kwargs: Any) -> Any:
    """A Dask bag of the records of JSONL files, one ``{"id", "text", ...}`` object a line, read as ``batch``
    reads them: blank lines are skipped, and a line that is not a JSON object gives an E009 error record from
    :func:`extract_bag` instead of failing the job.

    urlpath (str | list[str]): Paths or URLs (globs allowed: ``s3://bucket/news/*.jsonl``), as ``db.read_text``.
    **kwargs: Passed on to ``dask.bag.read_text`` (``blocksize``, ``storage_options``, ``encoding`` ...).
    RETURNS (dask.bag.Bag): Records for :func:`extract_bag` (error messages name the file, not the line).
    """
    import dask.bag as db

    kwargs["include_path"] = True
    return db.read_text(urlpath, **kwargs).filter(_not_blank).map(parse_jsonl_line)


def extract_bag(bag: Any, taxonomy: str = "five_tasks", max_chars: int = MAX_CHARS, batch_size: int = 32,
                nlp: Any = None) -> Any:
    """Run the pipeline over a Dask bag of ``{"id", "text", ...}`` dicts (records as in ``run_batch``: see
    :func:`process_records`).

    bag (dask.bag.Bag): The records (e.g. ``db.read_text("s3://.../*.jsonl").map(json.loads)``).
    taxonomy (str): The taxonomy. Defaults to "five_tasks".
    max_chars (int): Largest accepted text. Defaults to 1,000,000.
    batch_size (int): ``nlp.pipe`` batch size inside a partition. Defaults to 32.
    nlp (Language | None): A pipeline for the tasks, for Dask's local schedulers (a cluster would have it
        pickled into every task); None builds one per worker process (:func:`worker_nlp`). Defaults to None.
    RETURNS (dask.bag.Bag): One dict per record, in order: an ``Article.to_dict()`` (has ``doc_id``) or an error
        record ``{"id", "source", "code", "error"}``. Lazy: compute it, or write it with ``to_textfiles``.
    """
    kwargs: dict[str, Any] = {"taxonomy": taxonomy, "max_chars": max_chars, "batch_size": batch_size}
    if nlp is not None:
        kwargs["nlp"] = nlp
    return bag.map_partitions(process_records, **kwargs)


_ADDRESS_RE = re.compile(r"^(?:(?:tcp|tls|ucx|inproc|ws|wss)://)?(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9_.-]+):\d{1,5}/?$")


def _probe_scheduler(address: str, timeout: float = 10.0) -> None:
    """Check that a TCP endpoint speaks first, as a Dask scheduler does (its handshake): an HTTP server or any
    other service would leave the Dask client waiting for good.

    address (str): ``tcp://HOST:PORT`` or ``HOST:PORT`` (other schemes are not probed).
    timeout (float): Seconds to wait for the connection and the first bytes. Defaults to 10.
    RAISES (ZhNewsError): E015 when nothing answers there, or something that is not a Dask scheduler.
    """
    import socket

    scheme, _, rest = address.rpartition("://")
    if scheme not in ("", "tcp"):
        return
    host, _, port = rest.rstrip("/").rpartition(":")
    host = host.strip("[]")
    try:
        with socket.create_connection((host, int(port)), timeout=timeout) as sock:
            sock.settimeout(timeout)
            first = sock.recv(16)
    except socket.timeout:
        raise ZhNewsError("E015", f"{address} accepted a connection but sent no Dask handshake within "
                                  f"{timeout:.0f} s: it is not a Dask scheduler") from None
    except (OSError, ValueError) as err:
        raise ZhNewsError("E015", f"cannot reach the Dask scheduler {address}: {err}") from None
    if not first or first.startswith((b"HTTP", b"SSH-", b"<")):
        raise ZhNewsError("E015", f"{address} is not a Dask scheduler (it answered {first[:12]!r})")


def check_scheduler(address: str) -> str:
    """Check a scheduler address before any work: dask[distributed] installed, the address well formed, and a Dask
    scheduler answering there (``batch --scheduler`` checks it before it opens the output folder).

    address (str): ``tcp://HOST:PORT`` or ``HOST:PORT``.
    RETURNS (str): The address, unchanged.
    RAISES (ZhNewsError): E015 when distributed is missing, the address is malformed, nothing answers there or
        something that is not a Dask scheduler.
    """
    try:
        import distributed  # noqa: F401
    except ImportError:
        raise ZhNewsError("E015", "--scheduler needs dask[distributed]: pip install 'zhnews_ie[cluster]'") from None
    if not _ADDRESS_RE.match(str(address)):
        raise ZhNewsError("E015", f"--scheduler {address!r} is not a Dask scheduler address; give "
                                  "tcp://HOST:PORT (e.g. tcp://10.0.0.5:8786)")
    _probe_scheduler(str(address))
    return address


def cluster_results(feed: Iterable[tuple[Any, Any]], address: str, taxonomy: str = "five_tasks",
                    max_chars: int = MAX_CHARS, chunk_size: int = 32,
                    max_in_flight: int | None = None) -> Iterator[tuple[Any, dict[str, Any]]]:
    """Process a stream of batch inputs on a Dask cluster (the ``batch --scheduler`` path).

    feed (Iterable[tuple[InputRecord, Any]]): Inputs from ``zhnews_ie.batch`` (``.id``, ``.text``, ``.extra``).
    address (str): The scheduler address, e.g. ``tcp://10.0.0.5:8786``, or a ``distributed.Client``.
    taxonomy (str): The taxonomy. Defaults to "five_tasks".
    max_chars (int): Largest accepted text. Defaults to 1,000,000.
    chunk_size (int): Documents per task. Defaults to 32.
    max_in_flight (int | None): Chunks submitted ahead (memory stays bounded); None is 2 per worker thread.
        Defaults to None.
    YIELDS (tuple[InputRecord, dict]): Each input with its article or error record, in input order.
    RAISES (ZhNewsError): E015 when the scheduler cannot be reached.
    """
    from collections import deque

    own = not hasattr(address, "submit")
    if own:
        check_scheduler(str(address))
    from distributed import Client

    try:
        client = Client(address, timeout="20s") if own else address
    except Exception as err:  # noqa: BLE001 - whatever answers there (or nothing), it is not a usable scheduler
        raise ZhNewsError("E015", f"cannot reach a Dask scheduler at {address}: {type(err).__name__}: "
                                  f"{str(err)[:200]}") from None
    try:
        if max_in_flight is None:
            threads = sum(client.nthreads().values()) or 1
            max_in_flight = 2 * threads
        window: deque[tuple[list[Any], Any]] = deque()

        def submit(chunk: list[Any]) -> None:
            payload = [{**r.extra, "id": r.id, "text": r.text, SOURCE_KEY: r.source} for r in chunk]
            window.append((chunk, client.submit(process_records, payload, taxonomy=taxonomy,
                                                max_chars=max_chars, pure=False)))

        def drain(n: int) -> Iterator[tuple[Any, dict[str, Any]]]:
            while len(window) > n:
                chunk, fut = window.popleft()
                for rec, result in zip(chunk, fut.result()):
                    yield rec, result

        chunk: list[Any] = []
        for rec, _ in feed:
            chunk.append(rec)
            if len(chunk) >= chunk_size:
                submit(chunk)
                chunk = []
                yield from drain(max_in_flight)
        if chunk:
            submit(chunk)
        yield from drain(0)
    finally:
        if own:
            client.close()
