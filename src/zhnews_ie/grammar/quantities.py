"""Find quantity expressions (amounts) in Chinese news text, with exact values.

The rules follow ../shared/ANNOTATION.md (Amounts). Matching runs on a length-preserving width-normalised copy
of the text with one precompiled regex anchored on digit / numeral characters; the unit table
(``resources/units.json``) is compiled into that regex once at import, longest surface form first. Every
candidate is then checked by a few cheap rules (dates, ordinals, indefinite 一, fixed terms, ...).

Decisions where ANNOTATION.md is silent (also listed in the tests):

- ``approx`` uses the ANNOTATION codes about / over / under / range. The surface markers (dev gold writes
  '余', '约', '接近…多') are kept in ``approx_text``. When markers disagree (接近1000多册: under + over) the
  result is ``about``; a range stays ``range``. 来 (10来个) is ``about``; 几 (十几个), 数十 / 几百 / 上千 are
  ``over`` with ``value`` = the stated round figure (数十个 → 10).
- A bare 一 with a count classifier (一个, 一批, 一套, 一人驻村) is the indefinite "a" and not an amount.
  A duration written with a bare 一 (一年, 一天) needs duration context like 年 does (below).
- 年 and 日 collide with dates: a 4-digit Arabic or digit-by-digit Chinese number before 年 is a date
  (2016年, 二〇一九年). Otherwise N年 / N日 is a duration only with context: a prefix marker (近三年来), a
  following 来 / 内 / 以来 / 以内 / 之内 / 期间 / 后 / 多 / 左右 / 以上 / 时间 / 之久 / 里, a preceding year
  (2006年至2009年三年), or a preceding 为期 / 历时 / 长达 / 连续 / 用了 / 经过 / 过去 / 未来. So 扶贫三年显成果 and
  一年下来 are not amounts (dev gold does not list the first; the second is optional in the seed).
- A count (person / household / item ...) must be integral unless a multiplier is written (2.3项目 is not an
  amount, 2.3万人 is).
- A Chinese-numeral count right after an opening quote (“三支队伍”, “一人驻村”) is a name or slogan.
- Lone 万 / 亿 / 千 / 百 without a digit (万元户, 千家) are not numbers, except with 余 / 多 (百余个) or after a
  prefix marker (近千人, 逾百万人).
- ``qualifier``: the nearest cue in the clause before the number (back to clause punctuation or the previous
  amount, at most 16 characters): 平均每年 / 年均 / 每年 → per_year, 人均 → per_capita, 户均 →
  per_household, 平均 → average, 共计 / 合计 / 累计 / 总计 / 一共 / 总共 → total; a bare 共 only right before
  the number (共2325人), not 共有46名 / 共组织17个 (the seed gold gives those no qualifier) nor 公共 / 中共.
- ``classifier`` holds the surface measure word for count kinds (个, 名, 人, 户, 人次 ...), None otherwise.
- ``base_value`` for 亩 uses the exact factor 2000/3 and is quantized to 0.01 m2 (ROUND_HALF_UP); every other
  factor in the table is exact, so no rounding happens there.
- 人民币 / ¥ / $ before a number without unit makes it money; the prefix is not in ``text``.
- Issue 10 decisions (each a row of tests/test_quantities.py::ISSUE_10):
  a space between number, multiplier and unit stays inside ``text`` (``5 年``, ``1 万棵``); bare numbers listed
  before an amount share its unit (``60、80和110平方米``: three amounts, only the last ``text`` holds the unit); a
  一 + classifier closing its clause after a noun is a count (``设备一套。``), not the indefinite "a"; 上 before
  a lone multiplier is a marker outside ``text`` (``上万头`` → ``万头``, about); 几 / 数十 are ``about``
  (ANNOTATION.md, last section); a trailing 多 before a boundary is inside ``text`` (``5吨多``, ``四年多来``);
  半 after a unit adds 0.5 (``三斤半``, ``一个半小时``), a lone 半 before a weight or length unit is 0.5;
  one Chinese digit after 块/元/米 is the next decimal (``一块二`` = 1.2, ``三块零四`` = 3.04); a sign right
  before the number (``负3.9%``, ``下降-5%``) makes the value negative (never for counts, never after a range
  joint); two amounts of one unit joined by a range separator are one range (``1800元—2500元``); a currency
  named before ``元`` sets it (``港币两千元`` → HKD); 千分之 / ‰ / 万分之 are percent (``千分之五`` = 0.5);
  a fraction ``N分之M`` is a percent when its value terminates (``二分之一`` = 50; 三分之一 gives none);
  ``折`` is ×10 below 10 (``9.9折`` = 99) and as written from 10 (``75折`` = 75); N年 is a period also after
  期限 / 连续 / 最长 ... in its clause and before 期 (``5年期``).
- Silent wrong numbers (issue 12): invisible characters inside a number are skipped (``12\u200b345万元`` is
  123450000; offsets still index the input), malformed numerals give no amount (``45,,000元``, ``.5万元``,
  ``点五万元``, ``万万万万万元``), a long number keeps every digit (the Decimal precision grows with it),
  the full-width comma ``，`` separates clauses (``20，300元`` is 300元), traditional forms are read (萬 億 點
  個 圓 兩 戶).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from .numerals import CN_DIGITS, FINANCIAL_DIGITS, exact_ratio, numeric_context, parse_normalised
from .text import normalise_numeric, normalise_width, strip_invisible
from .units import COUNT_UNITS, UNITS, UnitInfo, unit_pattern

__all__ = ["Quantity", "find_quantities"]


@dataclass(frozen=True)
class Quantity:
    """One amount found in a text.

    text (str): The surface string, ``input[start:end]``: from the first character of the number to the last
        character of the unit; prefix/suffix approximation markers are outside, internal 多/余 inside.
    start (int): Start offset (Python str index into the original input).
    end (int): End offset, exclusive.
    kind (str): money / count / length / weight / area / duration / percent.
    value (Decimal): The number after multipliers, in ``unit`` (the low end for a range).
    unit (str): Unit code (CNY, person, household, person_time, item, km, jin, mu, year, percent, ...).
    high (Decimal | None): High end of a range, else None.
    base_value (Decimal | None): ``value`` converted to ``base_unit`` (87万斤 → 435000 kg).
    base_unit (str | None): The base unit code (m, kg, m2, or the unit itself).
    approx (str | None): about / over / under / range, or None.
    qualifier (str | None): per_capita / per_household / per_year / average / total, or None.
    classifier (str | None): The surface measure word of a count (个, 名, 户 ...), else None.
    approx_text (str | None): The approximation markers as written, joined by '…' (接近…多). Defaults to None.
    """

    text: str
    start: int
    end: int
    kind: str
    value: Decimal
    unit: str
    high: Decimal | None = None
    base_value: Decimal | None = None
    base_unit: str | None = None
    approx: str | None = None
    qualifier: str | None = None
    classifier: str | None = None
    approx_text: str | None = None

    def to_dict(self) -> dict:
        """RETURNS (dict): JSON-ready values, Decimals as ``str`` (``"452800"``)."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "kind": self.kind,
            "value": _dstr(self.value),
            "unit": self.unit,
            "high": _dstr(self.high),
            "base_value": _dstr(self.base_value),
            "base_unit": self.base_unit,
            "approx": self.approx,
            "qualifier": self.qualifier,
            "classifier": self.classifier,
            "approx_text": self.approx_text,
        }


