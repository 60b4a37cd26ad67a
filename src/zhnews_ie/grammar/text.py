"""Length-preserving text normalisation.

Every normalisation in zhnews_ie happens on a *copy* of the input whose length equals the input's, so that
an offset found on the copy is an offset into the original: ``input[start:end]`` is what was matched.
"""

from __future__ import annotations

import re
from importlib import resources

_FULLWIDTH_OFFSET = 0xFEE0
# Full-width ASCII variants U+FF01..U+FF5E map to U+0021..U+007E; the ideographic space U+3000 maps to a space.
_WIDTH_TABLE = {cp: cp - _FULLWIDTH_OFFSET for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20
# Full-width decimal point variants seen in news text (．is already covered by the range above).
_WIDTH_TABLE[0xFF0E] = ord(".")


def _read_ts_table() -> dict[int, int]:
    """Traditional → simplified, one character for one (``resources/ts_characters.tsv``, from OpenCC's
    TSCharacters under the Apache License 2.0; ``tools/make_ts_characters.py`` rebuilds it)."""
    text = resources.files("zhnews_ie.resources").joinpath("ts_characters.tsv").read_text(encoding="utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            trad, simp = line.split("\t")
            table[ord(trad)] = ord(simp)
    return table


# Traditional characters are read as their simplified forms (貴陽海關 is matched as 贵阳海关, 萬 as 万): the
# segmenter, the ner and the rules were all built on simplified text.
_TS_TABLE = _read_ts_table()
_MATCH_TABLE = {**_TS_TABLE, **_WIDTH_TABLE}


# Invisible format characters that may sit inside a number (zero-width space/joiners, word joiner, BOM, soft
# hyphen). They are skipped when numbers are read (strip_invisible), never treated as separators.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_INVISIBLE_SET = frozenset(INVISIBLE)

# The numeric copy: width-normalised, but the full-width comma stays a clause separator (20，300元 is two
# numbers; 12,345元 with an ASCII comma is one), and traditional forms of numeral and unit characters map to
# their simplified forms one for one (萬 億 點 個 圓 兩 戶 貳 參 陸 塊 噸 畝 公裡 ...).
_NUMERIC_TABLE = dict(_WIDTH_TABLE)
del _NUMERIC_TABLE[0xFF0C]
_TRADITIONAL = {ord(pair[0]): ord(pair[1]) for pair in (
    "萬万", "億亿", "點点", "個个", "圓元", "圆元", "兩两", "戶户", "貳贰", "參叁", "陸陆", "塊块", "噸吨", "畝亩",
    "裡里", "釐厘", "頃顷", "餘余", "約约", "來来", "幾几", "數数", "負负", "內内", "後后", "週周", "項项",
    "場场", "隻只", "條条", "輛辆", "張张", "屆届", "輪轮", "筆笔", "對对", "處处", "門门", "節节", "層层",
    "間间", "歲岁", "單单", "雙双", "臺台", "幣币", "裏里", "倆两", "碼码", "鎊镑", "盧卢", "韓韩", "圍围",
)}
_TRADITIONAL_RE = re.compile("[" + "".join(map(chr, _TRADITIONAL)) + "]")
_INVISIBLE_RE = re.compile("[" + INVISIBLE + "]")


def normalise_numeric(text: str) -> str:
    """The copy numbers and units are matched on: :func:`normalise_width`, except that the full-width comma
    ``，`` is kept (a clause separator, not a thousands separator), and traditional numeral/unit characters
    map to simplified ones (萬 → 万, 億 → 亿, 點 → 点, 個 → 个, 圓 → 元, 兩 → 两, 戶 → 户 ...).

    text (str): The input text.
    RETURNS (str): A copy with exactly ``len(text)`` characters.
    """
    out = text.translate(_NUMERIC_TABLE)
    if _TRADITIONAL_RE.search(text) is None:  # the common case: one translate pass only
        return out
    return out.translate(_TRADITIONAL)


def strip_invisible(text: str) -> tuple[str, list[int] | None]:
    """Remove invisible format characters (:data:`INVISIBLE`) so that ``12\u200b345`` reads as one number.

    text (str): The input text.
    RETURNS (tuple[str, list[int] | None]): The text without them and, when something was removed, the map
        from each index of the result (and its length) to the index in ``text``; None when nothing was removed.
    """
    if _INVISIBLE_RE.search(text) is None:
        return text, None
    keep = [i for i, ch in enumerate(text) if ch not in _INVISIBLE_SET]
    keep.append(len(text))
    return "".join(text[i] for i in keep[:-1]), keep


def normalise_width(text: str) -> str:
    """Map full-width ASCII characters to half-width and traditional characters to simplified ones, one
    character for one character: the copy that names, words and dates are matched on.

    text (str): The input text.
    RETURNS (str): A copy with U+FF01..U+FF5E and U+3000 replaced by their half-width forms and traditional
        characters by their simplified forms (``resources/ts_characters.tsv``). The result has exactly
        ``len(text)`` characters, so offsets into it are offsets into ``text``.
    """
    return text.translate(_MATCH_TABLE)


def has_chinese(text: str) -> bool:
    """Whether the text contains at least one CJK unified ideograph.

    text (str): The input text.
    RETURNS (bool): True when a CJK unified or compatibility ideograph occurs: U+4E00..U+9FFF, U+3400..U+4DBF,
        U+F900..U+FAFF, or the supplementary planes' U+20000..U+3134F (extensions B to G, compatibility
        supplement).
    """
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"
               or "\U00020000" <= ch <= "\U0003134f" for ch in text)
