"""Mention-replacement augmentation of the ner training data: offsets, head statistics, generator, copies.

All strings are synthetic (made-up places, trade names and sentences)."""

from __future__ import annotations

import random

import pytest
import spacy

from zhnews_ie.training.ner import (
    OrgNameGenerator,
    augment_docs,
    augment_line,
    char_docs_from_lines,
    char_example_from_spans,
    jieba_org_names,
    replace_spans,
    suffix_heads,
)


@pytest.mark.parametrize("text,spans,repl,expected_text,expected_spans", [
    # one ORG replaced by a longer name: the LOC after it moves right
    ("甲乙局发布通知丙丁县", [(0, 3, "ORG"), (7, 10, "LOC")], {0: "某某市民政局"},
     "某某市民政局发布通知丙丁县", [(0, 6, "ORG"), (10, 13, "LOC")]),
    # a shorter name: later spans move left
    ("在甲乙丙丁有限公司和戊己县工作", [(1, 9, "ORG"), (10, 13, "LOC")], {0: "庚辛网"},
     "在庚辛网和戊己县工作", [(1, 4, "ORG"), (5, 8, "LOC")]),
    # the second span replaced, the first untouched
    ("张三到甲乙镇", [(0, 2, "PER"), (3, 6, "LOC")], {1: "某某县"}, "张三到某某县", [(0, 2, "PER"), (3, 6, "LOC")]),
    # both replaced, adjacent spans
    ("甲县乙局", [(0, 2, "LOC"), (2, 4, "ORG")], {0: "丙丁市", 1: "戊合作社"}, "丙丁市戊合作社",
     [(0, 3, "LOC"), (3, 7, "ORG")]),
    # nothing replaced: the same text and spans
    ("甲乙局", [(0, 3, "ORG")], {}, "甲乙局", [(0, 3, "ORG")]),
])
def test_replace_spans_keeps_offsets_right(text, spans, repl, expected_text, expected_spans):
    new_text, new_spans = replace_spans(text, spans, repl)
    assert (new_text, new_spans) == (expected_text, expected_spans)
    for k, (s, e, _) in enumerate(new_spans):
        old_s, old_e, _ = spans[k]
        assert new_text[s:e] == repl.get(k, text[old_s:old_e])


@pytest.mark.parametrize("spans,repl", [
    ([(0, 2, "ORG")], {1: "某局"}),  # no such span
    ([(0, 2, "ORG")], {0: ""}),  # empty name
    ([(0, 2, "ORG"), (1, 3, "LOC")], {0: "某局"}),  # overlapping spans
])
def test_replace_spans_refuses_bad_input(spans, repl):
    with pytest.raises(ValueError):
        replace_spans("甲乙丙丁", spans, repl)


def test_suffix_heads_keeps_boundaries_and_drops_fragments():
    names = ([f"{d}{c}有限公司" for c in "甲乙丙丁戊己庚辛壬癸" for d in "子丑"]
             + [f"{d}{c}出版社" for c in "甲乙丙丁戊己" for d in "子丑"]
             + [f"{c}中央" for c in "甲乙丙丁戊己庚辛壬癸子丑"]
             + [f"{c}市委" for c in "甲乙丙丁戊己庚辛壬癸子丑"])
    words = frozenset({"有限公司", "公司", "出版社", "中央", "市委", "限公司"})
    heads = suffix_heads(names, words, min_count=10, min_left=5)
    assert heads == {"有限公司": 20, "出版社": 12}
    # 公司 is absorbed by 有限公司 (100% of its names), 限公司 too; 中央 is a stop word; 市委 starts with a level
    assert suffix_heads(names, words, min_count=13, min_left=5) == {"有限公司": 20}


def test_jieba_org_names_reads_nt_entries(tmp_path):
    p = tmp_path / "dict.txt"
    p.write_text("某某大学 30 nt\n跑步 100 v\n某某集团 5 nt\n坏行\n", encoding="utf-8")
    assert jieba_org_names(p) == ["某某大学", "某某集团"]


