"""Write corpus/000_c51bca92e9469e1b.gold.json from the hand annotation below.

The annotation (which strings are amounts, their values, units, entity labels, paragraph categories) was
done by hand following the annotation guideline (docs/annotation.md, the user's version of the development
workspace's ../shared/ANNOTATION.md); this script only turns the hand-written list into character
offsets (searching forward in reading order) so that offsets cannot be mistyped. Re-run after editing:
    python tools/make_seed_gold.py
"""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TXT = ROOT / "corpus" / "000_c51bca92e9469e1b.txt"
OUT = ROOT / "corpus" / "000_c51bca92e9469e1b.gold.json"

# Paragraph categories in reading order (19 non-empty lines), alternatives where two readings hold.
PARAGRAPHS = [
    ("overview", []),  # title
    ("other", []),  # date | source | editors
    ("overview", []),  # lead: the five tasks and the model
    ("overview", []),  # results of the whole programme over three years
    ("party_building", ["infrastructure"]),  # 村级阵地: office building renovation
    ("party_building", []),  # 两委, 四议两公开, party members, party groups
    ("party_building", []),  # 轮战 mechanism, 驻村, 党支部
    ("industry", []),
    ("education", []),
    ("employment", []),
    ("infrastructure", []),
    ("other", []),  # copyright notice heading
    ("other", []), ("other", []), ("other", []), ("other", []), ("other", []), ("other", []), ("other", []),
]

# (text, kind, value, unit, extra): in reading order; the search for each starts where the previous ended.
A = [
    ("三年", "duration", 3, "year", {"approx": "under"}),
    ("7个", "count", 7, "item", {"classifier": "个", "agent": "贵阳海关", "object": "定点扶贫村"}),
    ("6个", "count", 6, "item", {"classifier": "个", "agent": "贵阳海关", "object": "扶贫村"}),
    ("562户", "count", 562, "household", {"classifier": "户", "agent": "贵阳海关", "object": "贫困户"}),
    ("2325人", "count", 2325, "person", {"classifier": "人", "qualifier": "total"}),
    ("5个", "count", 5, "item", {"classifier": "个", "object": "扶贫村"}),
    ("45.28万元", "money", 452800, "CNY", {"qualifier": "total", "object": "资金和物资"}),
    ("2635册", "count", 2635, "item", {"classifier": "册"}),
    ("594册", "count", 594, "item", {"classifier": "册"}),
    ("45名", "count", 45, "person", {"classifier": "名"}),
    ("10名", "count", 10, "person", {"classifier": "名"}),
    ("9个", "count", 9, "item", {"classifier": "个"}),
    ("6个", "count", 6, "item", {"classifier": "个", "object": "党小组"}),
    ("17个", "count", 17, "item", {"classifier": "个", "object": "党支部"}),
    ("786人次", "count", 786, "person_time", {"classifier": "人次"}),
    ("34次", "count", 34, "item", {"classifier": "次"}),
    ("288.2万元", "money", 2882000, "CNY", {"agent": "贵阳海关", "object": "产业扶贫资金"}),
    ("9个", "count", 9, "item", {"classifier": "个"}),
    ("17.5万元", "money", 175000, "CNY", {"qualifier": "per_year"}),
    ("87万斤", "weight", 870000, "jin", {"base_value": 435000, "base_unit": "kg"}),
    ("130.5万元", "money", 1305000, "CNY", {}),
    ("2514.37元", "money", 2514.37, "CNY", {"qualifier": "per_capita"}),
    ("38名", "count", 38, "person", {"classifier": "名"}),
    ("15次", "count", 15, "item", {"classifier": "次"}),
    ("23.77万元", "money", 237700, "CNY", {"object": "爱心物资"}),
    ("46名", "count", 46, "person", {"classifier": "名", "object": "学生"}),
    ("12名", "count", 12, "person", {"classifier": "名"}),
    ("7所", "count", 7, "item", {"classifier": "所", "object": "职业院校"}),
    ("83名", "count", 83, "person", {"classifier": "名", "object": "贫困学生"}),
    ("34.65万元", "money", 346500, "CNY", {"agent": "贵阳海关"}),
    ("43场", "count", 43, "item", {"classifier": "场"}),
    ("77人", "count", 77, "person", {"classifier": "人"}),
    ("296场", "count", 296, "item", {"classifier": "场"}),
    ("7128人次", "count", 7128, "person_time", {"classifier": "人次", "qualifier": "total"}),
    ("13场", "count", 13, "item", {"classifier": "场"}),
    ("614名", "count", 614, "person", {"classifier": "名", "object": "村民"}),
    ("40人", "count", 40, "person", {"classifier": "人"}),
    ("5人", "count", 5, "person", {"classifier": "人"}),
    ("165.033万元", "money", 1650330, "CNY", {"agent": "贵阳海关", "object": "资金和物资"}),
    ("13名", "count", 13, "person", {"classifier": "名", "object": "贫困户"}),
    ("31个", "count", 31, "item", {"classifier": "个"}),
    ("17个", "count", 17, "item", {"classifier": "个"}),
    ("3个", "count", 3, "item", {"classifier": "个"}),
    ("4879.5万元", "money", 48795000, "CNY", {"object": "项目资金"}),
    ("96户", "count", 96, "household", {"classifier": "户", "object": "危房"}),
    ("113户", "count", 113, "household", {"classifier": "户"}),
    ("26公里", "length", 26, "km", {"base_value": 26000, "base_unit": "m"}),
    ("21个", "count", 21, "item", {"classifier": "个", "object": "安全设施"}),
    ("9个", "count", 9, "item", {"classifier": "个", "object": "电力设施"}),
    ("14个", "count", 14, "item", {"classifier": "个", "object": "通讯设施"}),
    ("192盏", "count", 192, "item", {"classifier": "盏", "object": "路灯"}),
    ("30日", "duration", 30, "day", {}),
]
OPTIONAL = [("一年", "duration", 1, "year", {"optional": True})]  # 一年下来: "over a year", a set phrase

