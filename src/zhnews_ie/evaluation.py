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
link is right when the amount is right and its category is the gold paragraph's category (or alternative). An
unannotated title line (a first line no gold paragraph covers) is ignored: what is found there is not scored.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.vocab import Vocab

from . import divisions
from .article import article_from_doc
from .components._common import UNSCORED_KEY, register_extensions, span_key
from .errors import ZhNewsError
from .inputs import read_document
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
    RETURNS (list[GoldDocument]): The documents, sorted by name. Texts are read as ``zhnews-ie extract`` reads
        them (``inputs.read_document``: UTF-8, a byte-order mark removed, ``\\r\\n`` kept), so gold offsets
        index the same string the extraction does.
    RAISES (ZhNewsError): E008 when no gold is found or a file is malformed; the input errors of
        ``read_document`` (E002-E005) for a bad text.
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
        validate_gold(gold, name=str(f))  # E008: not an object, missing keys, malformed fields
        txt = f.parent / gold.get("source_file", f.name.replace(".gold.json", ".txt"))
        if not txt.is_file():
            raise ZhNewsError("E008", f"no text {txt} for gold {f}")
        text = read_document(txt)  # exactly as `extract` reads it: no newline translation, so \r counts
        for rec in gold["amounts"] + gold.get("entities", []):
            if text[rec["start"]:rec["end"]] != rec["text"]:
                raise ZhNewsError("E008", f"{f}: offsets {rec['start']}:{rec['end']} do not give {rec['text']!r}")
        docs.append(GoldDocument(doc_id=txt.stem, text=text, gold=gold))
    return docs


def gold_provinces(gold: dict[str, Any]) -> set[str]:
    """Province codes the gold's places and its organisations' place prefixes name; a name that is ambiguous
    without context names none.

    gold (dict): A gold record with ``places`` and ``orgs`` lists of names (the dev gold layout).
    RETURNS (set[str]): Six-digit province codes (``"620000"``).
    """
    out = set()
    for name in gold.get("places", []):
        div = divisions.resolve(name)
        if div is not None:
            out.add(divisions.province_of(div).code)
    for name in gold.get("orgs", []):
        div = divisions.place_prefix(name)
        if div is not None:
            out.add(divisions.province_of(div).code)
    return out


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
    title = unannotated_title(article, paras)
    if title is not None:  # ANNOTATION.md: the title line is not annotated; what is found there is not scored
        article = replace(article, amounts=[a for a in article.amounts if not title[0] <= a.start < title[1]],
                          entities=[e for e in article.entities if not title[0] <= e.start < title[1]],
                          dates=[d for d in article.dates if not title[0] <= d.start < title[1]])
        details["title_ignored"] = list(title)

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
    for k, gp in enumerate(paras):
        got = pred_p.get((gp["start"], gp["end"]))
        if got in {gp["category"], *gp.get("alternatives", [])}:
            right += 1
        else:
            wrong.append({"index": k, "start": gp["start"], "gold": gp["category"], "pred": got})
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


def unannotated_title(article: Article, paragraphs: list[dict[str, Any]]) -> tuple[int, int] | None:
    """The span of the first line when the gold leaves it out (the dev layout does not annotate titles).

    article (Article): The prediction (its first paragraph is the first non-empty line).
    paragraphs (list[dict]): The gold paragraphs.
    RETURNS (tuple[int, int] | None): ``(start, end)`` of the unannotated first line, or None when gold
        annotates it (the seed layout) or has no paragraphs.
    """
    if not article.paragraphs or not paragraphs:
        return None
    first = min(article.paragraphs, key=lambda p: p.start)
    if any(g["start"] < first.end and first.start < g["end"] for g in paragraphs):
        return None
    return first.start, first.end


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


def _cell(value: float, defined: bool) -> str:
    return f"{value:>8.3f}" if defined else f"{'n/a':>8}"


def _names_by_label(details: dict[str, Any]) -> dict[str, tuple[list[str], list[str]]]:
    """Missed and spurious entity names per label from one document's details (either gold layout)."""
    out: dict[str, tuple[list[str], list[str]]] = {}
    if "ents_missed" in details:  # span layout: "text/LABEL@start" and "text/LABEL"
        def named(items: list[str], label: str) -> list[str]:
            return [m.rsplit("/", 1)[0] for m in items if m.rsplit("/", 1)[1].split("@")[0] == label]

        for label in LABELS:
            out[label] = (named(details["ents_missed"], label), named(details["ents_spurious"], label))
    for label, key in (("ORG", "orgs"), ("LOC", "places"), ("PER", "persons")):
        if f"{key}_missed" in details:  # list layout: distinct names
            out[label] = (details[f"{key}_missed"], details[f"{key}_spurious"])
    return out


