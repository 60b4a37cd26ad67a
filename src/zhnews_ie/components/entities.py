"""Rule-based ORG / LOC / PER recognition for Chinese news (the ``zhnews_ie_entities`` component).

Entities are found on the characters of ``doc.text`` (a segmenter may cut a name in two), then aligned to
tokens with ``_common.char_span``. Conventions follow ANNOTATION.md (Entities): flat spans, the longest
name wins, generic references are not entities, titles are not part of a person span.

Sources and rules (every word list is a data file in ``zhnews_ie.resources``):

- LOC: GB/T 2260 full names and short names (``zhnews_ie.divisions``), less short names that are ordinary
  words (``division_short_stoplist.txt``) and district short names (黄埔, used only as organisation
  prefixes); countries (``entity_countries.txt``); towns and villages by pattern: a 2-4 character name +
  镇/乡/街道/村/社区 when the name directly follows a place (黄埔区长洲街道, 永兴镇石桥村), is itself a known
  place name (石桥 → 石桥村), or stands after a boundary (punctuation, a function word) and is not generic
  (``entity_stoplist.txt``: 扶贫村, 帮扶村 are not names).
- ORG: known bodies (``known_orgs.txt``); a suffix (``org_suffixes.txt``) preceded by a place (贵阳海关,
  黎平县人民政府, 石桥村党支部), by an abbreviated 市/省/县 (市农业农村局), by an organisation for unit
  suffixes (国家开发银行贵州省分行, 黄埔海关乡村振兴工作小组), or, for "strong" suffixes, by a
  2-8 character name after a boundary (黄埔海关, 绿源现代农业有限公司). A place in parentheses before a
  company suffix belongs to the name (国广国际在线网络(北京)有限公司).
- ORG from token patterns (``org_token_patterns.json``, a spaCy ``Matcher`` on the segmented doc:
  ``token_candidates``): university abbreviations (华中|农大, 北师大, 大连|理工), the government office 府办 after a level
  or a place (县府办, 丽水市|府办), media brands in a media context (据 四川在线 报道, 红网讯, 来源:X, 关注 X, X 记者).
  The abbreviations of the big banks are known bodies (农行, 工行 ...) and, after a level or a place, weak suffixes
  (县农商行, 定西农行; ``org_suffixes.txt``).
- PER: a surname (``person_surnames.txt``) + 1-2 characters after a title (``person_titles.txt``:
  关长沈扬), in bylines ((文 袁登峰), (记者 赵紫东), 编辑:杨云, a bare (赵婧) closing a paragraph).
- Names found once by a pattern are tagged at all their other occurrences in the document.

Decisions where ANNOTATION.md is silent:

- Inside a quoted name (“…” or 「…」 without sentence punctuation: a programme, platform, event
  or slogan such as “公益海关”, “贵州电子商务云平台”, “遵义市就业帮扶工作湄潭县推进会…”) only known
  organisations (“国际在线”) and a place filling the whole quote are tagged. A title in 《…》 (a book, law, film,
  newspaper) hides no name: People's Daily 1998 tags the places and people inside titles (中华人民共和国 in
  《中华人民共和国土地管理法》; on its held-out lines reading 《…》 as a hiding quote lost 26 places and 14 people
  for 4 wrong places), and a newspaper title (河南科技报) is an ORG as it would be outside the marks.
- 民生监督委员会 (a village body named by its function) is generic, like 驻村工作队.
- A full place name + 委 is the Party committee of that division: 贵州省委 is ORG (贵州省委省政府: ORG 贵州省委,
  the elliptical 省政府 is not tagged, as in the seed gold). 贵州省政府 and 黎平县人民政府 are ORG.
- The abbreviated 市农业农村局 / 市人社局 / 县人民政府 (the city or county implied by the article) are ORG:
  市/省/县 after a boundary, then a name of two or more characters or a suffix of three or more
  (市政府 and 县委 stay untagged). Both are kept.
- A media brand such as 国际在线 is an ORG wherever it is named, including the copyright notice.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib.resources import files
from pathlib import Path
from typing import Any, Callable, Iterable

from spacy.attrs import IDX, LENGTH
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import ensure_path, registry

from zhnews_ie import divisions
from zhnews_ie.components._common import CLAUSE_MARKS, ensure_boundaries, register_extensions, trim_entity_spans
from zhnews_ie.grammar.text import normalise_width
from zhnews_ie.resources import read_lines

RESOURCE_FILES = {
    "known_orgs": "known_orgs.txt",
    "countries": "entity_countries.txt",
    "org_suffixes": "org_suffixes.txt",
    "titles": "person_titles.txt",
    "surnames": "person_surnames.txt",
    "stoplist": "entity_stoplist.txt",
    "short_stoplist": "division_short_stoplist.txt",
    "common_words": "common_words.txt",
    "time_words": "time_words.txt",
    "zone_types": "place_zone_types.txt",
    "programme_types": "programme_types.txt",
    "venue_types": "venue_types.txt",
    "body_types": "gov_body_types.txt",
    "operators": "known_operators.txt",
    "token_patterns": "org_token_patterns.json",
}

# Characters that end a name to their left: function words, demonstratives and numerals. Punctuation,
# digits, Latin letters and spaces end a name too (anything outside the CJK blocks).
_BOUNDARY_CHARS = frozenset(
    "的了在和与及或是为由向对从自于到把被给让使将已也都就还又并而且等之其该本此这那各每个所以跟据"
    "按比如若即则但却只仅才再更最很不没无未得着过来去说称往至当因"
    "一二三四五六七八九十百千万亿两几"
)
_FUNCTION_CHARS = _BOUNDARY_CHARS - frozenset("一二三四五六七八九十百千万亿两几")
"""``_BOUNDARY_CHARS`` without the numerals (四川, 三农网 start with one)."""
_CONJUNCTIONS = frozenset({"和", "与", "及", "、"})
_INNER_FUNCTION_CHARS = frozenset("在不对也就将以从都已还把向又于由更最据被很再比却较曾因仅按未往除是")
"""One-character prepositions and adverbs: People's Daily 1998 tags each p or d at least 80% of the time (30 uses
or more; characters that also start name words, such as 共, 同, 正, 自, 经, left out), and the copula 是; none stands
as a word inside any of its 6,964 ORGs (``_after_inner_function_word``: 某村|是|某某分行 → 某某分行)."""
_COMPASS_RE = re.compile("^[东南西北中][东南西北方部]$")
"""Compass words (东南, 南方, 西部; People's Daily 1998 tags them f or s, ``common_words.txt`` class V): name words in
a brand or a school (东南网, 南方医大), not verbs."""
_DIV_SUFFIX_CHARS = frozenset("省市县区州盟旗镇乡村")
# A classifier after a numeral (一套, 7个) is not part of the name that follows.
_CLASSIFIERS = frozenset("个套名位项家所座批次场户人只条件台辆种类")
_NUMERALS = frozenset("0123456789一二三四五六七八九十百千万两几")
# After a 2-character name, these characters start a verb or a function word: the name has 2 characters.
_PER_STOP = frozenset(
    "说表认介指称强告透坦感笑拉带率一同先女等的是在和与及对向为到了也都就还又将已曾亲主讲谈回答道"
    "们部书局长任记者"
)
_PER_STOP_ALONE = frozenset("说等的是在和与及对向为到了也都就还又将已曾们笑称")
"""Characters of ``_PER_STOP`` that are words of their own after a name; the others stop a name only when they
start a word (``_starts_word_after_name``)."""
_BYLINE_ROLES = ("文", "记者", "通讯员", "摄影", "作者", "编辑", "责编", "责任编辑", "实习生")
_TOWN_SUFFIXES = {
    # suffix: (chars that may not come right before, chars that may not come right after)
    "街道": ("", "办"),
    "社区": ("", "服居工"),
    "镇": ("城乡集小重", ""),
    "乡": ("城下返回家老异故他本同", "村镇亲土情"),
    "村": ("进驻整全本该各每农山乡邻到下出入帮扶", "长委级务庄落容貌民干支两组集"),
    "屯": ("村", "垦田兵子粮驻"),
    "嘎查": ("", ""),  # the village of Inner Mongolia (嘎查, Mongolian gachaa), like 村
    "苏木": ("", ""),  # the township of Inner Mongolia (苏木, Mongolian sum), like 乡
}
_TOWN_SUFFIX_ENDINGS = tuple(_TOWN_SUFFIXES)
_GROUP_RE = re.compile("组(?![长员织成建合委团件图])")
"""The villager-group suffix, not starting a word (组长, 组织, 组成 ...): see ``_group_cands``."""
_COORDINATED_RE = re.compile("([省市县区州盟旗])委(?=[省市县区州盟旗](?:人民)?政府$)|党委(?=政府$)")
"""A Party committee coordinated with the government of its level (贵州省委省政府, 市委市政府, 某某乡党委政府): two
bodies, where People's Daily 1998 writes X委 and X政府 as two words every time (13 of 13; 党委|政府 5 of 5), never
one organisation."""
_SCHOOL_ORDINAL_RE = re.compile("(?:二十|十[一二三四五六七八九]|[一二三四五六七八九十])中(?![心学央国华文部间期旬午层等共医小和])")
"""An ordinal + 中, a numbered middle school (某某一中), not a word starting with 中 (一中心, 二中全会 ...)."""
_UNIT_SUFFIXES = frozenset({"处", "总队", "支队", "大队", "司", "所"})
"""Units of a body, named only after that body (ORG + name + 处: 某省农业厅|科教处, 公安局|交警支队): People's Daily
1998 writes a word ending in 处, 支队 or 大队 within four words after a body ending in 厅/局/委/部/办 39 times, a unit 33
of them (农业厅科教处, 省委宣传部宣传处, 公安局治安支队); the rest hold a verb (民政局找政治处) or a body part (肘部处).
After a place alone they name nothing (该省处于, 县处级), so the place anchor is not used for them."""
_DEPARTMENT_UNITS = {"中心": ("厅", "局", "委", "部", "办", "院"), "局": ("厅", "部"), "所": ("院",),
                     "推广站": ("局",), "研究生院": ("大学",)}
"""Weak suffixes that name a unit of the body written directly before them when that body ends in one of these
types (某省人社厅|就业服务管理局, 某局|宣教中心, 农业科学院|水稻所). People's Daily 1998 writes a word ending in 中心
within four words after a body ending in 厅/局/委/部/办/院 30 times, a unit 26 of them (国务院|发展|研究|中心, 环保局|宣教|
中心; the rest hold 的 or 和), and a 所 after a 院 as a unit of it (社科院|经济所, 社科院|农发所, 研究院|话剧所). A name
between them must be there (the core is judged like any body's)."""
_COMMITTEES = frozenset(ch + "委" for ch in "省市县区州盟旗")
_LEVEL_CHARS = frozenset("省市县区乡镇")
"""A level written before a body's type stands for the article's division (县医院, 区乡村振兴局, 镇中心小学); 区, 乡
and 镇 must be a token of their own (``merge_entities``): 区域发展中心 is no body. 镇 is the town level beside 乡."""
_AUTONOMOUS_LEVELS = ("自治区", "自治州", "自治县", "自治旗")
"""The levels of the autonomous divisions, written bare before a body as 省, 州, 县 are (自治区政协, 自治州人民医院)."""
_LEVEL_CLASS_RE = re.compile("[省市县区乡镇村州]+[级属]")
"""Levels + 级 or 属 before a type name a class of bodies (县级医院 'county-level hospitals', 省属医院, 省县级医院),
never one body."""
_LEVELS_RUN_RE = re.compile("[省市县区乡镇]{2,}(?:人民)?(?:政府|党委|扶贫办|[局委厅办])$")
"""Two or more levels before a government body (县市区政府, 省市县扶贫办, 市县两级 is no name either): the bodies of
several divisions together, a collective reference."""
_BARE_LEVEL_BODIES = frozenset({"委", "政府", "人民政府", "党委"})
"""A bare level + one of these (县委, 县政府, 市人民政府, 镇党委) names the Party committee or government of the division
the article is about, like a pronoun: the gold does not list it (seed: 贵州省委省政府 gives 贵州省委 only; dev: 县委、县政府
unlisted), while a place before it (某某县委, 某某县人民政府) or a body type (县民政局) makes a name."""
_BODY_LEVEL_CHARS = frozenset("中省市县区乡镇州旗团")
"""A level (or 中 for central, 团 for the Youth League) inside a short body name makes it a body, not a bare type
(中纪委, 县委, 团县委)."""
_NAME_QUOTES = {"“": "”", "「": "」"}
_SENTENCE_PUNCT = frozenset(",。;:!?,;:!?")
_MEDIA_AFTER_NET = frozenset("讯消报记")
_MEDIA_SUFFIXES = frozenset({"客户端", "网", "日报", "晚报", "报社"})


def _is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def _is_name_char(ch: str) -> bool:
    return _is_cjk(ch) and ch not in _BOUNDARY_CHARS


def load_default_lexicons() -> dict[str, list]:
    """Read the packaged lexicons.

    RETURNS (dict[str, list]): ``known_orgs``, ``countries``, ``titles``, ``surnames``, ``stoplist``,
        ``short_stoplist`` (lists of str), ``org_suffixes`` (lists of [suffix, class, blocked-before
        characters]), ``rule_only_suffixes`` (the suffixes marked ``rules``: not in the training labels), ``common_words`` (lists of [word, class]), ``time_words`` (list of str) and ``token_patterns`` (the rules of
        ``org_token_patterns.json``: dicts with ``group``, ``name`` and a spaCy Matcher ``pattern``), from the
        files named in ``RESOURCE_FILES``.
    RAISES (FileNotFoundError): If a resource file is missing from the installed package.
    """
    lex: dict[str, list] = {}
    for key, resource in RESOURCE_FILES.items():
        if key == "token_patterns":
            data = json.loads(files("zhnews_ie.resources").joinpath(resource).read_text(encoding="utf-8"))
            lex[key] = expand_macros(data["rules"], data.get("macros", {}))
            continue
        lines = read_lines(resource)
        if key == "org_suffixes":
            rows, rule_only = [], []
            for ln in lines:
                parts = ln.split("\t")
                rows.append([parts[0].strip(), parts[1].strip(), parts[2].strip() if len(parts) > 2 else ""])
                if len(parts) > 3 and parts[3].strip() == "rules":
                    rule_only.append(parts[0].strip())
            lex[key] = rows
            lex["rule_only_suffixes"] = rule_only
        elif key == "common_words":
            lex[key] = [ln.split("\t")[:2] for ln in lines if "\t" in ln]
        elif key == "surnames":
            lex[key] = [tok for ln in lines for tok in ln.split()]
        else:
            lex[key] = [ln.strip() for ln in lines]
    return lex


_MACRO_RE = re.compile(r"\{([A-Z_]+)\}")


def expand_macros(value: Any, macros: dict[str, list[str]]) -> Any:
    """Expand the named lists of ``org_token_patterns.json`` in its rules: a string that is exactly ``"{NAME}"``
    becomes the list, and ``{NAME}`` inside a string (a REGEX) its items joined by ``|``; names not in ``macros``
    (and spaCy's ``{2,6}`` operators) are left as they are.

    value (Any): A rule, or any part of one (dicts and lists are expanded throughout).
    macros (dict[str, list[str]]): The named lists.
    RETURNS (Any): A copy with the macros expanded.
    """
    if isinstance(value, dict):
        return {k: expand_macros(v, macros) for k, v in value.items()}
    if isinstance(value, list):
        return [expand_macros(v, macros) for v in value]
    if isinstance(value, str):
        whole = _MACRO_RE.fullmatch(value)
        if whole and whole.group(1) in macros:
            return list(macros[whole.group(1)])
        return _MACRO_RE.sub(lambda mt: "|".join(macros[mt.group(1)]) if mt.group(1) in macros else mt.group(0),
                             value)
    return value


@dataclass
class _Cand:
    start: int
    end: int
    label: str
    kind: str  # org_known org_pat org_level org_free loc_full loc_short loc_dshort country town town_free town_word
    # per
    priority: int = 5
    extra: dict = field(default_factory=dict)


_PRIORITY = {"org_known": 0, "org_pat": 1, "org_level": 1, "org_free": 1, "org_abbr": 1, "org_media": 1,
             "loc_full": 2, "country": 2, "town": 3, "town_free": 3, "town_word": 3, "zone": 0, "loc_short": 4,
             "per": 6}


class _Matcher:
    """Compiled form of the lexicons (built once per component instance)."""

    def __init__(self, lex: dict[str, list]):
        short_stop = set(lex["short_stoplist"])
        self.gazetteer: dict[str, str] = {}
        for name in divisions.all_short_names():
            if name in short_stop:
                continue
            self.gazetteer[name] = "loc_dshort" if divisions.is_district_short(name) else "loc_short"
        for name in divisions.full_names():
            if name not in divisions.GENERIC_NAMES:  # 城区, 新区 ... alone are common nouns (PD1998: 137 of 137)
                self.gazetteer[name] = "loc_full"
        for name in lex["countries"]:
            self.gazetteer[name] = "country"
        self.operators = tuple(lex.get("operators", ()))
        for name in [*lex["known_orgs"], *self.operators]:
            self.gazetteer[name] = "org_known"
        self.lengths: dict[str, list[int]] = {}
        for name in self.gazetteer:
            self.lengths.setdefault(name[0], []).append(len(name))
        for ch in self.lengths:
            self.lengths[ch] = sorted(set(self.lengths[ch]), reverse=True)
        self.suffix_class = {row[0]: row[1] for row in lex["org_suffixes"]}
        tp = lex.get("token_patterns") or {}
        rules = tp.get("rules", []) if isinstance(tp, dict) else tp
        # the type endings of the token patterns' names (农大, 府办, 在线 ...): they end a body as a suffix does
        self.name_endings = tuple(sorted({x for r in rules if isinstance(r, dict) and r.get("group") != "media"
                                          for x in r.get("suffixes", ())} | set(self.suffix_class), key=len,
                                         reverse=True))
        self.suffix_block = {row[0]: row[2] for row in lex["org_suffixes"]}
        suffixes = sorted(self.suffix_class, key=len, reverse=True)
        self.suffixes = tuple(suffixes)  # longest first
        self.long_suffixes = tuple(x for x in suffixes if len(x) >= 2)  # a body type of two or more characters
        self.unit_groups = _GROUP_ENDINGS + self.operators  # bodies whose company for a place may follow them
        self.suffix_re = re.compile("|".join(map(re.escape, suffixes)))
        self.town_re = re.compile("|".join(map(re.escape, sorted(_TOWN_SUFFIXES, key=len, reverse=True))))
        self.zone_types = tuple(sorted(set(lex.get("zone_types", ())), key=len, reverse=True))
        self.programme_types = tuple(sorted(set(lex.get("programme_types", ())), key=len, reverse=True))
        self.venue_types = tuple(sorted(set(lex.get("venue_types", ())), key=len, reverse=True))
        self.body_types = tuple(lex.get("body_types", ()))
        self._long_body_types = frozenset(t for t in self.body_types if len(t) >= 3)
        self._body_type_lengths = sorted({len(t) for t in self._long_body_types}, reverse=True)
        self.zone_re = re.compile("|".join(map(re.escape, self.zone_types))) if self.zone_types else None
        self.stoplist = tuple(w for w in lex["stoplist"] if not w.startswith("="))
        self.stoplist_exact = tuple(w for w in lex["stoplist"] if w.startswith("="))
        self.surnames = frozenset(lex["surnames"])
        titles = sorted(set(lex["titles"]), key=len, reverse=True)
        inline_titles = [t for t in titles if t not in _BYLINE_ROLES or t == "记者"]
        surname_alt = "|".join(map(re.escape, sorted(self.surnames, key=len, reverse=True)))
        name = f"(?P<name>(?:{surname_alt})[\u4e00-\u9fff]{{1,2}})"
        self.title_re = re.compile(f"(?P<title>{'|'.join(map(re.escape, inline_titles))})[ \u3000]?{name}")
        roles = "|".join(map(re.escape, sorted(_BYLINE_ROLES, key=len, reverse=True)))
        self.byline_re = re.compile(
            rf"\((?P<title>{roles})[ \u3000:]*{name}\)|(?P<title2>{roles})[:][ \u3000]*{name.replace('name', 'name2')}"
        )
        self.paren_per_re = re.compile(rf"\((?P<name>(?:{surname_alt})[\u4e00-\u9fff]{{1,2}})\)[ \u3000]*(?:\n|$)")
        self.paren_loc_re = re.compile(r"\(([\u4e00-\u9fff]{2,4})\)$")
        self.titles = titles
        self.long_titles = tuple(t for t in titles if len(t) >= 2)
        self.common: dict[str, str] = {w: c for w, c in lex.get("common_words", [])}
        self.time_words = frozenset(lex.get("time_words", ()))

    def generic(self, core: str) -> bool:
        return any(word in core for word in self.stoplist)

    def body_type_len(self, name: str) -> int:
        """The length of the longest government body type of three characters or more (``gov_body_types.txt``)
        that ends ``name`` (新闻出版广电局 in 某省新闻出版广电局), else 0."""
        return next((k for k in self._body_type_lengths if name[-k:] in self._long_body_types), 0)

    @cached_property
    def generic_exact(self) -> frozenset[str]:
        """Names that are generic references as they stand: the stoplist's exact entries and the bare government
        body types (``gov_body_types.txt``: 市场监管局, 教育局; ANNOTATION.md: a bare type name is no entity)."""
        return frozenset(w[1:] for w in self.stoplist_exact) | frozenset(self.body_types)


class EntityRecognizer:
    """Rules component that sets ``doc.ents`` (ORG, LOC, PER) and ``doc._.zhnews_roles``.

    nlp (Language): The pipeline.
    name (str): The component name. Defaults to "zhnews_ie_entities".
    scorer (Callable | None): Scorer for ``score``. Defaults to spaCy's NER scorer.
    """

    def __init__(self, nlp: Language, name: str = "zhnews_ie_entities", *, scorer: Callable | None = None):
        self.nlp = nlp
        self.name = name
        self.scorer = scorer
        self.lexicons: dict[str, list] | None = None
        self._matcher: _Matcher | None = None
        self._token_matcher: dict[tuple[str, ...], Matcher] | None = None
        register_extensions()

    # -- lexicons -----------------------------------------------------------------------------------
    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None,
                   lexicons: dict[str, list] | None = None) -> None:
        """Load the lexicons (the packaged data files unless ``lexicons`` is given).

        get_examples (Callable | None): Unused; accepted for ``nlp.initialize``. Defaults to None.
        nlp (Language | None): Unused. Defaults to None.
        lexicons (dict | None): Lexicons in the form of ``load_default_lexicons()``. Defaults to None.
        """
        self.lexicons = lexicons if lexicons is not None else load_default_lexicons()
        self._matcher = None
        self._token_matcher = None

    @property
    def matcher(self) -> _Matcher:
        if self.lexicons is None:
            self.initialize()
        if self._matcher is None:
            self._matcher = _Matcher(self.lexicons)
        return self._matcher

    @property
    def token_matcher(self) -> dict[tuple[str, ...], Matcher]:
        """The spaCy ``Matcher`` objects of the token patterns (``org_token_patterns.json``, ``build_token_matcher``);
        match key ``zhnews_org_<i>`` for rule ``i`` of ``lexicons["token_patterns"]``."""
        if self.lexicons is None:
            self.initialize()
        if self._token_matcher is None:
            self._token_matcher = build_token_matcher(self.nlp.vocab, self.lexicons.get("token_patterns", []))
        return self._token_matcher

    # -- processing ----------------------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        """Merge the statistical entities already in ``doc.ents`` with the rule candidates (``merge_entities``).

        doc (Doc): The document (``doc.ents`` from ``zhnews_ie_char_ner``, or empty for the rules alone).
        RETURNS (Doc): The same document with ``doc.ents`` and ``doc._.zhnews_roles`` set; tokens are split
            where an accepted entity boundary falls inside a word. A person of a byline
            (``doc.spans["people"]`` from ``zhnews_ie_structure``) counts as a model entity, and no rule
            candidate is read inside it.
        """
        text = doc.text  # Doc.text joins every token: build it once
        bylines = [(sp.start_char, sp.end_char) for sp in doc.spans.get("people", [])]  # zhnews_ie_structure
        in_byline = _SpanIndex(bylines).overlaps
        # a person named in a byline (作者:, 编辑 ..., 记者 ...) is not cut to a place or name inside it
        model = [(e.start_char, e.end_char, e.label_) for e in doc.ents if not in_byline(e.start_char, e.end_char)]
        places = [(s, e) for s, e, label in model if label == "LOC"  # 联合区|文明办: a verb + level anchors nothing
                  and not _verb_glued_to_level(normalise_width(text[s:e]), self.matcher.common)]
        starts = doc.to_array(IDX)  # token offsets without a Token object per word
        bounds = set(starts.tolist()) | set((starts + doc.to_array(LENGTH)).tolist())
        matcher, token_matcher = self.matcher, self.token_matcher
        rules = self.lexicons.get("token_patterns", [])
        norm = normalise_width(text)  # the matching form, once per doc
        quotes = _name_quotes(text, matcher)  # read once: the candidates and the merge both honour them
        orgs = [(s, e) for s, e, label in model if label == "ORG"]
        cands = find_candidates(text, matcher, places=places, bounds=bounds, norm=norm, quotes=quotes, orgs=orgs)
        cands = sort_candidates(cands + token_candidates(doc, token_matcher, rules, matcher, places, norm=norm))
        # a count owns its classifier: 35585|名|山区 holds no place 名山区 (``doc.spans["amounts"]``); a name may hold
        # a whole count (三个爸爸科技有限公司, 两家子乡)
        counts = sorted((sp.start_char, sp.end_char) for sp in doc.spans.get("amounts", []))
        cands = [c for c in cands if not in_byline(c.start, c.end) and not _cuts_a_count(c.start, c.end, counts)]
        model = [x for x in model if not _cuts_a_count(x[0], x[1], counts)]
        model = sorted(model + [(s, e, "PER") for s, e in bylines])
        found = trim_entity_spans(merge_entities(text, model, cands, bounds, matcher, quotes=quotes), text)
        found = [x for x in found if not _cuts_a_count(x[0], x[1], counts)]  # listed names too
        ensure_boundaries(doc, [(s, e) for s, e, _ in found])  # one retokenisation
        spans = [doc.char_span(s, e, label=label) for s, e, label in found]
        doc.ents = [sp for sp in spans if sp is not None]
        doc._.zhnews_roles = person_roles(doc, self.matcher.titles, text=text)
        return doc

    def score(self, examples: Iterable[Any], **kwargs: Any) -> dict[str, Any]:
        """Score the entities with the configured scorer.

        examples (Iterable[Example]): Examples with gold entities.
        RETURNS (dict[str, Any]): The scores (ents_p, ents_r, ents_f, ents_per_type).
        """
        scorer = self.scorer or registry.scorers.get("spacy.ner_scorer.v1")()
        return scorer(examples, **kwargs)

    # -- serialisation -------------------------------------------------------------------------------
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """Serialise the lexicons.

        RETURNS (bytes): UTF-8 JSON of the lexicons.
        """
        return json.dumps(self.lexicons or load_default_lexicons(), ensure_ascii=False).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "EntityRecognizer":
        """Load lexicons saved by ``to_bytes``.

        data (bytes): The serialised lexicons.
        RETURNS (EntityRecognizer): The component.
        """
        self.initialize(lexicons=json.loads(data.decode("utf-8")))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the lexicons to ``path/lexicons.json``.

        path (str | Path): A directory (created if missing).
        """
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "lexicons.json").write_bytes(self.to_bytes())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "EntityRecognizer":
        """Load lexicons saved by ``to_disk``.

        path (str | Path): The directory.
        RETURNS (EntityRecognizer): The component.
        RAISES (FileNotFoundError): If ``path/lexicons.json`` is missing.
        """
        return self.from_bytes((ensure_path(path) / "lexicons.json").read_bytes())


