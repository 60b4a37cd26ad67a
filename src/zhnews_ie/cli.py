"""Command line: thin typer wrappers over importable functions.

    zhnews-ie --version            the installed version (also: zhnews-ie version)
    zhnews-ie extract [FILE|-]     JSON of the typed knowledge graph (default: the bundled seed article; - stdin)
    zhnews-ie evaluate [GOLD...]   P/R/F1 against hand-annotated gold (default: the bundled seed gold)
    zhnews-ie train segmenter      rebuild models/segmenter from the People's Daily 1998 corpus
    zhnews-ie train ner            rebuild models/ner (character-level ner) from the People's Daily 1998 corpus
    zhnews-ie train categories     rebuild models/categories (paragraph-category weights) from labelled gold
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import sys
from pathlib import Path
from typing import Any, List, Optional

import typer
import typer.core

from .errors import ZhNewsError
from .records import dumps_strict

def _without_flag_type(display_type_rich: Any) -> Any:
    """Wrap typer's type column of the help so that flags (``--version``, ``--force``) show no ``<bool>``."""

    @functools.wraps(display_type_rich)
    def display(self: Any, ctx: Any) -> Any:
        return None if getattr(self, "is_flag", False) else display_type_rich(self, ctx)

    return display


if hasattr(typer.core.TyperOption, "display_type_rich"):  # typer 0.2x prints a type after every option
    typer.core.TyperOption.display_type_rich = _without_flag_type(typer.core.TyperOption.display_type_rich)

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False,
                  help="Chinese news articles to a typed knowledge graph.")
TRAIN_EXTRA = 'pip install ".[train]"'
"""How to install the training extra (named by ``zhnews-ie train --help`` and the train commands)."""
_TRAIN_EXTRA_HELP = TRAIN_EXTRA.replace("[", "\\[")  # typer's rich help would read [train] as markup

_INSTALLED_NOTE = ("The package reads its models from $ZHNEWS_IE_MODELS, else from its installed copy: a model "
                   "rebuilt in the repository's models/ is used after reinstalling (pip install .), at once with an "
                   "editable install (pip install -e .).")
_TRAINER_HELP = {
    "segmenter": "Train the pkuseg segmenter on the People's Daily 1998 corpus (needs the training extra: "
                 f"{_TRAIN_EXTRA_HELP}).\n\nWrites models/segmenter under the working directory (run it from the "
                 "repository root). " + _INSTALLED_NOTE,
    "ner": "Train the character-level PER/LOC/ORG ner on the People's Daily 1998 corpus (needs the training extra: "
           f"{_TRAIN_EXTRA_HELP}).\n\nWrites models/ner under the working directory (run it from the repository "
           "root). " + _INSTALLED_NOTE,
    "categories": "Learn the paragraph-category weights from labelled paragraphs (bench/categories_loao.py compares "
                  "them).\n\nUnlike train segmenter and train ner, the default output is not under the working "
                  "directory but in the models directory the package reads (see --output): after pip install . "
                  "that is the installed copy, used at once but not in the repository and lost on reinstall; with "
                  "pip install -e . it is the repository's models/.",
}
"""Help of the training commands: what each writes where, and when the package uses it."""
train_app = typer.Typer(add_completion=False,
                        help=f"Rebuild the trained models. Needs the training extra: {_TRAIN_EXTRA_HELP} (from the "
                             "repository root). segmenter and ner write models/segmenter and models/ner under the "
                             "working directory; categories writes into the models directory the package reads "
                             "(site-packages after pip install .). " + _INSTALLED_NOTE)
app.add_typer(train_app, name="train")

FORMATS = ("json", "jsonl")
STDIN = "-"
"""The file argument that reads the article from standard input (``zhnews-ie extract -``)."""


def _print_version(value: bool) -> None:
    if value:
        from . import __version__

        typer.echo(__version__)
        raise typer.Exit()


