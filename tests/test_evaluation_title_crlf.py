"""evaluate and examples_from_gold agree: the unannotated title line is ignored by both, CRLF texts are read as
`extract` reads them (raw offsets), the table says n/a where a measure has no gold, and lists missed/spurious
names per document. Synthetic sentences only."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhnews_ie.cli import app
from zhnews_ie.errors import ZhNewsError
from zhnews_ie.evaluation import (evaluate_documents, examples_from_gold, format_scores, load_gold_pairs, prf,
                                  reference_doc)
from zhnews_ie.inputs import read_document

TITLE = "贵州省教育厅2023年发放助学金15万元"
BODY = "贵州省教育厅为100名学生发放助学金。"
ROOT = Path(__file__).resolve().parents[1]


def gold_for(text: str, entities: bool = True) -> dict:
    start = text.index(BODY)
    amount = text.index("100名")
    gold = {"paragraphs": [{"start": start, "end": start + len(BODY), "category": "education"}],
            "amounts": [{"text": "100名", "start": amount, "end": amount + 4, "value": 100, "unit": "person",
                         "kind": "count"}]}
    if entities:
        gold["entities"] = [{"text": "贵州省教育厅", "label": "ORG", "start": start, "end": start + 6}]
    return gold


def write_pair(folder: Path, newline: str, gold: dict | None = None, offsets_of: str | None = None) -> str:
    text = f"{TITLE}{newline}{newline}{BODY}{newline}"
    (folder / "a.txt").write_bytes(text.encode("utf-8"))
    (folder / "a.gold.json").write_text(json.dumps(gold or gold_for(offsets_of or text), ensure_ascii=False),
                                        "utf-8")
    return text


# --- the unannotated title: nlp.evaluate scores it as zhnews-ie evaluate does ---------------------------------

def test_title_is_ignored_by_the_cli_measures(tmp_path, nlp):
    write_pair(tmp_path, "\n")
    result = evaluate_documents(load_gold_pairs(tmp_path), nlp=nlp)
    counts = {k: (s["tp"], s["pred"], s["gold"]) for k, s in result["scores"].items()}
    assert counts["amounts"] == (1, 1, 1)  # 15万元 in the title is not spurious
    assert counts["ents_ORG"] == (1, 1, 1)  # nor is 贵州省教育厅 in the title
    assert result["documents"][0]["title_ignored"] == [0, len(TITLE)]


@pytest.mark.parametrize(
    "ignore_title,key,expected",
    [
        (True, "amounts_p", 1.0), (True, "amounts_value_p", 1.0), (True, "ents_p", 1.0), (True, "paragraphs_p", 1.0),
        (True, "amounts_r", 1.0), (True, "ents_r", 1.0), (True, "paragraph_cat_acc", 1.0),
        # scoring the title like any text: 15万元, the title ORG and the title paragraph are false positives
        (False, "amounts_p", 0.5), (False, "ents_p", 0.5), (False, "paragraphs_p", 0.5), (False, "amounts_r", 1.0),
    ],
)
def test_spacy_evaluate_ignores_the_title_like_the_cli(nlp, ignore_title, key, expected):
    text = f"{TITLE}\n\n{BODY}"
    scores = nlp.evaluate(examples_from_gold(nlp, [(text, gold_for(text))], ignore_title=ignore_title))
    assert scores[key] == pytest.approx(expected), key
    if ignore_title:
        assert scores["ents_per_type"]["ORG"]["p"] == pytest.approx(1.0)


def test_spacy_evaluate_ignores_the_title_link(nlp):
    text = f"{TITLE}\n\n{BODY}"
    scores = nlp.evaluate(examples_from_gold(nlp, [(text, gold_for(text))]))
    assert scores["amount_category_p"] == pytest.approx(1.0)


def test_reference_marks_the_title_unscored_and_entity_free(nlp):
    text = f"\n{TITLE}\n\n{BODY}"  # a leading empty line: the title is the first non-empty line
    doc = reference_doc(nlp.vocab, text, gold_for(text))
    assert [(s.start_char, s.end_char) for s in doc.spans["unscored"]] == [(1, 1 + len(TITLE))]
    assert {t.ent_iob_ for t in doc[1:1 + len(TITLE)]} == {""}  # missing, not outside
    assert doc[0].ent_iob_ == "O"
    annotated = dict(gold_for(text), paragraphs=[{"start": 1, "end": 1 + len(TITLE), "category": "overview"}])
    assert "unscored" not in reference_doc(nlp.vocab, text, annotated).spans  # an annotated title is scored


# --- CRLF: gold offsets index the raw text, as extract's do ------------------------------------------------------

def test_crlf_gold_with_raw_offsets_is_accepted(tmp_path, nlp):
    text = write_pair(tmp_path, "\r\n")
    docs = load_gold_pairs(tmp_path)
    assert docs[0].text == text  # \r kept
    result = evaluate_documents(docs, nlp=nlp)
    assert (result["scores"]["amounts"]["tp"], result["scores"]["amounts"]["gold"]) == (1, 1)
    extracted = json.loads(CliRunner().invoke(app, ["extract", str(tmp_path / "a.txt")]).stdout)
    gold = json.loads((tmp_path / "a.gold.json").read_text("utf-8"))
    assert [(a["start"], a["end"]) for a in extracted["amounts"] if a["text"] == "100名"] == \
        [(gold["amounts"][0]["start"], gold["amounts"][0]["end"])]
    assert nlp.evaluate(examples_from_gold(nlp, tmp_path))["amounts_value_p"] == pytest.approx(1.0)


def test_crlf_gold_with_translated_offsets_is_refused(tmp_path):
    write_pair(tmp_path, "\r\n", offsets_of=f"{TITLE}\n\n{BODY}\n")
    with pytest.raises(ZhNewsError) as err:
        load_gold_pairs(tmp_path)
    assert err.value.code == "E008" and "do not give" in err.value.message


def test_annotation_guide_snippet_reads_as_extract(tmp_path):
    guide = (ROOT / "docs" / "annotation.md").read_text("utf-8")
    line = next(ln for ln in guide.splitlines() if ln.startswith("text = open("))
    options = re.search(r'open\("my_gold/01\.txt", (.*?)\)\.read\(\)', line).group(1)  # encoding=..., newline=...
    path = tmp_path / "01.txt"
    path.write_bytes("\ufeff".encode("utf-8") + f"{TITLE}\r\n{BODY}\r\n".encode("utf-8"))
    with open(path, **eval(f"dict({options})")) as f:
        text = f.read()
    assert text == read_document(path) and "\r\n" in text


# --- E008 names only what is missing -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "gold,named,not_named",
    [({"amounts": []}, "'paragraphs'", "'amounts'"), ({"paragraphs": []}, "'amounts'", "'paragraphs'"),
     ({}, "'paragraphs' and 'amounts'", None)],
)
def test_e008_names_only_the_missing_keys(tmp_path, gold, named, not_named):
    (tmp_path / "a.txt").write_text(BODY, "utf-8")
    (tmp_path / "a.gold.json").write_text(json.dumps(gold), "utf-8")
    with pytest.raises(ZhNewsError) as err:
        load_gold_pairs(tmp_path)
    assert err.value.code == "E008" and f"lacks {named} (" in err.value.message
    if not_named:
        assert not_named not in err.value.message


# --- the text table: n/a without gold, names per document ---------------------------------------------------------

@pytest.mark.parametrize(
    "counts,cells",
    [((0, 0, 0), ["n/a", "n/a", "n/a"]), ((0, 3, 0), ["0.000", "n/a", "n/a"]), ((0, 0, 2), ["n/a", "0.000", "0.000"]),
     ((1, 2, 4), ["0.500", "0.250", "0.333"])],
)
def test_table_says_na_where_undefined(counts, cells):
    text = format_scores({"scores": {"ents_PER": prf(*counts)}, "documents": []})
    assert text.splitlines()[1].split() == ["ents_PER", *cells, *map(str, counts)]


@pytest.mark.parametrize(
    "details,lines",
    [
        ({"orgs_missed": ["甲县农业局"], "orgs_spurious": ["乙公司"], "places_missed": [], "places_spurious": ["丙村"]},
         ["  ORG missed ['甲县农业局'] spurious ['乙公司']", "  LOC missed [] spurious ['丙村']"]),
        ({"ents_missed": ["甲县农业局/ORG@3", "丙村/LOC@9"], "ents_spurious": ["张三/PER"]},
         ["  ORG missed ['甲县农业局'] spurious []", "  LOC missed ['丙村'] spurious []",
          "  PER missed [] spurious ['张三']"]),
        ({"orgs_missed": [], "orgs_spurious": []}, []),
    ],
)
def test_table_lists_missed_and_spurious_names(details, lines):
    doc = {"doc_id": "a", "paragraphs_right": "1/1", "amounts_missed": [], "amounts_spurious": [],
           "amounts_wrong_value": [], **details}
    assert format_scores({"scores": {}, "documents": [doc]}).splitlines()[2:] == lines


def test_cli_evaluate_prints_the_names(tmp_path):
    text = f"{TITLE}\n\n{BODY}\n"
    write_pair(tmp_path, "\n", gold=gold_for(text, entities=False) | {"orgs": []})
    res = CliRunner().invoke(app, ["evaluate", str(tmp_path)])
    assert res.exit_code == 0, res.output
    assert "  ORG missed [] spurious ['贵州省教育厅']" in res.stdout.splitlines()


@pytest.mark.parametrize("wrong,line", [
    ([], "a: paragraphs 3/3 right; amounts missed [] spurious [] wrong value []"),
    ([{"index": 1, "start": 40, "gold": "industry", "pred": "education"},
      {"index": 4, "start": 90, "gold": "ecology", "pred": None}],
     "a: paragraphs 1/3 right; #1 predicted education gold industry; #4 predicted None gold ecology; "
     "amounts missed [] spurious [] wrong value []"),
])
def test_table_lists_wrong_paragraphs(wrong, line):
    doc = {"doc_id": "a", "paragraphs_right": f"{3 - len(wrong)}/3", "paragraphs_wrong": wrong,
           "amounts_missed": [], "amounts_spurious": [], "amounts_wrong_value": []}
    assert format_scores({"scores": {}, "documents": [doc]}).splitlines()[1] == line
