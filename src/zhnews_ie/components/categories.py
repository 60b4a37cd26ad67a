"""Paragraph policy categories from a swappable taxonomy.

The taxonomy is data: ids, labels, descriptions and weighted cue words (``resources/taxonomy_five_tasks.json``
is the default: the five poverty-alleviation tasks plus ``overview`` and ``other``, ids from ANNOTATION.md).
Each paragraph gets a category, a score per category (the share of the weighted cue hits) and the cues that
fired, so a user can see why. The rule (from ANNOTATION.md): the title is ``overview``; metadata lines,
captions and boilerplate are ``other`` (the taxonomy's ``roles`` map); the lead is ``overview`` unless one task
clearly dominates it; other paragraphs take the category whose cues weigh most, with cues in the topic (first)
sentence counted double.

Where ``models/categories/<taxonomy name>.json`` holds weights learned from labelled paragraphs for exactly the
taxonomy's ids (``zhnews-ie train categories``), a linear classifier over cue and character n-gram features
decides body paragraphs instead, with the probability per category and the strongest evidence. A taxonomy
without trained weights works from its cue lists.
"""

from __future__ import annotations

import json
import math
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
from ..grammar.text import normalise_width
from ..schemas import validate_taxonomy
from ..tokenizer import default_models_dir
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
        self.theme_min_share = float(taxonomy.get("theme_min_share", 1.01))  # > 1: the article theme is unused
        self.cue_table: dict[str, list[tuple[str, float]]] = {}
        for c in taxonomy["categories"]:
            for cue, weight in c.get("cues", {}).items():
                self.cue_table.setdefault(cue, []).append((c["id"], float(weight)))
        cues = sorted(self.cue_table, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, cues))) if cues else None

    def context(self, paragraphs: Iterable[tuple[str, str]]) -> dict[str, float]:
        """The article's theme (``document_context``) for ``classify``.

        paragraphs (Iterable[tuple[str, str]]): ``(text, role)`` of every paragraph.
        RETURNS (dict[str, float]): Category id to share.
        """
        return document_context(((normalise_width(t), r) for t, r in paragraphs), self.cue_table, self.pattern)

    def classify(self, text: str, role: str = "body", is_lead: bool = False,
                 context: dict[str, float] | None = None) -> CategoryResult:
        """Classify one paragraph.

        text (str): The paragraph text (traditional or full-width characters are matched on ``normalise_width(text)``).
        role (str): Its structural role (``title``, ``meta``, ``image``, ``byline``, ``boilerplate``, ``body``).
            Defaults to "body".
        is_lead (bool): Whether it is the lead (first body paragraph). Defaults to False.
        context (dict[str, float] | None): The article's theme (``document_context``). A non-lead paragraph
            without enough cue evidence of its own, or with a tie, takes the theme's leading category when its share
            reaches the taxonomy's ``theme_min_share``. Defaults to None.
        RETURNS (CategoryResult): Category id and label, the share of weighted cue hits per category id (0..1,
            summing to 1 when any cue fired) and the cue words that fired, in text order.
        """
        text = normalise_width(text)  # cues match on the simplified half-width copy (traditional input)
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
        theme = None
        if context and not is_lead:
            top = max((cid for cid in context if cid != self.default), key=context.get, default=None)
            if top is not None and context[top] >= self.theme_min_share:
                theme = top
        if role in self.roles:
            cat = self.roles[role]
        elif total < self.min_score:
            cat = theme or self.default
        else:
            best = max(self.ids, key=lambda cid: (raw[cid], cid == theme, cid == self.default))
            cat = best
            if is_lead and best != self.default and scores[best] < self.lead_min_share:
                cat = self.default
        return CategoryResult(cat, self.labels[cat], scores, fired)


_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")


