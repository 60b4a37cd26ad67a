"""Evaluation against hand-annotated gold: P/R/F1 for entities, amounts, amount→category links, dates, and
paragraph category accuracy and metadata exactness.

Two gold layouts are read (both JSON, offsets are str indices into the article text):

- the seed layout (``corpus/*.gold.json``): ``metadata``, ``paragraphs``, ``amounts`` (with ``category``),
  ``entities`` (``text``, ``label``, ``start``, ``end``), ``dates``;
- the dev layout (``../shared/corpus/dev/NN.gold.json``): ``paragraphs``, ``amounts``, and unique surface
  strings ``orgs``, ``places``, ``dates``. Entities are then scored as unique strings per label.

Matching rules (ANNOTATION.md): an amount is right when span, value, kind and unit are right; gold amounts with
``optional: true`` are neither rewarded nor penalised (a prediction on the same span is dropped from both
sides). A paragraph category is right when it is the gold id or one of its ``alternatives``. An amount→category
link is right when the amount is right and its category is the gold paragraph's category (or alternative).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from .errors import ZhNewsError
from .schemas import validate_gold
from .records import Article

LABELS = ("ORG", "LOC", "PER")


@dataclass
class GoldDocument:
    """An article text with its gold annotation."""

    doc_id: str
    text: str
    gold: dict[str, Any]


def load_gold_pairs(path: str | Path) -> list[GoldDocument]:
    """Find gold files and their texts.

    path (str | Path): A ``*.gold.json`` file (its text is the same stem ``.txt`` beside it, or the file named by
        ``source_file``), or a directory of such pairs.
    RETURNS (list[GoldDocument]): The documents, sorted by name.
    RAISES (ZhNewsError): E008 when no gold is found or a file is malformed.
    """
    p = Path(path)
    files = sorted(p.glob("*.gold.json")) if p.is_dir() else [p]
    if not files or not all(f.is_file() for f in files):
        raise ZhNewsError("E008", f"no gold files (*.gold.json) at {p}")
    docs = []
    for f in files:
        try:
            gold = json.loads(f.read_text("utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
            raise ZhNewsError("E008", f"cannot read gold {f}: {err}") from None
        if not isinstance(gold, dict) or "amounts" not in gold or "paragraphs" not in gold:
            raise ZhNewsError("E008", f"{f} lacks 'paragraphs' and 'amounts' (see ANNOTATION.md)")
        validate_gold(gold, name=str(f))
        txt = f.parent / gold.get("source_file", f.name.replace(".gold.json", ".txt"))
        if not txt.is_file():
            raise ZhNewsError("E008", f"no text {txt} for gold {f}")
        text = txt.read_text("utf-8")
        for rec in gold["amounts"] + gold.get("entities", []):
            if text[rec["start"]:rec["end"]] != rec["text"]:
                raise ZhNewsError("E008", f"{f}: offsets {rec['start']}:{rec['end']} do not give {rec['text']!r}")
        docs.append(GoldDocument(doc_id=txt.stem, text=text, gold=gold))
    return docs


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    """Precision, recall and F1 from counts.

    tp (int): True positives.
    n_pred (int): Number of predictions.
    n_gold (int): Number of gold items.
    RETURNS (dict): ``{"p", "r", "f", "tp", "pred", "gold"}`` (0.0 where undefined).
    """
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": p, "r": r, "f": 2 * p * r / (p + r) if p + r else 0.0, "tp": tp, "pred": n_pred, "gold": n_gold}


def _same_number(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is b
    return Decimal(str(a)) == Decimal(str(b))


class Counts:
    """Accumulates TP / predicted / gold counts per measure across documents."""

    def __init__(self) -> None:
        self.c: dict[str, list[int]] = {}

    def add(self, key: str, tp: int, n_pred: int, n_gold: int) -> None:
        acc = self.c.setdefault(key, [0, 0, 0])
        acc[0] += tp
        acc[1] += n_pred
        acc[2] += n_gold

    def scores(self) -> dict[str, dict[str, float]]:
        return {k: prf(*v) for k, v in self.c.items()}


def score_article(article: Article, gold: dict[str, Any], counts: Counts) -> dict[str, Any]:
    """Score one predicted article against its gold and add to ``counts``.

    article (Article): The prediction.
    gold (dict): The gold annotation (seed or dev layout).
    counts (Counts): The running counts.
    RETURNS (dict): Per-document details: missed and spurious amounts, wrong paragraphs, metadata mismatches.
    """
    details: dict[str, Any] = {"doc_id": article.doc_id}
    paras = gold["paragraphs"]

    def gold_para(offset: int) -> dict[str, Any] | None:
        return next((p for p in paras if p["start"] <= offset < p["end"]), None)

    # Amounts
    required = [a for a in gold["amounts"] if not a.get("optional")]
    optional_spans = {(a["start"], a["end"]) for a in gold["amounts"] if a.get("optional")}
    preds = [a for a in article.amounts if (a.start, a.end) not in optional_spans]
    gold_by_span = {(a["start"], a["end"]): a for a in required}
    tp = span_tp = link_tp = 0
    wrong_values, spurious = [], []
    for a in preds:
        g = gold_by_span.get((a.start, a.end))
        if g is None:
            spurious.append(a.text)
            continue
        span_tp += 1
        if _same_number(a.value, g["value"]) and a.kind == g["kind"] and a.unit == g["unit"]:
            tp += 1
            gp = gold_para(a.start)
            allowed = {g.get("category")} if g.get("category") else set()
            if gp:
                allowed |= {gp["category"], *gp.get("alternatives", [])}
            if a.category in allowed:
                link_tp += 1
        else:
            wrong_values.append({"text": a.text, "pred": [a.value, a.unit, a.kind],
                                 "gold": [g["value"], g["unit"], g["kind"]]})
    pred_spans = {(a.start, a.end) for a in preds}
    missed = [g["text"] for k, g in gold_by_span.items() if k not in pred_spans]
    counts.add("amounts", tp, len(preds), len(required))
    counts.add("amounts_span", span_tp, len(preds), len(required))
    counts.add("amount_category", link_tp, len(preds), len(required))
    details["amounts_missed"] = missed
    details["amounts_spurious"] = spurious
    details["amounts_wrong_value"] = wrong_values

    # Entities
    if "entities" in gold:
        for label in LABELS:
            g = {(e["start"], e["end"]) for e in gold["entities"] if e["label"] == label}
            pr = {(e.start, e.end) for e in article.entities if e.label == label}
            counts.add(f"ents_{label}", len(g & pr), len(pr), len(g))
            counts.add("ents", len(g & pr), len(pr), len(g))
        gold_ents = {(e["start"], e["end"], e["label"]) for e in gold["entities"]}
        pred_ents = {(e.start, e.end, e.label) for e in article.entities}
        details["ents_missed"] = sorted(article_text_of(gold["entities"], gold_ents - pred_ents))
        details["ents_spurious"] = sorted(f"{e.text}/{e.label}" for e in article.entities
                                          if (e.start, e.end, e.label) in pred_ents - gold_ents)
    else:
        for label, key in (("ORG", "orgs"), ("LOC", "places"), ("PER", "persons")):
            if key not in gold:
                continue
            g = set(gold[key])
            pr = {e.text for e in article.entities if e.label == label}
            counts.add(f"ents_{label}", len(g & pr), len(pr), len(g))
            counts.add("ents", len(g & pr), len(pr), len(g))
            details[f"{key}_missed"] = sorted(g - pr)
            details[f"{key}_spurious"] = sorted(pr - g)

    # Dates (unique surface strings: both gold layouts list them)
    g_dates = {d["text"] if isinstance(d, dict) else d for d in gold.get("dates", [])}
    p_dates = {d.text for d in article.dates}
    counts.add("dates", len(g_dates & p_dates), len(p_dates), len(g_dates))

    # Paragraph categories
    pred_p = {(p.start, p.end): p.category for p in article.paragraphs}
    right = 0
    wrong = []
    for gp in paras:
        got = pred_p.get((gp["start"], gp["end"]))
        if got in {gp["category"], *gp.get("alternatives", [])}:
            right += 1
        else:
            wrong.append({"start": gp["start"], "gold": gp["category"], "pred": got})
    counts.add("paragraph_category", right, len(paras), len(paras))
    details["paragraphs_right"] = f"{right}/{len(paras)}"
    details["paragraphs_wrong"] = wrong

    # Metadata
    if "metadata" in gold:
        md = article.metadata
        exact = {k: getattr(md, k) == v for k, v in gold["metadata"].items()}
        details["metadata_exact"] = exact
        counts.add("metadata", sum(exact.values()), len(exact), len(exact))
    return details


def article_text_of(entities: list[dict[str, Any]], keys: set[tuple[int, int, str]]) -> list[str]:
    return [f"{e['text']}/{e['label']}@{e['start']}" for e in entities if (e["start"], e["end"], e["label"]) in keys]


def evaluate_documents(docs: Iterable[GoldDocument], nlp=None) -> dict[str, Any]:
    """Run the pipeline on gold documents and score it.

    docs (Iterable[GoldDocument]): The documents with gold.
    nlp (Language | None): The pipeline; None uses ``zhnews_ie.load()``. Defaults to None.
    RETURNS (dict): ``{"scores": {measure: {p, r, f, tp, pred, gold}}, "documents": [details]}``; measures are
        ``amounts``, ``amounts_span``, ``amount_category``, ``ents``, ``ents_ORG``, ``ents_LOC``, ``ents_PER``,
        ``dates``, ``paragraph_category`` (its ``p`` is the accuracy) and ``metadata``.
    """
    from .pipeline import extract, load

    nlp = nlp or load()
    counts = Counts()
    details = []
    for d in docs:
        article = extract(d.text, doc_id=d.doc_id, nlp=nlp)
        details.append(score_article(article, d.gold, counts))
    return {"scores": counts.scores(), "documents": details}


def format_scores(result: dict[str, Any]) -> str:
    """A plain-text table of the scores.

    result (dict): As returned by ``evaluate_documents``.
    RETURNS (str): One line per measure: P, R, F1 and the counts.
    """
    lines = [f"{'measure':<20}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'pred':>6}{'gold':>6}"]
    for key, s in result["scores"].items():
        lines.append(f"{key:<20}{s['p']:>8.3f}{s['r']:>8.3f}{s['f']:>8.3f}{s['tp']:>6}{s['pred']:>6}{s['gold']:>6}")
    for d in result["documents"]:
        lines.append(f"{d['doc_id']}: paragraphs {d['paragraphs_right']} right; "
                     f"amounts missed {d['amounts_missed']} spurious {d['amounts_spurious']} "
                     f"wrong value {[w['text'] for w in d['amounts_wrong_value']]}")
        if "metadata_exact" in d:
            lines.append(f"  metadata exact: {d['metadata_exact']}")
    return "\n".join(lines)
