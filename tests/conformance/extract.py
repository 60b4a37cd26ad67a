"""Rebuild the conformance case files of this folder from the peers' public test data.

Run by hand (never at test time); it needs local git mirrors of the four peer repositories:

    python tests/conformance/extract.py --mirrors /work/.mirror

Each case is one JSON line: ``suite`` (the peer), ``part`` (the peer file), ``input``, ``task``
(``numeral``: ``parse_numeral(input)`` must equal ``expected.value``; ``error``: ``parse_numeral`` must raise
ValueError; ``amounts``: ``find_quantities(input)``, filtered to ``kinds`` when given, must match
``expected`` item by item on the keys written), ``expected``, ``in_scope`` and ``reason`` (why a case is out
of scope: a deliberate difference of this project, or a form outside news amounts). Expected values are the
peer's, translated to this project's unit codes (ANNOTATION.md, Amounts).
"""

from __future__ import annotations

import argparse
import ast
import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path

HERE = Path(__file__).parent
NUMERAL_CHARS = set("0123456789.,，-负負〇零一二三四五六七八九十百千万亿两兩壹贰貳叁參肆伍陆陸柒捌玖拾佰仟萬億点點廿卅 ")


def git_show(mirrors: Path, repo: str, path: str) -> str:
    git_dir = mirrors / repo / "repo"
    return subprocess.run(["git", f"--git-dir={git_dir}", "show", f"HEAD:{path}"], check=True,
                          capture_output=True).stdout.decode("utf-8-sig")


def case(suite, part, text, task, expected, in_scope=True, reason="", **extra):
    out = {"suite": suite, "part": part, "input": text, "task": task, "expected": expected,
           "in_scope": in_scope, "reason": reason}
    out.update(extra)
    return out


def dstr(v) -> str:
    d = Decimal(str(v))
    return format(d.normalize() if d != d.to_integral_value() else d.quantize(Decimal(1)), "f")


# ----------------------------------------------------------------------------------------------------------
def cn2an_cases(mirrors: Path) -> list[dict]:
    src = git_show(mirrors, "Ailln+cn2an", "cn2an/cn2an_test.py")
    dicts: dict[str, object] = {}
    for node in ast.walk(ast.parse(src)):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Attribute):
            try:
                dicts[node.targets[0].attr] = ast.literal_eval(node.value)
            except ValueError:
                pass
    out = []
    seen = set()
    for name in ("strict_data_dict", "normal_data_dict", "smart_data_dict"):
        for text, value in dicts[name].items():
            if text in seen:
                continue
            seen.add(text)
            if any(c in text for c in "元圆角分整正"):
                exp = [{"value": dstr(value), "unit": "CNY"}]
                out.append(case("cn2an", f"cn2an_test.py:{name}", text, "amounts", exp))
            else:
                out.append(case("cn2an", f"cn2an_test.py:{name}", text, "numeral", {"value": dstr(value)}))
    for text in dicts["direct_data_dict"]:
        out.append(case("cn2an", "cn2an_test.py:direct_data_dict", text, "numeral",
                        {"value": dicts["direct_data_dict"][text]}, False,
                        "digit strings with leading zeros (phone numbers, codes): not a quantity"))
    errors = ["", "元整", "圆", "负", "零点", "点零", "零点点", "零点零大"] + list(dicts["error_smart_datas"])
    for text in errors:
        out.append(case("cn2an", "cn2an_test.py:error_*_datas", text, "error", None))
    # transform_test.py: sentences; the amounts a news reader expects, translated by hand from the peer's output
    T = "transform_test.py"
    money = lambda v: {"value": v, "unit": "CNY"}  # noqa: E731
    pct = lambda v: {"value": v, "unit": "percent"}  # noqa: E731
    rows = [
        ("小王捡了100块钱", [money("100")]), ("小王捡了一百块钱", [money("100")]),
        ("用户增长最快的3个城市", [{"value": "3", "unit": "item"}]),
        ("用户增长最快的三个城市", [{"value": "3", "unit": "item"}]),
        ("小王的生日是2001年3月4日", []), ("小王的生日是二零零一年三月四日", []),
        ("今天股价上涨了8%", [pct("8")]), ("今天股价上涨了百分之八", [pct("8")]),
        ("第2天股价下降了-3.8%", [pct("-3.8")]), ("第二天股价下降了百分之负三点八", [pct("-3.8")]),
        ("创业板指9月9日早盘低开1.57%", [pct("1.57")]), ("创业板指九月九日早盘低开百分之一点五七", [pct("1.57")]),
        ("约2.5亿年~6500万年", [{"value": "65000000", "high": "250000000", "unit": "year"}]),
        ("大陆", []), ("半岛", []), ("两岸关系", []), ("半斤", [{"value": "0.5", "unit": "jin"}]),
        ("两个", [{"value": "2", "unit": "item"}]), ("两千米", [{"base_value": "2000", "base_unit": "m"}]),
        ("一个大西瓜切两半", []), ("二〇〇二年的第一场雪", []),
        ("支票上金额应写为：伍仟元整", [money("5000")]),
        ("电话012，1-2个月，金额101元", [{"value": "1", "high": "2", "unit": "month"}, money("101")]),
        ("电话零零三，数量十二个，二〇〇二年", [{"value": "12", "unit": "item"}]),
        ("编号负零一，数值一二点三零", []), ("在1-2个月时间内", [{"value": "1", "high": "2", "unit": "month"}]),
    ]
    for text, exp in rows:
        out.append(case("cn2an", T, text, "amounts", exp))
    for text, reason in [("抛出去的硬币为正面的概率是1/2", "a bare fraction without unit is no amount"),
                         ("现在室内温度为39℃，很热啊！", "temperature has no unit code (ANNOTATION.md)"),
                         ("零下四摄氏度", "temperature has no unit code (ANNOTATION.md)"),
                         ("巅峰赛两千分", "分 as game points has no unit code"),
                         ("廿二日，日出东方", "a date (the dates grammar), not an amount"),
                         ("零年零月肆拾日", "not a valid date"), ("零年貳月", "not a valid date")]:
        out.append(case("cn2an", T, text, "amounts", None, False, reason))
    return out


