"""Amount finding (zhnews_ie.grammar.quantities), per ANNOTATION.md (Amounts)."""

import json
from decimal import Decimal
from pathlib import Path

import cn2an
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from zhnews_ie.grammar.quantities import Quantity, find_quantities

ROOT = Path(__file__).parents[1]
DEV = Path(__file__).parents[1] / ".." / "shared" / "corpus" / "dev"
SEED = ROOT / "corpus" / "000_c51bca92e9469e1b.txt"

# (sentence, text, value, unit, kind, extra expected fields)
CASES = [
    ("共投入45.28万元", "45.28万元", "452800", "CNY", "money", {}),
    ("融资2.3亿元", "2.3亿元", "230000000", "CNY", "money", {}),
    ("补贴0.57万元", "0.57万元", "5700", "CNY", "money", {}),
    ("总额47.264287亿元", "47.264287亿元", "4726428700", "CNY", "money", {}),
    ("投入165.033万元的资金", "165.033万元", "1650330", "CNY", "money", {}),
    ("规模1.2万亿元", "1.2万亿元", "1200000000000", "CNY", "money", {}),
    ("规模一点七八万亿元", "一点七八万亿元", "1780000000000", "CNY", "money", {}),
    ("预算5千万元", "5千万元", "50000000", "CNY", "money", {}),
    ("奖励壹拾万元", "壹拾万元", "100000", "CNY", "money", {}),
    ("收入１２３元", "１２３元", "123", "CNY", "money", {}),
    ("价格123元1角1分", "123元1角1分", "123.11", "CNY", "money", {}),
    ("花了50块钱", "50块钱", "50", "CNY", "money", {}),
    ("援助300万美元", "300万美元", "3000000", "USD", "money", {}),
    ("赔偿王五人民币8万元", "8万元", "80000", "CNY", "money", {}),
    ("赔偿人民币8万", "8万", "80000", "CNY", "money", {}),
    ("投资3541.07万元2.3项目概况", "3541.07万元", "35410700", "CNY", "money", {}),
    ("投资三千多万元", "三千多万元", "30000000", "CNY", "money", {"approx": "over"}),
    ("共有近千人参加培训", "千人", "1000", "person", "count", {"approx": "under"}),
    ("惠及逾百万人", "百万人", "1000000", "person", "count", {"approx": "over"}),
    ("投资3至5万元", "3至5万元", "30000", "CNY", "money", {"approx": "range", "high": "50000"}),
    ("投资两三百万元", "两三百万元", "2000000", "CNY", "money", {"approx": "range", "high": "3000000"}),
    ("采购约23万元的产品", "23万元", "230000", "CNY", "money", {"approx": "about"}),
    ("贫困户人均可增收2514.37元", "2514.37元", "2514.37", "CNY", "money", {"qualifier": "per_capita"}),
    ("平均每年增加集体经济17.5万元", "17.5万元", "175000", "CNY", "money", {"qualifier": "per_year"}),
    ("年均增收1.2万元", "1.2万元", "12000", "CNY", "money", {"qualifier": "per_year"}),
    ("物资合计45.28万元", "45.28万元", "452800", "CNY", "money", {"qualifier": "total"}),
    ("贫困户共计2325人", "2325人", "2325", "person", "count", {"qualifier": "total", "classifier": "人"}),
    ("累计培训7128人次", "7128人次", "7128", "person_time", "count", {"qualifier": "total", "classifier": "人次"}),
    ("户均3亩", "3亩", "3", "mu", "area", {"qualifier": "per_household", "base_value": "2000"}),
    ("平均3亩", "3亩", "3", "mu", "area", {"qualifier": "average"}),
    ("帮助562户贫困户", "562户", "562", "household", "count", {"classifier": "户"}),
    ("三四十名学生", "三四十名", "30", "person", "count", {"approx": "range", "high": "40"}),
    ("200余类产品", "200余类", "200", "item", "count", {"approx": "over", "classifier": "类"}),
    ("提供百余个岗位", "百余个", "100", "item", "count", {"approx": "over"}),
    ("建造了10多个垃圾池", "10多个", "10", "item", "count", {"approx": "over"}),
    ("拥有接近1000多册的图书", "1000多册", "1000", "item", "count", {"approx": "about", "approx_text": "接近…多"}),
    ("数十个工种", "数十个", "10", "item", "count", {"approx": "about"}),
    ("聘用两位村民", "两位", "2", "person", "count", {}),
    ("现场三家成员单位", "三家", "3", "item", "count", {"classifier": "家"}),
    ("7所职业院校", "7所", "7", "item", "count", {"classifier": "所"}),
    ("192盏路灯", "192盏", "192", "item", "count", {"classifier": "盏"}),
    ("超过300户", "300户", "300", "household", "count", {"approx": "over"}),
    ("不到20人", "20人", "20", "person", "count", {"approx": "under"}),
    ("约5000人左右", "5000人", "5000", "person", "count", {"approx": "about"}),
    ("3万人以上", "3万人", "30000", "person", "count", {"approx": "over"}),
    ("逾13万2千人", "13万2千人", "132000", "person", "count", {"approx": "over"}),
    ("销售87万斤", "87万斤", "870000", "jin", "weight", {"base_value": "435000", "base_unit": "kg"}),
    ("5千克", "5千克", "5", "kg", "weight", {"base_value": "5"}),
    ("2吨", "2吨", "2", "t", "weight", {"base_value": "2000", "base_unit": "kg"}),
    ("硬化26公里的路", "26公里", "26", "km", "length", {"base_value": "26000", "base_unit": "m"}),
    ("400米塑胶跑道", "400米", "400", "m", "length", {"base_value": "400"}),
    ("占地26400平方米", "26400平方米", "26400", "m2", "area", {"base_value": "26400", "base_unit": "m2"}),
    ("种植1亩", "1亩", "1", "mu", "area", {"base_value": "666.67", "base_unit": "m2"}),
    ("面积2平方公里", "2平方公里", "2", "km2", "area", {"base_value": "2000000"}),
    ("5公顷", "5公顷", "5", "hectare", "area", {"base_value": "50000"}),
    ("近三年来,完成任务", "三年", "3", "year", "duration", {"approx": "under"}),
    ("继2006年至2009年三年帮扶之后", "三年", "3", "year", "duration", {}),
    ("在该事由发生之日起30日内进行", "30日", "30", "day", "duration", {}),
    ("用了三个多月", "三个多月", "3", "month", "duration", {"approx": "over"}),
    ("培训5天", "5天", "5", "day", "duration", {}),
    ("从2014年的10.1%降至", "10.1%", "10.1", "percent", "percent", {}),
    ("提高１２．５％", "１２．５％", "12.5", "percent", "percent", {}),
    ("占百分之二十", "百分之二十", "20", "percent", "percent", {}),
    ("占百分之一点五七", "百分之一点五七", "1.57", "percent", "percent", {}),
    ("约百分之三十五点五", "百分之三十五点五", "35.5", "percent", "percent", {"approx": "about"}),
    ("增长三成", "三成", "30", "percent", "percent", {}),
    ("下降零点五个百分点", "零点五个百分点", "0.5", "percentage_point", "percent", {}),
    ("提高2个百分点", "2个百分点", "2", "percentage_point", "percent", {}),
]


