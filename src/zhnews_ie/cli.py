"""Command line: thin typer wrappers over importable functions.

    zhnews-ie extract [FILE]       JSON of the typed knowledge graph (default: the bundled seed article)
    zhnews-ie evaluate [GOLD...]   P/R/F1 against hand-annotated gold (default: the bundled seed gold)
    zhnews-ie train segmenter      rebuild models/segmenter from the People's Daily 1998 corpus
    zhnews-ie train ner            rebuild models/ner (tagger + ner) from the People's Daily 1998 corpus
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any, List, Optional

import typer

from .errors import ZhNewsError
from .records import dumps_strict

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False,
                  help="Chinese news articles to a typed knowledge graph.")
train_app = typer.Typer(add_completion=False, help="Rebuild the trained models in models/.")
app.add_typer(train_app, name="train")

FORMATS = ("json", "jsonl")


def _fail(err: ZhNewsError) -> None:
    typer.echo(f"zhnews-ie: error {err.code}: {err.message}", err=True)
    raise typer.Exit(code=2)


def _check_output(output: Optional[Path], option: str = "--output") -> None:
    """E018 before any work when an output file cannot be written (missing folder, a directory)."""
    if output is None:
        return
    if output.is_dir():
        raise ZhNewsError("E018", f"{option} {output} is a directory; give a file name")
    if not output.parent.is_dir():
        raise ZhNewsError("E018", f"{option} {output}: the folder {output.parent} does not exist")
    if output.exists() and not os.access(output, os.W_OK):
        raise ZhNewsError("E018", f"{option} {output} exists and is not writable")


def _write(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as err:
        _fail(ZhNewsError("E018", f"cannot write {output}: {err.strerror}"))


def _extract_file(file: Optional[Path], encoding: str, doc_id: Optional[str], taxonomy: str,
                  max_chars: int) -> tuple[Any, str]:
    """Read one article (default: the bundled seed) and extract it; warnings go to stderr.

    RETURNS (tuple[Article, str]): The extraction and the exact text it indexes.
    RAISES (ZhNewsError): The input and taxonomy errors (E001-E006, E016).
    """
    from .inputs import language_warnings, read_document
    from .pipeline import default_seed_path, extract as run_extract, load

    path = file or default_seed_path()
    text = read_document(path, encoding=encoding, max_chars=max_chars)
    nlp = None if language_warnings(text) else load(taxonomy=taxonomy)
    article = run_extract(text, doc_id=doc_id or path.stem, nlp=nlp, max_chars=max_chars)
    for w in article.warnings:
        typer.echo(f"zhnews-ie: warning {w}", err=True)
    return article, text


@app.command()
def extract(
    file: Optional[Path] = typer.Argument(None, help="Article text file (UTF-8). Default: the bundled seed."),
    format: str = typer.Option("json", "--format", "-f", help="Output format: json (indented) or jsonl."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Input encoding, e.g. gb18030."),
    doc_id: Optional[str] = typer.Option(None, "--doc-id", help="Document id (default: the file stem)."),
    taxonomy: str = typer.Option("five_tasks", "--taxonomy", help="Taxonomy JSON file or packaged name."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
    max_chars: int = typer.Option(1_000_000, "--max-chars", help="Largest accepted document, in characters."),
) -> None:
    """Print the typed knowledge graph of one article as JSON (UTF-8, not ASCII-escaped)."""
    try:
        if format not in FORMATS:
            raise ZhNewsError("E007", f"unknown format {format!r}; allowed: {', '.join(FORMATS)}")
        _check_output(output)
        article, _ = _extract_file(file, encoding, doc_id, taxonomy, max_chars)
    except ZhNewsError as err:
        _fail(err)
        return
    data = article.to_dict()
    if format == "jsonl":
        out = dumps_strict(data) + "\n"
    else:
        out = dumps_strict(data, indent=2) + "\n"
    _write(out, output)


@app.command()
def evaluate(
    gold: Optional[List[Path]] = typer.Argument(
        None, help="Gold files (*.gold.json) or directories of them (seed or ../shared/corpus/dev layout). "
                   "Default: the bundled seed gold."),
    json_out: Optional[Path] = typer.Option(None, "--json-out", help="Also write the scores as JSON here."),
    taxonomy: str = typer.Option("five_tasks", "--taxonomy", help="Taxonomy JSON file or packaged name."),
) -> None:
    """Score the pipeline against hand-annotated gold: P/R/F1 per measure."""
    from .evaluation import evaluate_documents, format_scores, load_gold_pairs
    from .pipeline import default_seed_path, load

    try:
        _check_output(json_out, "--json-out")
        paths = gold or [default_seed_path().with_name("000_c51bca92e9469e1b.gold.json")]
        docs = [d for p in paths for d in load_gold_pairs(p)]
        result = evaluate_documents(docs, nlp=load(taxonomy=taxonomy))
    except ZhNewsError as err:
        _fail(err)
        return
    typer.echo(format_scores(result))
    if json_out is not None:
        _write(dumps_strict(result, indent=1), json_out)


@train_app.command("segmenter")
def train_segmenter(
    output: Path = typer.Option(Path("models/segmenter"), "--output", help="Where to write the packed model."),
    iterations: int = typer.Option(7, "--iterations", help="Training passes over the corpus."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Use only the first N corpus lines (for tests)."),
) -> None:
    """Train the pkuseg segmenter on the People's Daily 1998 corpus (needs `pip install .[train]`)."""
    from .training.segmenter import train_segmenter as run

    try:
        scores = run(output, iterations=iterations, limit=limit)
    except ZhNewsError as err:
        _fail(err)
        return
    typer.echo(json.dumps(scores, ensure_ascii=False, indent=1))


