"""Exact numeral parsing (zhnews_ie.grammar.numerals)."""

from decimal import Decimal

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhnews_ie.grammar.numerals import parse_numeral

CASES = [
    ("123", "123"),
    ("１２３", "123"),
    ("1,234.5", "1234.5"),
    ("3541.07", "3541.07"),
    ("5千万", "50000000"),
    ("1.2万亿", "1200000000000"),
    ("13万2", "132000"),
    ("一万二", "12000"),
    ("十四万五", "145000"),
    ("壹拾万", "100000"),
    ("〇", "0"),
    ("零", "0"),
    ("二〇一九", "2019"),
    ("两百", "200"),
    ("两千万", "20000000"),
    ("百万", "1000000"),
    ("十", "10"),
    ("十一", "11"),
    ("三百五", "350"),
    ("一千零五", "1005"),
    ("一千三百万", "13000000"),
    ("一点七八万亿", "1780000000000"),
    ("2.3亿", "230000000"),
    ("0.57万", "5700"),
    ("47.264287亿", "4726428700"),
    ("45.28万", "452800"),
    ("165.033万", "1650330"),
    ("87万", "870000"),
    ("一点五七", "1.57"),
    ("三十五点五", "35.5"),
    ("零点五", "0.5"),
    ("5万2000", "52000"),
    # issue 10: compound multipliers, signs, traditional forms, fractions, shorthand
    ("四亿五千万", "450000000"),
    ("3亿5千万", "350000000"),
    ("1亿2千万", "120000000"),
    ("十亿零五百万", "1005000000"),
    ("一亿五", "150000000"),
    ("2万零5", "20005"),
    ("负3.9", "-3.9"),
    ("-22.2", "-22.2"),
    ("负10000", "-10000"),
    ("负0.2", "-0.2"),
    ("壹萬", "10000"),
    ("三億", "300000000"),
    ("三點五", "3.5"),
    ("五萬兩千", "52000"),
    ("二分之一", "0.5"),
    ("3/5", "0.6"),
    ("百分之二十", "0.2"),
    ("千分之五", "0.005"),
    ("15k", "15000"),
    ("3w", "30000"),
    ("三千一百二十五万点零一", "31250000.01"),
    ("1" * 500, "1" * 500),
    ("四万万", "400000000"),
    ("卅三", "33"),
    ("一百点123", "100.123"),
    ("12\u200b345", "12345"),
    ("12\u00ad345", "12345"),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_parse_numeral(text, expected):
    value = parse_numeral(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)
    assert str(value) == expected  # no exponent, no float noise


@pytest.mark.parametrize("text", ["", "abc", "元", "点", "一点", "1.2.3", "人",
                                  # issue 12: malformed numbers give no value, never a wrong one
                                  "45,,000", ".5", "点五", "万万万万万", "亿万", "1 3/5", "10.1万零100", "三分之一", "5/0"])
def test_not_numerals(text):
    with pytest.raises(ValueError):
        parse_numeral(text)


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**12), st.sampled_from(["low", "up"]))
def test_integers_round_trip(n, mode):
    assert parse_numeral(cn2an.an2cn(n, mode)) == n


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99), st.sampled_from(["low", "up"]))
def test_two_decimals_round_trip(n, cents, mode):
    expected = Decimal(n) + Decimal(cents) / 100
    written = cn2an.an2cn(format(expected, "f"), mode)
    assert parse_numeral(written) == expected


@settings(max_examples=100, deadline=None)
@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False))
def test_arabic_is_exact(d):
    assert parse_numeral(format(d, "f")) == d