def _dstr(d: Decimal | None) -> str | None:
    return None if d is None else format(d, "f")


# ---------------------------------------------------------------------------------------------------------
# The pattern
_D = CN_DIGITS
# Quantifiers are bounded (no real numeral is longer), so a long run such as 万万万… cannot make the regex
# backtrack quadratically.
_CN_NUM = rf"(?:[{_D}十拾百佰仟万萬亿億]|千(?![米克瓦])){{1,24}}(?:点[{_D}]{{1,12}})?"
_AR = r"(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?"
_AR_NUM = rf"{_AR}(?:[kKwW](?![A-Za-z])|(?:[十拾百佰千仟](?![米克瓦])|[万亿]){{1,4}}(?:(?<=[万亿])\d+[十百千]?(?![\d.])|(?<=[万亿])\d[千百](?:[万亿])?)?)?"
_NUM = rf"(?:{_AR_NUM}|{_CN_NUM})"
_UNIT = unit_pattern()
_RANGE_SEP = r"(?:至|到|~|〜|～|[-—–]{1,2})"

_PATTERN = re.compile(
    # no number starts inside another number, after 第 (ordinal), a Latin letter, a path/time separator
    rf"(?<![\d.{_D}十拾百佰千仟万萬亿億第点A-Za-z/_#@=%&\\])(?<!\d-)(?<!\d,)(?<!\d:)(?<!,,)(?<!第 )(?<![A-Za-z] )"
    r"(?:"
    rf"(?P<pk>百分之|千分之|仟分之|万分之|百万分之)(?P<pneg>负)?(?P<pc>{_CN_NUM}|{_AR})"
    rf"|(?P<fd>[{_D}十]{{1,3}}|\d{{1,3}})分之(?P<fn>[{_D}十]{{1,3}}|\d{{1,3}})"
    rf"|(?P<p1>[一二三四五六七八九两])(?P<p2>[两二三四五六七八九])(?P<pm>[十百千万亿]{{0,4}})(?P<pi>[多余])?(?P<pu>{_UNIT})"
    rf"|(?P<vq>[数几上])(?P<vm>[十百千万亿]{{1,4}})(?P<vi>[多余])?(?P<vu>{_UNIT})"
    # one number, then either a range (3至5万元: the range is tried first) or a multiplier and unit; the
    # number is matched once for both readings
    rf"|(?P<n>{_NUM})(?:"
    rf"(?P<ri1>[多余])?(?:[(（]不?含[)）])?{_RANGE_SEP}(?P<r2>{_NUM})(?P<ri2>[多余])?(?P<rsp> ?)(?P<ru>{_UNIT})"
    rf"|(?P<ni>[多余来几])?(?: ?(?P<nm>个?[万亿]{{1,3}}))?(?P<nsp> ?)(?P<nu>{_UNIT}))"
    rf"|(?:(?<=人民币)|(?<=港币)|(?<=[¥$￥]))(?P<bn>{_NUM})"
    r")"
)

