"""Find date and time expressions with ISO 8601 values (possibly reduced precision).

Values: ``2019-05-09T13:26:36`` (date and time written together are one mention), ``2016`` (2016年),
``2016-11`` (2016年11月), ``--10`` (10月 alone), ``--09-28`` (9月28日), ``--09-28T18`` (9月28日18时),
``---28`` (a day alone such as 今(28)日, the XML Schema gDay form), ``T13:26`` (a clock time alone).
Chinese numerals are read too (二〇一九年, 十月, 二十八日). Relative dates (今年, 明年) are not mentions.
Matching runs on a width-normalised copy, offsets refer to the original text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .numerals import parse_numeral
from .text import normalise_width

__all__ = ["DateMention", "find_dates"]


@dataclass(frozen=True)
class DateMention:
    """A date or time mention.

    text (str): ``input[start:end]``.
    start (int): Start offset (str index into the original input).
    end (int): End offset, exclusive.
    value (str | None): ISO 8601 value (reduced precision allowed: ``2016``, ``--10``, ``---28``).
    """

    text: str
    start: int
    end: int
    value: str | None


_CD = "〇零一二三四五六七八九"
_YEAR = rf"(?P<y>(?:1\d|20|21)\d\d|[{_CD}]{{4}})年"
_MONTH = r"(?P<mo>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月"
_DAY = rf"(?P<d>3[01]|[12]\d|0?[1-9]|[二三]?十[{_CD[2:]}]?|三十一?|[一二三四五六七八九])[日号](?![内以之来后起])"
_HOUR = r"(?:(?P<h>[01]?\d|2[0-4])[时点](?:(?P<mi>[0-5]?\d)分)?(?![钟左])|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?::(?P<s2>[0-5]\d))?)"

_PATTERN = re.compile(
    r"(?<![\d/.A-Za-z_-])(?P<iy>\d{4})(?P<sep>[-/.])(?P<im>1[0-2]|0?[1-9])(?P=sep)(?P<id>3[01]|[12]\d|0?[1-9])(?![\d/])"
    r"(?:[ T]+(?P<ih>[01]?\d|2[0-3]):(?P<imi>[0-5]\d)(?::(?P<is>[0-5]\d))?(?!\d))?"
    rf"|(?<![\d{_CD}十第个])(?=[\d{_CD}十])(?:{_YEAR})?(?:{_MONTH}(?:{_DAY}(?:{_HOUR})?)?)?"
    r"|今\((?P<td>3[01]|[12]\d|0?[1-9])\)日"
    r"|(?<![\d:])(?P<th>[01]?\d|2[0-3]):(?P<tmi>[0-5]\d)(?::(?P<ts>[0-5]\d))?(?![\d:])"
)
_YEAR_LOOKAHEAD_BLOCK = re.compile(r"代")


def _num(s: str) -> int:
    if s.isdigit():
        return int(s)
    return int(parse_numeral(s))


def _time(h: str | None, mi: str | None, s: str | None) -> str:
    if h is None:
        return ""
    out = f"T{int(h):02d}"
    if mi is not None:
        out += f":{int(mi):02d}"
        if s is not None:
            out += f":{int(s):02d}"
    return out


def find_dates(text: str) -> list[DateMention]:
    """Find the date and time mentions of a text.

    text (str): The input text, exactly as given.
    RETURNS (list[DateMention]): Mentions in text order with ISO 8601 values; ``text[start:end]`` is the
        surface string. 2006年至2009年 gives two mentions. Never raises on any str input.
    """
    t = normalise_width(text)
    out: list[DateMention] = []
    for m in _PATTERN.finditer(t):
        if m.start() == m.end():
            continue
        g = m.group
        try:
            if g("iy"):
                value = f"{g('iy')}-{int(g('im')):02d}-{int(g('id')):02d}" + _time(g("ih"), g("imi"), g("is"))
            elif g("td"):
                value = f"---{int(g('td')):02d}"
            elif g("th"):
                value = _time(g("th"), g("tmi"), g("ts"))
            else:
                y, mo, d = g("y"), g("mo"), g("d")
                if y and m.end() < len(t) and _YEAR_LOOKAHEAD_BLOCK.match(t, m.end()) and not mo:
                    continue  # 1990年代 is a decade, not the year 1990
                parts = []
                if y:
                    parts.append(f"{_num(y):04d}")
                else:
                    parts.append("-")
                if mo:
                    month = _num(mo)
                    if not 1 <= month <= 12:
                        continue
                    parts.append(f"{month:02d}")
                if d:
                    day = _num(d)
                    if not 1 <= day <= 31:
                        continue
                    parts.append(f"{day:02d}")
                value = "-".join(parts)
                if g("h") or g("h2"):
                    value += _time(g("h") or g("h2"), g("mi") or g("mi2"), g("s2"))
        except (ValueError, ArithmeticError):
            continue
        out.append(DateMention(text=text[m.start(): m.end()], start=m.start(), end=m.end(), value=value))
    return out
