"""Paragraphs, header metadata, bylines, captions and boilerplate.

One paragraph per non-empty line (``doc.spans["paragraphs"]``, leading and trailing whitespace excluded). Each
paragraph gets a *role* as its span label:

- ``title``: the first line when it reads as a headline, and ``原标题:`` lines;
- ``meta``: header and field lines (``时间: 2010-02-04``, ``03.11.2018 08:45``, ``关注 某某 2021-06-02 17:20:05``,
  ``来源:… 发布时间:…``, one-line 索引号/公开目录/发布日期/发布机构 blocks, 来源/作者/发布时间/访问次数/责任录入 lines,
  ``【摘要】`` boxes, trailing 编辑/责编/审核/二审/三审/总编辑/关键词 lines);
- ``byline``: a line that is only a byline or dateline (``□记者 李明远 报道``, ``(编辑 张晓东)``, ``(审核 周立新)``,
  a closing ``(赵文静)``);
- ``image``: image file names and URLs, captions and placeholders (``组图``, ``(相关资料图)``, ▲ captions,
  ``… 张三 摄``, a short line repeating a caption);
- ``boilerplate``: copyright and reprint notices, reader notices (``评论 (0) 分享``, 新闻线索/报料);
- ``body``: everything else.

The metadata (title, publication time, source, authors, editors, reviewers, keywords, original title, and the
people with their roles and offsets) goes to ``doc._.zhnews_metadata`` as a plain dict; people named in field
lines, bylines, datelines (``某报9月12日讯(记者 王海涛 通讯员 刘晓燕)``) and photo credits become
``doc.spans["people"]`` and PER entities. IDs, URLs, file names, contact numbers and counters are
``doc.spans["furniture"]``: amounts and dates read there, and amounts in metadata and byline paragraphs, are
dropped. The patterns are data (``resources/structure.json``), loaded in ``initialize()``.
"""

from __future__ import annotations

import json
import re
from importlib import resources
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

from ..grammar.dates import day_first_datetime, find_dates
from ..grammar.text import normalise_width
from ._common import char_span, ensure_boundaries, register_extensions, span_key, without_unscored

register_extensions()

ROLES = ("title", "meta", "image", "body", "byline", "boilerplate")


def load_structure_patterns(path: str | Path | None = None) -> dict[str, Any]:
    """Load the structure patterns.

    path (str | Path | None): A JSON file; None reads the packaged ``resources/structure.json``.
        Defaults to None.
    RETURNS (dict): The raw pattern table.
    """
    if path is None:
        return json.loads(resources.files("zhnews_ie.resources").joinpath("structure.json").read_text("utf-8"))
    return json.loads(Path(path).read_text("utf-8"))


def iter_paragraphs(text: str) -> Iterable[tuple[int, int]]:
    """Character spans of the paragraphs: non-empty lines with surrounding whitespace stripped.

    text (str): The input text.
    RETURNS (Iterable[tuple[int, int]]): ``(start, end)`` str offsets with ``text[start:end]`` stripped.
    """
    pos = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        stripped = body.strip().strip("\ufeff").strip()  # a BOM in a str input is not paragraph text
        if stripped:
            start = pos + body.index(stripped)
            yield start, start + len(stripped)
        pos += len(line)


@dataclass
class PageStructure:
    """The analysed page: paragraph roles, header metadata, people in bylines and furniture spans.

    paragraphs (list[tuple[int, int, str]]): ``(start, end, role)`` per paragraph.
    metadata (dict): ``title``, ``published``, ``source``, ``authors``, ``editors``, ``reviewers``,
        ``keywords``, ``original_title`` and ``people``.
    people (list[dict]): ``{"name", "role", "field", "start", "end"}`` per person named in a byline or a
        field line; ``field`` is ``authors``, ``editors`` or ``reviewers``; ``text[start:end]`` is the name as
        written (``name`` drops the spaces some pages put inside names).
    furniture (list[tuple[int, int, str]]): ``(start, end, kind)`` of IDs, URLs, file names, contact numbers and
        counters (``kind`` is ``token`` or the field kind ``id``/``counter``): no amount or date is read there.
    """

    paragraphs: list[tuple[int, int, str]]
    metadata: dict[str, Any]
    people: list[dict[str, Any]] = field(default_factory=list)
    furniture: list[tuple[int, int, str]] = field(default_factory=list)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(map(re.escape, sorted(set(words), key=len, reverse=True)))


