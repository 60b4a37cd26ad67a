"""Learn the weights of the linear paragraph-category classifier from labelled paragraphs.

Data: gold files in the seed or dev layout (``paragraphs`` with ``category`` and optional ``alternatives``, see
ANNOTATION.md). Each article is split into paragraphs by the structure analyser; the paragraphs it gives the role
``body`` are the training examples (the other roles take their category from the taxonomy's ``roles`` map, so
they are not learned). Features are ``components.categories.paragraph_features``: the taxonomy's cue words,
character n-grams found in at least ``min_df`` training articles, ``lead`` and ``short``.

Model: multinomial logistic regression fitted by full-batch Adam on the cross-entropy against a soft target
(``1 - alt_weight`` on the gold id, ``alt_weight`` shared by its alternatives), with an L2 penalty that pulls
the weights towards a prior: ``prior_scale`` × the taxonomy's hand weight for a cue word in its category, 0 for
everything else. With few examples the model stays close to the cue lists; evidence moves it. Training is
deterministic (no sampling); the weights file records the data, the configuration and the training accuracy.

``zhnews-ie train categories`` writes ``models/categories/<taxonomy name>.json``; ``bench/categories_loao.py``
compares this model with the cue lists by leave-one-article-out.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np

from ..components.categories import (CueClassifier, cue_pattern_of, default_category_model_path, document_context,
                                     load_taxonomy, paragraph_features)
from ..components.structure import StructureAnalyzer, load_structure_patterns
from ..errors import ZhNewsError
from ..evaluation import load_gold_pairs
from ..pipeline import default_seed_path

DEFAULT_CONFIG: dict[str, Any] = {
    "ngrams": [2],
    "cue_value": "log",
    "bias_l2": 20.0,
    "min_df": 2,
    "l2": 20.0,
    "prior_scale": 0.5,
    "alt_weight": 0.3,
    "target": "soft",
    "doc_prior": 0.0,
    "base_prior": 3.0,
    "steps": 400,
    "learning_rate": 0.05,
}
"""Training settings (``fit`` merges the given ones over these)."""


def paragraph_examples(paths: Iterable[str | Path], analyzer: StructureAnalyzer | None = None,
                       taxonomy: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Labelled paragraphs of gold articles, with the structural role the analyser gives them.

    paths (Iterable[str | Path]): Gold files or directories of ``*.gold.json`` (see ``load_gold_pairs``).
    analyzer (StructureAnalyzer | None): The structure analyser; None uses the packaged patterns.
        Defaults to None.
    taxonomy (dict | None): The taxonomy whose cue words give the article's theme; None loads the default.
        Defaults to None.
    RETURNS (list[dict]): One record per gold paragraph: ``doc_id``, ``text``, ``role``, ``is_lead``,
        ``context`` (the article's theme, ``document_context``), ``category``, ``alternatives``.
    RAISES (ZhNewsError): E008 when a path holds no readable gold.
    """
    analyzer = analyzer or StructureAnalyzer(load_structure_patterns())
    taxonomy = taxonomy or load_taxonomy()
    pattern = cue_pattern_of(taxonomy)
    cue_table: dict[str, list[tuple[str, float]]] = {}
    for c in taxonomy["categories"]:
        for cue, weight in c.get("cues", {}).items():
            cue_table.setdefault(cue, []).append((c["id"], float(weight)))
    out = []
    for path in paths:
        for doc in load_gold_pairs(path):
            paras = analyzer.analyse(doc.text)[0]
            context = document_context(((doc.text[s:e], role) for s, e, role in paras), cue_table, pattern)
            lead_seen = False
            info = {}
            for s, e, role in paras:
                info[(s, e)] = (role, role == "body" and not lead_seen)
                lead_seen = lead_seen or role == "body"
            for gp in doc.gold["paragraphs"]:
                role, is_lead = info.get((gp["start"], gp["end"]), ("body", False))
                out.append({"doc_id": doc.doc_id, "text": doc.text[gp["start"]:gp["end"]], "role": role,
                            "is_lead": is_lead, "context": context, "category": gp["category"],
                            "alternatives": list(gp.get("alternatives", []))})
    return out


