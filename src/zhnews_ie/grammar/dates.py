"""Find date and time expressions with ISO 8601 values (possibly reduced precision).

Values: ``2019-05-09T13:26:36`` (date and time written together are one mention), ``2016`` (2016年),
``2016-11`` (2016年11月), ``--10`` (10月 alone), ``--09-28`` (9月28日), ``--09-28T18`` (9月28日18时),
``---28`` (a day alone such as 今(28)日, the XML Schema gDay form), ``T13:26`` (a clock time alone).
Chinese numerals are read too (二〇一九年, 十月, 二十八日). Relative dates (今年, 明年) are not mentions.
Matching runs on a width-normalised copy, offsets refer to the original text.
"""

from __future__ import annotations

import calendar
import dataclasses
import re
from dataclasses import dataclass

from .numerals import parse_numeral
from .text import normalise_width, strip_invisible

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
_Y = rf"(?:1\d|20|21)\d\d|[{_CD}]{{4}}"
_M = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_YEAR = rf"(?P<y>(?:1\d|20|21)\d\d(?= ?年)|[{_CD}]{{4}}(?=年)) ?年"
_MONTH = rf"(?P<mo>{_M})月"
_DN = rf"3[01]|[12]\d|0?[1-9]|[二三]?十[{_CD[2:]}]?|三十一?|[一二三四五六七八九]"
_DAY = rf"(?P<d>{_DN})[日号](?![内以之来后起])"
_HOUR = (r"(?:(?P<h>[01]?\d|2[0-4])[时点](?:(?P<mi>[0-5]?\d)分)?(?![钟左])"
         r"|(?P<h2>[01]?\d|2[0-3]):(?P<mi2>[0-5]\d)(?::(?P<s2>[0-5]\d))?(?![\d:])"
         r"|[ \t]{1,3}(?P<h3>[01]?\d|2[0-3]):(?P<mi3>[0-5]\d)(?::(?P<s3>[0-5]\d))?(?![\d:]))")
# a part of a year or month written after it: 2019年末, 2018年底, 6月初, 2023年6月上旬 (one mention)
_YEAR_PART = r"(?P<yp>末|底|初)(?![期步])"
_MONTH_PART = r"(?P<mp>上旬|中旬|下旬|初|底|末)"
_RANGE = r"(?:至|到|~|〜|-|—|–)"

_PATTERN = re.compile(
    r"(?<![\d/.A-Za-z_-])(?P<iy>\d{4})(?P<sep>[-/.])(?P<im>1[0-2]|0?[1-9])(?P=sep)(?P<id>3[01]|[12]\d|0?[1-9])(?![\d/])"
    r"(?:[ T]+(?P<ih>[01]?\d|2[0-3]):(?P<imi>[0-5]\d)(?::(?P<is>[0-5]\d))?(?!\d))?"
    # year and month ranges are one mention: 2016年至2020年, 2016-2020年, 1至8月
    rf"|(?<![\d{_CD}十第个])(?P<ry1>{_Y})年?{_RANGE}(?P<ry2>{_Y})年(?!\d|代)"
    rf"|(?<![\d{_CD}十第个])(?P<rm1>{_M})月?{_RANGE}(?P<rm2>{_M})月(?![\d{_CD}十份])"
    # day ranges are one mention too: 9月28日至30日, 2023年5月1日-5月3日
    rf"|(?<![\d{_CD}十第个])(?:(?P<dy>(?:1\d|20|21)\d\d) ?年)?(?P<dm1>{_M})月(?P<dd1>{_DN})[日号]?{_RANGE}"
    rf"(?:(?P<dm2>{_M})月)?(?P<dd2>{_DN})[日号](?![内以之来后起])"
    rf"|(?<![\d{_CD}十第个])(?=[\d{_CD}十])(?:{_YEAR})?(?:{_MONTH}(?:{_DAY}(?:{_HOUR})?|{_MONTH_PART})?|(?<=年){_YEAR_PART})?"
    # a day alone, written with Arabic digits: 31日透露 (not 30日内, 连续5日)
    r"|(?<![\d第每近约续为期余多.-])(?P<da>3[01]|[12]\d|[1-9])日(?![内以之来后起左多间至到~-])"
    r"|今\((?P<td>3[01]|[12]\d|0?[1-9])\)日"
    r"|(?<![\d:])(?P<th>[01]?\d|2[0-3]):(?P<tmi>[0-5]\d)(?::(?P<ts>[0-5]\d))?(?![\d:])"
)
_YEAR_LOOKAHEAD_BLOCK = re.compile(r"代")


def _num(s: str) -> int:
    if s.isdigit():
        return int(s)
    return int(parse_numeral(s))


