"""Exact parsing of written numbers: Arabic, Chinese, financial, full-width and mixed forms.

Chinese integer parts are converted by cn2an (``cn2an.cn2an(s, "smart")``); everything else is exact
``Decimal`` arithmetic done here: trailing 万/亿 multipliers are split off and multiplied, decimal fractions
written with 点 are read digit by digit, so ``2.3亿`` is 230000000 and ``一点七八万亿`` is 1780000000000
exactly (never a float).
"""

from __future__ import annotations

import re
from decimal import MAX_EMAX, MIN_EMIN, Context, Decimal, localcontext
from fractions import Fraction
from functools import lru_cache

import cn2an

from .text import INVISIBLE, normalise_numeric

# Characters of written numbers (after width normalisation).
FINANCIAL_DIGITS = "壹贰貳叁參肆伍陆陸柒捌玖"
"""The financial digits (大写), written for sums of money."""
CN_DIGITS = "零〇一二三四五六七八九两" + FINANCIAL_DIGITS
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
_ARABIC_SMALL_MULT = re.compile(r"(\d+(?:\.\d+)?)([十拾百佰千仟]+)")
_CN_DECIMAL = re.compile(rf"([{CN_DIGITS}{CN_MULTIPLIERS}]+)点([{CN_DIGITS}0-9]+)")


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
    if _ARABIC_GROUPED.fullmatch(head):
        return Decimal(head.replace(",", ""))
    m = _ARABIC_SMALL_MULT.fullmatch(head)
    if m:  # 1.5千, 5百
        return Decimal(m.group(1)) * _multiplier(m.group(2))
    m = _CN_DECIMAL.fullmatch(head)
    if m:  # 一点七八, 三十五点五 (a bare 点五 is refused)
        integer = _cn_integer(m.group(1))
        frac = "".join(c if c.isdigit() else str(_DIGIT_VALUE[c]) for c in m.group(2))
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
    两 before a multiplier, traditional forms (萬, 億, 點, 兩), mixed forms (``5千万``, ``1.2万亿``, ``13万2`` =
    132000, ``一万二`` = 12000, ``十四万五`` = 145000), compound multipliers (``四亿五千万`` = 450000000,
    ``十亿零五百万`` = 1005000000), bare multipliers (``百万`` = 1000000), 点 decimals (``一点七八万亿``), a
    leading sign (``负3.9``, ``-22.2``), terminating fractions (``二分之一`` = 0.5, ``3/5`` = 0.6, so
    ``百分之五`` = 0.05; the quantity finder reads it as 5 percent) and k/w shorthand (``15k`` = 15000,
    ``3w`` = 30000). Zero-width characters (U+200B..U+200D, U+2060, U+FEFF, soft hyphen) are ignored.

    s (str): The numeral, without unit, prefix or approximation marker.
    RETURNS (Decimal): The exact value, integral values without a fractional part (``Decimal('230000000')``).
    RAISES (ValueError): If ``s`` is empty or not a numeral (also for malformed forms such as ``45,,000``,
        ``.5``, ``点五`` or ``万万万``: never a wrong value).
    """
    t = normalise_numeric(s).strip().translate(_INVISIBLE_DELETE)
    if _SPACED_DIGITS.search(t):
        raise ValueError(f"digits separated by a space: {s!r}")  # 1 3/5 is not 13/5
    t = t.replace(" ", "")
    sign = 1
    if t[:1] in ("-", "负", "\u2212"):
        sign, t = -1, t[1:]
    elif t[:1] == "+":
        t = t[1:]
    m = _FRACTION.fullmatch(t)
    if m:  # 二分之一, 3/5
        den, num = (m.group("d"), m.group("n")) if m.group("d") else (m.group("d2"), m.group("n2"))
        value = exact_ratio(parse_normalised(num), parse_normalised(den))
    else:
        value = parse_normalised(t)
    return -value if sign < 0 else value


def exact_ratio(numerator: Decimal, denominator: Decimal) -> Decimal:
    """``numerator / denominator`` when it is a terminating decimal.

    numerator (Decimal): The numerator.
    denominator (Decimal): The denominator.
    RETURNS (Decimal): The exact quotient.
    RAISES (ValueError): If the denominator is 0 or the quotient does not terminate (1/3): no exact value.
    """
    if denominator == 0:
        raise ValueError("zero denominator")
    frac = Fraction(numerator) / Fraction(denominator)
    den = frac.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den != 1:
        raise ValueError(f"{numerator}/{denominator} has no exact decimal value")
    with localcontext(numeric_context(len(str(frac.denominator)) + len(str(frac.numerator)))):
        return _clean(Decimal(frac.numerator) / Decimal(frac.denominator))


# Characters that are removed before parsing a numeral string.
_INVISIBLE_DELETE = {ord(c): None for c in INVISIBLE}
def numeric_context(chars: int) -> Context:
    """The Decimal context for arithmetic on a numeral written with ``chars`` characters.

    A numeral may be long (a 500-digit figure is kept exactly), so the precision grows with it; it stays small
    for ordinary figures because a division (亩 → m2 is 2000/3) computes ``prec`` digits.

    chars (int): Length of the written numeral (or of the longest one in a text).
    RETURNS (Context): A context whose precision exceeds any exact result of such a numeral.
    """
    return _CONTEXTS[chars] if chars < 64 else Context(prec=2 * chars + 64, Emax=MAX_EMAX, Emin=MIN_EMIN)


_CONTEXTS = [Context(prec=192, Emax=MAX_EMAX, Emin=MIN_EMIN)] * 64
_BIG_VALUE = {"亿": Decimal(10**8), "万": Decimal(10**4)}
_SPACED_DIGITS = re.compile(r"\d\s+\d")
_FRACTION = re.compile(rf"(?P<d>[^分]+)分之(?P<n>[^分]+)|(?P<n2>\d+(?:\.\d+)?)/(?P<d2>\d+(?:\.\d+)?)")
# 15k, 3w, 2.5K: thousands and 万 written with a Latin letter
_SHORTHAND = re.compile(r"(\d+(?:\.\d+)?)([kKwW])")
_SHORTHAND_VALUE = {"k": Decimal(1000), "w": Decimal(10000)}
_SMALL_CN = re.compile(rf"[{CN_DIGITS}十拾百佰千仟]+")
_ONE_DIGIT = re.compile(rf"[{CN_DIGITS}]|\d")


@lru_cache(maxsize=8192)
def parse_normalised(t: str) -> Decimal:
    """:func:`parse_numeral` for a string that is already normalised (:func:`normalise_numeric`), has no
    spaces and no sign (cached).

    t (str): The numeral.
    RETURNS (Decimal): The exact value.
    RAISES (ValueError): If ``t`` is empty or not a numeral.
    """
    if not t:
        raise ValueError("empty numeral")
    with localcontext(numeric_context(len(t))):
        if _ARABIC.fullmatch(t):
            return _clean(Decimal(t))
        if _ARABIC_GROUPED.fullmatch(t):
            return _clean(Decimal(t.replace(",", "")))
        m = _SHORTHAND.fullmatch(t)
        if m:  # 15k, 3w
            return _clean(Decimal(m.group(1)) * _SHORTHAND_VALUE[m.group(2).lower()])
        t = t.replace("萬", "万").replace("億", "亿").replace("點", "点").replace("廿", "二十").replace("卅", "三十")
        return _clean(_sections(t))


def _sections(s: str) -> Decimal:
    """Value of a numeral split at its first 亿, then its first 万 (``三亿五千万`` = 3×10^8 + 5000×10^4)."""
    whole, dot, frac = s.partition("点")
    if dot and whole and frac and whole[-1] in "万亿" and all(c in _DIGIT_VALUE for c in frac):
        # 三千一百二十五万点零一: the decimal part belongs to the whole number, not to its last section
        return _sections(whole) + Decimal("0." + "".join(str(_DIGIT_VALUE[c]) for c in frac))
    for big in ("亿", "万"):
        i = s.find(big)
        if i < 0:
            continue
        left, right = s[:i], s[i + 1:]
        unit = _BIG_VALUE[big]
        if not left:
            if right:
                raise ValueError(f"not a numeral: {s!r}")  # 万万万, 亿五千
            return unit
        head = _sections(left)
        if not right:
            return head * unit
        if right == "万" and big == "万" and "万" not in left and "亿" not in left:
            return head * unit * unit  # 四万万 = 4亿 (the older form; 万万万 stays refused)
        if right[0] in CN_MULTIPLIERS:
            raise ValueError(f"not a numeral: {s!r}")  # 十万万
        if head != head.to_integral_value():
            raise ValueError(f"not a numeral: {s!r}")  # 10.1万零100
        if right[0] in "零〇" and len(right) > 1:
            rest = right.lstrip("零〇")
            tail = _sections(rest) if rest else Decimal(0)
        elif _ONE_DIGIT.fullmatch(right):
            tail = _digit_value(right) * unit / 10  # 13万2 = 132000, 一亿五 = 150000000
        else:
            tail = _sections(right)
        if tail >= unit:
            raise ValueError(f"not a numeral: {s!r}")
        return head * unit + tail
    return _head_value(s)


def _digit_value(ch: str) -> Decimal:
    return Decimal(int(ch)) if ch.isdigit() else Decimal(_DIGIT_VALUE[ch])


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
