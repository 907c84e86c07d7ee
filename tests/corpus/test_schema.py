"""The shipped JSON Schemas match the models, and the shipped library validates against them."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import yaml

from corpus.library import library_folder
from corpus.schema import rendered, shipped


def test_shipped_schemas_are_current() -> None:
    for name, text in rendered().items():
        assert shipped(name) == text, f"run `python -m corpus.schema.write` to refresh {name}"


def test_the_shipped_library_validates_against_the_schemas() -> None:
    article = json.loads(shipped("article.schema.json"))
    sources = json.loads(shipped("sources.schema.json"))
    folder = Path(str(library_folder()))
    for path in folder.glob("*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        jsonschema.validate(doc, sources if path.name == "sources.yaml" else article)


def test_the_schema_rejects_an_unknown_verdict() -> None:
    article = json.loads(shipped("article.schema.json"))
    doc = {"id": "x", "title": "T", "body": "B",
           "annotations": [{"id": "a", "quote": "B", "category": "claim", "verdict": "sort-of"}]}
    try:
        jsonschema.validate(doc, article)
    except jsonschema.ValidationError as exc:
        assert "sort-of" in str(exc)
    else:
        raise AssertionError("an unknown verdict must not validate")