def _days_in_month(year: int | None, month: int) -> int:
    """Days of a month; February has 29 when the year is not written."""
    if year is None:
        return 29 if month == 2 else calendar.monthrange(2001, month)[1]
    return calendar.monthrange(year, month)[1]


def _time(h: str | None, mi: str | None, s: str | None) -> str:
    if h is None:
        return ""
    out = f"T{int(h):02d}"
    if mi is not None:
        out += f":{int(mi):02d}"
        if s is not None:
            out += f":{int(s):02d}"
    return out


_DAY_FIRST = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4})(?!\d)(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")


def day_first_datetime(text: str) -> str | None:
    """The first day.month.year date in a text, with the clock time after it (``03.11.2018 08:45``).

    This layout appears in page headers; :func:`find_dates` leaves it alone in running text, where a dotted
    triple is as often a version or a list number, so callers use it only on lines known to be headers.

    text (str): The text, e.g. a header line.
    RETURNS (str | None): ISO 8601 (``2018-11-03T08:45``), or None when there is no valid calendar date.
    """
    for m in _DAY_FIRST.finditer(text):
        day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
        if 1 <= month <= 12 and 1 <= day <= _days_in_month(year, month):
            hour = m.group(4)
            if hour is not None and int(hour) > 23:
                hour = None
            return f"{year:04d}-{month:02d}-{day:02d}" + _time(hour, m.group(5) if hour else None,
                                                            m.group(6) if hour else None)
    return None


def find_dates(text: str) -> list[DateMention]:
    """Find the date and time mentions of a text.

    text (str): The input text, exactly as given.
    RETURNS (list[DateMention]): Mentions in text order with ISO 8601 values; ``text[start:end]`` is the
        surface string. A range is one mention (2006年至2009年 → ``2006/2009``, 1至8月 → ``--01/--08``);
        invalid calendar dates (2019-02-30, 2月30日) are no mentions. Never raises on any str input.
    """
    visible, index = strip_invisible(text)
    found = _find(visible)
    if index is None:
        return found
    out = []
    for d in found:  # offsets back over removed invisible characters
        start, end = index[d.start], index[d.end - 1] + 1
        out.append(dataclasses.replace(d, start=start, end=end, text=text[start:end]))
    return out


def _find(text: str) -> list[DateMention]:
    t = normalise_width(text)
    out: list[DateMention] = []
    for m in _PATTERN.finditer(t):
        if m.start() == m.end():
            continue
        g = m.group
        try:
            if g("iy"):
                if int(g("id")) > _days_in_month(int(g("iy")), int(g("im"))):
                    continue  # 2019-02-30 is no date
                value = f"{g('iy')}-{int(g('im')):02d}-{int(g('id')):02d}" + _time(g("ih"), g("imi"), g("is"))
            elif g("ry1"):
                y1, y2 = _num(g("ry1")), _num(g("ry2"))
                if not y1 < y2:
                    continue
                value = f"{y1:04d}/{y2:04d}"
            elif g("rm1"):
                m1, m2 = _num(g("rm1")), _num(g("rm2"))
                if not 1 <= m1 < m2 <= 12:
                    continue
                value = f"--{m1:02d}/--{m2:02d}"
            elif g("dm1"):
                y = int(g("dy")) if g("dy") else None
                m1, d1 = _num(g("dm1")), _num(g("dd1"))
                m2 = _num(g("dm2")) if g("dm2") else m1
                d2 = _num(g("dd2"))
                if not (1 <= m1 <= 12 and 1 <= m2 <= 12 and 1 <= d1 <= _days_in_month(y, m1)
                        and 1 <= d2 <= _days_in_month(y, m2) and (m1, d1) < (m2, d2)):
                    continue
                head = f"{y:04d}" if y else "-"
                value = f"{head}-{m1:02d}-{d1:02d}/{head}-{m2:02d}-{d2:02d}"
            elif g("da"):
                value = f"---{int(g('da')):02d}"
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
                    parts.append(f"{_num(y.strip()):04d}")
                else:
                    parts.append("-")
                if mo:
                    month = _num(mo)
                    if not 1 <= month <= 12:
                        continue
                    parts.append(f"{month:02d}")
                if d:
                    day = _num(d)
                    if not 1 <= day <= _days_in_month(_num(y) if y else None, month):
                        continue  # 2月30日 is no date
                    parts.append(f"{day:02d}")
                value = "-".join(parts)
                if g("h") or g("h2") or g("h3"):
                    value += _time(g("h") or g("h2") or g("h3"), g("mi") or g("mi2") or g("mi3"),
                                   g("s2") or g("s3"))
        except (ValueError, ArithmeticError):
            continue
        out.append(DateMention(text=text[m.start(): m.end()], start=m.start(), end=m.end(), value=value))
    return out
