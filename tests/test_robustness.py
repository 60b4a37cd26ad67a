"""Pathological inputs found by adversarial testing: long runs that once made the amount regex and the entity
component quadratic (8,000 × 万 took 7 s, 8,000 × 王 took 9 s). They must run through and keep the offset
invariant; their speed is watched by the benchmarks, not asserted here."""

from __future__ import annotations

import pytest

import zhnews_ie


@pytest.mark.parametrize(
    "text",
    ["贵阳" + "万" * 20000, "贵阳" + "王" * 20000, "贵阳" + "1万" * 10000, "贵阳" + "百分之" * 5000,
     "贵阳海关" + "(（《【「" * 2000 + "投入1万元" + "」】》）)" * 2000],
)
def test_long_runs(nlp, text):
    article = zhnews_ie.extract(text, nlp=nlp)
    for rec in article.amounts + article.entities + article.dates:
        assert text[rec.start:rec.end] == rec.text