# Cheap candidate scan: every amount starts at the beginning of a run of digit / numeral characters (the
# lookbehind of _PATTERN forbids starting inside one), or one character before it (数十, 几百, 上千).
_RUN = re.compile(rf"[\d{_D}十拾百佰千仟万萬亿億]+|半")
_VAGUE_LEAD = frozenset("数几上")
_BIG = frozenset("万萬亿億")
_TRAILING_MULT = re.compile(r"[十拾百佰千仟万亿kKwW]+$")
_ANY_MULT = re.compile(r"[十拾百佰千仟万亿]")
_CN_DIGIT_ONLY = re.compile(rf"[{_D}]{{2,}}")
_FOUR_DIGITS = re.compile(r"\d{4}")
_JIAO_FEN = re.compile(rf"(?:(?P<j>\d|[{_D}])[角毛])?(?:(?P<f>\d|[{_D}])分|(?<=[角毛])(?P<f2>[{_D}])(?![{_D}十百千万亿]))?")
_SIMPLE_DIGIT = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2, "〇": 0}

_FIXED_TERMS = (
    "两委", "两会", "十二五", "十三五", "十四五", "一带一路", "四议两公开", "三支队伍", "两学一做", "三严三实",
    "两不愁三保障", "五大任务", "三农", "千家万户", "三番五次", "三天两头", "一朝一夕", "一对一", "一份子",
    "一切两半", "九年一贯制", "九年义务教育", "三大攻坚战", "四个意识", "四个自信", "两个维护", "两个确保",
    "两个一百年", "四个全面", "三个代表", "八项规定", "一国两制", "一村一品", "一户一策", "一人一策",
    "三位一体", "五位一体", "一站式", "一揽子", "一条龙", "一盘棋", "一年四季", "五湖四海", "四面八方",
    "一家一户", "一五一十", "七上八下", "统一零售价",
)
_FIXED = re.compile("|".join(sorted(map(re.escape, _FIXED_TERMS), key=len, reverse=True)))

_PREFIX_APPROX = (  # (marker, code, words ending in the marker that are not markers)
    ("大约", "about", ()), ("大概", "about", ()),
    ("约", "about", ("签约", "节约", "合约", "制约", "预约", "相约", "公约", "条约", "邀约", "违约", "履约",
                     "特约", "简约", "集约", "契约", "如约", "守约", "誓约", "婉约")),
    ("超过", "over", ()), ("逾", "over", ()), ("至少", "over", ()), ("不少于", "over", ()), ("最少", "over", ()),
    ("起码", "over", ()), ("最长", "under", ()), ("最多", "under", ()), ("不超过", "under", ()), ("不高于", "under", ()), ("超", "over", ("赶超", "高超")),
    ("接近", "under", ()), ("将近", "under", ()), ("不到", "under", ()), ("不足", "under", ()),
    ("近", "under", ("最近", "附近", "邻近", "靠近", "就近", "亲近", "贴近", "临近", "逼近", "走近", "新近",
                     "远近", "晚近", "迫近", "接近", "将近")),
)
_SUFFIX_APPROX = (("左右", "about"), ("上下", "about"), ("以上", "over"), ("之上", "over"),
                  ("以下", "under"), ("以内", "under"), ("之内", "under"))
_INTERNAL_APPROX = {"多": "over", "余": "over", "来": "about", "几": "about"}
_TRAILING_BIG = re.compile(r"(?:[万亿]+|[kKwW])$")
_PER_PART = {"百分之": Decimal(1), "千分之": Decimal("0.1"), "仟分之": Decimal("0.1"), "万分之": Decimal("0.01"),
             "百万分之": Decimal("0.0001")}
_HALF_HOUR_MONTH = re.compile(r"半(小时|月)")
# 半 after a unit is a half only at a boundary (三斤半, 一年半的, 一吨半左右), not as a word start (5公里半程)
_HALF_END = re.compile(r"(?:[,，。.;；、:：!！?？)）\s]|[的了左以多时后前来之就才还也]|\Z)")
# after 块/元/米: one Chinese digit (or 零 + digit) that is not the start of another number or a unit
_CN_TAIL = re.compile(rf"(?P<z>零)?(?P<d>[一二三四五六七八九])(?![{_D}十百千万亿半角毛分]|{_UNIT}|[年月日号])")
_LIANG = re.compile(rf"([{_D}]|\d)两(?![{_D}])")
# a boundary after a trailing 多: 5吨多, / 四年多来 / 三斤多的
_BOUNDARY = re.compile(r"(?:[,，。.;；、:：!！?？)）\s]|来|的|了|时间|后|前|\Z)")
# a count written after its noun closes its clause: 设备一套, 井房一座。
_COUNT_AFTER_NOUN = re.compile(r"(?:[,，。;；、!！?？)）]|\Z)")
# first characters of what may continue an amount after its unit (半, a digit, 多, 角/毛, 整)
_CONTINUATION_FIRST = frozenset("半多整角毛0123456789" + _D)
_INCLUSIVE = re.compile(r"[(（]含[)）]")  # 50万元(含)以上
_NOT_AFTER_NOUN = frozenset({"起", "体", "批", "次", "下", "回", "遍", "趟", "口", "门", "节", "样"})
_NOT_NOUN_END = frozenset("在到了成为是于和与同再又第之唯统这那每其任哪某另单逐中何有")
_NOT_NEGATIVE = frozenset("胜抱欺辜自担肩背正不")
_NOT_MINUS = frozenset(")）-—–~至到")
_CURRENCY_BEFORE = re.compile(r"(?:港币|港元|美元|欧元|日元|英镑|新台币|台币|澳门元|澳元|加元|韩元|卢布) ?\Z")

