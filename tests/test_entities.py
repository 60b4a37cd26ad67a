"""Rule-based entities: boundary cases, the seed article's hand-checked entities, the dev articles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy

import zhnews_ie.components.entities  # noqa: F401  (registers the factory)
from zhnews_ie.components.entities import find_candidates, merge_entities, person_roles
from zhnews_ie.pipeline import load

ROOT = Path(__file__).parents[1]
SEED = ROOT / "corpus" / "000_c51bca92e9469e1b.txt"
DEV = Path(__file__).parents[1] / ".." / "shared" / "corpus" / "dev"


@pytest.fixture(scope="module")
def nlp():
    """The rules alone on the pipeline's tokens (pkuseg): rule matches must respect token boundaries."""
    import zhnews_ie.tokenizer  # noqa: F401  (registers the tokenizer)

    nlp = spacy.blank("zh", config={
        "nlp": {"tokenizer": {"@tokenizers": "zhnews_ie.Tokenizer.v1", "segmenter": "default"}},
        "initialize": {"tokenizer": {}},
    })
    nlp.add_pipe("zhnews_ie_entities")
    nlp.initialize()
    return nlp


@pytest.fixture(scope="module")
def full_nlp():
    """The whole pipeline: pkuseg tokens, the character ner of models/ner (when present) and the rules."""
    return load()


def ents(doc):
    out = [(e.text, e.label_) for e in doc.ents]
    for e in doc.ents:
        assert e.text == doc.text[e.start_char:e.end_char]
    return out


def test_place_plus_customs_is_one_org(nlp):
    assert ents(nlp("贵阳海关扶贫模式")) == [("贵阳海关", "ORG")]


def test_bank_branch_is_one_org(nlp):
    assert ents(nlp("国家开发银行贵州省分行")) == [("国家开发银行贵州省分行", "ORG")]


def test_city_then_town_never_mayor(nlp):
    doc = nlp("江阴市长泾镇")
    assert ents(doc) == [("江阴市", "LOC"), ("长泾镇", "LOC")]
    assert not any(e.label_ == "PER" for e in doc.ents)


def test_province_then_county(nlp):
    assert ents(nlp("河南省封丘县")) == [("河南省", "LOC"), ("封丘县", "LOC")]


def test_title_between_org_and_person(nlp):
    doc = nlp("贵阳海关关长沈扬认为")
    assert ents(doc) == [("贵阳海关", "ORG"), ("沈扬", "PER")]
    assert person_roles(doc) == [
        {"person": "沈扬", "org": "贵阳海关", "role": "关长", "start": 6, "end": 8, "org_start": 0, "org_end": 4}
    ]
    assert doc._.zhnews_roles == person_roles(doc)


def test_generic_references_are_not_entities(nlp):
    doc = nlp("并积极联合兄弟海关、社会企业帮扶。在9个“农民专业合作社”上成立了党支部,成立了民生监督委员会。")
    assert ents(doc) == []


def test_quoted_programme_is_not_an_org(nlp):
    # a quoted programme or platform name is no entity; the place inside it is one (ANNOTATION.md, last section)
    doc = nlp("利用“公益海关”“贵州电子商务云平台”等电商平台资源")
    assert ents(doc) == [("贵州", "LOC")]


def test_company_with_place_in_parentheses(nlp):
    doc = nlp("授权,国广国际在线网络(北京)有限公司独家负责")
    assert ents(doc) == [("国广国际在线网络(北京)有限公司", "ORG")]


def test_village_and_town_chain(nlp):
    doc = nlp("来到斗门区白蕉镇南澳村开展帮扶活动。南澳村党支部书记卢耀庭说")
    assert ents(doc) == [
        ("斗门区", "LOC"), ("白蕉镇", "LOC"), ("南澳村", "LOC"), ("南澳村党支部", "ORG"), ("卢耀庭", "PER"),
    ]
    assert [(r["person"], r["org"], r["role"]) for r in doc._.zhnews_roles] == [("卢耀庭", "南澳村党支部", "书记")]


