"""evaluate: gold `alternatives` for a paragraph, and the unannotated title line (ANNOTATION.md, last section)."""

from __future__ import annotations

import json

import pytest

from zhnews_ie.evaluation import evaluate_documents, load_gold_pairs

TITLE = "某县发放助学金15万元"
BODY = "某县为100名学生发放助学金。"


def write_pair(folder, gold_paragraphs, amounts):
    text = f"{TITLE}\n\n{BODY}"
    (folder / "a.txt").write_text(text, "utf-8")
    (folder / "a.gold.json").write_text(json.dumps({"paragraphs": gold_paragraphs, "amounts": amounts},
                                                   ensure_ascii=False), "utf-8")
    return text


def body_amount(text):
    start = text.index("100名")
    return {"text": "100名", "start": start, "end": start + 4, "value": 100, "unit": "person", "kind": "count"}


@pytest.mark.parametrize(
    "category,alternatives,right",
    [("education", [], 1), ("industry", ["education"], 1), ("industry", ["employment"], 0)],
)
def test_alternatives_count_as_right(tmp_path, nlp, category, alternatives, right):
    text = f"{TITLE}\n\n{BODY}"
    start = text.index(BODY)
    para = {"start": start, "end": start + len(BODY), "category": category, "alternatives": alternatives}
    write_pair(tmp_path, [para], [body_amount(text)])
    result = evaluate_documents(load_gold_pairs(tmp_path), nlp=nlp)
    assert result["scores"]["paragraph_category"]["tp"] == right
    assert result["scores"]["paragraph_category"]["gold"] == 1


def test_unannotated_title_line_is_not_scored(tmp_path, nlp):
    text = f"{TITLE}\n\n{BODY}"
    start = text.index(BODY)
    write_pair(tmp_path, [{"start": start, "end": start + len(BODY), "category": "education"}], [body_amount(text)])
    result = evaluate_documents(load_gold_pairs(tmp_path), nlp=nlp)
    amounts = result["scores"]["amounts"]
    assert (amounts["tp"], amounts["pred"], amounts["gold"]) == (1, 1, 1)  # 15万元 in the title is not spurious
    assert result["documents"][0]["title_ignored"] == [0, len(TITLE)]


def test_annotated_title_line_is_scored(tmp_path, nlp):
    text = f"{TITLE}\n\n{BODY}"
    start = text.index(BODY)
    paras = [{"start": 0, "end": len(TITLE), "category": "overview"},
             {"start": start, "end": start + len(BODY), "category": "education"}]
    write_pair(tmp_path, paras, [body_amount(text)])
    result = evaluate_documents(load_gold_pairs(tmp_path), nlp=nlp)
    assert result["scores"]["amounts"]["pred"] == 2  # the seed layout annotates its title: 15万元 counts
    assert result["scores"]["paragraph_category"]["tp"] == 2