_DURATION_AFTER = ("以来", "以内", "之内", "期间", "时间", "之久", "来", "内", "间", "后", "多", "左右", "以上", "里",
                   "期", "半")
_DURATION_BEFORE = ("为期", "历时", "长达", "连续", "用了", "经过", "过去", "未来", "近", "最长", "最短", "至少",
                    "不少于", "不超过")
# words anywhere earlier in the clause that make N年 a period: 期限由5年延长至10年, 连续资助5年
_AFTER_YEARS_RANGE = re.compile(rf"年 ?{_RANGE_SEP} ?\Z")
_DURATION_CLAUSE = re.compile(r"期限|为期|历时|连续|持续|长达|延长|缩短|周期|年限|工期|坚持")
_CONTEXT_DURATION_UNITS = frozenset({"年", "日", "周年"})

_QUALIFIER = re.compile(r"平均每年|年均|每年|人均|户均|平均|共计|合计|累计|总计|一共|总共|(?<![公中])共$")
_QUALIFIER_CODE = {"平均每年": "per_year", "年均": "per_year", "每年": "per_year", "人均": "per_capita",
                   "户均": "per_household", "平均": "average"}
_LAST_CLAUSE = re.compile(r"[^,，。;；!?:\n]*\Z")
_PREFIX_RE = re.compile("(?:" + "|".join(m for m, _, _ in _PREFIX_APPROX) + r")\Z")
_PREFIX_LAST = frozenset(m[-1] for m, _, _ in _PREFIX_APPROX)
_PREFIX_INFO = {m: (code, frozenset(exc)) for m, code, exc in _PREFIX_APPROX}
_SUFFIX_FIRST = frozenset(m[0] for m, _ in _SUFFIX_APPROX) | {"多", "余"}
_QUOTES = "“‘「『\""
_LONE_MULTIPLIERS = frozenset("万萬亿億千仟百佰")


def _after_prefix_marker(t: str, start: int) -> bool:
    """Whether an approximation prefix marker (近, 逾, 约, 超过 ...) ends right before ``start``."""
    before = t[max(0, start - 4):start]
    return any(before.endswith(mark) and not any(before.endswith(x) for x in exclusions)
               for mark, _, exclusions in _PREFIX_APPROX)
_HALF_UNIT = re.compile(unit_pattern())
_NOT_HALF_BEFORE = frozenset("上下前后多大小一")
# a joint of two amounts into a range: 1800元—2500元, 1万元 - 5万元
_RANGE_FIRST = frozenset(" 至到~〜～-—–")
_RANGE_JOIN = re.compile(rf" ?{_RANGE_SEP} ?")
# a bare number listed before the last one: 60、 / 100和
_LIST_ITEM = re.compile(rf"(?P<n>\d+(?:\.\d+)?|[{_D}十百千]+)(?:、|和|及|与|或|,(?=\d))\Z")
_LIST_LAST_NUM = re.compile(rf"\d+(?:\.\d+)?(?![\d.,万亿千百十])|[{_D}十百千]+(?![万亿])")
_LIST_SEP = frozenset("、和及与或,")
_LIST_BLOCK = re.compile(rf"[\d.{_D}十百千万亿第A-Za-z/_#@=%&:-]")
_MU = Fraction(2000, 3)
_IDENTITY_FACTOR = frozenset(s for s, info in UNITS.items() if info.factor == 1)
_CENT = Decimal("0.01")


def find_quantities(text: str) -> list[Quantity]:
    """Find every amount in a text.

    text (str): The input text, exactly as given (offsets refer to it).
    RETURNS (list[Quantity]): The amounts in text order; ``text[q.start:q.end] == q.text`` for each.
        Dates, ordinals, fixed terms with numerals, idioms, indefinite 一 and bare numbers are left out
        (module docstring and ANNOTATION.md, Amounts). Never raises on any str input.
    """
    visible, index = strip_invisible(text)
    with localcontext(numeric_context(0)):
        found = _find(visible)
    if index is None:
        return found
    # map offsets back over the removed invisible characters: 12\u200b345万元 is one amount
    out = []
    for q in found:
        start, end = index[q.start], index[q.end - 1] + 1
        out.append(dataclasses.replace(q, start=start, end=end, text=text[start:end]))
    return out


