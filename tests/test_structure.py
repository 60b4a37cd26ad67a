"""Paragraphs, roles and header metadata (hand-checked against the seed's header and ANNOTATION.md)."""

from __future__ import annotations

import pytest

from zhnews_ie.components.structure import StructureAnalyzer, iter_paragraphs, load_structure_patterns


@pytest.fixture(scope="module")
def analyzer() -> StructureAnalyzer:
    return StructureAnalyzer(load_structure_patterns())


def test_paragraphs_are_stripped_nonempty_lines():
    text = "标题\n\n\u2003\u2003正文一。  \n\n  正文二。"
    spans = list(iter_paragraphs(text))
    assert [text[s:e] for s, e in spans] == ["标题", "正文一。", "正文二。"]


def test_seed_metadata_exact(analyzer, seed_text, seed_gold):
    paras, meta = analyzer.analyse(seed_text)
    assert len(paras) == 19
    for key in ("title", "published", "source", "editors", "authors"):
        assert meta[key] == seed_gold["metadata"][key], key


def test_seed_roles(analyzer, seed_text):
    paras, _ = analyzer.analyse(seed_text)
    roles = [r for _, _, r in paras]
    assert roles[0] == "title"
    assert roles[1] == "meta"
    assert roles[2:11] == ["body"] * 9
    assert roles[11:] == ["boilerplate"] * 8


@pytest.mark.parametrize(
    "line,field,expected",
    [
        ("发布时间:2019-10-29 08:45:45", "published", "2019-10-29T08:45:45"),
        ("时间: 2010-02-04", "published", "2010-02-04"),
        ("2019年5月9日 来源:新华网 编辑:王小明", "source", "新华网"),
        ("2019年5月9日 来源:新华网 编辑:王小明", "editors", ["王小明"]),
        ("来源:大众财经网 作者:综合", "authors", []),
    ],
)
def test_header_fields(analyzer, line, field, expected):
    _, meta = analyzer.analyse("某地举行扶贫活动\n\n" + line + "\n\n正文。")
    assert meta[field] == expected


def test_byline_author(analyzer):
    _, meta = analyzer.analyse("标题\n\n华龙网9月28日讯(记者 赵紫东)重庆市举行活动。")
    assert meta["authors"] == ["赵紫东"]