def test_bylines(nlp):
    doc = nlp("华龙网-新重庆客户端9月28日18时讯(记者 赵紫东)消息。\n打下了坚实基础。(赵婧)")
    assert ents(doc) == [("华龙网", "ORG"), ("新重庆客户端", "ORG"), ("赵紫东", "PER"), ("赵婧", "PER")]


def test_keeps_non_overlapping_existing_entities(nlp):
    doc = nlp.make_doc("某某公园在贵阳")
    doc.ents = [doc.char_span(0, 4, label="FAC")]
    doc = nlp.get_pipe("zhnews_ie_entities")(doc)
    assert ents(doc) == [("某某公园", "FAC"), ("贵阳", "LOC")]


def test_to_disk_round_trip(nlp, tmp_path):
    comp = nlp.get_pipe("zhnews_ie_entities")
    comp.to_disk(tmp_path / "ents")
    nlp2 = spacy.blank("zh")
    nlp2.add_pipe("zhnews_ie_entities").from_disk(tmp_path / "ents")
    assert ents(nlp2("贵阳海关")) == [("贵阳海关", "ORG")]


def _all(text: str, sub: str) -> list[tuple[int, int]]:
    out, pos = [], text.find(sub)
    while pos >= 0:
        out.append((pos, pos + len(sub)))
        pos = text.find(sub, pos + 1)
    return out


def _seed_expected(text: str) -> set[tuple[int, int, str]]:
    """The hand annotation of the seed (corpus/000_c51bca92e9469e1b.gold.json, made by tools/make_seed_gold.py)."""
    gold = json.loads(SEED.with_name("000_c51bca92e9469e1b.gold.json").read_text(encoding="utf-8"))
    return {(e["start"], e["end"], e["label"]) for e in gold["entities"]}


def test_seed_entities_exact(nlp):
    text = SEED.read_text(encoding="utf-8")
    doc = nlp(text)
    found = {(e.start_char, e.end_char, e.label_) for e in doc.ents}
    for s, e, _ in found:
        assert doc.text[s:e] == text[s:e]
    expected = _seed_expected(text)
    assert len([x for x in expected if x[2] == "ORG" and text[x[0]:x[1]] == "贵阳海关"]) == 16
    assert found - expected == set(), sorted((text[s:e], label) for s, e, label in found - expected)
    assert expected - found == set(), sorted((text[s:e], label) for s, e, label in expected - found)
    not_entities = ("兄弟海关", "党支部", "农民专业合作社", "民生监督委员会", "公益海关", "贵州电子商务云平台",
                    "新时代农民讲习所")
    assert not any(text[s:e] in not_entities for s, e, _ in found)


def _f1(pred: set[str], gold: set[str]) -> tuple[int, int, int]:
    return len(pred & gold), len(pred), len(gold)


# Ratchet: main measured ORG 0.771, LOC 0.82 after the ner, places and structure branches met (the ner branch
# alone measured ORG 0.786: with the current division list one dev body is cut after its Party committee).
# The right-to-left width-96 character ner trained with mention replacement measures here ORG 0.850, LOC 0.879;
# model ORGs cut after a count and re-stripped after a dropped verb, verb + type dropped: ORG 0.861, LOC 0.886;
# places inside quoted programme names kept, a surname-initial "place" after a title a person: LOC 0.901;
# numbered schools, quoted bodies with a place kept whole: ORG 0.883, LOC 0.908; a leading function character
# dropped from model ORGs: ORG 0.889. Insurers by brand + line, 和 between two named bodies, 农信联社: ORG 0.910,
# LOC 0.921 (session 5; the rules of that session came from 34 other annotated articles, none of the dev ones).
# Session 8: a segmenter word naming a town or village (_town_words, People's Daily evidence): ORG 0.910, LOC 0.929
# (rules of that session from 30 other fresh articles). Session 9: resident offices, 管委会, titles in 《》, counts
# owning their classifier (rules from 20 other fresh articles and People's Daily): ORG 0.916, LOC 0.928; a company
# named again without its legal form (深圳航空公司 … 深圳航空): ORG 0.929, LOC 0.935. Session 10: alliances (联盟) after
# their place, a verb cut off before a full division name (rules from 50 other fresh articles and People's Daily):
# ORG 0.936, LOC 0.949.
DEV_FLOORS = {"ORG": 0.936, "LOC": 0.949}