@pytest.fixture()
def generator():
    return OrgNameGenerator(
        places_full=["甲乙县", "丙丁市"], places_short=["甲乙", "丙丁"], locs=["戊己"],
        orgs=["子丑银行", "寅卯大学"], heads={"有限公司": 20, "学校": 10}, gov_types=["人社局", "农业农村局"],
        trade_names=["辰巳"], industries=["农业"], given_names=["午未"])


def test_generator_names_are_built_from_the_pools(generator):
    rng = random.Random(3)
    parts = ["甲乙县", "丙丁市", "甲乙", "丙丁", "县", "市", "区", "乡", "镇", "省", "自治区", "州", "子丑银行",
             "寅卯大学", "辰巳", "午未", "农业", "有限公司", "学校", "人社局", "农业农村局", "分行", "支行", "分公司",
             "子公司", "分局", "办事处"]
    for _ in range(300):
        name = generator.org(rng)
        rest = name
        while rest:  # the name is a concatenation of pool strings
            for p in sorted(parts, key=len, reverse=True):
                if rest.startswith(p):
                    rest = rest[len(p):]
                    break
            else:
                pytest.fail(f"{name!r} is not made of pool strings")
        assert generator.loc(rng) in {"甲乙县", "丙丁市", "甲乙", "丙丁", "戊己"}
    with pytest.raises(ValueError):
        generator.name("PER", rng)


def test_generator_refuses_empty_pools():
    with pytest.raises(ValueError):
        OrgNameGenerator(["甲县"], ["甲乙"], [], [], {"学校": 1}, ["人社局"], ["辰巳"], [])


def test_augment_line_is_deterministic_and_keeps_other_labels(generator):
    text, spans = "张三在甲乙县某某局工作", [(0, 2, "PER"), (3, 6, "LOC"), (6, 9, "ORG")]
    a = augment_line(text, spans, generator, random.Random(7))
    b = augment_line(text, spans, generator, random.Random(7))
    assert a == b
    new_text, new_spans = a
    assert new_text[:2] == "张三" and new_spans[0] == (0, 2, "PER")
    assert [label for _, _, label in new_spans] == ["PER", "LOC", "ORG"]
    assert new_text != text
    assert augment_line("张三来了", [(0, 2, "PER")], generator, random.Random(0)) is None


def test_char_example_from_spans_aligns_characters():
    vocab = spacy.blank("zh").vocab
    doc = char_example_from_spans(vocab, "在AB12有限公司和甲县", [(1, 9, "ORG"), (10, 12, "LOC")])
    assert [t.text for t in doc] == ["在", "AB", "12", "有", "限", "公", "司", "和", "甲", "县"]
    assert [(e.text, e.label_) for e in doc.ents] == [("AB12有限公司", "ORG"), ("甲县", "LOC")]


LINES = [
    "19980101-01-001-001/m  甲乙/ns  海关/n  查获/v  走私/vn  汽车/n",
    "丙丁/ns  人民/n  政府/n  召开/v  会议/n",
    "李/nr  小明/nr  来到/v  戊己/ns  辰巳/nz  公司/n",
    "今天/t  下雨/v",
] * 6


def test_augmented_copies_follow_the_training_lines_only(generator):
    train, dev, stats = char_docs_from_lines(LINES, jieba_names=["某某大学", "某某集团"] * 10)
    assert stats["augmented_lines"] == 0
    train2, dev2, stats2 = char_docs_from_lines(LINES, augment=1.0, jieba_names=["某某大学", "某某集团"] * 10)
    assert [d.text for d in dev2] == [d.text for d in dev]  # held-out lines never augmented
    assert [d.text for d in train2[:len(train)]] == [d.text for d in train]  # originals first, unchanged
    assert stats2["augmented_lines"] == len(train2) - len(train) > 0
    for d in train2[len(train):]:
        assert d.ents and all(e.label_ in ("ORG", "LOC", "PER") for e in d.ents)
    again, _, _ = char_docs_from_lines(LINES, augment=1.0, jieba_names=["某某大学", "某某集团"] * 10)
    assert [d.text for d in again] == [d.text for d in train2]  # seeded