@app.callback()
def _options(
    version: bool = typer.Option(False, "--version", callback=_print_version, is_eager=True,
                                 help="Print the version and exit."),
) -> None:
    """Chinese news articles to a typed knowledge graph."""


def _fail(err: ZhNewsError) -> None:
    typer.echo(f"zhnews-ie: error {err.code}: {err.cli_message}", err=True)
    raise typer.Exit(code=2)


def _check_output(output: Optional[Path], option: str = "--output") -> None:
    """E020 before any work when an output file cannot be written (missing folder, a directory)."""
    if output is None:
        return
    if output.is_dir():
        raise ZhNewsError("E020", f"{option} {output} is a directory; give a file name")
    if not output.parent.is_dir():
        raise ZhNewsError("E020", f"{option} {output}: the folder {output.parent} does not exist")
    if output.exists() and not os.access(output, os.W_OK):
        raise ZhNewsError("E020", f"{option} {output} exists and is not writable")


def _check_exclusive(first: tuple[str, Any], second: tuple[str, Any], why: str) -> None:
    """Refuse two options that contradict each other, rather than let one silently win.

    first (tuple[str, Any]): The first option's name and value (None or False: not given).
    second (tuple[str, Any]): The second option's name and value.
    why (str): What the user should do instead, in the message (e.g. "give one of them").
    RAISES (ZhNewsError): E007 when both are given.
    """
    if first[1] not in (None, False) and second[1] not in (None, False):
        raise ZhNewsError("E007", f"{first[0]} and {second[0]} contradict each other; {why}")


def _write(text: str, output: Optional[Path]) -> None:
    if output is None:
        sys.stdout.buffer.write(text.encode("utf-8"))
        sys.stdout.buffer.flush()
        return
    try:
        output.write_text(text, encoding="utf-8")
    except OSError as err:
        _fail(ZhNewsError("E020", f"cannot write {output}: {err.strerror}"))


def _extract_file(file: Optional[Path], encoding: str, doc_id: Optional[str], taxonomy: str,
                  max_chars: int) -> tuple[Any, str]:
    """Read one article (default: the bundled seed) and extract it; warnings go to stderr.

    RETURNS (tuple[Article, str]): The extraction and the exact text it indexes.
    RAISES (ZhNewsError): The input and taxonomy errors (E001-E006, E016).
    """
    from .inputs import decode_bytes, language_warnings, read_document
    from .pipeline import default_seed_path, extract as run_extract, load

    if file is not None and str(file) == STDIN:  # read at most what could pass the limit (4 bytes a character)
        data = sys.stdin.buffer.read(4 * max_chars + 5)
        text = decode_bytes(data, encoding=encoding, name="<stdin>", max_chars=max_chars)
        default_id = "stdin"
    else:
        path = file or default_seed_path()
        text = read_document(path, encoding=encoding, max_chars=max_chars)
        default_id = path.stem
    nlp = None if language_warnings(text) else load(taxonomy=taxonomy)
    article = run_extract(text, doc_id=doc_id or default_id, nlp=nlp, max_chars=max_chars)
    for w in article.warnings:
        typer.echo(f"zhnews-ie: warning {w}", err=True)
    return article, text