def paragraph_features(text: str, is_lead: bool, cue_pattern: re.Pattern | None, ngrams: Iterable[int] = (2,),
                       cue_value: str = "log", context: dict[str, float] | None = None, base: str | None = None
                       ) -> dict[str, float]:
    """The features of one paragraph for the linear classifier (pure function).

    Features: ``cue:<word>`` for each taxonomy cue word found (hits in the topic sentence count double, the
    value is ``log(1 + weighted hits)``), ``ng:<chars>`` for each distinct character n-gram inside runs of
    Chinese characters (scaled so that the n-gram part has unit length), ``lead`` for the lead paragraph and
    ``short`` for a paragraph under 40 characters, ``nocue`` when no cue word occurs, and ``doc:<id>`` for the
    article's theme (``document_context``: the share of each category in the cue mass of the title and body).

    text (str): The paragraph text.
    is_lead (bool): Whether it is the first body paragraph.
    cue_pattern (re.Pattern | None): The alternation of the taxonomy's cue words (None: no cue features).
    ngrams (Iterable[int]): The n-gram orders. Defaults to (2,).
    cue_value (str): "log" (``log(1 + hits)``) or "linear" (the weighted hits). Defaults to "log".
    context (dict[str, float] | None): The article's theme from ``document_context``. Defaults to None.
    base (str | None): The category the cue lists give (``CueClassifier``), as feature ``base:<id>``.
        Defaults to None.
    RETURNS (dict[str, float]): Feature name to value.
    """
    feats: dict[str, float] = {}
    if cue_pattern is not None:
        m_end = _SENTENCE_END.search(text)
        topic_end = m_end.end() if m_end else len(text)
        hits: dict[str, float] = {}
        for m in cue_pattern.finditer(text):
            hits[m.group()] = hits.get(m.group(), 0.0) + (2.0 if m.start() < topic_end else 1.0)
        for word, n in hits.items():
            feats[f"cue:{word}"] = n if cue_value == "linear" else math.log1p(n)
        if not hits:
            feats["nocue"] = 1.0
    grams: set[str] = set()
    for run in _CJK_RUN.findall(text):
        for n in ngrams:
            grams.update(run[i:i + n] for i in range(len(run) - n + 1))
    if grams:
        value = 1.0 / math.sqrt(len(grams))
        for g in grams:
            feats[f"ng:{g}"] = value
    if is_lead:
        feats["lead"] = 1.0
    if len(text) < 40:
        feats["short"] = 1.0
    if base is not None:
        feats[f"base:{base}"] = 1.0
    for cid, share in (context or {}).items():
        if share:
            feats[f"doc:{cid}"] = share
    return feats


def document_context(paragraphs: Iterable[tuple[str, str]], cue_table: dict[str, list[tuple[str, float]]],
                     cue_pattern: re.Pattern | None) -> dict[str, float]:
    """The theme of an article: each category's share of the weighted cue hits in its title and body
    paragraphs (the title counts double, like a topic sentence).

    paragraphs (Iterable[tuple[str, str]]): ``(text, role)`` of every paragraph of the article.
    cue_table (dict): Cue word to ``[(category id, weight)]``.
    cue_pattern (re.Pattern | None): The alternation of the cue words.
    RETURNS (dict[str, float]): Category id to share (summing to 1 when any cue occurs; empty otherwise).
    """
    mass: dict[str, float] = {}
    if cue_pattern is None:
        return mass
    for text, role in paragraphs:
        if role not in ("title", "body"):
            continue
        boost = 2.0 if role == "title" else 1.0
        for m in cue_pattern.finditer(text):
            for cid, weight in cue_table.get(m.group(), []):
                mass[cid] = mass.get(cid, 0.0) + weight * boost
    total = sum(mass.values())
    return {cid: round(v / total, 4) for cid, v in mass.items()} if total else {}


def cue_pattern_of(taxonomy: dict[str, Any]) -> re.Pattern | None:
    """The alternation of all cue words of a taxonomy, longest first.

    taxonomy (dict): As returned by ``load_taxonomy``.
    RETURNS (re.Pattern | None): The pattern, or None when the taxonomy has no cue words.
    """
    cues = sorted({cue for c in taxonomy["categories"] for cue in c.get("cues", {})}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, cues))) if cues else None


