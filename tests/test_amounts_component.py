"""The amounts and dates spaCy components."""

from pathlib import Path

import spacy
from spacy.tokens import DocBin
from spacy.training import Example

import zhnews_ie.components.amounts  # noqa: F401  (registers the factory and scorer)
import zhnews_ie.components.dates  # noqa: F401

SEED = Path(__file__).parents[1] / "corpus" / "000_c51bca92e9469e1b.txt"


def _nlp():
    nlp = spacy.blank("zh")
    nlp.add_pipe("zhnews_ie_dates")
    nlp.add_pipe("zhnews_ie_amounts")
    return nlp


def test_spans_and_values():
    nlp = _nlp()
    doc = nlp("帮助562户贫困户共计2325人脱贫,投入资金和物资合计45.28万元。2016年启动。")
    spans = doc.spans["amounts"]
    assert [(s.text, s.label_) for s in spans] == [("562户", "count"), ("2325人", "count"), ("45.28万元", "money")]
    values = doc._.zhnews_amounts
    v = values[f"{spans[2].start_char}:{spans[2].end_char}"]
    assert v == {"text": "45.28万元", "kind": "money", "value": "452800", "unit": "CNY", "high": None,
                 "base_value": "452800", "base_unit": "CNY", "approx": None, "qualifier": "total", "classifier": None}
    assert values[f"{spans[1].start_char}:{spans[1].end_char}"]["qualifier"] == "total"
    assert [(s.text, s.label_) for s in doc.spans["dates"]] == [("2016年", "DATE")]
    assert list(doc._.zhnews_dates.values()) == [{"text": "2016年", "value": "2016"}]


def test_token_split_when_edges_fall_inside_tokens():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "char"}}})
    nlp.add_pipe("zhnews_ie_amounts")
    doc = nlp.make_doc("投入45.28万元")
    # merge everything into one token so the amount edge falls inside it
    with doc.retokenize() as r:
        r.merge(doc[0:len(doc)])
    doc = nlp.get_pipe("zhnews_ie_amounts")(doc)
    assert [s.text for s in doc.spans["amounts"]] == ["45.28万元"]


def test_seed_and_docbin_round_trip():
    nlp = _nlp()
    doc = nlp(SEED.read_text(encoding="utf-8"))
    assert len(doc.spans["amounts"]) == 52
    assert all(s.text == doc.text[s.start_char:s.end_char] for s in doc.spans["amounts"])
    db = DocBin(store_user_data=True)
    db.add(doc)
    back = list(DocBin().from_bytes(db.to_bytes()).get_docs(nlp.vocab))[0]
    assert back._.zhnews_amounts == doc._.zhnews_amounts
    assert [s.text for s in back.spans["amounts"]] == [s.text for s in doc.spans["amounts"]]


def test_scorer_keys():
    nlp = _nlp()
    text = "帮助562户贫困户共计2325人脱贫。2016年启动。"
    gold = nlp(text)
    scores = nlp.evaluate([Example(nlp.make_doc(text), gold)])
    assert scores["amounts_f"] == 1.0 and scores["amounts_p"] == 1.0 and scores["amounts_r"] == 1.0
    assert scores["dates_f"] == 1.0
    gold.spans["amounts"] = [gold.spans["amounts"][0]]
    scores = nlp.evaluate([Example(nlp.make_doc(text), gold)])
    assert scores["amounts_p"] == 0.5 and scores["amounts_r"] == 1.0


def test_factory_config():
    nlp = spacy.blank("zh")
    comp = nlp.add_pipe("zhnews_ie_amounts", config={"spans_key": "qty"})
    doc = nlp("销售87万斤")
    assert [s.text for s in doc.spans["qty"]] == ["87万斤"]
    assert comp.spans_key == "qty"
    assert nlp.get_pipe_meta("zhnews_ie_amounts").assigns == ["doc.spans", "doc._.zhnews_amounts"]