# Shapes met in news pages (synthetic sentences): spaces before the unit, periods as durations, trailing 多,
# numbers sharing one unit, counts after their noun, compound classifiers, 上万, ranges with the unit twice.
CASES += [
    ("签订为期 3 年的协议", "3 年", "3", "year", "duration", {}),
    ("在山坡上种了 200 亩果树", "200 亩", "200", "mu", "area", {}),
    ("栽下 2 万株树苗", "2 万株", "20000", "item", "count", {}),
    ("预计收获 12 万斤稻谷", "12 万斤", "120000", "jin", "weight", {}),
    ("分红合计 3.5 万元。", "3.5 万元", "35000", "CNY", "money", {"qualifier": "total"}),
    ("三年多来,村里变了", "三年多", "3", "year", "duration", {"approx": "over"}),
    ("发行3年期债券", "3年", "3", "year", "duration", {}),
    ("将期限由3年调整为长期", "3年", "3", "year", "duration", {}),
    ("已连续举办9年", "9年", "9", "year", "duration", {}),
    ("补贴期限最长2年", "2年", "2", "year", "duration", {"approx": "under"}),
    ("卖出苹果3吨多,收入可观", "3吨多", "3", "t", "weight", {"approx": "over"}),
    ("购置水泵12台套、管材若干", "12台套", "12", "item", "count", {}),
    ("保障了上千头牛羊的饮水", "千头", "1000", "item", "count", {"approx": "about"}),
    ("月薪3000元—4500元。", "3000元—4500元", "3000", "CNY", "money", {"approx": "range", "high": "4500"}),
    ("新建蓄水池一座,", "一座", "1", "item", "count", {}),
    ("购置检测设备一套。", "一套", "1", "item", "count", {}),
]