def test_augment_docs_ratio_zero_makes_no_copy(generator):
    import spacy as _spacy
    from spacy.tokens import Doc

    vocab = _spacy.blank("zh").vocab
    doc = Doc(vocab, words=["甲乙局", "开会"], spaces=[False, False], ents=["B-ORG", "O"])
    assert augment_docs([doc] * 5, generator, 0.0) == []
    copies = augment_docs([doc] * 5, generator, 1.0, seed=1)
    assert len(copies) == 5
    for text, spans in copies:
        (s, e, label), = spans
        assert (label, s, e, text[e:]) == ("ORG", 0, len(text) - 2, "开会")


@pytest.mark.parametrize("word,expected", [
    ("政府", True),  # ORG_HEADS
    ("农业局", True),  # suffix 局, not blocked
    ("日报", True),  # a suffix on its own
    ("融媒体中心", True),
    ("当局", False),  # 局 blocked by 当
    ("干部", False),  # 部 blocked by 干
    ("政局", False),  # NOT_HEADS: the political situation
    ("音乐厅", False),
    ("汽车", False),
])
def test_is_org_head(word, expected):
    from zhnews_ie.training.ner import is_org_head

    assert is_org_head(word) is expected


def test_place_plus_suffix_head_is_rebuilt():
    from zhnews_ie.training.ner import compound_orgs

    assert compound_orgs(["某某县", "农业局", "发布"], ["ns", "n", "v"]) == [(0, 2)]
    assert compound_orgs(["某某", "日报", "报道"], ["ns", "n", "v"]) == [(0, 2)]
    assert compound_orgs(["某国", "当局", "表示"], ["ns", "n", "v"]) == []
    # after an organisation, only unit heads
    assert compound_orgs(["某某银行", "某市", "分行"], ["nt", "ns", "n"]) == [(0, 3)]
    assert compound_orgs(["某某银行", "农业局"], ["nt", "n"]) == []


@pytest.mark.parametrize("words,tags,expected", [
    (["县", "农业局", "召开"], ["n", "n", "v"], [(0, 2)]),
    (["市", "公安局", "民警"], ["n", "n", "n"], [(0, 2)]),
    (["县", "市委", "领导"], ["n", "n", "n"], []),  # two levels, no name
    (["市", "当局"], ["n", "n"], []),
    (["县", "农业局", "系统"], ["n", "n", "n"], []),  # the compound goes on
])
def test_bare_level_plus_head_is_rebuilt(words, tags, expected):
    from zhnews_ie.training.ner import compound_orgs

    assert compound_orgs(words, tags) == expected


class _FakeRtlModel:
    """A stand-in character model that marks the reversed token run 关 海 阳 贵 as ORG."""

    def __init__(self, direction):
        self.vocab = spacy.blank("zh").vocab
        self.meta = {"zhnews_ie": {"direction": direction}}
        self.pipeline = [("fake", self._mark)]

    @staticmethod
    def _mark(doc):
        from spacy.tokens import Span

        words = [t.text for t in doc]
        for k in range(len(words) - 3):
            if words[k:k + 4] == ["关", "海", "阳", "贵"]:
                doc.ents = [Span(doc, k, k + 4, label="ORG")]
        return doc


@pytest.mark.parametrize("text,direction,expected", [
    ("在贵阳海关工作", "rtl", [(1, 5, "ORG")]),
    ("甲\n在 贵阳海关", "rtl", [(4, 8, "ORG")]),  # second line, a space dropped
    ("在贵阳海关工作", "ltr", []),  # read left to right, the reversed run never shows
])
def test_predict_entities_reads_right_to_left_for_an_rtl_model(text, direction, expected):
    from zhnews_ie.components.char_ner import predict_entities

    got = predict_entities(_FakeRtlModel(direction), text)
    assert got == expected
    assert all(text[s:e] == "贵阳海关" for s, e, _ in got)


