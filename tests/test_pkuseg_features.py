"""pkuseg_features.NodeFeatures gives the features of spacy_pkuseg's own extractor, id for id and in order."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zhnews_ie.pkuseg_features import NodeFeatures
from zhnews_ie.tokenizer import load_segmenter, resolve_segmenter_path

pytestmark = pytest.mark.skipif(
    not (resolve_segmenter_path() / "model.json").is_file(), reason="no trained segmenter in models/segmenter"
)


@pytest.fixture(scope="module")
def extractor():
    return load_segmenter().feature_extractor


@pytest.fixture(scope="module")
def fast(extractor):
    from spacy_pkuseg.config import config

    return NodeFeatures(extractor.feature_to_idx, extractor.unigram, config, extractor.get_node_features_idx)


def library(extractor, nodes):
    return [extractor.get_node_features_idx(i, nodes) for i in range(len(nodes))]


@pytest.mark.parametrize("text", [
    "中",  # one node
    "中国",
    "中华人民共和国国务院",  # words of every length, 2 to 6 and longer
    "2021年3月5日投资50.5万元",  # digits become **Num; "." is a pkuseg keyword
    "ＡＢＣ公司和ａｂｃ集团",  # full-width letters become **Letter
    "abc公司-x_y/z:w|v*u,t",  # every keyword character of pkuseg
    "国务院总理在人民大会堂会见了来访的客人，双方就合作达成共识。" * 3,
    "\ue000中国\ue001",  # this module's private-use characters: the run goes to the library
    "**Num中国**noWord",
])
def test_same_features_as_the_library(extractor, fast, text):
    nodes = list(extractor.normalize_text(text))
    assert fast.run(nodes) == library(extractor, nodes)


def test_the_probe_matches(extractor, fast):
    assert fast.matches(extractor)


def test_a_run_it_cannot_code_raises_without_fallback(extractor):
    from spacy_pkuseg.config import config

    bare = NodeFeatures({"c.中": 1}, set(), config)
    with pytest.raises(ValueError):
        bare.run(["\ue000", "中"])
    assert bare.run([]) == []


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="中国人民银行北京上海市政府年月日万元的了在和1２3ａＡb*-._,|/: 　\ue000", max_size=30))
def test_same_features_on_any_text(extractor, fast, text):
    nodes = list(extractor.normalize_text(text))
    assert fast.run(nodes) == library(extractor, nodes)


def test_the_tokenizer_switches_to_them_and_cuts_the_same_words(monkeypatch):
    from zhnews_ie import tokenizer

    seg = load_segmenter()
    texts = ["国务院总理在人民大会堂会见了来访的客人", "2021年3月5日投资50.5万元", "ＡＢＣ公司和ａｂｃ集团合作"]
    monkeypatch.setattr(tokenizer, "FAST_FEATURES_AFTER", 10 ** 12)
    library_runs = tokenizer._RunSegmenter(seg)
    expected = [library_runs.lengths(t) for t in texts]
    assert not library_runs._switched
    monkeypatch.setattr(tokenizer, "FAST_FEATURES_AFTER", 0)
    fast_runs = tokenizer._RunSegmenter(seg)
    assert [fast_runs.lengths(t) for t in texts] == expected
    assert fast_runs._switched and fast_runs._features != fast_runs._library_features


def test_prepare_features_builds_them_now():
    import spacy

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "zhnews_ie.Tokenizer.v1"}}})
    nlp.tokenizer.prepare_features()
    assert nlp.tokenizer._runs._switched
    assert [t.text for t in nlp.make_doc("贵阳海关查获冻品")] == ["贵阳", "海关", "查获", "冻品"]