class LinearClassifier:
    """Multinomial logistic regression over ``paragraph_features``, with weights learned from labelled
    paragraphs (``zhnews-ie train categories``; see ``zhnews_ie.training.categories``).

    The scores are the softmax probabilities per category; the evidence (``CategoryResult.cues``) is the
    features that pushed the chosen category most, as text: a cue word, or a character n-gram.

    taxonomy (dict): As returned by ``load_taxonomy``; its ``roles`` map still decides non-body paragraphs.
    model (dict): The weights file: ``{"taxonomy", "categories", "config", "bias", "weights": {feature: [w per
        category]}}``.
    RAISES (TaxonomyError): If the model's categories are not the taxonomy's ids.
    """

    def __init__(self, taxonomy: dict[str, Any], model: dict[str, Any]):
        self.taxonomy = taxonomy
        self.model = model
        self.ids = [c["id"] for c in taxonomy["categories"]]
        if list(model.get("categories", [])) != self.ids:
            raise TaxonomyError(f"the category model is for {model.get('categories')}, the taxonomy has {self.ids}")
        self.labels = {c["id"]: c["label"] for c in taxonomy["categories"]}
        self.roles = dict(taxonomy.get("roles", {}))
        self.bias = [float(b) for b in model["bias"]]
        self.weights: dict[str, list[float]] = model["weights"]
        self.ngrams = tuple(model.get("config", {}).get("ngrams", (2,)))
        self.cue_value = model.get("config", {}).get("cue_value", "log")
        self.use_base = bool(model.get("config", {}).get("base_prior"))
        self.cues = CueClassifier(taxonomy)
        self.pattern = cue_pattern_of(taxonomy)
        self.cue_table = self.cues.cue_table

    def context(self, paragraphs: Iterable[tuple[str, str]]) -> dict[str, float]:
        """The article's theme (``document_context``) for ``classify``.

        paragraphs (Iterable[tuple[str, str]]): ``(text, role)`` of every paragraph.
        RETURNS (dict[str, float]): Category id to share.
        """
        return self.cues.context(paragraphs)

    def classify(self, text: str, role: str = "body", is_lead: bool = False,
                 context: dict[str, float] | None = None) -> CategoryResult:
        """Classify one paragraph.

        text (str): The paragraph text (traditional or full-width characters are matched on ``normalise_width(text)``).
        role (str): Its structural role. Defaults to "body".
        is_lead (bool): Whether it is the lead (first body paragraph). Defaults to False.
        context (dict[str, float] | None): The article's theme (``document_context``). Defaults to None.
        RETURNS (CategoryResult): Category id and label, the probability per category id (summing to 1) and
            up to five pieces of evidence that favour the chosen category over the runner-up, strongest first:
            cue words and character n-grams as written, ``cue lists:<id>`` (the cue lists' decision) and
            ``article:<id>`` (the article's theme); ``role:<role>`` when the structural role decided.
        """
        text = normalise_width(text)  # cues and n-grams match on the simplified half-width copy
        base = self.cues.classify(text, "body", is_lead, context).category if self.use_base else None
        feats = paragraph_features(text, is_lead, self.pattern, self.ngrams, self.cue_value, context, base)
        logits = list(self.bias)
        for f, v in feats.items():
            w = self.weights.get(f)
            if w is not None:
                for k, wk in enumerate(w):
                    logits[k] += v * wk
        top = max(logits)
        exps = [math.exp(x - top) for x in logits]
        total = sum(exps)
        scores = {cid: round(e / total, 4) for cid, e in zip(self.ids, exps)}
        if role in self.roles:
            cat = self.roles[role]
        else:
            cat = self.ids[max(range(len(self.ids)), key=lambda k: logits[k])]
        if role in self.roles:  # the structure decided: that is the evidence
            return CategoryResult(cat, self.labels[cat], scores, [f"role:{role}"])
        # evidence: the features that favour the chosen category over the runner-up most
        k = self.ids.index(cat)
        second = max((j for j in range(len(self.ids)) if j != k), key=lambda j: logits[j])
        contrib = sorted(((v * (self.weights[f][k] - self.weights[f][second]), f) for f, v in feats.items()
                          if f in self.weights), reverse=True)
        evidence = [_evidence_text(f) for c, f in contrib[:5] if c > 0 and ":" in f]
        return CategoryResult(cat, self.labels[cat], scores, evidence)


def _evidence_text(feature: str) -> str:
    kind, _, value = feature.partition(":")
    return {"doc": f"article:{value}", "base": f"cue lists:{value}"}.get(kind, value)


def default_category_model_path(taxonomy: dict[str, Any]) -> Path:
    """Where the trained weights of a taxonomy are looked for: ``models/categories/<taxonomy name>.json``.

    taxonomy (dict): As returned by ``load_taxonomy``.
    RETURNS (Path): The path (which may not exist).
    """
    return default_models_dir() / "categories" / f"{taxonomy.get('name', 'five_tasks')}.json"


def make_classifier(taxonomy: dict[str, Any], model: str | Path | dict[str, Any] | None = "default"
                    ) -> "CueClassifier | LinearClassifier":
    """The classifier for a taxonomy: the trained linear model when one fits it, else the cue lists.

    taxonomy (dict): As returned by ``load_taxonomy``.
    model (str | Path | dict | None): "default" looks for ``models/categories/<taxonomy name>.json`` trained for
        exactly these category ids (a user taxonomy without trained weights uses its cue lists); "none" or None
        uses the cue lists; a path or a loaded dict is used as given. Defaults to "default".
    RETURNS (CueClassifier | LinearClassifier): The classifier.
    RAISES (TaxonomyError): If an explicit model does not exist or does not fit the taxonomy.
    """
    if model is None or str(model) == "none":
        return CueClassifier(taxonomy)
    if isinstance(model, dict):
        return LinearClassifier(taxonomy, model)
    if str(model) == "default":
        path = default_category_model_path(taxonomy)
        if not path.is_file():
            return CueClassifier(taxonomy)
        data = json.loads(path.read_text("utf-8"))
        if data.get("categories") != [c["id"] for c in taxonomy["categories"]]:
            return CueClassifier(taxonomy)
        return LinearClassifier(taxonomy, data)
    path = Path(model)
    if not path.is_file():
        raise TaxonomyError(f"no category model at {path} (train one with `zhnews-ie train categories`)")
    return LinearClassifier(taxonomy, json.loads(path.read_text("utf-8")))


