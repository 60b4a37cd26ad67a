"""PolicyCategory graph nodes carry the name of the taxonomy that made them: the packaged one, a --taxonomy file,
and a saved pipeline with a custom taxonomy. Synthetic sentences only."""

from __future__ import annotations

import json

import pytest
import spacy
from typer.testing import CliRunner

import zhnews_ie
from zhnews_ie.cli import app

TEXT = "某县协调项目资金4879.5万元，用于道路建设。\n村里组织培训120人次。"
TAX = {"name": "my_tax", "default": "misc", "roles": {"title": "misc"},
       "categories": [{"id": "money", "label": "资金", "cues": {"资金": 2}},
                      {"id": "misc", "label": "其他", "cues": {}}]}


@pytest.fixture()
def tax_path(tmp_path):
    path = tmp_path / "tax.json"
    path.write_text(json.dumps(TAX, ensure_ascii=False), "utf-8")
    return path


def category_taxonomies(graph: dict) -> dict[str, str]:
    return {n["id"]: n["taxonomy"] for n in graph["nodes"] if n["type"] == "PolicyCategory"}


def test_packaged_taxonomy_name(nlp):
    taxonomies = category_taxonomies(zhnews_ie.extract(TEXT, nlp=nlp).to_dict()["graph"])
    assert taxonomies and set(taxonomies.values()) == {"five_tasks"}


def test_taxonomy_file_name_on_the_command_line(tmp_path, tax_path):
    article = tmp_path / "a.txt"
    article.write_text(TEXT, "utf-8")
    res = CliRunner().invoke(app, ["extract", str(article), "--taxonomy", str(tax_path)])
    assert res.exit_code == 0, res.output
    taxonomies = category_taxonomies(json.loads(res.stdout)["graph"])
    assert taxonomies.get("category:money") == "my_tax" and set(taxonomies.values()) == {"my_tax"}


def test_saved_pipeline_keeps_the_taxonomy_name(tmp_path, tax_path):
    nlp = zhnews_ie.build(taxonomy=str(tax_path), ner="none")
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    taxonomies = category_taxonomies(zhnews_ie.extract(TEXT, nlp=loaded).to_dict()["graph"])
    assert set(taxonomies.values()) == {"my_tax"}
