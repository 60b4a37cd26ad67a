"""Length-preserving text normalisation.

Every normalisation in zhnews_ie happens on a *copy* of the input whose length equals the input's, so that
an offset found on the copy is an offset into the original: ``input[start:end]`` is what was matched.
"""

from __future__ import annotations

_FULLWIDTH_OFFSET = 0xFEE0
# Full-width ASCII variants U+FF01..U+FF5E map to U+0021..U+007E; the ideographic space U+3000 maps to a space.
_WIDTH_TABLE = {cp: cp - _FULLWIDTH_OFFSET for cp in range(0xFF01, 0xFF5F)}
_WIDTH_TABLE[0x3000] = 0x20
# Full-width decimal point variants seen in news text (．is already covered by the range above).
_WIDTH_TABLE[0xFF0E] = ord(".")


def normalise_width(text: str) -> str:
    """Map full-width ASCII characters to half-width, one character for one character.

    text (str): The input text.
    RETURNS (str): A copy with U+FF01..U+FF5E and U+3000 replaced by their half-width forms. The result has
        exactly ``len(text)`` characters, so offsets into it are offsets into ``text``.
    """
    return text.translate(_WIDTH_TABLE)


def has_chinese(text: str) -> bool:
    """Whether the text contains at least one CJK unified ideograph.

    text (str): The input text.
    RETURNS (bool): True when a CJK unified or compatibility ideograph occurs: U+4E00..U+9FFF, U+3400..U+4DBF,
        U+F900..U+FAFF, or the supplementary planes' U+20000..U+3134F (extensions B to G, compatibility
        supplement).
    """
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" or "\uf900" <= ch <= "\ufaff"
               or "\U00020000" <= ch <= "\U0003134f" for ch in text)