class CategoriesComponent:
    """spaCy component: a category per paragraph in ``doc._.zhnews_paragraphs`` and document ``doc.cats``."""

    def __init__(self, nlp: Language, name: str = "zhnews_ie_categories", taxonomy: str = "five_tasks",
                 paragraphs_key: str = "paragraphs", scorer: Callable | None = None, model: str = "default"):
        self.name = name
        self.taxonomy_name = taxonomy
        self.model_name = model
        self.paragraphs_key = paragraphs_key
        self.scorer = scorer
        self.taxonomy: dict[str, Any] | None = None
        self._clf: CueClassifier | LinearClassifier | None = None

    def initialize(self, get_examples: Callable | None = None, nlp: Language | None = None,
                   taxonomy: dict[str, Any] | None = None, model: Any = None) -> None:
        """Load the taxonomy and its classifier.

        taxonomy (dict | None): A loaded taxonomy; None loads the configured one. Defaults to None.
        model (str | Path | dict | None): The category model (see ``make_classifier``); None uses the configured
            one ("default": the trained weights of the taxonomy when present, else its cue lists).
            Defaults to None.
        """
        self.taxonomy = taxonomy or load_taxonomy(self.taxonomy_name)
        self._clf = make_classifier(self.taxonomy, self.model_name if model is None else model)

    @property
    def classifier(self) -> CueClassifier | LinearClassifier:
        if self._clf is None:
            self.initialize()
        return self._clf

    def __call__(self, doc: Doc) -> Doc:
        clf = self.classifier
        records = []
        lead_done = False
        weights = {cid: 0 for cid in clf.ids}
        spans = list(doc.spans.get(self.paragraphs_key, []))
        text = doc.text if spans else ""  # Span.text joins its tokens: slice the document's text once instead
        texts = [text[sp.start_char:sp.end_char] for sp in spans]
        context = clf.context((t, sp.label_ or "body") for t, sp in zip(texts, spans))
        taxonomy = (self.taxonomy or {}).get("name") or str(self.taxonomy_name)
        for i, (span, span_text) in enumerate(zip(spans, texts)):
            role = span.label_ or "body"
            is_lead = role == "body" and not lead_done
            lead_done = lead_done or role == "body"
            res = clf.classify(span_text, role=role, is_lead=is_lead, context=context)
            weights[res.category] += len(span_text)
            records.append({"index": i, "start": span.start_char, "end": span.end_char, "role": role,
                            "category": res.category, "category_label": res.label, "scores": res.scores,
                            "cues": res.cues, "taxonomy": taxonomy})
        doc._.zhnews_paragraphs = records
        total = sum(weights.values())
        doc.cats = {cid: (w / total if total else 0.0) for cid, w in weights.items()}
        return doc

    def score(self, examples: Iterable[Example], **kwargs: Any) -> dict[str, Any]:
        """Score a batch of examples (``nlp.evaluate`` calls this).

        examples (Iterable[Example]): The examples.
        RETURNS (dict): The scorer's scores (``paragraph_cat_acc`` ...), or {} without a scorer.
        """
        return self.scorer(examples, **kwargs) if self.scorer is not None else {}

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "taxonomy.json").write_text(json.dumps(self.taxonomy or load_taxonomy(self.taxonomy_name),
                                                       ensure_ascii=False, indent=1), "utf-8")
        clf = self.classifier
        if isinstance(clf, LinearClassifier):
            (path / "model.json").write_text(json.dumps(clf.model, ensure_ascii=False), "utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "CategoriesComponent":
        model = Path(path) / "model.json"
        self.initialize(taxonomy=load_taxonomy(Path(path) / "taxonomy.json"),
                        model=model if model.is_file() else "none")
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
    default_config={"taxonomy": "five_tasks", "paragraphs_key": "paragraphs", "model": "default",
                    "scorer": {"@scorers": "zhnews_ie.categories_scorer.v1"}},
)
def make_categories(nlp: Language, name: str, taxonomy: str, paragraphs_key: str,
                    scorer: Callable | None, model: str = "default") -> CategoriesComponent:
    """Factory of the category component.

    taxonomy (str): A taxonomy JSON path or a packaged name. Defaults to "five_tasks".
    paragraphs_key (str): Key of the paragraph spans. Defaults to "paragraphs".
    scorer (Callable | None): The scorer. Defaults to ``zhnews_ie.categories_scorer.v1``.
    model (str): "default" (the trained weights of the taxonomy in ``models/categories`` when present, else the
        cue lists), "none" (the cue lists) or a weights file. Defaults to "default".
    RETURNS (CategoriesComponent): The component.
    """
    return CategoriesComponent(nlp, name, taxonomy=taxonomy, paragraphs_key=paragraphs_key, scorer=scorer,
                               model=model)