def test_reversed_doc_moves_entities():
    from zhnews_ie.training.ner import char_example_doc, reversed_doc

    vocab = spacy.blank("zh").vocab
    doc = char_example_doc(vocab, ["在", "某某县", "融媒体中心", "AB12"], [(1, 3, "ORG")])
    rev = reversed_doc(doc)
    assert [t.text for t in rev] == ["12", "AB", "心", "中", "体", "媒", "融", "县", "某", "某", "在"]
    assert [(e.text, e.label_, e.start, e.end) for e in rev.ents] == [("心中体媒融县某某", "ORG", 2, 10)]
    assert [t.lemma_ for t in rev][:3] == ["0ab", "ab心", "心中"]  # run-time features of the reversed order


@pytest.mark.parametrize("words,found,expected", [
    (["设置", "打造", "某某", "中心"], [(3, 8, "ORG")], [(4, 8, "ORG")]),  # 造某某中心 starts inside 打造
    (["设置", "打造", "某某", "中心"], [(3, 8, "LOC")], [(3, 8, "LOC")]),  # other labels keep their start
    (["该县", "民政局"], [(1, 5, "ORG")], [(1, 5, "ORG")]),  # a bare level starts a name
    (["打造中心"], [(1, 4, "ORG")], []),  # nothing left after the word
    (["某某", "中心"], [(0, 4, "ORG")], [(0, 4, "ORG")]),  # on a boundary already
    (["辐射", "赫章县"], [(1, 5, "LOC")], [(2, 5, "LOC")]),  # a place whose rest after the word is a division
    (["市长", "泾镇"], [(1, 4, "LOC")], [(1, 4, "LOC")]),  # else a place keeps its start (长泾镇)
])
def test_snap_entity_starts(words, found, expected):
    from spacy.tokens import Doc

    from zhnews_ie.components.char_ner import snap_entity_starts

    doc = Doc(spacy.blank("zh").vocab, words=words, spaces=[False] * len(words))
    assert snap_entity_starts(doc, found) == expected


@pytest.mark.parametrize("text,found,expected", [
    ("发放资金250万元,合作社存栏", [(2, 13, "ORG")], [(10, 13, "ORG")]),  # 资金250万元,合作社 → 合作社
    ("他说：某某公司", [(1, 7, "ORG")], [(3, 7, "ORG")]),  # full-width colon
    ("甲，乙。 丙县", [(0, 7, "LOC")], [(5, 7, "LOC")]),  # the last mark counts; a space after it is left out
    ("某某，", [(0, 3, "ORG")], []),  # nothing after the mark
    ("某某县（镇）", [(0, 6, "LOC")], [(0, 6, "LOC")]),  # brackets are no clause mark
    ("张三、李四", [(0, 5, "PER")], [(0, 5, "PER")]),  # nor is the enumeration comma
    ("中心 青山县", [(0, 6, "LOC")], [(3, 6, "LOC")]),  # a place or organisation holds no whitespace
    ("县融媒体中心\u3000县", [(0, 8, "LOC")], []),  # one character left: nothing
    ("王 成", [(0, 3, "PER")], [(0, 3, "PER")]),  # a person's name may (a byline's 王 成)
])
def test_trim_entity_spans(text, found, expected):
    from zhnews_ie.components._common import trim_entity_spans

    assert trim_entity_spans(found, text) == expected


@pytest.mark.parametrize("text,size,expected", [
    ("甲" * 9 + "，" + "乙" * 5, 12, [(0, 10), (10, 15)]),  # cut after the comma in the last quarter
    ("甲" * 25, 12, [(0, 12), (12, 24), (24, 25)]),  # no mark: cut at the size
    ("甲" * 3 + "，" + "乙" * 20, 12, [(0, 12), (12, 24)]),  # a mark too early does not count
    ("甲乙", 12, [(0, 2)]),
    ("", 12, []),
])
def test_line_pieces(text, size, expected):
    from zhnews_ie.components.char_ner import line_pieces

    assert line_pieces(text, 0, len(text), size) == expected

