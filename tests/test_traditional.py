"""Traditional characters are read (issue 12): names, numbers and units are matched on a simplified copy of the
text (``grammar.text.normalise_width``), while offsets and record texts stay those of the input."""

from __future__ import annotations

import pytest

import zhnews_ie
from zhnews_ie.grammar.text import normalise_width

TEXT = "貴陽海關近日查獲凍品87萬斤，價值45.28萬元。貴州省扶貧辦為全縣320戶貧困戶發放補貼。"


@pytest.mark.parametrize("given,expected", [
    ("貴陽海關", "贵阳海关"),
    ("87萬斤", "87万斤"),
    ("ＡＢＣ１２３", "ABC123"),          # full width as before
    ("後來的发展", "后来的发展"),       # mixed text: only the traditional characters change
    ("贵阳海关", "贵阳海关"),
])
def test_match_copy(given, expected):
    out = normalise_width(given)
    assert out == expected and len(out) == len(given)


def test_traditional_article_is_read(nlp):
    article = zhnews_ie.extract(TEXT, nlp=nlp)
    ents = {(e.text, e.label) for e in article.entities}
    assert ("貴陽海關", "ORG") in ents
    assert [(a.text, a.value, a.unit) for a in article.amounts] == [
        ("87萬斤", 870000, "jin"), ("45.28萬元", 452800, "CNY"), ("320戶", 320, "household")]
    for rec in article.entities + article.amounts:
        assert TEXT[rec.start:rec.end] == rec.text
