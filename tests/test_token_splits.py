"""``ensure_boundaries`` splits many tokens by rebuilding the doc in place (``_rebuild_split``, linear time); the
result must be what spaCy's retokenizer gives, which it still uses for a few splits (``FEW_SPLITS``)."""

from __future__ import annotations

import random

import pytest
import spacy
from spacy.attrs import (ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE, HEAD, IDX, LEMMA, MORPH, NORM, ORTH, POS, SENT_START,
                         SPACY, TAG)
from spacy.tokens import Doc, Span

import zhnews_ie
from zhnews_ie.components import _common

ATTRS = [ORTH, SPACY, IDX, NORM, LEMMA, POS, TAG, MORPH, HEAD, SENT_START, ENT_IOB, ENT_TYPE, ENT_ID, ENT_KB_ID]
CHARS = "贵阳海关扶贫资金万元县村镇ＡＢ１２ab"


def _random_doc(vocab, seed: int) -> tuple[Doc, list[tuple[int, int]]]:
    rng = random.Random(seed)
    n = rng.randint(1, 40)
    words = ["".join(rng.choice(CHARS) for _ in range(rng.randint(1, 5))) for _ in range(n)]
    extra = {}
    if rng.random() < 0.5:
        extra["tags"] = [rng.choice(["N", "V", "NT"]) for _ in range(n)]
        extra["pos"] = [rng.choice(["NOUN", "VERB", "PROPN"]) for _ in range(n)]
    if rng.random() < 0.5:
        extra["lemmas"] = [rng.choice([w, "lemma"]) for w in words]
    if rng.random() < 0.3:
        extra["morphs"] = [rng.choice(["", "Number=Sing"]) for _ in range(n)]
    if rng.random() < 0.5:
        extra["sent_starts"] = [rng.choice([True, False, None]) for _ in range(n)]
    doc = Doc(vocab, words=words, spaces=[rng.random() < 0.2 for _ in range(n)], **extra)
    for token in doc:
        if rng.random() < 0.3:
            token.norm_ = rng.choice(["norm", token.text.lower()])
    ents, i = [], 0
    while i < n:
        if rng.random() < 0.3:
            j = min(n, i + rng.randint(1, 3))
            ents.append(Span(doc, i, j, label=rng.choice(["ORG", "LOC"]), kb_id=rng.choice(["", "Q1"]),
                             span_id=rng.choice(["", "x"])))
            i = j + 1
        else:
            i += 1
    doc.set_ents(ents, default=rng.choice(["outside", "missing"]))
    starts = sorted(rng.randint(0, n - 1) for _ in range(rng.randint(0, 4)))
    doc.spans["group"] = [Span(doc, s, rng.randint(s + 1, n), label="X", kb_id="K") for s in starts]
    doc._.zhnews_dates = {"0:1": {"value": str(seed)}}
    doc.cats = {"c": 0.5}
    size = len(doc.text)
    offsets = [(a, rng.randint(a, size)) for a in (rng.randint(0, size) for _ in range(rng.randint(0, 30)))]
    return doc, offsets


def _state(doc: Doc) -> tuple:
    return (doc.to_array(ATTRS).tolist(), doc.text, [(t.norm_, t.lemma_, str(t.morph)) for t in doc],
            [(e.start, e.end, e.label_, e.kb_id_, e.id_) for e in doc.ents],
            {k: [(s.start, s.end, s.label_, s.kb_id_) for s in g] for k, g in doc.spans.items()},
            doc._.zhnews_dates, doc.cats)


def test_rebuild_gives_the_retokenizers_tokens(monkeypatch):
    vocab = spacy.blank("zh").vocab
    rebuilt = 0
    for seed in range(300):
        retok, offsets = _random_doc(vocab, seed)
        monkeypatch.setattr(_common, "FEW_SPLITS", 10**9)
        _common.ensure_boundaries(retok, offsets)
        doc, _ = _random_doc(vocab, seed)
        same = id(doc)
        before = len(doc)
        monkeypatch.setattr(_common, "FEW_SPLITS", -1)
        _common.ensure_boundaries(doc, offsets)
        rebuilt += len(doc) > before
        assert id(doc) == same
        assert _state(doc) == _state(retok), seed
    assert rebuilt > 200


@pytest.mark.parametrize("text", ["人民网讯，" * 400, "2019年5月9日电" * 300])
def test_many_splits_give_the_same_records(nlp, monkeypatch, text):
    monkeypatch.setattr(_common, "FEW_SPLITS", 10**9)
    retok = zhnews_ie.extract(text, nlp=nlp).to_dict()
    monkeypatch.setattr(_common, "FEW_SPLITS", -1)
    assert zhnews_ie.extract(text, nlp=nlp).to_dict() == retok