@app.command()
def extract(
    file: Optional[Path] = typer.Argument(None, help="Article text file (UTF-8); - reads standard input. "
                                                     "Default: the bundled seed."),
    format: str = typer.Option("json", "--format", "-f", help="Output format: json (indented) or jsonl."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Input encoding, e.g. gb18030."),
    doc_id: Optional[str] = typer.Option(None, "--doc-id", help="Document id (default: the file stem; stdin: "
                                                                "'stdin')."),
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


def _model_output(output: Optional[Path], default: Path, trial: list[str], what: str, dest: str = "DIR",
                  plural: bool = False) -> Path:
    """Where a training command writes its model; refuses a trial run that would replace the shipped model.

    output (Path | None): The ``--output`` given, or None.
    default (Path): The model the command rebuilds when ``--output`` is not given (``models/...``).
    trial (list[str]): The trial options given (``--limit``, ``--max-steps`` ...); empty for a full run.
    what (str): The model's name in messages.
    dest (str): What ``--output`` names, in messages. Defaults to "DIR".
    plural (bool): The one trial item is a plural noun ("GOLD arguments"), so the verb is "make". Defaults to
        False.
    RETURNS (Path): The output path.
    RAISES (ZhNewsError): E018 when trial options are given without ``--output``.
    """
    if output is not None:
        return output
    if trial:
        verb = "make" if plural or len(trial) > 1 else "makes"
        raise ZhNewsError("E018", f"{' and '.join(trial)} {verb} a trial {what} model, which would replace "
                                  f"{default}; give --output {dest} to write it elsewhere")
    return default


def _check_model_dir(output: Path, marker: str, what: str) -> None:
    """Refuse an ``--output`` that a training run would wrongly replace (it deletes the directory first).

    output (Path): The output directory.
    marker (str): A file every model directory of this kind holds (e.g. ``config.cfg``).
    what (str): The model's name in messages.
    RAISES (ZhNewsError): E018 when ``output`` is a file, or a non-empty directory without ``marker``.
    """
    if output.exists() and (not output.is_dir() or (any(output.iterdir()) and not (output / marker).is_file())):
        raise ZhNewsError("E018", f"--output {output} exists and is not a {what} model directory (no {marker}); "
                                  "it would be replaced: give a new or empty directory")


def _check_model_file(output: Path, what: str) -> None:
    """Refuse an ``--output`` file that is not a weights file of this kind (the run would overwrite it).

    output (Path): The output file.
    what (str): The model's name in messages.
    RAISES (ZhNewsError): E020 when ``output`` is a directory (as ``extract -o DIR``); E018 when it is an existing
        file that is not a JSON object with ``taxonomy`` and ``categories`` (a weights file ``zhnews-ie train
        categories`` wrote).
    """
    if output.is_dir():
        raise ZhNewsError("E020", f"--output {output} is a directory; give a weights file name (e.g. my_tax.json)")
    if output.exists():
        try:
            data = json.loads(output.read_text(encoding="utf-8"))
            ok = isinstance(data, dict) and "taxonomy" in data and "categories" in data
        except (OSError, UnicodeDecodeError, ValueError):
            ok = False
        if not ok:
            raise ZhNewsError("E018", f"--output {output} exists and is not a {what} weights file; it would be "
                                      "replaced: give a new file name")


class _DropLines:
    """A text stream that forwards whole lines to another stream, leaving out those containing a phrase.

    stream (TextIO): Where the kept lines go.
    phrases (tuple[str, ...]): A line containing one of these is dropped.
    """

    def __init__(self, stream: Any, phrases: tuple[str, ...]):
        self.stream = stream
        self.phrases = phrases
        self._pending = ""

    def __getattr__(self, name: str) -> Any:  # isatty, encoding ...: the stream's
        return getattr(self.stream, name)

    def write(self, text: str) -> int:
        """Forward the complete lines of the text written so far; keep a partial last line for later.

        text (str): The text written.
        RETURNS (int): The number of characters taken (all of them).
        """
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            if not any(p in line for p in self.phrases):
                self.stream.write(line + "\n")
        return len(text)

    def flush(self) -> None:
        """Forward a partial last line (unless it contains a phrase) and flush the stream."""
        if self._pending and not any(p in self._pending for p in self.phrases):
            self.stream.write(self._pending)
        self._pending = ""
        self.stream.flush()


SPACY_TEMP_PATH_LINES = ("Created output directory", "Saving to output directory",
                         "Saved pipeline to output directory", "zhnews_ie_ner_")
"""spaCy's training log lines naming its output directory (wasabi prints the path of "Saved pipeline ..." on the
next line), and any line with the temporary directory's prefix (``training.ner`` makes it with
``tempfile.mkdtemp(prefix="zhnews_ie_ner_")``): ``train ner`` trains in that directory and deletes it, so these lines
are left out (the command names the real output on its last line)."""


def _wrote(path: Any) -> None:
    typer.echo(f"zhnews-ie: model written to {path}", err=True)


@train_app.command("segmenter", help=_TRAINER_HELP["segmenter"])
def train_segmenter(
    output: Optional[Path] = typer.Option(None, "--output", help="Where to write the packed model (default: "
                                                                 "models/segmenter under the working directory; "
                                                                 "required with --limit)."),
    iterations: int = typer.Option(7, "--iterations", help="Training passes over the corpus (at least 1)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Use only the first N corpus lines, at least 11 (a "
                                                              "trial run: needs --output)."),
) -> None:
    """Train the pkuseg segmenter on the People's Daily 1998 corpus (needs the training extra:
    pip install ".\\[train]")."""
    from .training.segmenter import check_options, train_segmenter as run

    try:
        check_options(iterations=iterations, limit=limit)
        trial = ["--limit"] if limit is not None else []
        trial += ["--iterations below 7"] if iterations < 7 else []
        output = _model_output(output, Path("models/segmenter"), trial, "segmenter")
        _check_model_dir(output, "model.json", "segmenter")
        with contextlib.redirect_stdout(sys.stderr):  # pkuseg's progress lines: stdout holds only the JSON
            scores = run(output, iterations=iterations, limit=limit)
    except ZhNewsError as err:
        _fail(err)
        return
    except (FileNotFoundError, RuntimeError) as err:
        typer.echo(f"zhnews-ie: error E001: {err}", err=True)
        raise typer.Exit(code=2)
    typer.echo(json.dumps(scores, ensure_ascii=False, indent=1))
    _wrote(output)


@train_app.command("ner", help=_TRAINER_HELP["ner"])
def train_ner(
    output: Optional[Path] = typer.Option(None, "--output", help="Where to write the trained pipeline (default: "
                                                                 "models/ner under the working directory; required "
                                                                 "with --max-steps/--limit)."),
    max_steps: Optional[int] = typer.Option(None, "--max-steps", help="Training steps (default: configs/ner.cfg; a "
                                                                      "trial run: needs --output)."),
    limit: Optional[int] = typer.Option(None, "--limit", help="Use only the first N corpus lines (a trial run: "
                                                              "needs --output)."),
    config: Optional[Path] = typer.Option(None, "--config", help="Training config (default: configs/ner.cfg)."),
    augment: float = typer.Option(1.0, "--augment", help="Mention-replacement augmentation: chance that a training "
                                                         "line with an ORG gets one copy with synthetic ORG/LOC names "
                                                         "(LOC-only lines: half that; 0: none; the shipped model: 1)."),
    rtl: bool = typer.Option(False, "--rtl", help="Read each line right to left (the default, the shipped model; "
                                                  "not with --ltr)."),
    ltr: bool = typer.Option(False, "--ltr", help="Read each line left to right (not with --rtl)."),
    extra_iob2: Optional[List[Path]] = typer.Option(None, "--extra-iob2", help="A further training corpus in IOB2 "
                                                    "(Universal NER's .iob2 or FORM TAG lines; PER/LOC/ORG), added "
                                                    "to the training lines; repeatable. See models/ner/README.md."),
    extra_labels: str = typer.Option("PER,LOC,ORG", "--extra-labels", help="The labels taken from the --extra-iob2 "
                                     "corpora, comma-separated (of PER, LOC, ORG); the others' spans there are "
                                     "missing values, learned neither as entities nor as outside."),
) -> None:
    """Train the character-level PER/LOC/ORG ner on the People's Daily 1998 corpus (needs the training extra:
    pip install ".\\[train]")."""
    from .training.ner import train_ner as run

    try:
        _check_exclusive(("--rtl", rtl), ("--ltr", ltr), "give one of them (--rtl, right to left, is the default)")
        for name, value in (("--max-steps", max_steps), ("--limit", limit)):
            if value is not None and value < 1:
                raise ZhNewsError("E017", f"{name} {value} is too small: at least 1")
        trial = [name for name, value in (("--limit", limit), ("--max-steps", max_steps)) if value is not None]
        output = _model_output(output, Path("models/ner"), trial, "ner")
        _check_model_dir(output, "config.cfg", "spaCy pipeline")
        if not 0.0 <= augment <= 1.0:
            raise ZhNewsError("E017", f"--augment {augment} is out of range: 0 to 1")
        labels = [x.strip().upper() for x in extra_labels.split(",") if x.strip()]  # checked by train_ner
        log = _DropLines(sys.stderr, SPACY_TEMP_PATH_LINES)
        with contextlib.redirect_stdout(log):  # spaCy's training log: stdout holds only the JSON
            try:
                scores = run(output, limit=limit, max_steps=max_steps, config_path=config, augment=augment,
                             rtl=not ltr, extra=extra_iob2 or (), extra_labels=labels)
            finally:
                log.flush()
    except ZhNewsError as err:
        _fail(err)
        return
    except (FileNotFoundError, RuntimeError) as err:
        typer.echo(f"zhnews-ie: error E001: {err}", err=True)
        raise typer.Exit(code=2)
    except ValueError as err:  # a malformed --extra-iob2 file (its line is named) or --extra-labels
        typer.echo(f"zhnews-ie: error E017: {err}", err=True)
        raise typer.Exit(code=2)
    typer.echo(json.dumps(scores, ensure_ascii=False, indent=1))
    _wrote(output)


@train_app.command("categories", help=_TRAINER_HELP["categories"])
def train_categories(
    gold: Optional[List[Path]] = typer.Argument(
        None, help="Gold files or directories (default: the bundled seed and ../shared/corpus/dev; without that "
                   "folder and without --output the run is refused, E018). "
                   "Other gold is a trial run when the taxonomy already has a weights file: it then needs --output."),
    output: Optional[Path] = typer.Option(
        None, "--output", help="Weights file (default: categories/<taxonomy name>.json in the models directory the "
                               "package reads: $ZHNEWS_IE_MODELS, else the installed package's models, i.e. "
                               "site-packages after pip install ., the repository's models/ after pip install -e .)."),
    taxonomy: str = typer.Option("five_tasks", "--taxonomy", help="Taxonomy JSON file or packaged name."),
) -> None:
    """Learn the paragraph-category weights from labelled paragraphs (bench/categories_loao.py compares them)."""
    from .components.categories import load_taxonomy
    from .training.categories import DEV_GOLD, default_category_model_path, train_categories as run

    try:
        if not gold and output is None and not DEV_GOLD.is_dir():
            raise ZhNewsError("E018", f"the default training data is the bundled seed and the dev gold {DEV_GOLD} "
                                      f"(from {Path.cwd()}), which is missing: the seed alone would replace the "
                                      "shipped weights; give GOLD files or directories and --output FILE")
        if gold and output is None and all(g.exists() for g in gold):  # a missing gold path is E008 (below)
            default = default_category_model_path(load_taxonomy(taxonomy))
            if default.is_file():
                output = _model_output(None, default, ["GOLD arguments"], "categories", "FILE",
                                       plural=True)
        if output is not None:
            _check_model_file(output, "categories")
        summary = run(output, gold=gold or None, taxonomy=taxonomy)
    except ZhNewsError as err:
        _fail(err)
        return
    typer.echo(json.dumps(summary, ensure_ascii=False, indent=1))
    _wrote(summary["output"])


@app.command()
def render(
    file: Optional[Path] = typer.Argument(None, help="Article text file (UTF-8); - reads standard input. "
                                                     "Default: the bundled seed."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write the HTML here instead of stdout."),
    encoding: str = typer.Option("utf-8", "--encoding", help="Input encoding, e.g. gb18030."),
    doc_id: Optional[str] = typer.Option(None, "--doc-id", help="Document id (default: the file stem; stdin: "
                                                                "'stdin')."),
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
    """Print the version (as --version)."""
    from . import __version__

    typer.echo(__version__)


@app.command()
def batch(
    inputs: List[str] = typer.Argument(..., help="Files, directories (walked recursively for *.txt only: a .jsonl "
                                                 "inside a directory is not read), globs, or JSONL files "
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
    content changed since are processed again). Exit status 0 when some input gave an article (the failed ones are
    in errors.jsonl) or all were already done, 1 when every input processed failed, 2 on a usage error."""
    from .batch import run_batch

    try:
        _check_exclusive(("--store", store), ("--no-store", no_store),
                         "give --store DIR to write the graph store there, or --no-store to write none")
        remote = None
        if scheduler:  # E015 before the output folder and the progress bar
            from .dask import check_scheduler, cluster_results

            remote = functools.partial(cluster_results, address=check_scheduler(scheduler))
        result = run_batch(inputs, out, n_process=n_process, batch_size=batch_size, encoding=encoding,
                           max_chars=max_chars, taxonomy=taxonomy, store_path=store, use_store=not no_store,
                           remote=remote, progress=progress, force=force)
    except ZhNewsError as err:
        _fail(err)
        return
    typer.echo(f"zhnews-ie batch: {result.summary()}", err=True)
    if result.failed:  # nothing but error records: a script must not take it for success
        typer.echo(f"zhnews-ie batch: no input gave an article; see {Path(out) / 'errors.jsonl'}", err=True)
        raise typer.Exit(code=1)


@app.command()
def export(
    store: Path = typer.Option(..., "--store", "-s", help="The store, or the --out directory of `batch`."),
    format: str = typer.Option("ttl", "--format", "-f", help="ttl, nt, jsonld, trig, nq, graphml or csv."),
    output: Path = typer.Option(..., "--output", "-o", help="File to write (csv: a directory)."),
    ontology: bool = typer.Option(False, "--ontology", help="Add the ontology to ttl, nt or jsonld (trig and nq "
                                                            "always carry it, in the default graph; graphml and "
                                                            "csv cannot: E007)."),
) -> None:
    """Export the knowledge graph: RDF, GraphML (Gephi, Cytoscape) or CSV for neo4j-admin import."""
    from .graph.export import check_format, export_store

    try:
        if check_format(format) == "csv":  # a folder of nodes.csv and edges.csv: created, but not its parent
            if output.exists() and not output.is_dir():
                raise ZhNewsError("E020", f"--output {output} is a file; csv needs a folder")
            if not output.parent.is_dir():
                raise ZhNewsError("E020", f"--output {output}: the folder {output.parent} does not exist")
        else:
            _check_output(output)
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
    json_out: bool = typer.Option(False, "--json", help="Print the report as JSON (not with --html)."),
    html: bool = typer.Option(False, "--html", help="Write an HTML page with charts (self-contained; not with "
                                                    "--json)."),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="Write here instead of stdout."),
) -> None:
    """Money by category, organisation and province, and households/persons by category, across the corpus
    (a text table; --json or --html for the other formats)."""
    from .graph.store import open_store
    from .report import corpus_report, format_report

    try:
        if json_out and html:
            raise ZhNewsError("E007", "--json and --html ask for two formats; give one of them (or neither: a "
                                      "text table)")
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
        typer.echo(f"zhnews-ie: error {err.code}: {err.cli_message}", err=True)
        sys.exit(2)
    except KeyboardInterrupt:
        typer.echo("zhnews-ie: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)


if __name__ == "__main__":
    main()