# issue 12, "silent wrong numbers": the right value or none, never a wrong one
CASES += [
    ("投入12\u200b345万元", "12\u200b345万元", "123450000", "CNY", "money", {}),
    ("投入12\u200d345万元", "12\u200d345万元", "123450000", "CNY", "money", {}),
    ("投入12\ufeff345万元", "12\ufeff345万元", "123450000", "CNY", "money", {}),
    ("投入12\u00ad345万元", "12\u00ad345万元", "123450000", "CNY", "money", {}),
    ("投入" + "7" * 500 + "元", "7" * 500 + "元", "7" * 500, "CNY", "money", {}),
    ("奖励壹萬元", "壹萬元", "10000", "CNY", "money", {}),
    ("投资三億元", "三億元", "300000000", "CNY", "money", {}),
    ("增长三點五個百分點", "三點五個百分點", "3.5", "percentage_point", "percent", {}),
    ("奖金壹佰圓", "壹佰圓", "100", "CNY", "money", {}),
    ("三兩黄金", "三兩", "3", "liang", "weight", {"base_value": "0.15"}),
    ("帮扶三十戶", "三十戶", "30", "household", "count", {}),
    ("捐赠五萬兩千元", "五萬兩千元", "52000", "CNY", "money", {}),
]


@pytest.mark.parametrize("sentence", ["45,,000元", ".5万元", "点五万元", "万万万万万元", "万万元"])
def test_malformed_numbers_give_no_value(sentence):
    assert [q for q in find_quantities(sentence) if q.kind == "money"] == []


def test_shared_unit_list():
    found = find_quantities("分别建设30、50、70和90平方米的住房")
    assert [(q.text, str(q.value), q.unit) for q in found] == [
        ("30", "30", "m2"), ("50", "50", "m2"), ("70", "70", "m2"), ("90平方米", "90", "m2")]


@pytest.mark.parametrize("sentence,text,value,unit,kind,extra", CASES)
def test_quantity(sentence, text, value, unit, kind, extra):
    found = find_quantities(sentence)
    assert len(found) == 1, found
    q = found[0]
    assert q.text == text == sentence[q.start:q.end]
    assert q.value == Decimal(value) and str(q.value) == value
    assert (q.unit, q.kind) == (unit, kind)
    for key, expected in extra.items():
        got = getattr(q, key)
        assert (str(got) if isinstance(got, Decimal) else got) == expected, key


NEGATIVES = [
    "2016年启动", "10月全面开展", "9月28日18时讯", "2019-05-09 13:26:36", "二〇一九年", "1990年代",
    "第一件事", "第三批", "第3批", "两委班子", "四议两公开", "十三五规划", "一带一路", "两会期间", "五大任务",
    "“三支队伍”966", "一朝一夕", "一对一帮扶", "一份子", "一切两半", "统一零售价", "总结出一套模式",
    "一个村", "一批物资", "一项工作", "“一人驻村,全关帮扶”", "1、“国际在线”由", "2.3项目概况",
    "f718e4c0237b4cfb839f89a77ec11a6c.jpg", "www.dzcjw.com", "QQ:3401582423", "ABC123个", "共有3401582423",
    "扶贫三年显成果", "三年一大变", "九年一贯制", "千家万户", "三番五次", "万元户", "王五人民币", "今(28)日",
]


@pytest.mark.parametrize("sentence", NEGATIVES)
def test_not_amounts(sentence):
    assert find_quantities(sentence) == []


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=10**12), st.sampled_from(["low", "up"]))
def test_written_integers_in_sentence(n, mode):
    written = cn2an.an2cn(n, mode)
    sentence = f"共投入{written}元资金"
    found = find_quantities(sentence)
    assert len(found) == 1
    assert found[0].value == n and found[0].unit == "CNY"
    assert found[0].text == written + "元"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=99), st.sampled_from(["low", "up"]))
