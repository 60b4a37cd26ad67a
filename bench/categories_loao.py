"""Paragraph categories by leave-one-article-out on the dev articles: the cue lists against learned weights.

Columns: ``cue lists`` (the taxonomy's hand weights, no article theme), ``+ theme`` (the same with the article's
theme deciding paragraphs without enough evidence of their own: the packaged taxonomy), ``learned linear``
(``zhnews_ie.training.categories.fit``: the cue lists' decision, cue words, character bigrams and the theme as
features, weights learned; the shipped model), ``learned, no base`` (the same without the cue lists' decision as
a feature), ``spaCy textcat`` (``--textcat``: a bag-of-character-n-grams ``textcat``).

For each dev article, the learned models are trained on the seed and the 15 other dev articles and score the
held-out article; the cue lists (taxonomy data, nothing learned) score every article as they are. The seed row
is scored by models trained on the 16 dev articles only. All paragraphs with gold count (the structural roles
decide metadata, captions and notices the same way for every column).

    python bench/categories_loao.py [--dev ../shared/corpus/dev] [--textcat] [--no-write]

Unless ``--no-write``, the figures go to ``bench/results/categories_loao.json``: the shipped model's (``learned
linear``) leave-one-article-out accuracy fills the ``dev_loao`` cell of the paragraph-category row of the README's
score table, and every column gets a row in the result's own table. Paragraphs here are the gold paragraphs (their
structural role from the structure analyser), so a paragraph the pipeline would cut differently is not counted
wrong, as it is in the plain ``zhnews-ie evaluate`` column.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from zhnews_ie.components.categories import CueClassifier, LinearClassifier, load_taxonomy
from zhnews_ie.pipeline import default_seed_path
from zhnews_ie.training.categories import accuracy, fit, paragraph_examples

sys.path.insert(0, str(Path(__file__).resolve().parent))
from resultfile import write_result  # noqa: E402


NO_BASE = {"base_prior": 0.0}  # the same features without the cue lists' decision: weights alone


def predict(clf, records):
    return [clf.classify(r["text"], role=r["role"], is_lead=r["is_lead"], context=r["context"]).category
            for r in records]


def textcat_predict(train, test, taxonomy, seed=0):
    """A spaCy ``textcat`` (bag of character n-grams) trained on the body paragraphs of ``train``."""
    import random

    import spacy
    from spacy.training import Example

    ids = [c["id"] for c in taxonomy["categories"]]
    nlp = spacy.blank("zh")  # character tokens
    tc = nlp.add_pipe("textcat", config={"model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
                                                   "ngram_size": 2, "no_output_layer": False}})
    for cid in ids:
        tc.add_label(cid)
    rows = [r for r in train if r["role"] == "body" and r["category"] in ids]
    examples = [Example.from_dict(nlp.make_doc(r["text"]), {"cats": {c: float(c == r["category"]) for c in ids}})
                for r in rows]
    random.seed(seed)
    spacy.util.fix_random_seed(seed)
    opt = nlp.initialize(lambda: examples)
    for _ in range(20):
        random.shuffle(examples)
        for batch in spacy.util.minibatch(examples, size=8):
            nlp.update(batch, sgd=opt)
    roles = taxonomy.get("roles", {})
    out = []
    for r in test:
        if r["role"] in roles:
            out.append(roles[r["role"]])
        else:
            cats = nlp(r["text"]).cats
            out.append(max(cats, key=cats.get))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", default="../shared/corpus/dev")
    ap.add_argument("--textcat", action="store_true", help="also train spaCy textcat per fold (slower)")
    ap.add_argument("--no-write", action="store_true",
                    help="Only print; do not write bench/results/categories_loao.json.")
    args = ap.parse_args()
    taxonomy = load_taxonomy()
    seed_path = default_seed_path()
    seed = paragraph_examples([seed_path.with_name(seed_path.name.replace(".txt", ".gold.json"))])
    dev = paragraph_examples([Path(args.dev)])
    doc_ids = sorted({r["doc_id"] for r in dev})
    cues = CueClassifier(taxonomy)
    cues_before = CueClassifier({**taxonomy, "theme_min_share": 1.01})  # the cue lists before the article theme
    cols = ["cue lists", "+ theme", "learned, no base", "learned linear"] + (["spaCy textcat"] if args.textcat else [])
    right = {c: 0 for c in cols}
    total = 0
    t0 = time.perf_counter()
    lines = []
    for d in doc_ids:
        test = [r for r in dev if r["doc_id"] == d]
        train = seed + [r for r in dev if r["doc_id"] != d]
        preds = {"cue lists": predict(cues_before, test), "+ theme": predict(cues, test),
                 "learned, no base": predict(LinearClassifier(taxonomy, fit(train, taxonomy, NO_BASE)), test),
                 "learned linear": predict(LinearClassifier(taxonomy, fit(train, taxonomy)), test)}
        if args.textcat:
            preds["spaCy textcat"] = textcat_predict(train, test, taxonomy)
        total += len(test)
        row = []
        for c in cols:
            n = round(accuracy(test, preds[c]) * len(test))
            right[c] += n
            row.append(f"{n:>3}/{len(test):<3}")
        lines.append(f"| {d:<14} | " + " | ".join(f"{x:>14}" for x in row) + " |")
    seed_preds = {"cue lists": predict(cues_before, seed), "+ theme": predict(cues, seed),
                  "learned, no base": predict(LinearClassifier(taxonomy, fit(dev, taxonomy, NO_BASE)), seed),
                  "learned linear": predict(LinearClassifier(taxonomy, fit(dev, taxonomy)), seed)}
    if args.textcat:
        seed_preds["spaCy textcat"] = textcat_predict(dev, seed, taxonomy)
    print(f"| {'article':<14} | " + " | ".join(f"{c:>14}" for c in cols) + " |")
    print("|" + "---|" * (len(cols) + 1))
    print("\n".join(lines))
    print(f"| {'dev LOAO':<14} | " + " | ".join(f"{right[c] / total:>8.3f} {right[c]:>2}/{total}"[:14].rjust(14)
                                                  for c in cols) + " |")
    seed_row = [f"{round(accuracy(seed, seed_preds[c]) * len(seed))}/{len(seed)}" for c in cols]
    print(f"| {'seed (dev-trained)':<14} | " + " | ".join(f"{x:>14}" for x in seed_row) + " |")
    print(f"\n{len(doc_ids)} folds, {time.perf_counter() - t0:.1f} s")
    if args.no_write:
        return
    seed_right = {c: round(accuracy(seed, seed_preds[c]) * len(seed)) for c in cols}
    rows = [{"task": "paragraph categories", "measure": "accuracy, leave-one-article-out",
             "data": f"{len(doc_ids)} dev articles, {total} gold paragraphs; each fold fitted on the seed and the "
                     f"{len(doc_ids) - 1} other articles",
             "values": {c: right[c] / total for c in cols}},
            {"task": "paragraph categories",
             "measure": f"accuracy, fitted on the {len(doc_ids)} dev articles, scored on the seed",
             "data": f"the seed article (not in the fit), {len(seed)} gold paragraphs",
             "values": {c: seed_right[c] / len(seed) for c in cols}}]
    command = "python bench/categories_loao.py" + (" --textcat" if args.textcat else "")
    out = write_result(
        "categories_loao", title="Paragraph categories: cue lists, learned weights and spaCy textcat", command=command,
        systems=cols, rows=rows,
        main={"paragraph_category": {"dev_loao": {"acc": right["learned linear"] / total,
                                                   "right": right["learned linear"], "total": total}}},
        notes=("Leave-one-article-out: each model fitted on the seed and 15 dev articles, scored on the 16th, "
               "on the gold paragraphs (the plain column scores the pipeline's own paragraphs, with weights "
               "fitted on every dev article); the main table's cell is `learned linear`, the shipped model. The "
               "cue lists were written while reading the dev articles, so their columns are not unseen text. "
               "`+ theme`: the packaged taxonomy without weights; `learned, no base`: without the cue lists' "
               "decision as a feature."))
    print(f"categories_loao: wrote {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