class StructureAnalyzer:
    """Pure analysis of the page structure from compiled patterns (no spaCy).

    patterns (dict): The pattern table (``load_structure_patterns()``).
    surnames (Iterable[str] | None): Surnames that a bare ``(姓名)`` closing a paragraph must start with; None
        reads ``resources/person_surnames.txt``. Defaults to None.
    """

    def __init__(self, patterns: dict[str, Any], surnames: Iterable[str] | None = None):
        self.patterns = patterns
        flags = re.IGNORECASE
        self.fields: dict[str, str] = dict(patterns["fields"])
        self.person_roles: dict[str, tuple[str, str]] = {k: (v[0], v[1]) for k, v in patterns["person_roles"].items()}
        labels = _alternation(self.fields)
        roles = _alternation(self.person_roles)
        sep = patterns["label_separator"]
        self.field_any = re.compile(rf"(?:^|(?<=[^\u4e00-\u9fff]))({labels}){sep}")
        self.field_first = re.compile(rf"{patterns['field_start']}({labels}){sep}")
        self.date_line = re.compile(patterns["date_line"])
        self.follow_line = re.compile(patterns["follow_line"])
        self.summary_box = re.compile(patterns["summary_box"])
        self.original_title = re.compile(patterns["original_title"])
        self.image_line = re.compile(patterns["image_line"], flags)
        self.caption_line = re.compile(patterns["caption_line"])
        self.caption_repeat_max = int(patterns.get("caption_repeat_max", 30))
        # a one-character role word (文, 图, 摄) only before a separator: 文/张三 is a byline, 文明新风 is not
        roles2 = _alternation(r for r in self.person_roles if len(r) >= 2) + "|" + "|".join(
            rf"{re.escape(r)}(?=\s*[/:|︱丨])" for r in self.person_roles if len(r) == 1)
        self.byline_line = re.compile(patterns["byline_line"].replace("{roles2}", roles2).replace("{roles}", roles))
        self.paren_byline = re.compile(patterns["paren_byline"].replace("{roles}", roles))
        self.dateline = re.compile(patterns["dateline"])
        self.closing_name = re.compile(patterns["closing_name"])
        self.photographer = re.compile(patterns["photographer"])
        self.role_word = re.compile(rf"^(?:本报|本台|本网)?({roles})")
        self.not_person = set(patterns["not_person"])
        self.not_person_suffix = tuple(patterns["not_person_suffix"])
        self.furniture_tokens = [re.compile(p) for p in patterns["furniture_tokens"]]
        self.furniture_roles = set(patterns["furniture_roles"])
        self.boilerplate_start = re.compile(patterns["boilerplate_start"], flags)
        self.boilerplate_line = re.compile(patterns["boilerplate_line"], flags)
        if surnames is None:
            surnames = resources.files("zhnews_ie.resources").joinpath("person_surnames.txt").read_text("utf-8").split()
            surnames = [s for s in surnames if not s.startswith("#") and all("\u4e00" <= c <= "\u9fff" for c in s)]
        self.surnames = frozenset(surnames)

    # -- roles -------------------------------------------------------------------------------------
    def line_role(self, line: str, index: int, n_paras: int, body_seen: bool) -> str:
        """The structural role of one paragraph (before the caption-repeat and boilerplate passes).

        line (str): The width-normalised paragraph text.
        index (int): Its index among the paragraphs.
        n_paras (int): Number of paragraphs.
        body_seen (bool): Whether a body paragraph came before.
        RETURNS (str): One of ``ROLES``.
        """
        if self.image_line.match(line) or (len(line) <= 120 and self.caption_line.search(line)):
            return "image"
        if self.original_title.match(line):
            return "title"
        if self.summary_box.match(line) and not body_seen:
            return "meta"
        sentence = bool(_SENTENCE.search(line))  # metadata lines are not sentences (记者:你们村…? is an interview)
        m = self.date_line.match(line)
        if m and len(line) <= 80 and not _SENTENCE.search(line, m.end()) and "," not in line:
            return "meta"
        if self.follow_line.match(line):
            return "meta"
        if self.field_first.match(line) and (not sentence or len(line) <= 30):
            return "meta"
        if self.field_any.search(line) and not sentence and (
                (not body_seen and index <= 3 and len(line) <= 200) or len(line) <= 60):
            return "meta"
        if self.is_byline(line):
            return "byline"
        if index == 0 and n_paras > 1 and len(line) <= 64 and not line.endswith(("。", "!", "?", "”")):
            return "title"
        return "body"

    def is_byline(self, line: str) -> bool:
        """Whether a whole paragraph is a byline, a dateline or a closing ``(姓名)``.

        line (str): The width-normalised paragraph text.
        RETURNS (bool): True for ``□记者 李明远 报道``, ``(编辑 张晓东)``, ``(赵文静)``, ``张三 摄`` ...
        """
        line = line.strip()
        if len(line) > 60:
            return False
        if self.byline_line.fullmatch(line):
            return True
        m = self.paren_byline.fullmatch(line)
        if m:
            return True
        m = self.dateline.search(line)
        if m and m.end() == len(line) and m.start() <= _DATELINE_MAX_START:
            return True
        m = self.closing_name.fullmatch(line)
        if m and self._surname_first(m.group(1)):
            return True
        m = self.photographer.match(line)
        return bool(m and m.start(1) == 0)

    def _surname_first(self, name: str) -> bool:
        return name[:1] in self.surnames or name[:2] in self.surnames

    # -- people ------------------------------------------------------------------------------------
    def parse_names(self, text: str, norm: str, start: int, end: int, role: tuple[str, str] | None,
                    require_surname: bool = False) -> list[dict[str, Any]]:
        """People named in ``text[start:end]``: role words switch the role of the names after them.

        text (str): The article text.
        norm (str): Its width-normalised copy.
        start (int): Start of the segment.
        end (int): End of the segment.
        role (tuple[str, str] | None): ``(role, metadata field)`` of the names before any role word.
        require_surname (bool): Before any role word, accept only names that start with a known surname (a
            dateline's bare ``(江飞波 石凤英)`` but not ``(央视新闻)``). Defaults to False.
        RETURNS (list[dict]): ``{"name", "role", "field", "start", "end"}`` records.
        """
        out: list[dict[str, Any]] = []
        tokens = [(m.start() + start, m.end() + start) for m in _NAME_TOKEN.finditer(norm[start:end])]
        pending: list[tuple[int, int]] = []  # single characters waiting to pair into a spaced name (王 成)
        strict = [require_surname]

        def emit(s: int, e: int) -> None:
            name = re.sub(r"\s+", "", text[s:e])
            if role is None or not (2 <= len(name) <= 4) or not re.fullmatch(r"[\u4e00-\u9fff·]+", name):
                return
            if name in self.not_person or name in self.person_roles or name.endswith(self.not_person_suffix):
                return
            if strict[0] and not self._surname_first(name):
                return
            out.append({"name": name, "role": role[0], "field": role[1], "start": s, "end": e})

        for s, e in tokens:
            tok = norm[s:e]
            m = self.role_word.match(tok)
            if m and (m.end() == len(tok) or tok in self.person_roles):
                pending = []
                role = self.person_roles[m.group(1)]
                strict[0] = False
                continue
            if m and len(tok) - m.end() >= 2 and m.group(1) not in ("文", "图"):  # 记者王海涛 written together
                role = self.person_roles[m.group(1)]
                strict[0] = False
                s += m.end()
            tok = norm[s:e]
            if tok in ("报道", "摄", "摄影", "供图") or tok.startswith(("发自", "报道")):
                continue
            if tok.endswith(("摄", "报道")) and len(tok) > 2:
                e -= 1 if tok.endswith("摄") else 2
            if len(norm[s:e]) == 1:
                pending.append((s, e))
                if len(pending) == 2:
                    emit(pending[0][0], pending[1][1])
                    pending = []
                continue
            pending = []
            emit(s, e)
        return out

    def people_in_line(self, text: str, norm: str, s: int, e: int, role: str,
                       fields: list[tuple[str, int, int]]) -> list[dict[str, Any]]:
        """People named in one paragraph: field values, bylines in parentheses, datelines, closing names and
        photographers.

        RETURNS (list[dict]): Records as in ``parse_names``.
        """
        line = norm[s:e]
        people: list[dict[str, Any]] = []
        for label, vs, ve in fields:
            if self.fields[label] == "person":
                people += self.parse_names(text, norm, vs, ve, self.person_roles.get(label))
        for m in self.paren_byline.finditer(line):
            inner = m.group(1)
            rm = re.search(_alternation(self.person_roles), inner)
            if rm is None:
                continue
            people += self.parse_names(text, norm, s + m.start(1) + rm.start(), s + m.end(1), None)
        for m in self.dateline.finditer(line[:_DATELINE_MAX_START + 60]):
            if m.start() > _DATELINE_MAX_START:  # a dateline opens the paragraph (东川日报9月12日讯)
                break
            people += self.parse_names(text, norm, s + m.start(1), s + m.end(1), self.person_roles["记者"],
                                       require_surname=True)
        m = self.closing_name.search(line)
        if m and self._surname_first(m.group(1)) and role in ("body", "byline"):
            people += self.parse_names(text, norm, s + m.start(1), s + m.end(1), self.person_roles["作者"],
                                       require_surname=True)
        if role in ("byline", "image", "body"):
            m = self.photographer.search(line)
            if m:
                people += self.parse_names(text, norm, s + m.start(1), s + m.end(1), self.person_roles["摄"])
        if role == "byline" and self.byline_line.fullmatch(line.strip()):
            people += self.parse_names(text, norm, s, e, None)
        return people

    def field_values(self, norm: str, s: int, e: int) -> list[tuple[str, int, int]]:
        """The ``label: value`` fields of a line, each value running to the next label.

        norm (str): The width-normalised text.
        s (int): Start of the line.
        e (int): End of the line.
        RETURNS (list[tuple[str, int, int]]): ``(label, value_start, value_end)`` with str offsets.
        """
        matches = list(self.field_any.finditer(norm, s, e))
        out = []
        for m, nxt in zip(matches, [*matches[1:], None]):
            ve = nxt.start() if nxt else e
            vs = m.end()
            while ve > vs and norm[ve - 1] in " \u3000|•·()[]【】":
                ve -= 1
            out.append((m.group(1), vs, ve))
        return out

    # -- page --------------------------------------------------------------------------------------
    def analyse_page(self, text: str) -> PageStructure:
        """Assign paragraph roles, read the header metadata and the people, and find furniture spans.

        text (str): The article text as given.
        RETURNS (PageStructure): The analysis; all offsets are str indices into ``text``.
        """
        norm = normalise_width(text)
        paras = list(iter_paragraphs(text))
        roles: list[str] = []
        in_boilerplate = False
        body_seen = False
        for i, (s, e) in enumerate(paras):
            line = norm[s:e]
            if in_boilerplate:
                role = "boilerplate"
            elif self.boilerplate_start.search(line) and len(line) < 80 and not self.image_line.match(line):
                role = "boilerplate"
                in_boilerplate = True
            else:
                role = self.line_role(line, i, len(paras), body_seen)
                if role == "body" and self.boilerplate_line.search(line) and (len(line) < 200 or body_seen):
                    role = "boilerplate"
            body_seen = body_seen or role == "body"
            roles.append(role)
        # A short line repeating a caption (galleries print the caption twice) is a caption.
        captions = [self._caption_core(norm[s:e]) for (s, e), r in zip(paras, roles) if r == "image"]
        captions = [c for c in captions if len(c) >= 4]
        for i, (s, e) in enumerate(paras):
            line = norm[s:e]
            if roles[i] == "body" and len(line) <= self.caption_repeat_max and not re.search(r"[。!?;”\"]", line):
                if any(c == line or (c.startswith(line) and len(line) >= 6) for c in captions):
                    roles[i] = "image"

        meta: dict[str, Any] = {"title": None, "published": None, "source": None, "editors": [], "authors": [],
                                "reviewers": [], "keywords": [], "original_title": None}
        people: list[dict[str, Any]] = []
        furniture: list[tuple[int, int, str]] = []
        if roles and roles[0] == "title":
            s, e = paras[0]
            m = self.original_title.match(norm[s:e])
            meta["title"] = text[s + m.start(1):s + m.end(1)] if m else text[s:e]
        header_dates: list[str] = []
        for (s, e), role in zip(paras, roles):
            line = norm[s:e]
            for pattern in self.furniture_tokens:
                furniture += [(s + m.start(), s + m.end(), "token") for m in pattern.finditer(line)]
            fields = self.field_values(norm, s, e) if role in ("meta", "byline", "boilerplate", "image") else []
            m = self.original_title.match(line)
            if m and meta["original_title"] is None:
                meta["original_title"] = text[s + m.start(1):s + m.end(1)]
            for label, vs, ve in fields:
                kind = self.fields[label]
                if kind in ("id", "counter"):
                    furniture.append((vs, ve, kind))
                elif kind == "source" and meta["source"] is None:
                    sm = re.match(r"[^\s|:]+", norm[vs:ve])
                    if sm and sm.group() not in self.not_person_source:
                        meta["source"] = text[vs:vs + sm.end()]
                elif kind == "published" and meta["published"] is None:
                    meta["published"] = self._full_date(text, norm, vs, ve, furniture)
                elif kind == "keywords":
                    meta["keywords"] += [w for w in re.split(r"[\s,;、]+", text[vs:ve]) if w]
            if role == "meta" and (not fields or self.date_line.match(line)):
                value = self._full_date(text, norm, s, e, furniture)
                if value:
                    header_dates.append(value)
            people += self.people_in_line(text, norm, s, e, role, fields)
        if meta["published"] is None and header_dates:
            meta["published"] = header_dates[0]
        seen = set()
        for p in people:
            key = (p["name"], p["field"])
            if key in seen:
                continue
            seen.add(key)
            meta[p["field"]].append(p["name"])
        unique_people = []
        seen_spans = set()
        for p in sorted(people, key=lambda r: r["start"]):
            if (p["start"], p["end"]) not in seen_spans:
                seen_spans.add((p["start"], p["end"]))
                unique_people.append(p)
        meta["people"] = [dict(p) for p in unique_people]
        furniture = sorted({f for f in furniture if f[1] > f[0]})  # an empty field (浏览次数: then a line end) marks none
        return PageStructure([(s, e, r) for (s, e), r in zip(paras, roles)], meta, unique_people, furniture)

    not_person_source = frozenset({"本站", "本网", "网络", "综合"})

    def analyse(self, text: str) -> tuple[list[tuple[int, int, str]], dict[str, Any]]:
        """Assign paragraph roles and read the header metadata.

        text (str): The article text as given.
        RETURNS (tuple): ``([(start, end, role)], metadata)``; metadata has ``title``, ``published`` (ISO 8601),
            ``source``, ``authors``, ``editors``, ``reviewers``, ``keywords``, ``original_title`` and
            ``people`` (see ``PageStructure``).
        """
        page = self.analyse_page(text)
        return page.paragraphs, page.metadata

    def _caption_core(self, line: str) -> str:
        line = re.sub(r"^[\s▲△↑▼]+", "", line)
        return re.split(r"[(\[]", line, maxsplit=1)[0].strip()

    def _full_date(self, text: str, norm: str, s: int, e: int, furniture: list[tuple[int, int, str]]) -> str | None:
        masked = list(norm[s:e])
        for fs, fe, _ in furniture:
            for k in range(max(fs, s), min(fe, e)):
                masked[k - s] = " "
        chunk = "".join(masked)
        for d in find_dates(chunk):
            if d.value and _FULL_DATE.match(d.value):
                return d.value
        return day_first_datetime(chunk)  # 03.11.2018 08:45: a header layout find_dates leaves alone