def _find(text: str) -> list[Quantity]:
    t = normalise_numeric(text)
    out: list[Quantity] = []
    prev_end = 0
    match = _PATTERN.match
    for run in _RUN.finditer(t):
        pos = run.start()
        if pos < prev_end:
            continue
        m = None
        if pos > 0 and t[pos - 1] in _VAGUE_LEAD and pos - 1 >= prev_end:
            m = match(t, pos - 1)
        if m is None:
            m = match(t, pos)
        if m is None:
            if t[pos] != "半":
                continue
            q = _lone_half(text, t, pos, prev_end)
            if q is not None:
                out.append(q)
                prev_end = q.end
            continue
        try:
            if m.end() - m.start() < 48:
                q = _build(text, t, m, prev_end)
            else:  # a long numeral: exact arithmetic needs more digits
                with localcontext(numeric_context(m.end() - m.start())):
                    q = _build(text, t, m, prev_end)
        except (ValueError, ArithmeticError, KeyError):
            q = None
        if q is None:
            continue
        if (out and q.high is None and q.approx is None and out[-1].end < q.start <= out[-1].end + 4
                and t[out[-1].end] in _RANGE_FIRST):
            merged = _merge_range(text, t, out[-1], q)
            if merged is not None:
                out[-1] = merged
                prev_end = merged.end
                continue
        if q.start and t[q.start - 1] in _LIST_SEP:
            listed = _shared_unit_list(text, t, q, prev_end)
            if listed is None:
                continue
            out.extend(listed)
        out.append(q)
        prev_end = q.end
    return out


