"""China's administrative divisions (GB/T 2260): names, short names, codes and parents.

The index is built once per process from the newest revision held by the maintained ``GB2260`` package
(``gb2260.data.data[None]``, the package's "latest" revision, newer than its dated keys) and cached. It maps
every full name (贵州省, 贵阳市, 长子县, 彭水苗族土家族自治县) and every derived short name (贵州, 贵阳, 长子,
彭水, plus the colloquial 彭水县 / 黔东南州 forms of autonomous counties and prefectures) to the divisions
that bear it. Towns (镇/乡/街道) and villages (村) are not part of GB/T 2260; the entities component finds
them by pattern.

Short names are derived by stripping, in this order, a division suffix (自治区, 自治州, 自治县, 自治旗,
特别行政区, 地区, 林区, 省, 市, 县, 区, 州, 盟, 旗) and then any run of ethnic group names
(``resources/division_ethnic_groups.txt``: 壮族, 苗族土家族, 维吾尔, 各族 ...). A short name is never a
single character (忠县, 赵县 keep only their full names).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Iterable

LEVELS = ("province", "prefecture", "county")

# Placeholder rows of GB/T 2260 that are groupings, not places.
_PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "省直辖行政单位"})
_SUFFIXES = ("特别行政区", "自治区", "自治州", "自治县", "自治旗", "地区", "林区", "省", "市", "县", "区", "州", "盟", "旗")


@dataclass(frozen=True)
class Division:
    """One administrative division of GB/T 2260.

    code (str): The six-digit code, e.g. "520100".
    name (str): The full official name, e.g. "贵阳市".
    level (str): "province", "prefecture" or "county" (county-level: 县, 区, 县级市, 旗 ...).
    parent (str | None): Code of the nearest real parent division (placeholders such as 市辖区 and
        省直辖县级行政区划 are skipped), None for a province.
    """

    code: str
    name: str
    level: str
    parent: str | None


def _read_lines(resource: str) -> list[str]:
    """Non-empty, non-comment lines of a data file in ``zhnews_ie.resources``."""
    text = files("zhnews_ie.resources").joinpath(resource).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


def _level(code: int) -> str:
    if code % 10000 == 0:
        return "province"
    if code % 100 == 0:
        return "prefecture"
    return "county"


@cache
def _ethnic_re() -> re.Pattern[str]:
    names = sorted(_read_lines("division_ethnic_groups.txt"), key=len, reverse=True)
    alternatives = "|".join(re.escape(n) + "族" for n in names) + "|维吾尔"
    return re.compile(f"(?:{alternatives})+$")


def short_names(name: str) -> list[str]:
    """Derive the short names of a full division name.

    name (str): A full name, e.g. "广西壮族自治区", "彭水苗族土家族自治县", "贵阳市".
    RETURNS (list[str]): The short names, most usual first (["广西"], ["彭水", "彭水县"], ["贵阳"]);
        never a one-character name, empty when nothing sensible remains (城区, 郊区, 忠县).
    """
    out: list[str] = []
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            stem = _ethnic_re().sub("", stem) or stem
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


@cache
def _index() -> _Index:
    """Build the name index from the newest GB2260 revision (once per process)."""
    from gb2260.data import data  # imported lazily: the module is large

    rows: dict[int, str] = data[None]
    by_code: dict[str, Division] = {}
    for code, name in rows.items():
        if name in _PLACEHOLDERS:
            continue
        level = _level(code)
        parent: str | None = None
        if level == "county":
            pref = code // 100 * 100
            parent = str(pref) if rows.get(pref) not in (None, *_PLACEHOLDERS) else str(code // 10000 * 10000)
        elif level == "prefecture":
            parent = str(code // 10000 * 10000)
        by_code[str(code)] = Division(str(code), name, level, parent)
    full: dict[str, list[Division]] = {}
    short: dict[str, list[Division]] = {}
    for div in sorted(by_code.values(), key=lambda d: d.code):
        full.setdefault(div.name, []).append(div)
    for div in sorted(by_code.values(), key=lambda d: d.code):
        for alias in short_names(div.name):
            if alias in full:  # an alias equal to another division's full name stays that name
                continue
            short.setdefault(alias, []).append(div)
    return _Index(
        by_code,
        {k: tuple(v) for k, v in full.items()},
        {k: tuple(v) for k, v in short.items()},
    )


def get(code: str | int) -> Division | None:
    """The division with this code.

    code (str | int): A six-digit GB/T 2260 code.
    RETURNS (Division | None): The division, None when the newest revision has no such code.
    """
    return _index().by_code.get(str(code))


def lookup(name: str) -> list[Division]:
    """All divisions that a full or short name may denote.

    name (str): A full name (贵阳市) or a short name (贵阳, 彭水, 彭水县).
    RETURNS (list[Division]): Divisions whose full name is ``name`` first, then those whose short name is
        ``name``; empty when unknown. Sorted by code within each group.
    """
    idx = _index()
    return list(idx.full.get(name, ())) + list(idx.short.get(name, ()))


def resolve(name: str) -> Division | None:
    """The one division a name denotes, when that is unambiguous.

    A full name shared by several divisions (朝阳区, 鼓楼区) and a short name shared by several divisions
    resolve to None. A full name wins over short names of other divisions.

    name (str): A full or short division name.
    RETURNS (Division | None): The division, or None when unknown or ambiguous.
    """
    idx = _index()
    found = idx.full.get(name) or idx.short.get(name) or ()
    return found[0] if len(found) == 1 else None


def parents(code: str | int) -> list[Division]:
    """The chain of parents of a division, nearest first.

    code (str | int): A six-digit code, e.g. "520102".
    RETURNS (list[Division]): E.g. [贵阳市 520100, 贵州省 520000]; empty for a province or an unknown code.
    """
    out: list[Division] = []
    div = get(code)
    while div is not None and div.parent is not None:
        div = get(div.parent)
        if div is None:
            break
        out.append(div)
    return out


def full_names() -> frozenset[str]:
    """All full division names of the newest revision (placeholders excluded).

    RETURNS (frozenset[str]): E.g. {"贵州省", "贵阳市", "长子县", ...}.
    """
    return frozenset(_index().full)


def all_short_names() -> frozenset[str]:
    """All derived short names (never one character; those equal to a full name are left out).

    RETURNS (frozenset[str]): E.g. {"贵州", "贵阳", "彭水", "彭水县", ...}.
    """
    return frozenset(_index().short)


def all_names() -> frozenset[str]:
    """Every full and short name, for a gazetteer.

    RETURNS (frozenset[str]): The union of ``full_names()`` and ``all_short_names()``.
    """
    return full_names() | all_short_names()


def is_district_short(name: str) -> bool:
    """Whether every division a short name stands for is an urban district (区).

    District short names (斗门, 南明) are used as prefixes of organisation names (斗门海关) far more often
    than alone, and many are ordinary words (光明, 前进, 友好), so the gazetteer treats them apart.

    name (str): A short name.
    RETURNS (bool): True when all its divisions' full names end in 区.
    """
    divs = _index().short.get(name, ())
    return bool(divs) and all(d.name.endswith("区") for d in divs)


def place_prefix(org_name: str) -> Division | None:
    """The division an organisation name starts with (the longest matching name).

    org_name (str): E.g. "贵阳海关", "长子县人民政府", "国家开发银行贵州省分行".
    RETURNS (Division | None): 贵阳海关 → 贵阳市 (520100); 长子县人民政府 → 长子县 (140428); None when the name
        does not start with a division name or that name is ambiguous (国家开发银行... → None). A district's
        short name (斗门, 华龙) locates only public bodies (斗门海关 → 斗门区; 华龙网 → None).
    """
    idx = _index()
    for end in range(min(len(org_name), 20), 1, -1):
        head = org_name[:end]
        if head in idx.full:
            return resolve(head)
        if head in idx.short:
            if is_district_short(head) and not org_name[end:].startswith(_PUBLIC_BODY_HEADS):
                return None  # 华龙网 is a media brand, not an office of 华龙区; 斗门海关 is in 斗门区
            return resolve(head)
    return None


# After a district's short name, only a public body of that district locates the organisation there.
_PUBLIC_BODY_HEADS = ("海关", "人民政府", "政府", "区委", "区政府", "法院", "检察院", "公安", "税务", "街道",
                      "镇", "乡", "中学", "小学", "医院", "人社", "财政", "教育", "农业", "民政", "卫生", "交通")


def names_in(text: str) -> Iterable[tuple[int, int, str]]:
    """Every occurrence of a full or short division name in a text (overlapping, all lengths).

    text (str): Any text.
    RETURNS (Iterable[tuple[int, int, str]]): (start, end, name) triples.
    """
    names = all_names()
    for i in range(len(text)):
        for end in range(min(len(text), i + 20), i + 1, -1):
            if text[i:end] in names:
                yield i, end, text[i:end]