def test_dev_articles_org_loc_f1(full_nlp):
    if not DEV.is_dir():
        pytest.skip("dev corpus (../shared/corpus/dev) not available")
    nlp = full_nlp
    totals = {"ORG": [0, 0, 0], "LOC": [0, 0, 0]}
    for gold_path in sorted(DEV.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        doc = nlp(gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8"))
        for label, key in (("ORG", "orgs"), ("LOC", "places")):
            pred = {e.text for e in doc.ents if e.label_ == label}
            for i, v in enumerate(_f1(pred, set(gold[key]))):
                totals[label][i] += v
    for label, (tp, n_pred, n_gold) in totals.items():
        p = tp / n_pred if n_pred else 0.0
        r = tp / n_gold if n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        # Score floors (a ratchet): set at what the 16 dev articles measure with the full pipeline (character
        # ner + rules; whole text, unique names); raise them as entity work lands, never lower them.
        assert f1 >= DEV_FLOORS[label], (label, p, r, f1)


@pytest.mark.parametrize("text,expected", [
    # a count owns its classifier: 35585|名 is an amount, 名山区 (a district of Ya'an) is no place here
    ("共8322户35585名山区贫困群众搬迁。", []),
    # a listed name that is only common words is no village (出口|渠道、某某村)
    ("充分整合出口渠道、朱庙村扶贫车间资源。", [("朱庙村", "LOC")]),
    # bare names listed before the type they share are places, however the type is counted
    ("可安排朱庙、杨岗等周边多个村的群众就业。", [("朱庙", "LOC"), ("杨岗", "LOC")]),
    ("可保证朱庙、杨岗两村44户的贫困户增收。", [("朱庙", "LOC"), ("杨岗", "LOC")]),
    # a zone's management committee is one body; the Youth League's provincial committee is one body
    ("什邡经济开发区管委会主任出席。", [("什邡经济开发区管委会", "ORG")]),
    # a 区 ending a zone type is no level: a bare zone's committee in a list of bare bodies names none
    ("发改局、经济开发区管委会、政务中心等单位参加。", []),
    ("共青团湖南省委向学校捐赠图书。", [("共青团湖南省委", "ORG")]),
    # an office a body keeps in another place is one body with it; a bare 驻X办 is one; 驻村工作组 is generic
    ("浙江省驻川工作组来到北川调研。", [("浙江省驻川工作组", "ORG"), ("北川", "LOC")]),
    ("甘肃省驻京办主任介绍情况。", [("甘肃省驻京办", "ORG")]),
    ("来源:某某日报 作者:驻郑办", [("驻郑办", "ORG")]),
    ("驻村工作组进村入户。", []),
    # names listed before a count of companies are companies; a place inside one is no place
    ("会议邀请明辉集团、世外乡村、环美园林、陶然居等近40家知名企业负责人参会。",
     [("明辉集团", "ORG"), ("世外乡村", "ORG"), ("环美园林", "ORG"), ("陶然居", "ORG")]),
    ("四川九创投资、苏州奥斯玛电梯、大益汽车配件3家企业代表签约。",
     [("四川九创投资", "ORG"), ("苏州奥斯玛电梯", "ORG"), ("大益汽车配件", "ORG")]),
    ("北京、上海等地的10家企业参加。", [("北京", "LOC"), ("上海", "LOC")]),
    # the financial work office and a morning paper are bodies after a level or place, not alone
    ("市金融办负责同志介绍了经验。", [("市金融办", "ORG")]),
    ("据青岛早报报道，他每天看早报。", [("青岛早报", "ORG")]),
    # the autonomous levels stand before a body as 省 and 县 do
    ("自治区审计厅协调捐赠打印机。", [("自治区审计厅", "ORG")]),
    ("自治州人民医院派出专家。", [("自治州人民医院", "ORG")]),
    # a company named in full is an ORG where the article shortens it (its place inside is then no place)
    ("深圳航空公司计划收购。深圳航空、江城果品公司代表出席，江城果品负责人说。",
     [("深圳航空公司", "ORG"), ("深圳航空", "ORG"), ("江城果品公司", "ORG"), ("江城果品", "ORG")]),
])
def test_counts_lists_and_committees(full_nlp, text, expected):
    assert ents(full_nlp(text)) == expected


def test_rules_never_cut_tokens(nlp):
    # rules respect token boundaries: a segmentation cut is the character model's to repair (test_ner_pipeline)
    from spacy.tokens import Doc

    words = ["江阴", "市长", "泾镇", "的", "贵阳海关关长", "沈扬认为", "。"]
    doc = Doc(nlp.vocab, words=words, spaces=[False] * len(words))
    doc = nlp.get_pipe("zhnews_ie_entities")(doc)
    # 江阴|市长|泾镇: no place across the cut (江阴 alone is one); a suffix pattern may end inside a word
    assert ents(doc) == [("江阴", "LOC"), ("贵阳海关", "ORG")]
    assert [t.text for t in doc][:3] == words[:3]


def test_initialize_and_abbreviated_city_bodies(nlp):
    nlp.initialize()
    doc = nlp("今日在市农业农村委机关举行。市人社局及长子县人社部门提前做好宣传。")
    assert ents(doc) == [("市农业农村委", "ORG"), ("市人社局", "ORG"), ("长子县", "LOC")]


# Regression table of the error classes of issue 9 (synthetic sentences). ``model`` are the statistical
# entities the character ner would propose; the expected entities are what the merge keeps on pkuseg tokens.
MERGE_CASES = [
    # county short names inside words are no places
    ("各民主党派坚持多党合作和政治协商制度。", [], []),
    ("全村干部同心同德谋发展。", [], []),
    ("今年新建成安置点三个。", [], []),
    # a county name never overrides a person the model found
    ("纪念谢子长同志诞辰。", [("谢子长", "PER")], [("谢子长", "PER")]),
    ("孙中山先生的故居在这里。", [("孙中山", "PER")], [("孙中山", "PER")]),
    ("李长春指出，要做好工作。", [("李长春", "PER")], [("李长春", "PER")]),
    # a verb with the level of the next body glued to it (pkuseg: 联合县) starts no name and is no place
    ("县委组织部联合县扶贫办开展培训。", [("县委组织部", "ORG"), ("联合县扶贫办", "ORG")],
     [("县委组织部", "ORG"), ("县扶贫办", "ORG")]),
    ("市委宣传部联合市文明办举办活动。", [("市委宣传部", "ORG"), ("联合市", "LOC")],
     [("市委宣传部", "ORG"), ("市文明办", "ORG")]),  # 文明办: a level-prefixed office
    ("联合乡卫生院的医生来到村里。", [("联合乡卫生院", "ORG")], [("联合乡卫生院", "ORG")]),
    # a bare government body type is no entity (ANNOTATION.md); 市 starting 市场 is no level
    ("市场监管局执法人员检查了超市。", [("市场监管局", "ORG")], []),
    ("县市场监管局执法人员检查了超市。", [("县市场监管局", "ORG")], [("县市场监管局", "ORG")]),
    ("教育局发文要求各校做好准备。", [("教育局", "ORG")], []),
    # the Party's name before a local committee is part of the committee's official name
    ("中国共产党贵州省委员会发出通知。", [("中国共产党", "ORG"), ("贵州省委员会", "ORG")],
     [("中国共产党贵州省委员会", "ORG")]),
    ("中共贵州省委组织部召开会议。", [("贵州省委组织部", "ORG")], [("中共贵州省委组织部", "ORG")]),
    ("中国共产党第二十次全国代表大会召开。", [("中国共产党", "ORG")], [("中国共产党", "ORG")]),
    ("中共昆明市人民政府发布通知。", [("昆明市人民政府", "ORG")], [("昆明市人民政府", "ORG")]),  # no committee
    # a quoted platform name is no entity and the place inside it is one; a quoted name that is a body stays
    ("通过“仙桃市扶贫攻坚工作群”发布信息。", [("仙桃市", "LOC")], [("仙桃市", "LOC")]),
    ("关注“仙桃市融媒体中心网”获取信息。", [("仙桃市融媒体中心网", "ORG")], [("仙桃市融媒体中心网", "ORG")]),
    ("利用“公益海关”宣传农产品。", [("公益海关", "ORG")], []),
    # a quoted product hides its place; a quoted body with a place or a country stays whole; the body named
    # inside a quoted event is tagged
    ("“赣南脐橙”销往全国各地。", [("赣南", "LOC")], []),
    ("在“云南白药集团”帮扶下，村民增收。", [("云南白药集团", "ORG")], [("云南白药集团", "ORG")]),
    ("与“中国农业银行昆明分行”签订协议。", [("中国农业银行昆明分行", "ORG")], [("中国农业银行昆明分行", "ORG")]),
    ("参加“云南大学支教活动”的学生。", [("云南大学", "ORG")], [("云南大学", "ORG")]),
    # a slogan ending in a word that merely ends in 会 is no programme: it hides its places
    ("当地提出建设“幸福遵义和谐社会”的目标。", [("遵义", "LOC")], []),
    # a title in 《》 hides nothing: People's Daily 1998 tags the places inside book and law titles
    ("他写了一本书《在延安的岁月》。", [("延安", "LOC")], [("延安", "LOC")]),
    ("根据《中华人民共和国土地管理法》处理。", [("中华人民共和国", "LOC")], [("中华人民共和国", "LOC")]),
    # a quoted body: a place + a body type, or a name word + a suffix (not a common word + a suffix)
    ("“贵州省红十字会”向灾区捐赠物资。", [("贵州省红十字会", "ORG")], [("贵州省红十字会", "ORG")]),
    ("“万达集团”捐赠了物资。", [("万达集团", "ORG")], [("万达集团", "ORG")]),
    # a "place" of two or three characters starting with a surname right after a title is that person
    ("合作社负责人郑金山介绍了经验。", [("郑金山", "LOC")], [("郑金山", "PER")]),
    ("村主任 林河说，路已修通。", [("林河", "LOC")], [("林河", "PER")]),
    ("合作社负责人带领村民去黄山。", [("黄山", "LOC")], [("黄山", "LOC")]),
    ("镇长王家村介绍了情况。", [("王家村", "LOC")], [("王家村", "LOC")]),
    # not after a byline role inside a word (人文), nor a native place (籍), nor a place the model continues
    ("全力建设人文宁夏。", [("宁夏", "LOC")], [("宁夏", "LOC")]),
    ("村主任余姚籍老板说，收益不错。", [("余姚", "LOC")], [("余姚", "LOC")]),
    ("镇长石门坎村调研。", [("石门", "LOC"), ("坎村", "LOC")], [("石门", "LOC"), ("坎村", "LOC")]),
    # model places are not dropped for their last character
    ("他从纽约飞往洛杉矶，再去华盛顿，最后回到澳门。",
     [("纽约", "LOC"), ("洛杉矶", "LOC"), ("华盛顿", "LOC"), ("澳门", "LOC")],
     [("纽约", "LOC"), ("洛杉矶", "LOC"), ("华盛顿", "LOC"), ("澳门", "LOC")]),
    ("东亚地区经济增长。", [("东亚", "LOC")], [("东亚", "LOC")]),
    # no split spans: a rule never cuts a model name
    ("云南省镇雄县有五所学校。", [("云南省", "LOC"), ("镇雄县", "LOC")], [("云南省", "LOC"), ("镇雄县", "LOC")]),
    ("乌蒙山区的群众脱贫。", [("乌蒙山区", "LOC")], [("乌蒙山区", "LOC")]),
    ("三棵树镇的农民增收。", [("三棵树镇", "LOC")], [("三棵树镇", "LOC")]),
    # a full chain of places before a body is one ORG
    ("云南省镇雄县教育局发布通知。", [("云南省", "LOC"), ("镇雄县教育局", "ORG")], [("云南省镇雄县教育局", "ORG")]),
    ("云南省镇雄县教育局发布通知。", [("云南省", "LOC"), ("镇雄县", "LOC")], [("云南省镇雄县教育局", "ORG")]),
    ("河南省农村信用社联合社发布公告。", [("河南省", "LOC")], [("河南省农村信用社联合社", "ORG")]),
    # a verb phrase or a common noun + suffix is no name
    ("他们积极联系学校，协调推动海关，要求物流公司配合。", [], []),
    ("发挥带动村的作用，结对村之间互助，示范村和后进村结对。", [], []),
    ("兴业银行南宁分行驻村工作队进村。", [("兴业银行南宁分行", "ORG")], [("兴业银行南宁分行", "ORG")]),
    # a model entity starting a suffixed name is extended by the suffix
    ("拱北海关开展帮扶。", [("拱北", "LOC")], [("拱北海关", "ORG")]),
    # level-prefixed bodies and abbreviations of real bodies
    ("县乡村振兴局召开会议。", [], [("县乡村振兴局", "ORG")]),
    ("团县委组织青年志愿者。", [], [("团县委", "ORG")]),
    ("民革和民建的成员参加。", [], [("民革", "ORG"), ("民建", "ORG")]),
    ("区域发展中心成立。", [], []),
    ("团县委和县总工会联合开展活动。", [], [("团县委", "ORG"), ("县总工会", "ORG")]),  # not 和县 (a county) + 总工会
    # media brands and international bodies
    ("据国际在线报道，项目启动。", [], [("国际在线", "ORG")]),
    ("中国与东盟的贸易额增长。", [("中国", "LOC"), ("东盟", "LOC")], [("中国", "LOC"), ("东盟", "ORG")]),
    # the model's company name is kept whole
    ("他在华为技术有限公司工作。", [("华为技术有限公司", "ORG")], [("华为技术有限公司", "ORG")]),
    # a Party committee coordinated with its government is two bodies; the elliptical government is not tagged
    ("为此，湖南省委省政府出台了意见。", [("湖南省委省政府", "ORG")], [("湖南省委", "ORG")]),
    ("会上，兰考县委县政府作出部署。", [("兰考县委县政府", "ORG")], [("兰考县委", "ORG")]),
    ("市委市政府高度重视。", [("市委市政府", "ORG")], []),
    ("林芝市委市人民政府联合发文。", [], [("林芝市委", "ORG")]),
    # a department of a Party committee is one body with it
    ("林芝市委宣传部组织开展活动。", [("林芝市委", "ORG")], [("林芝市委宣传部", "ORG")]),
    ("兰考县委组织部召开会议。", [], [("兰考县委组织部", "ORG")]),
    ("湖南省委统战部走访企业。", [("湖南省委", "ORG")], [("湖南省委统战部", "ORG")]),
    ("省委组织部部署工作。", [], [("省委组织部", "ORG")]),
    ("林芝市委书记讲话。", [("林芝市委", "ORG")], [("林芝市委", "ORG")]),
    ("林芝市委常委会召开。", [("林芝市委", "ORG")], [("林芝市委", "ORG")]),
    # a title's person replaces a model person cut short; a two-character name after a title stays two
    ("县长李国强在兰考县调研。", [("李国", "PER"), ("兰考县", "LOC")], [("李国强", "PER"), ("兰考县", "LOC")]),
    ("书记王建明到村里走访。", [("王建", "PER")], [("王建明", "PER")]),
    ("主任张晓红介绍了情况。", [], [("张晓红", "PER")]),
    ("县长李强在会上讲话。", [("李强", "PER")], [("李强", "PER")]),
    ("他把李国强的材料交给县长。", [("李国", "PER")], [("李国", "PER")]),  # no title: the model decides
    # a level after a verb starts a body (联合|县妇联); no place across a verb (新|修|通村)
    ("团县委联合县妇联开展活动。", [], [("团县委", "ORG"), ("县妇联", "ORG")]),
    ("团县委联合县妇联开展活动。", [("团县委", "ORG")], [("团县委", "ORG"), ("县妇联", "ORG")]),
    ("石桥村新修通村公路。", [("石桥村", "LOC")], [("石桥村", "LOC")]),
    ("白沙镇新修通村公路三公里。", [("白沙镇", "LOC")], [("白沙镇", "LOC")]),
    ("白沙镇新华村村民增收。", [("白沙镇", "LOC")], [("白沙镇", "LOC"), ("新华村", "LOC")]),
    # made-up county names the model reads are kept; a headline verb phrase is no body
    ("绿水县投入资金100万元。", [("绿水县", "LOC")], [("绿水县", "LOC")]),
    ("青山县位于省西部。", [("青山县", "LOC")], [("青山县", "LOC")]),
    ("云溪市教育扶贫助力学子圆梦", [("云溪市", "LOC")], [("云溪市", "LOC")]),
    ("云溪市教育扶贫助力学子圆梦", [("云溪市教育扶贫助力学子", "ORG")], [("云溪市", "LOC")]),
    ("青山县积极推动产业发展", [("青山县积极推动产业", "ORG")], [("青山县", "LOC")]),
    ("教育扶贫助力学子圆梦", [("教育扶贫助力学子", "ORG")], []),
    ("东岳航空开通新航线。", [("东岳航空", "ORG")], [("东岳航空", "ORG")]),  # a name without a suffix stays
    ("青山县扶贫开发办公室成立。", [("青山县扶贫开发办公室", "ORG")], [("青山县扶贫开发办公室", "ORG")]),
    # a model ORG that is only division names is those places (PD held-out, a model trained with synthetic ORGs:
    # 11 such ORGs, none gold ORG, 9 all gold LOC)
    ("云南省镇雄县召开会议。", [("云南省镇雄县", "ORG")], [("云南省", "LOC"), ("镇雄县", "LOC")]),
    ("镇雄县发布通知。", [("镇雄县", "ORG")], [("镇雄县", "LOC")]),
    ("云南省镇雄县教育局发布通知。", [("云南省镇雄县教育局", "ORG")], [("云南省镇雄县教育局", "ORG")]),
    # a model ORG loses leading verbs (PD held-out, a right-to-left model: 15 such ORGs, none gold as read, 2
    # gold once trimmed)
    ("依托东风集团开展帮扶。", [("依托东风集团", "ORG")], [("东风集团", "ORG")]),
    ("减轻青山县扶贫开发办公室负担。", [("减轻青山县扶贫开发办公室", "ORG")], [("青山县扶贫开发办公室", "ORG")]),
    # punctuation never ends a model name
    ("东风航空、西风航空开通航线。", [("东风航空、", "ORG")], [("东风航空", "ORG")]),
    ("南风航空、东风航空开通航线。", [("、东风航空", "ORG")], [("东风航空", "ORG")]),
]


@pytest.fixture(scope="module")
def rules_nlp():
    return load(ner="none")


@pytest.mark.parametrize("text,model,expected", MERGE_CASES)
def test_merge_regression_table(rules_nlp, text, model, expected):
    doc = rules_nlp.make_doc(text)
    bounds = {t.idx for t in doc} | {t.idx + len(t.text) for t in doc}
    spans = []
    for name, label in model:
        start = text.index(name)
        spans.append((start, start + len(name), label))
    got = merge_entities(text, spans, find_candidates(text), bounds)
    assert [(text[s:e], label) for s, e, label in got] == expected


# A place the model found (a made-up county no gazetteer holds) anchors an organisation suffix like a known place.
MODEL_PLACE_CASES = [
    ("绿水县农业农村局组织培训。", [("绿水县", "LOC")], [("绿水县农业农村局", "ORG")]),
    ("青山县人民政府召开会议。", [("青山县", "LOC")], [("青山县人民政府", "ORG")]),
    ("青山县位于省西部。", [("青山县", "LOC")], [("青山县", "LOC")]),
    ("绿水县投入资金100万元。", [("绿水县", "LOC")], [("绿水县", "LOC")]),
    ("青山县积极推动海关通关。", [("青山县", "LOC")], [("青山县", "LOC")]),  # a verb phrase + suffix
]


@pytest.mark.parametrize("text,model,expected", MODEL_PLACE_CASES)
def test_model_places_anchor_bodies(rules_nlp, text, model, expected):
    doc = rules_nlp.make_doc(text)
    bounds = {t.idx for t in doc} | {t.idx + len(t.text) for t in doc}
    spans = [(text.index(n), text.index(n) + len(n), label) for n, label in model]
    places = [(s, e) for s, e, label in spans if label == "LOC"]
    got = merge_entities(text, spans, find_candidates(text, places=places), bounds)
    assert [(text[s:e], label) for s, e, label in got] == expected