def _build(text: str, t: str, m: re.Match, prev_end: int) -> Quantity | None:
    start, end = m.span()
    high = None
    approx_marks: list[tuple[str, str]] = []  # (code, surface) in text order
    last = m.lastgroup
    if last == "nu":  # the common case: number, internal marker, multiplier, unit
        num_text, inner, nm, surface = m.group("n", "ni", "nm", "nu")
        if surface == "年" and not nm and (_FOUR_DIGITS.fullmatch(num_text) or _CN_DIGIT_ONLY.fullmatch(num_text)):
            return None  # a year: 2016年, 二〇一九年 (the common rejection, made first)
        info = UNITS[surface]
        if num_text in _LONE_MULTIPLIERS and not inner and not _after_prefix_marker(t, start):
            return None  # 万元户, 千家; but 近千人, 逾百万人 (a marker makes the lone multiplier a figure)
        value = _num(num_text)
        if surface == "个" and not nm:
            half = _HALF_HOUR_MONTH.match(t, end)
            if half:  # 一个半小时, 两个半月
                value += Decimal("0.5")
                surface, end = "个" + half.group(1), half.end()
                info = UNITS[surface]
        if nm:
            nm = nm.lstrip("个")  # 两个亿 = 两亿
            if num_text[-1:] in "万亿" and nm == num_text[-1]:
                return None  # 万万
            value = parse_normalised(num_text + nm) if not num_text.isdigit() else value * _num(nm)
            multiplier_written = True
        else:
            multiplier_written = not _BIG.isdisjoint(num_text)
        if inner:
            approx_marks.append((_INTERNAL_APPROX[inner], inner))
    elif last == "pc":  # 百分之… / 千分之… / 万分之…, all in percent (千分之五 = 0.5%)
        info = UNITS["%"]
        surface = "%"
        num_text = m.group("pc")
        value = _num(num_text) * _PER_PART[m.group("pk")]
        if m.group("pneg"):  # 百分之负三点八
            value = -value
        multiplier_written = False
    elif last == "fn":  # 二分之一 = 50%: a fraction is a percentage when it has an exact decimal value
        info = UNITS["%"]
        surface = "%"
        num_text = m.group("fn")
        value = exact_ratio(_num(num_text) * 100, _num(m.group("fd")))
        if value > 100 or value <= 0:
            return None
        multiplier_written = False
    elif last == "ru":  # 3至5万元
        n1, n2, surface = m.group("n", "r2", "ru")
        info = UNITS[surface]
        high = _num(n2)
        value = _num(n1)
        tail = _TRAILING_BIG.search(n2)
        if tail and _BIG.isdisjoint(n1) and tail.start() > 0:
            # 三十至五十万元: the low end shares the high end's 万/亿
            head2 = _num(n2[: tail.start()])
            if value < head2:
                value = _num(n1 + tail.group(0))
        else:
            tail = _TRAILING_MULT.search(n2)
            if tail and _ANY_MULT.search(n1) is None:
                head2 = _num(n2[: tail.start()]) if tail.start() > 0 else Decimal(1)
                if value < head2:
                    value = _num(n1 + tail.group(0))
        if not value < high:
            return None
        if surface == "年" and _FOUR_DIGITS.fullmatch(n1):
            return None
        multiplier_written = not _BIG.isdisjoint(n1 + n2)
        num_text = n1
        approx_marks.append(("range", t[m.end("n"): m.start("r2")].lstrip("多余")))
    elif last == "pu":  # 两三百万元, 三四十名
        p1, p2, pm, pi, surface = m.group("p1", "p2", "pm", "pi", "pu")
        info = UNITS[surface]
        d1, d2 = _SIMPLE_DIGIT[p1], _SIMPLE_DIGIT[p2]
        mult = _num(pm) if pm else Decimal(1)
        value, high = d1 * mult, d2 * mult
        if surface == "折" and not pm and not pi:  # 三八折, 五五折: two digits of one discount (38%)
            value, high = Decimal(d1 * 10 + d2) / 10, None
        elif not d1 < d2:
            return None
        multiplier_written = not _BIG.isdisjoint(pm)
        num_text = p1 + p2 + pm
        if high is not None:
            approx_marks.append(("range", p1 + p2))
        if pi:
            approx_marks.append((_INTERNAL_APPROX[pi], pi))
    elif last == "vu":  # 数十个, 几百人, 上千人
        vq, vm, vi, surface = m.group("vq", "vm", "vi", "vu")
        info = UNITS[surface]
        value = _num(vm)
        multiplier_written = not _BIG.isdisjoint(vm)
        num_text = vm
        if vq == "上":  # 上万头: 上 is a marker outside the text (like 近), the figure is 万头
            start += 1
            approx_marks.append(("about", vq))
        else:  # 数十个, 几百人: the vague figure is the text
            approx_marks.append(("about", vq + vm))
        if vi:
            approx_marks.append((_INTERNAL_APPROX[vi], vi))
    else:  # 人民币8万 / ¥300 without unit
        num_text = m.group("bn")
        value = _num(num_text)
        prefix = t[max(0, start - 3): start]
        info = UNITS["美元"] if prefix.endswith("$") and not prefix.endswith("HK$") else UNITS["元"]
        if prefix.endswith("港币"):
            info = UNITS["港币"]
        surface = ""
        multiplier_written = True

    if info.approx:
        approx_marks.append((info.approx, surface))
    if info.value_factor != 1 and not (surface == "折" and value >= 10):  # 9.9折 = 99%, 75折 = 75%
        value = value * info.value_factor
        if high is not None:
            high = high * info.value_factor

    # --- rejections ---------------------------------------------------------------------------------------
    kind = info.kind
    first = num_text[:1]
    if first == "0" and num_text[1:2].isdigit():
        return None  # 000元 (after 45,,), 05个: not how a figure is written
    if num_text in ("拾", "佰", "仟"):
        return None  # 拾起: a financial numeral is never written without its digit
    if len(num_text) == 1 and num_text in FINANCIAL_DIGITS and kind == "count":
        return None  # 陆家嘴, 伍家岭, 陆户: one financial digit counts nothing; alone it is a surname or part of a name
    if kind == "count":
        if value != value.to_integral_value() and not multiplier_written:
            return None
        if num_text in ("一", "壹") and not approx_marks and not (
                _COUNT_AFTER_NOUN.match(t, end) and surface not in _NOT_AFTER_NOUN
                and start > 0 and "\u4e00" <= t[start - 1] <= "\u9fff" and t[start - 1] not in _NOT_NOUN_END):
            return None  # indefinite "a": 一个, 一批, 一套; but 设备一套, (a count closing its clause after a noun)
        if first not in "0123456789" and start > 0 and t[start - 1] in _QUOTES:
            return None  # “三支队伍”, “一人驻村”: names and slogans
    if surface.endswith("人民币") and first not in "0123456789" and not multiplier_written:
        return None  # 王五人民币8万元: 五 is part of a name
    if surface == "年" and (_FOUR_DIGITS.fullmatch(num_text) or _CN_DIGIT_ONLY.fullmatch(num_text)):
        return None  # a year: 2016年, 二〇一九年
    if kind == "duration" and (surface in _CONTEXT_DURATION_UNITS or (num_text in ("一", "壹") and value == 1)):
        if not _duration_context(t, start, end, num_text):
            return None

    # --- what may follow the unit: 三斤半, 一块二, 三块零四, 3斤5两, 5吨多, 元1角1分, 圆整 (one guard) --------------
    nxt = t[end: end + 1]
    if nxt and nxt in _CONTINUATION_FIRST:
        if nxt == "半" and high is None and kind != "count" and _HALF_END.match(t, end + 1):
            value += Decimal("0.5") * info.value_factor  # 三斤半, 一年半, 三成半 (35%)
            end += 1
        elif (surface in ("块", "元", "米") and high is None and first not in "0123456789"
              and (tail := _CN_TAIL.match(t, end)) is not None):
            if tail.group("z"):  # 三块零四 = 3.04
                value += Decimal(_digit(tail.group("d"))) / 100
            else:  # 一块二 = 1.2, 三米九 = 3.9
                value += Decimal(_digit(tail.group("d"))) / 10
            end = tail.end()
        elif surface == "斤" and high is None:
            liang = _LIANG.match(t, end)
            if liang:  # 3斤5两 = 3.5 jin
                value += Decimal(_digit(liang.group(1))) / 10
                end = liang.end()
        elif kind == "money" and surface in ("元", "块") and (
                nxt in "角毛" or t[end + 1: end + 2] in ("角", "毛", "分")):
            jf = _JIAO_FEN.match(t, end)  # 123元1角1分
            if jf and jf.end() > end:
                if jf.group("j"):
                    value += Decimal(_digit(jf.group("j"))) / 10
                if jf.group("f") or jf.group("f2"):  # 七毛八 = 0.78
                    value += Decimal(_digit(jf.group("f") or jf.group("f2"))) / 100
                end = jf.end()
        nxt = t[end: end + 1]
        if nxt == "多" and kind != "count" and _BOUNDARY.match(t, end + 1):
            approx_marks.append(("over", "多"))  # 5吨多, 四年多来: an internal marker, inside the text
            end += 1
        elif nxt == "整" and kind == "money" and surface in ("元", "块") and _BOUNDARY.match(t, end + 1):
            end += 1  # 壹仟玖佰圆整: 整 closes a written sum

    prv = t[start - 1] if start else ""
    if prv:
        # --- sign: 负3.9%, -22.2%, 下降-5% --------------------------------------------------------------
        if (prv in "-−负" and kind != "count" and high is None
                and not (prev_end and _RANGE_JOIN.fullmatch(t, prev_end, start))):
            before = t[start - 2: start - 1] if start > 1 else ""
            if (prv == "负" and before not in _NOT_NEGATIVE) or (
                    prv != "负" and not (before.isascii() and before.isalnum()) and before not in _NOT_MINUS):
                value = -value
                start -= 1
        # --- a currency named before the number: 港币两千九百六十元 ----------------------------------------
        elif surface == "元" and prv in "币元布镑 ":
            cur = _CURRENCY_BEFORE.search(t, max(0, start - 5), start)
            if cur is not None:
                info = UNITS[cur.group(0).strip()]
        # --- approximation markers outside the text -----------------------------------------------------
        if t[start - 1: start] in _PREFIX_LAST:
            pm = _PREFIX_RE.search(t, max(0, start - 3), start)
            if pm is not None:
                marker = pm.group(0)
                code, exceptions = _PREFIX_INFO[marker]
                if not (exceptions and t[max(0, start - len(marker) - 1): start] in exceptions):
                    approx_marks.insert(0, (code, marker))

    # fixed terms (两委, 十三五, 一带一路) are written with Chinese numerals: an Arabic figure is never one
    if not num_text.isascii():
        fixed = _FIXED.search(t, max(0, start - 8), min(len(t), end + 8))
        while fixed is not None:
            if fixed.start() < end and start < fixed.end():
                return None
            fixed = _FIXED.search(t, fixed.end(), min(len(t), end + 8))

    # --- approximation markers after the text: 左右, 以上, (含)以上 -------------------------------------------
    after = t[end: end + 2]
    if after[:1] in "(（" and after:
        skip = _INCLUSIVE.match(t, end)
        if skip:
            after = t[skip.end(): skip.end() + 2]
    if after and after[0] in _SUFFIX_FIRST:
        for marker, code in _SUFFIX_APPROX:
            if after.startswith(marker):
                approx_marks.append((code, marker))
                break
        else:
            if kind == "duration" and after[0] in ("多", "余"):
                approx_marks.append(("over", after[0]))

    approx = approx_text = None
    if approx_marks:
        codes = {c for c, _ in approx_marks}
        approx = "range" if "range" in codes else (codes.pop() if len(codes) == 1 else "about")
        approx_text = "…".join(s for _, s in approx_marks)

    # --- qualifier ----------------------------------------------------------------------------------------
    lo = max(prev_end, start - 16, 0)
    qualifier = None
    if lo < start:
        # the qualifier words match on the fully simplified copy (共計, 總計, 戶均 on traditional text)
        window = normalise_width(_LAST_CLAUSE.search(t, lo, start).group(0))
        for qm in _QUALIFIER.finditer(window):
            qualifier = _QUALIFIER_CODE.get(qm.group(0), "total")

    # --- base value ---------------------------------------------------------------------------------------
    value = _clean(value)
    base_value = _to_base(value, info)
    return Quantity(
        text=text[start:end],
        start=start,
        end=end,
        kind=kind,
        value=value,
        unit=info.unit,
        high=None if high is None else _clean(high),
        base_value=base_value,
        base_unit=info.base_unit,
        approx=approx,
        qualifier=qualifier,
        classifier=surface if info.unit in COUNT_UNITS else None,
        approx_text=approx_text,
    )


