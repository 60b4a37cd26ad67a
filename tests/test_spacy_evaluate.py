"""Evaluating the spaCy way: ``examples_from_gold`` + ``nlp.evaluate`` (no warning, exact character spans)."""

from __future__ import annotations

import copy
import warnings
from pathlib import Path

import pytest
from spacy.training import Example

import zhnews_ie
from zhnews_ie.errors import ZhNewsError
from zhnews_ie.evaluation import evaluate_documents, examples_from_gold, load_gold_pairs, reference_doc

SEED_GOLD = Path(__file__).resolve().parents[1] / "corpus" / "000_c51bca92e9469e1b.gold.json"

# Synthetic sentences in the shapes of news text (not copied from any article).
TEXT = ("该县财政局拨付资金两千万元，用于该县白石乡的道路建设。\n"
        "县农业农村局组织培训120人次，带动200余户增收。")

SCORE_KEYS = ("amounts_f", "amounts_value_f", "paragraphs_f", "ents_f", "paragraph_cat_acc", "amount_category_f")


def evaluate_quietly(nlp, examples):
    """``nlp.evaluate`` with every warning turned into an error (W030 and friends must not occur)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return nlp.evaluate(examples)


def test_own_output_scores_one_without_warning(nlp, seed_text):
    own = zhnews_ie.extract(seed_text, nlp=nlp).to_dict()
    scores = evaluate_quietly(nlp, examples_from_gold(nlp, [(seed_text, own)]))
    for key in (*SCORE_KEYS, "amounts_p", "amounts_r", "ents_p", "ents_r", "dates_f", "metadata_acc"):
        assert scores[key] == 1.0, key
    assert "tag_acc" not in scores  # the character-level ner pipeline has no PKU tagger


def test_a_processed_doc_is_its_own_gold(nlp):
    scores = evaluate_quietly(nlp, examples_from_gold(nlp, [nlp(TEXT)]))
    assert all(scores[key] == 1.0 for key in SCORE_KEYS)


def test_recut_tokens_still_align(nlp):
    # the entity step cuts the pkuseg token 该县 into 该|县 (县财政局 is the ORG): a reference from
    # nlp.make_doc cannot hold that span, the character-level reference holds it exactly
    assert "该县" in [t.text for t in nlp.make_doc(TEXT)]
    assert nlp.make_doc(TEXT).char_span(1, 5) is None
    gold = {"paragraphs": [], "amounts": [],
            "entities": [{"text": "县财政局", "label": "ORG", "start": 1, "end": 5}]}
    ref = reference_doc(nlp.vocab, TEXT, gold)
    assert ref.text == TEXT
    assert [(e.text, e.label_, e.start_char, e.end_char) for e in ref.ents] == [("县财政局", "ORG", 1, 5)]
    pred = nlp(TEXT)
    eg = Example(pred, ref)
    aligned = eg.get_aligned_spans_x2y(pred.ents)
    assert [(s.start_char, s.end_char) for s in aligned] == [(e.start_char, e.end_char) for e in pred.ents]


def test_scores_follow_the_gold(nlp):
    """Gold derived from the pipeline's own output by known edits: the expected figures follow from the counts."""
    own = zhnews_ie.extract(TEXT, nlp=nlp).to_dict()
    n = len(own["amounts"])
    assert n >= 3
    gold = copy.deepcopy(own)
    gold["amounts"][0]["optional"] = True  # neither rewarded nor penalised
    gold["amounts"][1]["value"] = 12345  # right span and kind, wrong value
    gold["amounts"].append({"text": "农业", "start": 29, "end": 31, "value": 1, "unit": "item", "kind": "count"})
    gold["paragraphs"][0]["alternatives"] = [gold["paragraphs"][0]["category"]]
    gold["paragraphs"][0]["category"] = "education"  # the prediction is the alternative: still right
    gold["paragraphs"][1]["category"] = "education" if own["paragraphs"][1]["category"] != "education" else "other"
    scores = evaluate_quietly(nlp, examples_from_gold(nlp, [(TEXT, gold)]))
    # spans: n - 1 predictions scored (one optional), n - 1 right, n gold required (n - 1 + the added one)
    assert scores["amounts_p"] == 1.0
    assert scores["amounts_r"] == pytest.approx((n - 1) / n)
    # values: one of the n - 1 scored predictions has a wrong value
    assert scores["amounts_value_p"] == pytest.approx((n - 2) / (n - 1))
    assert scores["amounts_value_r"] == pytest.approx((n - 2) / n)
    assert scores["paragraph_cat_acc"] == 0.5
    assert (scores["paragraph_cat_correct"], scores["paragraph_cat_total"]) == (1, 2)


