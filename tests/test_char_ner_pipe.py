"""The character ner's batched pipe(): the same entities as one document at a time, one failing document
handled alone, and the BLAS switch leaving the entities as they are."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy

from zhnews_ie.components import char_ner
from zhnews_ie.pipeline import build

ROOT = Path(__file__).resolve().parents[1]
MODELS_NER = ROOT / "models" / "ner"

# Synthetic texts in the shapes the pipeline meets: several paragraphs, blank lines, CRLF, full-width ASCII,
# traditional characters, a line longer than MAX_LINE_CHARS, whitespace only, a single character.
TEXTS = [
    "新华社北京3月5日电 国务院总理在人民大会堂作政府工作报告。\n\n上海市浦东新区和江苏省苏州市签署合作协议。",
    "美国总统会见了以色列总理。\r\n中国人民银行宣布下调存款准备金率。",
    "ＡＢＣ公司的张建国在 北京 工作，2021年投资５０万元。",
    "貴州省貴陽市人民政府與國家開發銀行簽署協議。",
    "长江" * 1200 + "，湖北省武汉市。",
    "   ",
    "县",
    "李明在浙江省杭州市西湖区工作。\n王芳在广东省深圳市南山区工作。\n\n\n赵强在四川省成都市工作。",
]


@pytest.fixture(scope="module")
def nlp():
    if not (MODELS_NER / "config.cfg").is_file():
        pytest.skip("needs the trained model in models/ner")
    return build(ner=str(MODELS_NER))


def spans(doc) -> list[tuple[int, int, str]]:
    return [(e.start_char, e.end_char, e.label_) for e in doc.ents]


@pytest.mark.parametrize("batch_size", [1, 3, 32])
def test_pipe_gives_the_entities_of_call(nlp, batch_size):
    one_by_one = [spans(nlp(text)) for text in TEXTS]
    assert [spans(doc) for doc in nlp.pipe(TEXTS, batch_size=batch_size)] == one_by_one
    assert any(one_by_one)  # the texts do have entities


def test_component_pipe_matches_call_on_word_docs(nlp):
    component = nlp.get_pipe("zhnews_ie_char_ner")
    piped = list(component.pipe([nlp.make_doc(t) for t in TEXTS], batch_size=4))
    called = [component(nlp.make_doc(t)) for t in TEXTS]
    assert [spans(d) for d in piped] == [spans(d) for d in called]
    for doc, text in zip(piped, TEXTS):
        assert doc.text == text


def test_a_failing_document_goes_alone_to_the_error_handler(nlp, monkeypatch):
    real = char_ner.predict_texts

    def failing(model, texts, *args, **kwargs):
        if any("故障" in t for t in texts):
            raise RuntimeError("synthetic failure")
        return real(model, texts, *args, **kwargs)

    monkeypatch.setattr(char_ner, "predict_texts", failing)
    texts = [TEXTS[0], "这一段会触发故障。", TEXTS[1], TEXTS[7]]
    seen = []
    nlp.set_error_handler(lambda name, proc, docs, err: seen.append((name, [d.text for d in docs], str(err))))
    try:
        out = list(nlp.pipe(texts, batch_size=4))
    finally:
        from spacy.util import raise_error

        nlp.set_error_handler(raise_error)
    assert seen == [("zhnews_ie_char_ner", ["这一段会触发故障。"], "synthetic failure")]
    assert [d.text for d in out] == [TEXTS[0], TEXTS[1], TEXTS[7]]
    monkeypatch.setattr(char_ner, "predict_texts", real)
    assert [spans(d) for d in out] == [spans(nlp(t)) for t in (TEXTS[0], TEXTS[1], TEXTS[7])]


def test_the_default_handler_raises(nlp, monkeypatch):
    def failing(model, texts, *args, **kwargs):
        raise RuntimeError("synthetic failure")

    monkeypatch.setattr(char_ner, "predict_texts", failing)
    with pytest.raises(RuntimeError, match="synthetic failure"):
        list(nlp.pipe(TEXTS[:2]))


def test_numpy_blas_gives_the_entities_of_blis(nlp):
    """The BLAS switch changes how the products are computed, not what the model finds."""
    pytest.importorskip("threadpoolctl")
    blis_model = spacy.load(MODELS_NER)  # thinc's default ops: BLIS
    fast = nlp.get_pipe("zhnews_ie_char_ner").model
    assert char_ner.predict_texts(fast, TEXTS, blas_threads=1) == char_ner.predict_texts(blis_model, TEXTS)


def test_blas_threads_are_restored_after_the_model_ran(nlp):
    threadpoolctl = pytest.importorskip("threadpoolctl")
    before = [lib["num_threads"] for lib in threadpoolctl.threadpool_info() if lib["user_api"] == "blas"]
    char_ner.predict_texts(nlp.get_pipe("zhnews_ie_char_ner").model, TEXTS[:1], blas_threads=1)
    after = [lib["num_threads"] for lib in threadpoolctl.threadpool_info() if lib["user_api"] == "blas"]
    assert after == before


@pytest.mark.parametrize("batch_tokens", [1, 50, 2000, 10 ** 6])
def test_the_model_batch_size_does_not_change_the_entities(nlp, batch_tokens):
    model = nlp.get_pipe("zhnews_ie_char_ner").model
    assert char_ner.predict_texts(model, TEXTS, batch_tokens) == [char_ner.predict_entities(model, t) for t in TEXTS]


@pytest.mark.parametrize("sep", ["\u2028", "\r", "\u2029", "\x85", "\x0c"])
def test_no_model_entity_crosses_a_line_break(sep):
    from zhnews_ie.pipeline import load

    text = f"大连{sep}人民政府投入资金。"
    doc = load()(text)
    assert all(sep not in e.text for e in doc.ents)


def test_batch_size_zero_keeps_every_doc():
    from zhnews_ie.pipeline import load

    texts = ["李明在浙江省工作。", "王芳在北京。"]
    docs = list(load().pipe(texts, batch_size=0))
    assert [d.text for d in docs] == texts


@pytest.mark.parametrize("bad", [0, -1, 1.5, True, "2"])
def test_blas_threads_must_be_positive(bad):
    import spacy

    from zhnews_ie.components.char_ner import CharNER

    with pytest.raises(ValueError, match="blas_threads"):
        CharNER(spacy.blank("zh"), blas_threads=bad)


def test_to_bytes_keeps_the_character_model():
    import spacy

    from zhnews_ie.pipeline import load

    nlp = load()
    text = "李明在浙江省杭州市工作。"
    nlp2 = spacy.util.load_model_from_config(nlp.config, auto_fill=True)
    nlp2.from_bytes(nlp.to_bytes())
    assert [(e.text, e.label_) for e in nlp2(text).ents] == [(e.text, e.label_) for e in nlp(text).ents]
    assert ("李明", "PER") in [(e.text, e.label_) for e in nlp2(text).ents]
