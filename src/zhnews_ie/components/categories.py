"""Paragraph policy categories from a swappable taxonomy.

The taxonomy is data: ids, labels, descriptions and weighted cue words (``resources/taxonomy_five_tasks.json``
is the default: the five poverty-alleviation tasks plus ``overview`` and ``other``, ids from ANNOTATION.md).
Each paragraph gets a category, a score per category (the share of the weighted cue hits) and the cues that
fired, so a user can see why. The rule (from ANNOTATION.md): the title is ``overview``; metadata lines,
captions and boilerplate are ``other``; the lead is ``overview`` unless one task clearly dominates it; other
paragraphs take the category whose cues weigh most, with cues in the topic (first) sentence counted double.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import registry

from ..errors import ZhNewsError
from ..schemas import validate_taxonomy
from ._common import register_extensions

register_extensions()

_SENTENCE_END = re.compile(r"[。!?！？;；]")


class TaxonomyError(ZhNewsError, ValueError):
    """E016: a taxonomy file is missing or malformed (the message names the allowed layout)."""

    def __init__(self, message: str):
        super().__init__("E016", message)


def load_taxonomy(path: str | Path | None = None) -> dict[str, Any]:
    """Load and check a taxonomy.

    path (str | Path | None): A JSON taxonomy file, or the name of a packaged one (``five_tasks``). None loads
        the default five-task taxonomy. Defaults to None.
    RETURNS (dict): The taxonomy: ``{"name", "default", "roles", "categories": [{"id", "label", "cues"}]}``.
    RAISES (TaxonomyError): If the file is missing, not JSON, or lacks ids/labels/cues, or ``default`` or a
        ``roles`` value is not a category id.
    """
    if path is None or str(path) == "five_tasks":
        data = json.loads(resources.files("zhnews_ie.resources").joinpath("taxonomy_five_tasks.json")
                          .read_text("utf-8"))
    else:
        p = Path(path)
        if not p.is_file():
            raise TaxonomyError(f"no taxonomy file at {p} (give a JSON file or 'five_tasks')")
        try:
            data = json.loads(p.read_text("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as err:
            raise TaxonomyError(f"{p} is not UTF-8 JSON: {err}") from None
    try:
        validate_taxonomy(data, name=str(path or "five_tasks"))
    except ZhNewsError as err:
        raise TaxonomyError(err.message) from None
    cats = data.get("categories")
    if not isinstance(cats, list) or not cats:
        raise TaxonomyError("'categories' must be a non-empty list of {id, label, cues}")
    ids = []
    for c in cats:
        if not isinstance(c, dict) or not isinstance(c.get("id"), str) or not isinstance(c.get("label"), str):
            raise TaxonomyError(f"every category needs a string 'id' and 'label': {c!r}")
        if not isinstance(c.get("cues", {}), dict):
            raise TaxonomyError(f"'cues' of {c['id']} must map cue word to weight")
        ids.append(c["id"])
    default = data.setdefault("default", ids[0])
    roles = data.setdefault("roles", {})
    for value in [default, *roles.values()]:
        if value not in ids:
            raise TaxonomyError(f"{value!r} is not a category id; allowed: {', '.join(ids)}")
    data.setdefault("name", Path(str(path)).stem if path else "five_tasks")
    return data


@dataclass
class CategoryResult:
    """The category of one paragraph, with the evidence."""

    category: str
    label: str
    scores: dict[str, float] = field(default_factory=dict)
    cues: list[str] = field(default_factory=list)


class CueClassifier:
    """Weighted cue-word classifier over a taxonomy (pure Python, no spaCy).

    taxonomy (dict): As returned by ``load_taxonomy``.
    """

    def __init__(self, taxonomy: dict[str, Any]):
        self.taxonomy = taxonomy
        self.ids = [c["id"] for c in taxonomy["categories"]]
        self.labels = {c["id"]: c["label"] for c in taxonomy["categories"]}
        self.default = taxonomy["default"]
        self.roles = dict(taxonomy.get("roles", {}))
        self.min_score = float(taxonomy.get("min_score", 2))
        self.lead_min_share = float(taxonomy.get("lead_min_share", 0.6))
        self.cue_table: dict[str, list[tuple[str, float]]] = {}
        for c in taxonomy["categories"]:
            for cue, weight in c.get("cues", {}).items():
                self.cue_table.setdefault(cue, []).append((c["id"], float(weight)))
        cues = sorted(self.cue_table, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, cues))) if cues else None

    def classify(self, text: str, role: str = "body", is_lead: bool = False) -> CategoryResult:
        """Classify one paragraph.

        text (str): The paragraph text.
        role (str): Its structural role (``title``, ``meta``, ``image``, ``byline``, ``boilerplate``, ``body``).
            Defaults to "body".
        is_lead (bool): Whether it is the lead (first body paragraph). Defaults to False.
        RETURNS (CategoryResult): Category id and label, the share of weighted cue hits per category id (0..1,
            summing to 1 when any cue fired) and the cue words that fired, in text order.
        """
        raw = {cid: 0.0 for cid in self.ids}
        fired: list[str] = []
        if self.pattern is not None:
            m_end = _SENTENCE_END.search(text)
            topic_end = m_end.end() if m_end else len(text)
            for m in self.pattern.finditer(text):
                boost = 2.0 if m.start() < topic_end else 1.0
                for cid, weight in self.cue_table[m.group()]:
                    raw[cid] += weight * boost
                if m.group() not in fired:
                    fired.append(m.group())
        total = sum(raw.values())
        scores = {cid: round(v / total, 4) if total else 0.0 for cid, v in raw.items()}
        if role in self.roles:
            cat = self.roles[role]
        elif total < self.min_score:
            cat = self.default
        else:
            best = max(self.ids, key=lambda cid: (raw[cid], cid == self.default))
            cat = best
            if is_lead and best != self.default and scores[best] < self.lead_min_share:
                cat = self.default
        return CategoryResult(cat, self.labels[cat], scores, fired)


class CategoriesComponent:
    """spaCy component: a category per paragraph in ``doc._.zhnews_paragraphs`` and document ``doc.cats``."""

    def __init__(self, nlp: Language, name: str = "zhnews_ie_categories", taxonomy: str = "five_tasks",
                 paragraphs_key: str = "paragraphs", scorer: Callable | None = None):
        self.name = name
        self.taxonomy_name = taxonomy
        self.paragraphs_key = paragraphs_key
        self.scorer = scorer
        self.taxonomy: dict[str, Any] | None = None
        self._clf: CueClassifier | None = None

    def initialize(self, get_examples: Callable | None = None, nlp: Language | None = None,
                   taxonomy: dict[str, Any] | None = None) -> None:
        """Load the taxonomy (the configured one unless a loaded ``taxonomy`` dict is given)."""
        self.taxonomy = taxonomy or load_taxonomy(self.taxonomy_name)
        self._clf = CueClassifier(self.taxonomy)

    @property
    def classifier(self) -> CueClassifier:
        if self._clf is None:
            self.initialize()
        return self._clf

    def __call__(self, doc: Doc) -> Doc:
        clf = self.classifier
        records = []
        lead_done = False
        weights = {cid: 0 for cid in clf.ids}
        for i, span in enumerate(doc.spans.get(self.paragraphs_key, [])):
            role = span.label_ or "body"
            is_lead = role == "body" and not lead_done
            lead_done = lead_done or role == "body"
            res = clf.classify(span.text, role=role, is_lead=is_lead)
            weights[res.category] += len(span.text)
            records.append({"index": i, "start": span.start_char, "end": span.end_char, "role": role,
                            "category": res.category, "category_label": res.label, "scores": res.scores,
                            "cues": res.cues})
        doc._.zhnews_paragraphs = records
        total = sum(weights.values())
        doc.cats = {cid: (w / total if total else 0.0) for cid, w in weights.items()}
        return doc

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "taxonomy.json").write_text(json.dumps(self.taxonomy or load_taxonomy(self.taxonomy_name),
                                                       ensure_ascii=False, indent=1), "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "CategoriesComponent":
        self.initialize(taxonomy=load_taxonomy(Path(path) / "taxonomy.json"))
        return self


def score_paragraph_categories(examples: Iterable[Example], **kwargs) -> dict[str, Any]:
    """Paragraph category accuracy over the gold paragraphs (a prediction counts when it equals the gold id
    or one of its ``alternatives``); gold paragraphs are matched to predicted ones by character offsets.

    examples (Iterable[Example]): Examples whose reference docs carry ``doc._.zhnews_paragraphs`` gold records.
    RETURNS (dict): ``{"paragraph_cat_acc": float | None, "paragraph_cat_correct": int, "paragraph_cat_total": int}``.
    """
    correct = total = 0
    for eg in examples:
        gold = eg.reference._.zhnews_paragraphs or []
        pred = {(p["start"], p["end"]): p["category"] for p in (eg.predicted._.zhnews_paragraphs or [])}
        for g in gold:
            total += 1
            if pred.get((g["start"], g["end"])) in {g["category"], *g.get("alternatives", [])}:
                correct += 1
    return {"paragraph_cat_acc": correct / total if total else None, "paragraph_cat_correct": correct,
            "paragraph_cat_total": total}


@registry.scorers("zhnews_ie.categories_scorer.v1")
def make_categories_scorer() -> Callable:
    """RETURNS (Callable): ``score_paragraph_categories``."""
    return score_paragraph_categories


@Language.factory(
    "zhnews_ie_categories",
    assigns=["doc.cats", "doc._.zhnews_paragraphs"],
    requires=["doc.spans"],
    default_config={"taxonomy": "five_tasks", "paragraphs_key": "paragraphs",
                    "scorer": {"@scorers": "zhnews_ie.categories_scorer.v1"}},
)
def make_categories(nlp: Language, name: str, taxonomy: str, paragraphs_key: str,
                    scorer: Callable | None) -> CategoriesComponent:
    """Factory of the category component.

    taxonomy (str): A taxonomy JSON path or a packaged name. Defaults to "five_tasks".
    paragraphs_key (str): Key of the paragraph spans. Defaults to "paragraphs".
    scorer (Callable | None): The scorer. Defaults to ``zhnews_ie.categories_scorer.v1``.
    RETURNS (CategoriesComponent): The component.
    """
    return CategoriesComponent(nlp, name, taxonomy=taxonomy, paragraphs_key=paragraphs_key, scorer=scorer)