def format_scores(result: dict[str, Any]) -> str:
    """A plain-text table of the scores, then per document what went wrong.

    result (dict): As returned by ``evaluate_documents``.
    RETURNS (str): One line per measure: P, R, F1 and the counts (``n/a`` where undefined: P without
        predictions, R and F1 without gold); then per document the paragraphs right and each wrong one (``#k``:
        its 0-based position among the gold paragraphs, with the predicted and the gold category), the missed, spurious and
        wrongly valued amounts, and the missed and spurious ORG/LOC/PER names of each label with any.
    """
    lines = [f"{'measure':<20}{'P':>8}{'R':>8}{'F1':>8}{'tp':>6}{'pred':>6}{'gold':>6}"]
    for key, s in result["scores"].items():
        lines.append(f"{key:<20}{_cell(s['p'], s['pred'] > 0)}{_cell(s['r'], s['gold'] > 0)}"
                     f"{_cell(s['f'], s['gold'] > 0)}{s['tp']:>6}{s['pred']:>6}{s['gold']:>6}")
    for d in result["documents"]:
        wrong = "".join(f" #{w.get('index', '?')} predicted {w['pred']} gold {w['gold']};"
                        for w in d.get("paragraphs_wrong") or [])
        lines.append(f"{d['doc_id']}: paragraphs {d['paragraphs_right']} right;{wrong} "
                     f"amounts missed {d['amounts_missed']} spurious {d['amounts_spurious']} "
                     f"wrong value {[w['text'] for w in d['amounts_wrong_value']]}")
        for label, (missed, spurious) in _names_by_label(d).items():
            if missed or spurious:
                lines.append(f"  {label} missed {missed} spurious {spurious}")
        if "metadata_exact" in d:
            lines.append(f"  metadata exact: {d['metadata_exact']}")
    return "\n".join(lines)


# --- Evaluating the spaCy way: Examples for ``nlp.evaluate`` -------------------------------------------------

GoldSource = Any  # str | Path | GoldDocument | Doc | tuple[str, dict]


def title_line(text: str, paragraphs: list[dict[str, Any]]) -> tuple[int, int] | None:
    """The first non-empty line of a text when no gold paragraph covers it: the unannotated title.

    text (str): The article text.
    paragraphs (list[dict]): The gold paragraphs.
    RETURNS (tuple[int, int] | None): ``(start, end)`` of the line without its line break, or None when gold
        annotates it or has no paragraphs.
    """
    if not paragraphs:
        return None
    start = 0
    for line in text.splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if body.strip():
            end = start + len(body)
            if any(g["start"] < end and start < g["end"] for g in paragraphs):
                return None
            return start, end
        start += len(line)
    return None