def test_seed_gold_agrees_with_zhnews_evaluate(nlp):
    scores = evaluate_quietly(nlp, examples_from_gold(nlp, SEED_GOLD))
    plain = evaluate_documents(load_gold_pairs(SEED_GOLD), nlp=nlp)["scores"]
    assert scores["amounts_value_f"] == pytest.approx(plain["amounts"]["f"])
    assert scores["amounts_f"] == pytest.approx(plain["amounts_span"]["f"])
    assert scores["ents_f"] == pytest.approx(plain["ents"]["f"])
    for label in ("ORG", "LOC", "PER"):
        assert scores["ents_per_type"][label]["f"] == pytest.approx(plain[f"ents_{label}"]["f"])
    assert scores["paragraph_cat_acc"] == pytest.approx(plain["paragraph_category"]["p"])
    assert scores["metadata_acc"] == pytest.approx(plain["metadata"]["p"])
    # floors as measured on the seed (a ratchet)
    # ents 1.0: the merge cuts the model's coordinated 贵州省委省政府 after the committee (entities._split_coordinated)
    assert scores["amounts_value_f"] >= 1.0 and scores["ents_f"] >= 1.0 and scores["paragraph_cat_acc"] >= 1.0


def test_dev_gold_without_entity_offsets_skips_entities(nlp, dev_dir):
    examples = examples_from_gold(nlp, sorted(dev_dir.glob("*.gold.json"))[:2])
    scores = evaluate_quietly(nlp, examples)
    assert scores["ents_f"] is None  # the dev layout lists entity strings, not spans
    assert scores["amounts_value_f"] > 0.5


@pytest.mark.parametrize("gold,message", [
    ({"paragraphs": [], "amounts": [{"text": "两千万元", "start": 8, "end": 12, "value": 2e7, "unit": "CNY",
                                     "kind": "money"}]}, "do not give"),
    ({"paragraphs": [], "amounts": [], "entities": [{"label": "ORG", "start": 5, "end": 999}]}, "bad offsets"),
    ({"paragraphs": [], "amounts": [], "entities": [{"label": "ORG", "start": 1, "end": 5},
                                                    {"label": "LOC", "start": 1, "end": 2}]}, "overlapping"),
    ({"paragraphs": [], "amounts": [{"start": 9, "end": 13, "kind": "money", "unit": "CNY"}]}, "lacks value"),
    ({"paragraphs": [{"start": 0, "end": 5}], "amounts": []}, "lacks category"),
    ({"paragraphs": [], "amounts": [], "entities": [{"start": 1, "end": 5}]}, "lacks label"),
    ({"paragraphs": [], "amounts": ["两千万元"]}, "lacks"),
])
def test_bad_gold_is_e008(nlp, gold, message):
    with pytest.raises(ZhNewsError) as info:
        examples_from_gold(nlp, [(TEXT, gold)])
    assert info.value.code == "E008" and message in info.value.message


def test_unusable_gold_item_is_e008(nlp):
    with pytest.raises(ZhNewsError) as info:
        examples_from_gold(nlp, [42])
    assert info.value.code == "E008"


def test_worked_example_of_the_guideline_is_valid_gold(nlp):
    """docs/annotation.md shows docs/example/01.{txt,gold.json}: the page and the files agree, and the gold loads."""
    import json
    import re

    docs = Path(__file__).resolve().parents[1] / "docs"
    page = (docs / "annotation.md").read_text("utf-8")
    example = page[page.index("## Worked example"):]
    text_block = re.search(r"```text\n(.*?)```", example, re.S).group(1)
    json_block = re.search(r"```json\n(.*?)```", example, re.S).group(1)
    assert text_block == (docs / "example" / "01.txt").read_text("utf-8")
    assert json.loads(json_block) == json.loads((docs / "example" / "01.gold.json").read_text("utf-8"))
    [doc] = load_gold_pairs(docs / "example" / "01.gold.json")  # checks every amount and entity offset
    assert doc.text == text_block
    for rec in doc.gold["dates"] + doc.gold["entities"] + doc.gold["amounts"]:
        assert doc.text[rec["start"]:rec["end"]] == rec["text"]
    lines = doc.text.split("\n")
    assert [doc.text[p["start"]:p["end"]] for p in doc.gold["paragraphs"]] == lines[1:-1]  # all but the title
    assert examples_from_gold(nlp, docs / "example")[0].reference.ents  # spaCy accepts it too


def test_readme_lists_the_keys_nlp_evaluate_returns(nlp):
    """The README's scorer table names exactly the keys ``nlp.evaluate`` returns on the seed."""
    import re

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme.split("## Evaluate the spaCy way", 1)[1].split("\n## ", 1)[0]
    listed: set[str] = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            for key in re.findall(r"`([a-z_/]+)`", line.split("|")[1]):
                stem, _, tail = key.partition("_p/r/f")
                listed |= {f"{stem}_{x}" for x in "prf"} if tail == "" and key.endswith("_p/r/f") else {key}
    scores = nlp.evaluate(examples_from_gold(nlp, SEED_GOLD))
    assert listed == set(scores)
