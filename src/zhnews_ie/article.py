"""Turn a processed ``Doc`` into the typed records of the output contract (``records.Article``)."""

from __future__ import annotations

import bisect
from typing import Any

from spacy.tokens import Doc

from .components._common import register_extensions, span_key
from .graph.build import build_graph
from .records import Amount, Article, DateMention, Entity, Metadata, Paragraph, plain_number

register_extensions()


def article_from_doc(doc: Doc, doc_id: str = "doc", warnings: list[str] | None = None) -> Article:
    """Collect the extraction of one processed document.

    doc (Doc): A document processed by ``zhnews_ie.load()``.
    doc_id (str): The document id used in the output and in graph node ids. Defaults to "doc".
    warnings (list[str] | None): Warnings to carry in the record. Defaults to None.
    RETURNS (Article): The records; every span satisfies ``doc.text[start:end] == text``.
    """
    # ids come from file names and JSONL: a non-UTF-8 file name decodes to lone surrogates, which JSON output
    # cannot encode; keep them visible as escapes instead
    doc_id = str(doc_id).encode("utf-8", "backslashreplace").decode("utf-8")
    md = dict(doc._.zhnews_metadata or {})
    metadata = Metadata(title=md.get("title"), published=md.get("published"), source=md.get("source"),
                        editors=list(md.get("editors") or []), authors=list(md.get("authors") or []),
                        reviewers=list(md.get("reviewers") or []))
    para_recs = doc._.zhnews_paragraphs
    if para_recs is None:
        para_recs = [{"index": i, "start": s.start_char, "end": s.end_char, "role": s.label_ or "body",
                      "category": "other", "category_label": "", "scores": {}, "cues": []}
                     for i, s in enumerate(doc.spans.get("paragraphs", []))]
    paragraphs = [Paragraph(index=p["index"], start=p["start"], end=p["end"], category=p["category"],
                            category_label=p["category_label"], scores=dict(p["scores"]), cues=list(p["cues"]),
                            role=p.get("role", "body")) for p in para_recs]
    starts = [p.start for p in paragraphs]

    def para_index(offset: int) -> int | None:
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and paragraphs[i].start <= offset < paragraphs[i].end:
            return i
        return None

    entities = [Entity(text=e.text, label=e.label_, start=e.start_char, end=e.end_char,
                       paragraph=para_index(e.start_char)) for e in doc.ents]
    values: dict[str, Any] = doc._.zhnews_amounts or {}
    links: dict[str, Any] = doc._.zhnews_links or {}
    amounts = []
    for span in doc.spans.get("amounts", []):
        key = span_key(span.start_char, span.end_char)
        v = values.get(key, {})
        link = links.get(key, {})
        pi = para_index(span.start_char)
        category = link.get("category") or (paragraphs[pi].category if pi is not None else None)
        amounts.append(Amount(
            text=span.text, start=span.start_char, end=span.end_char, paragraph=pi,
            kind=v.get("kind", span.label_), value=plain_number(v.get("value")), unit=v.get("unit"),
            base_value=plain_number(v.get("base_value")), base_unit=v.get("base_unit"), approx=v.get("approx"),
            high=plain_number(v.get("high")), qualifier=v.get("qualifier"), classifier=v.get("classifier"),
            category=category, agent=link.get("agent"), object=link.get("object")))
    date_values: dict[str, Any] = doc._.zhnews_dates or {}
    dates = [DateMention(text=s.text, start=s.start_char, end=s.end_char,
                         value=date_values.get(span_key(s.start_char, s.end_char), {}).get("value"))
             for s in doc.spans.get("dates", [])]
    article = Article(doc_id=doc_id, metadata=metadata, paragraphs=paragraphs, entities=entities,
                      amounts=amounts, dates=dates, graph=None, warnings=list(warnings or []))  # type: ignore[arg-type]
    taxonomy = next((p["taxonomy"] for p in para_recs if p.get("taxonomy")), "five_tasks")  # the taxonomy's "name"
    article.graph = build_graph(article, roles=doc._.zhnews_roles, taxonomy=taxonomy)
    return article