def test_written_decimals_in_sentence(n, cents, mode):
    expected = Decimal(n) + Decimal(cents) / 100
    written = cn2an.an2cn(format(expected, "f"), mode)
    found = find_quantities(f"共投入{written}元资金")
    assert [q.value for q in found] == [expected]


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_random_text_never_raises(text):
    for q in find_quantities(text):
        assert isinstance(q, Quantity)
        assert text[q.start:q.end] == q.text


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789.,，万亿千百十一二两三四五六七八九零〇点多余约近第年月日元个人名户%成至-—~、“ 共计均半块米斤负折"
                         "分之毛整(含)上数\u200b\uff10\uff05"))
def test_numeral_soup_never_raises(text):
    last = 0
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text
        assert last <= q.start < q.end  # in text order, never overlapping
        last = q.end


# --- the seed article: hand-checked list ----------------------------------------------------------------
# (text, value, unit, kind, fields that must hold); 一年 in 一年下来 is optional and tolerated either way.
SEED_AMOUNTS = [
    ("三年", "3", "year", "duration", {"approx": "under"}),
    ("7个", "7", "item", "count", {"classifier": "个"}),
    ("6个", "6", "item", "count", {}),
    ("562户", "562", "household", "count", {}),
    ("2325人", "2325", "person", "count", {"qualifier": "total"}),
    ("5个", "5", "item", "count", {}),
    ("45.28万元", "452800", "CNY", "money", {"qualifier": "total"}),
    ("2635册", "2635", "item", "count", {"classifier": "册"}),
    ("594册", "594", "item", "count", {}),
    ("45名", "45", "person", "count", {}),
    ("10名", "10", "person", "count", {}),
    ("9个", "9", "item", "count", {}),
    ("6个", "6", "item", "count", {}),
    ("17个", "17", "item", "count", {}),
    ("786人次", "786", "person_time", "count", {}),
    ("34次", "34", "item", "count", {}),
    ("288.2万元", "2882000", "CNY", "money", {}),
    ("9个", "9", "item", "count", {}),
    ("17.5万元", "175000", "CNY", "money", {"qualifier": "per_year"}),
    ("87万斤", "870000", "jin", "weight", {"base_value": Decimal("435000"), "base_unit": "kg"}),
    ("130.5万元", "1305000", "CNY", "money", {}),
    ("2514.37元", "2514.37", "CNY", "money", {"qualifier": "per_capita"}),
    ("38名", "38", "person", "count", {}),
    ("15次", "15", "item", "count", {}),
    ("23.77万元", "237700", "CNY", "money", {}),
    ("46名", "46", "person", "count", {}),
    ("12名", "12", "person", "count", {}),
    ("7所", "7", "item", "count", {"classifier": "所"}),
    ("83名", "83", "person", "count", {}),
    ("34.65万元", "346500", "CNY", "money", {}),
    ("43场", "43", "item", "count", {}),
    ("77人", "77", "person", "count", {}),
    ("296场", "296", "item", "count", {}),
    ("7128人次", "7128", "person_time", "count", {"qualifier": "total"}),
    ("13场", "13", "item", "count", {}),
    ("614名", "614", "person", "count", {}),
    ("40人", "40", "person", "count", {}),
    ("5人", "5", "person", "count", {}),
    ("165.033万元", "1650330", "CNY", "money", {}),
    ("13名", "13", "person", "count", {}),
    ("31个", "31", "item", "count", {}),
    ("17个", "17", "item", "count", {}),
    ("3个", "3", "item", "count", {}),
    ("4879.5万元", "48795000", "CNY", "money", {}),
    ("96户", "96", "household", "count", {}),
    ("113户", "113", "household", "count", {}),
    ("26公里", "26", "km", "length", {"base_value": Decimal("26000"), "base_unit": "m"}),
    ("21个", "21", "item", "count", {}),
    ("9个", "9", "item", "count", {}),
    ("14个", "14", "item", "count", {}),
    ("192盏", "192", "item", "count", {"classifier": "盏"}),
    ("30日", "30", "day", "duration", {}),
]


def test_seed_article_exact_list():
    text = SEED.read_text(encoding="utf-8")
    found = [q for q in find_quantities(text) if not (q.text == "一年" and text[q.end:q.end + 2] == "下来")]
    assert [q.text for q in found] == [a[0] for a in SEED_AMOUNTS]
    for q, (surface, value, unit, kind, extra) in zip(found, SEED_AMOUNTS):
        assert text[q.start:q.end] == q.text
        assert (q.value, q.unit, q.kind) == (Decimal(value), unit, kind), surface
        for key, expected in extra.items():
            assert getattr(q, key) == expected, (surface, key)
    with_qualifier = {q.text: q.qualifier for q in found if q.qualifier}
    assert with_qualifier == {"2325人": "total", "45.28万元": "total", "17.5万元": "per_year",
                              "2514.37元": "per_capita", "7128人次": "total"}


