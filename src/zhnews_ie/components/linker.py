"""The linker: each amount gets its paragraph's category, and where the sentence says so its agent and object.

- ``category``: the category of the paragraph that contains the amount (ANNOTATION.md: "Every amount carries
  the category of its paragraph").
- ``agent``: the ORG entity nearest before the amount in the same sentence; failing that, the ORG that opens
  the sentence's paragraph as its subject (the first entity of the paragraph when it is an ORG).
- ``object``: for counts, the noun phrase right after the classifier up to a stop word, cut after the longest
  known head noun (562户贫困户 → 贫困户); for money, a phrase ``…的 NP`` after the amount (价值23.77万元的爱心物资
  → 爱心物资), else the funded noun just before it in the clause (项目资金4879.5万元 → 项目资金).

Cue lists are data (``resources/linker.json``). Results go to ``doc._.zhnews_links`` keyed by ``"start:end"``.
"""

from __future__ import annotations

import bisect
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

from ._common import register_extensions, span_key

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


class AmountLinker:
    """Pure linking rules over character offsets (no spaCy).

    cues (dict): As returned by ``load_linker_cues``.
    """

    def __init__(self, cues: dict[str, Any]):
        self.cues = cues
        heads = sorted(cues["object_heads"], key=len, reverse=True)
        self.object_heads = heads
        self.money_heads = sorted(cues["money_heads"], key=len, reverse=True)
        breaks = re.escape(cues["clause_breaks"])
        stops = "|".join(map(re.escape, sorted(cues["object_stops"], key=len, reverse=True)))
        self.after_re = re.compile(rf"[^{breaks}\s\d“”\"]{{1,12}}")
        self.stop_re = re.compile(stops)
        self.clause_re = re.compile(rf"[{breaks}]")
        self.of_np_re = re.compile(rf"^的([^{breaks}\s\d“”\"]{{2,10}})")
        self.money_left_re = re.compile(
            "(" + "|".join(map(re.escape, self.money_heads)) + r")(?:合计|共计|总计|累计|达到|达|为|约|共|计)?$")

    def sentence_bounds(self, text: str, start: int, end: int) -> tuple[int, int]:
        """Character bounds of the sentence around ``[start, end)``, looking at most ``_SENTENCE_WINDOW``
        characters either way (a text without punctuation must not make every amount scan all of it)."""
        lo = max(0, start - _SENTENCE_WINDOW)
        hi = min(len(text), end + _SENTENCE_WINDOW)
        s = max(lo - 1, *(text.rfind(ch, lo, start) for ch in _SENTENCE_END)) + 1
        ends = [i for i in (text.find(ch, end, hi) for ch in _SENTENCE_END) if i != -1]
        return s, (min(ends) if ends else hi)

    def link(self, text: str, amount: dict[str, Any], orgs: list[tuple[int, int, str]],
             paragraph: tuple[int, int] | None) -> dict[str, Any]:
        """Find agent and object of one amount.

        text (str): The document text.
        amount (dict): The amount with ``start``, ``end``, ``kind``.
        orgs (list[tuple[int, int, str]]): ORG entities as ``(start, end, text)``, sorted by start.
        paragraph (tuple[int, int] | None): Bounds of the amount's paragraph.
        RETURNS (dict): ``agent``, ``agent_start``, ``agent_end``, ``object`` (None where not found).
        """
        start, end = amount["start"], amount["end"]
        s_start, s_end = self.sentence_bounds(text, start, end)
        agent = None
        i = bisect.bisect_right(orgs, start, key=lambda o: o[0]) - 1  # orgs are sorted by start
        while i >= 0 and orgs[i][0] >= s_start:
            if orgs[i][1] <= start:
                agent = orgs[i]
                break
            i -= 1
        if agent is None and paragraph is not None:
            j = bisect.bisect_left(orgs, paragraph[0], key=lambda o: o[0])
            if j < len(orgs) and orgs[j][0] < s_start and orgs[j][0] - paragraph[0] <= 2:
                agent = orgs[j]
        obj = self._object(text, start, end, s_start, amount.get("kind"))
        return {"agent": agent[2] if agent else None, "agent_start": agent[0] if agent else None,
                "agent_end": agent[1] if agent else None, "object": obj}

    def _object(self, text: str, start: int, end: int, s_start: int, kind: str | None) -> str | None:
        after = text[end:end + 14]
        if kind in ("duration", "percent"):
            return None
        if kind == "money":
            m = self.of_np_re.match(after)
            if m:
                return self._cut_head(m.group(1), self.money_heads + self.object_heads) or m.group(1)
            left = text[max(s_start, start - 12):start]
            left = self.clause_re.split(left)[-1]
            m = self.money_left_re.search(left)
            if m:
                # extend to a longer funded phrase ending at the head (产业扶贫资金, 资金和物资)
                return m.group(1)
            return None
        m = self.after_re.match(after)
        if not m:
            return None
        phrase = m.group()
        stop = self.stop_re.search(phrase)
        if stop:
            phrase = phrase[:stop.start()]
        if not phrase:
            return None
        return self._cut_head(phrase, self.object_heads) or (phrase if len(phrase) <= 6 else None)

    @staticmethod
    def _cut_head(phrase: str, heads: list[str]) -> str | None:
        """Cut ``phrase`` after its first head noun, extended over directly following heads
        (扶贫村整村 → 扶贫村; 党员干部 → 党员干部)."""
        cut = None
        for head in heads:
            i = phrase.find(head)
            if i != -1 and (cut is None or i + len(head) < cut or (i + len(head) == cut)):
                cut = i + len(head) if cut is None or i + len(head) <= cut else cut
        if cut is None:
            return None
        extended = True
        while extended:
            extended = False
            for head in heads:
                if phrase.startswith(head, cut):
                    cut += len(head)
                    extended = True
                    break
        return phrase[:cut]


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
        links = {}
        values = doc._.zhnews_amounts or {}
        text = doc.text  # built once: Doc.text joins every token
        starts = [p["start"] for p in paragraphs]
        for span in doc.spans.get(self.amounts_key, []):
            key = span_key(span.start_char, span.end_char)
            i = bisect.bisect_right(starts, span.start_char) - 1
            para = paragraphs[i] if i >= 0 and span.start_char < paragraphs[i]["end"] else None
            amount = {"start": span.start_char, "end": span.end_char,
                      "kind": values.get(key, {}).get("kind", span.label_)}
            rec = linker.link(text, amount, orgs, (para["start"], para["end"]) if para else None)
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
    the reference's ``doc.spans["amounts_optional"]`` are left out.

    examples (Iterable[Example]): Examples whose reference docs carry ``doc._.zhnews_links`` gold records.
    RETURNS (dict): ``amount_category_p``, ``amount_category_r``, ``amount_category_f``.
    """
    tp = n_pred = n_gold = 0
    for eg in examples:
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