# Real-world layouts (issue 11), as short synthetic lines in the same shapes. Each row: the line, where it sits
# (header: after the title; trailer: after the body; lead: the first body paragraph), the structural role,
# metadata fields that must hold, and the people (name, role) it names.
TITLE = "某县举办扶贫技能培训"
BODY = "今年以来,某县组织技能培训300人次,帮助贫困户实现就业。"
LAYOUTS = [
    ("时间: 2010-02-04", "header", "meta", {"published": "2010-02-04"}, []),
    ("03.11.2018  08:45", "header", "meta", {"published": "2018-11-03T08:45"}, []),
    ("关注 东山观察 2021-06-02 17:20:05", "header", "meta", {"published": "2021-06-02T17:20:05"}, []),
    ("来源:某某财经网 www.mmcj.com  发布时间:2020-05-06 09:10:11", "header", "meta",
     {"source": "某某财经网", "published": "2020-05-06T09:10:11"}, []),
    ("索引号:11520300-X-09_F/2020-0315002 公开目录:扶贫开发 发布日期:2020-03-15 发布机构:某县扶贫办", "header", "meta",
     {"published": "2020-03-15", "source": "某县扶贫办"}, []),
    ("来源:某县电视台 作者:李文文 王 成 发布时间:2018-09-20 访问次数:512 责任录入:abc", "header", "meta",
     {"source": "某县电视台", "published": "2018-09-20", "authors": ["李文文", "王成"]},
     [("李文文", "author"), ("王成", "author")]),
    ("原标题:某县加大技能培训力度", "header", "title", {"original_title": "某县加大技能培训力度"}, []),
    ("【摘要】今年以来,某县组织技能培训,帮助贫困户实现就业。", "header", "meta", {}, []),
    ("□记者 李明远 报道", "header", "byline", {"authors": ["李明远"]}, [("李明远", "reporter")]),
    ("东川日报9月12日讯(记者 王海涛 通讯员 刘晓燕 陈建)今年以来,某县组织技能培训。", "lead", "body",
     {"authors": ["王海涛", "刘晓燕", "陈建"]},
     [("王海涛", "reporter"), ("刘晓燕", "correspondent"), ("陈建", "correspondent")]),
    ("某某网拉萨8月31日电 (张丰年 李海)今年以来,某县组织技能培训。", "lead", "body", {"authors": ["张丰年", "李海"]},
     [("张丰年", "reporter"), ("李海", "reporter")]),
    ("本报讯 (记者 赵一鸣 □ 钱二宝)今年以来,某县组织技能培训。", "lead", "body", {"authors": ["赵一鸣", "钱二宝"]},
     [("赵一鸣", "reporter"), ("钱二宝", "reporter")]),
    ("(赵文静)", "trailer", "byline", {"authors": ["赵文静"]}, [("赵文静", "author")]),
    ("(编辑 张晓东)", "trailer", "byline", {"editors": ["张晓东"]}, [("张晓东", "editor")]),
    ("(审核 周立新)", "trailer", "byline", {"reviewers": ["周立新"]}, [("周立新", "reviewer")]),
    ("(责任编辑 :孙丽华)", "trailer", "meta", {"editors": ["孙丽华"]}, [("孙丽华", "editor")]),
    ("(某某网编辑 宋丹)", "trailer", "byline", {"editors": ["宋丹"]}, [("宋丹", "editor")]),
    ("作者:通讯员︱麻青孟", "trailer", "meta", {"authors": ["麻青孟"]}, [("麻青孟", "correspondent")]),
    ("作者:陆 剑", "trailer", "meta", {"authors": ["陆剑"]}, [("陆剑", "author")]),
    ("张建国 摄", "trailer", "image", {"authors": ["张建国"]}, [("张建国", "photographer")]),  # a photo credit
    ("编辑:宋显金", "trailer", "meta", {"editors": ["宋显金"]}, [("宋显金", "editor")]),
    ("责编:石慧", "trailer", "meta", {"editors": ["石慧"]}, [("石慧", "editor")]),
    ("审核:简彪", "trailer", "meta", {"reviewers": ["简彪"]}, [("简彪", "reviewer")]),
    ("二审:韩立", "trailer", "meta", {"reviewers": ["韩立"]}, [("韩立", "reviewer")]),
    ("三审:孔令辉", "trailer", "meta", {"reviewers": ["孔令辉"]}, [("孔令辉", "reviewer")]),
    ("总编辑:石林荣", "trailer", "meta", {"reviewers": ["石林荣"]}, [("石林荣", "reviewer")]),
    ("关键词:某县,公益岗位,就业", "trailer", "meta", {"keywords": ["某县", "公益岗位", "就业"]}, []),
    ("关键词:", "trailer", "meta", {}, []),
    ("组图", "header", "image", {}, []),
    ("(图片来源于网络)", "trailer", "image", {}, []),
    ("(相关资料图)", "header", "image", {}, []),
    ("(资料图)", "trailer", "image", {}, []),
    ("3f9a0c21b7d84e6f.jpg", "header", "image", {}, []),
    ("http://epaper.example.cn/xxrb/20161121/12_1.jpg", "header", "image", {}, []),
    ("▲村民在合作社分拣蜜柚。", "trailer", "image", {}, []),
    ("村民在分拣车间分拣蜜柚。 张建国 摄", "trailer", "image", {"authors": ["张建国"]}, [("张建国", "photographer")]),
    ("村民在分拣蜜柚(本组图片均由通讯员提供)", "trailer", "image", {}, []),
    ("评论 (0) 分享", "trailer", "boilerplate", {}, []),
    ("版权作品,未经授权严禁转载。转载须注明来源。", "trailer", "boilerplate", {}, []),
    ("(如果您有新闻线索,欢迎向我们报料。报料QQ:340158242)", "trailer", "boilerplate", {}, []),
    # more shapes of the same kinds
    ("文/张三丰 图/李四海", "header", "byline", {"authors": ["张三丰", "李四海"]},
     [("张三丰", "author"), ("李四海", "photographer")]),
    ("[责任编辑:孙丽华]", "trailer", "meta", {"editors": ["孙丽华"]}, [("孙丽华", "editor")]),
    ("(来源:某某日报)", "trailer", "meta", {"source": "某某日报"}, []),
    ("本文来源:某某日报", "trailer", "meta", {"source": "某某日报"}, []),
    ("(原标题:某县加大技能培训力度)", "header", "title", {"original_title": "某县加大技能培训力度"}, []),
    ("上一篇:某县召开扶贫工作会议", "trailer", "boilerplate", {}, []),
    ("【字体:大 中 小】【打印】【关闭】", "trailer", "boilerplate", {}, []),
    ("发布时间:2020年03月15日 来源:某某网 作者:张三丰 浏览次数:1234", "header", "meta",
     {"published": "2020-03-15", "source": "某某网", "authors": ["张三丰"]}, [("张三丰", "author")]),
]


