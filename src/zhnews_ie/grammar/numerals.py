"""Exact parsing of written numbers: Arabic, Chinese, financial, full-width and mixed forms.

Chinese integer parts are converted by cn2an (``cn2an.cn2an(s, "smart")``); everything else is exact
``Decimal`` arithmetic done here: trailing 万/亿 multipliers are split off and multiplied, decimal fractions
written with 点 are read digit by digit, so ``2.3亿`` is 230000000 and ``一点七八万亿`` is 1780000000000
exactly (never a float).
"""

from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

import cn2an

from .text import normalise_width

# Characters of written numbers (after width normalisation).
CN_DIGITS = "零〇一二三四五六七八九两壹贰貳叁參肆伍陆陸柒捌玖"
CN_MULTIPLIERS = "十拾百佰千仟万萬亿億"
_DIGIT_VALUE = {
    **{c: i for i, c in enumerate("零一二三四五六七八九")},
    **{c: i for i, c in enumerate("〇壹贰叁肆伍陆柒捌玖")},
    "两": 2, "貳": 2, "參": 3, "陸": 6,
}
_MULT_VALUE = {
    "十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000,
    "万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8,
}
_ARABIC = re.compile(r"\d+(?:\.\d+)?")
_ARABIC_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_TRAILING_BIG = re.compile(r"[万萬亿億]+$")
_ARABIC_SMALL_MULT = re.compile(r"(\d+(?:\.\d+)?)([十拾百佰千仟]+)")
_CN_DECIMAL = re.compile(rf"([{CN_DIGITS}{CN_MULTIPLIERS}]*)点([{CN_DIGITS}]+)")


def _clean(value: Decimal) -> Decimal:
    """Drop a meaningless exponent/trailing zeros: 230000000.0 → 230000000, 1.570 → 1.57."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _multiplier(chars: str) -> Decimal:
    result = Decimal(1)
    for ch in chars:
        result *= _MULT_VALUE[ch]
    return result


@lru_cache(maxsize=4096)
def _cn_integer(s: str) -> Decimal:
    """A Chinese (or mixed Arabic/Chinese) integer through cn2an, checked to be integral."""
    if s in ("十", "拾"):
        return Decimal(10)
    if s in ("百", "佰", "千", "仟"):
        return Decimal(_MULT_VALUE[s])
    try:
        out = cn2an.cn2an(s, "smart")
    except Exception as err:  # cn2an raises ValueError and sometimes other types
        raise ValueError(f"not a numeral: {s!r}") from err
    if isinstance(out, float):
        if not out.is_integer():
            raise ValueError(f"not an integer numeral: {s!r}")
        out = int(out)
    return Decimal(out)


def _head_value(head: str) -> Decimal:
    """Value of a numeral with no trailing 万/亿."""
    if _ARABIC.fullmatch(head):
        return Decimal(head)
    m = _ARABIC_SMALL_MULT.fullmatch(head)
    if m:  # 1.5千, 5百
        return Decimal(m.group(1)) * _multiplier(m.group(2))
    m = _CN_DECIMAL.fullmatch(head)
    if m:  # 一点七八, 三十五点五, 点五
        integer = _cn_integer(m.group(1)) if m.group(1) else Decimal(0)
        frac = "".join(str(_DIGIT_VALUE[c]) for c in m.group(2))
        return integer + Decimal("0." + frac)
    if all(c in _DIGIT_VALUE for c in head) and len(head) > 1:
        # digit-by-digit numerals such as 二〇一九 (cn2an agrees; this avoids a call)
        return Decimal("".join(str(_DIGIT_VALUE[c]) for c in head))
    if "点" in head or "." in head:
        raise ValueError(f"not a numeral: {head!r}")
    return _cn_integer(head)


def parse_numeral(s: str) -> Decimal:
    """Parse a written number into an exact Decimal.

    Handles Arabic digits (``1,234.5``), full-width digits, Chinese and financial numerals (``壹拾万``), 〇/零,
    两 before a multiplier, mixed forms (``5千万``, ``1.2万亿``, ``13万2`` = 132000, ``一万二`` = 12000,
    ``十四万五`` = 145000), bare multipliers (``百万`` = 1000000) and 点 decimals (``一点七八万亿``).
    ``百分之`` is not part of a numeral; the quantity finder handles it.

    s (str): The numeral, without unit, prefix or approximation marker.
    RETURNS (Decimal): The exact value, integral values without a fractional part (``Decimal('230000000')``).
    RAISES (ValueError): If ``s`` is empty or not a numeral.
    """
    return parse_normalised(normalise_width(s).strip().replace(" ", ""))


@lru_cache(maxsize=8192)
def parse_normalised(t: str) -> Decimal:
    """:func:`parse_numeral` for a string that is already width-normalised and has no spaces (cached).

    t (str): The numeral.
    RETURNS (Decimal): The exact value.
    RAISES (ValueError): If ``t`` is empty or not a numeral.
    """
    if not t:
        raise ValueError("empty numeral")
    if _ARABIC.fullmatch(t):
        return _clean(Decimal(t))
    if _ARABIC_GROUPED.fullmatch(t):
        return _clean(Decimal(t.replace(",", "")))
    m = _TRAILING_BIG.search(t)
    if m:
        head, tail = t[: m.start()], m.group(0)
        # 一万二 / 13万2 are handled by cn2an as a whole; here the string ends in 万/亿
        mult = _multiplier(tail)
        if not head:
            return _clean(mult)
        return _clean(_head_value(_strip_commas(head)) * mult)
    return _clean(_head_value(_strip_commas(t)))


def _strip_commas(s: str) -> str:
    return s.replace(",", "") if _ARABIC_GROUPED.match(s) else s


def clear_caches() -> None:
    """Empty the numeral caches (benchmarks use it to time cold parsing)."""
    parse_normalised.cache_clear()
    _cn_integer.cache_clear()


def is_numeral(s: str) -> bool:
    """Whether ``s`` parses as a numeral.

    s (str): Candidate string.
    RETURNS (bool): True when :func:`parse_numeral` accepts it.
    """
    try:
        parse_numeral(s)
    except ValueError:
        return False
    return True
