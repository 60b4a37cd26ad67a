"""The linker: each amount gets its paragraph's category, and where the sentence says so its agent and object.

- ``category``: the category of the paragraph that contains the amount (ANNOTATION.md: "Every amount carries
  the category of its paragraph").
- ``agent``: the ORG nearest before the amount in the same sentence (。！？； or a line end close it) that is
  not a recipient or partner (an ORG after 为/向/给/对/帮助/帮扶/与 ...: 县教育局为石桥村小学捐赠 → 县教育局);
  failing that an ORG after the amount marked by 由. Never an ORG of another sentence.
- ``object``: a noun phrase, never a verb or a character cut from a word. With PKU tags (``token.tag_`` from
  the ``tagger``) it is a run of nouns and modifiers ending in a noun: for counts and measures the phrase
  right after the amount (1200名家庭经济困难学生), else the one right before it (a count written after its
  noun: 食用菌合作社6个, 花生近2吨), else the noun shared by the amounts of a list (贫困户320户、1150人); for
  money the phrase after ``的`` (价值23.77万元的爱心物资), else the funded noun before it (项目资金4879.5万元,
  资金和物资合计45.28万元), else what a verb right after it pays for (投资1.2亿元新建通村公路 → 通村公路).
  Without tags a conservative fallback uses the head nouns of ``resources/linker.json``: a head must end on a
  token boundary, a one-character head only where it ends the phrase, and before an amount only the word
  right before it counts.

Cues are data (``resources/linker.json``). Results go to ``doc._.zhnews_links`` keyed by ``"start:end"``.
"""

from __future__ import annotations

import bisect
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from spacy.attrs import IDX, LENGTH, TAG
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

from ..grammar.text import normalise_width
from ._common import register_extensions, span_key, without_unscored

register_extensions()

_SENTENCE_END = "。!?！？;；\n"
_SENTENCE_WINDOW = 300


def load_linker_cues(path: str | Path | None = None) -> dict[str, Any]:
    """Load the linker cue lists.

    path (str | Path | None): A JSON file; None reads ``resources/linker.json``. Defaults to None.
    RETURNS (dict): The cue lists.
    """
    if path is None:
        return json.loads(resources.files("zhnews_ie.resources").joinpath("linker.json").read_text("utf-8"))
    return json.loads(Path(path).read_text("utf-8"))


Token = tuple[int, int, str]
"""A token as ``(start, end, tag)``: character offsets into the text and its PKU tag ("" when untagged)."""


class TokenIndex:
    """The tokens of one text with their PKU tags, indexed by offset (built once per document).

    tokens (Iterable[tuple[int, int, str]]): ``(start, end, tag)`` in text order; ``tag`` is "" where no tagger
        ran.
    """

    def __init__(self, tokens: Iterable[Token]):
        self.tokens = list(tokens)
        self.starts = [t[0] for t in self.tokens]
        self.ends = [t[1] for t in self.tokens]
        self.tagged = any(t[2] for t in self.tokens)

    def first_at_or_after(self, offset: int) -> int:
        """RETURNS (int): Index of the first token starting at or after ``offset`` (``len`` if none)."""
        return bisect.bisect_left(self.starts, offset)

    def last_ending_by(self, offset: int) -> int:
        """RETURNS (int): Index of the last token ending at or before ``offset`` (-1 if none)."""
        return bisect.bisect_right(self.ends, offset) - 1

    def is_boundary(self, offset: int) -> bool:
        """RETURNS (bool): Whether a token starts or ends at ``offset``."""
        i = bisect.bisect_left(self.starts, offset)
        if i < len(self.starts) and self.starts[i] == offset:
            return True
        i = bisect.bisect_left(self.ends, offset)
        return i < len(self.ends) and self.ends[i] == offset