# ----------------------------------------------------------------------------------------------------------
JIO_CUR = {"元": "CNY", "港元": "HKD", "美元": "USD", "日元": "JPY", "新台币": "TWD", "泰铢": "THB", "卢布": "RUB",
           "欧元": "EUR", "韩元": "KRW", "澳元": "AUD"}
JIO_APPROX = {"accurate": [None], "blur": ["about", "over", "range"], "blur-": ["under"], "blur+": ["over"]}
RANGE_MARK = re.compile(r"到|至|-|~|—|[一二三四五六七八九两][一二三四五六七八九]")


def jionlp_cases(mirrors: Path) -> list[dict]:
    out = []
    src = git_show(mirrors, "dongrixinyu+JioNLP", "test/test_money_parser.py")
    body = src[src.index("money_string_list = ["):src.index("for item in money_string_list")]
    items = ast.literal_eval(body.split("=", 1)[1].strip())
    for text, res in items:
        nums = res["num"] if isinstance(res["num"], list) else [res["num"]]
        exp = {"value": dstr(nums[0]), "unit": JIO_CUR[res["case"]], "approx": JIO_APPROX[res["definition"]]}
        if len(nums) == 2:
            if RANGE_MARK.search(text):
                exp["high"] = dstr(nums[1])
            # else: a vague figure (3000多, 几十万, 数十亿): this project's value is the stated figure
        reason = ""
        if "，" in text:
            reason = "the full-width comma is a clause separator here (issue 10), not a thousands separator"
        elif re.search(r"元(欧元|日币)", text):
            reason = "two currency words in a row; 元 is read as the currency"
        elif not re.search(r"[元块币铢布圆]", text):
            reason = "no currency unit written: a bare number is not an amount (ANNOTATION.md)"
        out.append(case("jionlp", "test_money_parser.py", text, "amounts", [exp], not reason, reason,
                        kinds=["money"]))
    src = git_show(mirrors, "dongrixinyu+JioNLP", "test/test_money_extractor.py")
    body = src[src.index("money_string_list = ["):src.index("for item in money_string_list")]
    items = ast.literal_eval(body.split("=", 1)[1].strip())
    for text, res in items:
        exp = [{"text": r["text"]} for r in res]
        reason = ""
        if any(not re.search(r"[元块币铢布圆]", r["text"]) for r in res):
            reason = "no currency unit written (10k~15k): a bare number is not an amount"
        out.append(case("jionlp", "test_money_extractor.py", text, "amounts", exp, not reason, reason,
                        kinds=["money"]))
    return out


# ----------------------------------------------------------------------------------------------------------
RT_CUR = {"CNY", "USD", "EUR", "HKD", "TWD", "JPY", "CHF", "GBP"}
RT_DIM = {"Mu": "mu", "Kilogram": "kg", "Centimeter": "cm", "Ton": "t", "Meter": "m", "Jin": "jin",
          "Kilometer": "km", "Gram": "g", "Liang": "liang", "Microgram": None, "Millimeter": "mm",
          "Square kilometer": "km2", "Square meter": "m2", "Hectare": "hectare"}
RT_AGE = {"Year": "year", "Month": "month", "Week": "week", "Day": "day"}


def _norm(s: str) -> str:
    return s.translate({cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}).replace(" ", "")


