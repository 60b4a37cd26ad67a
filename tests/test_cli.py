"""The command line: coded one-line errors (never a traceback) and the JSON contract on the seed."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from zhnews_ie.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_extract_seed_prints_the_contract(tmp_path, seed_gold):
    res = run("extract")  # the bundled seed
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert set(data) >= {"doc_id", "metadata", "paragraphs", "entities", "amounts", "dates", "graph"}
    assert data["doc_id"] == "000_c51bca92e9469e1b"
    assert "贵阳海关" in res.stdout  # UTF-8, not ASCII-escaped
    assert {k: data["metadata"][k] for k in seed_gold["metadata"]} == seed_gold["metadata"]
    assert data["metadata"]["reviewers"] == []
    amount_keys = {"text", "start", "end", "paragraph", "kind", "value", "unit", "base_value", "base_unit",
                   "approx", "high", "qualifier", "classifier", "category", "agent", "object"}
    assert all(set(a) == amount_keys for a in data["amounts"])
    para_keys = {"index", "start", "end", "category", "category_label", "scores", "cues"}
    assert all(para_keys <= set(p) for p in data["paragraphs"])


@pytest.mark.parametrize(
    "content,code",
    [
        (b"", "E002"),
        (b"   \n\n  ", "E002"),
        ("贵阳海关投入资金45.28万元".encode("gbk"), "E003"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "E004"),
    ],
)
def test_bad_files(tmp_path, content, code):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    res = run("extract", str(path))
    assert res.exit_code == 2
    assert f"error {code}" in res.stderr
    assert "Traceback" not in res.output


def test_missing_path(tmp_path):
    res = run("extract", str(tmp_path / "nope.txt"))
    assert res.exit_code == 2
    assert "error E001" in res.stderr


def test_gb18030_accepted_with_encoding(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes("贵阳海关协调项目资金4879.5万元。".encode("gb18030"))
    assert run("extract", str(path)).exit_code == 2
    res = run("extract", str(path), "--encoding", "gb18030")
    assert res.exit_code == 0, res.output
    amounts = json.loads(res.stdout)["amounts"]
    assert [(a["text"], a["value"], a["unit"]) for a in amounts] == [("4879.5万元", 48795000, "CNY")]


def test_unknown_encoding_and_format(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("测试。", "utf-8")
    assert "error E006" in run("extract", str(path), "--encoding", "klingon").stderr
    assert "error E007" in run("extract", str(path), "--format", "xml").stderr


def test_no_chinese_warns_and_is_empty(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text("This is an English sentence with 42 apples.", "utf-8")
    res = run("extract", str(path))
    assert res.exit_code == 0
    assert "warning W001" in res.stderr
    data = json.loads(res.stdout)
    assert data["amounts"] == [] and data["entities"] == [] and data["paragraphs"] == []
    assert data["graph"] == {"nodes": [], "edges": []}


def test_too_large(tmp_path):
    path = tmp_path / "big.txt"
    path.write_text("扶贫" * 600, "utf-8")
    res = run("extract", str(path), "--max-chars", "1000")
    assert res.exit_code == 2 and "error E005" in res.stderr


def test_installed_script_gives_no_traceback(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_bytes("扶贫".encode("gbk"))
    proc = subprocess.run([sys.executable, "-m", "zhnews_ie.cli", "extract", str(path)],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.strip().startswith("zhnews-ie: error E003")
    assert "Traceback" not in proc.stderr


def test_evaluate_writes_json(tmp_path):
    out = tmp_path / "scores.json"
    res = run("evaluate", "--json-out", str(out))
    assert res.exit_code == 0, res.output
    scores = json.loads(out.read_text("utf-8"))["scores"]
    assert {"amounts", "ents_ORG", "ents_LOC", "ents_PER", "amount_category", "paragraph_category"} <= set(scores)


def test_evaluate_bad_gold(tmp_path):
    bad = tmp_path / "x.gold.json"
    bad.write_text("{not json", "utf-8")
    res = run("evaluate", str(bad))
    assert res.exit_code == 2 and "error E008" in res.stderr


@pytest.mark.parametrize("content", [None, "{}", "not json"])
def test_bad_taxonomy_is_a_coded_error(tmp_path, content):
    arg = str(tmp_path / "nosuch.json")
    if content is not None:
        (tmp_path / "nosuch.json").write_text(content, "utf-8")
    res = run("extract", "--taxonomy", arg)
    assert res.exit_code == 2
    assert "error E016" in res.stderr and "Traceback" not in res.output


def test_version_option():
    from zhnews_ie import __version__

    res = run("--version")
    assert res.exit_code == 0 and res.stdout.strip() == __version__


def test_extract_reads_standard_input():
    text = "县财政局拨付资金两千万元，用于道路建设。"
    res = runner.invoke(app, ["extract", "-"], input=text.encode("utf-8"))
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["doc_id"] == "stdin"
    assert [(a["text"], a["value"], a["unit"]) for a in data["amounts"]] == [("两千万元", 20_000_000, "CNY")]
    assert all(text[a["start"]:a["end"]] == a["text"] for a in data["amounts"])


@pytest.mark.parametrize("stdin,args,code", [
    (b"", [], "E002"),
    ("扶贫".encode("gbk"), [], "E003"),
    ("扶贫" * 600, ["--max-chars", "1000"], "E005"),
])
def test_extract_stdin_errors(stdin, args, code):
    res = runner.invoke(app, ["extract", "-", *args], input=stdin)
    assert res.exit_code == 2 and f"error {code}" in res.stderr and "<stdin>" in res.stderr


def test_train_help_names_the_extra():
    for args in (["train", "--help"], ["train", "segmenter", "--help"], ["train", "ner", "--help"]):
        res = run(*args)
        assert res.exit_code == 0
        assert 'pip install ".[train]"' in " ".join(res.stdout.replace("│", " ").split()), args


@pytest.mark.parametrize("args,says", [
    (["train", "segmenter", "--help"], "Writes models/segmenter under the working directory"),
    (["train", "ner", "--help"], "Writes models/ner under the working directory"),
    (["train", "ner", "--help"], "is used after reinstalling (pip install .), at once with an editable install "
                                 "(pip install -e .)"),
    (["train", "categories", "--help"], "the default output is not under the working directory but in the models "
                                        "directory the package reads"),
    (["train", "categories", "--help"], "site-packages after pip install ., the repository's models/ after pip "
                                        "install -e ."),
])
def test_train_help_says_where_each_trainer_writes(args, says):
    res = run(*args)
    assert res.exit_code == 0
    assert says in " ".join(res.stdout.replace("│", " ").split()), args


@pytest.mark.parametrize("writes,expected", [
    (["a\n", "ℹ Saving to output directory: /tmp/x\n", "b"], "a\nb"),
    (["✔ Saved pipeline to output directory\n/tmp/zhnews_ie_ner_ab12/train/model-last", "\n", "c\n"], "c\n"),
    (["E    #   LOSS\n---\n0   0   1.00\n"], "E    #   LOSS\n---\n0   0   1.00\n"),
    (["✔ Created output directory: /tmp/x"], ""),  # a partial last line is judged at flush
])
def test_training_log_filter_drops_the_temporary_directory_lines(writes, expected):
    import io

    from zhnews_ie.cli import SPACY_TEMP_PATH_LINES, _DropLines

    sink = io.StringIO()
    log = _DropLines(sink, SPACY_TEMP_PATH_LINES)
    for text in writes:
        log.write(text)
    log.flush()
    assert sink.getvalue() == expected


@pytest.mark.parametrize("content,max_chars,expected", [
    # decoded: 1,200 characters, the limit 1,000 characters
    ("扶贫" * 600, 1000, "has 1,200 characters; the limit is 1,000 characters"),
    # refused before decoding: 12,000 bytes hold at least 3,000 characters (4 bytes a character at most)
    ("扶贫" * 2000, 1000, "has at least 3,000 characters (12,000 bytes, at most 4 bytes a character); "
                         "the limit is 1,000 characters"),
])
def test_too_large_message_counts_characters(tmp_path, content, max_chars, expected):
    path = tmp_path / "big.txt"
    path.write_text(content, "utf-8")
    res = run("extract", str(path), "--max-chars", str(max_chars))
    assert res.exit_code == 2 and "error E005" in res.stderr and expected in res.stderr


def test_batch_jsonl_with_escaped_text_under_the_limit_is_accepted(tmp_path):
    # 300 characters written as \uXXXX escapes: 1,800 bytes of JSON, well under 400 characters
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "扶贫资金" * 75}, ensure_ascii=True) + "\n", "utf-8")
    res = run("batch", str(path), "--out", str(tmp_path / "out"), "--no-store", "--max-chars", "400",
              "--no-progress")
    assert res.exit_code == 0, res.output
    assert (tmp_path / "out" / "errors.jsonl").read_text("utf-8") == ""


@pytest.fixture()
def empty_store(tmp_path):
    import gc

    from zhnews_ie.graph.store import GraphStore

    store = GraphStore(tmp_path / "store")
    store.flush()
    del store
    gc.collect()
    return tmp_path / "store"


@pytest.mark.parametrize("sparql,expected", [
    ("SELEC ?x WHERE { ?x ?p ?o }", "SELECT, ASK, CONSTRUCT or DESCRIBE, got 'SELEC'"),
    ("PREFIX ex: <http://example.org/>\nSELET ?x WHERE { ?x ?p ?o }", "got 'SELET'"),
    ("INSERT DATA { <a:b> <a:c> <a:d> }", "INSERT is an update"),
    ("SELECT ?x WHERE { ?x ?p ?o", "expected one of"),
])
def test_sparql_errors_name_the_query_forms(empty_store, sparql, expected):
    res = run("query", sparql, "--store", str(empty_store))
    assert res.exit_code == 2 and "error E012" in res.stderr
    assert expected in res.stderr and "expected CONSTRUCT" not in res.stderr
    assert "'0' ..=" not in res.stderr  # no parser character classes


def test_sparql_query_forms_still_run(empty_store):
    res = run("query", "ASK { ?s ?p ?o }", "--store", str(empty_store))
    assert res.exit_code == 0 and "True" in res.stdout


def test_batch_store_and_no_store_contradict(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("县财政局拨付资金两千万元。", "utf-8")
    res = run("batch", str(path), "--out", str(tmp_path / "out"), "--store", str(tmp_path / "st"), "--no-store",
              "--no-progress")
    assert res.exit_code == 2, res.output
    assert res.stderr.strip() == ("zhnews-ie: error E007: --store and --no-store contradict each other; give --store "
                                  "DIR to write the graph store there, or --no-store to write none")
    assert not (tmp_path / "out").exists() and not (tmp_path / "st").exists()


def test_batch_exit_status(tmp_path):
    out = tmp_path / "out"
    res = run("batch", str(tmp_path / "nosuch"), "--out", str(out), "--no-progress", "--no-store")
    assert res.exit_code == 1, res.output  # every input failed
    assert "inputs 1: ok 0, errors 1 (E001 ×1)" in res.stderr and "no input gave an article" in res.stderr
    assert [json.loads(x)["code"] for x in (out / "errors.jsonl").read_text("utf-8").splitlines()] == ["E001"]
    res = run("batch", str(tmp_path / "nosuch"), "--out", str(out), "--no-progress", "--no-store")
    assert res.exit_code == 0, res.output  # a re-run with nothing to do: no new error record
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("县财政局拨付资金两千万元。", "utf-8")
    (tmp_path / "in" / "b.txt").write_bytes(b"")
    res = run("batch", str(tmp_path / "in"), "--out", str(tmp_path / "out2"), "--no-progress", "--no-store")
    assert res.exit_code == 0, res.output  # one article, one E002 record: the errors are in errors.jsonl
    assert "ok 1, errors 1 (E002 ×1)" in res.stderr


@pytest.mark.parametrize("command", [[], ["batch"], ["train", "ner"], ["report"]])
def test_help_shows_no_type_after_flags(command):
    res = run(*command, "--help")
    assert res.exit_code == 0, res.output
    assert "<bool>" not in res.stdout and "--help" in res.stdout