DEV_GOLD = Path("../shared/corpus/dev")
"""The dev gold that a full ``train categories`` run needs (relative to the working directory)."""


def default_gold_paths() -> list[Path]:
    """The labelled articles used by default: the bundled seed, and ``../shared/corpus/dev`` when present.

    RETURNS (list[Path]): Gold files or directories.
    """
    seed = default_seed_path()
    paths = [seed.with_name(seed.name.replace(".txt", ".gold.json"))]
    if DEV_GOLD.is_dir():
        paths.append(DEV_GOLD)
    return paths


def fit(examples: Sequence[dict[str, Any]], taxonomy: dict[str, Any], config: dict[str, Any] | None = None
        ) -> dict[str, Any]:
    """Fit the linear classifier on labelled body paragraphs.

    examples (Sequence[dict]): Records from ``paragraph_examples``; only ``role == "body"`` ones are used, and
        only those whose category is a taxonomy id.
    taxonomy (dict): As returned by ``load_taxonomy``.
    config (dict | None): Settings over ``DEFAULT_CONFIG``. Defaults to None.
    RETURNS (dict): The weights file content (``LinearClassifier`` reads it).
    RAISES (ZhNewsError): E008 if no usable example is given.
    """
    cfg = {**DEFAULT_CONFIG, **(config or {})}
    ids = [c["id"] for c in taxonomy["categories"]]
    index = {cid: k for k, cid in enumerate(ids)}
    rows = [ex for ex in examples if ex["role"] == "body" and ex["category"] in index]
    if not rows:
        raise ZhNewsError("E008", "no labelled body paragraph with a category of the taxonomy")
    pattern = cue_pattern_of(taxonomy)
    ngrams = tuple(cfg["ngrams"])
    cue_clf = CueClassifier(taxonomy)
    bases = [cue_clf.classify(ex["text"], "body", ex["is_lead"], ex.get("context")).category
             if cfg["base_prior"] else None for ex in rows]
    feats = [paragraph_features(ex["text"], ex["is_lead"], pattern, ngrams, cfg["cue_value"], ex.get("context"), base)
             for ex, base in zip(rows, bases)]
    # n-grams must occur in min_df articles: a feature seen in one article does not generalise
    docs_of: dict[str, set[str]] = {}
    for ex, f in zip(rows, feats):
        for name in f:
            docs_of.setdefault(name, set()).add(ex["doc_id"])
    names = sorted(n for n, d in docs_of.items() if not n.startswith("ng:") or len(d) >= cfg["min_df"])
    fidx = {n: j for j, n in enumerate(names)}
    x = np.zeros((len(rows), len(names)))
    for i, f in enumerate(feats):
        for n, v in f.items():
            j = fidx.get(n)
            if j is not None:
                x[i, j] = v
    y = np.zeros((len(rows), len(ids)))
    for i, ex in enumerate(rows):
        alts = [a for a in ex["alternatives"] if a in index and a != ex["category"]]
        share = cfg["alt_weight"] if alts else 0.0
        y[i, index[ex["category"]]] = 1.0 - share
        for a in alts:
            y[i, index[a]] += share / len(alts)
    accept = np.zeros((len(rows), len(ids)))
    for i, ex in enumerate(rows):
        for a in {ex["category"], *ex["alternatives"]}:
            if a in index:
                accept[i, index[a]] = 1.0
    prior = np.zeros((len(names), len(ids)))
    for c in taxonomy["categories"]:
        for cue, weight in c.get("cues", {}).items():
            j = fidx.get(f"cue:{cue}")
            if j is not None:
                prior[j, index[c["id"]]] = cfg["prior_scale"] * float(weight)
        j = fidx.get(f"base:{c['id']}")
        if j is not None:
            prior[j, index[c["id"]]] = cfg["base_prior"]
        j = fidx.get(f"doc:{c['id']}")
        if j is not None:
            prior[j, index[c["id"]]] = cfg["doc_prior"]
    w = prior.copy()
    b = np.zeros(len(ids))
    m_w, v_w, m_b, v_b = (np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b))
    lr, beta1, beta2, eps = cfg["learning_rate"], 0.9, 0.999, 1e-8
    for step in range(1, cfg["steps"] + 1):
        logits = x @ w + b
        logits -= logits.max(axis=1, keepdims=True)
        p = np.exp(logits)
        p /= p.sum(axis=1, keepdims=True)
        if cfg["target"] == "set":  # -log P(gold id or an alternative): any accepted id is right
            q = p * accept
            q /= q.sum(axis=1, keepdims=True)
            grad_logits = (p - q) / len(rows)
        else:
            grad_logits = (p - y) / len(rows)
        g_w = x.T @ grad_logits + cfg["l2"] / len(rows) * (w - prior)
        g_b = grad_logits.sum(axis=0) + cfg["bias_l2"] / len(rows) * b
        for param, grad, m, v in ((w, g_w, m_w, v_w), (b, g_b, m_b, v_b)):
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            param -= lr * (m / (1 - beta1 ** step)) / (np.sqrt(v / (1 - beta2 ** step)) + eps)
    pred = (x @ w + b).argmax(axis=1)
    train_acc = float(np.mean([ids[k] in {ex["category"], *ex["alternatives"]} for k, ex in zip(pred, rows)]))
    weights = {n: [round(float(v), 5) for v in w[j]] for n, j in fidx.items() if np.abs(w[j]).max() >= 1e-4}
    return {
        "taxonomy": taxonomy.get("name", "five_tasks"),
        "categories": ids,
        "config": cfg,
        "bias": [round(float(v), 5) for v in b],
        "weights": weights,
        "training": {"articles": sorted({ex["doc_id"] for ex in rows}), "paragraphs": len(rows),
                     "features": len(weights), "train_accuracy": round(train_acc, 4)},
    }