# --- the dev articles ------------------------------------------------------------------------------------
def _dev_counts():
    tp = fp = fn = 0
    for gold_path in sorted(DEV.glob("*.gold.json")):
        text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        gold = {(a["start"], a["end"]): a for a in json.loads(gold_path.read_text(encoding="utf-8"))["amounts"]}
        matched = set()
        for q in find_quantities(text):
            a = gold.get((q.start, q.end))
            same = a is not None and (Decimal(str(a["value"])), a["unit"], a["kind"]) == (q.value, q.unit, q.kind)
            if a is not None and a.get("optional"):
                matched.add((q.start, q.end))
            elif same:
                matched.add((q.start, q.end))
                tp += 1
            else:
                fp += 1
        fn += sum(1 for k, a in gold.items() if not a.get("optional") and k not in matched)
    return tp, fp, fn


def test_dev_gold_f1():
    if not DEV.is_dir():
        pytest.skip(f"dev corpus not present at {DEV}")
    tp, fp, fn = _dev_counts()
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    # Score floor (a ratchet): the 16 dev articles measured 0.920 (190 tp, 9 fp, 24 fn) before the numerals
    # issue and 0.993 (214 tp, 3 fp in titles, 0 fn) after it; raise it as grammar work lands, never lower it.
    assert f1 >= 0.993, (tp, fp, fn, p, r, f1)