@Language.factory(
    "zhnews_ie_entities",
    assigns=["doc.ents"],
    requires=[],
    default_config={"scorer": {"@scorers": "spacy.ner_scorer.v1"}},
    default_score_weights={"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
)
def make_entities(nlp: Language, name: str, scorer: Callable | None) -> EntityRecognizer:
    """Create the rule-based entity recogniser.

    nlp (Language): The pipeline.
    name (str): The component name.
    scorer (Callable | None): The scorer. Defaults to "spacy.ner_scorer.v1".
    RETURNS (EntityRecognizer): The component.
    """
    return EntityRecognizer(nlp, name, scorer=scorer)


# ----------------------------------------------------------------------------------------------------
# Character-level recognition
# ----------------------------------------------------------------------------------------------------


def _cuts_a_count(start: int, end: int, counts: list[tuple[int, int]]) -> bool:
    """Whether a span starts or ends strictly inside an amount (35585名|山区: 名山区 starts inside 35585名); a span
    holding a whole amount (三个爸爸科技有限公司) or none does not. ``counts`` are sorted, non-overlapping amount
    spans (``doc.spans["amounts"]``), searched by bisection."""
    for pos in (start, end):
        k = bisect.bisect_left(counts, (pos, pos)) - 1  # the last amount starting before ``pos``
        if k >= 0 and pos < counts[k][1]:
            return True
    return False


def is_generic_reference(text: str, start: int, end: int, label: str, matcher: _Matcher | None = None,
                         quotes: list[tuple[int, int]] | None = None) -> bool:
    """Whether an entity proposed by another component (the trained ``ner``) is a generic reference.

    The filter the rule component applies to entities it finds already set: one character (美, 京); a bare
    organisation or town suffix (海关, 党支部, 合作社, 银行, 村); an ORG/LOC starting with a stoplist word
    (``entity_stoplist.txt``: 兄弟海关, 扶贫村小学, 农民专业合作社) or equal to an exact stoplist entry; an
    ORG/PER inside a quoted name (“公益海关”, ``_name_quotes``) unless it fills the quote and starts with a place
    (“仙桃市融媒体中心网”), or a LOC there that does not fill the quote (a product hides its place: “赣南脐橙”).
    A quoted programme, event, platform or chat-group name is no such quote: the names inside it are tagged.

    text (str): The document text.
    start (int): Character offset of the entity.
    end (int): Character end offset (exclusive).
    label (str): The entity label.
    matcher (_Matcher | None): Compiled lexicons. Defaults to the packaged lexicons.
    quotes (list[tuple[int, int]] | None): Quoted-name spans (``_name_quotes``). Defaults to None (computed).
    RETURNS (bool): True if the entity should be dropped.
    """
    m = matcher or _default_matcher()
    name = normalise_width(text[start:end]).strip()
    if len(name) < 2 or name in m.suffix_class or name in _TOWN_SUFFIXES or name in m.generic_exact:
        return True
    if label == "LOC" and name in divisions.GENERIC_NAMES:
        return True  # 城区, 新区 alone are common nouns (PD1998 137/137)
    if label == "LOC" and len(name) == 3 and name[1:] in divisions.GENERIC_NAMES and name not in m.gazetteer:
        return True  # one character + 新区 is no named zone (据|悉|新区); 清新区 is a division and stays
    if (label == "LOC" and len(name) == 2 and name[0] in _NUMERALS and name[1] in _DIV_SUFFIX_CHARS
            and text[end:end + 1] in _NUMERALS):
        return True  # a count of divisions (三乡五镇, 两县一区), not a town
    if label == "ORG" and len(name) <= 3 and name[-1] in "局委" and not any(ch in _BODY_LEVEL_CHARS for ch in name):
        return True  # a bare type (卫计局, 公安局, 纪委): PD1998 tags such words nt 14 of 2,075 times
    if label == "ORG" and _LEVEL_CLASS_RE.match(name):
        return True  # 县级医院, 省县级医院, 市属医院: a class of bodies by level, no one body
    if label == "ORG" and name[0] in _LEVEL_CHARS and name[1:] in _BARE_LEVEL_BODIES:
        return True  # 县委, 县政府, 市人民政府, 乡党委: the article's own division's committee or government, unlisted
    if label == "ORG" and _LEVELS_RUN_RE.match(name) and name not in m.gazetteer:
        return True  # 县市区政府, 省市县扶贫办: the bodies of several levels, no one body
    if label != "PER" and name.startswith(m.stoplist):
        return True
    for qs, qe in quotes if quotes is not None else _name_quotes(text, m):
        if qs <= start and end <= qe:
            return not ((start, end) == (qs, qe) and (label == "LOC" or _starts_with_place(name, m)
                                                      or (label == "ORG" and _named_body(name, m))))
    return False


def _named_body(name: str, m: _Matcher) -> bool:
    """Whether a name is a known body or a name word + an organisation suffix, the name word no common word
    (万达|集团, 拱北|海关; not 公益|海关: People's Daily 1998 tags 公益 as a common word)."""
    if m.gazetteer.get(name) == "org_known":
        return True
    suffix = next((x for x in m.suffixes if name.endswith(x)), "")
    core = name[:len(name) - len(suffix)]
    return bool(suffix) and len(core) >= 2 and core not in m.common


def _starts_with_place(name: str, m: _Matcher) -> bool:
    """Whether a name starts with an official division name or a country (仙桃市|融媒体中心网, 中国|农业银行…)."""
    return any(m.gazetteer.get(name[:k]) in ("loc_full", "loc_short", "country") for k in range(2, len(name)))


_PATTERN_KINDS = frozenset({"org_pat", "org_level", "org_free", "org_abbr", "org_media", "town", "town_free",
                            "zone"})
_EVIDENCE_KINDS = frozenset({"org_known", "org_pat", "org_level", "org_abbr", "org_media", "loc_full", "country",
                             "town", "zone"})
"""Rule kinds that are evidence on their own: a known body, a full official division name, a country, a suffix
after a place or an organisation or a level (贵阳海关, 县乡村振兴局), a checked token pattern (华中农大, 丽水市府办,
四川在线 after 据; ``token_candidates``), a town or village after a place."""
_FREE_KINDS = frozenset({"org_free", "town_free", "loc_short"})
"""Rule kinds that need lexical evidence (``_plausible_core``/``_plausible_name``): a suffix after any words
(协调推动海关, 带动村 are no names) and a short division name (同心 in 同心同德 is a common word); a
``town_free`` village also needs the model when one ran."""
_ACTIVITY_TYPES = ("公司", "合作社", "中心", "协会", "委员会", "促进会", "联合会", "研究会", "学会", "办公室")
"""Types whose names may hold one verb word after their first word, naming a trade or an activity (某某|种植|合作社,
某地|科技|开发|交流|中心, 某某|阅读|促进会): in People's Daily 1998 a verb word (``common_words.txt`` V) stands before
the type in 29 of 429 companies, 8 of 64 centres, 8 of 122 associations and 3 of 74 committees."""
_MAX_CORE_TOKENS = 4
"""Most words between a place (or a boundary) and an organisation suffix (国广/国际/在线/网络 + 有限公司)."""
_MAX_NAME_RUN = 24
"""Most characters between the start of a run of name characters and a type for a level-led or trade-named body
(``_org_cands``); longer runs are left to the places that anchor a name inside them."""
_LEGAL_FORMS = ("有限公司", "有限责任公司")
_MAX_LEGAL_CORE_TOKENS = 7
_MAX_LEGAL_CORE_CHARS = 12
"""Most words before a company's legal form (``_LEGAL_FORMS``): a registered name is a place, a trade name, its trade
and the form (企业名称登记管理规定), and the trade may take several words (某禾|绿色|农业|发展|集团|有限公司) while the
segmenter cuts an unknown trade name into single characters (中|禾); no verb phrase ends in a legal form. Between a
place and a legal form up to ``_MAX_LEGAL_CORE_CHARS`` characters (8 before other types)."""
_LABEL_KINDS = frozenset({"org_known", "loc_full", "loc_short", "country", "org_pat", "org_level", "zone"})
"""Where a rule and the model give the same span different labels, these kinds decide the label."""


class _Intervals:
    """Non-overlapping ``[start, end)`` spans kept sorted: overlap test and insertion in O(log n)."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end)  # spans starting before ``end``; the last may reach past start
        return k > 0 and self.ends[k - 1] > start

    def add(self, start: int, end: int) -> None:
        k = bisect.bisect_left(self.starts, start)
        self.starts.insert(k, start)
        self.ends.insert(k, end)


class _SpanIndex:
    """Fixed ``[start, end)`` spans, overlapping or not, sorted: the ones that may reach into a range are found by
    bisection (a span starts less than the longest span's length before the range ends), not by a scan of all.

    spans (Iterable[tuple[int, int]]): The spans.
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self.spans = sorted(spans)
        self.starts = [s for s, _ in self.spans]
        self.reach = max((e - s for s, e in self.spans), default=0)

    def near(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans starting in ``(start - longest, end)``, in order: all those overlapping or holding
        ``[start, end)``.

        start (int): Start offset of the range.
        end (int): End offset of the range (exclusive).
        RETURNS (list[tuple[int, int]]): The spans, sorted.
        """
        return self.spans[bisect.bisect_right(self.starts, start - self.reach):bisect.bisect_left(self.starts, end)]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span overlaps ``[start, end)``.

        start (int): Start offset of the range.
        end (int): End offset of the range (exclusive).
        RETURNS (bool): True if one does.
        """
        return any(s < end and start < e for s, e in self.near(start, end))


def merge_entities(text: str, model: list[tuple[int, int, str]], cands: list[_Cand], bounds: set[int],
                   matcher: _Matcher | None = None,
                   quotes: list[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
    """Combine the statistical entities with the rule candidates; the model first, rules as evidence.

    Priority, in order:

    1. A model entity loses punctuation at its ends (东风航空、); a model ORG that is only a chain of division names
       becomes one LOC per name, and so does a model LOC (某某省某某县: ``_place_chain``); a model ORG loses leading
       verbs and function words (``_drop_leading_verbs``: 借助|某某集团, 是|某某集团, 联合市|扶贫办) and the words and count before a
       count of bodies (``_after_count``: 现场|三家|某某集团; a counted common word is dropped); a model ORG that
       joins two bodies by a verb is cut in two (``_verb_between_bodies``: 团县委|联合|县妇联); a model ORG of a
       common word + a type is dropped (``_common_word_body``: 山区|学校, 帮扶|集团), one holding a verb before a level or
       place starts after it (``_after_inner_verb``: 贷款|采用|省某某公司), one ending in a type
       its previous character blocks (``_blocked_type_end``: 破|局); a classifier after a number leaves it
       (``_after_classifier``: 126|张|法院) and a person's title inside ends it (``_before_title``). A model place
       that starts inside a verb, is a verb glued to a level (联合市) or is a common word (农村) is dropped; one of 2-3 characters starting with a
       surname right after a title is a person (``_person_after_title``). A model entity is kept unless it is a
       generic reference (``is_generic_reference``; quoted names: ``_name_quotes``). A model ORG that
       coordinates a Party committee with its government is cut after the committee (贵州省委省政府 → 贵州省委;
       ``_split_coordinated``). A model ORG that is a verb phrase (``_verb_phrase_org``: 云溪市教育扶贫助力学子)
       keeps only its leading place, as a LOC (``_leading_place``), or is dropped. A model ORG ending in a
       development-zone type (``place_zone_types.txt``) after a division name is a place: LOC. A name ending in a
       venue type (``venue_types.txt``: 县会议中心) is no body: a model ORG keeps only its leading place, as a
       LOC, and a rule ORG is refused.
    2. A rule candidate must start and end on a token boundary of the segmented doc (``bounds``): a county short
       name is not read inside a word (和政 in 和政治, 成安 in 建成安置点); nor may it start with a one-character
       function word standing as its own token (和|县 in 团县委和县妇联: ``common_words.txt`` class V). A suffix pattern may end inside a
       word (客户端|讯 segmented 客户/端讯): its suffix is the evidence, and the tokens are split there; but not lie
       across two words at both edges (``_suffix_across_words``: 江西省集中|行动 holds no 中行). A level + suffix may
       start inside a word after a verb glued to the level (通过县|农行) or after a demonstrative (该县|民政局 gives
       县民政局: ``_after_demonstrative``), and must name a body (``_level_body``:
       区域|发展|中心 and 县里|共建|实验|学校 do not).
    3. A rule candidate inside a model entity or crossing one is dropped: rules never cut a model name
       (子长 in 谢子长, 蒙山 in 乌蒙山区).
    4. A rule candidate with the same span as a model entity keeps the model's span; a known body, a full
       division name, a country or a place/level + suffix name decides the label.
    5. Words that cannot make a name drop a pattern: more than three words or a one-character word between a
       place and a suffix, a word People's Daily tags mostly as a verb or function word (``_plausible_core``:
       协调推动海关, 镇雄县新建学校), a short division name or village name that is a common word
       (``_plausible_name``: 同心, 示范村).
    6. A rule candidate that contains model entities replaces them (黄埔 + 海关 → 黄埔海关, 镇雄县 + 教育局);
       a candidate over no model entity is added. A person only comes from a title or a byline; a title's
       person replaces a model person that is its prefix (县长李国强: the model's 李国 → 李国强; after a title
       People's Daily 1998 writes a two-character given name 2095 times, one character 502 times); a town or
       village name replaces a model place that is its tail (长泾镇 over the model's 泾镇: a model reading right to
       left may start a place too late).
    7. Full chains: an ORG directly preceded by places takes them in (云南省 + 镇雄县教育局 → one ORG).
    8. Symbols, emoji and control characters at the edges of a span are trimmed (``_trim_symbols``).
    9. A village or town named with its suffix is also a place where the article repeats it without the suffix
       (``_with_short_village_names``: 杜山头村 ... 杜山头), and bare names listed before the type they share are
       places (``_with_listed_villages``: 邑头、化龙、孝廉等5个村; 罗成、青垱村).
    10. An office a body keeps in another place joins the body (``_with_resident_offices``: 某省驻川工作组, 驻京办), and
       a company found with its legal form is an ORG where the article shortens it (``_with_company_short_names``:
       某某航空公司 ... 某某航空).
    11. The media brand opening a dateline is an ORG (``_with_dateline_media``: 某某网|某市|12月21日讯), and so is a
       trade name + a trade ending in 业 (``_with_trade_companies``: 某某|米业), and a name with a bracketed part is
       one entity (``_with_bracketed_names``: 某某(长汀)工业园区管理委员会).
    The component (not this function) drops a span that starts or ends inside an amount (``_cuts_a_count``).
    A rule name holding a person's title (县政法委|书记|…|县委) or joining two bodies by a conjunction
    (某某学院|和|某某大学) is no candidate (step 5).

    text (str): The document text.
    model (list[tuple[int, int, str]]): Model entities (start, end, label).
    cands (list[_Cand]): Rule candidates from ``find_candidates``.
    bounds (set[int]): Character offsets that are token boundaries.
    matcher (_Matcher | None): Compiled lexicons. Defaults to the packaged lexicons.
    quotes (list[tuple[int, int]] | None): ``_name_quotes(text)`` when the caller has it (``find_candidates``
        needs it too). Defaults to None (computed).
    RETURNS (list[tuple[int, int, str]]): Sorted, non-overlapping (start, end, label) triples.
    """
    m = matcher or _default_matcher()
    if quotes is None:
        quotes = _name_quotes(text, m) if model else []
    model_starts = {s for s, _, _ in model}
    cuts = sorted(bounds)
    split = []
    for s, e, label in model:
        s, e = _strip_punct(text, s, e)
        if s >= e:
            continue
        if label == "ORG":
            s = _after_inner_function_word(text, s, e, cuts)
            if not _starts_with_full_division(text, s, e, bounds, m):  # 项|城市|某某合作社: 项城市 is a division
                s = _drop_leading_verbs(text, s, e, cuts, m.common, m.time_words)
            counted = _after_count(text, s, e, cuts, bounds, m)
            if counted != s and normalise_width(text[counted:e]) in m.common:
                continue  # 现场|三家|企业: a count of common things
            s, e = _strip_punct(text, counted, e)  # 介绍|，某某集团: the verb dropped, the comma after it too
            if s >= e:
                continue
            s = _after_classifier(text, s, e, bounds)
            e = _before_title(text, s, e, cuts, m)
            if s >= e:
                continue
            cut = _verb_between_bodies(text, s, e, cuts, m)
            if cut is not None:
                split.extend([(s, cut[0], "ORG"), (cut[1], e, "ORG")])
                continue
            s = _after_inner_verb(text, s, e, cuts, m)
        if label == "LOC":
            s = _after_leading_function_char(text, _after_name_dot(text, s, e, m), e, cuts, m)
            town_end = _town_chain_cut(text, s, e, cuts)
            if town_end is not None:  # 某墩镇|某湾村: two places, as People's Daily tags them
                split.extend([(s, town_end, "LOC"), (town_end, e, "LOC")])
                continue
        if label == "LOC" and _starts_inside_verb(text, s, cuts, m.common):
            continue  # 修|建通村: no place starts with the last character of a verb
        if (label == "LOC" and s in bounds and e in bounds and normalise_width(text[s:e]) in m.common
                and normalise_width(text[s:e]) not in m.gazetteer):
            continue  # 广西|文科: a common word of People's Daily 1998 (not a place there) is no place
        if (label == "LOC" and s in bounds and e in bounds
                and _verb_glued_to_level(normalise_width(text[s:e]), m.common)):
            continue  # 联合市|文明办: a verb and the level of the next body are no place
        if label == "LOC" and _person_after_title(text, s, e, bounds, m) and e not in model_starts:
            label = "PER"  # 负责人|某金山: a title is followed by a person
        places = _place_chain(text, s, e) if label in ("ORG", "LOC") else None
        if places and (label == "ORG" or len(places) >= 2):  # 海南|某某自治县: the model's chain, one place per name
            split.extend(places)
            continue
        span = _split_coordinated(text, s, e) if label == "ORG" else (s, e)
        if span is not None and label == "ORG" and _verb_phrase_org(text, span[0], span[1], cuts, m):
            place = _leading_place(text, span[0], span[1], cuts)
            span, label = (place, "LOC") if place else (None, label)
        if span is not None and label == "ORG" and _common_word_body(text, span[0], span[1], cuts, m):
            continue  # 山区|学校, 帮扶|集团: a common word + a type names no body
        if span is not None and label == "ORG" and _blocked_type_end(text, span[0], span[1], m):
            continue  # 想办法|破局, 音乐厅: the type's blocked character before it makes a common word
        if span is not None and label == "ORG" and normalise_width(text[span[0]:span[1]]).endswith(m.venue_types):
            place = _leading_place(text, span[0], span[1], cuts)  # 某某县|行政|中心: a venue, its place stays
            span, label = (place, "LOC") if place else (None, label)
        if span is not None and label == "ORG" and _is_zone(normalise_width(text[span[0]:span[1]]), m):
            label = "LOC"  # a development zone is a place (ANNOTATION.md)
        if span is not None:
            split.append((span[0], span[1], label))
    quoted = _SpanIndex(quotes)  # the same order as ``quotes`` (text order): the first quote holding a span wins
    kept = {(s, e): label for s, e, label in split
            if not is_generic_reference(text, s, e, label, m, quoted.near(s, e))}
    model_spans = sorted(kept)
    model_index = _SpanIndex(model_spans)
    out: dict[tuple[int, int], str] = dict(kept)
    taken = _Intervals()  # accepted rule spans
    full_starts = {c.start for c in cands if c.kind == "loc_full" and c.end - c.start >= 3
                   and c.start in bounds and c.end in bounds
                   and not (normalise_width(text[c.start + 1:c.end]) in m.common
                            and divisions.is_former_only(normalise_width(text[c.start:c.end])))}
    # (向|山区, a district merged away in 2001, is a preposition + a common word; 点|军区 is a current district)
    for c in cands:
        if taken.overlaps(c.start, c.end):
            continue
        if c.extra.get("inner") and not (_after_verb(text, c.start, cuts, m.common)
                                         and _plain_words(text, *c.extra["core"], cuts, m.common)):
            continue
        glued = c.kind == "org_level" and c.start not in bounds and (
            _after_verb(text, c.start, cuts, m.common) or _after_demonstrative(text, c.start, bounds))
        if (c.start not in bounds and not c.extra.get("inner") and not glued) or (
                c.end not in bounds and c.kind not in _PATTERN_KINDS):
            continue
        if "suffix" in c.extra and _suffix_across_words(c, bounds, cuts):
            continue
        if c.end not in bounds and _ends_in_common_word(text, c.end, cuts, m.common):
            continue  # 组织部|委派: the suffix 委 is the first character of the verb 委派
        town_over_tail = c.kind in ("town", "town_free") and _model_tail(c, model_spans, kept)
        if c.kind in ("town", "town_free") and not town_over_tail and not _plausible_village(text, c, cuts, m.common):
            continue  # (a model place that is the name's tail vouches for it: the model's split may leave 长|泾镇)
        k = bisect.bisect_right(cuts, c.start)
        first = text[c.start:cuts[k]] if k < len(cuts) else ""
        if (len(first) == 1 and m.common.get(first) == "V" and c.kind not in ("per", "country")
                and c.start not in full_starts and not c.extra.get("after_town")):
            continue  # a function word is no first character of a name: 和|县|总工会, 在|县|医院 (a listed
            # country or region matched whole on token boundaries may start with a numeral: 三区三州, 六|盘|山区;
            # so may a full division name of three characters or more: 即|墨区, 于都县; 和县 is too short)
        if c.label == "LOC" and c.kind != "zone" and _starts_inside_verb(text, c.start, cuts, m.common):
            continue  # 示|范县 (the model's span split 示范县): no place starts inside a verb, rule or model
        if c.kind in ("loc_full", "org_pat") and _verb_named_division(text, c.start, cuts, m):
            continue  # 会同|县民政局: the verb reading wins where the segmenter cuts the verb from the level
        if c.kind == "org_level" and not _level_body(text, c, cuts, m.common, m):
            continue
        if c.label == "ORG" and normalise_width(text[c.start:c.end]).endswith(m.venue_types):
            continue  # 县会议中心: a venue (venue_types.txt), no body
        if c.label == "ORG" and _LEVELS_RUN_RE.match(normalise_width(text[c.start:c.end])):
            continue  # 县|市|区政府: several levels' bodies
        if c.kind in ("org_level", "org_pat", "org_free") and _before_title(text, c.start, c.end, cuts, m) < c.end:
            continue  # a person's title inside (县政法委|书记|某某|代表|县委): a clause, no name
        if (c.kind in ("org_level", "org_pat", "org_free") and (c.start, c.end) not in kept
                and _verb_between_bodies(text, c.start, c.end, cuts, m, conjunctions_only=True) is not None):
            continue  # two bodies joined by a conjunction (某某学院|和|某某大学): two names, not one
        if c.extra.get("conj") and not _plausible_core(text, c, bounds, m.common, m):
            continue  # 和 must join two fields of the body (县|商务|和|粮食局), not two bodies or a clause
        if c.kind in ("org_pat", "org_free") and not _plausible_core(text, c, bounds, m.common, m):
            continue
        if c.kind in ("org_pat", "org_free") and _after_inner_verb(text, c.start, c.end, cuts, m) != c.start:
            continue  # 贷款|采用|省某某公司: a clause before the body (the level's candidate names it)
        if c.kind == "zone" and "core" in c.extra and not _zone_middle_ok(text, *c.extra["core"], cuts, m):
            continue
        if c.extra.get("area") and not _area_middle_ok(text, *c.extra["core"], cuts, m):
            continue
        if "anchor" in c.extra and not _plausible_core(text, c.extra["anchor"], bounds, m.common, m):
            continue
        if c.kind in ("town_free", "loc_short") and not _plausible_name(text, c, m.common):
            continue
        overlapping = [(s, e) for s, e in model_index.near(c.start, c.end) if s < c.end and c.start < e]
        if any(not (c.start <= s and e <= c.end) for s, e in overlapping):
            continue  # inside or crossing a model entity
        if (c.start, c.end) in kept:
            if c.kind in _LABEL_KINDS:
                out[(c.start, c.end)] = c.label
            taken.add(c.start, c.end)
            continue
        if overlapping:
            truncated = (c.kind == "per" and all(s == c.start and kept[(s, e)] == "PER" for s, e in overlapping)
                         ) or town_over_tail
            if c.kind not in _EVIDENCE_KINDS | _FREE_KINDS and not truncated:
                continue
            for span in overlapping:
                out.pop(span, None)
        out[(c.start, c.end)] = c.label
        taken.add(c.start, c.end)
    merged = sorted((a, _party_title_end(text, a, b, m) if label == "ORG" else b, label)
                    for (s, e), label in out.items() for a, b in [_trim_symbols(text, s, e)] if a < b)
    joined = _join_chains(text, merged, m.unit_groups)
    norm = normalise_width(text)
    listed = _with_listed_villages(norm, _with_short_village_names(norm, joined, bounds, m), bounds, m)
    offices = _with_dateline_media(norm, _with_resident_offices(norm, listed, m), bounds, m)
    companies = _with_trade_companies(norm, _with_listed_companies(norm, offices, bounds, m), bounds, m)
    companies = _with_bracketed_names(norm, _with_listed_peers(norm, companies, bounds, m), bounds, m, cuts)
    return _balanced_brackets(text, _with_company_short_names(norm, companies, bounds, m))


_COMPANY_LIST_TAIL_RE = re.compile("(?:等)?(?:近|约|逾|超过)?(?:[0-9一二三四五六七八九十两几数百千]+多?家"
                                   "[\u4e00-\u9fff]{0,4}?(?:企业|公司|集团|商家|厂家|厂商)"
                                   "|[0-9一二三四五六七八九十两几]+个[\u4e00-\u9fff]{0,4}?合作社"
                                   "|(?<=等)多家[\u4e00-\u9fff]{0,4}?(?:企业|公司)(?![家代主负老的员])"
                                   "|(?<=等)[\u4e00-\u9fff]{0,5}?的?(?:企业集团|龙头企业)(?![家代主负老的员]))")
"""What follows a list of company names: a count of companies (等9家企业, 等近40家知名企业, 9家企业, 4个边贸合作社,
等多家养殖企业) or, after 等, a kind of company (等有实力的企业集团)."""
_LIST_BREAK_CHARS = CLAUSE_MARKS | frozenset("（）()“”《》「」\n 　")
_NOT_IN_LISTED_NAME = frozenset("的和与及或是在对把被将")


def _with_listed_companies(norm: str, ents: list[tuple[int, int, str]], bounds: set[int],
                           m: _Matcher) -> list[tuple[int, int, str]]:
    """Names listed before a count of companies are companies (四川某某投资、某某电梯、大益汽车配件9家企业; 某某集团、
    世外乡村、陶然居等近40家知名企业), as listed village names are villages (``_with_listed_villages``). People's Daily
    1998 writes such a list 6 times, every item a body (昆明水泥厂、云南冶炼厂等50多家企业; 现代、大宇等7家汽车制造厂).
    The tail may also count cooperatives (某某、某某和某某4个边贸合作社: the last item may follow a conjunction
    standing as its own word), or name a kind of company after 等 (某某、某某等有实力的企业集团); one name before
    等多家企业 is a list too when none of its words is a common word. An item lies between 、 marks (the first after a
    punctuation mark, starting after the last verb, function word or time word in it, or is an entity ending at the
    first 、), has
    2-16 characters on token boundaries, no function word (的, 和, 与 ...), is no place, no common word and not only
    common words; a list has two items or more. An item replaces the places and persons inside it (波士顿 of
    波士顿电池), never a body (会议邀请|某某集团 keeps the body found). ``norm`` is the width-normalised text (same
    offsets)."""
    if "家" not in norm and "个" not in norm and "等" not in norm:
        return ents
    found: list[tuple[int, int]] = []
    by_end = {x[1]: x for x in ents if x[2] == "ORG"}
    all_cuts: list[int] | None = None
    for tail in _COMPANY_LIST_TAIL_RE.finditer(norm):
        items: list[tuple[int, int]] = []
        end = tail.start()
        if norm[end - 1:end] == "等" and not norm.startswith("等", tail.start()):
            end -= 1  # 某某、某某等|多家企业: the 等 before a lookbehind tail ends the last item
        single = norm[end:end + 1] == "等"  # 某某等多家企业: one name before 等 is a list too
        while len(items) < _MAX_LISTED:
            k = end - 1
            while k >= 0 and end - k <= 17 and norm[k] != "、" and norm[k] not in _LIST_BREAK_CHARS and not (
                    not items and norm[k] in "和及" and k in bounds and k + 1 in bounds):
                k -= 1  # the last item may be joined by a conjunction standing as its own word (某某和某某4个合作社)
            if k < 0 and end <= 16:
                items.append((0, end))  # the list opens the text
                break
            if k < 0 or end - k > 17:
                first = by_end.get(end)
                if first is not None:
                    items.append((first[0], end))
                break
            items.append((k + 1, end))
            if norm[k] != "、" and not (len(items) == 1 and norm[k] in "和及"):  # (与 is a preposition as often)
                break
            end = k
        items = [(a, b) for a, b in items if b - a >= 2]  # 与|某某等多家企业: nothing before the preposition
        if len(items) < (1 if single else 2):
            continue
        if all_cuts is None:
            all_cuts = sorted(bounds)
        # the first item runs back to a punctuation mark: it starts after the last verb or function word (not a
        # numeral: 四川|九|创|投资), time word or digit in it (从|内地|引进|某某色纺, 目前|某某, 给|某某种业)
        for x, y in _words_in(all_cuts, *items[-1]):
            word = norm[x:y]
            if ((m.common.get(word) == "V" and not _is_numeral_word(word)) or word in m.time_words
                    or any(ch.isdigit() for ch in word)):
                items[-1] = (y, items[-1][1])
        count = tail.group().lstrip("等")
        strict = "个" in count or not (count.startswith(("近", "约", "逾", "超过"))
                                      or "0" <= count[0] <= "9" or count[0] in "一二三四五六七八九十两几数百千")
        for a, b in items:
            name = norm[a:b]
            if strict and any(norm[x:y] in m.common or norm[x:y] in m.time_words or m.gazetteer.get(norm[x:y])
                              for x, y in _words_in(all_cuts, a, b)):
                continue  # the tails read more loosely (4个合作社, 等多家企业, 等有实力的企业集团) take names only: no
                # common word, time word or place in them (桃子、李子和杏子3个合作社, 上午、下午和晚上3个合作社)
            if (not 2 <= len(name) <= 16 or a not in bounds or b not in bounds or name in m.common
                    or any(ch in _NOT_IN_LISTED_NAME for ch in name)
                    or m.gazetteer.get(name) is not None or _common_words_only(norm, a, b, bounds, m)
                    or not all(_is_cjk(ch) or ch.isalnum() for ch in name)):
                continue
            found.append((a, b))
    return _orgs_over(ents, found, ("LOC", "PER"))  # a body inside (会议邀请|某某集团) stays as found


_LIST_END_CHARS = frozenset("等与和及")
"""What ends the last item of a list of names (某某、某某等一批企业; 某某、某某与某县签约)."""
_COMPANY_ENDS = ("公司", "集团", "控股", "股份") + _LEGAL_FORMS
"""How a company's name ends (or a trade ending in 业, ``_with_trade_companies``)."""


def _with_listed_peers(norm: str, ents: list[tuple[int, int, str]], bounds: set[int],
                       m: _Matcher) -> list[tuple[int, int, str]]:
    """Names listed beside a company are companies (某某电池、某某置业、某某新材料等一批项目单位; 某某控股、某某集团、
    某某装备): news lists its peers together, as the count of companies does (``_with_listed_companies``). The list
    is a run of items joined by 、 between two breaks (a clause mark, bracket, quote, space or line end before it; a
    break or 等/与/和/及 after it); one of its items is an ORG already found that ends like a company (公司, 集团,
    控股, 股份, a legal form, or a trade ending in 业); every other item of 2-12 characters on token boundaries with no
    function word or verb (某村|也|参展), no place, no common word and not only common words, not ending like a
    division, a village, a venue or a facility (某某村, 农展馆, 光伏电站), not two entities already (金山|银山) nor a
    four-character phrase of two known words (a slogan), and not already an entity, is an ORG, over the places inside
    it (波士顿 of 波士顿电池), never over a body or person found.

    norm (str): The width-normalised text.
    ents (list[tuple[int, int, str]]): Sorted, non-overlapping entities.
    bounds (set[int]): Token boundaries.
    m (_Matcher): Compiled lexicons.
    RETURNS (list[tuple[int, int, str]]): The entities with the listed companies added.
    """
    if "、" not in norm:
        return ents
    orgs = {(a, b) for a, b, label in ents if label == "ORG"
            and (norm.endswith(_COMPANY_ENDS, a, b) or (norm[b - 1] == "业" and norm[b - 2:b] not in _SECTOR_WORDS))}
    if not orgs:
        return ents
    spans_of = {(a, b) for a, b, _ in ents}
    ents_sorted = sorted(ents)
    found: list[tuple[int, int]] = []
    cuts = sorted(bounds)
    n = len(norm)
    k = 0
    while k < n:
        j = norm.find("、", k)
        if j < 0:
            break
        a = j  # the first item: back to a break
        while a > 0 and norm[a - 1] not in _LIST_BREAK_CHARS and norm[a - 1] != "、" and j - a < 16:
            a -= 1
        items = [(a, j)]
        while True:
            b = j + 1
            while b < n and norm[b] not in _LIST_BREAK_CHARS and norm[b] != "、" and norm[b] not in _LIST_END_CHARS \
                    and b - j <= 13:
                b += 1
            items.append((j + 1, b))
            if b < n and norm[b] == "、" and len(items) < _MAX_LISTED:
                j = b
                continue
            break
        k = items[-1][1] + 1
        if not any(item in orgs for item in items):
            continue
        for a, b in items:
            name = norm[a:b]
            words = [norm[x:y] for x, y in _words_in(cuts, a, b)]
            if (not 2 <= len(name) <= 12 or a not in bounds or b not in bounds or name in m.common
                    or (a, b) in spans_of or name.endswith(m.venue_types) or name.endswith(_FACILITY_ENDS)
                    or any((len(w) >= 2 and m.common.get(w) == "V") or w in _INNER_FUNCTION_CHARS for w in words)
                    or name[-1] in _DIV_SUFFIX_CHARS or name[-1] in "馆场厅"
                    or any(ch in _NOT_IN_LISTED_NAME for ch in name) or name[0] in "各全等"
                    or m.gazetteer.get(name) is not None or _common_words_only(norm, a, b, bounds, m)
                    or len(_inside(ents_sorted, a, b)) >= 2
                    or (len(name) == 4 and all(m.common.get(name[x:x + 2]) is not None
                                               or m.gazetteer.get(name[x:x + 2]) is not None for x in (0, 2)))
                    or not all(_is_cjk(ch) for ch in name)):
                continue  # (a four-character phrase of two known words, 金山银山, 蓝天白云, is a slogan)
            found.append((a, b))
    return _orgs_over(ents, found, ("LOC",))


_FACILITY_ENDS = ("电站", "车间", "基地", "工程", "项目", "工厂", "大棚", "园区")
"""What a listed facility or project ends with (某某光伏电站, 扶贫车间): no company (``_with_listed_peers``)."""


_MAX_BRACKETED_NAME = 32
"""Most characters of a name with a bracketed part (``_with_bracketed_names``)."""
_OPENING_BRACKETS = frozenset("(（[【「『〔")
_CLOSING_BRACKETS = frozenset(")）]】」』〕")
_BRACKET_RE = re.compile("\\(([\u4e00-\u9fff]{1,6})\\)")
"""A short part in brackets inside a name: a place or a short name (某某(长汀)工业园区, 某某(宝二)发电有限公司)."""


def _with_bracketed_names(norm: str, ents: list[tuple[int, int, str]], bounds: set[int], m: _Matcher,
                          cuts: list[int]) -> list[tuple[int, int, str]]:
    """A name written with a bracketed part inside it is one entity (晋江(长汀)工业园区管理委员会, 中国(驻马店)国际农产品加工
    产业园, 某某宝鸡(宝二)发电有限责任公司): registered names put the seat or a short name in brackets.

    The part before the bracket is an entity ending at it, with the places (12 characters at most) and one unknown
    word (a trade name: no common word) written right before; the part after it runs from the bracket's end over
    Chinese characters to an organisation suffix or zone type at most 12 characters on (past any entity the model
    started inside the bracket: 长汀)工业园区…), and starts with no level or place (某局(牵头)县财政局, 北京(首都)上海 are
    two names). The whole, at most ``_MAX_BRACKETED_NAME`` characters, is a LOC when it ends in a zone type, else an
    ORG; entities inside it are replaced, and a crossing one leaves the text as it was.

    norm (str): The width-normalised text.
    ents (list[tuple[int, int, str]]): Sorted, non-overlapping entities.
    bounds (set[int]): Token boundaries.
    m (_Matcher): Compiled lexicons.
    cuts (list[int]): ``sorted(bounds)``.
    RETURNS (list[tuple[int, int, str]]): The entities with the bracketed names.
    """
    if "(" not in norm:
        return ents
    by_end = {x[1]: x for x in ents}
    adds: list[tuple[int, int, str]] = []
    for mt in _BRACKET_RE.finditer(norm):
        ps, pe = mt.span()
        left = by_end.get(ps)
        if left is None or left[2] not in ("LOC", "ORG") or (adds and adds[-1][1] > left[0]):
            continue
        start = left[0]
        while start in by_end and by_end[start][2] == "LOC" and ps - by_end[start][0] <= 12:
            start = by_end[start][0]
        k = bisect.bisect_left(cuts, start)
        if k > 0 and start - cuts[k - 1] >= 2 and norm[cuts[k - 1]:start] not in m.common and all(
                _is_cjk(ch) for ch in norm[cuts[k - 1]:start]):
            start = cuts[k - 1]  # a trade name before the place (某某|陕西宝鸡)
        run = pe
        while run < len(norm) and run - pe < 12 and _is_cjk(norm[run]) and norm[run] not in _NOT_IN_LISTED_NAME:
            run += 1  # up to a conjunction or function character (某某管理委员会|和|园区职工)
        ends = [pe + mo.end() for mo in m.suffix_re.finditer(norm[pe:run])]
        if m.zone_re is not None:
            ends += [pe + mz.end() for mz in m.zone_re.finditer(norm[pe:run])]
        ends = [x for x in ends if x in bounds or x == run]
        right = next((x for x in _inside(ents, ps + 1, run) if x[0] < pe < x[1]), None)
        if right is not None:
            ends = [x for x in ends if x >= right[1]]  # the model's 长汀)工业园区…: from the bracket on
        end = max(ends, default=None)
        after = norm[pe:end] if end is not None else ""
        if (end is None or end - start > _MAX_BRACKETED_NAME or after[0] in _LEVEL_CHARS
                or _starts_with_place(after, m) or m.gazetteer.get(after) is not None):
            continue  # 某局(牵头)县财政局, 北京(首都)上海: two names, not one
        if _crosses(ents, start, end):
            continue
        adds.append((start, end, "LOC" if norm[start:end].endswith(m.zone_types) else "ORG"))
    if not adds:
        return ents
    out = [x for x in ents if not any(a <= x[0] and x[1] <= b for a, b, _ in adds)]
    return sorted(out + adds)


def _balanced_brackets(text: str, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Places and organisations cut where a bracket inside them has no partner inside them (the model's
    长汀)工业园区… starts after the closing bracket; …园区(长汀 ends before the opening one); an entity left with
    fewer than two characters is dropped."""
    out = []
    for s, e, label in ents:
        if label in ("ORG", "LOC"):
            depth = 0
            for i in range(s, e):
                ch = text[i]
                if ch in _OPENING_BRACKETS:
                    depth += 1
                elif ch in _CLOSING_BRACKETS:
                    if depth == 0:
                        s = i + 1
                    else:
                        depth -= 1
            if depth:
                opened = [i for i in range(s, e) if text[i] in _OPENING_BRACKETS]
                e = opened[-depth] if len(opened) >= depth else e
            if e - s < 2:
                continue
        out.append((s, e, label))
    return out


_LEGAL_FORM_RE = re.compile("(?:股份有限公司|有限责任公司|有限公司|公司)$")


def _with_company_short_names(norm: str, ents: list[tuple[int, int, str]], bounds: set[int],
                              m: _Matcher) -> list[tuple[int, int, str]]:
    """A company found with its legal form (某某果品公司, 某市某某航空公司, 四川某某投资有限公司) is an ORG where the article
    names it again without it (某某果品, 某市某某航空, 四川某某投资): news names a company in full and shortens it, as it shortens a
    village (``_with_short_village_names``). The short name has four characters or more, is no place, no common word,
    no place + one character and, without a place, not only common words (长途|电话); it is tagged on token
    boundaries, outside other names but over a place inside it (the city of 某市某某航空). ``norm`` is the width-normalised
    text (same offsets)."""
    shorts = set()
    for s, e, label in ents:
        mt = _LEGAL_FORM_RE.search(norm, s, e) if label == "ORG" else None
        if mt is None or mt.start() <= s:
            continue
        short = norm[s:mt.start()]
        place = next((k for k in range(len(short) - 1, 1, -1) if m.gazetteer.get(short[:k]) in (
            "loc_full", "loc_short", "country")), 0)
        if (len(short) >= 4 and len(short) - place >= 2 and short not in m.common and m.gazetteer.get(short) is None
                and all(_is_cjk(ch) for ch in short)
                and (place or not _common_words_only(norm, s, mt.start(), bounds, m))):
            shorts.add(short)  # not 长途|电话 of 某某长途电话公司: common words alone name no company
    if not shorts:
        return ents
    found: list[tuple[int, int]] = []
    for short in shorts:
        for mt in re.finditer(re.escape(short), norm):
            a, b = mt.span()
            if a not in bounds or b not in bounds or _LEGAL_FORM_RE.match(norm, b) or norm.startswith("公司", b):
                continue
            found.append((a, b))
    return _orgs_over(ents, found, ("LOC",))


_SECTOR_WORDS = frozenset("企业 农业 产业 事业 工业 行业 就业 商业 专业 职业 毕业 从业 大业 失业 营业 林业 实业 开业 渔业 作业 "
                          "矿业 创业 主业 转业 敬业 学业 物业 伟业 副业 同业 报业 待业 停业 择业 牧业 基业 家业 "
                          "功业 霸业 宏业 课业 志业 受业 授业 肄业 结业 修业 歇业 复业".split())
"""Words ending in 业 that name a sector or an activity, not a company's trade: the 2-character 业 words People's
Daily 1998 writes ten times or more (企业 2284, 农业 701 ... 学业 10) and the rest of its verbs and idioms (待业, 伟业).
A company's trade (药业, 乳业, 米业, 糖业, 煤业, 鞋业, 置业) is rare there as a word of its own."""
_TRADE_NAME_BEFORE = frozenset("、，,与和及同跟为对向给由被把让在从将跟：:（(“\"《 \n\t\u3000")
"""What may stand before a trade name made of a common noun (、蓝天糖业, 与红日药业): a list mark, a conjunction or
preposition, punctuation or a line start; after other words the noun may be a sector's modifier (民族药业)."""


def _with_trade_companies(norm: str, ents: list[tuple[int, int, str]], bounds: set[int],
                          m: _Matcher) -> list[tuple[int, int, str]]:
    """A trade name + a trade ending in 业 is a company named without its legal form (某某米业, 某某药业, 某某牛业):
    companies register 字号 + 行业 + 组织形式 (企业名称登记管理规定) and news drops the form. The trade is a
    two-character word ending in 业 that is no sector word (``_SECTOR_WORDS``); the trade name before it is one word of
    2-3 Chinese characters on token boundaries, no verb, verbal noun, numeral, class (国家级), collective (全省, 我市),
    country or province, holding no verb (工返乡); a common noun as the trade name
    (蓝天|糖业) must follow a list mark, a preposition other than 和/及 or a line start
    (``_TRADE_NAME_BEFORE``); no noun follows the trade (某某|乳业|发展 is the sector's), nor an organisation
    suffix (某某药业集团: the suffix rules read it). A place the model read as the trade name (新城) is replaced.

    norm (str): The width-normalised text.
    ents (list[tuple[int, int, str]]): Sorted, non-overlapping entities.
    bounds (set[int]): Token boundaries.
    m (_Matcher): Compiled lexicons.
    RETURNS (list[tuple[int, int, str]]): The entities with the companies added.
    """
    if "业" not in norm:
        return ents
    cuts = sorted(bounds)
    spans = []
    for mt in re.finditer("[\u4e00-\u9fff]业", norm):
        a, b = mt.span()
        if a not in bounds or b not in bounds or mt.group() in _SECTOR_WORDS or m.common.get(mt.group()) == "V":
            continue
        k = bisect.bisect_left(cuts, a)
        if k == 0:
            continue
        t0 = cuts[k - 1]
        name = norm[t0:a]
        if len(name) == 3 and name[0] in _TRADE_NAME_BEFORE:
            t0, name = t0 + 1, name[1:]  # 给某某|种业: a preposition glued to the trade name
        if not (2 <= len(name) <= 3 and all(_is_cjk(ch) for ch in name)) or any(ch in _NUMERALS for ch in name):
            continue
        if m.common.get(name[-1] + mt.group()[0]) is not None:
            continue  # 现代物|流业: the segmenter cut the word 物流, no trade name ends there
        cls = m.common.get(name)
        if cls in ("V", "M", "C") or name[0] in "全我本该各每此" or name[-1] in "级型性化式" \
                or m.gazetteer.get(name) == "country" or any(d.level == "province" for d in divisions.lookup(name)) \
                or any(m.common.get(name[x:x + 2]) == "V" for x in range(len(name) - 1)):
            continue  # 购房|置业, 国家级|乳业, 工返乡|置业: an activity or a class, no trade name
        if cls is not None and t0 > 0 and norm[t0 - 1] not in _TRADE_NAME_BEFORE - {"和", "及"}:
            continue
        j = bisect.bisect_right(cuts, b)
        nxt = norm[b:cuts[j]] if j < len(cuts) else ""
        if m.common.get(nxt) == "N" or any(norm.startswith(suf, b) for suf in m.suffix_class):
            continue
        spans.append((t0, b))
    return _orgs_over(ents, spans, ("LOC",))


def _orgs_over(ents: list[tuple[int, int, str]], spans: list[tuple[int, int]],
               covers: tuple[str, ...]) -> list[tuple[int, int, str]]:
    """``ents`` with an ORG over each of ``spans`` (in order; one overlapping an earlier one is skipped) in place of
    the entities inside it, when each of those has a label of ``covers`` and none crosses its edges (by
    bisection)."""
    ents = sorted(ents)
    adds: list[tuple[int, int]] = []
    for a, b in sorted(set(spans)):
        if adds and adds[-1][1] > a:
            continue
        if _crosses(ents, a, b) or any(x[2] not in covers for x in _inside(ents, a, b)):
            continue
        adds.append((a, b))
    if not adds:
        return ents
    starts = [a for a, _ in adds]
    out = []
    for x in ents:
        k = bisect.bisect_right(starts, x[0]) - 1
        if k >= 0 and adds[k][0] <= x[0] and x[1] <= adds[k][1]:
            continue
        out.append(x)
    return sorted(out + [(a, b, "ORG") for a, b in adds])


_RESIDENT_OFFICE_RE = re.compile("驻([\u4e00-\u9fff]{1,4}?)(办事处|联络处|代表处|工作组|办)")
"""An office a body keeps in another place: 驻 + the place + the unit (某某水泥厂驻洛办事处, 某省驻川工作组, 驻京办)."""
PROVINCE_ABBREVIATIONS = frozenset("京津沪渝冀豫云滇辽黑湘皖鲁新苏浙赣鄂桂甘陇晋蒙陕秦吉闽贵黔粤青藏川蜀宁琼港澳台")
"""The one-character abbreviations (简称) of the provincial-level divisions, as the State Council's list of
administrative divisions gives them (some have two: 云/滇, 甘/陇, 陕/秦, 贵/黔, 川/蜀)."""


def _with_resident_offices(norm: str, ents: list[tuple[int, int, str]], m: _Matcher) -> list[tuple[int, int, str]]:
    """An office a body keeps in another place is one ORG with the body or place before it (某某水泥厂驻洛办事处,
    浙江省驻川工作组, 某某市驻郑办; People's Daily 1998: 八路军驻桂林办事处, 本报驻香港办事处, 某某公司驻武汉办事处):
    驻 + a place (a division or country name, a provincial abbreviation, or the first character of a province's or
    prefecture's name) + 办事处, 联络处, 代表处, 工作组 or 办, right after an entity or a level character (县驻京办).
    A bare 驻X办 (驻京办) is an ORG of its own; a bare 驻X工作组 after no body names none (驻村工作组 is generic)."""
    if "驻" not in norm:
        return ents
    firsts = _division_first_chars()
    out = list(ents)
    for mt in _RESIDENT_OFFICE_RE.finditer(norm):
        place, unit = mt.group(1), mt.group(2)
        if not (place in PROVINCE_ABBREVIATIONS or (len(place) == 1 and place in firsts)
                or m.gazetteer.get(place) in ("loc_full", "loc_short", "country")):
            continue
        a = mt.start()
        if any(x[0] <= a and mt.end() <= x[1] and x[2] == "ORG" for x in out):
            continue  # already inside a body's name
        left = next((x for x in out if x[1] == a and x[2] in ("ORG", "LOC")), None)
        if left is not None:
            a = left[0]
        elif a > 0 and norm[a - 1] in _LEVEL_CHARS and (
                a == 1 or not _is_cjk(norm[a - 2]) or norm[a - 2] in _BOUNDARY_CHARS):
            a -= 1  # 县驻京办事处: a level names the article's own division
        elif not (unit in ("办", "办事处") and len(place) == 1):
            continue
        out = [x for x in out if x[1] <= a or x[0] >= mt.end()] + [(a, mt.end(), "ORG")]
        if any(x[0] < a < x[1] or x[0] < mt.end() < x[1] for x in out if (x[0], x[1]) != (a, mt.end())):
            return ents  # an entity straddles the office's edges: leave the merge as it was
    return sorted(out)


_LINE_SPLIT_RE = re.compile("[^\r\n]+")
"""The lines of a text, whatever its line ends (\\n, \\r\\n or a lone \\r)."""


def _inside(ents: list[tuple[int, int, str]], a: int, b: int) -> list[tuple[int, int, str]]:
    """The entities of a sorted, non-overlapping list that lie wholly in ``[a, b)`` (by bisection)."""
    k = bisect.bisect_left(ents, (a, -1, ""))
    out = []
    while k < len(ents) and ents[k][1] <= b:
        out.append(ents[k])
        k += 1
    return out


def _crosses(ents: list[tuple[int, int, str]], a: int, b: int) -> bool:
    """Whether an entity of a sorted, non-overlapping list crosses ``a`` or ``b`` (by bisection)."""
    for edge in (a, b):
        k = bisect.bisect_right(ents, (edge, float("inf"), "")) - 1
        if k >= 0 and ents[k][0] < edge < ents[k][1]:
            return True
    return False


_DATELINE_RE = re.compile(
    "(?P<brand>[\u4e00-\u9fff]{2,12}?)"
    "(?P<date>(?:[0-9]{1,4}年)?(?:[0-9一二三四五六七八九十]{1,2}月)?[0-9一二三四五六七八九十]{1,3}日)?"
    "(?P<mark>讯|电|消息|(?:全媒体|融媒体|首席)?记者)")
"""A dateline or byline: a media brand, then optionally the place and the date of the report, then 讯, 电 (after a
date), 消息 or 记者 (农村新报讯, 某某网某市12月21日讯, 新华社北京1月9日电, 某某报全媒体记者)."""
_DATELINE_MEDIA_ENDS = ("报", "网", "台", "社", "新闻", "新媒体", "融媒体", "在线", "之窗", "客户端", "频道", "电讯", "观察")
"""How a media brand ends: a paper (报), a site (网), a station (台), an agency (社), a news account (新闻, 新媒体, 融媒体,
在线, 之窗, 客户端, 频道, 观察); a brand without such an ending is left to the token patterns."""
_DATELINE_GENERIC = frozenset({"本报", "本台", "本网", "本社", "我报", "该报", "本刊", "记者", "通讯社"})
_DATELINE_LEAD = frozenset(" \t\u3000◎□■●★【[(（")
_DATELINE_SEPARATORS = frozenset("-—–/|·.")


def _with_dateline_media(norm: str, ents: list[tuple[int, int, str]], bounds: set[int],
                         m: _Matcher) -> list[tuple[int, int, str]]:
    """The media brand that opens a report's dateline or byline is an ORG (ANNOTATION.md: media brands are ORGs, also
    in datelines): 某某新报讯, 某某网|某市|12月21日讯, 某某新媒体|某地|11月2日讯, 某某日报 - 某某之窗讯, 早报7月11日讯,
    文/ 某某报全媒体记者, (某某早报/某某新闻记者 …).

    The dateline starts a line (after spaces, a bracket or a mark such as ◎), or follows a separator (- / | · .)
    after at most 12 characters of the line (a second brand after the first, 文/ before a byline); any line end
    counts. The brand ends with a media ending (``_DATELINE_MEDIA_ENDS``); a place the article's entities found at
    its end is the report's place, not part of the brand (it stays a LOC); 电 needs a date before it
    (新华社北京1月9日电). None is a brand of more than 8 characters, a generic one (本报讯), a common word
    (据|互联网|消息), one starting inside a word, one holding a verb, numeral or function word (李华是报社记者; a
    compass word may start it: 东方|网), only common words (中外|媒体) or an entity other than a place, or a place name
    (凯里讯: the dateline place). The brand replaces the places inside it; one crossing its edges leaves the line as
    it was.

    norm (str): The width-normalised text.
    ents (list[tuple[int, int, str]]): Sorted, non-overlapping entities.
    bounds (set[int]): Token boundaries.
    m (_Matcher): Compiled lexicons.
    RETURNS (list[tuple[int, int, str]]): The entities with the dateline brands.
    """
    if not any(mark in norm for mark in ("讯", "电", "消息", "记者")):
        return ents
    cuts = sorted(bounds)
    by_end = {x[1]: x for x in ents}
    adds: list[tuple[int, int]] = []
    for line in _LINE_SPLIT_RE.finditer(norm):
        line_start, line_end = line.span()
        k = line_start
        while k < line_end and (norm[k] in _DATELINE_LEAD or not norm[k].isprintable() or norm[k].isspace()):
            k += 1
        starts = [k]
        for j in range(k, min(line_end, k + 13)):
            if norm[j] in _DATELINE_SEPARATORS:
                q = j + 1
                while q < line_end and norm[q] in _DATELINE_LEAD:
                    q += 1
                starts.append(q)
        for k in starts:
            mt = _DATELINE_RE.match(norm, k, line_end)
            if mt is None or (mt.group("mark") == "电" and not mt.group("date")):
                continue
            a, b = mt.start("brand"), mt.end("brand")
            if norm[a] == "据":
                a += 1  # 据新华社北京1月9日电: according to the agency
            place = by_end.get(b)
            if place is not None and place[2] == "LOC" and a + 2 <= place[0]:
                b = place[0]  # 某某网|某市: the report's place
            brand = norm[a:b]
            words = [norm[x:y] for x, y in _words_in(cuts, a, b)]
            if (not brand.endswith(_DATELINE_MEDIA_ENDS) or brand in _DATELINE_GENERIC or brand in m.common
                    or len(brand) > 8 or a not in bounds
                    or any(len(w) >= 2 and m.common.get(w) in ("V", "M") and not (w == words[0] and w[-1] in "方部")
                           for w in words)
                    or any(ch in _INNER_FUNCTION_CHARS or ch in _BREAK_CHARS or ch in "各们" for ch in brand)
                    or _common_words_only(norm, a, b, bounds, m)
                    or m.gazetteer.get(brand) in ("loc_full", "loc_short", "country")
                    or _crosses(ents, a, b) or any(x[2] != "LOC" for x in _inside(ents, a, b))):
                continue
            adds.append((a, b))
            break
    if not adds:
        return ents
    out = [x for x in ents if not any(a <= x[0] and x[1] <= b for a, b in adds)]
    return sorted(out + [(a, b, "ORG") for a, b in adds])


@cache
def _division_first_chars() -> frozenset[str]:
    """First characters of the provinces' and prefectures' full names (郑 of 郑州市: 驻郑办)."""
    return frozenset(name[0] for name in divisions.upper_level_names())


_MAX_LISTED = 40
"""Most names read back from one list's tail (a list of villages in news holds a few; the bound keeps a text of
thousands of listed names linear)."""
_LIST_TAIL_RE = re.compile("(?:等(?:周边)?)?(?:[0-9一二三四五六七八九十两几]+|多|数)个?(?:行政|自然|贫困)?"
                           "(?:村|乡镇|乡|镇|社区|嘎查)")
"""The shared type after a list of bare village or town names: 等5个村, 等周边多个村, 两镇 (某某、某某两镇)."""
_LIST_NOTE_RE = re.compile("[(（][^()（）、,，。]{1,6}[)）]$")


def _with_listed_villages(norm: str, ents: list[tuple[int, int, str]], bounds: set[int],
                          m: _Matcher) -> list[tuple[int, int, str]]:
    """Bare village or town names listed before the type they share (邑头、化龙、银河(含集镇)、孝廉等5个村, or
    某某、某某、某某村 where the last carries 村): each listed name is a place, as each number of 60、80、100平方米 is an
    area. A name is 2-4 characters on token boundaries, with no function character, no common word
    (``common_words.txt``) and not only common words (出口|渠道、某某村), or an entity the model ended there; a list
    has two names or more; a parenthesised note after a name is left out. A model place that swallowed the shared
    type (某某、杨岗两村) ends before it. ``norm`` is the width-normalised text (same offsets)."""
    tail_spans = [mt.span() for mt in _LIST_TAIL_RE.finditer(norm)]
    tails = [a for a, _ in tail_spans]
    tail_at_end = {b: a for a, b in tail_spans}
    cut = []
    for s, e, label in ents:
        t = tail_at_end.get(e)
        t = t if t is not None and s + 2 <= t else None
        swallowed = label == "LOC" and t is not None and s > 0 and norm[s - 1] == "、"
        cut.append((s, t, label) if swallowed else (s, e, label))
    ents = cut
    model_starts = {e: s for s, e, label in ents if label in ("LOC", "PER")}
    for s, e, label in ents:
        if label == "LOC" and norm[e - 1:e] == "村" and s > 0 and norm[s - 1] == "、":
            tails.append(s - 1)  # 某某、某某村: the separator before the last, full name
    if not tails:
        return ents
    taken = _Intervals()
    for s, e, _ in ents:
        taken.add(s, e)
    persons = {x for x in ents if x[2] == "PER"}
    added: list[tuple[int, int, str]] = []
    relabel: set[tuple[int, int]] = set()
    for tail in tails:
        items, end = [], tail
        if norm[end:end + 1] == "、":
            items.append(None)  # the last name is already an entity
        while True:
            stop = end
            note = _LIST_NOTE_RE.search(norm, max(0, stop - 8), stop)
            if note:
                stop = note.start()
            start = model_starts.get(stop) if stop - model_starts.get(stop, stop) in (2, 3, 4) else next(
                (a for a in range(max(0, stop - 4), stop - 1) if a in bounds
                 and all(_is_cjk(ch) and ch not in _FUNCTION_CHARS for ch in norm[a:stop])), None)
            if (start is None or stop not in bounds or norm[start:stop] in m.common
                    or _common_words_only(norm, start, stop, bounds, m)
                    or norm[start:stop].endswith(m.name_endings) or norm[stop - 1] in "会馆司金部局厂院所站"):
                break
            items.append((start, stop))
            if start == 0 or norm[start - 1] != "、" or len(items) >= _MAX_LISTED:
                break
            end = start - 1
        names = [x for x in items if x is not None]
        if len(items) >= 2 and names:
            for a, b in names:
                if (a, b, "PER") in persons:
                    relabel.add((a, b))  # 孝廉、某某等5个村: a listed name is a village, not the model's person
                elif not taken.overlaps(a, b):
                    added.append((a, b, "LOC"))
                    taken.add(a, b)
    if not added and not relabel:
        return ents
    return sorted([(s, e, "LOC" if (s, e) in relabel else label) for s, e, label in ents] + added)


def _common_words_only(norm: str, start: int, stop: int, bounds: set[int], m: _Matcher) -> bool:
    """Whether ``norm[start:stop]`` is two or more tokens, each a common word of two or more characters
    (出口|渠道, ``common_words.txt``): a phrase, not a name."""
    cuts = [start, *(i for i in range(start + 1, stop) if i in bounds), stop]
    words = [norm[a:b] for a, b in zip(cuts, cuts[1:])]
    return len(words) >= 2 and all(len(w) >= 2 and w in m.common for w in words)


def _with_short_village_names(norm: str, ents: list[tuple[int, int, str]], bounds: set[int],
                              m: _Matcher) -> list[tuple[int, int, str]]:
    """A village or town found with its suffix (某某村, 某某镇) is a place where the article names it again without the
    suffix (某某村 ... 某某段河畔): the bare name, two characters or more, on token boundaries, outside other entities,
    no common word (``common_words.txt``) and not followed by its suffix. News names a village in full first and
    shortens it after; this is the same name in the same article, not a guess from a list. ``norm`` is the
    width-normalised text (same offsets)."""
    names = {}
    for s, e, label in ents:
        name = norm[s:e]
        if label == "LOC" and name[-1:] in "村镇乡屯" and len(name) >= 3:
            names.setdefault(name[:-1], name[-1])
    names = {n: x for n, x in names.items() if len(n) >= 2 and n not in m.common and n not in m.gazetteer
             and not any(ch in _BOUNDARY_CHARS for ch in n)}
    if not names:
        return ents
    taken = _Intervals()
    for s, e, _ in ents:
        taken.add(s, e)
    added = []
    for name, suffix in names.items():
        for mt in re.finditer(re.escape(name), norm):
            a, b = mt.span()
            if a in bounds and b in bounds and norm[b:b + 1] != suffix and not taken.overlaps(a, b):
                added.append((a, b, "LOC"))
                taken.add(a, b)
    return sorted(ents + added) if added else ents


_COUNT_UNITS = _CLASSIFIERS | frozenset("张份本封块间栋幅篇首册")
"""Classifiers (PKU q) that count documents and things: after a number they start no name (126|张|法院传票)."""


def _after_classifier(text: str, start: int, end: int, bounds: set[int]) -> int:
    """The start of a model ORG that opens with a one-character classifier word right after a number (126|张|法院):
    the classifier belongs to the count; ``start`` unchanged otherwise."""
    if (start > 0 and start + 1 < end and start + 1 in bounds and text[start] in _COUNT_UNITS
            and (text[start - 1].isdigit() or text[start - 1] in _NUMERALS)):
        return start + 1
    return start


def _before_title(text: str, start: int, end: int, cuts: list[int], m: _Matcher) -> int:
    """The end of a model ORG run on over a person's title and what follows (县政法委|书记|某某|代表|县委): a title word
    of two or more characters (``person_titles.txt``) inside the span ends the name before it; ``end`` unchanged
    when no title word stands inside. A title word ending the span ends the name before it when the rest ends in
    an organisation ending (某县某某联|执委 → 某县某某联: the member, not the body)."""
    k = bisect.bisect_right(cuts, start)
    while k < len(cuts) - 1 and cuts[k + 1] < end:
        word = text[cuts[k]:cuts[k + 1]]
        if len(word) >= 2 and word in m.long_titles:
            return cuts[k]
        k += 1
    if (k < len(cuts) - 1 and cuts[k + 1] == end and cuts[k] > start and len(text[cuts[k]:end]) >= 2
            and text[cuts[k]:end] in m.long_titles and normalise_width(text[start:cuts[k]]).endswith(m.name_endings)):
        return cuts[k]
    return end


def _verb_named_division(text: str, start: int, cuts: list[int], m: _Matcher) -> bool:
    """Whether a name starts with a division named like a verb, cut by the segmenter as a verb word + its level
    (会同|县: 会同县 is a county of Hunan, 会同 "together with" a verb, ``common_words.txt`` V): in running text the
    verb reading is the likely one, and the level starts the body that follows (会同|县民政局)."""
    k = bisect.bisect_right(cuts, start)
    if k >= len(cuts):
        return False
    return cuts[k] - start >= 2 and _verb_like_division(normalise_width(text[start:cuts[k] + 1]), m)


def _verb_like_division(name: str, m: _Matcher) -> bool:
    """Whether a division name is a verb or function word (``common_words.txt`` V) + its level: 会同|县, 和|县."""
    return (len(name) >= 2 and m.common.get(name[:-1]) == "V" and name[-1] in _LEVEL_CHARS
            and name in m.gazetteer)


def _blocked_type_end(text: str, start: int, end: int, m: _Matcher) -> bool:
    """Whether a model ORG ends in an organisation type (its longest listed suffix) with a character before it that
    blocks that type (``org_suffixes.txt``, third column: 破|局, 格|局, 大|厅), as the rule candidates are blocked."""
    name = normalise_width(text[start:end])
    for k in range(min(len(name) - 1, 6), 0, -1):
        suffix = name[-k:]
        if suffix in m.suffix_class:
            return name[-k - 1] in m.suffix_block.get(suffix, "")
    return False


_PARTY_BODIES = ("党委", "党组", "党总支", "党工委")
_PARTY_TITLES = ("书记", "副书记", "成员", "委员")


def _party_title_end(text: str, start: int, end: int, m: _Matcher) -> int:
    """The end of an ORG written as a body + 党委/党组 right before a Party title (某某供电公司党委|书记, 某县公安局
    党组|成员): the title is the body's (党委书记 is one word in People's Daily 1998), so the name is the body; a place's
    committee stays whole (某某镇党委|书记: a town's Party committee is its body)."""
    name = normalise_width(text[start:end])
    party = next((p for p in _PARTY_BODIES if name.endswith(p)), None)
    if party is None or not text.startswith(_PARTY_TITLES, end):
        return end
    body = name[:-len(party)]
    if len(body) >= 3 and body.endswith(m.name_endings) and not body.endswith(_TOWN_SUFFIX_ENDINGS):
        return end - len(party)
    return end


def _trim_symbols(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without the symbols, emoji and control or format characters at its edges (★县财政局 → 县财政局):
    no name starts or ends with one (Unicode categories S* and C*)."""
    while start < end and unicodedata.category(text[start])[0] in "SC":
        start += 1
    while end > start and unicodedata.category(text[end - 1])[0] in "SC":
        end -= 1
    return start, end


def _suffix_across_words(c: _Cand, bounds: set[int], cuts: list[int]) -> bool:
    """Whether an organisation suffix starts inside a word that begins inside the name and ends inside the next
    word: 江西省集中行动 holds no 中行 (集中|行动). A suffix may end inside a word (县|农商|行为, 客户|端讯) or start inside
    one that begins with the name (市农|商行, 贵阳海关关长): the segmenter agrees with one edge of it."""
    sfx = c.extra["suffix"]
    if sfx in bounds or c.end in bounds:
        return False
    word_start = cuts[bisect.bisect_right(cuts, sfx) - 1] if cuts and cuts[0] <= sfx else c.start
    return word_start > c.start


def _level_body(text: str, c: _Cand, cuts: list[int], common: dict[str, str], m: _Matcher | None = None) -> bool:
    """Whether a level + suffix candidate (``org_level``) names a body: 区 or 乡 is a word of its own or glued to a
    common word that is not itself one (区|农业农村局, 区乡村|振兴局 read as 区 + 乡村; 区域|发展|中心 is no body), and no
    word between the level and the suffix is a verb of two or more characters (``common_words.txt`` V: 县里|共建|实验|学校
    is a clause; the one-character 和 of 县发展和改革局 stays; a government body type ending the name is judged whole:
    省|新闻|出版|广电局), and a 区 ending a zone type (开发区|管委会) is no level."""
    k = bisect.bisect_right(cuts, c.start)
    word = text[c.start:cuts[k]] if k < len(cuts) else text[c.start:]
    if text[c.start] in "区乡镇" and len(word) > 1 and (word in common or word[1:] not in common):
        return False
    if m is not None and text[c.start] == "区" and text.endswith(m.zone_types, 0, c.start + 1):
        return False  # 经济开发区|管委会: the 区 ends a zone's type, no level (the zone's name is the body's)
    if text[c.start] == "市" and len(word) > 1 and word in common and word not in _COMMITTEES:
        return False  # 市场|监管局: 市 starts a common word (市场, 市民), no level
    end = c.extra.get("suffix", c.end)
    typed = m.body_type_len(normalise_width(text[c.start:c.end])) if m is not None else 0
    if typed:
        end = min(end, c.end - typed)  # 省|新闻|出版|广电局: a body type is judged whole (``_plausible_core``)
    return not any(y - x >= 2 and (common.get(text[x:y]) == "V" or _verb_glued_to_level(text[x:y], common))
                   for x, y in _words_in(cuts, c.start, end))


def _plausible_core(text: str, c: _Cand, bounds: set[int], common: dict[str, str],
                    m: _Matcher | None = None) -> bool:
    """Whether the words between a place (or a boundary) and an organisation suffix can be part of a name.

    At most ``_MAX_CORE_TOKENS`` words, none of them a word that People's Daily 1998 tags mostly as a verb,
    adverb, function word or (one character) numeral or classifier (``common_words.txt``: 积极, 协调, 推动, 要求,
    新建; 镇雄县/有/五/所/学校), which is how a verb phrase + suffix (协调推动海关) differs from a name (丰源农业有限公司). A word
    running on into the suffix (教育局) counts as the suffix's. Without a place before it (``org_free``) the words
    must hold no numeral (许多出版社) and not only common nouns (金融公司), and the name is no common word (互联网).
    Before 公司 or 合作社 one verb word of two characters or more may follow the first word, as trades are named
    (某某|农业|开发|有限公司, 某某|种植|合作社: 29 of People's Daily 1998's 429 companies hold such a word after their
    place, 28 of them one); more verbs are a clause (某某|主动|申请|加入|合作社). 和 between two common nouns or
    verbal nouns (the second may run on into the type) joins the two fields of one body, as the 2018 reform named
    them (住房和城乡建设局, 商务和粮食局; 与 likewise: 人口与计划生育局); after a body (扶贫办|和|省|水利厅) it joins two bodies.
    A government body type (``gov_body_types.txt``) that ends the name is the type whole, its words not judged
    (某省|新闻|出版|广电局: 出版 is a verb, 新闻出版广电局 a type).
    """
    a, b = c.extra.get("core", (c.start, c.start))
    if _core_words_ok(text, c, a, b, bounds, common):
        return True
    typed = m.body_type_len(normalise_width(text[a:c.end])) if m is not None else 0
    return bool(typed) and c.end - typed < b and _core_words_ok(text, c, a, c.end - typed, bounds, common)


def _core_words_ok(text: str, c: _Cand, a: int, b: int, bounds: set[int], common: dict[str, str]) -> bool:
    """The test of ``_plausible_core`` on the core ``text[a:b]``."""
    if a == b:
        return True
    if a not in bounds:
        return False
    cuts = [k for k in range(a, c.end + 1) if k in bounds]  # the candidate's span, not the doc's boundaries
    pieces = [(x, y) for x, y in zip(cuts, cuts[1:]) if x < b]
    if c.kind == "org_pat":  # a place anchors the name: an unknown trade name may follow it
        pieces = _trade_name_run(pieces, text, b, common)
    inside = [text[x:y] for x, y in pieces if y <= b]
    words = [text[x:y] for x, y in pieces]  # the inside words, then the word running on into the suffix
    verbs = [k for k, w in enumerate(inside) if (common.get(w) == "V" or w in _INNER_FUNCTION_CHARS) and not (
        w in ("和", "与") and 0 < k < len(words) - 1 and common.get(words[k - 1]) in ("N", "C")
        and (common.get(words[k + 1]) in ("N", "C")
             or (k + 1 == len(inside) and words[k + 1][0] not in _DIV_SUFFIX_CHARS)))  # 商务|和|粮食局
        and not (c.extra.get("unit") and len(w) >= 2 and k + 1 < len(words)
                 and common.get(words[k + 1]) != "V" and words[k + 1] not in _INNER_FUNCTION_CHARS)]
    trade = (text.endswith(_ACTIVITY_TYPES, c.start, c.end) and len(verbs) == 1 and verbs[0] > 0
             and len(inside[verbs[0]]) >= 2)
    most = _MAX_LEGAL_CORE_TOKENS if text.endswith(_LEGAL_FORMS, c.start, c.end) else _MAX_CORE_TOKENS
    if c.kind == "org_free" and text[c.start - 1:c.start] == "“" and text[c.end:c.end + 1] == "”":
        most = max(most, 8)  # a name that fills its quotes (“某某|某某|生态|茶叶|农民|专业合作社”)
    if len(pieces) > most or (verbs and not trade) or any(
            _verb_glued_to_level(w, common) for w in inside):
        return False
    if c.kind == "org_free":
        # no place before it: a quantity (许多出版社), only common nouns (金融公司, 企业集团) or one common word
        # (互联网, 电网) name no body
        if text[c.start:c.end] in common:
            return False
        classes = [common.get(w) for k, w in enumerate(inside) if not (trade and k in verbs)]
        generic = classes and all(k in ("N", "C") for k in classes)  # 土地|入股|合作社: common words + a verb
        if generic and len(inside) >= 2 and classes[0] == "N" and text.endswith(_LEGAL_FORMS, c.start, c.end):
            generic = False  # 远景|能源|有限公司: a noun as the trade name (字号) before a trade and a registered form
        if "M" in classes or (generic and not text.endswith(tuple(_MEDIA_SUFFIXES), c.start, c.end)):
            return False  # media brands are often common nouns (东方财经网, 人民日报)
    return True


_BREAK_CHARS = frozenset("的了是在把被将对向从给")
_QUANTIFIER_CHARS = frozenset("多首每各数几诸全该本此")
"""Characters that start a count or a reference, not a trade name (某市|多|家|公司, 某县|首|批|公司)."""
"""One-character words that never sit inside a trade name (particles, the copula, prepositions of an object)."""


def _trade_name_run(pieces: list[tuple[int, int]], text: str, b: int,
                    common: dict[str, str]) -> list[tuple[int, int]]:
    """Read a core's leading run of one-character words as one word: the segmenter's pieces of a trade name it does
    not know (某地|均|和|集团, 某省|旺|满|仓|生态|农业|公司), which are no verbs or function words of the name.

    The run must hold 2-3 characters, none of ``_BREAK_CHARS``, ``_INNER_FUNCTION_CHARS`` (某县|仅|有|公司), a
    division level or a numeral (广州|三|家|远洋公司 is a count; 杨|家 may be a name), start with no quantifier (多, 首:
    某市|多|家|公司), be followed by a longer word or the suffix, and not be a common word as a
    whole. Only after a place (``org_pat``): a run after a date (日|讯) starts no name.

    pieces (list[tuple[int, int]]): The core's words ``(start, end)`` in order, then the word running on into the
        suffix.
    text (str): The document text.
    b (int): Where the core ends (the suffix starts).
    common (dict[str, str]): ``common_words.txt``.
    RETURNS (list[tuple[int, int]]): The words with the run joined (unchanged when there is none).
    """
    k = 0
    while k < len(pieces) and pieces[k][1] - pieces[k][0] == 1 and pieces[k][1] <= b:
        k += 1
    if not 2 <= k <= 3 or (k == len(pieces) and pieces[-1][1] != b):
        return pieces
    run = text[pieces[0][0]:pieces[k - 1][1]]
    if any(ch in _BREAK_CHARS or ch in _DIV_SUFFIX_CHARS or ch in _NUMERALS or ch in _INNER_FUNCTION_CHARS
           for ch in run) or run[0] in _QUANTIFIER_CHARS or normalise_width(run) in common:
        return pieces
    return [(pieces[0][0], pieces[k - 1][1])] + pieces[k:]


def _after_demonstrative(text: str, start: int, bounds: set[int]) -> bool:
    """Whether the level that starts a body is the second character of a demonstrative word 该县/本市/该区 (People's
    Daily 1998 writes 该县 as one pronoun, 23 of 23): 该县|民政局 names the body 县民政局 (ANNOTATION.md: a body
    with a level prefix)."""
    return (start >= 1 and normalise_width(text[start - 1]) in ("该", "本") and start - 1 in bounds
            and start + 1 in bounds)


def _after_verb(text: str, start: int, cuts: list[int], common: dict[str, str]) -> bool:
    """Whether a verb of two or more characters ends right at ``start``, as its own word or glued to the level
    that starts the name (团县委联合|县妇联: pkuseg reads 联合县; People's Daily 1998 tags 联合 v/vn 280 of 281)."""
    k = bisect.bisect_left(cuts, start)
    if k < len(cuts) and cuts[k] == start:  # a word boundary: the word before it
        prev = text[cuts[k - 1]:start] if k > 0 else ""
    else:  # inside a word: its part before the level
        prev = text[cuts[k - 1]:start] if k > 0 else ""
    return len(prev) >= 2 and common.get(prev) == "V"


def _plain_words(text: str, a: int, b: int, cuts: list[int], common: dict[str, str]) -> bool:
    """Whether no word lying wholly in ``text[a:b]`` is one People's Daily 1998 tags mostly as a verb, function
    word, adjective or verbal noun (``common_words.txt`` V or C: 市|优秀|学校 is a rank, not a body)."""
    return not any(common.get(text[x:y]) in ("V", "C") for x, y in _words_in(cuts, a, b))


def _words_in(cuts: list[int], a: int, b: int) -> list[tuple[int, int]]:
    """The words ``(x, y)`` lying wholly in ``[a, b]`` of the token boundaries ``cuts`` (sorted), found by bisection
    (linear scans over every boundary of a long document made the checks quadratic)."""
    k = bisect.bisect_left(cuts, a)
    out = []
    while k + 1 < len(cuts) and cuts[k + 1] <= b:
        out.append((cuts[k], cuts[k + 1]))
        k += 1
    return out


def _plausible_village(text: str, c: _Cand, cuts: list[int], common: dict[str, str]) -> bool:
    """Whether the words of a town or village name (before 镇/乡/村 ...) can make a name: none is a word People's
    Daily 1998 tags mostly as a verb, function word, adjective or verbal noun (``common_words.txt`` V or C: 新|修|通村
    is 新 + a verb, not a village), and no one-character word is followed by another one (a run of single
    characters is a phrase the segmenter found no word in)."""
    end = c.end - _suffix_len(text, c)
    pieces = _words_in(cuts, c.start, end)
    if c.extra.get("after_town"):
        # right after its town the village's start is known (某某乡|刘|家|某某村, 某某镇|连|某林村): single characters
        # may make the name with a word of two characters or more that is no common word (某镇|新|修|通村, a road
        # being built, has none; 某镇|干部|走进|社区 is a clause), and no character may be a numeral or demonstrative
        words = [text[x:y] for x, y in pieces if y - x >= 2]
        words += [text[x:end] for x, y in _words_in(cuts, c.start, c.end)
                  if x < end < y and end - x >= 2]  # 刘|家|某某村: the segmenter's word holds the suffix
        if (words and not any(w in common for w in words) and text.endswith(("村", "嘎查"), c.start, c.end)
                and not any(ch in _NUMERALS or ch in "各每该本这那此其" for ch in text[c.start:end])):
            return True
    if not _plain_words(text, c.start, end, cuts, common):
        return False
    singles = [x for x, y in pieces if y - x == 1]
    return len(singles) < 2


def _plausible_name(text: str, c: _Cand, common: dict[str, str]) -> bool:
    """Whether a short division name or a village/town name's word is no common word (``common_words.txt``):
    同心 (同心同德) is a verb, 示范 (示范村) a verbal noun, 友谊 and 小康 (小康村) common nouns, 许多 a numeral."""
    name = text[c.start:c.end]
    if c.kind == "town_free":
        name = name[:len(name) - _suffix_len(text, c)]
    return common.get(name) is None


def _suffix_len(text: str, c: _Cand) -> int:
    """Length of the town suffix (街道, 社区, 镇, 乡, 村) ending a town candidate."""
    name = text[c.start:c.end]
    return next((len(x) for x in sorted(_TOWN_SUFFIXES, key=len, reverse=True) if name.endswith(x)), 1)


_UNIT_COMPANIES = ("分公司", "公司")
"""Endings of a group's company for a place, written right after the group (中国移动|云南公司, 某某集团|某某县分公司;
People's Daily 1998 writes a bank + a place + a branch as one ORG: [中国/ns 银行/n 上海/ns 分行/n]nt)."""
_GROUP_ENDINGS = ("集团", "公司", "银行")
"""Endings of a body whose company for a place may follow it (某某集团|某省公司); known operators count too."""
_PARTY_PREFIXES = ("中国共产党", "中共", "中国共产主义青年团", "共青团")
"""The Party's or the Youth League's name before one of its local committees (中共|某某县委, 中国共产党|某某省委员会,
共青团|某某省委: the official names; People's Daily 1998 writes 共青团 云南 省委, 共青团 宜昌 市委)."""


def _join_chains(text: str, ents: list[tuple[int, int, str]],
                 groups: tuple[str, ...] = _GROUP_ENDINGS) -> list[tuple[int, int, str]]:
    """Join places written directly before an ORG into it (ANNOTATION.md: a full chain is one ORG), a group and its
    company for a place written right after it (中国移动|云南公司: the group is a known name or ends in 集团/公司/
    银行), and the Party's name written directly before a committee that starts with a place (中共|某某县委组织部).

    text (str): The document text.
    ents (list[tuple[int, int, str]]): Sorted, non-overlapping entities.
    groups (tuple[str, ...]): Name endings (and known names) of bodies that may have companies for places
        (``_Matcher.unit_groups``). Defaults to ``_GROUP_ENDINGS``.
    RETURNS (list[tuple[int, int, str]]): The entities with the joins made."""
    out: list[tuple[int, int, str]] = []
    for s, e, label in ents:
        if label == "ORG":
            while out and out[-1][2] == "LOC" and out[-1][1] == s:
                s = out.pop()[0]
            if (out and out[-1][2] == "ORG" and out[-1][1] == s and text.endswith(_UNIT_COMPANIES, s, e)
                    and text.endswith(groups, out[-1][0], out[-1][1])
                    and divisions.place_prefix(text[s:e]) is not None):
                s = out.pop()[0]  # 中国移动|云南公司: a group's company of a place is one of its units
            party = next((p for p in _PARTY_PREFIXES if text.endswith(p, 0, s)), None)
            if party and "委" in text[s:e] and divisions.place_prefix(text[s:e]) is not None:
                ps = s - len(party)
                if out and out[-1][:2] == (ps, s):  # the Party tagged on its own
                    out.pop()
                if not (out and out[-1][1] > ps):
                    s = ps
        out.append((s, e, label))
    return out


def _name_quotes(text: str, m: _Matcher | None = None) -> list[tuple[int, int]]:
    """Content spans of quotes “…” and 「…」 (not title marks 《…》: see the module docstring) that hold a single
    name (no sentence punctuation, at most 40 characters), which
    hides the names inside it (a product, a body, a slogan), unless it ends in a programme type
    (``programme_types.txt``: ANNOTATION.md tags the places and organisations inside a programme, event, platform
    or chat-group name: “某市扶贫工作群”) and in no organisation suffix (“某市产业协会” is a body), or it is a body
    named in full from its place on (``_is_place_body``: read as outside quotes)."""
    m = m or _default_matcher()
    out = []
    for mq in re.finditer("[" + "".join(_NAME_QUOTES) + "]", text):
        close = _NAME_QUOTES[mq.group()]
        end = text.find(close, mq.end(), mq.end() + 41)
        if end < 0:
            continue
        content = text[mq.end():end]
        if content and "\n" not in content and not any(ch in _SENTENCE_PUNCT for ch in content):
            name = normalise_width(content).strip()
            title = (text.endswith(_TITLE_BEFORE, 0, mq.start()) or text.startswith(_TITLE_AFTER, end + 1))
            if not (_is_programme(name, m) or (_is_place_body(name, m) and not title)):
                out.append((mq.end(), end))
    return out


_TITLE_BEFORE = ("获评", "荣获", "评为", "获得", "授予", "创建", "争创")
_TITLE_AFTER = ("称号", "创建", "荣誉", "评选", "示范")
"""Words around a quoted honour or campaign title (获评“某市文明学校”称号): such a quote is one name even when it
reads like a body."""


def _is_place_body(name: str, m: _Matcher) -> bool:
    """Whether a name starts with a division and ends in an organisation suffix of two or more characters
    (定西市安定区第一中学): a body named in full, whose chain of places the merge joins as outside quotes."""
    return _starts_with_place(name, m) and name.endswith(m.long_suffixes)


def _is_programme(name: str, m: _Matcher) -> bool:
    """Whether a name ends in a programme type (项目, 活动, 平台, 群 ...) and in no organisation suffix of two or more
    characters (协会, 委员会)."""
    return name.endswith(m.programme_types) and not name.endswith(m.long_suffixes)


def find_entities(text: str, matcher: _Matcher | None = None) -> list[tuple[int, int, str]]:
    """Find ORG, LOC and PER spans on the characters of a text (the rules alone).

    text (str): The text (offsets refer to it; full-width forms are normalised on a same-length copy).
    matcher (_Matcher | None): Compiled lexicons. Defaults to the packaged lexicons.
    RETURNS (list[tuple[int, int, str]]): Sorted, non-overlapping (start, end, label) triples.
    """
    return sorted((c.start, c.end, c.label) for c in find_candidates(text, matcher, overlapping=False))


def find_candidates(text: str, matcher: _Matcher | None = None, overlapping: bool = True,
                    places: Iterable[tuple[int, int]] = (), bounds: set[int] | None = None,
                    norm: str | None = None, quotes: list[tuple[int, int]] | None = None,
                    orgs: Iterable[tuple[int, int]] = ()) -> list[_Cand]:
    """Rule candidates with the kind of evidence behind each (see ``merge_entities``).

    text (str): The text.
    matcher (_Matcher | None): Compiled lexicons. Defaults to the packaged lexicons.
    overlapping (bool): All candidates, longest first (``merge_entities`` takes the first that passes its
        checks, so a shorter name stays available when a longer one is refused), rather than the
        non-overlapping selection of the rules alone. Defaults to True.
    places (Iterable[tuple[int, int]]): Places the statistical ner found (start, end) that end in a division
        level (绿水县, a name no gazetteer holds): they anchor an organisation suffix after them like a known
        place (绿水县农业农村局). They are no candidates themselves. Defaults to ().
    bounds (set[int] | None): Token boundaries of the segmented text. With them, a function character inside a
        word of two or more characters (为 in 华为) does not end the name before a strong suffix: 在|华为技术有限公司
        also gives the candidate 华为技术有限公司 (``merge_entities`` judges its words). Defaults to None.
    norm (str | None): ``normalise_width(text)`` when the caller has it. Defaults to None (computed).
    quotes (list[tuple[int, int]] | None): ``_name_quotes(text)`` when the caller has it. Defaults to None
        (computed).
    orgs (Iterable[tuple[int, int]]): Organisations the statistical ner found (start, end): they anchor a
        department written after them (交通部 + 规划司, 某厅 + 某某管理局: 司 and ``_DEPARTMENT_UNITS``) like a rule
        organisation; they are no candidates themselves. Defaults to ().
    RETURNS (list[_Cand]): With ``overlapping``, candidates sorted longest first then by priority; else
        non-overlapping candidates sorted by start. ``kind`` is one of ``org_known``,
        ``org_pat`` (a suffix after a place or an organisation), ``org_level`` (after 省/市/县), ``org_free``
        (a strong suffix after any 2-8 characters), ``loc_full``, ``loc_short``, ``country``, ``town`` (after a
        place or a known name), ``town_free`` (after any 2-3 characters), ``town_word`` (a segmenter word naming a
        town or village: ``_town_words``) and ``per``.
    """
    m = matcher or _default_matcher()
    t = normalise_width(text) if norm is None else norm
    n = len(t)
    # left[i]: start of the run of name characters that ends at i
    cands = _lexicon_cands(t, m)
    # the model's places anchor rule names (江南|供电所) unless a lexicon place crosses them (飞云街|道龙岛)
    spans = {(c.start, c.end) for c in cands}
    lexicon_places = _SpanIndex((c.start, c.end) for c in cands if c.label == "LOC")
    anchors = [_Cand(a, b, "LOC", "loc_model") for a, b in places
               if b - a >= 2 and (a, b) not in spans
               and not any(s < b and a < e and not (s <= a and b <= e) and not (a <= s and e <= b)
                           for s, e in lexicon_places.near(a, b))]
    anchors += [_Cand(a, b, "ORG", "org_model") for a, b in orgs if b - a >= 2 and (a, b) not in spans]
    # characters inside a known name (国际在线, 无锡市) count as name characters
    covered = [False] * n
    for c in cands:
        if c.kind in ("org_known", "loc_full", "loc_short"):
            for i in range(c.start, c.end):
                covered[i] = True
    # left[i]: start of the run of name characters that ends at i; loose[i]: start of the run of Chinese
    # characters, used between a place or organisation and a suffix (the words between are judged on tokens
    # by merge_entities: _plausible_core)
    left = [0] * (n + 1)
    loose = [0] * (n + 1)
    # word_left[i]: like left[i], but a function character inside a word of two or more characters (华为) goes on
    word_left = [0] * (n + 1) if bounds is not None else None
    for i in range(1, n + 1):
        ch = t[i - 1]
        left[i] = left[i - 1] if (covered[i - 1] or _is_name_char(ch)) else i
        loose[i] = loose[i - 1] if (covered[i - 1] or _is_cjk(ch)) else i
        if left[i] == i - 1 and ch in _CLASSIFIERS and i >= 2 and t[i - 2] in _NUMERALS:
            left[i] = i
        if word_left is not None:
            in_word = _is_cjk(ch) and not (i - 1 in bounds and i in bounds)
            word_left[i] = word_left[i - 1] if (left[i] != i or in_word) else i
    if quotes is None:
        quotes = _name_quotes(t, m)
    by_end: dict[int, list[_Cand]] = {}
    full_ends = {}  # end -> starts of the full division names ending there
    for c in cands:
        if c.kind == "loc_full":
            full_ends.setdefault(c.end, []).append(c.start)
    for c in cands + anchors:
        if c.kind in ("loc_short", "loc_dshort") and any(
                st < c.start for e in range(c.start + 1, c.end) for st in full_ends.get(e, ())):
            continue  # 哈密市|中心: the short name 市中 across a full name anchors nothing (哈密市 + 中心医院 does)
        by_end.setdefault(c.end, []).append(c)
    lex_loc_full = [c for c in cands if c.kind in ("loc_full", "loc_short")]
    lex_loc_spans = sorted((c.start, c.end, c.kind) for c in lex_loc_full)  # searched by bisection
    lex_loc_starts = [a for a, _, _ in lex_loc_spans]

    def add(c: _Cand) -> None:
        c.priority = _PRIORITY.get(c.kind, 5)
        cands.append(c)
        by_end.setdefault(c.end, []).append(c)

    def contains_place(a: int, b: int, kinds=("loc_full",)) -> bool:
        return any(kind in kinds and end <= b for _, end, kind in
                   lex_loc_spans[bisect.bisect_left(lex_loc_starts, a):bisect.bisect_right(lex_loc_starts, b)])

    # numbered middle schools after a place, read on characters (彭泽一中 is one pkuseg word, 彭|泽二|中 three):
    # the token pattern school_place sees only clean cuts (PD1998: an ordinal + 中 after a place is a school 8 of 8)
    for ms in _SCHOOL_ORDINAL_RE.finditer(t):
        for a in by_end.get(ms.start(), ()):
            if a.label == "LOC" and a.kind in ("loc_full", "loc_short", "town"):
                add(_Cand(a.start, ms.end(), "ORG", "org_pat", extra={"core": (ms.start(), ms.start()),
                                                                      "suffix": ms.start()}))
    # suffix occurrences (towns and organisations), processed left to right so that earlier names anchor
    events: list[tuple[int, int, str, str]] = []
    for mt in m.town_re.finditer(t):
        events.append((mt.start(), mt.end(), mt.group(), "town"))
    for mo in m.suffix_re.finditer(t):
        events.append((mo.start(), mo.end(), mo.group(), "org"))
    if m.zone_re is not None:
        for mz in m.zone_re.finditer(t):
            events.append((mz.start(), mz.end(), mz.group(), "zone"))
    for mg in _GROUP_RE.finditer(t):
        events.append((mg.start(), mg.end(), mg.group(), "group"))
    events.sort()
    for s, e, suffix, what in events:
        if what == "town":
            _town_cands(t, s, e, suffix, left, loose, by_end, m, add, bounds)
        elif what == "zone":
            _zone_cands(t, s, e, left, by_end, m, add)
        elif what == "group":
            _group_cands(t, s, e, by_end, m, add)
        else:
            _org_cands(t, s, e, suffix, left, loose, by_end, m, add, contains_place, word_left, bounds)

    if bounds is not None:
        for a, b in _town_words(t, bounds, m):
            add(_Cand(a, b, "LOC", "town_word"))
    chosen = _select(cands, quotes, text=t, m=m)
    # propagate names found by a pattern to their other occurrences
    extra = {t[c.start:c.end]: c for c in chosen if c.kind in _PATTERN_KINDS}
    if extra:
        for name, c in extra.items():
            pos = t.find(name)
            while pos >= 0:  # with the original's core and suffix offsets, so that merge_entities checks it alike
                add(_Cand(pos, pos + len(name), c.label, c.kind, extra=_shifted(c.extra, pos - c.start)))
                pos = t.find(name, pos + 1)
        chosen = _select(cands, quotes, text=t, m=m)
    persons = [_Cand(s, e, label, "per") for s, e, label in _person_cands(t, m, chosen)]
    if not overlapping:
        return sorted(chosen + persons, key=lambda c: c.start)
    pool: dict[tuple[int, int, str], _Cand] = {}
    for c in _select(cands, quotes, pool=True, text=t, m=m) + persons:
        pool.setdefault((c.start, c.end, c.label), c)
    return sorted(pool.values(), key=lambda c: (-(c.end - c.start), c.priority, c.start))


_MAX_UNIT_DEPTH = 4
"""Most units read onto one body (国家开发银行|贵州省分行|营业部|某科: three): a bound that keeps a text of names run
together (某省委某省委某省委…) from building a candidate per chain of units, exponentially many."""


def _unit_depth(c: _Cand) -> int:
    """How many units a candidate's name chains onto its first body (its ``anchor`` candidates)."""
    depth = 0
    while depth <= _MAX_UNIT_DEPTH and isinstance(c.extra.get("anchor"), _Cand):
        c = c.extra["anchor"]
        depth += 1
    return depth


def _shifted(extra: dict[str, Any], delta: int) -> dict[str, Any]:
    """A candidate's ``extra`` for the same name ``delta`` characters on: its offsets (``core``, ``suffix``, the
    ``anchor`` candidate) moved."""
    out: dict[str, Any] = {}
    for key, value in extra.items():
        if isinstance(value, bool):
            out[key] = value
        elif isinstance(value, int):
            out[key] = value + delta
        elif isinstance(value, tuple):
            out[key] = tuple(v + delta for v in value)
        elif isinstance(value, _Cand):  # an anchor candidate (``anchor``)
            out[key] = _Cand(value.start + delta, value.end + delta, value.label, value.kind, value.priority,
                             _shifted(value.extra, delta))
        else:
            out[key] = value
    return out


def sort_candidates(cands: Iterable[_Cand]) -> list[_Cand]:
    """Candidates in the order ``merge_entities`` tries them: longest first, then by priority and start.

    cands (Iterable[_Cand]): Rule candidates.
    RETURNS (list[_Cand]): The sorted list.
    """
    return sorted(cands, key=lambda c: (-(c.end - c.start), c.priority, c.start))


def build_token_matcher(vocab: Any, rules: list[dict]) -> dict[tuple[str, ...], Matcher]:
    """spaCy ``Matcher`` objects holding the token patterns of ``org_token_patterns.json``, one per suffix set.

    A rule can only match a text holding one of its ``suffixes``, so ``token_candidates`` runs a Matcher only on
    such texts (most articles name no university and no 府办).

    vocab (Vocab): The pipeline's vocabulary.
    rules (list[dict]): Rules with ``suffixes`` and a spaCy Matcher ``pattern`` (``lexicons["token_patterns"]``).
    RETURNS (dict[tuple[str, ...], Matcher]): The suffixes of a set of rules and their Matcher; rule ``i`` has
        the match key ``zhnews_org_<i>``.
    RAISES (ValueError): If a pattern is not a valid Matcher pattern (spaCy's own error).
    """
    out: dict[tuple[str, ...], Matcher] = {}
    for i, rule in enumerate(rules):
        key = tuple(rule.get("suffixes", ()))
        if key not in out:
            out[key] = Matcher(vocab, validate=True)
        out[key].add(f"zhnews_org_{i}", [rule["pattern"]])
    return out


def token_candidates(doc: Doc, token_matcher: dict[tuple[str, ...], Matcher], rules: list[dict],
                     matcher: _Matcher | None = None, places: Iterable[tuple[int, int]] = (),
                     norm: str | None = None) -> list[_Cand]:
    """Organisation candidates from token patterns (``org_token_patterns.json``), each checked by its group.

    The Matcher finds the shape on the segmented words; the group's checks decide (``_token_rule_ok``):

    - ``university`` (华中|农大, 北师大): the words before the suffix are no verb, function word or numeral
      (``common_words.txt`` V, M: 考上|农大 is no name) and start with no function character or stoplist word;
      ``university_place`` (大连|理工): the word before the suffix is a place.
    - ``office`` (市府办, 县府|办), ``office_place`` (丽水市|府办: a place ending in its level before): no
      one-character verb or aspect word follows (办|了 is the verb 办).
    - ``media`` (据 X 报道, 来源:X, 关注 X, X 记者/讯/消息): the words before the brand suffix as for
      ``university``, at most 8 characters, and the name is no single common word (互联网, 电网).
    - ``source`` (来源:X, any name of 1-3 words up to a break): the words as for ``university``, 2-12 characters
      without a space (来源:X 作者:Y), and no single common word (网络).
    - A rule with ``start: clause`` needs a line start, a space or punctuation before the name (秦川观察记者, not
      在现场观察记者); with ``end: break`` a line end, a space or punctuation after it (关注 X 2021-06-02).

    A name accepted once is proposed at its other occurrences on token boundaries. Kinds: ``org_abbr``
    (university, office) and ``org_media``; both are evidence (``merge_entities``).

    doc (Doc): The segmented document (``doc.ents`` are not read).
    token_matcher (dict[tuple[str, ...], Matcher]): From ``build_token_matcher(vocab, rules)``.
    rules (list[dict]): The rules the Matcher was built from.
    matcher (_Matcher | None): Compiled lexicons. Defaults to the packaged lexicons.
    places (Iterable[tuple[int, int]]): Places the statistical ner found (start, end). Defaults to ().
    norm (str | None): ``normalise_width(doc.text)`` when the caller has it. Defaults to None (computed).
    RETURNS (list[_Cand]): Candidates, in no particular order.
    """
    m = matcher or _default_matcher()
    if not rules or len(doc) == 0:
        return []
    text = normalise_width(doc.text) if norm is None else norm  # the matching form, as patterns match on NORM
    model_places = set(places)
    keys = {doc.vocab.strings[f"zhnews_org_{i}"]: rule for i, rule in enumerate(rules)}
    found: dict[tuple[int, int], _Cand] = {}
    matches = [mt for suffixes, tm in token_matcher.items() if any(x in text for x in suffixes)
               for mt in tm(doc, with_alignments=True)]
    for match_id, start, _end, alignments in matches:
        rule = keys.get(match_id)
        if rule is None:
            continue
        first, last = rule["name"]
        idx = [start + k for k, el in enumerate(alignments) if first <= el <= last]
        if not idx:
            continue
        a, b = doc[idx[0]].idx, doc[idx[-1]].idx + len(doc[idx[-1]].text) - rule.get("trim", 0)
        if (a, b) in found or not _token_rule_ok(text, doc, idx, a, b, rule, m, model_places):
            continue
        found[(a, b)] = _Cand(a, b, "ORG", "org_media" if rule["group"] in ("media", "source") else "org_abbr",
                              _PRIORITY["org_media"], extra={"rule": rule["group"]})
    if found:
        starts = {t.idx for t in doc}
        ends = {t.idx + len(t.text) for t in doc}
        first_of: dict[str, _Cand] = {}
        for c in found.values():  # each distinct name is searched once (linear in the matches, not quadratic)
            first_of.setdefault(text[c.start:c.end], c)
        for name, c in first_of.items():
            pos = text.find(name)
            while pos >= 0:
                if pos in starts and pos + len(name) in ends and (pos, pos + len(name)) not in found:
                    found[(pos, pos + len(name))] = _Cand(pos, pos + len(name), "ORG", c.kind, c.priority,
                                                          extra=dict(c.extra))
                pos = text.find(name, pos + 1)
    return list(found.values())


def _token_rule_ok(text: str, doc: Doc, idx: list[int], a: int, b: int, rule: dict, m: _Matcher,
                   model_places: set[tuple[int, int]]) -> bool:
    """The checks of a token rule's group (``token_candidates``) on the name ``text[a:b]`` (tokens ``idx``)."""
    group = rule["group"]
    name = text[a:b]
    suffix = max((x for x in rule.get("suffixes", ()) if name.endswith(x)), key=len, default="")
    core = name[:len(name) - len(suffix)]
    if not core or core[-1] in rule.get("core_not", ""):
        return False  # 农科大, 理工大: a field + 大 is a type word
    core_words = [doc[i].norm_ for i in idx if doc[i].idx + len(doc[i].text) <= a + len(core)]
    after = doc[idx[-1] + 1].norm_ if idx[-1] + 1 < len(doc) else ""

    def plain() -> bool:
        return (core[0] not in _FUNCTION_CHARS and not core.startswith(m.stoplist)
                and not any(m.common.get(w) in ("V", "M") and not _COMPASS_RE.match(w) for w in core_words))

    def place() -> bool:
        return (a, a + len(core)) in model_places or m.gazetteer.get(core) in ("loc_full", "loc_short", "country")

    if rule.get("start") == "clause" and a > 0 and text[a - 1].isalnum():
        return False
    if rule.get("end") == "break" and b < len(text) and text[b].isalnum():
        return False
    if group == "university":  # 华中|农大; a province's one-character abbreviation too (川|农大)
        return plain() and (len(idx) == 1 or 2 <= len(core) <= 4 or core in PROVINCE_ABBREVIATIONS)
    if group == "university_place":
        return 2 <= len(core) <= 4 and place()
    if group == "school_place":  # 昆明|八中, 县|一中 (not 三中|全会)
        return after != "全会" and (core in _LEVEL_CHARS or place())
    if group in ("office", "office_place"):
        if len(after) == 1 and m.common.get(after) == "V":
            return False
        return group == "office" or (core[-1] in "省市县区" and place())
    if group == "media":
        return plain() and len(core) <= 8 and not (len(idx) == 1 and name in m.common)
    if group == "source":  # 来源:X, any name (a brand suffix is not needed)
        return (plain() and 2 <= len(name) <= 12 and not any(ch.isspace() for ch in name)
                and not (len(idx) == 1 and name in m.common))  # a space ends the name (来源:X 作者:Y)
    return False


def _country_word_before_noun(t: str, start: int, end: int, m: _Matcher) -> bool:
    """Whether a known name that is 中国 + a common word (中国石油, 中国移动) is followed by a common noun or verbal
    noun (``common_words.txt`` N, C) that is no organisation suffix: 中国石油|产量, 中国移动|支付 read "China's oil
    output", "mobile payment in China", while 中国移动|推出, 中国移动|云南公司 name the company."""
    name = t[start:end]
    if not (name.startswith("中国") and name[2:] in m.common):
        return False
    for k in (3, 2):
        nxt = normalise_width(t[end:end + k])
        if len(nxt) == k and m.common.get(nxt) in ("N", "C") and nxt not in m.suffix_class:
            return True
    return False


def _lexicon_cands(t: str, m: _Matcher) -> list[_Cand]:
    out: list[_Cand] = []
    gaz = m.gazetteer
    lengths = m.lengths
    n = len(t)
    for i, ch in enumerate(t):
        for length in lengths.get(ch, ()):
            if i + length <= n:
                kind = gaz.get(t[i:i + length])
                if kind == "org_known" and t[i + length - 1] in "部局" and t[i + length:i + length + 1] in ("门", "署"):
                    continue  # 人社部门 is a generic "department", 公安|部署 a verb
                if kind == "org_known" and _country_word_before_noun(t, i, i + length, m):
                    continue  # 中国石油|产量: "China's oil", not the company
                if kind is not None:
                    label = "ORG" if kind == "org_known" else "LOC"
                    out.append(_Cand(i, i + length, label, kind, _PRIORITY.get(kind, 5)))
    return out


_MAX_ANCHORED_TOWN_NAME = 6
"""The longest town or village name read before its suffix right after a place (新和县|依其艾日克乡, 某镇|喀拉某某特村:
transliterated Uyghur, Tibetan and Mongolian names run to five or six characters); a name not right after a place
stays at four (People's Daily 1998 has 150 four-character towns and villages)."""


def _town_cands(t, s, e, suffix, left, loose, by_end, m: _Matcher, add, bounds: set[int] | None = None) -> None:
    before, after = _TOWN_SUFFIXES[suffix]
    one_word = bounds is not None and s - 1 not in bounds and s not in bounds  # 土城镇 read as one word, not 城镇
    if s == 0 or (t[s - 1] in before and not one_word) or (e < len(t) and t[e:e + 1] in after and t[e:e + 1] != ""):
        return
    if len(suffix) == 1 and t[s - 1] == suffix:
        return  # 某镇|镇长, 某村|村史馆: the repeated character starts a word (PD1998: no place ends in 村村, 镇镇
        # or 乡乡; the 14 such words are reduplications, 村村 = every village)
    r = left[s]
    starts: set[int] = set()
    after_town: set[int] = set()
    for p in range(max(loose[s], s - _MAX_ANCHORED_TOWN_NAME), s - 1):
        name = t[p:s]
        if name[0] in _DIV_SUFFIX_CHARS or m.generic(name):
            continue
        anchors = [c for c in by_end.get(p, ()) if c.label == "LOC"]
        if len(name) > 4 and not (any(t[c.end - 1] in "县市区旗州乡镇" for c in anchors) and bounds is not None
                                  and p in bounds and all(_is_cjk(ch) and ch not in _DIV_SUFFIX_CHARS for ch in name)
                                  and not any(x in bounds and t[x:y] in m.common for x in range(p, s)
                                              for y in range(x + 2, s + 1) if y in bounds)):
            continue  # a name of five or six characters (依其艾日克乡: a transliterated name) only right after its
            # division, on a token boundary and with no common word in it (某县|组织|干部|深入|乡 is a clause)
        if any(m.gazetteer.get(name[:k]) == "loc_full" for k in range(2, len(name))):
            continue  # 临县|白文镇: a division named in full is its own place, the town follows it
        if any(title in name for title in m.long_titles):
            continue  # 第一书记兼|村党支部: a person's title is no village name
        if len(name) == 3 and m.common.get(name[:2]) == "V":
            continue  # 引领|代村 glued: PD1998 has 150 four-character towns and villages, none opening with a verb word
        anchored = bool(anchors)
        if suffix in ("村", "嘎查", "社区") and any(t.endswith(("乡", "镇", "苏木", "街道"), c.start, c.end) for c in anchors):
            after_town.add(p)  # 某某乡|连|某林村: a village right after its town (merge_entities reads its words more loosely)
        if p < r and not (anchored and all(_is_cjk(ch) for ch in name) and name[1] not in _CLASSIFIERS
                          and name[:2] not in m.common and sum(ch in _NUMERALS for ch in name) == 1
                          and not any(ch in _DIV_SUFFIX_CHARS for ch in name)):  # 三乡五镇 counts towns
            continue  # a numeral or function word starts a name only right after its place: 某市|三棵树镇
        known = m.gazetteer.get(name) in ("loc_short", "loc_dshort", "loc_full")
        if anchored or known:
            starts.add(p)
    free = False
    if (not starts and 2 <= s - r <= 3 and t[r] not in _DIV_SUFFIX_CHARS and not m.generic(t[r:s])
            and not any(title in t[r:s] for title in m.long_titles)
            and not (s - r == 3 and m.common.get(t[r:r + 2]) == "V")):
        starts.add(r)  # a name standing after a boundary
        free = True
    for p in starts:
        add(_Cand(p, e, "LOC", "town_free" if free else "town", extra={"after_town": True} if p in after_town else {}))


def _town_words(t: str, bounds: set[int], m: _Matcher) -> list[tuple[int, int]]:
    """Words of the segmented text that name a town or village by themselves (什运乡, 十八洞村, 白果坪村): 3-5 Chinese
    characters ending in 镇 or 村 (乡: 3, as four-character words ending in 乡 are idioms: 背井离乡), no common word
    and no common word + the suffix (``common_words.txt``: 生态村, 特困乡, 产业村), no 万, 百 or 千 (slogans that count
    villages: 万企帮万村). On People's Daily 1998 (held-out lines and the first 6,000 training lines, this project's
    segmenter) such a word is a gold place 176 times of 198; most of the rest are places inside a longer gold name."""
    cuts = sorted(bounds)
    out = []
    for a, b in zip(cuts, cuts[1:]):
        word = t[a:b]
        if not (3 <= len(word) <= 5 and (word[-1] in "镇村" or (word[-1] == "乡" and len(word) == 3))):
            continue
        if not all(_is_cjk(ch) for ch in word) or word in m.common or word[:-1] in m.common:
            continue
        if any(ch in "万百千" for ch in word):
            continue  # 万企帮万村, 百县万村: a campaign's slogan counts villages
        if m.generic(word[:-1]) or word[0] in _DIV_SUFFIX_CHARS:
            continue
        out.append((a, b))
    return out


_RESETTLEMENT_TYPES = ("安置区", "安置小区")
"""Resettlement areas, named after any place, a village's too (某某湾|易地扶贫搬迁|安置区); the other zone types with
words between need a division (某县|农副产品加工|园区: a village's 某村|扶贫|产业园 is its project, no zone)."""
_AREA_TYPES = ("度假区", "保护区", "试验区")
"""Resorts, reserves and pilot zones are named after a mountain, lake, basin or grassland as often as after a division
(某某湖|滑雪|度假区, 某某盆地|循环经济|试验区): any place the model found starts one, like a resettlement area."""
_MAX_ZONE_MIDDLE = 12
"""Most characters between a zone's place and its type (某县|循环经济磷煤精细化工|工业园: 10)."""


def _zone_middle_ok(text: str, a: int, b: int, cuts: list[int], m: _Matcher) -> bool:
    """Whether the words between a zone's place and its type name what it makes or is for: on token boundaries,
    no clause mark, space or digit, no one-character function word or conjunction (某县|在|园区, 某市|和|某县|园区
    are clauses or lists), no word of two characters or more ending in an organisation suffix (某县|政府|主要领导… is a
    clause about a body), and a verb (``common_words.txt`` V) only as the last word after another word, naming the
    activity (某县|装备|制造|产业园, 某湾|易地扶贫|搬迁|安置区), not a motion (村民|搬进|安置区) nor a clause
    (某县|积极|建设|产业园)."""
    k = bisect.bisect_left(cuts, a)
    if k >= len(cuts) or cuts[k] != a or any(not _is_cjk(ch) for ch in text[a:b]):
        return False
    words = [normalise_width(text[x:y]) for x, y in _words_in(cuts, a, b)]
    for i, w in enumerate(words):
        if w in _INNER_FUNCTION_CHARS or w in _BREAK_CHARS or w in ("和", "与", "及", "等", "或"):
            return False
        if len(w) >= 2 and w.endswith(m.suffixes):
            return False  # a body inside (某县|政府|主要领导…): a clause about it, not the zone's name
        if len(w) >= 2 and m.common.get(w) == "V" and (i == 0 or i < len(words) - 1 or w[-1] in "进入到出回来去上下"):
            return False
    return True


def _area_middle_ok(text: str, a: int, b: int, cuts: list[int], m: _Matcher) -> bool:
    """Whether the words between a model place and a resort, reserve or pilot-zone type (``_AREA_TYPES``) name the
    area: no time word, no verb (``common_words.txt`` V: 某某湖|周边|开发|旅游度假区), and no verbal noun or adjective
    (C) but the last word, the activity (某某湖|滑雪|度假区); 某某流域|建设|国家级|自然|保护区 and
    某某湖|今年|新建|滑雪|度假区 are clauses."""
    words = [normalise_width(text[x:y]) for x, y in _words_in(cuts, a, b)]
    return bool(words) and not any(w in m.time_words or m.common.get(w) == "V"
                                   or (m.common.get(w) == "C" and i < len(words) - 1) for i, w in enumerate(words))


def _is_zone(name: str, m: _Matcher) -> bool:
    """Whether a name is a division name of 2-8 characters + a zone type (苏州工业园区; not 顺丰产业园区)."""
    zone = next((z for z in m.zone_types if name.endswith(z)), None)
    if zone is None:
        return False
    head = name[:-len(zone)]
    return any(m.gazetteer.get(head[:k]) in ("loc_short", "loc_dshort", "loc_full") and (
        k == len(head) or m.gazetteer.get(head[k:]) in ("loc_short", "loc_dshort", "loc_full"))
        for k in range(2, min(len(head), 8) + 1))


def _group_cands(t, s, e, by_end, m: _Matcher, add) -> None:
    """A named villager group (ANNOTATION.md: a place) right after its village or town: 大坪村|黑石组 is one LOC. A
    numbered group (三组) or a common word + 组 (专家组, 工作组, 村民小组) is none (People's Daily 1998: 燕麦地组/ns
    after a village, the only X组 tagged as a place)."""
    for p in range(max(s - 3, 1), s - 1):
        name = t[p:s]
        if (all(_is_cjk(ch) and ch not in _NUMERALS for ch in name)
                and not any(name[:k] in m.common for k in range(2, len(name) + 1))  # 村民|小组
                and name[-1] + "组" not in m.common  # 小组, 班组: a common word ends the name
                and any(c.label == "LOC" and t[c.end - 1] in "村镇乡" for c in by_end.get(p, ()))):
            add(_Cand(p, e, "LOC", "town"))


def _zone_cands(t, s, e, left, by_end, m: _Matcher, add) -> None:
    """A development zone: a place (a place candidate ending at the type, or a division short or full name of 2-4
    characters) + a zone type (``place_zone_types.txt``) is one LOC (建宁经济开发区, 某某县工业园区). A type after
    anything else is a common noun (高新技术开发区) and gives nothing."""
    starts = {c.start for c in by_end.get(s, ()) if c.label == "LOC"}
    for p in range(max(left[s], s - 4), s - 1):
        if m.gazetteer.get(t[p:s]) in ("loc_short", "loc_dshort", "loc_full"):
            starts.add(p)
    for p in starts:
        add(_Cand(p, e, "LOC", "zone"))
    # a place + what the zone makes or is for + the type (某县|农副产品加工|园区, 某村|易地扶贫搬迁|安置区): its words
    # are judged in merge_entities (_zone_middle_ok)
    if starts:
        return  # a place right before the type (某省|某市|高新区): the zone is that place's
    resettlement = t.endswith(_RESETTLEMENT_TYPES, s, e)
    area = t.endswith(_AREA_TYPES, s, e)
    for q in range(s - 2, max(left[s], s - _MAX_ZONE_MIDDLE) - 1, -1):
        places = [c for c in by_end.get(q, ()) if c.label == "LOC" and q - c.start >= 2 and (
            c.kind in ("loc_full", "loc_short") or (c.kind == "loc_model" and t[q - 1] in "省市县区旗州")
            or (resettlement and c.kind in ("loc_model", "town", "town_word")) or (area and c.kind == "loc_model"))]
        if places:  # the nearest place starts the zone (云南省某某县|某某|园区: the province stays a LOC)
            divs = [x for x in places if x.kind in ("loc_full", "loc_short")]  # 禄丰县, not the 丰县 inside it
            c = min(divs, key=lambda x: x.start) if divs else max(places, key=lambda x: x.start)
            extra = {"core": (q, s)}
            if c.kind == "loc_model" and area and not resettlement:
                extra["area"] = True  # judged more strictly: any model place may start it
            add(_Cand(c.start, e, "LOC", "zone", extra=extra))
            break
        if any(c.label == "LOC" for c in by_end.get(q, ())):
            break  # a village or town nearer the type: its project (某村|扶贫|产业园), no zone


def _org_cands(t, s, e, suffix, left, loose, by_end, m: _Matcher, add, contains_place, word_left=None,
               bounds: set[int] | None = None) -> None:
    cls = m.suffix_class[suffix]
    if s > 0 and t[s - 1] in m.suffix_block.get(suffix, ""):
        return
    nxt = t[e:e + 1]
    if suffix == "网" and nxt and _is_cjk(nxt) and nxt not in _MEDIA_AFTER_NET:
        return
    if suffix in ("大学", "中学", "小学") and nxt == "生":
        return
    if suffix in ("部", "局") and nxt and nxt in "门分署队落件位长势面限":
        return
    if suffix == "厅" and nxt and nxt in "长级局":
        return  # 副厅长, 厅级, 厅局: a title or a rank
    if suffix == "所" and nxt and nxt in "有在属以得谓需要述说做作为能长里辖":
        return  # 所有, 所在, 所属: a function word, not an institute
    if suffix == "委" and nxt == "员":
        return  # 某某工委|委|员: the 委 of 委员 (a member) ends no committee (工委 before it still may)
    if suffix == "司" and nxt and nxt in "令长机法仪职局":
        return  # 司令, 司机, 司法, 司局级: a word starting with 司, not a department (某某司|司长 keeps its 司)
    if suffix in _UNIT_SUFFIXES and nxt and nxt in "长理于置罚分境事级所员部":
        return  # 处长, 处理, 处于, 大队长, 支队部: a title or a verb, not the unit
    if len(suffix) == 1 and _ORDINAL_END_RE.search(t, max(0, s - 6), s):
        return  # an ordinal + a classifier (中国第一部, 第三局): PD1998 20 of 20 no ORG
    if suffix.endswith("政府") and (re.search("[省市县区州盟旗]委[省市县区州盟旗]$", t[max(0, s - 3):s])
                                   or t[max(0, s - 2):s] == "党委"):
        return  # 贵州省委省政府, 某某乡党委政府: coordinated bodies, the place stays LOC
    core_end = s
    pm = m.paren_loc_re.search(t, 0, s)
    if pm and suffix in ("有限公司", "股份有限公司", "有限责任公司", "公司"):
        core_end = pm.start()
    r = left[core_end]
    min_core = 2 if len(suffix) == 1 and cls == "weak" else 0
    made = False  # a place anchored the name (only the nearest place counts)
    made_at = -1  # where that place ends
    for p in range(core_end, max(loose[core_end], core_end - 12) - 1, -1):
        place_here = False
        for a in by_end.get(p, ()):
            core_len = core_end - p
            if a.label == "LOC" and suffix not in _UNIT_SUFFIXES:
                party_committee = (suffix == "委" and core_len == 0 and a.kind == "loc_full"
                                   and t[core_end - 1:core_end] in ("省", "市", "县", "区")
                                   and t[e:e + 1] not in ("员", "会"))
                if made or (core_len < min_core and not party_committee) or core_len > (
                        _MAX_LEGAL_CORE_CHARS if suffix in _LEGAL_FORMS else 8):
                    continue
                if a.kind == "loc_model" and core_len == 1:
                    continue  # a model place + one character + a type (东路|到|中心) names nothing
                if contains_place(p, core_end, ("loc_full", "loc_short")):
                    continue
                add(_Cand(a.start, e, "ORG", "org_pat", extra={"core": (p, core_end), "suffix": s}))
                place_here = place_here or a.kind != "loc_model"  # a model place leaves a farther rule place
                if a.kind == "loc_full" and _verb_like_division(t[a.start:a.end], m):
                    # 会同|县民政局: a county named like a verb (会同 = together with); the level may start the body
                    add(_Cand(a.end - 1, e, "ORG", "org_level", extra={"suffix": s}))
            elif a.label == "ORG" and suffix == "所" and not t.endswith("院", a.start, a.end):
                continue  # an institute is named after its academy only (社科院|经济所; 该厂|派出所 has its own suffix)
            elif a.kind == "org_model" and suffix not in _DEPARTMENT_UNITS and suffix != "司":
                continue  # a model organisation anchors departments only (外资银行|北京分行 stays the model's)
            elif a.label == "ORG" and (cls == "sub" or _committee_department(t, a, p, core_end, cls, suffix)
                                       or (core_len >= 2 and p == a.end
                                           and t.endswith(_DEPARTMENT_UNITS.get(suffix, ()), a.start, a.end))) \
                    and core_len <= 8 and _unit_depth(a) < _MAX_UNIT_DEPTH:
                extra = {"core": (p, core_end), "suffix": s, "unit": True}
                if a.kind in ("org_pat", "org_free") and "core" in a.extra:
                    extra["anchor"] = a  # its own core is judged too (某村|是|建行 + 陇南分行 is no unit of a name)
                add(_Cand(a.start, e, "ORG", "org_pat", extra=extra))  # a unit
        if place_here and not made:
            made_at = p
        made = made or place_here
    if r >= 1 and t[r - 1:r + 2] in _AUTONOMOUS_LEVELS and not made:
        r -= 1  # 自 of 自治区 is a function character (from) that ends a run of name characters
    core = t[r:core_end]
    conj_level = bool(core) and core[0] in _LEVEL_CHARS and r >= 1 and t[r - 1] in _CONJUNCTIONS
    if made and made_at < r and cls == "strong" and bounds is not None and r in bounds and t[r - 1] in _BREAK_CHARS:
        made = False  # 某县|的|某某纺织|有限公司: a function character between the place and the run ends the place's
        # claim (its candidate keeps the character and merge_entities judges it); the run may be a name of its own
    if not core or (made and not (suffix in _MEDIA_SUFFIXES and len(core) <= 4) and not conj_level):
        return  # a place anchors the name; media brands may put a word before the place (新湖南客户端); a level
        # after a conjunction starts a second body (某县某某中专|和|省|农科院) whatever place came before
    if len(core) > _MAX_NAME_RUN:
        return  # a run of name characters this long before a type is no level or trade name (and reading every
        # level inside it would make the candidates quadratic in an unpunctuated text)
    level_ok = len(core) >= 3 or ((len(core) == 1 or core[1:] == "委")  # 县|人社局, 县委|党校
                                  and len(suffix) >= 2 and not suffix.endswith("政府"))
    level = (core[0] in _LEVEL_CHARS and level_ok
             and (cls in ("weak", "strong") or (cls == "sub" and len(suffix) >= 3 and len(core) >= 2))
             and not (len(core) == 1 and suffix in _BARE_LEVEL_BODIES))  # 乡党委: the article's own; a level's
    # office or group is a body too (县政府|办公室, 县|审核|办公室, 县|脱贫攻坚|领导小组)
    if core.startswith(_AUTONOMOUS_LEVELS) and cls in ("weak", "strong") and not (
            len(core) == 3 and suffix in _BARE_LEVEL_BODIES):
        level = True  # 自治区|审计厅, 自治区|政协: the autonomous region's (prefecture's, county's) level, like 省|审计厅
    if r >= 3 and t[r - 1] in "和与" and cls in ("weak", "strong") and not made:
        q = left[r - 1]  # a level + two fields joined by 和 (县|商务|和|粮食局): the run stops at 和
        if r - 1 - q >= 3 and t[q] in _LEVEL_CHARS:
            add(_Cand(q, e, "ORG", "org_level", extra={"suffix": s, "core": (q + 1, core_end), "conj": True}))
    if level:
        add(_Cand(r, e, "ORG", "org_level", extra={"suffix": s}))
        if cls == "strong" and r >= 1 and t[r - 1] in "该本":
            # 该县|金穗种植专业合作社: the level is the demonstrative's, the trade name may follow it
            _free_org(t, r + 1, core_end, e, suffix, m, add, contains_place)
    if cls in ("weak", "strong"):
        # a level inside the run (团县委联合县妇联): merge_entities accepts it only where a verb ends before it
        for q in range(r + 1, core_end):
            inner = core_end - q
            if t[q] in "省市县区" and (inner >= 3 or (inner == 1 and len(suffix) >= 2 and not suffix.endswith("政府"))):
                add(_Cand(q, e, "ORG", "org_level", extra={"inner": True, "core": (q, core_end), "suffix": s}))
    if level:
        return
    if cls == "strong" and word_left is not None and word_left[core_end] < r:
        # a function character inside a word (在|华为|技术|有限公司): the name may start before it
        _free_org(t, word_left[core_end], core_end, e, suffix, m, add, contains_place)
    if cls == "strong":
        q = _name_words_start(t, r, core_end, bounds, m) if bounds is not None and core_end - r > 2 else None
        if q is not None and q > r:
            # 目前|某某|有限公司: a time word ends the run before the name
            _free_org(t, q, core_end, e, suffix, m, add, contains_place)
        else:
            _free_org(t, r, core_end, e, suffix, m, add, contains_place)
        cuts = [x for x in range(r, core_end + 1) if x in bounds] if bounds else []  # the name's run, not the doc
        if (len(cuts) >= 4 and cuts[0] == r and cuts[-1] == core_end and cuts[1] - r >= 2
                and m.common.get(t[r:cuts[1]]) == "V" and all(y - x >= 2 for x, y in zip(cuts[1:], cuts[2:]))
                and t[cuts[1]:cuts[2]] not in m.common):
            # a verb word before a trade name and a trade word (成立|奔康|农机|合作社): the name starts after the
            # verb (words of two characters or more, the first no common word, as a trade name is)
            _free_org(t, cuts[1], core_end, e, suffix, m, add, contains_place)


def _name_words_start(t: str, r: int, core_end: int, bounds: set[int], m: _Matcher) -> int | None:
    """Where a name before a strong suffix starts when a time word stands inside its run of characters
    (目前|某某|有限公司, 今年|某某|合作社): right after the last time word (``time_words.txt``, the words People's Daily
    1998 tags ``t``: none of its organisation names holds one).

    t (str): The normalised text.
    r (int): Start of the run of name characters.
    core_end (int): Where the suffix starts.
    bounds (set[int]): Token boundaries.
    m (_Matcher): The lexicons.
    RETURNS (int | None): The name's start, or None when no time word is a token of the run.
    """
    cuts = [x for x in range(r, core_end + 1) if x in bounds]  # the run's boundaries (at most _MAX_NAME_RUN)
    found = None
    for a, b in zip(cuts, cuts[1:]):
        if t[a:b] in m.time_words:
            found = b
    return found


_MAX_QUOTED_CORE = 16
"""A name that fills its quotes may run longer before its suffix (“某某某某生态茶叶农民专业合作社”: a cooperative's
registered name is trade name + products + 专业合作社); ``_select`` keeps it when its core is no common word."""


def _free_org(t, r, core_end, e, suffix, m: _Matcher, add, contains_place) -> None:
    """A strong suffix after 2-8 name characters ``t[r:core_end]`` (6 before 网; up to ``_MAX_QUOTED_CORE`` when the
    name fills its quotes) that are no generic word, start with no division level and hold no full division name:
    an ``org_free`` candidate."""
    core = t[r:core_end]
    quoted = r >= 1 and t[r - 1] == "“" and t[e:e + 1] == "”" and suffix not in ("网", "园区")
    if 2 <= len(core) <= (6 if suffix == "网" else _MAX_QUOTED_CORE if quoted else 8):
        if core[0] in _DIV_SUFFIX_CHARS or m.generic(core) or core in m.generic_exact:
            return
        if contains_place(r, core_end):
            return
        add(_Cand(r, e, "ORG", "org_free", extra={"core": (r, core_end), "suffix": e - len(suffix)}))


def _committee_department(t: str, a: _Cand, p: int, core_end: int, cls: str, suffix: str = "") -> bool:
    """Whether a weak suffix after a Party committee names one of its departments or its school (遵义市委|宣传部,
    县委|组织部, 遵义市委|党校).

    People's Daily 1998 writes X委 + a department 50 times (宣传部 38, 组织部 8, 统战部 2 ...) and X委 + 党校 as two
    words (中共中央|党校, 市委|党校). The committee is a place + 委 (not 两委, 常委) and the words between it and the
    suffix do not start a coordinated body of a level (市委|市政府 stays two bodies); a suffix of two or more
    characters other than 政府 may follow the committee directly.
    """
    direct = core_end == p and len(suffix) >= 2 and not suffix.endswith("政府")
    return (cls == "weak" and a.kind == "org_pat" and t[a.end - 2:a.end] in _COMMITTEES and p == a.end
            and (1 <= core_end - p or direct) and t[p] not in _DIV_SUFFIX_CHARS)


def _common_word_body(text: str, start: int, end: int, cuts: list[int], m: _Matcher) -> bool:
    """Whether a model ORG is one or two common words + an organisation type (山区|学校, 金融|公司, 帮扶|集团,
    乡镇|中心|卫生院): whole words on token boundaries, each word before the last one People's Daily 1998 tags
    mostly as a common noun, verbal noun, adjective, verb or function word (``common_words.txt`` N, C, V) and no
    place or known name, the last a listed suffix other than a media one, and the whole no known name. The rule candidates apply the same test to
    a suffix name with no place before it (``_plausible_core``); the training data never marks such a pair as a
    name (``training.ner.compound_orgs`` needs a place or a body first): of PD1998's 41,000 ORGs none is a verb
    word + a suffix word, and the one model ORG of that shape on its held-out lines (树立|银行) is wrong."""
    words = _words_in(cuts, start, end)
    if len(words) not in (2, 3) or words[0][0] != start or words[-1][1] != end:
        return False
    *firsts, last = (normalise_width(text[x:y]) for x, y in words)
    if len(firsts) >= 2 and last in _LEGAL_FORMS and m.common.get(firsts[0]) == "N":
        return False  # 远景|能源|有限公司: a registered form after a noun and a trade is a name (the noun its 字号)
    return (all(m.common.get(w) in ("N", "C", "V") and w not in m.gazetteer for w in firsts)
            and last in m.suffix_class and last not in _MEDIA_SUFFIXES
            and normalise_width(text[start:end]) not in m.gazetteer)


_ORDINAL_END_RE = re.compile("第[" + "".join(sorted(_NUMERALS)) + "]+$")
"""An ordinal ending right before a one-character suffix: 部 and 局 after it are classifiers (第一部 a first work,
第三局 a third game); People's Daily 1998 writes 第N + 部 13 times and 第N + 局 7 times, never inside an ORG."""

_COUNT_RE = re.compile("[" + "".join(sorted(_NUMERALS)) + "数多]+[家所名位支批座户]")
"""A count: a numeral and a classifier (量词) of bodies or people (三家, 5名); 个, 只, 条 also make brand names
(三个爸爸, 三只松鼠)."""


_MAGNITUDES = frozenset("百千万")


def _after_count(text: str, start: int, end: int, cuts: list[int], bounds: set[int], m: _Matcher) -> int:
    """The start of a model ORG after a count inside it (现场|三|家|某某集团 → 某某集团; a model reading right to left
    may run a name on over it): a numeral + a classifier on token boundaries, after words none of which is a place,
    a country or a known name. No ORG of People's Daily 1998 holds a numeral word followed by a classifier word,
    and the one model ORG of that shape on its held-out lines (三家远洋公司) is wrong; after a place or at the start
    the count belongs to a name (北京|三家|某某公司 stays whole). Returns ``start`` unchanged otherwise."""
    for mt in _COUNT_RE.finditer(text, start, end):
        if set(mt.group()[:-1]) <= _MAGNITUDES:
            continue  # 百家, 千家, 万家 alone make names (华润万家), not counts
        if mt.start() in bounds and mt.end() in bounds and start < mt.start() and mt.end() < end:
            words = [normalise_width(text[x:y]) for x, y in _words_in(cuts, start, mt.start())]
            if not any(w in m.gazetteer or w in divisions.all_names() for w in words):
                return mt.end()
    return start


def _verb_phrase_org(text: str, start: int, end: int, cuts: list[int], m: _Matcher) -> bool:
    """Whether a model ORG is a verb phrase (a headline such as 云溪市教育扶贫助力学子圆梦): it ends in no organisation
    suffix, is no known name, and holds a word People's Daily 1998 tags mostly as a verb or function word, or two
    verbal nouns/adjectives (``common_words.txt`` V, C). Of the 679 PD1998 organisation words (nt) without a suffix
    or a known name, one (汤更浪队) has that shape."""
    name = text[start:end]
    if name in m.gazetteer or any(name.endswith(x) for x in m.suffix_class):
        return False
    words = [text[x:y] for x, y in _words_in(cuts, start, end)]
    classes = [m.common.get(w) for w in words]
    return "V" in classes or classes.count("C") >= 2


def _model_tail(c: _Cand, model_spans: list[tuple[int, int]], kept: dict[tuple[int, int], str]) -> bool:
    """Whether the model found only the tail of a candidate as a place (the model's 泾镇 in the town 长泾镇)."""
    over = [(s, e) for s, e in model_spans if s < c.end and c.start < e]
    return bool(over) and all(e == c.end and s > c.start and kept[(s, e)] == "LOC" for s, e in over)


def _verb_between_bodies(text: str, start: int, end: int, cuts: list[int], m: _Matcher,
                         conjunctions_only: bool = False) -> tuple[int, int] | None:
    """The ``(start, end)`` of a verb word (``common_words.txt`` V, two characters or more) or a conjunction (和, 与,
    及, 、) that joins two bodies in one model ORG (团县委|联合|县妇联, 某某煤业有限公司|和|某某煤业有限公司): the part
    before it ends with an organisation suffix or a token pattern's type ending (府办) and the part after it too
    (住房|和|城乡建设局 is one body: 住房 ends no name); None otherwise. ``conjunctions_only``: verbs do not count (a
    rule name may hold one before a unit: 某某农业农村委|帮扶|集团)."""
    for x, y in _words_in(cuts, start + 1, end - 1):  # the words strictly inside (offsets are ints)
        if conjunctions_only and text[x:y] not in _CONJUNCTIONS:
            continue
        if y - x >= 3 and m.common.get(text[x:y]) != "V" and m.common.get(text[x:x + 2]) == "V":
            y = x + 2  # the verb glued to the level that starts the second body (联合县|妇联: pkuseg's cut)
        if (y - x >= 2 and m.common.get(text[x:y]) == "V") or text[x:y] in _CONJUNCTIONS:
            before, after = text[start:x], text[y:end]
            if normalise_width(before).endswith(m.name_endings) and normalise_width(after).endswith(m.name_endings):
                return x, y
    return None


def _after_inner_verb(text: str, start: int, end: int, cuts: list[int], m: _Matcher) -> int:
    """The start of a model ORG after a verb word inside it that a level or a place follows (贷款|采用|省某某公司 →
    省某某公司, 某镇某村|整合|县扶贫办 → 县扶贫办): the body starts after the verb; the words before it are a clause,
    not the body's name (a body before the verb is ``_verb_between_bodies``'s). A verb before a bare type stays (某某|
    农业|开发|有限公司: a trade). ``start`` when there is no such verb."""
    k = bisect.bisect_right(cuts, start)
    while k + 1 < len(cuts) and cuts[k + 1] < end:
        x, y = cuts[k], cuts[k + 1]
        k += 1
        if y - x < 2 or m.common.get(normalise_width(text[x:y])) != "V":
            continue
        after = normalise_width(text[y:end])
        if normalise_width(text[start:x]).endswith(m.name_endings):
            continue
        if (after[0] in _LEVEL_CHARS and len(after) >= 3) or _starts_with_place(after, m):
            return y
    return start


def _person_after_title(text: str, start: int, end: int, bounds: set[int], m: _Matcher) -> bool:
    """Whether a model place is a person's name written after a title (负责人 + 某金山): two or three characters
    starting with a surname, right after a title that starts a word (``person_titles.txt`` without the byline
    roles: 文 ends 人文; a space between allowed), not ending with a level character nor followed by 籍 (a native
    place: 主任|某地籍). In People's Daily 1998 the 2,599 entities of that shape after a title are all persons,
    none a place; so are the 48 after a noun of people (``_PERSON_NOUNS``: 村民, 农民 ...). (``merge_entities`` also
    keeps a place that another model entity continues: 石门|坎村.)"""
    if not 2 <= end - start <= 3 or text[end - 1] in _DIV_SUFFIX_CHARS or text[end:end + 1] == "籍" or (
            text[start] not in m.surnames and text[start:start + 2] not in m.surnames):
        return False
    left = max(0, start - 12)
    before = text[left:start].rstrip(" \u3000")
    return any(before.endswith(title) and left + len(before) - len(title) in bounds
               for title in (*m.titles, *_PERSON_NOUNS) if title not in _BYLINE_ROLES)


_PERSON_NOUNS = ("村民", "农民", "党员", "妇女", "贫困户", "老人", "群众")
"""Nouns of people that a name follows like a title (村民|某文河): in People's Daily 1998 the 48 entities right after
them are all persons. Only ``_person_after_title`` reads them (no person is made from them)."""


def _starts_inside_verb(text: str, start: int, cuts: list[int], common: dict[str, str]) -> bool:
    """Whether a model span starts with a one-character word that ends a verb cut by the segmenter (修|建|通村:
    修建 is a verb, ``common_words.txt`` V), or with the second character of a two-character verb or verbal noun
    whose first character is the word before it and no function word (示|范县 of 示范县: the model's span cut the
    word; 从|中国 stays). On People's Daily
    1998's held-out lines the model's places of the first shape are wrong 2 of 2 times (养|牛羊坪坝, 俯|瞰泉城)."""
    k = bisect.bisect_left(cuts, start)
    if k == 0 or k + 1 >= len(cuts) or cuts[k] != start:
        return False
    if cuts[k + 1] - start == 1 and common.get(normalise_width(text[cuts[k - 1]:cuts[k + 1]])) == "V":
        return True
    # the word before + the place's first character is a verb or verbal noun the model's span cut (示|范县 of
    # 示范县, 助|推强村 of 助推): 2-character words only
    prev = normalise_width(text[cuts[k - 1]:start])
    return (start - cuts[k - 1] == 1 and common.get(prev) != "V"  # not after a function character (从|中国, 着|重庆)
            and common.get(normalise_width(text[cuts[k - 1]:start + 1])) in ("V", "C"))


def _verb_glued_to_level(word: str, common: dict[str, str]) -> bool:
    """Whether a token is a verb word with the level character that starts the next name glued to it (联合|县,
    联合|市, 联合|区: pkuseg reads 联合县 as one word; People's Daily 1998 tags 联合 v/vn 280 of 281). Only 省, 市,
    县 and 区, and never a division's or a common word's name (新建县 was a county, 开发区 and 联合乡 are names)."""
    return (len(word) >= 3 and word[-1] in "省市县区" and common.get(word[:-1]) == "V" and word not in common
            and word not in divisions.all_names())


def _ends_in_common_word(text: str, end: int, cuts: list[int], common: dict[str, str]) -> bool:
    """Whether ``end`` falls inside a word that starts in the name and that People's Daily 1998 tags mostly as a verb,
    function word, verbal noun or adjective (``common_words.txt`` V or C): a suffix read on the word's first
    characters (某某部|委派: 委 is no body there) names nothing; a suffix running into a word no corpus knows
    (客户端|讯 cut 客户/端讯) still may."""
    k = bisect.bisect_right(cuts, end) - 1
    if k < 0 or k + 1 >= len(cuts) or cuts[k] == end:
        return False
    return common.get(normalise_width(text[cuts[k]:cuts[k + 1]])) in ("V", "C")


def _after_name_dot(text: str, start: int, end: int, m: _Matcher) -> int:
    """The start of a model place after the last middle dot inside it when the rest is a known place (某某招聘月·眉山市
    → 眉山市: a dot joins an event's name to a place, or the parts of a foreign name); ``start`` otherwise."""
    dot = max(text.rfind(ch, start, end) for ch in "·•・")
    if dot >= start and m.gazetteer.get(normalise_width(text[dot + 1:end])) in ("loc_full", "loc_short", "country"):
        return dot + 1
    return start


def _after_leading_function_char(text: str, start: int, end: int, cuts: list[int], m: _Matcher) -> int:
    """The start of a model place after a leading one-character word that People's Daily tags mostly as a function
    word, adverb or numeral (``common_words.txt`` V, M: 更|多|青岛 → 青岛) when the rest is a known place or a common
    word (向|山区 → 山区, then dropped as a common word); ``start`` otherwise (多伦县 keeps its 多: 伦县 is no place)."""
    k = bisect.bisect_left(cuts, start)
    if k + 1 < len(cuts) and cuts[k] == start and cuts[k + 1] == start + 1 and cuts[k + 1] < end:
        rest = normalise_width(text[start + 1:end])
        if m.common.get(text[start]) in ("V", "M") and (m.gazetteer.get(rest) in ("loc_full", "loc_short", "country")
                                                         or (rest in m.common and rest not in m.gazetteer)):
            return start + 1  # 更|多|青岛 → 青岛; 向|山区 → 山区, a common word the next check drops
    return _before_full_division(text, start, end, cuts, m)


def _before_full_division(text: str, start: int, end: int, cuts: list[int], m: _Matcher) -> int:
    """The start of the full division name that ends a model place when the words before it are no place but a
    verb or one character (住|某某自治县, 对口|帮扶|某某市: the model read the verb into the name); ``start``
    otherwise (a place before the division, 某省|某某县, is a chain; a name that is a place as a whole stays).

    The division name is a full one of three characters or more (``divisions.full_names``) starting on a token
    boundary, and the words before it are at most four characters: one character, or words holding one People's
    Daily tags mostly as a verb or function word (``common_words.txt`` V)."""
    name = normalise_width(text[start:end])
    if m.gazetteer.get(name) is not None:
        return start
    full = divisions.full_names()
    for k in cuts[bisect.bisect_right(cuts, start):bisect.bisect_left(cuts, end)]:
        if k - start > 4:
            break
        if end - k >= 3 and normalise_width(text[k:end]) in full:
            head = normalise_width(text[start:k])
            if m.gazetteer.get(head) is not None or head[-1] in _DIV_SUFFIX_CHARS:
                return start
            words = [normalise_width(text[x:y]) for x, y in _words_in(cuts, start, k)]
            if len(head) == 1 or any(m.common.get(w) == "V" for w in words):
                return k
            return start
    return start


def _town_chain_cut(text: str, start: int, end: int, cuts: list[int]) -> int | None:
    """Where a model place joins a town and the place after it: the end of a word of three or more characters
    ending in 镇 or 乡 inside the span, with two or more characters after it (某墩镇|某湾村: People's Daily tags a
    town and its village as two places); None when there is none."""
    k = bisect.bisect_left(cuts, start + 3)
    while k < len(cuts) and cuts[k] <= end - 2:
        c = cuts[k]
        if text[c - 1] in "镇乡" and k > 0 and start <= cuts[k - 1] <= c - 3:
            return c
        k += 1
    return None


def _starts_with_full_division(text: str, start: int, end: int, bounds: set[int], m: _Matcher) -> bool:
    """Whether ``text[start:end]`` starts with a full division name of three characters or more that ends on a token
    boundary (项|城市|某某合作社: the segmenter cuts the county-level city 项城市 after the classifier 项, which
    ``_drop_leading_verbs`` would drop; the gazetteer's full name is the evidence)."""
    norm = normalise_width(text[start:min(end, start + 8)])
    return any(m.gazetteer.get(norm[:k]) == "loc_full" and start + k in bounds and start + k < end
               for k in range(3, len(norm) + 1))


def _drop_leading_verbs(text: str, start: int, end: int, cuts: list[int], common: dict[str, str],
                        time_words: frozenset[str] = frozenset()) -> int:
    """The start of a model ORG after its leading words that People's Daily 1998 tags mostly as verbs or function
    words (``common_words.txt`` V: 借助|某某集团) or that are one function character (``_FUNCTION_CHARS``: 是|某某集团;
    of the model ORGs on People's Daily 1998's held-out lines that start with such a word, 0 of 3 are right), or
    its first piece when that piece ends a verb cut by the model's boundary (打|造某某中心); a model reading right
    to left may run a name on over them. A time word (``time_words.txt``: 目前|某某有限公司) goes the same way. A verb
    glued to the level of the name (联合市|扶贫办) leaves the level. Returns ``start`` unchanged when the span does not begin on a word boundary."""
    k = bisect.bisect_left(cuts, start)
    while k + 1 < len(cuts) and cuts[k] == start and cuts[k + 1] < end and not (_is_numeral_word(
            text[start:cuts[k + 1]]) and text[cuts[k + 1]] not in _CLASSIFIERS) and (
            common.get(text[start:cuts[k + 1]]) == "V"
            or text[start:cuts[k + 1]] in _FUNCTION_CHARS  # 是|某某集团: a one-character function word
            or text[start:cuts[k + 1]] in time_words  # 目前|某某有限公司
            or (k > 0 and common.get(text[cuts[k - 1]:cuts[k + 1]]) == "V")):  # 打|造某某中心: inside a verb
        start = cuts[k + 1]
        k += 1
    if k + 1 < len(cuts) and cuts[k] == start and cuts[k + 1] < end and _verb_glued_to_level(
            normalise_width(text[start:cuts[k + 1]]), common):
        start = cuts[k + 1] - 1  # 联合市|扶贫办 → 市扶贫办
    return start


def _is_numeral_word(word: str) -> bool:
    """Whether a token is only numerals (九|江学院: ``common_words.txt`` files one-character numerals with the function
    words as V, but a numeral starts names: 九江, 四川, 三农网; one before a classifier is a count: 两|家|某某公司)."""
    return all(ch in _NUMERALS for ch in word)


def _after_inner_function_word(text: str, start: int, end: int, cuts: list[int]) -> int:
    """The start of a model ORG after the last one-character preposition or adverb standing as a word inside it
    (某某|还|能|从|合作社 → 合作社; a model reading right to left may run a name on over a clause). The characters
    (``_INNER_FUNCTION_CHARS``) are those People's Daily 1998 tags p or d at least 80% of the time; none of its
    6,834 ORGs holds one as a word. Returns ``start`` unchanged when there is none."""
    k = bisect.bisect_right(cuts, start)
    new = start
    while k < len(cuts) and cuts[k] < end:
        a = cuts[k - 1]
        if a > start and cuts[k] - a == 1 and text[a] in _INNER_FUNCTION_CHARS:
            new = cuts[k]
        k += 1
    return new


def _strip_punct(text: str, start: int, end: int) -> tuple[int, int]:
    """A model span without punctuation or spaces at its ends (东风航空、 → 东风航空)."""
    while start < end and (text[start].isspace() or _is_punct(text[start])):
        start += 1
    while end > start and (text[end - 1].isspace() or _is_punct(text[end - 1])):
        end -= 1
    return start, end


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P")


def _place_chain(text: str, start: int, end: int) -> list[tuple[int, int, str]] | None:
    """A model ORG or LOC that is only a chain of division names (某某省某某县) as LOC spans, one per name, as People's
    Daily and the gold tag chained places; else None."""
    chain = divisions.prefix_chain(text[start:end])
    if not chain or sum(map(len, chain)) != end - start:
        return None
    out = []
    for name in chain:
        out.append((start, start + len(name), "LOC"))
        start += len(name)
    return out


def _leading_place(text: str, start: int, end: int, cuts: list[int]) -> tuple[int, int] | None:
    """The first word of a span when it is a place name of three or more characters ending in a division level."""
    k = bisect.bisect_right(cuts, start)
    if k < len(cuts) and cuts[k] < end and cuts[k] - start >= 3 and text[cuts[k] - 1] in _DIV_SUFFIX_CHARS:
        return start, cuts[k]
    return None


def _split_coordinated(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The first body of a model ORG that coordinates a Party committee and its government (贵州省委省政府 → 贵州省委);
    None when that body is only a level (市委市政府: 市委 is not tagged, as the elliptical 市政府 is not)."""
    mt = _COORDINATED_RE.search(text, start, end)
    if mt is None:
        return start, end
    cut = mt.end()
    return (start, cut) if cut - start >= 3 else None


def _select(cands: list[_Cand], quotes: list[tuple[int, int]], pool: bool = False, text: str = "",
            m: _Matcher | None = None) -> list[_Cand]:
    """Greedy longest-first selection of non-overlapping candidates, honouring quoted names (with ``pool``:
    every allowed candidate, longest first). A quoted name that fills its quote is a candidate when it has evidence
    (``_EVIDENCE_KINDS``) or, given ``text`` and ``m``, is a name word + a media suffix (“某某网”, “某某客户端”:
    ``_named_body``)."""
    inside: dict[int, tuple[int, int]] = {}
    for qs, qe in quotes:
        for i in range(qs, qe):
            inside[i] = (qs, qe)

    def allowed(c: _Cand) -> bool:
        if c.kind == "loc_dshort":
            return False
        q = inside.get(c.start)
        if q is not None and c.end <= q[1]:
            # a known body, or a place or a body with evidence that fills the quote (“某县产业协会”)
            return c.kind == "org_known" or (
                (c.start, c.end) == q and (c.label == "LOC" or c.kind in _EVIDENCE_KINDS or (
                    m is not None and c.kind == "org_free" and _named_body(text[c.start:c.end], m)
                    and (text.endswith(tuple(_MEDIA_SUFFIXES), c.start, c.end)
                         or (not text.endswith(m.zone_types, c.start, c.end)
                             and "core" in c.extra and c.extra["core"][1] - c.extra["core"][0] >= 4)))))
        return True

    ordered = sorted((c for c in cands if allowed(c)), key=lambda c: (-(c.end - c.start), c.priority, c.start))
    if pool:
        return ordered
    occupied: set[int] = set()
    chosen: list[_Cand] = []
    seen: set[tuple[int, int]] = set()
    for c in ordered:
        if (c.start, c.end) in seen or any(i in occupied for i in range(c.start, c.end)):
            continue
        seen.add((c.start, c.end))
        occupied.update(range(c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _person_name(t: str, start: int, m: _Matcher) -> tuple[int, int] | None:
    """Span of a person name starting at ``start`` (surname + 1-2 given characters)."""
    sur = 2 if t[start:start + 2] in m.surnames else 1
    if t[start:start + sur] not in m.surnames:
        return None
    g1 = start + sur
    if g1 >= len(t) or not _is_name_char(t[g1]):
        return None
    g2 = g1 + 1
    if g2 < len(t) and _is_cjk(t[g2]) and t[g2] not in _BOUNDARY_CHARS and not _starts_word_after_name(t, g2, m):
        return start, g2 + 1
    return start, g2


def _starts_word_after_name(t: str, i: int, m: _Matcher) -> bool:
    """Whether the character at ``i`` (after a surname and one given character) starts the next word rather than
    ending the name: a character of ``_PER_STOP`` that is a word of its own (说, 在, 们) or starts a word of
    ``common_words.txt`` or a title (强|调, 表|示, 同|志, 部|长). 李国强在 keeps 强, 李国强调 does not. On People's
    Daily 1998 (surname + given name, one character each) this cuts 43 three-character names where the
    character set alone cut 218, and glues 19 two-character names to the next character out of 592."""
    ch = t[i]
    if ch not in _PER_STOP:
        return False
    if ch in _PER_STOP_ALONE:
        return True
    pair = t[i:i + 2]
    return len(pair) == 2 and (pair in m.common or any(ti.startswith(pair) for ti in m.titles))


def _person_cands(t: str, m: _Matcher, chosen: list[_Cand]) -> list[tuple[int, int, str]]:
    occupied = set()
    ends = set()
    for c in chosen:
        occupied.update(range(c.start, c.end))
        ends.add(c.end)
    found: dict[tuple[int, int], None] = {}

    title_set = frozenset(m.titles)

    def take(name_start: int, title_start: int | None) -> None:
        if title_start is not None and title_start in occupied and title_start not in ends:
            # the title may begin inside an entity (石桥村党支部书记): keep the part after it
            k = title_start
            while k < name_start and k in occupied:
                k += 1
            if k not in ends or t[k:name_start].strip() not in title_set:
                return
        span = _person_name(t, name_start, m)
        if span is None or any(i in occupied for i in range(*span)):
            return
        found[span] = None

    for mt in m.title_re.finditer(t):
        take(mt.start("name"), mt.start("title"))
    for mb in m.byline_re.finditer(t):
        if mb.group("name"):
            take(mb.start("name"), None)
        else:
            take(mb.start("name2"), None)
    for mp in m.paren_per_re.finditer(t):
        take(mp.start("name"), None)
    names = {t[s:e] for s, e in found}
    for name in names:  # other mentions of the same person
        pos = t.find(name)
        while pos >= 0:
            span = (pos, pos + len(name))
            if not any(i in occupied for i in range(*span)) and not any(
                a < span[1] and span[0] < b for a, b in found
            ):
                found[span] = None
            pos = t.find(name, pos + 1)
    return [(s, e, "PER") for s, e in sorted(found)]


_DEFAULT: list[_Matcher] = []


def _default_matcher() -> _Matcher:
    if not _DEFAULT:
        _DEFAULT.append(_Matcher(load_default_lexicons()))
    return _DEFAULT[0]


def person_roles(doc: Doc, titles: Iterable[str] | None = None, text: str | None = None) -> list[dict[str, Any]]:
    """Person-title(-organisation) relations read off ``doc.ents``.

    A PER entity right after a title (关长, 书记, 记者 ...; an optional space or colon between, and an
    opening parenthesis before a byline role) gives a record; the organisation is the ORG entity ending
    right where the title starts (贵阳海关关长沈扬 → org 贵阳海关), else None.

    doc (Doc): A document with entities.
    titles (Iterable[str] | None): The titles. Defaults to ``person_titles.txt``.
    text (str | None): ``doc.text`` when the caller has it (``Doc.text`` joins every token). Defaults to None.
    RETURNS (list[dict]): Records {"person", "org", "role", "start", "end", "org_start", "org_end"} with
        the person's character offsets; org fields are None when no organisation precedes the title.
    """
    title_list = sorted(set(titles) if titles is not None else set(_default_matcher().titles), key=len, reverse=True)
    if text is None:
        text = doc.text
    org_by_end = {e.end_char: e for e in doc.ents if e.label_ == "ORG"}
    out: list[dict[str, Any]] = []
    for ent in doc.ents:
        if ent.label_ != "PER":
            continue
        k = ent.start_char
        while k > 0 and text[k - 1] in " \u3000::":
            k -= 1
        options = [ti for ti in title_list if text.endswith(ti, 0, k)]
        if not options:
            continue
        # prefer the title that starts where an organisation ends (石桥村党支部|书记), else the longest
        role = next((ti for ti in options if k - len(ti) in org_by_end), options[0])
        org = org_by_end.get(k - len(role))
        out.append({
            "person": ent.text,
            "org": org.text if org is not None else None,
            "role": role,
            "start": ent.start_char,
            "end": ent.end_char,
            "org_start": org.start_char if org is not None else None,
            "org_end": org.end_char if org is not None else None,
        })
    return out
