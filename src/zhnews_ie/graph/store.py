"""An embedded RDF store on disk (Oxigraph through ``pyoxigraph``): one named graph per article.

    from zhnews_ie.graph.store import GraphStore

    store = GraphStore("out/store")            # created if missing; read-write, one process at a time
    store.put_article(article)                 # replaces the article's named graph (atomic)
    store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s a schema:MonetaryAmount }")

The default graph holds the ontology (``resources/ontology.ttl``), loaded when a store is opened for writing.
Queries see the union of all graphs by default; ``GRAPH ?g { ... }`` still selects per article, and
:func:`~zhnews_ie.graph.rdf.doc_id_of` turns ``?g`` back into the document id.
"""

from __future__ import annotations

import gc
import json
import re
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import ZhNewsError
from .rdf import BASE, PREFIXES, REPORT_ROW, article_iri, article_triples, doc_id_of, literal_value, ontology_text

STORE_DIRNAME = "store"
"""Default store directory under a batch output directory."""

# Error codes of this module (README table): E012 invalid SPARQL, E013 store missing, locked or unreadable.
E_SPARQL = "E012"
E_STORE = "E013"


def _ox():
    try:
        import pyoxigraph
    except ImportError:  # pragma: no cover - a declared dependency
        raise ZhNewsError(E_STORE, "the graph store needs pyoxigraph: pip install pyoxigraph") from None
    return pyoxigraph


def _term_value(term: Any) -> Any:
    """Python value of a pyoxigraph term: IRIs and blank nodes as str, literals by datatype."""
    if term is None:
        return None
    ox = _ox()
    if isinstance(term, ox.Literal):
        return literal_value(term.value, term.datatype.value if term.datatype is not None else None)
    if isinstance(term, ox.Triple):
        return str(term)
    return getattr(term, "value", str(term))


