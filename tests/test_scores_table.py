"""The README score-table generator (bench/scores.py) on small fixture results: formatting, merging, markers."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str):
    sys.path.insert(0, str(BENCH))
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCH / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


scores = _load("scores")
resultfile = _load("resultfile")


@pytest.mark.parametrize("cell,expected", [
    ({"f": 0.91954, "p": 0.955, "r": 0.8875}, "0.920 (P 0.955, R 0.887)"),  # 0.8875 is 0.88749... in binary
    ({"f": 0.5}, "0.500"),
    ({"acc": 81 / 98, "right": 81, "total": 98}, "0.827 (81/98)"),
    ({"acc": 0.75}, "0.750"),
    ({"acc": None}, "—"),
    ({"f": None, "p": None, "r": None}, "—"),
    (None, "—"),
    ({}, "—"),
])
def test_format_cell(cell, expected):
    assert scores.format_cell(cell) == expected


@pytest.mark.parametrize("value,fmt,expected", [
    (0.8123, "score", "0.812"),
    (21345.6, "int", "21,346"),
    (1.625, "ratio", "1.62x"),
    (0.9234, "percent", "92.3%"),
    ("n/a", "score", "n/a"),
    (None, "int", "—"),
])
def test_format_value(value, fmt, expected):
    assert scores.format_value(value, fmt) == expected


FIXTURE_SCORES = {
    "name": "scores", "title": "Seed and dev articles", "command": "python bench/scores.py --write-readme",
    "date": "2026-01-02", "notes": "Fixture.",
    "main": {"amounts": {"seed": {"f": 1.0, "p": 1.0, "r": 1.0}, "dev": {"f": 0.5, "p": 0.25, "r": 1.0}},
             "paragraph_category": {"seed": {"acc": 0.5, "right": 1, "total": 2}}},
}
FIXTURE_LAC = {
    "name": "ner_vs_lac", "title": "Public NER split, beside LAC", "command": "python bench/ner_vs_lac.py --json",
    "date": "2026-01-03", "systems": ["zhnews_ie", "LAC"],
    "rows": [{"task": "ORG", "measure": "F1", "data": "test split", "values": {"zhnews_ie": 0.8, "LAC": None}},
             {"task": "speed", "measure": "chars/s", "data": "same", "values": {"zhnews_ie": 1234, "LAC": 5678},
              "format": "int"}],
}
FIXTURE_LOAO = {
    "name": "categories_loao", "title": "Categories, leave-one-article-out", "command": "python bench/c.py",
    "main": {"paragraph_category": {"dev_loao": {"acc": 0.25, "right": 1, "total": 4},
                                    "seed": {"acc": 0.0, "right": 0, "total": 2}}},
}


def test_render_main_table_and_result_tables():
    block = scores.render([FIXTURE_LOAO, FIXTURE_LAC, FIXTURE_SCORES])
    lines = block.splitlines()
    assert ("| Task | Measure | Seed (1 article, rules written on it) | Dev, plain (developed on these articles: "
            "optimistic) | Dev, leave-one-article-out (scored article not fitted on) |"
            in lines)
    amounts = next(line for line in lines if line.startswith("| Amounts |"))
    assert amounts.endswith("| 1.000 (P 1.000, R 1.000) | 0.500 (P 0.250, R 1.000) | — |")
    cats = next(line for line in lines if line.startswith("| Paragraph categories |"))
    # the seed cell comes from scores.json (the loao file's seed cell conflicts and is ignored)
    assert cats.endswith("| 0.500 (1/2) | — | 0.250 (1/4) |")
    per = next(line for line in lines if line.startswith("| PER |"))
    assert per.endswith("| — | — | — |")
    assert "#### Public NER split, beside LAC" in lines
    assert "| ORG | F1 | test split | 0.800 | — |" in lines
    assert "| speed | chars/s | same | 1,234 | 5,678 |" in lines
    assert "Reproduce: `python bench/ner_vs_lac.py --json` (2026-01-03)." in lines
    assert "- Seed and dev articles: `python bench/scores.py --write-readme` (2026-01-02). Fixture." in lines
    assert not any("no figures yet" in line for line in lines)


def test_without_loao_the_column_says_not_measured():
    block = scores.render([FIXTURE_SCORES])
    assert "no result file fills the `dev_loao` column" in block
    assert "####" not in block  # no result with rows: no extra table


def test_merge_reports_conflicts():
    _, problems = scores.merge_main([FIXTURE_SCORES, FIXTURE_LOAO])
    assert problems == ["categories_loao: paragraph_category/seed is already given; kept the first"]


def test_replace_block_keeps_the_rest():
    readme = f"intro\n{scores.BEGIN}\nold table\n{scores.END}\noutro\n"
    out = scores.replace_block(readme, "new table\n")
    assert out == f"intro\n{scores.BEGIN}\nnew table\n{scores.END}\noutro\n"
    assert scores.replace_block(out, "new table") == out  # idempotent
    with pytest.raises(ValueError):
        scores.replace_block("no markers", "x")


def test_results_directory_tolerates_missing_and_bad_files(tmp_path):
    assert resultfile.load_results(tmp_path / "absent") == ([], [])
    resultfile.write_result("ner_vs_lac", directory=tmp_path, **{k: FIXTURE_LAC[k] for k in
                                                                 ("title", "command", "rows", "systems")})
    (tmp_path / "broken.json").write_text("{not json", "utf-8")
    (tmp_path / "shape.json").write_text(json.dumps({"name": "x", "title": "t"}), "utf-8")
    results, problems = resultfile.load_results(tmp_path)
    assert [r["name"] for r in results] == ["ner_vs_lac"]
    assert [p.split(":")[0] for p in problems] == ["broken.json", "shape.json"]


def test_main_from_results_writes_the_readme(tmp_path):
    (tmp_path / "results").mkdir()
    for fixture in (FIXTURE_SCORES, FIXTURE_LAC):
        (tmp_path / "results" / f"{fixture['name']}.json").write_text(json.dumps(fixture), "utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{scores.BEGIN}\n{scores.END}\n", "utf-8")
    scores.main(["--from-results", "--write-readme", "--results", str(tmp_path / "results"),
                 "--readme", str(readme)])
    text = readme.read_text("utf-8")
    assert "| Amounts | F1: span, value, kind and unit all right | 1.000 (P 1.000, R 1.000) |" in text
    assert text.startswith("# x\n\n") and text.endswith(f"{scores.END}\n")


DEV_CELL = {"f": 0.5, "p": 0.25, "r": 1.0}
NEW_SEED = {"main": {"amounts": {"seed": {"f": 0.9, "p": 0.9, "r": 0.9}}}, "notes": "Seed: fixture."}


@pytest.mark.parametrize("previous,expected_main,expected_notes", [
    (None, {"amounts": {"seed": {"f": 0.9, "p": 0.9, "r": 0.9}}}, "Seed: fixture."),
    ({"name": "scores", "date": "2026-01-02", "notes": "16 dev articles. Seed: old.",
      "main": {"amounts": {"seed": {"f": 1.0}, "dev": DEV_CELL}, "dates": {"dev": {"f": 0.75}}}},
     {"amounts": {"seed": {"f": 0.9, "p": 0.9, "r": 0.9}, "dev": DEV_CELL}, "dates": {"dev": {"f": 0.75}}},
     "16 dev articles. Dev column kept from the run of 2026-01-02 (the dev articles were not there for this run; "
     "the seed column is new). Seed: fixture."),
    # a second run without the articles keeps the date the dev cells were scored, not the last run's
    ({"name": "scores", "date": "2026-03-04", "main": {"amounts": {"dev": DEV_CELL}},
      "notes": "16 dev articles. Dev column kept from the run of 2026-01-02 (the dev articles were ..."},
     {"amounts": {"seed": {"f": 0.9, "p": 0.9, "r": 0.9}, "dev": DEV_CELL}},
     "16 dev articles. Dev column kept from the run of 2026-01-02 (the dev articles were not there for this run; "
     "the seed column is new). Seed: fixture."),
])
def test_without_dev_articles_the_previous_dev_cells_are_kept(previous, expected_main, expected_notes):
    kept = scores.keep_dev_column(NEW_SEED, previous)
    assert kept == {"main": expected_main, "notes": expected_notes}


def test_write_readme_without_dev_articles_keeps_the_dev_column(tmp_path):
    (tmp_path / "results").mkdir()
    (tmp_path / "results" / "scores.json").write_text(json.dumps(FIXTURE_SCORES), "utf-8")
    readme = tmp_path / "README.md"
    readme.write_text(f"# x\n\n{scores.BEGIN}\n{scores.END}\n", "utf-8")
    scores.main(["--write-readme", "--dev", str(tmp_path / "no_dev"), "--results", str(tmp_path / "results"),
                 "--readme", str(readme)])
    text = readme.read_text("utf-8")
    # seed rescored (the real seed: 1.000), dev kept from the fixture (0.500, P 0.250)
    assert "| Amounts | F1: span, value, kind and unit all right | 1.000 (P 1.000, R 1.000) | " \
           "0.500 (P 0.250, R 1.000) | — |" in text
    written = json.loads((tmp_path / "results" / "scores.json").read_text("utf-8"))
    assert written["main"]["amounts"]["dev"] == {"f": 0.5, "p": 0.25, "r": 1.0}
    assert "Dev column kept from the run of 2026-01-02" in written["notes"]


def test_filled_loao_column_says_where_it_is_measured():
    block = scores.render([FIXTURE_SCORES, FIXTURE_LOAO])
    assert "no figures yet" not in block
    assert "- Leave-one-article-out is measured only where something is fitted on the dev gold;" in block


def test_rerun_runs_each_command_with_this_interpreter(tmp_path):
    marker = tmp_path / "ran.txt"
    command = f"python -c \"import sys; open(r'{marker}', 'w').write(sys.executable)\""
    scores.rerun([{"name": "scores", "command": "python -c 'raise SystemExit(3)'"},  # this script: not re-run
                  {"name": "probe", "title": "t", "command": command}])
    assert marker.read_text() == sys.executable


ner_vs_lac = _load("ner_vs_lac")


@pytest.mark.parametrize("lines,expected", [
    # synthetic sentences in the shapes of a character BIO test split (tab or space, BIO or BMES tags)
    (["北\tB-LOC", "京\tI-LOC", "市\tI-LOC", "好\tO"], [("北京市好", {(0, 3, "LOC")})]),
    (["张 B-PER", "三 I-PER", "在 O", "某 B-ORG", "局 I-ORG"], [("张三在某局", {(0, 2, "PER"), (3, 5, "ORG")})]),
    (["甲\tS-PER", "乙\tB-LOC", "丙\tE-LOC", "", "丁\tO"], [("甲乙丙", {(0, 1, "PER"), (1, 3, "LOC")}), ("丁", set())]),
    (["某\tB-TIME", "日\tI-TIME", "县\tB-LOC"], [("某日县", {(2, 3, "LOC")})]),  # other labels are dropped
])
def test_load_bio(tmp_path, lines, expected):
    path = tmp_path / "split.txt"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    assert ner_vs_lac.load_bio(path, limit=10) == expected


def test_a_result_with_its_own_table_gives_its_notes_once():
    loao = {**FIXTURE_LOAO, "notes": "Folds over articles.", "systems": ["learned"],
            "rows": [{"task": "categories", "measure": "accuracy", "data": "dev", "values": {"learned": 0.25}}]}
    block = scores.render([FIXTURE_SCORES, loao])
    assert block.count("Folds over articles.") == 1
    assert ("- Categories, leave-one-article-out: `python bench/c.py` (undated). How it was scored: under its "
            "table below.") in block.splitlines()
    assert "Reproduce: `python bench/c.py` (undated). Folds over articles." in block.splitlines()


@pytest.mark.parametrize("argv,command", [
    (["--public", "/home/me/corpora/msra_test_bio.txt", "--min-seconds", "2"],
     "python bench/ner_vs_lac.py --public PATH/msra_test_bio.txt --min-seconds 2"),
    (["--public=/tmp/x/msra_test_bio.txt"], "python bench/ner_vs_lac.py --public=PATH/msra_test_bio.txt"),
    (["--skip-lac"], "python bench/ner_vs_lac.py --skip-lac"),
])
def test_ner_vs_lac_records_no_developer_path(argv, command):
    assert _load("ner_vs_lac").recorded_command(argv) == command


def test_committed_results_record_no_developer_path():
    for path in (BENCH / "results").glob("*.json"):
        assert "/work/" not in json.loads(path.read_text("utf-8"))["command"], path