def _lone_half(text: str, t: str, pos: int, prev_end: int) -> Quantity | None:
    """半斤, 半米: a lone 半 before a weight or length unit is 0.5 of it (半年 / 半个月 are left out: 上半年)."""
    if t[pos] != "半" or pos < prev_end:
        return None
    m = _HALF_UNIT.match(t, pos + 1)
    if m is None or (pos > 0 and t[pos - 1] in _NOT_HALF_BEFORE):
        return None
    info = UNITS[m.group(0)]
    if info.kind not in ("weight", "length"):
        return None
    value = Decimal("0.5")
    return Quantity(text=text[pos:m.end()], start=pos, end=m.end(), kind=info.kind, value=value, unit=info.unit,
                    base_value=_to_base(value, info), base_unit=info.base_unit)


def _merge_range(text: str, t: str, prev: Quantity, q: Quantity) -> Quantity | None:
    """1800元—2500元, 1万元--5万元, 五块六到五块七毛八: two amounts of one unit joined by a range separator are
    one range amount (ANNOTATION.md: a range keeps both ends in one amount)."""
    if prev.high is not None or prev.unit != q.unit or prev.kind != q.kind:
        return None
    if not _RANGE_JOIN.fullmatch(t, prev.end, q.start):
        return None
    low, high = prev.value, q.value
    if low == high:
        return None
    if high < low:  # 约2.5亿年~6500万年
        low, high = high, low
    marks = [m for m in (prev.approx_text, t[prev.end:q.start].strip()) if m]
    return dataclasses.replace(
        prev, text=text[prev.start:q.end], end=q.end, value=low, high=high,
        base_value=prev.base_value if low == prev.value else q.base_value, approx="range",
        approx_text="…".join(marks))


