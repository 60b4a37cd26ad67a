"""GB/T 2260 index: hand-checked codes, levels, short names and parents."""

from __future__ import annotations

import time

import pytest

from zhnews_ie import divisions


def test_province_full_name():
    div = divisions.resolve("贵州省")
    assert div is not None
    assert (div.code, div.level, div.parent) == ("520000", "province", None)


def test_prefecture_short_and_full_name():
    for name in ("贵阳", "贵阳市"):
        div = divisions.resolve(name)
        assert div is not None
        assert (div.code, div.name, div.level, div.parent) == ("520100", "贵阳市", "prefecture", "520000")


def test_short_names_strip_suffixes_and_ethnic_names():
    assert divisions.short_names("贵州省") == ["贵州"]
    assert divisions.short_names("长子县") == ["长子"]
    assert divisions.short_names("斗门区") == ["斗门"]
    assert divisions.short_names("广西壮族自治区") == ["广西"]
    assert divisions.short_names("新疆维吾尔自治区") == ["新疆"]
    assert divisions.short_names("彭水苗族土家族自治县") == ["彭水", "彭水县"]
    assert divisions.short_names("黔东南苗族侗族自治州") == ["黔东南", "黔东南州"]
    assert divisions.short_names("香港特别行政区") == ["香港"]
    # never a one-character short name
    assert divisions.short_names("忠县") == []
    assert divisions.short_names("城区") == []


def test_county_lookup_and_alias():
    assert divisions.resolve("长子").code == "140428"
    assert divisions.resolve("彭水县").code == "500243"
    assert divisions.resolve("斗门区").code == "440403"


def test_ambiguous_short_name_stays_none():
    # 清河: 清河县 (Hebei, 130534) and 清河区 (Liaoning 211204); Jiangsu's 清河区 (320802) was merged into
    # 清江浦区 in 2016 and is no longer a division
    codes = {d.code for d in divisions.lookup("清河")}
    assert {"130534", "211204"} <= codes and "320802" not in codes
    assert divisions.resolve("清河") is None
    # 朝阳区 is a full name in Beijing and in Changchun
    assert divisions.resolve("朝阳区") is None


def test_parents_skip_placeholders():
    assert [d.code for d in divisions.parents("520102")] == ["520100", "520000"]
    # 彭水 sits under the placeholder 500200 "县": its parent is 重庆市 itself
    assert [d.code for d in divisions.parents("500243")] == ["500000"]
    assert divisions.parents("520000") == []


def test_place_prefix():
    assert divisions.place_prefix("贵阳海关").code == "520100"
    assert divisions.place_prefix("长子县人民政府").code == "140428"
    assert divisions.place_prefix("国家开发银行贵州省分行") is None


def test_names_for_gazetteer():
    names = divisions.all_names()
    assert {"贵州省", "贵州", "贵阳", "斗门区", "彭水县"} <= names
    assert "市辖区" not in names and "县" not in names
    assert all(len(n) >= 2 for n in names)


def test_index_is_fast():
    divisions._index.cache_clear()
    t0 = time.perf_counter()
    divisions.resolve("贵阳")
    assert time.perf_counter() - t0 < 1.0


def test_place_prefix_of_district_short_names_needs_a_public_body():
    from zhnews_ie.divisions import place_prefix

    assert place_prefix("斗门海关").code == "440403"
    assert place_prefix("华龙网") is None  # a media brand, not an office of 华龙区 (Henan)
    assert place_prefix("贵阳海关").code == "520100"


def test_current_edition_names_and_former_names():
    # divisions created after 2014 are known (上党区 2018, 那曲市 2017, 哈密市 as a prefecture 2016)
    assert divisions.resolve("上党区").code == "140404"
    assert divisions.resolve("那曲市").code == "540600"
    assert divisions.resolve("哈密市").code == "650500"
    # former names resolve to their successors, and a former code gives the successor
    assert divisions.resolve("长治县").code == "140404"
    assert divisions.resolve("那曲地区").code == "540600"
    assert divisions.resolve("那曲县").code == "540602"
    assert divisions.get("140421").code == "140404"
    # the gazetteer has current and former full names, but not short names of former districts (动力, 四方)
    assert {"上党区", "那曲市", "长治县", "那曲地区"} <= divisions.full_names()
    assert "动力" not in divisions.all_names() and "四方" not in divisions.all_names()
    assert divisions.resolve("动力") is not None  # ... though lookup still knows them


def test_short_name_of_an_autonomous_county_named_after_its_people():
    assert divisions.short_names("东乡族自治县") == ["东乡", "东乡县"]
    assert divisions.short_names("鄂温克族自治旗") == ["鄂温克"]


def test_former_counties_that_became_districts_are_not_district_short_names():
    assert not divisions.is_district_short("屯留")  # 屯留县 → 屯留区 (2018)
    assert not divisions.is_district_short("罗江")  # 罗江县 → 罗江区 (2017)
    assert divisions.is_district_short("斗门")


@pytest.mark.parametrize("name,weak", [("成安", True), ("同心", True), ("兴平", True), ("东乡县", False),
                                       ("彭水县", False), ("广西", False), ("深圳", False), ("雄县", False)])
def test_weak_names(name, weak):
    assert divisions.is_weak(name) is weak


@pytest.mark.parametrize("org,code", [("饶河电视台", "230524"), ("兴业银行", None), ("同心工业园区", None),
                                      ("甘肃省东乡县教育局", "622926"), ("东乡县教育局", None),
                                      ("河南省浙江商会", None), ("长治县人民政府", "140404"),
                                      # 公安 (公安县) after a division is a word
                                      ("湖北省公安厅", "420000"), ("偃师市公安局", "410307")])
def test_place_prefix_without_context(org, code):
    div = divisions.place_prefix(org)
    assert (div.code if div else None) == code


@pytest.mark.parametrize("name,expected", [("向山区", True), ("点军区", False), ("贵阳市", False), ("某某", False)])
def test_is_former_only(name, expected):
    assert divisions.is_former_only(name) is expected