class GraphStore:
    """The on-disk knowledge-graph store.

    path (str | Path | None): The store directory, created if missing; None keeps an in-memory store (tests).
    read_only (bool): Open an existing store read-only (several readers may open it; undefined while a writer
        is working). Defaults to False.
    base (str): Instance namespace of the IRIs. Defaults to ``https://zhnews-ie.org/``.
    RAISES (ZhNewsError): E013 when the store cannot be opened (missing for read-only, locked by another
        process, not an Oxigraph directory).
    """

    def __init__(self, path: str | Path | None, read_only: bool = False, base: str = BASE):
        ox = _ox()
        self.path = Path(path) if path is not None else None
        self.base = base
        self.read_only = read_only
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not self.path.is_dir():
                    raise ZhNewsError(E_STORE, f"no graph store at {self.path} (run `zhnews-ie batch ... --out DIR` "
                                               "first; the store is DIR/store)")
                self._store = ox.Store.read_only(str(self.path))
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as err:
            raise ZhNewsError(E_STORE, f"cannot open the graph store {path}: {err} (is another `zhnews-ie "
                                       "batch` writing to it?)") from None
        if not read_only:
            self.load_ontology()

    # -- writing ------------------------------------------------------------------------------------------------

    def load_ontology(self) -> None:
        """Replace the default graph's content with the shipped ontology (idempotent)."""
        ox = _ox()
        self._store.update("CLEAR SILENT DEFAULT")
        self._store.load(ontology_text(), format=ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())

    def put_article(self, article: Any) -> int:
        """Store one article's triples in its named graph, replacing what the graph held (one transaction).

        article (Article | dict): An ``Article`` or its ``to_dict()``.
        RETURNS (int): The number of triples written.
        """
        ox = _ox()
        data = article.to_dict() if hasattr(article, "to_dict") else article
        g = article_iri(str(data["doc_id"]), self.base)
        from .rdf import to_oxigraph_quads

        quads = to_oxigraph_quads(article_triples(data, self.base), g)
        gterm = str(ox.NamedNode(g))
        body = " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in quads)
        self._store.update(f"CLEAR SILENT GRAPH {gterm} ;\nINSERT DATA {{ GRAPH {gterm} {{\n{body} .\n}} }}")
        return len(quads)

    def remove_article(self, doc_id: str) -> None:
        """Drop an article's named graph.

        doc_id (str): The document id.
        """
        ox = _ox()
        self._store.remove_graph(ox.NamedNode(article_iri(doc_id, self.base)))

    def flush(self) -> None:
        """Make sure all writes are on disk."""
        if self.path is not None and not self.read_only:
            self._store.flush()

    def close(self) -> None:
        """Flush, then reopen the store once so that RocksDB drops its write-ahead log.

        Without this the log of every write of a batch stays beside the tables, and each later read-only open
        (``query``, ``report``, ``export``) replays it into memory: about 2 GB and 30 s at 10,000 articles.
        Reopening takes a fraction of a second. The store stays usable after ``close``.
        """
        if self.path is None or self.read_only:
            return
        ox = _ox()
        self._store.flush()
        self._store = None
        gc.collect()
        try:
            self._store = ox.Store(str(self.path))
        except OSError as err:  # pragma: no cover - another handle on the store is still open in this process
            raise ZhNewsError(E_STORE, f"cannot reopen the graph store {self.path}: {err}") from None

    def optimize(self) -> None:
        """Compact the database after a large load."""
        if not self.read_only:
            self._store.optimize()

    # -- reading ------------------------------------------------------------------------------------------------

    def article_ids(self) -> list[str]:
        """RETURNS (list[str]): Document ids of the articles in the store (one per non-empty named graph)."""
        ids = []
        for g in self._store.named_graphs():
            doc_id = doc_id_of(g.value, self.base)
            if doc_id is not None and next(iter(self._store.quads_for_pattern(None, None, None, g)), None):
                ids.append(doc_id)
        return sorted(ids)

    def report_rows(self) -> Iterator[tuple[str, str, dict[str, Any]]]:
        """Every amount's report facts (``zn:reportRow``, written at insert time), by an index scan.

        YIELDS (tuple[str, str, dict]): ``(graph IRI, amount IRI, facts)``, facts as in
            :func:`~zhnews_ie.graph.rdf.report_row_json` (keys ``k`` kind, ``s`` summed, ``x`` excluded as,
            ``v`` value (exact decimal string), ``u`` unit, ``c`` category, ``a`` agent name, ``pc``/``pn``
            province code and name).
        """
        ox = _ox()
        for q in self._store.quads_for_pattern(None, ox.NamedNode(REPORT_ROW), None, None):
            if isinstance(q.graph_name, ox.NamedNode):
                try:
                    row = json.loads(q.object.value)
                except ValueError:
                    continue
                yield q.graph_name.value, q.subject.value, row

    def __len__(self) -> int:
        return len(self._store)

    def quads(self) -> Iterable[Any]:
        """YIELDS (pyoxigraph.Quad): Every quad of the store (ontology included, in the default graph)."""
        return self._store.quads_for_pattern(None, None, None, None)

    def raw(self) -> Any:
        """RETURNS (pyoxigraph.Store): The underlying pyoxigraph store."""
        return self._store

    def query(self, sparql: str, union: bool = True) -> Any:
        """Run a SPARQL query with our prefixes predeclared (``zn:``, ``schema:``, ``rdfs:`` ...).

        sparql (str): The query.
        union (bool): Let triple patterns outside ``GRAPH`` see all graphs. Defaults to True.
        RETURNS (Any): pyoxigraph solutions (SELECT), triples (CONSTRUCT) or a boolean (ASK).
        RAISES (ZhNewsError): E012 for an invalid query.
        """
        if _uses_service(sparql):
            raise ZhNewsError(E_SPARQL, "SERVICE is refused: queries run on the local store only and never reach "
                                        "the network")
        try:
            return self._store.query(sparql, prefixes=dict(PREFIXES), use_default_graph_as_union=union)
        except SyntaxError as err:
            raise ZhNewsError(E_SPARQL, sparql_error_message(sparql, err)) from None
        except OSError as err:  # pragma: no cover - disk errors
            raise ZhNewsError(E_STORE, f"cannot read the graph store: {err}") from None

    def select(self, sparql: str, union: bool = True) -> tuple[list[str], list[list[Any]]]:
        """Run a query and return plain Python values.

        sparql (str): A SELECT, ASK or CONSTRUCT query (prefixes as in :meth:`query`).
        union (bool): As in :meth:`query`. Defaults to True.
        RETURNS (tuple[list[str], list[list]]): Column names and rows. Literals become int/float/str by
            datatype, IRIs their str; unbound values None. ASK gives ``(["ask"], [[bool]])``; CONSTRUCT gives
            the columns ``subject, predicate, object``.
        RAISES (ZhNewsError): E012 for an invalid query.
        """
        ox = _ox()
        result = self.query(sparql, union=union)
        try:
            if isinstance(result, ox.QueryBoolean):
                return ["ask"], [[bool(result)]]
            if isinstance(result, ox.QueryTriples):
                return ["subject", "predicate", "object"], [
                    [_term_value(t.subject), _term_value(t.predicate), _term_value(t.object)] for t in result]
            names = [v.value for v in result.variables]
            rows = [[_term_value(sol[name]) for name in names] for sol in result]
        except (OSError, RuntimeError, ValueError, TypeError) as err:
            raise ZhNewsError(E_SPARQL, f"the query failed: {_one_line(err)}") from None
        return names, rows


_SPARQL_NOISE = re.compile(r'"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                           r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>"{}|^`\\\s]*>|#[^\n]*')
_SERVICE = re.compile(r"(?<![?$:\w])SERVICE\b(?!:)", re.IGNORECASE)