@train_app.command("ner")
def train_ner(
    output: Path = typer.Option(Path("models/ner"), "--output", help="Where to write the trained pipeline."),
    max_steps: Optional[int] = typer.Option(None, "--max-steps", help="Training steps (default: configs/ner.cfg)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Use only the first N corpus lines (for tests)."),
    config: Optional[Path] = typer.Option(None, "--config", help="Training config (default: configs/ner.cfg)."),
) -> None:
    """Train the PKU tagger and PER/LOC/ORG ner on the People's Daily 1998 corpus (needs `pip install .[train]`)."""
    from .training.ner import train_ner as run

    try:
        scores = run(output, limit=limit, max_steps=max_steps, config_path=config)
    except ZhNewsError as err:
        _fail(err)
        return
    except (FileNotFoundError, RuntimeError) as err:
        typer.echo(f"zhnews-ie: error E001: {err}", err=True)
        raise typer.Exit(code=2)
    typer.echo(json.dumps(scores, ensure_ascii=False, indent=1))


@app.command()
def render(
    file: Optional[Path] = typer.Argument(None, help="Article text file (UTF-8). Default: the bundled seed."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the HTML here instead of stdout."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Input encoding, e.g. gb18030."),
    doc_id: Optional[str] = typer.Option(None, "--doc-id", help="Document id (default: the file stem)."),
    taxonomy: str = typer.Option("five_tasks", "--taxonomy", help="Taxonomy JSON file or packaged name."),
    no_graph: bool = typer.Option(False, "--no-graph", help="Leave out the graph drawing (a smaller page)."),
    max_chars: int = typer.Option(1_000_000, "--max-chars", help="Largest accepted document, in characters."),
) -> None:
    """Write one self-contained HTML page: the article with its marks, categories, metadata and graph."""
    from .render import render_html

    try:
        _check_output(output)
        article, text = _extract_file(file, encoding, doc_id, taxonomy, max_chars)
    except ZhNewsError as err:
        _fail(err)
        return
    _write(render_html(article, text, taxonomy=taxonomy, graph=not no_graph), output)


@app.command()
def version() -> None:
    """Print the version."""
    from . import __version__

    typer.echo(__version__)


