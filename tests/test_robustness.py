"""Pathological inputs found by adversarial testing: long runs that once made the amount regex and the entity
component quadratic (8,000 × 万 took 7 s, 8,000 × 王 took 9 s). They must run through and keep the offset
invariant; their speed is watched by the benchmarks, not asserted here."""

from __future__ import annotations

import pytest

import zhnews_ie


@pytest.mark.parametrize(
    "text",
    ["贵阳" + "万" * 20000, "贵阳" + "王" * 20000, "贵阳" + "1万" * 10000, "贵阳" + "百分之" * 5000,
     "贵阳海关" + "(（《【「" * 2000 + "投入1万元" + "」】》）)" * 2000],
)
def test_long_runs(nlp, text):
    article = zhnews_ie.extract(text, nlp=nlp)
    for rec in article.amounts + article.entities + article.dates:
        assert text[rec.start:rec.end] == rec.text


def test_lone_surrogate_is_a_coded_error(nlp):
    with pytest.raises(zhnews_ie.ZhNewsError, match="E003"):
        zhnews_ie.extract("\ud800贵阳海关投入1万元", nlp=nlp)


def test_bom_in_a_str_keeps_offsets(nlp):
    text = "\ufeff贵阳海关协调项目资金4879.5万元。"
    [amount] = zhnews_ie.extract(text, nlp=nlp).amounts
    assert text[amount.start:amount.end] == amount.text == "4879.5万元"


def test_bom_in_a_file_is_removed_by_decoding():
    from zhnews_ie.inputs import decode_bytes

    assert decode_bytes("\ufeff贵阳".encode("utf-8")) == "贵阳"


def test_undecodable_doc_id_is_escaped(nlp):
    article = zhnews_ie.extract("贵阳海关投入1万元。", doc_id="g\udcb9", nlp=nlp)
    import json

    json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")  # must not raise
    assert article.doc_id == "g\\udcb9"


def test_max_chars_above_the_pipelines_max_length(nlp):
    text = "贵阳海关投入1万元。" + "扶" * 300  # longer than nlp.max_length below, within max_chars
    saved = nlp.max_length
    nlp.max_length = 100
    try:
        article = zhnews_ie.extract(text, nlp=nlp, max_chars=2_000)
    finally:
        nlp.max_length = saved
    assert article.amounts[0].text == "1万元"


def test_limit_errors_name_the_parameter_in_python_and_the_option_on_the_command_line(nlp, tmp_path):
    from typer.testing import CliRunner

    from zhnews_ie.cli import app

    with pytest.raises(zhnews_ie.ZhNewsError) as err:
        zhnews_ie.extract("扶贫" * 600, nlp=nlp, max_chars=1000)
    assert err.value.code == "E005"
    assert err.value.message == ("doc has 1,200 characters; the limit is 1,000 characters (split the document "
                                 "or raise max_chars)")
    with pytest.raises(zhnews_ie.ZhNewsError) as err:
        zhnews_ie.extract("扶贫", nlp=nlp, max_chars=0)
    assert (err.value.code, err.value.message) == ("E014", "max_chars must be a positive number of characters, "
                                                           "got 0")
    path = tmp_path / "big.txt"
    path.write_text("扶贫" * 600, "utf-8")
    res = CliRunner().invoke(app, ["extract", str(path), "--max-chars", "1000"])
    assert res.stderr.strip() == (f"zhnews-ie: error E005: {path} has 1,200 characters; the limit is 1,000 "
                                  "characters (split the document or raise --max-chars)")