def _uses_service(sparql: str) -> bool:
    """Whether a query has a SERVICE clause (outside strings, IRIs and comments)."""
    return bool(_SERVICE.search(_SPARQL_NOISE.sub(" ", sparql)))


def _one_line(err: Exception) -> str:
    return re.sub(r"\s+", " ", str(err)).strip()


QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
"""The SPARQL query forms ``query`` accepts (updates are refused: the store is opened read-only)."""

_UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
_PROLOGUE = re.compile(r"(?:\s+|#[^\n]*|(?:PREFIX\s+[^\s:]*:\s*|BASE\s+)<[^>]*>)*", re.IGNORECASE)
_MAX_DETAIL = 160


def sparql_error_message(sparql: str, err: Exception) -> str:
    """A one-line message for a query the SPARQL parser refused.

    The parser reports the last alternative it tried ("expected CONSTRUCT" for a misspelt SELECT), which does
    not help; when the first word after the PREFIX/BASE lines is not a query form, the message names the allowed
    forms instead. Updates are named as such. Otherwise the parser's message is kept, shortened.

    sparql (str): The query text.
    err (Exception): The parser's error.
    RETURNS (str): The message (without the code).
    """
    body = sparql[_PROLOGUE.match(sparql).end():]
    word = re.match(r"[^\s{(<?$*]*", body).group(0)
    if word.upper() in _UPDATE_WORDS:
        return (f"invalid SPARQL: {word} is an update; the store is only queried: start the query with "
                f"{', '.join(QUERY_FORMS[:-1])} or {QUERY_FORMS[-1]}")
    if word.upper() not in QUERY_FORMS:
        got = f"{word!r}" if word else "nothing"
        return (f"invalid SPARQL: a query starts (after any PREFIX/BASE lines) with "
                f"{', '.join(QUERY_FORMS[:-1])} or {QUERY_FORMS[-1]}, got {got}")
    detail = _one_line(err)
    if ", [" in detail:  # the parser's character classes (['0' ..= '9' | ...]) tell a user nothing
        detail = detail[:detail.index(", [")] + " ..."
    if len(detail) > _MAX_DETAIL:
        detail = detail[:_MAX_DETAIL].rstrip() + " ..."
    return f"invalid SPARQL: {detail}"


def open_store(path: str | Path, read_only: bool = True) -> GraphStore:
    """Open a store directory, or a batch output directory that holds ``store/``.

    path (str | Path): The store directory or the ``--out`` directory of ``zhnews-ie batch``.
    read_only (bool): Open read-only. Defaults to True.
    RETURNS (GraphStore): The store.
    RAISES (ZhNewsError): E013 when there is no store there or it cannot be opened.
    """
    p = Path(path)
    if (p / STORE_DIRNAME).is_dir() and not _looks_like_store(p):
        p = p / STORE_DIRNAME
    if read_only and not _looks_like_store(p):
        raise ZhNewsError(E_STORE, f"no graph store at {path} (expected a directory written by "
                                   "`zhnews-ie batch --out DIR`: DIR or DIR/store)")
    return GraphStore(p, read_only=read_only)


def _looks_like_store(p: Path) -> bool:
    return p.is_dir() and any(p.glob("CURRENT"))


def format_table(columns: list[str], rows: list[list[Any]], max_width: int = 60) -> str:
    """Format rows as a plain text table (CJK characters count as two columns).

    columns (list[str]): Column names.
    rows (list[list]): The rows.
    max_width (int): Cells longer than this are cut with "…". Defaults to 60.
    RETURNS (str): The table, one line per row after a header and a rule.
    """
    import unicodedata

    def width(s: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)

    def cell(v: Any) -> str:
        if v is None:
            s = ""
        elif isinstance(v, float):
            s = f"{v:,.2f}"
        elif isinstance(v, int) and not isinstance(v, bool):
            s = f"{v:,}"
        else:
            s = str(v)
        s = s.replace("\n", " ")
        if width(s) > max_width:
            while width(s) > max_width - 1:
                s = s[:-1]
            s += "…"
        return s

    texts = [[cell(v) for v in row] for row in rows]
    widths = [max([width(c)] + [width(r[i]) for r in texts]) for i, c in enumerate(columns)]
    numeric = [all(isinstance(r[i], (int, float)) and not isinstance(r[i], bool) for r in rows if r[i] is not None)
               and any(r[i] is not None for r in rows) for i in range(len(columns))]

    def line(cells: list[str]) -> str:
        parts = []
        for i, c in enumerate(cells):
            pad = " " * (widths[i] - width(c))
            parts.append(pad + c if numeric[i] else c + pad)
        return "  ".join(parts).rstrip()

    out = [line(columns), "  ".join("-" * w for w in widths)]
    out.extend(line(r) for r in texts)
    return "\n".join(out)
