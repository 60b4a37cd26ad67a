"""Date mentions (zhnews_ie.grammar.dates)."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhnews_ie.grammar.dates import find_dates

DEV = Path(__file__).parents[1] / ".." / "shared" / "corpus" / "dev"
SEED = Path(__file__).parents[1] / "corpus" / "000_c51bca92e9469e1b.txt"

CASES = [
    ("2019-05-09 13:26:36|来源", "2019-05-09 13:26:36", "2019-05-09T13:26:36"),
    ("发布时间:2019-10-29 08:45:45", "2019-10-29 08:45:45", "2019-10-29T08:45:45"),
    ("时间: 2010-02-04", "2010-02-04", "2010-02-04"),
    ("贵阳海关2016年启动的项目", "2016年", "2016"),
    ("自2016年11月以来", "2016年11月", "2016-11"),
    ("服务10月全面开展", "10月", "--10"),
    ("9月28日举行", "9月28日", "--09-28"),
    ("华龙网9月28日18时讯", "9月28日18时", "--09-28T18"),
    ("活动今(28)日在机关举行", "今(28)日", "---28"),
    ("活动今（28）日在机关举行", "今（28）日", "---28"),
    ("1月19日,工作小组", "1月19日", "--01-19"),
    ("二〇一九年十月二十八日", "二〇一九年十月二十八日", "2019-10-28"),
    ("二〇一九年", "二〇一九年", "2019"),
    ("2020年3月5日", "2020年3月5日", "2020-03-05"),
    # parts of a year or month, date with clock time, ranges, a day alone, a space before 年
    ("截至2021年末,贷款余额", "2021年末", "2021"),
    ("截止2020年底,全部脱贫", "2020年底", "2020"),
    ("2022年初启动", "2022年初", "2022"),
    ("2024年3月上旬,工作队进村", "2024年3月上旬", "2024-03"),
    ("从5月初开始", "5月初", "--05"),
    ("9月下旬完工", "9月下旬", "--09"),
    ("2018年12月3日 09:41 来源:", "2018年12月3日 09:41", "2018-12-03T09:41"),
    ("计划在2021年至2025年间完成", "2021年至2025年", "2021/2025"),
    ("2021-2025年规划", "2021-2025年", "2021/2025"),
    ("今年1至6月,全市", "1至6月", "--01/--06"),
    ("负责人15日表示", "15日", "---15"),
    ("2018 年,合作社成立", "2018 年", "2018"),
    ("活动于9月28日至30日举行", "9月28日至30日", "--09-28/--09-30"),
    ("2023年5月1日-5月3日放假", "2023年5月1日-5月3日", "2023-05-01/2023-05-03"),
    ("3月至5月", "3月至5月", "--03/--05"),
]


@pytest.mark.parametrize("sentence,text,value", CASES)
def test_date(sentence, text, value):
    found = find_dates(sentence)
    assert [(d.text, d.value) for d in found] == [(text, value)]
    assert sentence[found[0].start:found[0].end] == text


def test_year_range_is_one_mention():
    # ANNOTATION.md (dev gold): a range keeps both ends in one date span
    found = find_dates("继2006年至2009年三年帮扶之后")
    assert [(d.text, d.value) for d in found] == [("2006年至2009年", "2006/2009")]


@pytest.mark.parametrize("sentence", ["30日内进行", "3个月", "近三年来", "1990年代", "2019/1029/178301.html", "2325人", "今年底",
                                      "连续5日", "2019-02-30", "2019-02-29", "2月30日", "4月31日", "2019年2月29日",
                                      "2019-0\u200b2-30"])
def test_not_dates(sentence):
    assert find_dates(sentence) == []


def test_seed_dates():
    found = find_dates(SEED.read_text(encoding="utf-8"))
    assert [(d.text, d.value) for d in found] == [("2019-05-09 13:26:36", "2019-05-09T13:26:36"), ("2016年", "2016")]


def test_dev_gold_dates():
    if not DEV.is_dir():
        pytest.skip(f"dev corpus not present at {DEV}")
    # Score floor (a ratchet): the 16 dev articles measured 0.778 (35 tp, 9 fp, 11 fn) before the numerals
    # issue and 0.967 (44 tp, 1 fp, 2 fn) after it: article 03 gold splits a year range that article 13 and
    # the guideline keep whole. Raise it as date work lands, never lower it.
    tp = fp = fn = 0
    for gold_path in sorted(DEV.glob("*.gold.json")):
        text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        gold = {d if isinstance(d, str) else d["text"] for d in json.loads(gold_path.read_text(encoding="utf-8"))["dates"]}
        pred = {d.text for d in find_dates(text)}
        tp, fp, fn = tp + len(pred & gold), fp + len(pred - gold), fn + len(gold - pred)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.967, (tp, fp, fn, f1)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_random_text_never_raises(text):
    for d in find_dates(text):
        assert text[d.start:d.end] == d.text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789-:/ 年月日时分号今()〇一二三十"))
def test_date_soup_never_raises(text):
    for d in find_dates(text):
        assert text[d.start:d.end] == d.text


@pytest.mark.parametrize("text,expected", [
    ("03.11.2018  08:45", "2018-11-03T08:45"),
    ("发布时间 29.02.2020", "2020-02-29"),
    ("30.02.2019 10:00", None),          # no such day
    ("31.04.2021", None),
    ("1.2.2018 25:00", "2018-02-01"),    # no such hour: the date alone
    ("版本 2.3.1", None),
])
def test_day_first_datetime(text, expected):
    from zhnews_ie.grammar.dates import day_first_datetime

    assert day_first_datetime(text) == expected