def train_categories(output: str | Path | None = None, gold: Sequence[str | Path] | None = None,
                     taxonomy: str = "five_tasks", config: dict[str, Any] | None = None) -> dict[str, Any]:
    """Train the paragraph-category weights and write them where the pipeline looks for them.

    output (str | Path | None): The weights file; None writes ``models/categories/<taxonomy name>.json`` of the
        source tree (``zhnews_ie.models`` when installed). Defaults to None.
    gold (Sequence[str | Path] | None): Gold files or directories; None uses ``default_gold_paths()``.
        Defaults to None.
    taxonomy (str): A taxonomy JSON path or packaged name. Defaults to "five_tasks".
    config (dict | None): Settings over ``DEFAULT_CONFIG``. Defaults to None.
    RETURNS (dict): The ``training`` summary of the model plus ``output``.
    RAISES (ZhNewsError): E008 if a gold path holds no readable gold; TaxonomyError for a bad taxonomy.
    """
    tax = load_taxonomy(taxonomy)
    examples = paragraph_examples(gold or default_gold_paths())
    model = fit(examples, tax, config)
    out = Path(output) if output else default_category_model_path(tax)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    return {**model["training"], "output": str(out)}


def accuracy(records: Sequence[dict[str, Any]], predicted: Sequence[str]) -> float:
    """Share of paragraphs whose prediction is the gold id or one of its alternatives.

    records (Sequence[dict]): Records from ``paragraph_examples``.
    predicted (Sequence[str]): One category id per record.
    RETURNS (float): The accuracy (NaN for no records).
    """
    if not records:
        return math.nan
    return sum(p in {r["category"], *r["alternatives"]} for r, p in zip(records, predicted)) / len(records)