def recognizers_cases(mirrors: Path) -> list[dict]:
    out = []
    base = "Specs/{}/Chinese/{}.json"
    for folder, model in (("Number", "NumberModel"), ("Number", "PercentModel"),
                          ("NumberWithUnit", "CurrencyModel"), ("NumberWithUnit", "DimensionModel"),
                          ("NumberWithUnit", "AgeModel")):
        part = f"{folder}/Chinese/{model}.json"
        for c in json.loads(git_show(mirrors, "microsoft+Recognizers-Text", base.format(folder, model))):
            text, results = c["Input"], c["Results"]
            peer_ok = "python" not in c.get("NotSupported", "").lower().replace(" ", "")
            extra = {"peer_pass": peer_ok}
            if model == "NumberModel":
                if len(results) == 1 and _norm(results[0]["Text"]) == _norm(text):
                    value = results[0]["Resolution"]["value"]
                    reason = ""
                    if re.search(r"[兆打对對双雙半]", text) or re.search(r"[GMK]$", text.strip(), re.I):
                        reason = "兆 (10^6 or 10^12 by region), 打/对/双/半 counting words, G/M suffixes: not news numerals"
                    elif re.match(r"-?\.|^[百千]", text.strip()):
                        reason = "a leading '.' is refused (issue 12), clipped 百三/千三: not written so in news"
                    elif "，" in text:
                        reason = "the full-width comma is a clause separator here (issue 10), not a thousands separator"
                    elif "E" in value or len(value.split(".")[-1]) >= 10 and "." in value:
                        reason = "a float or non-terminating value: no exact Decimal to compare"
                    elif not set(text) <= NUMERAL_CHARS | set("０１２３４５６７８９，．kKwW分之/"):
                        reason = "words around the number: zhnews_ie reads numerals and amounts, not bare numbers in text"
                    out.append(case("recognizers", part, text, "numeral", {"value": value}, not reason, reason, **extra))
                else:
                    out.append(case("recognizers", part, text, "numeral", None, False,
                                    "bare numbers inside running text: zhnews_ie finds amounts (number + unit), "
                                    "not bare numbers", **extra))
                continue
            exp, reason = [], ""
            for r in results:
                res = r["Resolution"]
                value = res.get("value")
                if model == "PercentModel":
                    v = value.rstrip("%").strip() if value else None
                    item = {"value": dstr(v) if v else None, "unit": "percent"}
                    if re.search(r"[个個]\s*百\s*分\s*[点點]", r["Text"]):
                        # deliberate (ANNOTATION.md): 个百分点 is a percentage_point, not a percent
                        item["unit"] = "percentage_point"
                elif model == "CurrencyModel":
                    iso = res.get("isoCurrency")
                    item = {"value": value, "unit": iso}
                    if iso not in RT_CUR:
                        reason = reason or f"currency {res.get('unit')} has no code here or is unresolved"
                else:
                    table = RT_DIM if model == "DimensionModel" else RT_AGE
                    unit = table.get(res.get("unit"))
                    item = {"value": value, "unit": unit}
                    if unit is None:
                        reason = reason or f"unit {res.get('unit')} (bits, bytes, Hz, kW ...) has no code here"
                    if model == "AgeModel":
                        item["kind"] = "duration"
                if value is None:
                    reason = reason or "a unit name without a number is no amount"
                elif "E" in str(value):
                    reason = reason or "a float value: no exact Decimal to compare"
                elif re.search(r"兆", r["Text"]):
                    reason = reason or "兆 is ambiguous (10^6 or 10^12)"
                exp.append(item)
            if re.search(r"[$]", text):
                reason = reason or "the $ sign is unresolved (Dollar) in the peer's spec"
            if model == "PercentModel" and re.search(r"对折|對折|半成|半折|十折", text):
                reason = reason or "对折/半成/半折: idioms of discount, not news figures"
            if re.search(r"[0-9０-９一二三四五六七八九十百佰千万萬点點分之个個成折] +[0-9０-９一二三四五六七八九十百佰千万萬点點分之个個成折kK]", text):
                reason = reason or "spaces between the characters of one numeral: not news text"
            if "，" in text and re.search(r"[0-9０-９]，[0-9０-９]", text):
                reason = reason or "the full-width comma is a clause separator here (issue 10), not a thousands separator"
            if re.search(r"[0-9０-９][kK]", text):
                reason = reason or "k shorthand on a percentage: not news text"
            if model == "PercentModel" and re.search(r"二三十|\d-\d", text):
                reason = reason or "deliberate (ANNOTATION.md): a range keeps both ends (二三十, 5-20%); the peer differs"
            kinds = {"PercentModel": ["percent"], "CurrencyModel": ["money"],
                     "DimensionModel": ["length", "weight", "area"], "AgeModel": ["duration"]}[model]
            out.append(case("recognizers", part, text, "amounts", exp, not reason, reason, kinds=kinds, **extra))
    return out