def reference_doc(vocab: Vocab, text: str, gold: dict[str, Any], name: str = "<gold>",
                  ignore_title: bool = True) -> Doc:
    """Build the reference ``Doc`` of an ``Example`` from a gold annotation.

    The reference has one token per character, so every span of the gold is a token span and every span the
    pipeline predicts, wherever its components cut tokens, aligns to exactly the same characters
    (``Example.alignment`` maps each predicted token onto the characters it covers). What the gold holds is
    set where the component scorers look for it:

    - ``doc.ents`` from ``entities`` (seed layout; every other token is outside an entity). The dev layout's
      ``orgs``/``places`` lists have no offsets: entities are then left unannotated and the entity scorers skip
      the document (``zhnews-ie evaluate`` scores those lists as strings);
    - ``doc.spans["amounts"]`` (label = ``kind``) and ``doc._.zhnews_amounts`` values from the required amounts;
      ``optional: true`` amounts go to ``doc.spans["amounts_optional"]`` and are neither rewarded nor penalised;
    - ``doc.spans["dates"]`` (label ``DATE``) from ``dates`` records with offsets;
    - ``doc.spans["paragraphs"]`` and ``doc._.zhnews_paragraphs`` (category and ``alternatives``);
    - ``doc._.zhnews_links``: each required amount's category (its own, else its paragraph's);
    - ``doc._.zhnews_metadata`` from ``metadata``;
    - ``doc.spans["unscored"]``: the unannotated title line (the first non-empty line when no gold paragraph
      covers it, ``title_line``), as ``zhnews-ie evaluate`` ignores it (``title_ignored``): the scorers leave out
      predictions starting there (``components._common.without_unscored``), and its characters have no entity
      annotation (missing, not outside), so spaCy's NER scorer neither rewards nor penalises an entity there.

    vocab (Vocab): The pipeline's vocab (``nlp.vocab``).
    text (str): The article text the gold offsets index.
    gold (dict): The gold annotation (seed or dev layout, docs/annotation.md), or ``Article.to_dict()``.
    name (str): Name used in error messages. Defaults to "<gold>".
    ignore_title (bool): Mark the unannotated title line as not scored. Defaults to True (as ``zhnews-ie
        evaluate``).
    RETURNS (Doc): The reference document; ``doc.text == text``.
    RAISES (ZhNewsError): E008 when a record lacks a required key, its offsets do not give its text, or entities
        overlap.
    """
    register_extensions()
    doc = Doc(vocab, words=list(text), spaces=[False] * len(text))

    def span(rec: dict[str, Any], label_key: str | None, label: str = "", need: tuple[str, ...] = ()) -> Span:
        keys = (*need, label_key) if label_key else need
        missing = [k for k in keys if not isinstance(rec, dict) or k not in rec] or ([] if isinstance(rec, dict)
                                                                                     else ["start", "end"])
        if missing:
            raise ZhNewsError("E008", f"{name}: {rec!r} lacks {', '.join(missing)} (docs/annotation.md)")
        label = rec[label_key] if label_key else label
        start, end = rec.get("start"), rec.get("end")
        if not isinstance(start, int) or not isinstance(end, int) or not 0 <= start < end <= len(text):
            raise ZhNewsError("E008", f"{name}: bad offsets {start}:{end} in {rec!r} (docs/annotation.md)")
        if "text" in rec and text[start:end] != rec["text"]:
            raise ZhNewsError("E008", f"{name}: offsets {start}:{end} do not give {rec['text']!r}")
        return Span(doc, start, end, label=label)

    title = title_line(text, gold.get("paragraphs", [])) if ignore_title else None
    title_spans = [Span(doc, title[0], title[1], label="title")] if title is not None else []
    if title_spans:
        doc.spans[UNSCORED_KEY] = title_spans
    if "entities" in gold:
        ents = [span(e, "label") for e in gold["entities"]]
        try:
            doc.set_ents(ents, missing=[s for s in title_spans if not any(e.start < s.end and s.start < e.end
                                                                          for e in ents)], default="outside")
        except ValueError as err:
            raise ZhNewsError("E008", f"{name}: overlapping entities ({err})") from None
    para_spans = [span(p, None, need=("category",)) for p in gold.get("paragraphs", [])]
    paragraphs = sorted(gold.get("paragraphs", []), key=lambda p: p["start"])
    para_starts = [p["start"] for p in paragraphs]

    def para_of(offset: int) -> dict[str, Any] | None:
        i = bisect.bisect_right(para_starts, offset) - 1
        return paragraphs[i] if i >= 0 and offset < paragraphs[i]["end"] else None

    if "amounts" in gold:
        amount_keys = ("value", "unit")
        required = [a for a in gold["amounts"] if not (isinstance(a, dict) and a.get("optional"))]
        optional = [a for a in gold["amounts"] if isinstance(a, dict) and a.get("optional")]
        doc.spans["amounts"] = [span(a, "kind", need=amount_keys) for a in required]
        doc.spans["amounts_optional"] = [span(a, "kind") for a in optional]
        doc._.zhnews_amounts = {
            span_key(a["start"], a["end"]): {"kind": a["kind"], "unit": a["unit"],
                                             "value": None if a["value"] is None else str(a["value"])}
            for a in required}
        links = {}
        for a in required:
            para = para_of(a["start"]) or {}
            category = a.get("category") or para.get("category")
            if category is not None:
                alternatives = [c for c in (para.get("category"), *para.get("alternatives", [])) if c != category]
                links[span_key(a["start"], a["end"])] = {"category": category, "alternatives": alternatives}
        doc._.zhnews_links = links
    dates = [d for d in gold.get("dates", []) if isinstance(d, dict) and "start" in d]
    if dates:
        doc.spans["dates"] = [span(d, None, "DATE") for d in dates]
    if paragraphs:
        doc.spans["paragraphs"] = para_spans
        doc._.zhnews_paragraphs = [{"index": i, "start": p["start"], "end": p["end"], "category": p["category"],
                                    "alternatives": list(p.get("alternatives", []))}
                                   for i, p in enumerate(paragraphs)]
    if gold.get("metadata") is not None:
        doc._.zhnews_metadata = dict(gold["metadata"])
    return doc