# --- issue 10: wrong values and silent losses in ordinary news phrasing, in the issue's order --------------
# (sentence, [(text, value, high, unit), ...]) for every amount found
ISSUE_10 = [
    # compound multipliers
    ("投资四亿五千万元", [("四亿五千万元", "450000000", None, "CNY")]),
    ("投资3亿5千万元", [("3亿5千万元", "350000000", None, "CNY")]),
    ("投资1亿2千万元", [("1亿2千万元", "120000000", None, "CNY")]),
    ("投资十亿零五百万元", [("十亿零五百万元", "1005000000", None, "CNY")]),
    # a Chinese range sharing one multiplier
    ("需要三十至五十万元", [("三十至五十万元", "300000", "500000", "CNY")]),
    ("花费两到三仟元", [("两到三仟元", "2000", "3000", "CNY")]),
    # after a colon
    ("总投资：500万元", [("500万元", "5000000", None, "CNY")]),
    ("资金:三千万元", [("三千万元", "30000000", None, "CNY")]),
    ("会议于10:30开始", []),
    # negatives
    ("增速负3.9%", [("负3.9%", "-3.9", None, "percent")]),
    ("同比-22.2%", [("-22.2%", "-22.2", None, "percent")]),
    ("海拔负0.2千米", [("负0.2千米", "-0.2", None, "km")]),
    ("利润下降-5%", [("-5%", "-5", None, "percent")]),
    ("胜负3场", [("3场", "3", None, "item")]),
    # 半 after a unit or classifier
    ("买了三斤半", [("三斤半", "3.5", None, "jin")]),
    ("运来一吨半", [("一吨半", "1.5", None, "t")]),
    ("增长三成半", [("三成半", "35", None, "percent")]),
    ("开会一个半小时", [("一个半小时", "1.5", None, "hour")]),
    ("历时一年半", [("一年半", "1.5", None, "year")]),
    ("买了半斤", [("半斤", "0.5", None, "jin")]),
    ("身高两米半", [("两米半", "2.5", None, "m")]),
    ("上半年", []),
    ("跑完5公里半程", [("5公里", "5", None, "km")]),
    # colloquial trailing digits
    ("每斤一块二", [("一块二", "1.2", None, "CNY")]),
    ("跳了三米九", [("三米九", "3.9", None, "m")]),
    ("从五块六到五块七毛八", [("五块六到五块七毛八", "5.6", "5.78", "CNY")]),
    ("卖三块零四", [("三块零四", "3.04", None, "CNY")]),
    # financial numerals before 角/分, 圆
    ("金额壹拾壹元壹角壹分", [("壹拾壹元壹角壹分", "11.11", None, "CNY")]),
    ("金额壹佰壹拾壹圆", [("壹佰壹拾壹圆", "111", None, "CNY")]),
    # the full-width comma separates clauses; the ASCII comma groups thousands
    ("共20，300元", [("300元", "300", None, "CNY")]),
    ("共12,345.6元", [("12,345.6元", "12345.6", None, "CNY")]),
    ("电话13800138000 1-2个月", [("1-2个月", "1", "2", "month")]),
    # currencies and units by name and prefix; ranges with the unit on both ends or dashes
    ("港币两千九百六十元", [("两千九百六十元", "2960", None, "HKD")]),
    ("出口5306亿台币", [("5306亿台币", "530600000000", None, "TWD")]),
    ("两个亿卢布", [("两个亿卢布", "200000000", None, "RUB")]),
    ("涨了50美分", [("50美分", "0.5", None, "USD")]),
    ("售价100泰铢", [("100泰铢", "100", None, "THB")]),
    ("身高170公分", [("170公分", "170", None, "cm")]),
    ("含5毫克", [("5毫克", "5", None, "mg")]),
    ("重3斤5两", [("3斤5两", "3.5", None, "jin")]),
    ("投入2——3万港币", [("2——3万港币", "20000", "30000", "HKD")]),
    ("贷款1万元--5万元", [("1万元--5万元", "10000", "50000", "CNY")]),
    ("月薪1800元—2500元", [("1800元—2500元", "1800", "2500", "CNY")]),
    ("额度1万(含)-5万元", [("1万(含)-5万元", "10000", "50000", "CNY")]),
    ("约2.5亿年~6500万年", [("2.5亿年~6500万年", "65000000", "250000000", "year")]),
    # found in the dev articles (synthetic sentences of the same shapes)
    ("合作期限为 5 年", [("5 年", "5", None, "year")]),
    ("分别为40、60、90和120平方米", [("40", "40", None, "m2"), ("60", "60", None, "m2"), ("90", "90", None, "m2"),
                                 ("120平方米", "120", None, "m2")]),
    ("新修水渠一条,", [("一条", "1", None, "item")]),
    ("安装机组6台套", [("6台套", "6", None, "item")]),
    ("卖了2吨多,", [("2吨多", "2", None, "t")]),
    ("上万头牛", [("万头", "10000", None, "item")]),
    ("两年多来", [("两年多", "2", None, "year")]),
    ("8年期贷款", [("8年", "8", None, "year")]),
    # forms users expect
    ("费率千分之五", [("千分之五", "0.5", None, "percent")]),
    ("费率5‰", [("5‰", "0.5", None, "percent")]),
    ("万分之三", [("万分之三", "0.03", None, "percent")]),
    ("四万万人", [("四万万人", "400000000", None, "person")]),
    ("增长3倍", [("3倍", "3", None, "times")]),
    ("今年30岁", [("30岁", "30", None, "year")]),
    ("二分之一的村民", [("二分之一", "50", None, "percent")]),
    ("打9.9折", [("9.9折", "99", None, "percent")]),
    ("身高168cm", [("168cm", "168", None, "cm")]),
    ("重1.5kg", [("1.5kg", "1.5", None, "kg")]),
    ("步行3km", [("3km", "3", None, "km")]),
    ("面积50m²", [("50m²", "50", None, "m2")]),
    ("奖励壹萬元", [("壹萬元", "10000", None, "CNY")]),
    ("三億元", [("三億元", "300000000", None, "CNY")]),
    ("一两个人", [("一两个", "1", "2", "item")]),
    # no false positives
    ("获得第1、2、3名", []),
    ("大家在一起，", []),
    ("其中一个，", []),
    ("支持5g网络", []),
    ("iPhone 12 个版本", []),
    ("拾起垃圾", []),
    ("迁入位于陆家嘴的大厦", []),  # one financial digit + a classifier: a name (陆家嘴), not 6 families
    ("伍家岭街道的陆户人家", []),
    ("万农公司", []),
    ("万一出事", []),
    ("百货大楼", []),
    ("https://x.cn/s?q=30%25%2020%", []),
    ("文号11520300-X-09_F/2020-0315002", []),
]


@pytest.mark.parametrize("sentence,expected", ISSUE_10)
def test_issue_10(sentence, expected):
    found = find_quantities(sentence)
    got = [(q.text, str(q.value), None if q.high is None else str(q.high), q.unit) for q in found]
    assert got == expected
    for q in found:
        assert sentence[q.start:q.end] == q.text