# ----------------------------------------------------------------------------------------------------------
DK_UNIT = {  # Duckling unit -> (base unit, factor to base) compared on base_value
    "Gram": ("kg", Decimal("0.001")), "Centimetre": ("m", Decimal("0.01")), "Metre": ("m", Decimal(1)),
    "Kilometre": ("m", Decimal(1000)), "Foot": ("m", Decimal("0.3048")), "Inch": ("m", Decimal("0.0254")),
    "Mile": ("m", Decimal("1609.344")), "Dollar": ("CNY", Decimal(1)), "CNY": ("CNY", Decimal(1)),
    "HKD": ("HKD", Decimal(1)),
}
DK_EXAMPLES = re.compile(r"examples\s*\((?P<expr>[^\[]*?)\)\s*\[(?P<body>.*?)\]", re.S)
DK_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')


def duckling_cases(mirrors: Path) -> list[dict]:
    out = []
    for dim in ("AmountOfMoney", "Quantity", "Distance", "Numeral"):
        part = f"Duckling/{dim}/ZH/Corpus.hs"
        src = git_show(mirrors, "facebook+duckling", part)
        src = src[src.index("allExamples"):]
        for m in DK_EXAMPLES.finditer(src):
            expr = " ".join(m.group("expr").split())
            texts = [json.loads(f'"{s}"') for s in DK_STRING.findall(m.group("body"))]
            for text in texts:
                if dim == "Numeral":
                    nv = re.fullmatch(r"NumeralValue \(?(-?[\d.e]+)\)?", expr)
                    value = dstr(nv.group(1))
                    reason = ""
                    if not set(text) <= NUMERAL_CHARS or re.search(r"[兆打对對双雙半份又]", text):
                        reason = "classifiers, 打/对/双/半/份 counting words or K/M/G suffixes: not a bare numeral"
                    elif re.search(r"卌|^\.|千一$|萬九$|^百二", text) or text.startswith("01"):
                        reason = "卌, a leading '.', leading zeros or clipped 千一/萬九/百二萬: not written so in news"
                    out.append(case("duckling", part, text, "numeral", {"value": value}, not reason, reason))
                    continue
                sm = re.fullmatch(r"(simple|under|above) (\w+) \(?(-?[\d.]+)\)?(?: Nothing)?", expr)
                bm = re.fullmatch(r"between (\w+) \((-?[\d.]+), ?(-?[\d.]+)\)", expr)
                unit = (sm or bm).group(2 if sm else 1)
                reason = ""
                if unit not in DK_UNIT:
                    reason = f"{unit} has no unit code here"
                elif re.search(r"[蚊仙毫個个]|^[毛角分]|\d分|[零一二两三四五六七八九十]分|[角毛]$|\d角|两毛", text):
                    reason = "Cantonese money words (蚊, 仙, 毫, 個) or 角/分/毛 without 元: not mainland news amounts"
                elif re.search(r"[A-Za-z'\"]", text) and not re.fullmatch(r"[\d.]+ ?(cm|m|km|kg|g|mg)", text):
                    reason = "English unit words or quote marks as units: outside Chinese news amounts"
                elif re.search(r"\dg$", text):
                    reason = "deliberate: a lowercase g after a number is not read as grams (5g is the network in news)"
                elif re.match(r"^米|^公尺|米六到", text):
                    reason = "米九 (1.9 m) without the leading 一: colloquial, not news"
                base, factor = DK_UNIT.get(unit, ("", Decimal(1)))
                if sm:
                    item = {"base_value": dstr(Decimal(sm.group(3)) * factor), "base_unit": base}
                    if sm.group(1) != "simple":
                        item["approx"] = ["under"] if sm.group(1) == "under" else ["over"]
                else:
                    item = {"base_value": dstr(Decimal(bm.group(2)) * factor), "base_unit": base,
                            "high_base": dstr(Decimal(bm.group(3)) * factor)}
                kinds = {"AmountOfMoney": ["money"], "Quantity": ["weight"], "Distance": ["length"]}[dim]
                out.append(case("duckling", part, text, "amounts", [item], not reason, reason, kinds=kinds))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--mirrors", type=Path, default=Path("/work/.mirror"))
    args = ap.parse_args()
    for name, fn in (("cn2an", cn2an_cases), ("jionlp", jionlp_cases), ("recognizers", recognizers_cases),
                     ("duckling", duckling_cases)):
        cases = fn(args.mirrors)
        with open(HERE / f"{name}.jsonl", "w", encoding="utf-8") as f:
            for c in cases:
                f.write(json.dumps(c, ensure_ascii=False) + "\n")
        print(name, len(cases), "cases,", sum(c["in_scope"] for c in cases), "in scope")


if __name__ == "__main__":
    main()
