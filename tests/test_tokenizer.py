"""Tests for the zhnews_ie tokenizer (pkuseg + protected runs + exact round-trip)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import zhnews_ie.tokenizer as tok_module  # registers zhnews_ie.Tokenizer.v1
from zhnews_ie.tokenizer import ZhNewsTokenizer, create_tokenizer, resolve_segmenter_path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "corpus" / "000_c51bca92e9469e1b.txt"
EXAMPLE = "  贵阳海关\n\n查获  冻品 87万斤。"
HEADER = "2019-05-09 13:26:36|来源:中央广电总台国际在线|编辑:杨云|责编:陈梦楠"

pytestmark = pytest.mark.skipif(
    not (resolve_segmenter_path() / "model.json").is_file(), reason="no trained segmenter in models/segmenter"
)


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zhnews_ie.Tokenizer.v1"}}})


def texts(doc):
    return [t.text for t in doc]


def test_blank_pipeline_uses_our_tokenizer(nlp):
    assert isinstance(nlp.tokenizer, ZhNewsTokenizer)
    assert nlp.tokenizer.segmenter == "default"


def test_example_round_trip_and_whitespace(nlp):
    doc = nlp(EXAMPLE)
    assert doc.text == EXAMPLE
    for t in doc:
        assert t.text.strip() == "" or not any(ch.isspace() for ch in t.text), repr(t.text)
    assert "\n\n" in texts(doc)
    # the leading two spaces are one whitespace token
    assert doc[0].text == "  "
    # offset of 87万斤 preserved; the number is its own token
    tok87 = next(t for t in doc if t.text.startswith("87"))
    assert tok87.idx == EXAMPLE.index("87万斤")
    assert tok87.text == "87"


def test_seed_round_trip(nlp):
    text = SEED.read_text(encoding="utf-8")
    doc = nlp(text)
    assert doc.text == text
    assert sum(len(t.text_with_ws) for t in doc) == len(text)
    for t in doc:
        assert t.text.isspace() or not any(ch.isspace() for ch in t.text)
    words = texts(doc)
    for run in ("2019-05-09", "13:26:36", "45.28", "Wifi"):
        assert run in words, run


def test_header_line(nlp):
    words = texts(nlp(HEADER))
    assert words[:2] == ["2019-05-09", "13:26:36"]
    assert words[2] == "|"
    assert "".join(words) == HEADER.replace(" ", "")


@pytest.mark.parametrize(
    "text,run",
    [
        ("投入资金合计45.28万元", "45.28"),
        ("上证指数收于2514.37点", "2514.37"),
        ("上证指数收于2,514.37点", "2,514.37"),
        ("同比增长10.1%,高于预期", "10.1%"),
        ("详见网站www.dzcjw.com查询", "www.dzcjw.com"),
        ("访问https://www.gov.cn/xinwen/2019-05/09/content_1.htm。", "https://www.gov.cn/xinwen/2019-05/09/content_1.htm"),
        ("来信请寄news@xinhua.org.cn,谢谢", "news@xinhua.org.cn"),
        ("实现了公共Wifi全覆盖", "Wifi"),
        ("图片f718e4c0237b4cfb839f89a77ec11a6c.jpg已上传", "f718e4c0237b4cfb839f89a77ec11a6c.jpg"),
        ("发布于2019/05/09", "2019/05/09"),
        ("时间13:26:36发布", "13:26:36"),
        ("日期2019-05-09发布", "2019-05-09"),
    ],
)
def test_protected_runs_whole(nlp, text, run):
    doc = nlp(text)
    assert doc.text == text
    assert run in texts(doc)
    tok = next(t for t in doc if t.text == run)
    assert tok.idx == text.index(run)


def test_full_width_number_is_one_token(nlp):
    text = "合计４５．２８万元"
    doc = nlp(text)
    assert doc.text == text
    assert "４５．２８" in texts(doc)
    assert not any(t.text in ("４５", "２８", "．") for t in doc)


def test_ideographic_and_em_spaces_are_tokens(nlp):
    text = "\u3000\u3000据报道\u2003今天\t上午 发布。\n"
    doc = nlp(text)
    assert doc.text == text
    assert "\u3000\u3000" in texts(doc)
    assert "\u2003" in texts(doc)
    assert "\t" in texts(doc)


def test_empty_and_whitespace_only(nlp):
    assert len(nlp("")) == 0
    assert nlp("").text == ""
    for text in (" ", "  ", "\n", " \n ", "\u3000"):
        doc = nlp(text)
        assert doc.text == text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from(list("贵阳海关查获冻品万斤。，0123456789.,:%-/@wW ａ１２．％\u3000\u2003\n\t")),
        ),
        max_size=80,
    )
)
def test_round_trip_random(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    for t in doc:
        assert t.text.isspace() or not any(ch.isspace() for ch in t.text)


def test_pickle_round_trip(nlp):
    tokenizer = nlp.tokenizer
    data = pickle.dumps(tokenizer)
    assert len(data) < 100_000  # the model is not pickled
    tokenizer2 = pickle.loads(data)
    assert isinstance(tokenizer2, ZhNewsTokenizer)
    assert texts(tokenizer2(EXAMPLE)) == texts(tokenizer(EXAMPLE))
    nlp2 = pickle.loads(pickle.dumps(nlp))
    assert texts(nlp2(HEADER)) == texts(nlp(HEADER))


def test_model_shared_per_process(nlp):
    nlp2 = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zhnews_ie.Tokenizer.v1"}}})
    nlp2("测试")
    nlp("测试")
    assert nlp.tokenizer.pkuseg is nlp2.tokenizer.pkuseg


def test_to_disk_spacy_load_round_trip(nlp, tmp_path):
    nlp.to_disk(tmp_path / "pipeline")
    assert (tmp_path / "pipeline" / "tokenizer" / "cfg").is_file()
    nlp2 = spacy.load(tmp_path / "pipeline")
    assert isinstance(nlp2.tokenizer, ZhNewsTokenizer)
    assert nlp2.tokenizer.segmenter == "default"
    assert texts(nlp2(EXAMPLE)) == texts(nlp(EXAMPLE))


def test_bytes_round_trip(nlp):
    tok = ZhNewsTokenizer(nlp.vocab, segmenter="/some/where")
    tok2 = ZhNewsTokenizer(nlp.vocab).from_bytes(tok.to_bytes())
    assert tok2.segmenter == "/some/where"


def test_create_tokenizer_with_path(nlp):
    factory = create_tokenizer(str(resolve_segmenter_path()))
    tok = factory(nlp)
    assert texts(tok(EXAMPLE)) == texts(nlp(EXAMPLE))
    # same model files, same cached object
    assert tok.pkuseg is nlp.tokenizer.pkuseg


def test_missing_model_raises(tmp_path, nlp):
    tok = ZhNewsTokenizer(nlp.vocab, segmenter=str(tmp_path))
    with pytest.raises(FileNotFoundError):
        tok("测试")


def test_env_var_models_dir(monkeypatch, tmp_path):
    monkeypatch.setenv(tok_module.MODELS_ENV_VAR, str(tmp_path))
    assert resolve_segmenter_path() == tmp_path / "segmenter"


@pytest.mark.parametrize("text", ["1." * 50000, "2019-" * 20000, "a-" * 50000 + "@", "1." * 50000 + "com"])
def test_protected_regex_is_linear(text):
    import time

    t0 = time.time()
    n = sum(1 for _ in tok_module._SPLIT_RE.finditer(text))
    assert n > 0
    assert time.time() - t0 < 2.0
