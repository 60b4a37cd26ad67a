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

    python bench/categories_loao.py [--dev ../shared/corpus/dev] [--textcat]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from zhnews_ie.components.categories import CueClassifier, LinearClassifier, load_taxonomy
from zhnews_ie.pipeline import default_seed_path
from zhnews_ie.training.categories import accuracy, fit, paragraph_examples


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


if __name__ == "__main__":
    main()