def layout_text(line: str, where: str) -> str:
    if where == "header":
        return f"{TITLE}\n\n{line}\n\n{BODY}"
    if where == "lead":
        return f"{TITLE}\n\n{line}\n\n{BODY}"
    return f"{TITLE}\n\n{BODY}\n\n{line}"


@pytest.mark.parametrize("line,where,role,fields,people", LAYOUTS, ids=[row[0][:16] for row in LAYOUTS])
def test_layouts_roles_fields_people(analyzer, line, where, role, fields, people):
    text = layout_text(line, where)
    page = analyzer.analyse_page(text)
    start = text.index(line)
    [got] = [r for s, e, r in page.paragraphs if s == start]
    assert got == role
    for key, value in fields.items():
        assert page.metadata[key] == value, key
    assert [(p["name"], p["role"]) for p in page.people] == people
    for p in page.people:
        assert text[p["start"]:p["end"]].replace(" ", "") == p["name"]


FURNITURE_ROWS = [row for row in LAYOUTS if row[2] != "body"]


@pytest.mark.parametrize("line,where,role,fields,people", FURNITURE_ROWS, ids=[r[0][:16] for r in FURNITURE_ROWS])
def test_layouts_in_the_pipeline(nlp, line, where, role, fields, people):
    """Furniture is `other` (原标题 is `overview`), its people are PER with graph edges, and no amount, date or
    organisation is read from an ID, a counter or a URL in it."""
    import zhnews_ie

    text = layout_text(line, where)
    start = text.index(line)
    art = zhnews_ie.extract(text, nlp=nlp)
    [para] = [p for p in art.paragraphs if p.start == start]
    assert para.category == ("overview" if role == "title" else "other")
    inside = range(start, start + len(line))
    assert [a.text for a in art.amounts if a.start in inside] == []
    per = {e.text.replace(" ", "") for e in art.entities if e.label == "PER" and e.start in inside}
    assert per >= {name for name, _ in people}
    assert not [e for e in art.entities if e.start in inside and e.label != "PER"
                and any(ch.isascii() and ch.isalnum() for ch in e.text)]
    edges = {(e.target, e.type) for e in art.graph.edges}
    for name, prole in people:
        authored = prole in ("reporter", "correspondent", "author", "photographer", "intern")
        kind = "AUTHORED_BY" if authored else "EDITED_BY"
        assert (f"person:{name}", kind) in edges


@pytest.mark.parametrize(
    "line,dates",
    [
        ("索引号:11520300-X-09_F/2020-0315002 发布日期:2020-03-15", ["2020-03-15"]),
        ("http://epaper.example.cn/xxrb/20161121/12_1.jpg", []),
        ("来源:某县电视台 发布时间:2018-09-20 访问次数:2018", ["2018-09-20"]),
    ],
)
def test_no_dates_from_ids_urls_counters(nlp, line, dates):
    import zhnews_ie

    text = layout_text(line, "header")
    art = zhnews_ie.extract(text, nlp=nlp)
    start = text.index(line)
    assert [d.text for d in art.dates if start <= d.start < start + len(line)] == dates


@pytest.mark.parametrize(
    "line,role",
    [
        ("记者:你们村今年的收入怎么样?村支书:今年人均增收3000元。", "body"),  # an interview, not a field line
        ("文明新风", "body"),  # a subheading starting with a one-character role word
        ("2021年6月2日 下午,某县召开就业扶贫推进会,部署下半年工作。", "body"),  # a sentence opening with a date
        ("村民们围在新装的路灯下拍照留念,正在拍摄", "body"),
        ("该县建成光伏电站,年发电(照明)用量满足全村需要。", "body"),
        ("央视网3月2日电(央视新闻)今年以来,某县组织技能培训300人次。", "body"),  # no person in the dateline
        ("某县人民政府 摄", "image"),  # a photo credit of an organisation: no person
    ],
)
def test_lines_without_people(analyzer, line, role):
    text = layout_text(line, "trailer")
    page = analyzer.analyse_page(text)
    start = text.index(line)
    [got] = [r for s, e, r in page.paragraphs if s == start]
    assert got == role
    assert page.people == []