def _gold_items(gold: GoldSource | Iterable[GoldSource]) -> list[tuple[str, str, dict[str, Any]]]:
    """``(name, text, gold)`` triples from paths, GoldDocuments, processed Docs and ``(text, dict)`` pairs."""
    items = [gold] if isinstance(gold, (str, Path, GoldDocument, Doc)) else list(gold)
    out = []
    for item in items:
        if isinstance(item, (str, Path)):
            out.extend((d.doc_id, d.text, d.gold) for d in load_gold_pairs(item))
        elif isinstance(item, GoldDocument):
            out.append((item.doc_id, item.text, item.gold))
        elif isinstance(item, Doc):
            out.append(("<doc>", item.text, article_from_doc(item).to_dict()))
        elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], dict):
            out.append((str(item[1].get("doc_id", "<gold>")), item[0], item[1]))
        else:
            raise ZhNewsError("E008", f"cannot use {type(item).__name__} as gold: give a *.gold.json path, a "
                                      "directory of them, a GoldDocument, a processed Doc or a (text, dict) pair")
    return out


def examples_from_gold(nlp: Language, gold: GoldSource | Iterable[GoldSource],
                       ignore_title: bool = True) -> list[Example]:
    """Turn gold annotation into spaCy ``Example``s for ``nlp.evaluate``.

    Each example's predicted doc is ``nlp.make_doc(text)`` (``nlp.evaluate`` runs the pipeline on it); its
    reference is ``reference_doc(nlp.vocab, text, gold)``: one token per character, so the reference holds every
    gold span exactly and aligns with whatever tokens the components cut (the entity and amount steps split
    pkuseg tokens, e.g. 该县 → 该|县, which is why a reference made with ``nlp.make_doc`` or
    ``Example.from_dict`` loses spans and warns W030). ``nlp.evaluate(examples)`` then reports each component
    scorer: ``amounts_p/r/f`` (span and kind), ``amounts_value_p/r/f`` (span, kind, unit and value),
    ``dates_p/r/f``, ``paragraphs_p/r/f`` (boundaries), ``metadata_acc``, ``ents_p/r/f`` and ``ents_per_type``,
    ``paragraph_cat_acc`` and ``amount_category_p/r/f``. There is no ``tag_acc``: the pipeline has no tagger.

        examples = examples_from_gold(nlp, "corpus/000_c51bca92e9469e1b.gold.json")
        scores = nlp.evaluate(examples)

    nlp (Language): The pipeline (``zhnews_ie.load()``); its tokenizer makes the predicted docs.
    gold (str | Path | GoldDocument | Doc | tuple | Iterable): A ``*.gold.json`` file (its text beside it), a
        directory of them, a ``GoldDocument``, a processed ``Doc`` (its annotation becomes the gold), a
        ``(text, gold_dict)`` pair (``gold_dict`` in the seed layout or ``Article.to_dict()``), or an iterable
        of these.
    ignore_title (bool): Leave the unannotated title line (a first line no gold paragraph covers) unscored, as
        ``zhnews-ie evaluate`` does: what the pipeline finds there, and its title paragraph, count neither way
        (``reference_doc``). False scores it like any other text. Defaults to True.
    RETURNS (list[Example]): One example per article, in the order given (directories sorted by name).
    RAISES (ZhNewsError): E008 when a gold file is missing or malformed or its offsets do not fit its text.
    """
    return [Example(nlp.make_doc(text), reference_doc(nlp.vocab, text, g, name=name, ignore_title=ignore_title))
            for name, text, g in _gold_items(gold)]