@app.command()
def batch(
    inputs: List[str] = typer.Argument(..., help="Files, directories (*.txt, recursive), globs, or JSONL files "
                                                 '(one {"id", "text", ...} object a line).'),
    out: Path = typer.Option(..., "--out", "-o", help="Output directory: articles.jsonl, errors.jsonl, store/."),
    n_process: int = typer.Option(1, "--n-process", "-n", help="Worker processes for nlp.pipe (-1: all CPUs)."),
    batch_size: int = typer.Option(32, "--batch-size", "-b", help="Documents per nlp.pipe batch."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Input encoding, e.g. gb18030."),
    max_chars: int = typer.Option(1_000_000, "--max-chars", help="Largest accepted document, in characters."),
    taxonomy: str = typer.Option("five_tasks", "--taxonomy", help="Taxonomy JSON file or packaged name."),
    store: Optional[Path] = typer.Option(None, "--store", help="Graph store directory (default: OUT/store)."),
    no_store: bool = typer.Option(False, "--no-store", help="Write only the JSONL files."),
    scheduler: Optional[str] = typer.Option(None, "--scheduler", help="Dask scheduler address (tcp://host:8786)."),
    progress: bool = typer.Option(True, "--progress/--no-progress", help="Progress bar on stderr."),
    force: bool = typer.Option(False, "--force", help="Process every input again, even done and unchanged ones."),
) -> None:
    """Process a corpus into articles.jsonl, errors.jsonl and the graph store; a re-run resumes (inputs whose
    content changed since are processed again)."""
    from .batch import run_batch

    try:
        result = run_batch(inputs, out, n_process=n_process, batch_size=batch_size, encoding=encoding,
                           max_chars=max_chars, taxonomy=taxonomy, store_path=store, use_store=not no_store,
                           scheduler=scheduler, progress=progress, force=force)
    except ZhNewsError as err:
        _fail(err)
        return
    typer.echo(f"zhnews-ie batch: {result.summary()}", err=True)


@app.command()
def export(
    store: Path = typer.Option(..., "--store", "-s", help="The store, or the --out directory of `batch`."),
    format: str = typer.Option("ttl", "--format", "-f", help="ttl, nt, jsonld, trig, nq, graphml or csv."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write (csv: a directory)."),
    ontology: bool = typer.Option(False, "--ontology", help="Include the ontology (ttl, nt, jsonld)."),
) -> None:
    """Export the knowledge graph: RDF, GraphML (Gephi, Cytoscape) or CSV for neo4j-admin import."""
    from .graph.export import export_store

    try:
        paths = export_store(store, format, output, include_ontology=ontology)
    except ZhNewsError as err:
        _fail(err)
        return
    typer.echo("\n".join(str(p) for p in paths), err=True)


@app.command()
def query(
    sparql: str = typer.Argument(..., help="A SPARQL query; @FILE reads it from a file. Prefixes zn:, schema:, "
                                           "rdf:, rdfs:, xsd:, owl: are predeclared."),
    store: Path = typer.Option(..., "--store", "-s", help="The store, or the --out directory of `batch`."),
    format: str = typer.Option("table", "--format", "-f", help="table, csv or json."),
) -> None:
    """Run a SPARQL query on the store and print the result (all graphs are queried as one)."""
    from .graph.store import format_table, open_store

    try:
        if format not in ("table", "csv", "json"):
            raise ZhNewsError("E007", f"unknown format {format!r}; allowed: table, csv, json")
        text = Path(sparql[1:]).read_text(encoding="utf-8-sig") if sparql.startswith("@") else sparql
        columns, rows = open_store(store).select(text)
    except OSError as err:
        _fail(ZhNewsError("E001", f"cannot read the query file {sparql[1:]}: {err.strerror}"))
        return
    except UnicodeDecodeError as err:
        _fail(ZhNewsError("E003", f"the query file {sparql[1:]} is not valid UTF-8 at byte {err.start} (save it "
                                  "as UTF-8)"))
        return
    except ZhNewsError as err:
        _fail(err)
        return
    if format == "json":
        out = dumps_strict([dict(zip(columns, r)) for r in rows], indent=1) + "\n"
    elif format == "csv":
        import csv
        import io

        buf = io.StringIO()
        csv.writer(buf).writerows([columns, *rows])
        out = buf.getvalue()
    else:
        out = format_table(columns, rows) + f"\n({len(rows)} rows)\n"
    _write(out, None)


@app.command()
def report(
    store: Path = typer.Option(..., "--store", "-s", help="The store, or the --out directory of `batch`."),
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON."),
    html: bool = typer.Option(False, "--html", help="Write an HTML page with charts (self-contained)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
) -> None:
    """Money by category, organisation and province, and households/persons by category, across the corpus."""
    from .graph.store import open_store
    from .report import corpus_report, format_report

    try:
        _check_output(output)
        result = corpus_report(open_store(store))
    except ZhNewsError as err:
        _fail(err)
        return
    if html:
        from .render import render_report_html

        _write(render_report_html(result), output)
    elif json_out:
        _write(dumps_strict(result, indent=1) + "\n", output)
    else:
        _write(format_report(result), output)


def main() -> None:
    """Entry point of the ``zhnews-ie`` script: coded errors, never a traceback, for user errors."""
    try:
        app()
    except ZhNewsError as err:  # pragma: no cover - commands catch their own
        typer.echo(f"zhnews-ie: error {err.code}: {err.message}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("zhnews-ie: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