def _shared_unit_list(text: str, t: str, q: Quantity, prev_end: int) -> list[Quantity] | None:
    """60、80、100和110平方米: bare numbers listed before an amount share its unit (ANNOTATION.md); each gives an
    amount whose text is the number alone. None when the list is one of ordinals (第1、2、3名): no amount."""
    if q.start == 0 or t[q.start - 1] not in _LIST_SEP or q.high is not None or q.approx is not None or q.value < 0:
        return []
    num = _LIST_LAST_NUM.match(t, q.start)
    if num is None:
        return []
    arabic = num.group(0)[:1].isdigit()
    items = []
    pos = q.start
    while True:
        m = _LIST_ITEM.search(t, max(prev_end, pos - 24), pos)
        if m is None or m.start() < prev_end or m.group("n")[:1].isdigit() != arabic:
            break
        if m.start() > 0 and _LIST_BLOCK.match(t[m.start() - 1]):
            return None if t[m.start() - 1] == "第" else []  # 第1、2、3名 (ordinals), 编号A1、2
        items.append(m)
        pos = m.start()
    if not items:
        return []
    unit = UNITS.get(_unit_surface(q))
    if unit is None:
        return []
    out = []
    for m in reversed(items):
        try:
            value = _num(m.group("n"))
        except (ValueError, ArithmeticError):
            return []
        if not value < q.value * 1000:
            return []
        out.append(Quantity(text=text[m.start("n"):m.end("n")], start=m.start("n"), end=m.end("n"), kind=q.kind,
                            value=_clean(value), unit=q.unit, base_value=_to_base(value, unit),
                            base_unit=q.base_unit, classifier=q.classifier))
    return out


def _unit_surface(q: Quantity) -> str:
    """The unit surface at the end of an amount's normalised text (its longest known suffix)."""
    body = normalise_numeric(q.text)
    for k in range(min(5, len(body)), 0, -1):
        if body[-k:] in UNITS:
            return body[-k:]
    return ""


def _num(s: str) -> Decimal:
    """Exact value of a numeral matched on the normalised text (fast path for plain Arabic digits)."""
    if s.isascii() and s.isdigit():
        return Decimal(s)
    return parse_normalised(s)


def _digit(ch: str) -> int:
    return int(ch) if ch.isdigit() else int(parse_normalised(ch))


def _duration_context(t: str, start: int, end: int, num_text: str) -> bool:
    """Whether N年 / N日 / 一天 at ``start:end`` reads as a duration (module docstring)."""
    after = t[end: end + 2]
    if after.startswith(_DURATION_AFTER):
        return True
    before = t[max(0, start - 4): start].rstrip()
    if before.endswith(_DURATION_BEFORE) or before.endswith(("约", "超过", "逾", "不到")):
        return not before.endswith(("最近", "附近"))
    clause = _LAST_CLAUSE.search(t, max(0, start - 12), start).group(0)
    if _DURATION_CLAUSE.search(clause):
        return True
    if start >= 5 and t[start - 1] == "年" and _FOUR_DIGITS.fullmatch(t, start - 5, start - 1):
        return True  # 2006年至2009年三年帮扶
    if _AFTER_YEARS_RANGE.search(t, max(0, start - 4), start):
        return True  # 2.5亿年~6500万年: the high end of a range of years
    return False


def _clean(value: Decimal) -> Decimal:
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _to_base(value: Decimal, info: UnitInfo) -> Decimal:
    if info.surface in _IDENTITY_FACTOR:
        return value
    factor = info.factor
    if factor == 1:
        return _clean(value)
    if factor.denominator == 1:
        return _clean(value * factor.numerator)
    den = factor.denominator
    while den % 2 == 0:
        den //= 2
    while den % 5 == 0:
        den //= 5
    exact = value * factor.numerator / factor.denominator
    if den == 1:  # a terminating fraction (1/2, 1/1000): the Decimal division is exact
        return _clean(exact)
    return _clean(exact.quantize(_CENT, rounding=ROUND_HALF_UP))  # 亩: 2000/3 m2, to 0.01 m2