def _as_written(raw: str, norm: str, phrase: str, lo: int, hi: int, near: int) -> str:
    """The input's surface of a phrase found on the normalised copy: its occurrence in ``norm[lo:hi]`` nearest
    to ``near``, read from ``raw`` at the same offsets (the phrase itself when it does not occur there)."""
    hits = []
    i = norm.find(phrase, lo, hi)
    while i != -1:
        hits.append(i)
        i = norm.find(phrase, i + 1, hi)
    if not hits:
        return phrase
    best = min(hits, key=lambda j: min(abs(j - near), abs(j + len(phrase) - near)))
    return raw[best:best + len(phrase)]


class AmountLinker:
    """Pure linking rules over character offsets and (optionally) tagged tokens; no spaCy objects.

    cues (dict): As returned by ``load_linker_cues``.
    """

    def __init__(self, cues: dict[str, Any]):
        self.cues = cues
        # the last document text seen and its normalise_width copy (link is called once per amount)
        self._normalised: tuple[str | None, str] = (None, "")
        self.object_heads = sorted(cues["object_heads"], key=len, reverse=True)
        self.money_heads = sorted(cues["money_heads"], key=len, reverse=True)
        self.stop_words = frozenset(cues["object_stops"])
        self.verbal_tags = frozenset(cues.get("verbal_modifier_tags", ()))
        self.money_verbs = frozenset(cues.get("money_verbs", ()))
        self.known_nouns = frozenset(h for h in (*self.object_heads, *self.money_heads) if len(h) > 1)
        self.noun_tags = frozenset(cues.get("noun_tags", ()))
        self.modifier_tags = frozenset(cues.get("modifier_tags", ())) | self.noun_tags
        self.left_links = frozenset(cues.get("left_links", ()))
        self.list_separators = frozenset(cues.get("list_separators", ("", "、")))
        self.coordinators = frozenset(cues.get("coordinators", ()))
        self.purpose_markers = frozenset(cues.get("purpose_markers", ()))
        self.recipient_markers = tuple(sorted(cues.get("recipient_markers", ()), key=len, reverse=True))
        self.recipient_set = frozenset(self.recipient_markers)
        self.recipient_compounds = tuple(cues.get("recipient_compounds", ()))
        self.agent_after_markers = frozenset(cues.get("agent_after_markers", ()))
        self.scope_re = re.compile(cues.get("scope_pattern") or r"(?!)")
        breaks = re.escape(cues["clause_breaks"])
        self.breaks = frozenset(cues["clause_breaks"])
        stops = "|".join(map(re.escape, sorted(cues["object_stops"], key=len, reverse=True)))
        self.after_re = re.compile(rf"[^{breaks}\s\d“”\"]{{1,12}}")
        self.stop_re = re.compile(stops)
        self.of_np_re = re.compile(rf"^的([^{breaks}\s\d“”\"]{{2,10}})")
        links = "|".join(map(re.escape, sorted(self.left_links, key=len, reverse=True)))
        self.left_link_re = re.compile(rf"(?:{links}|\s)+$" if links else r"\s+$")
        self.money_left_re = re.compile("(" + "|".join(map(re.escape, self.money_heads)) + ")$")

    def sentence_bounds(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Character bounds of the sentence around ``[start, end)``, looking at most ``_SENTENCE_WINDOW``
        characters either way (a text without punctuation must not make every amount scan all of it)."""
        lo = max(0, start - _SENTENCE_WINDOW)
        hi = min(len(text), end + _SENTENCE_WINDOW)
        s = max(lo - 1, *(text.rfind(ch, lo, start) for ch in _SENTENCE_END)) + 1
        ends = [i for i in (text.find(ch, end, hi) for ch in _SENTENCE_END) if i != -1]
        return s, (min(ends) if ends else hi)

    def link(self, text: str, amount: dict[str, Any], orgs: list[tuple[int, int, str]],
             paragraph: tuple[int, int] | None = None, tokens: TokenIndex | Iterable[Token] | None = None,
             amounts: Sequence[tuple[int, int, str]] | None = None,
             names: Sequence[tuple[int, int, str]] | None = None) -> dict[str, Any]:
        """Find agent and object of one amount.

        text (str): The document text. Cue words match on its ``normalise_width`` copy (traditional and
            full-width characters; same length, so offsets hold); the object is returned as written in ``text``.
        amount (dict): The amount with ``start``, ``end``, ``kind``.
        orgs (list[tuple[int, int, str]]): ORG entities as ``(start, end, text)``, sorted by start.
        paragraph (tuple[int, int] | None): Bounds of the amount's paragraph (unused by the rules: an agent
            comes from the amount's own sentence). Defaults to None.
        tokens (TokenIndex | Iterable[tuple[int, int, str]] | None): The document's tokens with PKU tags; with
            tags objects are tagged noun phrases, without them (or without tokens) the head-noun fallback
            applies. Defaults to None.
        amounts (Sequence[tuple[int, int, str]] | None): Every amount of the document as ``(start, end, kind)``,
            sorted, so that a list of amounts can share its noun. Defaults to None.
        names (Sequence[tuple[int, int, str]] | None): Every entity (ORG, LOC, PER) as ``(start, end, label)``,
            sorted by start: an object never overlaps a name (黎平县15户 has no object). None uses ``orgs``.
            Defaults to None.
        RETURNS (dict): ``agent``, ``agent_start``, ``agent_end``, ``object`` (None where not found).
        """
        if tokens is not None and not isinstance(tokens, TokenIndex):
            tokens = TokenIndex(tokens)
        raw = text
        if self._normalised[0] is not raw:
            self._normalised = (raw, normalise_width(raw))
        text = self._normalised[1]
        start, end = amount["start"], amount["end"]
        s_start, s_end = self.sentence_bounds(text, start, end)
        agent = self._agent(text, start, end, s_start, s_end, orgs, tokens)
        obj = self._object(text, start, end, s_start, s_end, amount.get("kind"), orgs if names is None else names,
                           tokens, amounts)
        if obj and text != raw:
            obj = _as_written(raw, text, obj, s_start, s_end, start)
        return {"agent": agent[2] if agent else None, "agent_start": agent[0] if agent else None,
                "agent_end": agent[1] if agent else None, "object": obj}

    # -- agent -------------------------------------------------------------------------------------------

    def _agent(self, text: str, start: int, end: int, s_start: int, s_end: int,
               orgs: list[tuple[int, int, str]], tokens: TokenIndex | None) -> tuple[int, int, str] | None:
        i = bisect.bisect_right(orgs, start, key=lambda o: o[0]) - 1  # orgs are sorted by start
        while i >= 0 and orgs[i][0] >= s_start:
            if orgs[i][1] <= start and not self._is_recipient(text, orgs[i][0], s_start, tokens):
                return orgs[i]
            i -= 1
        j = bisect.bisect_left(orgs, end, key=lambda o: o[0])
        while j < len(orgs) and orgs[j][1] <= s_end:
            if self._word_before(text, orgs[j][0], s_start, tokens) in self.agent_after_markers:
                return orgs[j]
            j += 1
        return None

    def _word_before(self, text: str, offset: int, floor: int, tokens: TokenIndex | None) -> str:
        """The token (without tokens: the character) right before ``offset``, spaces skipped."""
        while offset > floor and text[offset - 1].isspace():
            offset -= 1
        if offset <= floor:
            return ""
        if tokens is not None:
            k = tokens.last_ending_by(offset)
            if k >= 0 and tokens.ends[k] == offset and tokens.starts[k] >= floor:
                return text[tokens.starts[k]:offset]
        return text[offset - 1]

    def _is_recipient(self, text: str, org_start: int, floor: int, tokens: TokenIndex | None) -> bool:
        """Whether the ORG starting at ``org_start`` is a recipient or partner (为/向/给/对/帮助/与 ... before it).

        With tags the marker may stand up to five tokens back when no verb, preposition or clause break comes
        between (给予该县经济开发区——和平工业园区); untagged, only the word right before the ORG counts."""
        markers = self.recipient_set
        if tokens is not None:
            k = tokens.last_ending_by(org_start)
            for _ in range(5 if tokens.tagged else 1):
                if k < 0 or tokens.starts[k] < floor:
                    return False
                s, e, tag = tokens.tokens[k]
                word = text[s:e].strip()
                if word in markers:
                    return True
                if not word:
                    k -= 1
                    continue
                if word[-1] in self.breaks or tag in ("v", "p", "c") or not tokens.tagged:
                    return False
                k -= 1
            return False
        before = text[floor:org_start].rstrip()
        return (any(before.endswith(m) for m in self.recipient_markers)
                and not any(before.endswith(c) for c in self.recipient_compounds))

    # -- object --------------------------------------------------------------------------------------------

    def _object(self, text: str, start: int, end: int, s_start: int, s_end: int, kind: str | None,
                orgs: list[tuple[int, int, str]], tokens: TokenIndex | None,
                amounts: Sequence[tuple[int, int, str]] | None) -> str | None:
        if kind in ("duration", "percent"):
            return None
        # an object never crosses a clause break
        c_start = self._clause_start(text, s_start, start)
        c_end = min([s_end] + [i for i in (text.find(ch, end, s_end) for ch in self.breaks) if i != -1])
        tagged = tokens is not None and tokens.tagged
        if kind == "money":
            if tagged:
                return (self._tagged_of_np(text, end, c_end, orgs, tokens)
                        or self._tagged_left(text, start, c_start, orgs, tokens, money=True)
                        or self._tagged_purpose(text, end, c_end, orgs, tokens))
            return self._plain_of_np(text, end, c_end, tokens) or self._plain_money_left(text, start, c_start,
                                                                                         tokens)
        if tagged:
            i = tokens.first_at_or_after(end)
            after = self._tagged_run_after(text, i, end, c_end, orgs, tokens)
            if not after and i < len(tokens.tokens) and tokens.tokens[i][2] in self.verbal_tags:
                # a verb or set phrase as modifier: the lexicon finds the head (帮扶集团成员单位, 建档立卡贫困户)
                after = self._plain_after(text, end, c_end, tokens)
                if after and self._blocked_any(text, end, end + len(after), orgs):
                    after = None
            if after:
                return after
        else:
            after = self._plain_after(text, end, c_end, tokens)
            if after:
                return after
        before = self._count_before(text, start, c_start, orgs, tokens, tagged)
        if before or not amounts:
            return before
        # a list of amounts sharing the noun written before its first member: 贫困户320户、1150人
        cur = start
        i = bisect.bisect_left(amounts, (start, end)) - 1
        for _ in range(20):
            if i < 0 or amounts[i][2] != kind or amounts[i][1] > cur:
                return None
            if text[amounts[i][1]:cur].strip() not in self.list_separators or amounts[i][0] < s_start:
                return None
            cur = amounts[i][0]
            before = self._count_before(text, cur, self._clause_start(text, s_start, cur), orgs, tokens, tagged)
            if before:
                return before
            i -= 1
        return None

    def _clause_start(self, text: str, floor: int, offset: int) -> int:
        return max([floor] + [text.rfind(ch, floor, offset) + 1 for ch in self.breaks])

    def _count_before(self, text: str, start: int, floor: int, orgs: list[tuple[int, int, str]],
                      tokens: TokenIndex | None, tagged: bool) -> str | None:
        if tagged:
            return self._tagged_left(text, start, floor, orgs, tokens, money=False)
        return self._plain_left(text, start, floor, tokens, self.object_heads)

    # with tags

    def _tag(self, text: str, s: int, e: int, tag: str) -> str:
        """The tag, read as a noun where the word is a head noun of two characters or more in the lexicon (a
        tagger's slip such as 农房/v does not cut 美丽乡村农房)."""
        return "n" if e - s > 1 and text[s:e] in self.known_nouns else tag

    def _blocked_any(self, text: str, s: int, e: int, orgs: list[tuple[int, int, str]]) -> bool:
        """Whether ``[s, e)`` overlaps a name."""
        i = bisect.bisect_left(orgs, e, key=lambda o: o[0]) - 1
        return i >= 0 and orgs[i][1] > s

    def _blocked(self, text: str, s: int, e: int, tag: str, orgs: list[tuple[int, int, str]]) -> bool:
        """Whether a token cannot be part of an object: not a noun or modifier, a scope word, inside an ORG."""
        if tag not in self.modifier_tags or self.scope_re.match(text[s:e]):
            return True
        return self._blocked_any(text, s, e, orgs)

    def _tagged_run_after(self, text: str, i: int, offset: int, limit: int, orgs: list[tuple[int, int, str]],
                          tokens: TokenIndex, coordinate: bool = False) -> str | None:
        """The noun phrase starting at token ``i`` (which must start at ``offset``).

        The run of modifiers and nouns is the phrase when it ends in a noun and no adjective follows a noun in it
        (综合培训团, 低息开发贷款). Where one does (村民饮水安全问题, 家庭经济困难学生, 贫困户管护环境卫生 with the
        tagger's 管护/n 卫生/an) or the run ends in a verbal noun (支教志愿服务活动), the cut is unsure: the first
        head noun of the lexicon cuts it (村民, 家庭经济困难学生, 贫困户), else there is no object. A one-character
        token between the run and a lexicon noun joins them (太阳/n 能/v 路灯/n)."""
        toks = tokens.tokens
        if i >= len(toks) or text[offset:toks[i][0]].strip():
            return None
        first = toks[i][0]
        last_head = run_end = None
        unsure = False
        n = 0
        while i < len(toks) and n < 8 and toks[i][1] <= limit:
            s, e, tag = toks[i]
            tag = self._tag(text, s, e, tag)
            if (coordinate and last_head == s and text[s:e] in self.coordinators and i + 1 < len(toks)
                    and toks[i + 1][2] in self.modifier_tags):
                i += 1
                n += 1
                continue
            if self._blocked(text, s, e, tag, orgs):
                if (last_head == s and e - s == 1 and text[s:e] not in self.stop_words and i + 1 < len(toks)
                        and toks[i + 1][1] <= limit and text[toks[i + 1][0]:toks[i + 1][1]] in self.known_nouns):
                    last_head = run_end = toks[i + 1][1]
                    i += 2
                    n += 2
                    continue
                break
            if tag in self.noun_tags:
                last_head = e
            elif last_head is not None and tag != "vn":
                unsure = True
            run_end = e
            i += 1
            n += 1
        if last_head is None:
            return None
        if unsure or run_end != last_head:
            return self._head_cut(text[first:run_end], first, self.object_heads, tokens)
        return text[first:last_head]

    def _tagged_of_np(self, text: str, end: int, limit: int, orgs: list[tuple[int, int, str]],
                      tokens: TokenIndex) -> str | None:
        i = tokens.first_at_or_after(end)
        if i >= len(tokens.tokens) or text[end:tokens.tokens[i][1]].strip() != "的":
            return None
        return self._tagged_run_after(text, i + 1, tokens.tokens[i][1], limit, orgs, tokens, coordinate=True)

    def _tagged_purpose(self, text: str, end: int, limit: int, orgs: list[tuple[int, int, str]],
                        tokens: TokenIndex) -> str | None:
        """What a verb right after a money amount pays for (投资1.2亿元新建通村公路 → 通村公路)."""
        toks = tokens.tokens
        i = tokens.first_at_or_after(end)
        if i < len(toks) and text[end:toks[i][1]].strip() in self.purpose_markers:
            end, i = toks[i][1], i + 1
        if i >= len(toks) or toks[i][2] != "v" or text[end:toks[i][0]].strip():
            return None
        return self._tagged_run_after(text, i + 1, toks[i][1], limit, orgs, tokens)

    def _tagged_left(self, text: str, start: int, floor: int, orgs: list[tuple[int, int, str]],
                     tokens: TokenIndex, money: bool) -> str | None:
        """The noun phrase ending right before ``start`` (link words such as 共计/近 may come between)."""
        toks = tokens.tokens
        k = tokens.last_ending_by(start)
        cut = start
        for _ in range(2):  # 贫困户共计2325人, 花生近2吨
            if k >= 0 and toks[k][0] >= floor and text[toks[k][0]:cut].strip() in self.left_links:
                cut = toks[k][0]
                k -= 1
        if k < 0 or toks[k][0] < floor or text[toks[k][1]:cut].strip():
            return None
        s, e, tag = toks[k]
        tag = self._tag(text, s, e, tag)
        if tag not in self.noun_tags or self._blocked(text, s, e, tag, orgs):
            return self._listed_money(text, cut, floor, tokens) if money else None
        np_end, np_start = e, s
        toks_last = toks[k]
        k -= 1
        n = 1
        while k >= 0 and n < 8 and toks[k][0] >= floor:
            s, e, tag = toks[k]
            tag = self._tag(text, s, e, tag)
            if (money and text[s:e] in self.coordinators and k > 0 and toks[k - 1][2] in self.noun_tags
                    and toks[k + 1][2] in self.noun_tags):
                k -= 1
                n += 1
                continue
            if self._blocked(text, s, e, tag, orgs):
                break
            np_start = s
            k -= 1
            n += 1
        found = text[np_start:np_end]
        if money and text[toks_last[0]:toks_last[1]] in self.money_verbs:
            return None  # (计划)投资8亿元: the tagger's 投资/n is the verb of the amount, not what it pays for
        if money:
            listed = self._listed_money(text, cut, floor, tokens)
            if listed and len(listed) > len(found) and listed.endswith(found):
                return listed
        return found

    def _listed_money(self, text: str, cut: int, floor: int, tokens: TokenIndex) -> str | None:
        """A funded noun of ``money_heads`` ending at ``cut`` whose start is a token boundary and whose last
        token is no verb (帮扶资金 where the tagger reads 帮扶 as a verb)."""
        m = self.money_left_re.search(text, max(floor, cut - 12), cut)
        if not m or not tokens.is_boundary(m.start()):
            return None
        k = tokens.last_ending_by(cut)
        if k < 0 or tokens.tokens[k][2] in ("v", "p", "c", "d"):
            return None
        return m.group(1)

    # without tags

    def _head_cut(self, phrase: str, offset: int, heads: list[str], tokens: TokenIndex | None) -> str | None:
        """Cut ``phrase`` (at ``offset`` in the text) after its first head noun: the earliest head, longest
        there; a head must end on a token boundary and a one-character head must end the phrase; directly
        following heads extend it (扶贫村整村 → 扶贫村; 党员干部 → 党员干部; 家庭经济困难学生 → the whole)."""

        def ok(i: int, head: str) -> bool:
            j = i + len(head)
            if len(head) == 1 and j != len(phrase):
                return False
            return tokens is None or tokens.is_boundary(offset + j)

        best = None
        for head in heads:  # longest first
            i = phrase.find(head)
            while i != -1 and not ok(i, head):
                i = phrase.find(head, i + 1)
            if i != -1 and (best is None or i < best[0]):
                best = (i, i + len(head))
        if best is None:
            return None
        cut = best[1]
        extended = True
        while extended:
            extended = False
            for head in heads:
                if phrase.startswith(head, cut) and ok(cut, head):
                    cut += len(head)
                    extended = True
                    break
        return phrase[:cut]

    def _plain_after(self, text: str, end: int, limit: int, tokens: TokenIndex | None) -> str | None:
        m = self.after_re.match(text, end, min(limit, end + 14))
        if not m:
            return None
        phrase = m.group()
        stop = self.stop_re.search(phrase)
        if stop:
            phrase = phrase[:stop.start()]
        return self._head_cut(phrase, end, self.object_heads, tokens) if phrase else None

    def _plain_of_np(self, text: str, end: int, limit: int, tokens: TokenIndex | None) -> str | None:
        m = self.of_np_re.match(text[end:min(limit, end + 14)])
        if not m:
            return None
        return self._head_cut(m.group(1), end + 1, self.money_heads + self.object_heads, tokens)

    def _plain_left(self, text: str, start: int, floor: int, tokens: TokenIndex | None,
                    heads: list[str]) -> str | None:
        """Untagged: the word right before ``start`` (link words skipped) when it ends in a head noun of two
        characters or more; without tokens, that head noun."""
        left = text[max(floor, start - 14):start]
        m = self.left_link_re.search(left)
        cut = start - (len(m.group()) if m else 0)
        left = text[max(floor, cut - 12):cut]
        if tokens is not None:
            k = tokens.last_ending_by(cut)
            if k < 0 or tokens.ends[k] != cut or tokens.starts[k] < floor:
                return None
            word = text[tokens.starts[k]:cut]
            return word if any(len(h) > 1 and word.endswith(h) for h in heads) and len(word) <= 8 else None
        return next((h for h in heads if len(h) > 1 and left.endswith(h)), None)

    def _plain_money_left(self, text: str, start: int, floor: int, tokens: TokenIndex | None) -> str | None:
        left = text[max(floor, start - 14):start]
        m = self.left_link_re.search(left)
        cut = start - (len(m.group()) if m else 0)
        m = self.money_left_re.search(text, max(floor, cut - 12), cut)
        if not m or (tokens is not None and not tokens.is_boundary(m.start())):
            return None
        return m.group(1)


class LinkerComponent:
    """spaCy component: ``doc._.zhnews_links`` for every span in ``doc.spans["amounts"]``."""

    def __init__(self, nlp: Language, name: str = "zhnews_ie_linker", amounts_key: str = "amounts",
                 paragraphs_key: str = "paragraphs", scorer: Callable | None = None):
        self.name = name
        self.amounts_key = amounts_key
        self.paragraphs_key = paragraphs_key
        self.scorer = scorer
        self.cues: dict[str, Any] | None = None
        self._linker: AmountLinker | None = None

    def initialize(self, get_examples: Callable | None = None, nlp: Language | None = None,
                   cues: dict[str, Any] | None = None) -> None:
        """Load the cue lists (the packaged ones unless ``cues`` is given)."""
        self.cues = cues or load_linker_cues()
        self._linker = AmountLinker(self.cues)

    @property
    def linker(self) -> AmountLinker:
        if self._linker is None:
            self.initialize()
        return self._linker

    def __call__(self, doc: Doc) -> Doc:
        linker = self.linker
        paragraphs = doc._.zhnews_paragraphs or [
            {"start": s.start_char, "end": s.end_char, "category": None}
            for s in doc.spans.get(self.paragraphs_key, [])]
        orgs = [(e.start_char, e.end_char, e.text) for e in doc.ents if e.label_ == "ORG"]
        names = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
        strings = doc.vocab.strings  # the token table read as arrays: no Token object per word
        tokens = TokenIndex((a, a + n, strings[tag] if tag else "") for a, n, tag in zip(
            doc.to_array(IDX).tolist(), doc.to_array(LENGTH).tolist(), doc.to_array(TAG).tolist()))
        links = {}
        values = doc._.zhnews_amounts or {}
        text = doc.text  # built once: Doc.text joins every token
        starts = [p["start"] for p in paragraphs]
        spans = sorted(doc.spans.get(self.amounts_key, []), key=lambda s: (s.start_char, s.end_char))
        kinds = [values.get(span_key(s.start_char, s.end_char), {}).get("kind", s.label_) for s in spans]
        amounts = [(s.start_char, s.end_char, kind) for s, kind in zip(spans, kinds)]
        for span, kind in zip(spans, kinds):
            key = span_key(span.start_char, span.end_char)
            i = bisect.bisect_right(starts, span.start_char) - 1
            para = paragraphs[i] if i >= 0 and span.start_char < paragraphs[i]["end"] else None
            amount = {"start": span.start_char, "end": span.end_char, "kind": kind}
            rec = linker.link(text, amount, orgs, (para["start"], para["end"]) if para else None, tokens=tokens,
                              amounts=amounts, names=names)
            rec["category"] = para.get("category") if para else None
            rec["paragraph"] = i if para else None
            links[key] = rec
        doc._.zhnews_links = links
        return doc

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Score a batch of examples (``nlp.evaluate`` calls this).

        examples (Iterable[Example]): The examples.
        RETURNS (dict): The scorer's scores (``amount_category_p/r/f``), or {} without a scorer.
        """
        return self.scorer(examples, **kwargs) if self.scorer is not None else {}

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "linker.json").write_text(json.dumps(self.cues or load_linker_cues(), ensure_ascii=False,
                                                     indent=1), "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "LinkerComponent":
        self.initialize(cues=load_linker_cues(Path(path) / "linker.json"))
        return self


def score_links(examples: Iterable[Example], **kwargs) -> dict[str, Any]:
    """P/R/F1 of amount→category links: a predicted (amount span, category) pair is correct when the gold has
    the same span with the same category (or one of the gold record's ``alternatives``). Predictions on spans in
    the reference's ``doc.spans["amounts_optional"]``, and those in its ``doc.spans["unscored"]`` region (the
    unannotated title line), are left out.

    examples (Iterable[Example]): Examples whose reference docs carry ``doc._.zhnews_links`` gold records.
    RETURNS (dict): ``amount_category_p``, ``amount_category_r``, ``amount_category_f``.
    """
    tp = n_pred = n_gold = 0
    for eg in without_unscored(examples):  # the unannotated title line is not scored
        if eg.reference._.zhnews_links is None:
            continue
        gold = {k: {v.get("category"), *v.get("alternatives", [])} for k, v in eg.reference._.zhnews_links.items()}
        optional = {span_key(s.start_char, s.end_char) for s in eg.reference.spans.get("amounts_optional", [])}
        pred = {k: v.get("category") for k, v in (eg.predicted._.zhnews_links or {}).items() if k not in optional}
        n_gold += len(gold)
        n_pred += len(pred)
        tp += sum(1 for k, c in pred.items() if k in gold and c in gold[k])
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"amount_category_p": p, "amount_category_r": r,
            "amount_category_f": 2 * p * r / (p + r) if p + r else 0.0}


@registry.scorers("zhnews_ie.linker_scorer.v1")
def make_linker_scorer() -> Callable:
    """RETURNS (Callable): ``score_links``."""
    return score_links


@Language.factory(
    "zhnews_ie_linker",
    assigns=["doc._.zhnews_links"],
    requires=["doc.spans", "doc.ents"],
    default_config={"amounts_key": "amounts", "paragraphs_key": "paragraphs",
                    "scorer": {"@scorers": "zhnews_ie.linker_scorer.v1"}},
)
def make_linker(nlp: Language, name: str, amounts_key: str, paragraphs_key: str,
                scorer: Callable | None) -> LinkerComponent:
    """Factory of the linker.

    amounts_key (str): Key of the amount spans. Defaults to "amounts".
    paragraphs_key (str): Key of the paragraph spans. Defaults to "paragraphs".
    scorer (Callable | None): The scorer. Defaults to ``zhnews_ie.linker_scorer.v1``.
    RETURNS (LinkerComponent): The component.
    """
    return LinkerComponent(nlp, name, amounts_key=amounts_key, paragraphs_key=paragraphs_key, scorer=scorer)