# Entities: (text, label) with every occurrence tagged, except occurrences inside a longer entity listed here
# or inside the NOT_ENTITY strings below.
ENTITIES = [
    ("贵阳海关", "ORG"),
    ("中央广电总台国际在线", "ORG"),
    ("国际在线", "ORG"),
    ("北京语言大学", "ORG"),
    ("国家开发银行", "ORG"),
    ("质检总局", "ORG"),
    ("保监会", "ORG"),
    ("中国银行总行", "ORG"),
    ("中国国际广播电台", "ORG"),
    ("国广国际在线网络(北京)有限公司", "ORG"),
    ("贵州省委", "ORG"),
    ("贵州省", "LOC"),
    ("贵州", "LOC"),
    ("沈扬", "PER"),
    ("杨云", "PER"),
    ("陈梦楠", "PER"),
    ("袁登峰", "PER"),
]
NOT_ENTITY = ["公益海关"]  # a quoted programme name of a body type: no entity. A platform name is no entity
# either, and the names inside it are tagged (ANNOTATION.md, last section: 福建 in 福建省对口帮扶宁夏项目), so 贵州 in
# “贵州电子商务云平台” is a LOC.

DATES = [("2019-05-09 13:26:36", "2019-05-09T13:26:36"), ("2016年", "2016")]

METADATA = {
    "title": "贵阳海关:聚焦“五大任务” 助力脱贫攻坚",
    "published": "2019-05-09T13:26:36",
    "source": "中央广电总台国际在线",
    "editors": ["杨云", "陈梦楠"],
    "authors": ["袁登峰"],
}


def main() -> None:
    text = TXT.read_text(encoding="utf-8")
    paragraphs = []
    pos = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = pos + line.index(stripped)
            paragraphs.append({"start": start, "end": start + len(stripped)})
        pos += len(line) + 1
    assert len(paragraphs) == len(PARAGRAPHS), (len(paragraphs), len(PARAGRAPHS))
    for p, (cat, alts) in zip(paragraphs, PARAGRAPHS):
        p["category"] = cat
        if alts:
            p["alternatives"] = alts

    def para_of(offset: int) -> int:
        return next(i for i, p in enumerate(paragraphs) if p["start"] <= offset < p["end"])

    amounts = []
    cursor = 0
    for surface, kind, value, unit, extra in A:
        start = text.index(surface, cursor)
        cursor = start + len(surface)
        rec = {"text": surface, "start": start, "end": cursor, "value": value, "unit": unit, "kind": kind}
        rec.update(extra)
        rec["category"] = paragraphs[para_of(start)]["category"]
        amounts.append(rec)
    for surface, kind, value, unit, extra in OPTIONAL:
        start = text.index(surface + "下来")
        rec = {"text": surface, "start": start, "end": start + len(surface), "value": value, "unit": unit,
               "kind": kind, **extra}
        amounts.append(rec)
    amounts.sort(key=lambda a: a["start"])

    taken: list[tuple[int, int]] = []
    blocked = [(m, m + len(s)) for s in NOT_ENTITY for m in _all(text, s)]
    entities = []
    for surface, label in sorted(ENTITIES, key=lambda e: -len(e[0])):
        for start in _all(text, surface):
            end = start + len(surface)
            if any(s < end and start < e for s, e in taken + blocked):
                continue
            taken.append((start, end))
            entities.append({"text": surface, "label": label, "start": start, "end": end})
    entities.sort(key=lambda e: e["start"])

    dates = []
    for surface, value in DATES:
        start = text.index(surface)
        dates.append({"text": surface, "start": start, "end": start + len(surface), "value": value})

    gold = {
        "source_file": TXT.name,
        "annotation": "hand-annotated following ../shared/ANNOTATION.md; see tools/make_seed_gold.py",
        "metadata": METADATA,
        "paragraphs": paragraphs,
        "amounts": amounts,
        "entities": entities,
        "orgs": sorted({e["text"] for e in entities if e["label"] == "ORG"}),
        "places": sorted({e["text"] for e in entities if e["label"] == "LOC"}),
        "persons": sorted({e["text"] for e in entities if e["label"] == "PER"}),
        "dates": dates,
    }
    for rec in amounts + entities + dates:
        assert text[rec["start"]:rec["end"]] == rec["text"], rec
    OUT.write_text(json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{OUT.name}: {len(paragraphs)} paragraphs, {sum(not a.get('optional') for a in amounts)} amounts "
          f"(+{sum(bool(a.get('optional')) for a in amounts)} optional), {len(entities)} entities")


def _all(text: str, surface: str) -> list[int]:
    out, i = [], text.find(surface)
    while i != -1:
        out.append(i)
        i = text.find(surface, i + 1)
    return out


if __name__ == "__main__":
    main()
