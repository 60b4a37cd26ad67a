"""What the README promises about the command line matches what it does: the output contract's keys (with the
W001 `warnings`), the amount node id format, `zhnews-ie version`, and which files `batch` reads from a directory.
Synthetic sentences only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

import zhnews_ie
from zhnews_ie.batch import run_batch
from zhnews_ie.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
runner = CliRunner()


def contract_block() -> str:
    section = README[README.index("## Output contract of `zhnews-ie extract`"):]
    return section[section.index("```"):section.index("```", section.index("```") + 3)]


def test_w001_output_keys_are_in_the_contract(tmp_path):
    path = tmp_path / "en.txt"
    path.write_text("An English sentence with 42 apples.", "utf-8")
    res = runner.invoke(app, ["extract", str(path)])
    assert res.exit_code == 0
    data = json.loads(res.stdout)
    assert "warnings" in data and data["warnings"][0].startswith("W001")
    top_level, depth = set(), 0
    for token in re.findall(r'"\w+"|[{}\[\]]', contract_block()):  # the names at the first level of braces
        depth += {"{": 1, "[": 1, "}": -1, "]": -1}.get(token, 0)
        if depth == 1 and token.startswith('"'):
            top_level.add(token.strip('"'))
    assert {"doc_id", "metadata", "graph", "warnings"} <= top_level and "title" not in top_level
    assert set(data) <= top_level, set(data) - top_level


def test_amount_node_ids_follow_the_documented_format(nlp):
    text = "某县拨付资金45.28万元，用于道路建设。"
    article = zhnews_ie.extract(text, doc_id="a1", nlp=nlp)
    amount = article.amounts[0]
    assert (amount.text, amount.start, amount.end) == ("45.28万元", 6, 13)
    ids = [n["id"] for n in article.to_dict()["graph"]["nodes"] if n["type"] == "MonetaryAmount"]
    assert ids == ["amount:a1:6-13"]
    assert "`amount:{doc_id}:{start}-{end}`" in README


def test_version_subcommand_is_documented_and_same_as_option():
    assert runner.invoke(app, ["version"]).stdout == runner.invoke(app, ["--version"]).stdout == \
        zhnews_ie.__version__ + "\n"
    assert "`zhnews-ie version`" in README


def test_batch_walks_directories_for_txt_only(tmp_path, nlp):
    corpus = tmp_path / "corpus"
    (corpus / "sub").mkdir(parents=True)
    (corpus / "a.txt").write_text("某县拨付资金45.28万元。", "utf-8")
    (corpus / "sub" / "b.TXT").write_text("某村组织培训120人次。", "utf-8")
    (corpus / "feed.jsonl").write_text(json.dumps({"id": "c", "text": "某乡修路3公里。"}, ensure_ascii=False),
                                       "utf-8")
    run_batch([str(corpus)], tmp_path / "out", use_store=False, progress=False, nlp=nlp)
    lines = (tmp_path / "out" / "articles.jsonl").read_text("utf-8").splitlines()
    assert sorted(json.loads(line)["doc_id"] for line in lines) == ["a", "sub/b.TXT"]  # feed.jsonl is not read
    assert "a `.jsonl` inside a directory is not read" in README
    help_text = " ".join(runner.invoke(app, ["batch", "--help"]).stdout.replace("│", " ").split())
    assert "a .jsonl inside a directory is not read" in help_text


COMMANDS = ["extract", "evaluate", "render", "batch", "export", "query", "report", "train segmenter", "train ner",
            "train categories"]


def _command(path: str):
    import typer

    command = typer.main.get_command(app)
    for name in path.split():
        command = command.commands[name]
    return command


@pytest.mark.parametrize("path", COMMANDS)
def test_readme_command_table_names_every_option(path):
    """Each option of a command (one of its names: `-o` or `--output`, `--rtl` or `--ltr`) is in its table row."""
    rows = [line for line in README.splitlines() if line.startswith(f"| `zhnews-ie {path} ")]
    assert len(rows) == 1, path
    missing = []
    for param in _command(path).params:
        names = [*param.opts, *getattr(param, "secondary_opts", [])]
        if param.param_type_name != "option" or "--help" in names:
            continue
        if not any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", rows[0]) for n in names):
            missing.append(names[0])
    assert not missing, (path, missing)