def _overlaps(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in ranges)


_SENTENCE = re.compile(r"[。!?]")
_NAME_TOKEN = re.compile(r"[^\s、,;|︱丨:/()\[\]□■◇◆●•]+")  # names in a byline, between separators
_DATELINE_MAX_START = 30
_FULL_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")  # a publication time needs year, month and day


class StructureComponent:
    """spaCy component: ``doc.spans["paragraphs"]`` (label = role) and ``doc._.zhnews_metadata``."""

    def __init__(self, nlp: Language, name: str = "zhnews_ie_structure", spans_key: str = "paragraphs",
                 scorer: Callable | None = None):
        self.name = name
        self.spans_key = spans_key
        self.scorer = scorer
        self.patterns: dict[str, Any] | None = None
        self._analyzer: StructureAnalyzer | None = None

    def initialize(self, get_examples: Callable | None = None, nlp: Language | None = None,
                   patterns: dict[str, Any] | None = None) -> None:
        """Load the patterns (the packaged table unless ``patterns`` is given).

        patterns (dict | None): A pattern table in the layout of ``resources/structure.json``. Defaults to None.
        """
        self.patterns = patterns or load_structure_patterns()
        self._analyzer = StructureAnalyzer(self.patterns)

    @property
    def analyzer(self) -> StructureAnalyzer:
        if self._analyzer is None:
            self.initialize()
        return self._analyzer

    def __call__(self, doc: Doc) -> Doc:
        """Set the paragraphs, the metadata, the people and the furniture; drop amounts and dates read from
        furniture.

        doc (Doc): The document (after the amounts and dates components, if any).
        RETURNS (Doc): The same document with ``doc.spans[spans_key]`` (label = role), ``doc.spans["people"]``
            (label = role: reporter, correspondent, photographer, editor, reviewer ...), ``doc.spans["furniture"]``
            (IDs, URLs, counters), PER entities for the people where no entity is set yet, and
            ``doc._.zhnews_metadata``. Amounts in metadata and byline paragraphs (``furniture_roles``) or on a furniture
            span, and dates on a furniture span, are removed from ``doc.spans["amounts"|"dates"]``.
        """
        page = self.analyzer.analyse_page(doc.text)
        people = page.people
        ensure_boundaries(doc, [(s, e) for s, e, _ in page.paragraphs] + [(p["start"], p["end"]) for p in people]
                          + [(s, e) for s, e, _ in page.furniture])
        doc.spans[self.spans_key] = [char_span(doc, s, e, label=role) for s, e, role in page.paragraphs]
        doc.spans["people"] = [char_span(doc, p["start"], p["end"], label=p["role"]) for p in people]
        doc.spans["furniture"] = [char_span(doc, s, e, label=kind) for s, e, kind in page.furniture]
        blocked = [(s, e) for s, e, _ in page.furniture]
        furniture_paras = blocked + [(s, e) for s, e, role in page.paragraphs
                                     if role in self.analyzer.furniture_roles]
        for key, ext, ranges in (("amounts", "zhnews_amounts", furniture_paras), ("dates", "zhnews_dates", blocked)):
            if key not in doc.spans:
                continue
            dropped = [sp for sp in doc.spans[key] if _overlaps(sp.start_char, sp.end_char, ranges)]
            if dropped:
                doc.spans[key] = [sp for sp in doc.spans[key] if not _overlaps(sp.start_char, sp.end_char, ranges)]
                gone = {span_key(sp.start_char, sp.end_char) for sp in dropped}
                values = getattr(doc._, ext)
                if values:
                    setattr(doc._, ext, {k: v for k, v in values.items() if k not in gone})
        taken = [(e.start_char, e.end_char) for e in doc.ents]
        new = [char_span(doc, p["start"], p["end"], label="PER") for p in people
               if not _overlaps(p["start"], p["end"], taken)]
        if new:
            doc.set_ents(new, default="unmodified")
        doc._.zhnews_metadata = page.metadata
        return doc

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Score a batch of examples (``nlp.evaluate`` calls this).

        examples (Iterable[Example]): The examples.
        RETURNS (dict): The scorer's scores (``paragraphs_p/r/f``, ``metadata_acc``), or {} without a scorer.
        """
        return self.scorer(examples, **kwargs) if self.scorer is not None else {}

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "structure.json").write_text(json.dumps(self.patterns or load_structure_patterns(),
                                                        ensure_ascii=False, indent=1), "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "StructureComponent":
        self.initialize(patterns=load_structure_patterns(Path(path) / "structure.json"))
        return self


def _paragraph_spans(doc: Doc, key: str) -> Any:
    return doc.spans.get(key, [])


def score_paragraphs(examples: Iterable[Example], **kwargs) -> dict[str, Any]:
    """Score paragraph boundaries (``paragraphs_p/r/f``) with spaCy's span scorer (module level: picklable), and
    header metadata: ``metadata_acc`` is the share of the reference's ``doc._.zhnews_metadata`` fields predicted
    exactly (None when no reference has metadata). A predicted paragraph starting in the reference's
    ``doc.spans["unscored"]`` regions (the unannotated title line) is left out (``without_unscored``).

    examples (Iterable[Example]): Predicted and reference docs.
    RETURNS (dict): ``paragraphs_p``, ``paragraphs_r``, ``paragraphs_f``, ``metadata_acc``.
    """
    from spacy.scorer import Scorer

    examples = without_unscored(examples)
    scores = Scorer.score_spans(examples, "paragraphs", getter=_paragraph_spans, labeled=False, allow_overlap=True)
    right = total = 0
    for eg in examples:
        gold, pred = eg.reference._.zhnews_metadata, eg.predicted._.zhnews_metadata or {}
        for key, value in (gold or {}).items():
            total += 1
            right += pred.get(key) == value
    scores["metadata_acc"] = right / total if total else None
    return scores


@registry.scorers("zhnews_ie.structure_scorer.v1")
def make_structure_scorer() -> Callable:
    """RETURNS (Callable): Scores paragraph boundaries (``paragraphs_p/r/f``) with spaCy's span scorer."""
    return score_paragraphs


@Language.factory(
    "zhnews_ie_structure",
    assigns=["doc.spans", "doc._.zhnews_metadata"],
    default_config={"spans_key": "paragraphs", "scorer": {"@scorers": "zhnews_ie.structure_scorer.v1"}},
)
def make_structure(nlp: Language, name: str, spans_key: str, scorer: Callable | None) -> StructureComponent:
    """Factory of the structure component.

    spans_key (str): Key of the paragraph spans in ``doc.spans``. Defaults to "paragraphs".
    scorer (Callable | None): The scorer. Defaults to ``zhnews_ie.structure_scorer.v1``.
    RETURNS (StructureComponent): The component.
    """
    return StructureComponent(nlp, name, spans_key=spans_key, scorer=scorer)
